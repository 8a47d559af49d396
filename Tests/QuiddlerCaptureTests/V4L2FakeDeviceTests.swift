import CV4L2
import Foundation
import QuiddlerCapture
import QuiddlerImage
import Testing

/// A V4L2 camera at the libv4l2 boundary: formats, negotiated size and stride, mmap'd buffers
/// that are queued and dequeued, frames delivered from a list, and unplugging.
final class FakeV4L2: V4L2Device {
    struct Offered { let fourcc: UInt32; let name: String }
    var offered: [Offered]
    var width = 64, height = 48
    /// Padding at the end of each row, for YUYV and RGB24.
    var rowPadding = 0
    var frames: [[UInt8]] = []
    /// After the frames run out: unplugged (poll reports an error) or just quiet.
    var unplugged = false
    var openError: Int32?
    var capabilities = UInt32(V4L2_CAP_VIDEO_CAPTURE) | UInt32(V4L2_CAP_STREAMING)
    private(set) var lastError: Int32 = 0
    private(set) var streaming = false
    private(set) var calls: [String] = []
    private var format: UInt32 = 0
    private var buffers: [UnsafeMutableRawPointer] = []
    private var queued: [Int] = []
    let bufferSize = 1 << 16
    var mapped: Int { buffers.count }
    private(set) var unmapped = 0

    init(offered: [Offered]) { self.offered = offered }
    deinit { for b in buffers { b.deallocate() } }

    static let mjpeg = Offered(fourcc: qd_fmt_mjpeg(), name: "Motion-JPEG")
    static let yuyv = Offered(fourcc: qd_fmt_yuyv(), name: "YUYV 4:2:2")

    func open(_ path: String) -> Int32 {
        if let openError { lastError = openError; return -1 }
        return 7
    }

    func ioctl(_ fd: Int32, _ request: UInt, _ arg: UnsafeMutableRawPointer) -> Int32 {
        func fail(_ e: Int32) -> Int32 { lastError = e; return -1 }
        switch request {
        case qd_VIDIOC_QUERYCAP():
            let cap = arg.assumingMemoryBound(to: v4l2_capability.self)
            cap.pointee.capabilities = capabilities
        case qd_VIDIOC_ENUM_FMT():
            let d = arg.assumingMemoryBound(to: v4l2_fmtdesc.self)
            guard Int(d.pointee.index) < offered.count else { return fail(EINVAL) }
            let o = offered[Int(d.pointee.index)]
            d.pointee.pixelformat = o.fourcc
            withUnsafeMutableBytes(of: &d.pointee.description) { raw in
                for (i, b) in o.name.utf8.prefix(raw.count - 1).enumerated() { raw[i] = b }
            }
        case qd_VIDIOC_ENUM_FRAMESIZES():
            return fail(EINVAL)
        case qd_VIDIOC_S_FMT():
            let f = arg.assumingMemoryBound(to: v4l2_format.self)
            let pix = qd_fmt_pix(f)
            guard offered.contains(where: { $0.fourcc == pix.pointee.pixelformat }) else { return fail(EINVAL) }
            format = pix.pointee.pixelformat
            pix.pointee.width = UInt32(width)
            pix.pointee.height = UInt32(height)
            let bpp = format == qd_fmt_yuyv() ? 2 : 3
            pix.pointee.bytesperline = format == qd_fmt_mjpeg() ? 0 : UInt32(width * bpp + rowPadding)
            pix.pointee.sizeimage = UInt32(format == qd_fmt_mjpeg() ? bufferSize : (width * bpp + rowPadding) * height)
        case qd_VIDIOC_REQBUFS():
            let r = arg.assumingMemoryBound(to: v4l2_requestbuffers.self)
            calls.append("REQBUFS \(r.pointee.count)")
            while buffers.count < Int(r.pointee.count) { buffers.append(.allocate(byteCount: bufferSize, alignment: 16)) }
        case qd_VIDIOC_QUERYBUF():
            let b = arg.assumingMemoryBound(to: v4l2_buffer.self)
            guard Int(b.pointee.index) < buffers.count else { return fail(EINVAL) }
            b.pointee.length = UInt32(bufferSize)
            b.pointee.m.offset = UInt32(Int(b.pointee.index) * bufferSize)
        case qd_VIDIOC_QBUF():
            queued.append(Int(arg.assumingMemoryBound(to: v4l2_buffer.self).pointee.index))
        case qd_VIDIOC_DQBUF():
            guard !frames.isEmpty, !queued.isEmpty else { return fail(EAGAIN) }
            let b = arg.assumingMemoryBound(to: v4l2_buffer.self)
            let index = queued.removeFirst(), frame = frames.removeFirst()
            buffers[index].copyMemory(from: frame, byteCount: min(frame.count, bufferSize))
            b.pointee.index = UInt32(index)
            b.pointee.bytesused = UInt32(min(frame.count, bufferSize))
            b.pointee.timestamp.tv_sec = 100
        case qd_VIDIOC_STREAMON(): streaming = true; calls.append("STREAMON")
        case qd_VIDIOC_STREAMOFF(): streaming = false; calls.append("STREAMOFF")
        default: return fail(ENOTTY)
        }
        return 0
    }

    func mmap(fd: Int32, length: Int, offset: Int) -> UnsafeMutableRawPointer? {
        let i = offset / bufferSize
        return i < buffers.count && length <= bufferSize ? buffers[i] : nil
    }
    func munmap(_ start: UnsafeMutableRawPointer, length: Int) { unmapped += 1 }
    func poll(fd: Int32, milliseconds: Int32) -> (result: Int32, events: Int16) {
        if !frames.isEmpty { return (1, Int16(POLLIN)) }
        return unplugged ? (1, Int16(POLLERR)) : (0, 0)
    }
    func close(_ fd: Int32) { calls.append("close") }
}

@Suite struct V4L2FakeDeviceTests {
    static func jpeg(_ color: RGB, width: Int = 64, height: Int = 48) throws -> [UInt8] {
        var img = RGBImage(width: width, height: height)
        for y in 0..<height { for x in 0..<width { img[x, y] = color } }
        return try JPEGCodec().encode(img, quality: 95)
    }

    static func near(_ a: RGB, _ b: RGB) -> Bool {
        abs(Int(a.r) - Int(b.r)) < 8 && abs(Int(a.g) - Int(b.g)) < 8 && abs(Int(a.b) - Int(b.b)) < 8
    }

    @Test func mjpegFramesAreDecodedAndACorruptOneIsDroppedAndCounted() throws {
        let fake = FakeV4L2(offered: [FakeV4L2.yuyv, FakeV4L2.mjpeg])
        fake.frames = [try Self.jpeg(RGB(200, 40, 40)), [0xFF, 0xD8, 0xFF, 0x00, 1, 2, 3], try Self.jpeg(RGB(30, 60, 220))]
        let cam = try V4L2Camera(path: "/dev/fake", device: fake)
        try cam.configure(width: 640, height: 480)
        #expect(cam.format == .mjpeg, "MJPEG is preferred over YUYV")
        #expect(cam.width == 64 && cam.height == 48, "the driver's size is taken")
        try cam.start()
        #expect(fake.streaming && fake.mapped >= 2)
        let first = try #require(try cam.read(timeout: 0))
        #expect(Self.near(first.image[10, 10], RGB(200, 40, 40)), "\(first.image[10, 10])")
        #expect(try cam.read(timeout: 0) == nil)
        #expect(cam.droppedFrames == 1)
        let second = try #require(try cam.read(timeout: 0))
        #expect(Self.near(second.image[5, 5], RGB(30, 60, 220)))
        #expect(second.sequence == 2 && second.timestamp == 100)
        #expect(try cam.read(timeout: 0) == nil, "no frame: a timeout, not an error")
        cam.close()
        #expect(fake.calls.suffix(3) == ["STREAMOFF", "REQBUFS 0", "close"])
        #expect(fake.unmapped == fake.mapped)
    }

    /// YUYV rows padded past their pixels: the driver's stride is followed, not width × 2.
    @Test func paddedYUYVRowsAreReadAtTheDriversStride() throws {
        let fake = FakeV4L2(offered: [FakeV4L2.yuyv])
        fake.width = 8
        fake.height = 4
        fake.rowPadding = 16
        var frame: [UInt8] = []
        for y in 0..<4 {
            // Grey (U = V = 128) at luma 40 + 50·row; the padding is bright garbage.
            for _ in 0..<4 { frame += [UInt8(40 + 50 * y), 128, UInt8(40 + 50 * y), 128] }
            frame += [UInt8](repeating: 255, count: 16)
        }
        fake.frames = [frame]
        let cam = try V4L2Camera(path: "/dev/fake", device: fake)
        try cam.configure()
        try cam.start()
        #expect(cam.format == .yuyv && cam.bytesPerLine == 8 * 2 + 16)
        let image = try #require(try cam.read(timeout: 0)).image
        for y in 0..<4 {
            let v = image[3, y]
            #expect(v.r == v.g && v.g == v.b, "grey stays grey: \(v)")
            if y > 0 { #expect(Int(v.r) > Int(image[3, y - 1].r) + 40, "row \(y) is brighter than the one before") }
            #expect(image[7, y] == image[0, y], "no padding leaks into the last pixels of row \(y)")
        }
    }

    @Test func unpluggingIsReportedAsDisconnected() throws {
        let fake = FakeV4L2(offered: [FakeV4L2.mjpeg])
        fake.frames = [try Self.jpeg(RGB(1, 2, 3))]
        fake.unplugged = true
        let cam = try V4L2Camera(path: "/dev/fake", device: fake)
        try cam.start()
        #expect(try cam.read(timeout: 0) != nil)
        #expect(throws: CaptureError.disconnected("/dev/fake")) { try cam.read(timeout: 0) }
    }

    @Test func openFailuresNameTheDeviceAndWhy() {
        let fake = FakeV4L2(offered: [])
        fake.openError = ENOENT
        #expect(throws: CaptureError.noSuchDevice("/dev/video9")) { try V4L2Camera(path: "/dev/video9", device: fake) }
        fake.openError = EACCES
        #expect(throws: CaptureError.permissionDenied("/dev/video9")) { try V4L2Camera(path: "/dev/video9", device: fake) }
        fake.openError = nil
        fake.capabilities = UInt32(V4L2_CAP_VIDEO_CAPTURE)  // no streaming
        #expect(throws: CaptureError.notACaptureDevice("/dev/video9")) { try V4L2Camera(path: "/dev/video9", device: fake) }
        fake.capabilities = UInt32(V4L2_CAP_VIDEO_CAPTURE) | UInt32(V4L2_CAP_STREAMING)
        #expect(throws: CaptureError.self) { try V4L2Camera(path: "/dev/video9", device: fake).configure() }
    }

    /// The camera goes away after a frame; the source says disconnected, fails to reopen once, and
    /// then comes back with the next camera the opener gives.
    @Test func aCameraSourceReconnectsThroughItsOpener() throws {
        var opens = 0
        let source = try CameraSource(path: "/dev/fake", retryInterval: 0) { path, _, _ throws(CaptureError) -> V4L2Camera in
            opens += 1
            let fake = FakeV4L2(offered: [FakeV4L2.mjpeg])
            switch opens {
            case 1:
                fake.frames = [try! Self.jpeg(RGB(9, 9, 9))]
                fake.unplugged = true
            case 2: throw CaptureError.noSuchDevice(path)
            default: fake.frames = [try! Self.jpeg(RGB(250, 250, 250))]
            }
            let cam = try V4L2Camera(path: path, device: fake)
            try cam.start()
            return cam
        }
        #expect(source.nextFrame(timeout: 0) != nil)
        #expect(source.state == .running)
        #expect(source.nextFrame(timeout: 0) == nil)
        #expect(source.state == .disconnected(attempts: 0))
        #expect(source.nextFrame(timeout: 0) == nil)
        #expect(source.state == .disconnected(attempts: 1), "one failed attempt to reopen")
        #expect(source.nextFrame(timeout: 0) == nil)
        #expect(source.state == .running, "reopened")
        let frame = try #require(source.nextFrame(timeout: 0))
        #expect(Self.near(frame.image[0, 0], RGB(250, 250, 250)))
        #expect(opens == 3)
        source.close()
    }
}
