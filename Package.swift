// swift-tools-version:6.0
import PackageDescription

let optimised: [SwiftSetting] = [.unsafeFlags(["-O"], .when(configuration: .debug))]

let package = Package(
    name: "quiddler",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "quiddler", targets: ["quiddler"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // Pure modules at the bottom.
        .target(name: "QuiddlerRandom"),
        .target(name: "QuiddlerGame", dependencies: ["QuiddlerRandom"]),
        // The numeric modules are optimised in debug builds too, so the tests (and the app they
        // drive) run at a usable speed.
        .target(name: "QuiddlerNN", dependencies: ["QuiddlerRandom", "COpenBLAS"], swiftSettings: optimised),
        .target(name: "QuiddlerVision", dependencies: ["QuiddlerGame", "QuiddlerNN", "QuiddlerRandom", "CZlib"], swiftSettings: optimised),

        .target(name: "QuiddlerTUI", dependencies: ["QuiddlerGame", "QuiddlerVision", "QuiddlerRandom"]),

        // Word definitions (WordNet, GCIDE) from their documented file formats; pure but for zlib.
        .target(name: "QuiddlerLexicon", dependencies: ["CZlib"]),

        // The only code that owns file descriptors: cameras, image files.
        .target(name: "QuiddlerCapture", dependencies: ["QuiddlerVision", "CTurboJPEG", "CV4L2"]),

        // C libraries, one system-library target each.
        .systemLibrary(name: "COpenBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
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
                "QuiddlerVision",
                "QuiddlerCapture",
                "QuiddlerTUI",
                "QuiddlerRandom",
                "QuiddlerLexicon",
                "CNcurses",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // The app wires C libraries (ncurses globals) and serial queues that confine
            // non-thread-safe objects; Swift 5 mode lets it say so without annotations.
            swiftSettings: [.swiftLanguageMode(.v5)]
        ),
        .executableTarget(name: "quiddler", dependencies: ["QuiddlerApp"]),

        // Tests.
        .target(name: "QuiddlerTestSupport", dependencies: ["QuiddlerGame", "QuiddlerVision", "QuiddlerRandom"], path: "Tests/QuiddlerTestSupport"),
        .testTarget(name: "QuiddlerGameTests", dependencies: ["QuiddlerGame", "QuiddlerTestSupport"]),
        .testTarget(name: "QuiddlerNNTests", dependencies: ["QuiddlerNN", "QuiddlerTestSupport"]),
        .testTarget(name: "QuiddlerVisionTests", dependencies: ["QuiddlerVision", "QuiddlerTestSupport", "CZlib"]),
        .testTarget(name: "QuiddlerCaptureTests", dependencies: ["QuiddlerCapture", "QuiddlerVision", "QuiddlerTestSupport"]),
        .testTarget(name: "QuiddlerLexiconTests", dependencies: ["QuiddlerLexicon", "CZlib"]),
        .testTarget(name: "QuiddlerTUITests", dependencies: ["QuiddlerTUI", "QuiddlerTestSupport"]),
        .testTarget(name: "QuiddlerAppTests", dependencies: ["QuiddlerApp", "QuiddlerCapture", "QuiddlerVision", "QuiddlerNN", "QuiddlerTestSupport"]),
    ]
)
