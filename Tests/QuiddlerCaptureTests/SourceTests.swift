import Foundation
import QuiddlerCapture
import QuiddlerTestSupport
import QuiddlerImage
import QuiddlerReader
import QuiddlerSynthesis
import QuiddlerTraining
import Testing

@Suite struct PixelFormatTests {
    @Test func yuyvToRGBMatchesHandComputedPixels() {
        // Pairs: black, white, BT.601 red, mid grey.
        let yuyv: [UInt8] = [16, 128, 16, 128, 235, 128, 235, 128, 81, 90, 81, 240, 126, 128, 126, 128]
        let img = yuyv.withUnsafeBytes { PixelFormats.yuyvToRGB($0, width: 8, height: 1) }
        #expect(img[0, 0] == RGB(0, 0, 0) && img[1, 0] == RGB(0, 0, 0))
        #expect(img[2, 0] == RGB(255, 255, 255))
        #expect(img[4, 0] == RGB(255, 0, 0))
        // Y=126: 298·110 = 32780, (32780 + 128) >> 8 = 128.
        #expect(img[6, 0] == RGB(128, 128, 128))
    }

    @Test func strideSkipsPadding() {
        let row: [UInt8] = [235, 128, 235, 128, 9, 9, 9, 9]
        let img = (row + row).withUnsafeBytes { PixelFormats.yuyvToRGB($0, width: 2, height: 2, stride: 8) }
        #expect(img[0, 1] == RGB(255, 255, 255) && img[1, 1] == RGB(255, 255, 255))
    }
}

@Suite struct CameraErrorTests {
    @Test(arguments: [(640, 480, 2, 0, 0, 1280, 614_400), (640, 480, 2, 1536, 0, 1536, 737_280),
                      (640, 480, 2, 1000, 999, 1280, 614_400), (320, 240, 3, 1024, 400_000, 1024, 400_000)])
    func driverStridesAreMadeSane(w: Int, h: Int, bpp: Int, bpl: Int, size: Int, stride: Int, total: Int) {
        let l = PixelFormats.frameLayout(width: w, height: h, bytesPerPixel: bpp, bytesPerLine: bpl, sizeImage: size)
        #expect(l.bytesPerLine == stride && l.sizeImage == total)
    }

    @Test func paddedRGBRowsComeOutUnsheared() {
        // Two rows of two pixels, each row padded to 8 bytes.
        let data: [UInt8] = [1, 2, 3, 4, 5, 6, 0xEE, 0xEE, 7, 8, 9, 10, 11, 12, 0xEE, 0xEE]
        let img = data.withUnsafeBytes { PixelFormats.rgb24($0, width: 2, height: 2, stride: 8) }
        #expect(img.pixels == [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])
    }

    @Test func missingDeviceIsNamed() {
        #expect(throws: CaptureError.noSuchDevice("/dev/video-quiddler-none")) { try V4L2Camera(path: "/dev/video-quiddler-none") }
    }

    @Test func devNullIsNotACaptureDevice() {
        #expect(throws: CaptureError.notACaptureDevice("/dev/null")) { try V4L2Camera(path: "/dev/null") }
    }

    @Test func messagesSayHowToFixThem() {
        #expect(CaptureError.permissionDenied("/dev/video0").description.contains("video group"))
        #expect(CaptureError.deviceBusy("/dev/video0").description.contains("another program"))
        #expect(!CaptureError.noSuchDevice("/dev/video3").description.contains("\n"))
    }
}

@Suite struct FolderSourceTests {
    /// A folder with images named so that natural order differs from plain string order.
    func folder() throws -> (String, [RGB]) {
        let dir = temporaryFolder()
        let colours = [RGB(250, 0, 0), RGB(0, 250, 0), RGB(0, 0, 250)]
        let codec = JPEGCodec()
        for (name, c) in zip(["1.jpg", "2.jpg", "10.jpg"], colours) {
            try ImageFile.writeJPEG(RGBImage(width: 32, height: 24, fill: c), to: dir + "/" + name, quality: 95, codec: codec)
        }
        try "not an image".write(toFile: dir + "/notes.txt", atomically: true, encoding: .utf8)
        return (dir, colours)
    }

    func near(_ a: RGB, _ b: RGB) -> Bool { abs(Int(a.r) - Int(b.r)) + abs(Int(a.g) - Int(b.g)) + abs(Int(a.b) - Int(b.b)) < 30 }

    @Test func playsInNameOrderAndLoops() throws {
        let (dir, colours) = try folder()
        var now = Date(timeIntervalSince1970: 0)
        let source = try ImageSequenceSource(path: dir, framesPerSecond: 10, clock: { now })
        #expect(source.paths.map { ($0 as NSString).lastPathComponent } == ["1.jpg", "2.jpg", "10.jpg"])
        var seen: [Int] = []
        for step in 0..<7 {
            now = Date(timeIntervalSince1970: Double(step) / 10 + 0.001)
            let frame = try #require(source.nextFrame(timeout: 0))
            seen.append(colours.firstIndex { near($0, frame.image[5, 5]) } ?? -1)
        }
        #expect(seen == [0, 1, 2, 0, 1, 2, 0])
    }

    @Test func framesOfOneStillPictureShareTheirContent() throws {
        let (dir, _) = try folder()
        var now = Date(timeIntervalSince1970: 0)
        let still = try ImageSequenceSource(path: dir + "/2.jpg", framesPerSecond: 10, clock: { now })
        let loop = try ImageSequenceSource(path: dir, framesPerSecond: 10, clock: { now })
        var stillIDs: [Int?] = [], loopIDs: [Int?] = []
        for step in 0..<4 {
            now = Date(timeIntervalSince1970: Double(step) / 10 + 0.001)
            stillIDs.append(try #require(still.nextFrame(timeout: 0)).contentID)
            loopIDs.append(try #require(loop.nextFrame(timeout: 0)).contentID)
        }
        // The app reads a frame only when its content is new: once for a still picture.
        #expect(Set(stillIDs).count == 1 && stillIDs[0] != nil)
        #expect(loopIDs == [0, 1, 2, 0])
    }

    @Test func aFolderOfBigPhotosIsNotHeldWholeInMemory() throws {
        // Six 4000×3000 frames would be 216 MB each time round; at most 256 MB is kept.
        let dir = temporaryFolder()
        let big = try JPEGCodec().encode(RGBImage(width: 4000, height: 3000, fill: RGB(90, 90, 90)), quality: 50)
        for i in 1...6 { try Data(big).write(to: URL(fileURLWithPath: dir + "/\(i).jpg")) }
        var now = Date(timeIntervalSince1970: 0)
        let source = try ImageSequenceSource(path: dir, framesPerSecond: 10, clock: { now })
        for step in 0..<7 {
            now = Date(timeIntervalSince1970: Double(step) / 10 + 0.001)
            _ = try #require(source.nextFrame(timeout: 0))
        }
        #expect(source.heldBytes <= ImageSequenceSource.cacheBytes)
        #expect(source.heldBytes >= 36_000_000)
    }

    @Test func aSlowConsumerSkipsFramesInsteadOfQueueing() throws {
        let (dir, _) = try folder()
        var now = Date(timeIntervalSince1970: 0)
        let source = try ImageSequenceSource(path: dir, framesPerSecond: 10, clock: { now })
        _ = source.nextFrame(timeout: 0)
        now = Date(timeIntervalSince1970: 0.55)  // five ticks later
        let frame = try #require(source.nextFrame(timeout: 0))
        #expect(frame.sequence == 6)
    }

    @Test func grabberKeepsOnlyTheLatestFrame() throws {
        let (dir, _) = try folder()
        let grabber = FrameGrabber(source: try ImageSequenceSource(path: dir, framesPerSecond: 200))
        grabber.start()
        var consumed = 0, last = 0
        let deadline = Date().addingTimeInterval(0.5)
        while Date() < deadline {
            if let f = grabber.newFrame() {
                #expect(f.sequence > last)
                last = f.sequence
                consumed += 1
            }
            Thread.sleep(forTimeInterval: 0.05)  // a slow consumer
        }
        grabber.stop()
        #expect(grabber.newFrame() == nil, "a stopped grabber gives nothing more")
        #expect(consumed > 2)
        #expect(grabber.producedCount > consumed + 5, "produced \(grabber.producedCount), consumed \(consumed)")
    }

    @Test func badPathsGiveErrors() throws {
        #expect(throws: CaptureError.fileNotFound("/nonexistent/x.jpg")) { try ImageSequenceSource(path: "/nonexistent/x.jpg") }
        let empty = temporaryFolder()
        #expect(throws: CaptureError.emptyFolder(empty)) { try ImageSequenceSource(path: empty) }
        let junk = empty + "/junk.jpg"
        try "garbage".write(toFile: junk, atomically: true, encoding: .utf8)
        #expect(throws: CaptureError.unsupportedImage(junk)) { try ImageFile.load(junk) }
    }
}
