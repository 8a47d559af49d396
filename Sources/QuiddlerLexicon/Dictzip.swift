import CZlib

/// Random access into a dictzip file (a gzip file whose extra field lists independently
/// deflated chunks, dictzip(1)), as dictd's dictionaries are shipped: a range of the text is read
/// by inflating only the chunks that hold it.
public struct Dictzip: Sendable {
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case notDictzip(String)
        case corrupt(String)

        public var description: String {
            switch self {
            case .notDictzip(let why): "not a dictzip file: \(why)"
            case .corrupt(let why): "corrupt dictzip data: \(why)"
            }
        }
    }

    private let bytes: [UInt8]
    /// Uncompressed length of every chunk but the last.
    private let chunkLength: Int
    /// Where each chunk's compressed data starts, and one past the last.
    private let chunkStarts: [Int]

    /// - Throws: `Failure.notDictzip` when the header is not gzip with a dictzip "RA" field.
    public init(_ bytes: [UInt8]) throws(Failure) {
        func u16(_ i: Int) -> Int { Int(bytes[i]) | Int(bytes[i + 1]) << 8 }
        guard bytes.count > 18, bytes[0] == 0x1F, bytes[1] == 0x8B, bytes[2] == 8 else { throw .notDictzip("no gzip header") }
        let flags = bytes[3]
        guard flags & 4 != 0 else { throw .notDictzip("no extra field") }
        let extraLength = u16(10)
        var p = 12
        let extraEnd = p + extraLength
        guard extraEnd <= bytes.count else { throw .notDictzip("extra field runs past the end") }
        var length = 0, starts: [Int] = []
        var sizes: [Int] = []
        while p + 4 <= extraEnd {
            let id = (bytes[p], bytes[p + 1]), len = u16(p + 2)
            if id == (0x52, 0x41), len >= 6, p + 4 + len <= extraEnd {
                length = u16(p + 6)
                let count = u16(p + 8)
                guard 10 + 2 * count <= len + 4 else { throw .notDictzip("chunk table runs past its field") }
                sizes = (0..<count).map { u16(p + 10 + 2 * $0) }
            }
            p += 4 + len
        }
        guard length > 0, !sizes.isEmpty else { throw .notDictzip("no chunk table") }
        p = extraEnd
        if flags & 8 != 0 { while p < bytes.count && bytes[p] != 0 { p += 1 }; p += 1 }
        if flags & 16 != 0 { while p < bytes.count && bytes[p] != 0 { p += 1 }; p += 1 }
        if flags & 2 != 0 { p += 2 }
        starts = [p]
        for s in sizes { starts.append(starts[starts.count - 1] + s) }
        guard starts.last! <= bytes.count else { throw .notDictzip("chunks run past the end of the file") }
        self.bytes = bytes
        chunkLength = length
        chunkStarts = starts
    }

    /// The uncompressed bytes offset..<offset+count (fewer at the end of the text).
    /// - Throws: `Failure.corrupt` when a chunk does not inflate.
    public func read(offset: Int, count: Int) throws(Failure) -> [UInt8] {
        guard offset >= 0, count > 0 else { return [] }
        let first = offset / chunkLength, last = (offset + count - 1) / chunkLength
        guard first < chunkStarts.count - 1 else { return [] }
        var out: [UInt8] = []
        for c in first...min(last, chunkStarts.count - 2) { out += try inflate(chunk: c) }
        let skip = offset - first * chunkLength
        guard skip < out.count else { return [] }
        return Array(out[skip..<min(out.count, skip + count)])
    }

    private func inflate(chunk c: Int) throws(Failure) -> [UInt8] {
        var stream = z_stream()
        guard inflateInit2_(&stream, -15, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else { throw .corrupt("inflate would not start") }
        defer { inflateEnd(&stream) }
        var out = [UInt8](repeating: 0, count: chunkLength)
        let start = chunkStarts[c], end = chunkStarts[c + 1]
        let result: Int32 = bytes.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                stream.next_in = UnsafeMutablePointer(mutating: src.baseAddress! + start)
                stream.avail_in = UInt32(end - start)
                stream.next_out = dst.baseAddress!
                stream.avail_out = UInt32(dst.count)
                return CZlib.inflate(&stream, Z_SYNC_FLUSH)
            }
        }
        guard result == Z_OK || result == Z_STREAM_END || result == Z_BUF_ERROR else { throw .corrupt("chunk \(c): zlib error \(result)") }
        return Array(out[0..<(chunkLength - Int(stream.avail_out))])
    }
}
