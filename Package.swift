// swift-tools-version:6.0
import PackageDescription

let optimised: [SwiftSetting] = [.unsafeFlags(["-O"], .when(configuration: .debug))]

let package = Package(
    name: "quiddler",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "quiddler", targets: ["quiddler"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // Pure modules at the bottom. QuiddlerPlatform is the one place that imports the C library.
        .target(name: "QuiddlerPlatform", swiftSettings: [.swiftLanguageMode(.v5)]),
        .target(name: "QuiddlerRandom", dependencies: ["QuiddlerPlatform"]),
        .target(name: "QuiddlerGame", dependencies: ["QuiddlerRandom"]),
        // The numeric modules are optimised in debug builds too, so the tests (and the app they
        // drive) run at a usable speed; `.ci/run` also runs the vision tests once unoptimised
        // and under AddressSanitizer (QUIDDLER_UNOPTIMISED=1), where bounds checks stay in.
        .target(name: "QuiddlerNN", dependencies: ["QuiddlerRandom", "QuiddlerPlatform", "COpenBLAS"], swiftSettings: optimised),
        // Pixels: RGB and grey images, resampling, rotated crops, drawing.
        .target(name: "QuiddlerImage", dependencies: ["QuiddlerPlatform"], swiftSettings: optimised),
        // The card reader: detector and classifier at inference, the image pyramid, the consensus tracker.
        .target(name: "QuiddlerReader", dependencies: ["QuiddlerImage", "QuiddlerGame", "QuiddlerNN", "QuiddlerPlatform"], swiftSettings: optimised),
        // Synthetic scenes from card scans, with their labels: the training data.
        .target(name: "QuiddlerSynthesis", dependencies: ["QuiddlerImage", "QuiddlerReader", "QuiddlerGame", "QuiddlerRandom", "QuiddlerPlatform"], swiftSettings: optimised),
        // Training (steps, loop, checkpoints, log, model metadata) and evaluation.
        .target(name: "QuiddlerTraining", dependencies: ["QuiddlerSynthesis", "QuiddlerReader", "QuiddlerImage", "QuiddlerNN", "QuiddlerGame", "QuiddlerRandom", "QuiddlerPlatform"], swiftSettings: optimised),

        .target(name: "QuiddlerTUI", dependencies: ["QuiddlerGame", "QuiddlerImage", "QuiddlerReader", "QuiddlerRandom"]),

        // Word definitions (WordNet, GCIDE) from their documented file formats; pure but for zlib.
        .target(name: "QuiddlerLexicon", dependencies: ["CZlib"]),

        // The only code that owns file descriptors: cameras, image files.
        .target(name: "QuiddlerCapture", dependencies: ["QuiddlerImage", "QuiddlerRandom", "QuiddlerPlatform", "CTurboJPEG", "CPNG", "CV4L2"]),

        // C libraries, one system-library target each.
        .systemLibrary(name: "COpenBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CPNG", pkgConfig: "libpng", providers: [.apt(["libpng-dev"])]),
        .systemLibrary(name: "CTurboJPEG", pkgConfig: "libturbojpeg", providers: [.apt(["libturbojpeg0-dev"])]),
        .systemLibrary(name: "CV4L2", pkgConfig: "libv4l2", providers: [.apt(["libv4l-dev"])]),
        .systemLibrary(name: "CNcurses", pkgConfig: "ncursesw", providers: [.apt(["libncursesw5-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),

        // The app on top: CLI subcommands, wiring.
        .target(
            name: "QuiddlerApp",
            dependencies: [
                "QuiddlerGame",
                "QuiddlerNN",
                "QuiddlerImage",
                "QuiddlerReader",
                "QuiddlerSynthesis",
                "QuiddlerTraining",
                "QuiddlerCapture",
                "QuiddlerPlatform",
                "QuiddlerTUI",
                "QuiddlerRandom",
                "QuiddlerLexicon",
                "CNcurses",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "quiddler", dependencies: ["QuiddlerApp"]),
        // The parsers as fuzz targets: a replay tool here, a libFuzzer binary under scripts/fuzz.sh.
        .executableTarget(name: "quiddler-fuzz", dependencies: ["QuiddlerApp", "QuiddlerPlatform", "CFuzzer"]),
        .systemLibrary(name: "CFuzzer"),

        // Tests.
        .target(name: "QuiddlerTestSupport", dependencies: ["QuiddlerGame", "QuiddlerImage", "QuiddlerReader", "QuiddlerSynthesis", "QuiddlerCapture", "QuiddlerRandom"], path: "Tests/QuiddlerTestSupport"),
        .testTarget(name: "QuiddlerGameTests", dependencies: ["QuiddlerGame", "QuiddlerTestSupport"]),
        .testTarget(name: "QuiddlerNNTests", dependencies: ["QuiddlerNN", "QuiddlerTestSupport"]),
        .testTarget(name: "QuiddlerVisionTests", dependencies: ["QuiddlerImage", "QuiddlerReader", "QuiddlerSynthesis", "QuiddlerTraining", "QuiddlerCapture", "QuiddlerTestSupport", "CZlib"]),
        .testTarget(name: "QuiddlerCaptureTests", dependencies: ["QuiddlerCapture", "QuiddlerImage", "QuiddlerTestSupport", "CZlib", "CV4L2"]),
        .testTarget(name: "QuiddlerLexiconTests", dependencies: ["QuiddlerLexicon", "CZlib"]),
        .testTarget(name: "QuiddlerTUITests", dependencies: ["QuiddlerTUI", "QuiddlerImage", "QuiddlerReader", "QuiddlerTestSupport"],
                    exclude: ["Snapshots"]),
        .testTarget(name: "QuiddlerAppTests", dependencies: ["QuiddlerApp", "QuiddlerCapture", "QuiddlerImage", "QuiddlerReader", "QuiddlerSynthesis", "QuiddlerTraining", "QuiddlerNN", "QuiddlerTestSupport"]),
    ]
)
