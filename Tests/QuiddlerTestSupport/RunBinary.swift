import Foundation
import QuiddlerPlatform

/// The result of running the `quiddler` binary.
public struct RunResult {
    public let status: Int32
    public let stdout: String
    public let stderr: String
    /// The child's own peak resident memory, in bytes (from `wait4`: no other process's or test's).
    public var peakResident = 0
}

/// Runs a program with posix_spawn and wait4, output to files and no standard input.
/// (Foundation's Process can miss the child's exit when many tests spawn at once.)
public func spawn(_ path: String, _ arguments: [String], environment: [String: String] = [:]) throws -> RunResult {
    let dir = temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let outPath = dir + "/stdout", errPath = dir + "/stderr"
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    var env = ProcessInfo.processInfo.environment
    for (k, v) in environment { env[k] = v }
    let argv = ([path] + arguments).map { strdup($0) } + [nil]
    let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { for p in argv + envp { free(p) } }
    // The child starts with no blocked signals and default handlers, whatever the test runner's
    // threads had (a blocked SIGINT would outlive exec and make Ctrl-C do nothing).
    var attr = posix_spawnattr_t()
    posix_spawnattr_init(&attr)
    defer { posix_spawnattr_destroy(&attr) }
    var none = sigset_t(), all = sigset_t()
    sigemptyset(&none)
    sigfillset(&all)
    posix_spawnattr_setsigmask(&attr, &none)
    posix_spawnattr_setsigdefault(&attr, &all)
    posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
    var pid: pid_t = 0
    let rc = posix_spawnp(&pid, path, &actions, &attr, argv, envp)
    guard rc == 0 else { throw NSError(domain: "spawn", code: Int(rc)) }
    var status: Int32 = 0
    var usage = rusage()
    while wait4(pid, &status, 0, &usage) == -1 && errno == EINTR {}
    let code: Int32 = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    let out = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
    let err = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
    var result = RunResult(status: code, stdout: out, stderr: err)
    result.peakResident = usage.ru_maxrss * 1024
    return result
}

/// Runs the built `quiddler` binary with `arguments` and no standard input.
public func runQuiddler(_ arguments: [String], environment: [String: String] = [:]) throws -> RunResult {
    try spawn(TestPaths.binary, arguments, environment: environment)
}

/// The folder every temporary folder of this test process lies in, removed when the process
/// exits, so runs of the tests leave nothing behind in the system's temporary folder.
private let testRoot: String = {
    let root = NSTemporaryDirectory() + "quiddler-tests-" + UUID().uuidString
    try? FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    atexit { removeTestRoot() }
    return root
}()

private func removeTestRoot() { try? FileManager.default.removeItem(atPath: testRoot) }

/// A fresh temporary folder, removed with the rest when the test process exits.
public func temporaryFolder() -> String {
    let path = testRoot + "/" + UUID().uuidString
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// A JPEG with an EXIF APP1 segment holding an orientation tag (1–8) inserted after its SOI
/// marker, as phones write them.
public func exifTagged(_ jpeg: [UInt8], orientation o: UInt8) -> [UInt8] {
    let tiff: [UInt8] = [0x49, 0x49, 0x2A, 0x00, 0x08, 0, 0, 0, 0x01, 0x00,
                         0x12, 0x01, 0x03, 0x00, 0x01, 0, 0, 0, o, 0x00, 0, 0, 0, 0, 0, 0, 0]
    let body: [UInt8] = Array("Exif".utf8) + [0, 0] + tiff
    let length = body.count + 2
    return [0xFF, 0xD8, 0xFF, 0xE1, UInt8(length >> 8), UInt8(length & 255)] + body + jpeg.dropFirst(2)
}
