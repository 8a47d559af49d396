import CV4L2
import QuiddlerImage
import QuiddlerPlatform

/// A V4L2 webcam read through libv4l2, so libv4lconvert can turn any camera's format into RGB.
///
/// Lifecycle: `init` opens and checks the device, `configure` negotiates the format, `start`
/// maps the buffers and starts streaming, `read` polls for the next frame, `stop` ends
/// streaming and unmaps, `close` (or deinit) closes the device.
public final class V4L2Camera {
    /// The formats quiddler reads, best first.
    public enum Format: String, Sendable {
        case mjpeg = "MJPEG", yuyv = "YUYV", rgb24 = "RGB24 (converted by libv4l)"
    }

    public let path: String
    public private(set) var width = 0
    public private(set) var height = 0
    /// Bytes from one row to the next, and in a whole frame, as the driver lays them out.
    public private(set) var bytesPerLine = 0
    public private(set) var sizeImage = 0
    public private(set) var format = Format.rgb24
    /// Frames dropped because they could not be decoded (corrupt MJPEG).
    public private(set) var droppedFrames = 0
    public private(set) var sequence = 0

    private var fd: Int32 = -1
    private let device: V4L2Device
    private var buffers: [(start: UnsafeMutableRawPointer, length: Int)] = []
    private var streaming = false
    private let jpeg = JPEGCodec()

    /// Opens `path` and checks that it is a streaming capture device.
    /// - Parameter device: the calls to the kernel (libv4l2, or a fake in tests).
    /// - Throws: `CaptureError` naming the device: missing, permission, not a camera, busy.
    public init(path: String, device: V4L2Device = LibV4L2()) throws(CaptureError) {
        self.path = path
        self.device = device
        fd = device.open(path)
        if fd < 0 { throw Self.openError(path, errno: device.lastError) }
        var cap = v4l2_capability()
        guard ioctl(qd_VIDIOC_QUERYCAP(), &cap) == 0 else {
            let e = device.lastError
            close()
            throw e == EBUSY ? .deviceBusy(path) : .notACaptureDevice(path)
        }
        let caps = cap.capabilities & UInt32(V4L2_CAP_DEVICE_CAPS) != 0 ? cap.device_caps : cap.capabilities
        guard caps & UInt32(V4L2_CAP_VIDEO_CAPTURE) != 0, caps & UInt32(V4L2_CAP_STREAMING) != 0 else {
            close()
            throw .notACaptureDevice(path)
        }
    }

    deinit { close() }

    static func openError(_ path: String, errno e: Int32) -> CaptureError {
        switch e {
        case ENOENT, ENXIO: return .noSuchDevice(path)
        case EACCES, EPERM: return .permissionDenied(path)
        case EBUSY: return .deviceBusy(path)
        case ENODEV: return .disconnected(path)
        case ENOTTY, EINVAL: return .notACaptureDevice(path)
        default: return .ioctlFailed(path, call: "open", errno: e)
        }
    }

    /// The pixel formats the device offers natively and through libv4l's conversion.
    public func offeredFormats() -> [(fourcc: UInt32, name: String, emulated: Bool)] {
        var out: [(UInt32, String, Bool)] = []
        for i in 0..<64 {
            var d = v4l2_fmtdesc()
            d.index = UInt32(i)
            d.type = V4L2_BUF_TYPE_VIDEO_CAPTURE.rawValue
            guard ioctl(qd_VIDIOC_ENUM_FMT(), &d) == 0 else { break }
            let name = withUnsafeBytes(of: d.description) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            out.append((d.pixelformat, name, d.flags & UInt32(V4L2_FMT_FLAG_EMULATED) != 0))
        }
        return out
    }

    /// Discrete frame sizes the device offers for a format (empty for stepwise ranges).
    public func frameSizes(fourcc: UInt32) -> [(Int, Int)] {
        var out: [(Int, Int)] = []
        for i in 0..<64 {
            var f = v4l2_frmsizeenum()
            f.index = UInt32(i)
            f.pixel_format = fourcc
            guard ioctl(qd_VIDIOC_ENUM_FRAMESIZES(), &f) == 0 else { break }
            if f.type == V4L2_FRMSIZE_TYPE_DISCRETE.rawValue {
                out.append((Int(f.discrete.width), Int(f.discrete.height)))
            } else {
                out.append((Int(f.stepwise.max_width), Int(f.stepwise.max_height)))
                break
            }
        }
        return out
    }

    /// Negotiates the frame size and format: native MJPEG (decoded by libturbojpeg), else native
    /// YUYV (converted here), else RGB24 through libv4lconvert.
    /// - Throws: `CaptureError.noUsableFormat` or `.deviceBusy`.
    public func configure(width: Int = 640, height: Int = 480) throws(CaptureError) {
        let offered = offeredFormats()
        let native = Set(offered.filter { !$0.emulated }.map(\.fourcc))
        let all = Set(offered.map(\.fourcc))
        var choices: [(UInt32, Format)] = []
        if native.contains(qd_fmt_mjpeg()) { choices.append((qd_fmt_mjpeg(), .mjpeg)) }
        if native.contains(qd_fmt_jpeg()) { choices.append((qd_fmt_jpeg(), .mjpeg)) }
        if native.contains(qd_fmt_yuyv()) { choices.append((qd_fmt_yuyv(), .yuyv)) }
        if all.contains(qd_fmt_rgb24()) || offered.isEmpty { choices.append((qd_fmt_rgb24(), .rgb24)) }
        for (fourcc, kind) in choices {
            var f = v4l2_format()
            f.type = V4L2_BUF_TYPE_VIDEO_CAPTURE.rawValue
            withUnsafeMutablePointer(to: &f) { fp in
                let pix = qd_fmt_pix(fp)
                pix.pointee.width = UInt32(width)
                pix.pointee.height = UInt32(height)
                pix.pointee.pixelformat = fourcc
                pix.pointee.field = V4L2_FIELD_NONE.rawValue
            }
            if ioctl(qd_VIDIOC_S_FMT(), &f) == 0 {
                let pix = withUnsafeMutablePointer(to: &f) { qd_fmt_pix($0).pointee }
                if pix.pixelformat == fourcc {
                    self.width = Int(pix.width)
                    self.height = Int(pix.height)
                    self.format = kind
                    // Rows may be padded: use the driver's stride, sanity-checked as v4l-utils does.
                    let layout = PixelFormats.frameLayout(width: self.width, height: self.height, bytesPerPixel: kind == .rgb24 ? 3 : 2,
                                                          bytesPerLine: Int(pix.bytesperline), sizeImage: Int(pix.sizeimage))
                    (self.bytesPerLine, self.sizeImage) = (layout.bytesPerLine, layout.sizeImage)
                    return
                }
            }
            if device.lastError == EBUSY { throw .deviceBusy(path) }
        }
        throw .noUsableFormat(path, offered: offered.map(\.name))
    }

    /// Maps `count` buffers and starts streaming.
    /// - Throws: `CaptureError.deviceBusy` or `.ioctlFailed`.
    public func start(bufferCount count: Int = 3) throws(CaptureError) {
        if width == 0 { try configure() }
        var req = v4l2_requestbuffers()
        req.count = UInt32(min(4, max(2, count)))
        req.type = V4L2_BUF_TYPE_VIDEO_CAPTURE.rawValue
        req.memory = V4L2_MEMORY_MMAP.rawValue
        guard ioctl(qd_VIDIOC_REQBUFS(), &req) == 0 else { throw ioctlError("VIDIOC_REQBUFS") }
        for i in 0..<Int(req.count) {
            var b = v4l2_buffer()
            b.type = V4L2_BUF_TYPE_VIDEO_CAPTURE.rawValue
            b.memory = V4L2_MEMORY_MMAP.rawValue
            b.index = UInt32(i)
            guard ioctl(qd_VIDIOC_QUERYBUF(), &b) == 0 else { throw ioctlError("VIDIOC_QUERYBUF") }
            guard let p = device.mmap(fd: fd, length: Int(b.length), offset: Int(qd_buffer_offset(&b))) else { throw ioctlError("mmap") }
            buffers.append((p, Int(b.length)))
            guard ioctl(qd_VIDIOC_QBUF(), &b) == 0 else { throw ioctlError("VIDIOC_QBUF") }
        }
        var type = Int32(V4L2_BUF_TYPE_VIDEO_CAPTURE.rawValue)
        guard ioctl(qd_VIDIOC_STREAMON(), &type) == 0 else { throw ioctlError("VIDIOC_STREAMON") }
        streaming = true
    }

    /// Waits up to `timeout` seconds for a frame. A timeout is not an error: it returns nil. A
    /// frame that cannot be decoded is dropped, counted, and also gives nil.
    /// - Throws: `CaptureError.disconnected` when the device has gone away.
    public func read(timeout: Double) throws(CaptureError) -> Frame? {
        let (r, events) = device.poll(fd: fd, milliseconds: Int32(max(0, min(timeout, 3600)) * 1000))
        if r < 0 {
            if device.lastError == EINTR { return nil }
            throw ioctlError("poll")
        }
        if r == 0 { return nil }
        if events & Int16(POLLERR | POLLHUP | POLLNVAL) != 0 { throw .disconnected(path) }
        var b = v4l2_buffer()
        b.type = V4L2_BUF_TYPE_VIDEO_CAPTURE.rawValue
        b.memory = V4L2_MEMORY_MMAP.rawValue
        guard ioctl(qd_VIDIOC_DQBUF(), &b) == 0 else {
            let e = device.lastError
            if e == EAGAIN { return nil }
            throw e == ENODEV || e == EIO ? .disconnected(path) : ioctlError("VIDIOC_DQBUF")
        }
        defer { _ = ioctl(qd_VIDIOC_QBUF(), &b) }
        guard Int(b.index) < buffers.count else { throw ioctlError("VIDIOC_DQBUF") }
        let (start, length) = buffers[Int(b.index)]
        let data = UnsafeRawBufferPointer(start: start, count: min(Int(b.bytesused), length))
        let timestamp = Double(b.timestamp.tv_sec) + Double(b.timestamp.tv_usec) / 1e6
        let image: RGBImage
        switch format {
        case .mjpeg:
            guard let decoded = try? jpeg.decode(data, orient: false) else { droppedFrames += 1; return nil }
            image = decoded
        case .yuyv:
            guard data.count >= bytesPerLine * (height - 1) + width * 2 else { droppedFrames += 1; return nil }
            image = PixelFormats.yuyvToRGB(data, width: width, height: height, stride: bytesPerLine)
        case .rgb24:
            guard data.count >= bytesPerLine * (height - 1) + width * 3 else { droppedFrames += 1; return nil }
            image = PixelFormats.rgb24(data, width: width, height: height, stride: bytesPerLine)
        }
        sequence += 1
        return Frame(image: image, timestamp: timestamp, sequence: sequence)
    }

    /// Stops streaming and unmaps the buffers.
    public func stop() {
        guard fd >= 0 else { return }
        if streaming {
            var type = Int32(V4L2_BUF_TYPE_VIDEO_CAPTURE.rawValue)
            _ = ioctl(qd_VIDIOC_STREAMOFF(), &type)
            streaming = false
        }
        for (p, n) in buffers { device.munmap(p, length: n) }
        buffers = []
        var req = v4l2_requestbuffers()
        req.type = V4L2_BUF_TYPE_VIDEO_CAPTURE.rawValue
        req.memory = V4L2_MEMORY_MMAP.rawValue
        _ = ioctl(qd_VIDIOC_REQBUFS(), &req)
    }

    /// Stops if needed and closes the device.
    public func close() {
        guard fd >= 0 else { return }
        stop()
        device.close(fd)
        fd = -1
    }

    private func ioctl<T>(_ request: UInt, _ arg: inout T) -> Int32 {
        withUnsafeMutableBytes(of: &arg) { device.ioctl(fd, request, $0.baseAddress!) }
    }

    private func ioctlError(_ call: String) -> CaptureError {
        let e = device.lastError
        switch e {
        case EBUSY: return .deviceBusy(path)
        case ENODEV, EIO: return .disconnected(path)
        default: return .ioctlFailed(path, call: call, errno: e)
        }
    }

    /// The video devices present, `/dev/video0` first.
    public static func devicePaths() -> [String] {
        guard let dir = opendir("/dev") else { return [] }
        defer { closedir(dir) }
        var devices: [(number: Int, path: String)] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name.hasPrefix("video"), let number = Int(name.dropFirst(5)) { devices.append((number, "/dev/" + name)) }
        }
        return devices.sorted { $0.number < $1.number }.map(\.path)
    }
}
