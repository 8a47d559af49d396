import CPNG
import QuiddlerImage

/// PNG decoding with libpng's simplified API: every colour type and bit depth, interlaced or not,
/// with libpng's CRC and zlib's Adler-32 checks. The declared size is checked against
/// `RGBImage.maxPixels` before any pixel memory is taken, and inflation never writes past the
/// declared rows, so a small file cannot take gigabytes.
public enum PNGCodec {
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case notPNG
        case corrupt(String)
        case tooLarge(width: Int, height: Int)
        public var description: String {
            switch self {
            case .notPNG: return "not a PNG file"
            case .corrupt(let s): return "corrupt PNG: \(printable(s))"
            case .tooLarge(let w, let h): return RGBImage.tooLargeText(width: w, height: h)
            }
        }
    }

    static let signature: [UInt8] = [137, 80, 78, 71, 13, 10, 26, 10]

    /// Whether the bytes start with the PNG signature.
    public static func isPNG(_ bytes: [UInt8]) -> Bool { bytes.count >= 8 && Array(bytes[0..<8]) == signature }

    /// Decodes a PNG to RGB; alpha is composited over `background`.
    /// - Throws: `Failure` naming what is wrong.
    public static func decode(_ bytes: [UInt8], background: RGB = .white) throws(Failure) -> RGBImage {
        guard isPNG(bytes) else { throw .notPNG }
        var image = png_image()
        image.version = UInt32(PNG_IMAGE_VERSION)
        defer { png_image_free(&image) }
        let begun = bytes.withUnsafeBytes { png_image_begin_read_from_memory(&image, $0.baseAddress, $0.count) }
        guard begun != 0 else { throw .corrupt(message(image)) }
        let width = Int(image.width), height = Int(image.height)
        guard width > 0, height > 0, width.multipliedReportingOverflow(by: height).partialValue <= RGBImage.maxPixels,
              width <= RGBImage.maxPixels, height <= RGBImage.maxPixels else { throw .tooLarge(width: width, height: height) }
        image.format = UInt32(PNG_FORMAT_RGB)
        var out = RGBImage(width: width, height: height)
        var ground = png_color(red: background.r, green: background.g, blue: background.b)
        let done = out.pixels.withUnsafeMutableBytes { buffer in
            png_image_finish_read(&image, &ground, buffer.baseAddress, Int32(3 * width), nil)
        }
        guard done != 0 else { throw .corrupt(message(image)) }
        return out
    }

    /// libpng's message for the last failure.
    private static func message(_ image: png_image) -> String {
        withUnsafeBytes(of: image.message) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
    }

    /// Text from a file, with anything that is not printable ASCII escaped (a file could put
    /// terminal escapes in a chunk name that libpng then quotes).
    static func printable(_ s: String) -> String {
        s.unicodeScalars.map { (0x20..<0x7F).contains($0.value) ? String($0) : $0.escaped(asASCII: true) }.joined()
    }
}
