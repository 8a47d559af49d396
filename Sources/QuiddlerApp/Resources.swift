import Foundation

/// Finds the files quiddler ships beside its binary: `Dictionary/words.txt` and `Assets/`.
enum Resources {
    /// The first existing `relative` path under `$QUIDDLER_HOME`, the binary's folder or one of
    /// its ancestors (a checkout's `.build/release/quiddler` finds the checkout), or the current folder.
    static func locate(_ relative: String) throws(AppError) -> String {
        for root in roots() {
            let path = (root as NSString).appendingPathComponent(relative)
            if FileManager.default.fileExists(atPath: path) { return path }
        }
        throw .resourceMissing(name: relative)
    }

    private static func roots() -> [String] {
        var roots: [String] = []
        if let home = ProcessInfo.processInfo.environment["QUIDDLER_HOME"], !home.isEmpty { roots.append(home) }
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var dir = ((exe as NSString).resolvingSymlinksInPath as NSString).deletingLastPathComponent
        while dir.count > 1 {
            roots.append(dir)
            roots.append((dir as NSString).appendingPathComponent("share/quiddler"))
            dir = (dir as NSString).deletingLastPathComponent
        }
        roots.append(FileManager.default.currentDirectoryPath)
        return roots
    }

    /// Reads a whole file.
    /// - Parameter what: how to name the file in an error (`word list`, `image`).
    static func read(_ path: String, what: String) throws(AppError) -> [UInt8] {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            throw .fileNotFound(path: path, what: what)
        }
        guard !isDir.boolValue else { throw .unreadable(path: path, reason: "it is a folder, not a file") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadable(path: path, reason: "permission denied or I/O error")
        }
        return [UInt8](data)
    }
}
