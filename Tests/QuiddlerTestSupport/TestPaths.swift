import Foundation

/// Paths inside the checkout, found from this source file's location.
public enum TestPaths {
    /// The checkout's root folder.
    public static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// The bundled word list.
    public static var dictionary: String { root + "/Dictionary/words.txt" }

    /// The built `quiddler` binary next to the test bundle.
    public static var binary: String {
        let candidates = [".build/debug/quiddler", ".build/release/quiddler"].map { root + "/" + $0 }
        let testBundle = Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("quiddler").path
        return ([testBundle] + candidates).first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[0]
    }
}
