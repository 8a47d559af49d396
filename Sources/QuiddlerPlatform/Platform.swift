// The C library, in one place: every module that needs libc or libm (sqrt, exp, read, signal…)
// imports QuiddlerPlatform instead of repeating `#if canImport(Glibc)`.
#if canImport(Glibc)
@_exported import Glibc
#elseif canImport(Musl)
@_exported import Musl
#elseif canImport(Darwin)
@_exported import Darwin
#endif
