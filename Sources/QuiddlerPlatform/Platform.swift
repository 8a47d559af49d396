// The C library, in one place: every module that needs libc or libm (sqrt, exp, read, signal…)
// imports QuiddlerPlatform instead of repeating `#if canImport(Glibc)`.
#if canImport(Glibc)
@_exported import Glibc
#elseif canImport(Musl)
@_exported import Musl
#elseif canImport(Darwin)
@_exported import Darwin
#endif

/// Flushes standard output and says whether everything written to it so far got out (false on a
/// full disk or a closed pipe). `stdout` is a C global that Swift 6 cannot prove safe, so it is
/// touched here only, in a module built in Swift 5 mode for that reason.
public func flushStandardOutput() -> Bool {
    fflush(stdout) == 0 && ferror(stdout) == 0
}

/// printf-style formatting of numbers without Foundation (`cFormat("%.3f", x)`), for the pure
/// modules; the result is cut at 255 bytes.
public func cFormat(_ format: String, _ arguments: CVarArg...) -> String {
    var buffer = [CChar](repeating: 0, count: 256)
    _ = withVaList(arguments) { vsnprintf(&buffer, buffer.count, format, $0) }
    return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
