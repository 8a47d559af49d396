import QuiddlerImage

/// Pixel-format conversions, kept apart from the device code so they can be tested on their own.
public enum PixelFormats {
    /// Converts packed YUYV 4:2:2 (Y0 U Y1 V for each pair of pixels) to RGB with the BT.601
    /// limited-range equations webcams use.
    /// - Parameters:
    ///   - yuyv: `width × height × 2` bytes
    ///   - stride: bytes per source row (at least `width × 2`)
    public static func yuyvToRGB(_ yuyv: UnsafeRawBufferPointer, width: Int, height: Int, stride: Int? = nil) -> RGBImage {
        let rowBytes = stride ?? width * 2
        var out = RGBImage(width: width, height: height)
        let src = yuyv.bindMemory(to: UInt8.self)
        out.pixels.withUnsafeMutableBufferPointer { dst in
            for y in 0..<height {
                for pair in 0..<(width / 2) {
                    let s = y * rowBytes + pair * 4
                    guard s + 3 < src.count else { return }
                    let u = Int(src[s + 1]) - 128, v = Int(src[s + 3]) - 128
                    for k in 0..<2 {
                        let c = 298 * (Int(src[s + 2 * k]) - 16)
                        let d = 3 * (y * width + pair * 2 + k)
                        dst[d] = clamp((c + 409 * v + 128) >> 8)
                        dst[d + 1] = clamp((c - 100 * u - 208 * v + 128) >> 8)
                        dst[d + 2] = clamp((c + 516 * u + 128) >> 8)
                    }
                }
            }
        }
        return out
    }

    /// Packed RGB rows, `stride` bytes apart (padding dropped), as an image.
    public static func rgb24(_ data: UnsafeRawBufferPointer, width: Int, height: Int, stride: Int) -> RGBImage {
        var out = RGBImage(width: width, height: height)
        let src = data.bindMemory(to: UInt8.self)
        out.pixels.withUnsafeMutableBufferPointer { dst in
            for y in 0..<height where y * stride + width * 3 <= src.count {
                for i in 0..<(width * 3) { dst[y * width * 3 + i] = src[y * stride + i] }
            }
        }
        return out
    }

    /// A frame's row stride and size as the driver reports them after S_FMT, made sane as
    /// v4l-utils' capture example does: a row is at least `width` pixels, a frame at least
    /// `height` rows (some drivers report 0 or too little).
    public static func frameLayout(width: Int, height: Int, bytesPerPixel: Int, bytesPerLine: Int, sizeImage: Int) -> (bytesPerLine: Int, sizeImage: Int) {
        let stride = max(bytesPerLine, width * bytesPerPixel)
        return (stride, max(sizeImage, stride * height))
    }

    @inline(__always)
    private static func clamp(_ x: Int) -> UInt8 { UInt8(min(255, max(0, x))) }
}
