import Foundation
import QuiddlerPlatform

/// Files written so that a crash or a kill at any moment leaves the old file or the new one,
/// never half of one: the bytes go to a temporary file in the same folder, are flushed to disk,
/// and the temporary file is renamed over the old one.
enum AtomicFile {
    /// The user's data folder for quiddler: `$XDG_DATA_HOME/quiddler`, by default
    /// `~/.local/share/quiddler` (a relative `XDG_DATA_HOME` is ignored, as the spec says).
    static var dataFolder: String {
        let env = ProcessInfo.processInfo.environment
        let data = env["XDG_DATA_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil } ?? (env["HOME"] ?? NSHomeDirectory()) + "/.local/share"
        return data + "/quiddler"
    }

    /// Writes `data` to `target` atomically.
    /// - Throws: `AppError.cannotWrite` naming the file and why.
    static func write(_ data: Data, to target: String) throws(AppError) {
        let folder = (target as NSString).deletingLastPathComponent
        let temporary = folder + "/." + (target as NSString).lastPathComponent + ".\(getpid()).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw .cannotWrite(path: temporary, reason: String(cString: strerror(errno))) }
        let ok = data.withUnsafeBytes { raw -> Bool in
            guard let base = raw.baseAddress else { return true }
            var done = 0
            while done < raw.count {
                let n = Foundation.write(fd, base + done, raw.count - done)
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { return false }
                done += n
            }
            return true
        }
        let synced = fsync(fd) == 0
        close(fd)
        guard ok, synced, rename(temporary, target) == 0 else {
            let why = String(cString: strerror(errno))
            unlink(temporary)
            throw .cannotWrite(path: target, reason: why)
        }
    }
}
