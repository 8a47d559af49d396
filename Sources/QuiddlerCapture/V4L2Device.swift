import CV4L2
import QuiddlerPlatform

/// The calls `V4L2Camera` makes to the kernel through libv4l2, behind a protocol so the whole
/// streaming path (configure, map, queue, dequeue, decode) can be tested against a fake device.
public protocol V4L2Device: AnyObject {
    /// Opens a capture device; -1 with `lastError` set on failure.
    func open(_ path: String) -> Int32
    /// One ioctl; -1 with `lastError` set on failure.
    func ioctl(_ fd: Int32, _ request: UInt, _ arg: UnsafeMutableRawPointer) -> Int32
    /// Maps a driver buffer; nil on failure.
    func mmap(fd: Int32, length: Int, offset: Int) -> UnsafeMutableRawPointer?
    func munmap(_ start: UnsafeMutableRawPointer, length: Int)
    /// Waits up to `milliseconds` for a frame: > 0 ready, 0 timeout, -1 error; and the events seen.
    func poll(fd: Int32, milliseconds: Int32) -> (result: Int32, events: Int16)
    func close(_ fd: Int32)
    /// errno of the last failed call.
    var lastError: Int32 { get }
}

/// The real device: libv4l2 (which converts formats the camera lacks).
public final class LibV4L2: V4L2Device {
    public init() {}
    public func open(_ path: String) -> Int32 { qd_v4l2_open(path) }
    public func ioctl(_ fd: Int32, _ request: UInt, _ arg: UnsafeMutableRawPointer) -> Int32 { qd_v4l2_ioctl(fd, request, arg) }
    public func mmap(fd: Int32, length: Int, offset: Int) -> UnsafeMutableRawPointer? {
        let p = v4l2_mmap(nil, length, PROT_READ | PROT_WRITE, MAP_SHARED, fd, Int64(offset))
        return p == MAP_FAILED ? nil : p
    }
    public func munmap(_ start: UnsafeMutableRawPointer, length: Int) { _ = v4l2_munmap(start, length) }
    public func poll(fd: Int32, milliseconds: Int32) -> (result: Int32, events: Int16) {
        var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let r = QuiddlerPlatform.poll(&pfd, 1, milliseconds)
        return (r, pfd.revents)
    }
    public func close(_ fd: Int32) { _ = v4l2_close(fd) }
    public var lastError: Int32 { qd_errno() }
}
