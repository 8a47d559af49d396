import Foundation
import QuiddlerVision
import Testing

/// PNG fixtures made for these tests (a generated gradient, palette and RGBA image), each
/// compressed differently: level 9 with all five row filters, stored blocks, level 6 palette.
@Suite struct PNGDecoderTests {
    static let rgb9 = "iVBORw0KGgoAAAANSUhEUgAAABAAAAAMCAIAAADkharWAAAAwUlEQVR42rXPIQ6CYBiH8T/qhjMwgjbDt1kcCRoNEo2NQJLC2FtoX8PEKDQCm82EzSZHIL6RAxg4AkcQbwCB7Vef8ACADlVAM3FycQ5wiWFIWAXsGk4Dr4XfIewRDUhGpAqO6hTMt5mCRba4avuDOt/u32ERuuhkCLJMsl1yAvJi8iWFBUU1JQ2lLcmOsp7ygcqRKgV3Y+3pm1h7mj2dfcGhyZHLScBpzFJyVnBec9lw1fKj42fPr4HfI38UfP1F0z+iQEe1af8YtgAAAABJRU5ErkJggg=="
    static let rgb0 = "iVBORw0KGgoAAAANSUhEUgAAABAAAAAMCAIAAADkharWAAACV0lEQVR4AQFMArP9AAAAABAAByAADjAAFUAAHFAAI2AAKnAAMYAAOJAAP6AARrAATcAAVNAAW+AAYvAAaQAAFAcQFA4gFBUwFBxAFCNQFCpgFDFwFDiAFD+QFEagFE2wFFTAFFvQFGLgFGnwFHAAACgOECgVICgcMCgjQCgqUCgxYCg4cCg/gChGkChNoChUsChbwChi0Chp4Chw8Ch3AAA8FRA8HCA8IzA8KkA8MVA8OGA8P3A8RoA8TZA8VKA8W7A8YsA8adA8cOA8d/A8fgAAUBwQUCMgUCowUDFAUDhQUD9gUEZwUE2AUFSQUFugUGKwUGnAUHDQUHfgUH7wUIUAAGQjEGQqIGQxMGQ4QGQ/UGRGYGRNcGRUgGRbkGRioGRpsGRwwGR30GR+4GSF8GSMAAB4KhB4MSB4ODB4P0B4RlB4TWB4VHB4W4B4YpB4aaB4cLB4d8B4ftB4heB4jPB4kwAAjDEQjDggjD8wjEZAjE1QjFRgjFtwjGKAjGmQjHCgjHewjH7AjIXQjIzgjJPwjJoAAKA4EKA/IKBGMKBNQKBUUKBbYKBicKBpgKBwkKB3oKB+sKCFwKCM0KCT4KCa8KChAAC0PxC0RiC0TTC0VEC0W1C0YmC0aXC0cIC0d5C0fqC0hbC0jMC0k9C0muC0ofC0qAAAyEYQyE0gyFQwyFtAyGJQyGlgyHBwyHeAyH6QyIWgyIywyJPAyJrQyKHgyKjwyK8AANxNENxUINxbMNxiQNxpUNxwYNx3cNx+gNyFkNyMoNyTsNyawNyh0Nyo4Nyv8Ny2JcrwwfKNmSQAAAAASUVORK5CYII="
    static let palette = "iVBORw0KGgoAAAANSUhEUgAAABAAAAAMCAMAAABcOc2zAAAADFBMVEX/AAAA/wAAAP8KFB4iiCkEAAAAA3RSTlP//wDXyg1BAAAAGElEQVR4nGNgYGRixosZ0MUY0NUwDBIzAHOMASGSStGVAAAAAElFTkSuQmCC"
    static let rgba = "iVBORw0KGgoAAAANSUhEUgAAAAQAAAACCAYAAAB/qH1jAAAAEUlEQVR42mM4kWLUgIwZ0AUAAkkO8ZU6VRAAAAAASUVORK5CYII="

    func bytes(_ b64: String) -> [UInt8] { [UInt8](Data(base64Encoded: b64)!) }

    func gradient(_ x: Int, _ y: Int) -> RGB { RGB(UInt8((x * 16) % 256), UInt8((y * 20) % 256), UInt8(((x + y) * 7) % 256)) }

    @Test(arguments: [rgb9, rgb0])
    func decodesRGBWithEveryFilterAndBlockType(b64: String) throws {
        let img = try PNGDecoder.decode(bytes(b64))
        #expect(img.width == 16 && img.height == 12)
        for y in 0..<12 { for x in 0..<16 { #expect(img[x, y] == gradient(x, y), "(\(x), \(y))") } }
    }

    @Test func decodesPaletteWithTransparencyOverWhite() throws {
        let img = try PNGDecoder.decode(bytes(Self.palette))
        #expect(img[0, 0] == RGB(255, 0, 0))
        #expect(img[1, 0] == RGB(0, 255, 0))
        #expect(img[2, 0] == RGB(255, 255, 255))  // index 2 is fully transparent
        #expect(img[3, 0] == RGB(10, 20, 30))
    }

    @Test func compositesAlpha() throws {
        let img = try PNGDecoder.decode(bytes(Self.rgba), background: .black)
        #expect(img[0, 0] == RGB(100, 50, 25))
    }

    @Test func brokenPNGsGiveErrors() {
        let good = bytes(Self.rgb9)
        #expect(throws: PNGDecoder.Failure.notPNG) { try PNGDecoder.decode(Array("not a png".utf8)) }
        for cut in [10, 40, good.count / 2, good.count - 20] {
            #expect(throws: PNGDecoder.Failure.self) { try PNGDecoder.decode(Array(good.prefix(cut))) }
        }
        var corrupt = good
        for i in 50..<70 { corrupt[i] ^= 0x5A }
        #expect(throws: PNGDecoder.Failure.self) { try PNGDecoder.decode(corrupt) }
    }
}
