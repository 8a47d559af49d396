import CZlib
import Foundation
import QuiddlerCapture
import QuiddlerImage
import QuiddlerTestSupport
import Testing

/// PNG fixtures made for these tests (a generated gradient, palette and RGBA image), each
/// compressed differently: level 9 with all five row filters, stored blocks, level 6 palette.
@Suite struct PNGCodecTests {
    static let rgb9 = "iVBORw0KGgoAAAANSUhEUgAAABAAAAAMCAIAAADkharWAAAAwUlEQVR42rXPIQ6CYBiH8T/qhjMwgjbDt1kcCRoNEo2NQJLC2FtoX8PEKDQCm82EzSZHIL6RAxg4AkcQbwCB7Vef8ACADlVAM3FycQ5wiWFIWAXsGk4Dr4XfIewRDUhGpAqO6hTMt5mCRba4avuDOt/u32ERuuhkCLJMsl1yAvJi8iWFBUU1JQ2lLcmOsp7ygcqRKgV3Y+3pm1h7mj2dfcGhyZHLScBpzFJyVnBec9lw1fKj42fPr4HfI38UfP1F0z+iQEe1af8YtgAAAABJRU5ErkJggg=="
    static let rgb0 = "iVBORw0KGgoAAAANSUhEUgAAABAAAAAMCAIAAADkharWAAACV0lEQVR4AQFMArP9AAAAABAAByAADjAAFUAAHFAAI2AAKnAAMYAAOJAAP6AARrAATcAAVNAAW+AAYvAAaQAAFAcQFA4gFBUwFBxAFCNQFCpgFDFwFDiAFD+QFEagFE2wFFTAFFvQFGLgFGnwFHAAACgOECgVICgcMCgjQCgqUCgxYCg4cCg/gChGkChNoChUsChbwChi0Chp4Chw8Ch3AAA8FRA8HCA8IzA8KkA8MVA8OGA8P3A8RoA8TZA8VKA8W7A8YsA8adA8cOA8d/A8fgAAUBwQUCMgUCowUDFAUDhQUD9gUEZwUE2AUFSQUFugUGKwUGnAUHDQUHfgUH7wUIUAAGQjEGQqIGQxMGQ4QGQ/UGRGYGRNcGRUgGRbkGRioGRpsGRwwGR30GR+4GSF8GSMAAB4KhB4MSB4ODB4P0B4RlB4TWB4VHB4W4B4YpB4aaB4cLB4d8B4ftB4heB4jPB4kwAAjDEQjDggjD8wjEZAjE1QjFRgjFtwjGKAjGmQjHCgjHewjH7AjIXQjIzgjJPwjJoAAKA4EKA/IKBGMKBNQKBUUKBbYKBicKBpgKBwkKB3oKB+sKCFwKCM0KCT4KCa8KChAAC0PxC0RiC0TTC0VEC0W1C0YmC0aXC0cIC0d5C0fqC0hbC0jMC0k9C0muC0ofC0qAAAyEYQyE0gyFQwyFtAyGJQyGlgyHBwyHeAyH6QyIWgyIywyJPAyJrQyKHgyKjwyK8AANxNENxUINxbMNxiQNxpUNxwYNx3cNx+gNyFkNyMoNyTsNyawNyh0Nyo4Nyv8Ny2JcrwwfKNmSQAAAAASUVORK5CYII="
    static let palette = "iVBORw0KGgoAAAANSUhEUgAAABAAAAAMCAMAAABcOc2zAAAADFBMVEX/AAAA/wAAAP8KFB4iiCkEAAAAA3RSTlP//wDXyg1BAAAAGElEQVR4nGNgYGRixosZ0MUY0NUwDBIzAHOMASGSStGVAAAAAElFTkSuQmCC"
    static let rgba = "iVBORw0KGgoAAAANSUhEUgAAAAQAAAACCAYAAAB/qH1jAAAAEUlEQVR42mM4kWLUgIwZ0AUAAkkO8ZU6VRAAAAAASUVORK5CYII="

    func bytes(_ b64: String) -> [UInt8] { [UInt8](Data(base64Encoded: b64)!) }

    func gradient(_ x: Int, _ y: Int) -> RGB { RGB(UInt8((x * 16) % 256), UInt8((y * 20) % 256), UInt8(((x + y) * 7) % 256)) }

    @Test(arguments: [rgb9, rgb0])
    func decodesRGBWithEveryFilterAndBlockType(b64: String) throws {
        let img = try PNGCodec.decode(bytes(b64))
        #expect(img.width == 16 && img.height == 12)
        for y in 0..<12 { for x in 0..<16 { #expect(img[x, y] == gradient(x, y), "(\(x), \(y))") } }
    }

    @Test func decodesPaletteWithTransparencyOverWhite() throws {
        let img = try PNGCodec.decode(bytes(Self.palette))
        #expect(img[0, 0] == RGB(255, 0, 0))
        #expect(img[1, 0] == RGB(0, 255, 0))
        #expect(img[2, 0] == RGB(255, 255, 255))  // index 2 is fully transparent
        #expect(img[3, 0] == RGB(10, 20, 30))
    }

    /// The fixture is (200, 100, 50) at alpha 128 everywhere: composited (libpng does it in linear
    /// light), it lies strictly between the background and the colour.
    @Test func compositesAlphaOverTheBackground() throws {
        let overBlack = try PNGCodec.decode(bytes(Self.rgba), background: .black)[0, 0]
        let overWhite = try PNGCodec.decode(bytes(Self.rgba), background: .white)[0, 0]
        for (dark, light, colour) in [(overBlack.r, overWhite.r, 200), (overBlack.g, overWhite.g, 100), (overBlack.b, overWhite.b, 50)] as [(UInt8, UInt8, Int)] {
            #expect(0 < dark && Int(dark) < colour, "over black: \(overBlack)")
            #expect(colour < Int(light) && light < 255, "over white: \(overWhite)")
        }
    }

    @Test func brokenPNGsGiveErrors() {
        let good = bytes(Self.rgb9)
        #expect(throws: PNGCodec.Failure.notPNG) { try PNGCodec.decode(Array("not a png".utf8)) }
        for cut in [10, 40, good.count / 2, good.count - 20] {
            #expect(throws: PNGCodec.Failure.self) { try PNGCodec.decode(Array(good.prefix(cut))) }
        }
        var corrupt = good
        for i in 50..<70 { corrupt[i] ^= 0x5A }
        #expect(throws: PNGCodec.Failure.self) { try PNGCodec.decode(corrupt) }
    }

    /// A PNG of chunks with their CRCs, its image data given.
    static func png(width: Int, height: Int, colorType: UInt8 = 2, idat: [UInt8]) -> [UInt8] {
        func be32(_ v: Int) -> [UInt8] { [UInt8(v >> 24 & 255), UInt8(v >> 16 & 255), UInt8(v >> 8 & 255), UInt8(v & 255)] }
        func chunk(_ type: String, _ body: [UInt8]) -> [UInt8] {
            let typed = Array(type.utf8) + body
            return be32(body.count) + typed + be32(Int(crc32(0, typed, UInt32(typed.count))))
        }
        return [137, 80, 78, 71, 13, 10, 26, 10] + chunk("IHDR", be32(width) + be32(height) + [8, colorType, 0, 0, 0])
            + chunk("IDAT", idat) + chunk("IEND", [])
    }

    static func deflate(_ data: [UInt8]) -> [UInt8] {
        var size = compressBound(UInt(data.count))
        var out = [UInt8](repeating: 0, count: Int(size))
        _ = compress2(&out, &size, data, UInt(data.count), 9)
        return Array(out.prefix(Int(size)))
    }

    /// `megabytes` MB of zeros, deflated a megabyte at a time (never held whole).
    static func deflatedZeros(megabytes: Int) -> [UInt8] {
        var stream = z_stream()
        guard deflateInit_(&stream, 9, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return [] }
        defer { deflateEnd(&stream) }
        var zeros = [UInt8](repeating: 0, count: 1 << 20), out: [UInt8] = [], chunk = [UInt8](repeating: 0, count: 1 << 16)
        for k in 0..<megabytes {
            zeros.withUnsafeMutableBufferPointer { z in
                stream.next_in = z.baseAddress
                stream.avail_in = UInt32(z.count)
                repeat {
                    chunk.withUnsafeMutableBufferPointer { c in
                        stream.next_out = c.baseAddress
                        stream.avail_out = UInt32(c.count)
                        _ = CZlib.deflate(&stream, k == megabytes - 1 ? Z_FINISH : Z_NO_FLUSH)
                        out += c.prefix(c.count - Int(stream.avail_out))
                    }
                } while stream.avail_out == 0 || (k == megabytes - 1 && stream.avail_in > 0)
            }
        }
        return out
    }

    @Test func aZlibBombStopsAtItsDeclaredSize() throws {
        // A 10×10 image whose data inflates to 256 MB: about 250 KB of file. Only the declared rows are
        // ever inflated into memory; the rest is at most skipped.
        let bomb = Self.png(width: 10, height: 10, idat: Self.deflatedZeros(megabytes: 256))
        #expect(bomb.count < 500_000)
        if let image = try? PNGCodec.decode(bomb) { #expect(image.width == 10 && image.height == 10) }
        // The same image with just its data decodes.
        let fine = Self.png(width: 10, height: 10, idat: Self.deflate([UInt8](repeating: 0, count: 10 * 31)))
        #expect(try PNGCodec.decode(fine).width == 10)
        // The memory it takes, measured in processes of their own (tests running alongside in
        // this one would count too): reading the bomb takes no more than reading the fine image.
        let dir = temporaryFolder()
        try Data(bomb).write(to: URL(fileURLWithPath: dir + "/bomb.png"))
        try Data(fine).write(to: URL(fileURLWithPath: dir + "/fine.png"))
        let bombRun = try runQuiddler(["detect", dir + "/bomb.png"]), fineRun = try runQuiddler(["detect", dir + "/fine.png"])
        #expect(fineRun.status == 0 && fineRun.peakResident > 0, "\(fineRun.stderr)")
        let extra = bombRun.peakResident - fineRun.peakResident
        #expect(extra < 64 << 20, "reading the bomb took \(extra >> 20) MB more than the fine image")
    }

    @Test func aChunkWithABadCRCIsRefused() {
        var bad = bytes(Self.palette)
        bad[30] ^= 0x01  // inside the IHDR chunk's data
        #expect(throws: PNGCodec.Failure.self) { try PNGCodec.decode(bad) }
    }

    @Test func aHugeDeclaredSizeIsRefusedBeforeDecoding() {
        let huge = Self.png(width: 16000, height: 16000, idat: Self.deflate([0]))
        #expect(throws: PNGCodec.Failure.tooLarge(width: 16000, height: 16000)) { try PNGCodec.decode(huge) }
    }

    @Test func oddChunkTypesAreEscapedInMessages() {
        var bytes = Self.png(width: 2, height: 2, idat: Self.deflate([UInt8](repeating: 0, count: 14)))
        // Cut the file inside a chunk named with an escape character.
        bytes.insert(contentsOf: [0, 0, 0, 200, 0x1B, 0x5B, 0x32, 0x4A], at: 33)
        do {
            _ = try PNGCodec.decode(bytes)
            Issue.record("a chunk running past the end was accepted")
        } catch {
            #expect(!"\(error)".contains("\u{1B}") && "\(error)".hasPrefix("corrupt PNG: "), "\(error)")
        }
    }
}
