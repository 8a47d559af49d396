import Foundation
import QuiddlerPlatform

/// A terminal description with direct colour, for a terminal that shows 24-bit colour
/// (`COLORTERM=truecolor`) but whose `TERM` (xterm-256color, tmux-256color, …) does not say so.
///
/// ncurses draws direct colour only from a description with the RGB flag and 2^24 colours, as
/// ncurses' own `xterm-direct` has (in the optional ncurses-term package). So the description of
/// `TERM` is copied with those added, as `xterm+direct` adds them, and compiled with `tic` into
/// the user's cache; everything else about the terminal stays as its own description says.
enum DirectColorTerminfo {
    /// The compiled entry's folder: `$XDG_CACHE_HOME/quiddler/terminfo`, by default
    /// `~/.cache/quiddler/terminfo`.
    static var folder: String {
        let env = ProcessInfo.processInfo.environment
        let cache = env["XDG_CACHE_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil } ?? (env["HOME"] ?? NSHomeDirectory()) + "/.cache"
        return cache + "/quiddler/terminfo"
    }

    /// The source of the entry for `base`: direct-colour capabilities first (they win over the
    /// base's), then the base description.
    static func source(name: String, base: String) -> String {
        let rgb = "%p1%{65536}%/%d;%p1%{256}%/%{255}%&%d;%p1%{255}%&%d"
        return """
        \(name)|\(base) with direct colour (made by quiddler),
        \tRGB, colors#0x1000000, pairs#0x10000, CO#8,
        \tccc@, initc@, initp@, oc@, op=\\E[39;49m,
        \tsetab=\\E[%?%p1%{8}%<%t4%p1%d%e48;2;\(rgb)%;m,
        \tsetaf=\\E[%?%p1%{8}%<%t3%p1%d%e38;2;\(rgb)%;m,
        \tsetb@, setf@,
        \tuse=\(base),

        """
    }

    /// Compiles (once) the direct-colour entry for `base` and points ncurses at it.
    /// - Returns: the entry's name, or nil when it cannot be made (no `tic`, no such `base`,
    ///   an unwritable cache): the app then uses the terminal's own description.
    static func prepare(base: String) -> String? {
        guard !base.isEmpty, base.allSatisfy({ $0.isLetter || $0.isNumber || "-.+_".contains($0) }) else { return nil }
        let name = "quiddler-direct-" + base.map { $0.isLetter || $0.isNumber ? String($0) : "-" }.joined()
        let dir = folder
        let compiled = dir + "/" + String(name.prefix(1)) + "/" + name
        if !FileManager.default.fileExists(atPath: compiled) {
            guard (try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)) != nil else { return nil }
            let src = dir + "/\(name).src"
            guard FileManager.default.createFile(atPath: src, contents: Data(source(name: name, base: base).utf8)) else { return nil }
            let tic = Process()
            tic.executableURL = URL(fileURLWithPath: "/usr/bin/tic")
            tic.arguments = ["-x", "-o", dir, src]
            tic.standardOutput = FileHandle.nullDevice
            tic.standardError = FileHandle.nullDevice
            guard (try? tic.run()) != nil else { return nil }
            tic.waitUntilExit()
            guard tic.terminationStatus == 0, FileManager.default.fileExists(atPath: compiled) else { return nil }
        }
        setenv("TERMINFO", dir, 1)
        return name
    }
}
