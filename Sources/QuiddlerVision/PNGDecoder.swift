/// Reads PNG files: 8-bit grey, grey+alpha, RGB, RGBA and palette images, not interlaced.
/// Alpha is composited over `background`.
public enum PNGDecoder {
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case notPNG
        case unsupported(String)
        case corrupt(String)
        case tooLarge(width: Int, height: Int)
        public var description: String {
            switch self {
            case .notPNG: return "not a PNG file"
            case .unsupported(let s): return "unsupported PNG: \(s)"
            case .corrupt(let s): return "corrupt PNG: \(s)"
            case .tooLarge(let w, let h): return RGBImage.tooLargeText(width: w, height: h)
            }
        }
    }

    /// A chunk type as text, its bytes escaped if they are not letters (a file could put
    /// terminal escapes there).
    static func printableType(_ type: String) -> String {
        type.unicodeScalars.allSatisfy { ("A"..."Z").contains($0) || ("a"..."z").contains($0) } ? type
            : type.unicodeScalars.map { $0.escaped(asASCII: true) }.joined()
    }

    static let signature: [UInt8] = [137, 80, 78, 71, 13, 10, 26, 10]

    /// Whether the bytes start with the PNG signature.
    public static func isPNG(_ bytes: [UInt8]) -> Bool { bytes.count >= 8 && Array(bytes[0..<8]) == signature }

    /// Decodes a PNG.
    /// - Throws: `Failure` naming what is wrong.
    public static func decode(_ bytes: [UInt8], background: RGB = .white) throws(Failure) -> RGBImage {
        guard isPNG(bytes) else { throw .notPNG }
        var p = 8
        var width = 0, height = 0, depth = 0, colorType = 0
        var palette: [UInt8] = [], paletteAlpha: [UInt8] = []
        var idat: [UInt8] = []
        func u32(_ at: Int) -> Int { Int(bytes[at]) << 24 | Int(bytes[at + 1]) << 16 | Int(bytes[at + 2]) << 8 | Int(bytes[at + 3]) }
        while p + 8 <= bytes.count {
            let length = u32(p)
            let type = String(decoding: bytes[(p + 4)..<(p + 8)], as: UTF8.self)
            let start = p + 8
            guard length >= 0, start + length + 4 <= bytes.count else { throw .corrupt("chunk \(printableType(type)) runs past the end") }
            let body = bytes[start..<(start + length)]
            guard ZlibInflate.crc32(bytes[(p + 4)..<(start + length)]) == UInt32(truncatingIfNeeded: u32(start + length)) else {
                throw .corrupt("chunk \(printableType(type)) fails its CRC check")
            }
            switch type {
            case "IHDR":
                guard length >= 13 else { throw .corrupt("short header") }
                width = u32(start); height = u32(start + 4)
                depth = Int(bytes[start + 8]); colorType = Int(bytes[start + 9])
                guard bytes[start + 12] == 0 else { throw .unsupported("interlaced") }
                guard depth == 8 else { throw .unsupported("\(depth)-bit samples") }
                guard width > 0, height > 0, width <= 16384, height <= 16384 else { throw .corrupt("size \(width)×\(height)") }
                guard width * height <= RGBImage.maxPixels else { throw .tooLarge(width: width, height: height) }
            case "PLTE": palette = Array(body)
            case "tRNS": paletteAlpha = Array(body)
            case "IDAT": idat += body
            case "IEND": p = bytes.count
            default: break
            }
            p = start + length + 4
        }
        guard width > 0 else { throw .corrupt("no header") }
        let channels: Int
        switch colorType {
        case 0: channels = 1
        case 2: channels = 3
        case 3: channels = 1
        case 4: channels = 2
        case 6: channels = 4
        default: throw .unsupported("colour type \(colorType)")
        }
        let stride = width * channels
        let raw: [UInt8]
        do { raw = try ZlibInflate.inflate(idat, limit: (stride + 1) * height) } catch {
            throw .corrupt(error == .tooLarge(limit: (stride + 1) * height) ? "image data inflates past its \(width)×\(height) size" : "bad compressed data")
        }
        guard raw.count >= (stride + 1) * height else { throw .corrupt("image data ends early") }
        var rows = [UInt8](repeating: 0, count: stride * height)
        try unfilter(raw, into: &rows, stride: stride, height: height, bpp: channels)

        var image = RGBImage(width: width, height: height)
        let bg = [Int(background.r), Int(background.g), Int(background.b)]
        image.pixels.withUnsafeMutableBufferPointer { out in
            for i in 0..<(width * height) {
                var rgb = [0, 0, 0], alpha = 255
                let s = i * channels
                switch colorType {
                case 0: rgb = [Int(rows[s]), Int(rows[s]), Int(rows[s])]
                case 2: rgb = [Int(rows[s]), Int(rows[s + 1]), Int(rows[s + 2])]
                case 3:
                    let idx = Int(rows[s])
                    if 3 * idx + 2 < palette.count { rgb = [Int(palette[3 * idx]), Int(palette[3 * idx + 1]), Int(palette[3 * idx + 2])] }
                    if idx < paletteAlpha.count { alpha = Int(paletteAlpha[idx]) }
                case 4: rgb = [Int(rows[s]), Int(rows[s]), Int(rows[s])]; alpha = Int(rows[s + 1])
                default: rgb = [Int(rows[s]), Int(rows[s + 1]), Int(rows[s + 2])]; alpha = Int(rows[s + 3])
                }
                for c in 0..<3 { out[3 * i + c] = UInt8((rgb[c] * alpha + bg[c] * (255 - alpha) + 127) / 255) }
            }
        }
        return image
    }

    private static func unfilter(_ raw: [UInt8], into rows: inout [UInt8], stride: Int, height: Int, bpp: Int) throws(Failure) {
        for y in 0..<height {
            let filter = raw[y * (stride + 1)]
            let src = y * (stride + 1) + 1
            let dst = y * stride
            for x in 0..<stride {
                let v = Int(raw[src + x])
                let a = x >= bpp ? Int(rows[dst + x - bpp]) : 0
                let b = y > 0 ? Int(rows[dst - stride + x]) : 0
                let c = (x >= bpp && y > 0) ? Int(rows[dst - stride + x - bpp]) : 0
                let out: Int
                switch filter {
                case 0: out = v
                case 1: out = v + a
                case 2: out = v + b
                case 3: out = v + (a + b) / 2
                case 4:
                    let pa = abs(b - c), pb = abs(a - c), pc = abs(a + b - 2 * c)
                    out = v + (pa <= pb && pa <= pc ? a : (pb <= pc ? b : c))
                default: throw .corrupt("bad filter \(filter)")
                }
                rows[dst + x] = UInt8(truncatingIfNeeded: out)
            }
        }
    }
}
