// swift-tools-version:6.0
import PackageDescription

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
        .target(name: "QuiddlerNN", dependencies: ["QuiddlerRandom", "COpenBLAS"]),

        // C libraries, one system-library target each.
        .systemLibrary(name: "COpenBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),

        // The app on top: CLI subcommands, wiring.
        .target(
            name: "QuiddlerApp",
            dependencies: [
                "QuiddlerGame",
                "QuiddlerNN",
                "QuiddlerRandom",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "quiddler", dependencies: ["QuiddlerApp"]),

        // Tests.
        .target(name: "QuiddlerTestSupport", dependencies: ["QuiddlerGame", "QuiddlerRandom"], path: "Tests/QuiddlerTestSupport"),
        .testTarget(name: "QuiddlerGameTests", dependencies: ["QuiddlerGame", "QuiddlerTestSupport"]),
        .testTarget(name: "QuiddlerNNTests", dependencies: ["QuiddlerNN", "QuiddlerTestSupport"]),
        .testTarget(name: "QuiddlerAppTests", dependencies: ["QuiddlerApp", "QuiddlerTestSupport"]),
    ]
)
