import Foundation
import QuiddlerCapture
import QuiddlerTestSupport
import QuiddlerImage
import QuiddlerReader
import QuiddlerSynthesis
import QuiddlerTraining
import Testing

@Suite struct JPEGTests {
    let codec = JPEGCodec()
    /// A smooth picture: JPEG keeps it well, so the round trip can be held to a high PSNR.
    let scene: RGBImage = {
        var img = RGBImage(width: 160, height: 120)
        for y in 0..<120 {
            for x in 0..<160 {
                let s = sin(Double(x) / 9) * cos(Double(y) / 13)
                img[x, y] = RGB(UInt8(100 + 80 * s), UInt8(x + 40), UInt8(200 - y))
            }
        }
        return img
    }()

    func psnr(_ a: RGBImage, _ b: RGBImage) -> Double {
        var se = 0.0
        for (x, y) in zip(a.pixels, b.pixels) { let d = Double(x) - Double(y); se += d * d }
        return 10 * log10(255 * 255 / (se / Double(a.pixels.count)))
    }

    @Test func roundTripKeepsThePicture() throws {
        let bytes = try codec.encode(scene, quality: 95)
        #expect(bytes.prefix(2) == [0xFF, 0xD8])
        let back = try codec.decode(bytes)
        #expect(back.width == 160 && back.height == 120)
        #expect(psnr(scene, back) > 35)
    }

    @Test(arguments: [(JPEGCodec.Scale.half, 80, 60), (.quarter, 40, 30)])
    func decodeTimeDownscaling(scale: JPEGCodec.Scale, w: Int, h: Int) throws {
        let small = try codec.decode(try codec.encode(scene), scale: scale)
        #expect(small.width == w && small.height == h)
        #expect(psnr(scene.resized(width: w, height: h), small) > 28)
    }

    @Test func truncatedAndGarbageDataAreErrors() throws {
        let bytes = try codec.encode(scene)
        for cut in [0, 2, 100, bytes.count / 2, bytes.count - 10] {
            #expect(throws: CaptureError.self) { try codec.decode(Array(bytes.prefix(cut))) }
        }
        #expect(throws: CaptureError.self) { try codec.decode(Array(repeating: 0x42, count: 5000)) }
        #expect(throws: CaptureError.self) { try codec.decode([0xFF, 0xD8] + Array(repeating: 0x00, count: 500)) }
    }

    @Test func exifOrientationIsRespected() throws {
        let tagged = exifTagged(try codec.encode(scene, quality: 95), orientation: 6)
        #expect(tagged.withUnsafeBytes { ExifOrientation.read($0) } == 6)
        let upright = try codec.decode(tagged)
        #expect(upright.width == 120 && upright.height == 160)
        let raw = try codec.decode(tagged, orient: false)
        #expect(psnr(raw.applyingOrientation(6), upright) > 99)
    }

    @Test func progressiveJPEGsDecode() throws {
        let bytes = try codec.encode(scene, quality: 90, progressive: true)
        let sof2 = zip(bytes, bytes.dropFirst()).contains { $0 == 0xFF && $1 == 0xC2 }
        #expect(sof2, "no progressive start-of-frame marker")
        let back = try codec.decode(bytes)
        #expect(psnr(scene, back) > 35)
    }

    /// A tiny JPEG whose header claims 16384×16384 (268 megapixels) is refused before any
    /// pixel memory is taken.
    @Test func aHugeDeclaredSizeIsRefusedBeforeDecoding() throws {
        var bytes = try codec.encode(RGBImage(width: 16, height: 16, fill: RGB(9, 9, 9)), quality: 80)
        let sof = try #require((0..<(bytes.count - 1)).first { bytes[$0] == 0xFF && bytes[$0 + 1] == 0xC0 })
        for (i, v) in [0x40, 0x00, 0x40, 0x00].enumerated() { bytes[sof + 5 + i] = UInt8(v) }  // height, width: 16384
        do {
            _ = try codec.decode(bytes)
            Issue.record("a 16384×16384 header was decoded")
        } catch {
            #expect("\(error)".contains("megapixels"), "\(error)")
        }
    }
}
