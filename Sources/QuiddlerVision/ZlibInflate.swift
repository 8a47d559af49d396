import CZlib

/// zlib's inflate with a cap on the output, for PNG image data: a small file that claims to
/// inflate to gigabytes (a zlib bomb) is refused as soon as it passes what its header declared.
enum ZlibInflate {
    enum Failure: Error, Equatable { case corrupt(String), tooLarge(limit: Int) }

    /// Decompresses a zlib stream (Adler-32 checked by zlib) into at most `limit` bytes.
    /// - Throws: `Failure.tooLarge` past the limit, `Failure.corrupt` for bad or truncated data.
    static func inflate(_ data: [UInt8], limit: Int) throws(Failure) -> [UInt8] {
        var stream = z_stream()
        guard inflateInit_(&stream, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else { throw .corrupt("inflate would not start") }
        defer { inflateEnd(&stream) }
        // One byte of room past the limit tells "exactly the limit" from "more than the limit".
        var out = [UInt8](repeating: 0, count: limit + 1)
        let status: Int32 = data.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                stream.next_in = UnsafeMutablePointer(mutating: src.baseAddress)
                stream.avail_in = UInt32(src.count)
                stream.next_out = dst.baseAddress
                stream.avail_out = UInt32(dst.count)
                return CZlib.inflate(&stream, Z_FINISH)
            }
        }
        let produced = out.count - Int(stream.avail_out)
        if produced > limit { throw .tooLarge(limit: limit) }
        guard status == Z_STREAM_END else { throw .corrupt(status == Z_BUF_ERROR ? "data ends early" : "zlib error \(status)") }
        out.removeLast(out.count - produced)
        return out
    }

    /// The CRC-32 of a chunk's type and data, as PNG stores it.
    static func crc32(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        bytes.withUnsafeBufferPointer { UInt32(CZlib.crc32(0, $0.baseAddress, UInt32($0.count))) }
    }
}
