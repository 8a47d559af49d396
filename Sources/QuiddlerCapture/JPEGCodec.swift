import CTurboJPEG
import QuiddlerImage

/// JPEG decoding and encoding with libturbojpeg. One codec is not safe to share between threads;
/// make one per thread.
public final class JPEGCodec {
    /// Decode-time downscaling: libjpeg skips work, so a ½ or ¼ decode is much faster.
    public enum Scale: Int, Sendable {
        case full = 1, half = 2, quarter = 4
    }

    private let decompressor: tjhandle?
    private let compressor: tjhandle?

    public init() {
        decompressor = tjInitDecompress()
        compressor = tjInitCompress()
    }

    deinit {
        if let decompressor { tjDestroy(decompressor) }
        if let compressor { tjDestroy(compressor) }
    }

    /// The width and height a JPEG declares, without decoding it.
    /// - Throws: `CaptureError.badJPEG` when the header cannot be read.
    public func dimensions(_ data: UnsafeRawBufferPointer) throws(CaptureError) -> (width: Int, height: Int) {
        guard let decompressor, let base = data.baseAddress, data.count > 0 else { throw .badJPEG("empty data") }
        var w: Int32 = 0, h: Int32 = 0, sub: Int32 = 0, cs: Int32 = 0
        guard tjDecompressHeader3(decompressor, base.assumingMemoryBound(to: UInt8.self), UInt(data.count), &w, &h, &sub, &cs) == 0 else {
            throw .badJPEG(errorText(decompressor))
        }
        return (Int(w), Int(h))
    }

    /// Decodes a JPEG (baseline or progressive) to RGB.
    /// - Parameters:
    ///   - data: the JPEG bytes
    ///   - scale: decode-time downscaling
    ///   - orient: turn the image upright as its EXIF orientation tag says
    /// - Throws: `CaptureError.badJPEG` for truncated, corrupt or non-JPEG data.
    public func decode(_ data: UnsafeRawBufferPointer, scale: Scale = .full, orient: Bool = true) throws(CaptureError) -> RGBImage {
        guard let decompressor, let base = data.baseAddress, data.count > 0 else { throw .badJPEG("empty data") }
        let (w, h) = try dimensions(data)
        let sw = (w + scale.rawValue - 1) / scale.rawValue, sh = (h + scale.rawValue - 1) / scale.rawValue
        guard w > 0, h > 0, w <= 16384, h <= 16384 else { throw .badJPEG("implausible size \(w)×\(h)") }
        guard sw * sh <= RGBImage.maxPixels else { throw .badJPEG(RGBImage.tooLargeText(width: w, height: h)) }
        var pixels = [UInt8](repeating: 0, count: sw * sh * 3)
        let flags = TJFLAG_STOPONWARNING
        let r = pixels.withUnsafeMutableBufferPointer { out in
            tjDecompress2(decompressor, base.assumingMemoryBound(to: UInt8.self), UInt(data.count), out.baseAddress,
                          Int32(sw), 0, Int32(sh), Int32(TJPF_RGB.rawValue), flags)
        }
        guard r == 0 else { throw .badJPEG(errorText(decompressor)) }
        let image = RGBImage(width: sw, height: sh, pixels: pixels)
        if orient, let o = ExifOrientation.read(data), o != 1 { return image.applyingOrientation(o) }
        return image
    }

    /// Decodes JPEG bytes held in an array.
    public func decode(_ bytes: [UInt8], scale: Scale = .full, orient: Bool = true) throws(CaptureError) -> RGBImage {
        try bytes.withUnsafeBytes { p in
            Result { () throws(CaptureError) -> RGBImage in try decode(p, scale: scale, orient: orient) }
        }.get()
    }

    /// Encodes an RGB image as a JPEG with 4:2:0 chroma subsampling.
    /// - Parameters:
    ///   - quality: 1–100
    ///   - progressive: write a progressive JPEG instead of a baseline one
    public func encode(_ image: RGBImage, quality: Int = 90, progressive: Bool = false) throws(CaptureError) -> [UInt8] {
        guard let compressor else { throw .badJPEG("the JPEG encoder could not start") }
        var jpeg: UnsafeMutablePointer<UInt8>?
        var size: UInt = 0
        let r = image.pixels.withUnsafeBufferPointer { src in
            tjCompress2(compressor, src.baseAddress, Int32(image.width), 0, Int32(image.height), Int32(TJPF_RGB.rawValue),
                        &jpeg, &size, Int32(TJSAMP_420.rawValue), Int32(min(100, max(1, quality))), progressive ? TJFLAG_PROGRESSIVE : 0)
        }
        defer { if let jpeg { tjFree(jpeg) } }
        guard r == 0, let jpeg else { throw .badJPEG(errorText(compressor)) }
        return Array(UnsafeBufferPointer(start: jpeg, count: Int(size)))
    }

    private func errorText(_ handle: tjhandle) -> String {
        guard let s = tjGetErrorStr2(handle) else { return "unknown error" }
        return String(cString: s)
    }
}

/// Reads the EXIF orientation tag (1–8) of a JPEG, if it has one.
public enum ExifOrientation {
    /// - Returns: the tag's value, or nil when there is no EXIF block or no orientation in it.
    public static func read(_ data: UnsafeRawBufferPointer) -> Int? {
        let b = data.bindMemory(to: UInt8.self)
        guard b.count > 4, b[0] == 0xFF, b[1] == 0xD8 else { return nil }
        var p = 2
        while p + 4 <= b.count, b[p] == 0xFF {
            let marker = b[p + 1]
            let length = Int(b[p + 2]) << 8 | Int(b[p + 3])
            if marker == 0xDA || length < 2 { return nil }  // start of scan: no EXIF before the image
            let segment = p + 4
            if marker == 0xE1, segment + 14 <= b.count, b[segment] == 0x45, b[segment + 1] == 0x78,
               b[segment + 2] == 0x69, b[segment + 3] == 0x66 {
                return parseTIFF(b, start: segment + 6, end: min(b.count, p + 2 + length))
            }
            p += 2 + length
        }
        return nil
    }

    private static func parseTIFF(_ b: UnsafeBufferPointer<UInt8>, start: Int, end: Int) -> Int? {
        guard start + 8 <= end else { return nil }
        let little = b[start] == 0x49
        func u16(_ at: Int) -> Int? {
            guard at + 2 <= end else { return nil }
            return little ? Int(b[at]) | Int(b[at + 1]) << 8 : Int(b[at]) << 8 | Int(b[at + 1])
        }
        func u32(_ at: Int) -> Int? {
            guard let lo = u16(little ? at : at + 2), let hi = u16(little ? at + 2 : at) else { return nil }
            return hi << 16 | lo
        }
        guard let ifd = u32(start + 4), let count = u16(start + ifd) else { return nil }
        for i in 0..<min(count, 512) {
            let entry = start + ifd + 2 + 12 * i
            guard let tag = u16(entry) else { return nil }
            if tag == 0x0112, let value = u16(entry + 8), (1...8).contains(value) { return value }
        }
        return nil
    }
}
