/// An 8-bit RGB image, pixels interleaved row by row.
public struct RGBImage: Equatable, Sendable {
    /// The most pixels any decoded image may have (50 MP, four times a 12 MP phone photo), so a
    /// small file cannot make the app allocate gigabytes.
    public static let maxPixels = 50_000_000

    /// The error text for an image over `maxPixels`.
    public static func tooLargeText(width: Int, height: Int) -> String {
        "the image is \(width)×\(height), \(width * height / 1_000_000) megapixels; at most \(maxPixels / 1_000_000) are read"
    }

    public let width: Int
    public let height: Int
    /// R, G, B for each pixel: `width × height × 3` bytes.
    public var pixels: [UInt8]

    /// An image filled with one colour.
    public init(width: Int, height: Int, fill: RGB = RGB(0, 0, 0)) {
        self.width = width
        self.height = height
        pixels = [UInt8](repeating: 0, count: width * height * 3)
        if fill != RGB(0, 0, 0) {
            for i in 0..<(width * height) { pixels[3 * i] = fill.r; pixels[3 * i + 1] = fill.g; pixels[3 * i + 2] = fill.b }
        }
    }

    /// An image over existing pixels.
    /// - Precondition: `pixels.count == width × height × 3`.
    public init(width: Int, height: Int, pixels: [UInt8]) {
        precondition(pixels.count == width * height * 3, "pixel buffer does not match the image size")
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// The colour at (x, y).
    public subscript(x: Int, y: Int) -> RGB {
        get { let i = 3 * (y * width + x); return RGB(pixels[i], pixels[i + 1], pixels[i + 2]) }
        set { let i = 3 * (y * width + x); pixels[i] = newValue.r; pixels[i + 1] = newValue.g; pixels[i + 2] = newValue.b }
    }

    /// The image as grey levels (ITU-R BT.601 luma).
    public var gray: GrayImage {
        var out = [UInt8](repeating: 0, count: width * height)
        for i in 0..<(width * height) { out[i] = Self.luma(pixels[3 * i], pixels[3 * i + 1], pixels[3 * i + 2]) }
        return GrayImage(width: width, height: height, pixels: out)
    }

    /// The ITU-R BT.601 luma of one colour, rounded: what `gray` gives each pixel.
    @inlinable public static func luma(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> UInt8 {
        let sum: Int = 299 * Int(r) + 587 * Int(g) + 114 * Int(b)
        return UInt8((sum + 500) / 1000)
    }
}

/// An 8-bit single-channel image.
public struct GrayImage: Equatable, Sendable {
    public let width: Int
    public let height: Int
    public var pixels: [UInt8]

    public init(width: Int, height: Int, pixels: [UInt8]) {
        precondition(pixels.count == width * height, "pixel buffer does not match the image size")
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    public subscript(x: Int, y: Int) -> UInt8 {
        get { pixels[y * width + x] }
        set { pixels[y * width + x] = newValue }
    }
}

/// A colour.
public struct RGB: Equatable, Hashable, Sendable {
    public var r, g, b: UInt8
    public init(_ r: UInt8, _ g: UInt8, _ b: UInt8) { (self.r, self.g, self.b) = (r, g, b) }

    public static let white = RGB(255, 255, 255)
    public static let black = RGB(0, 0, 0)
    public static let red = RGB(230, 40, 40)
    public static let green = RGB(40, 200, 70)
    public static let yellow = RGB(250, 210, 40)
    public static let cyan = RGB(40, 200, 230)
}
