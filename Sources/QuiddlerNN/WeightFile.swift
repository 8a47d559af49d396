/// The weight file format.
///
/// Little-endian: magic `QNNW`, format version (u32), the network description as text (u32
/// length + UTF-8), the number of tensors (u32), then per tensor its name (u16 length + UTF-8),
/// storage type (u8: 0 float32, 1 float16), rank (u8), dimensions (u32 each) and values; last,
/// an FNV-1a 64-bit checksum of everything before it.
public enum WeightFile {
    public static let magic: [UInt8] = Array("QNNW".utf8)
    public static let version: UInt32 = 1

    /// How tensors are stored.
    public enum Storage: UInt8, Sendable {
        case float32 = 0
        case float16 = 1
    }

    /// Encodes a description and its tensors.
    /// - Parameter storage: float16 halves the file; values are rounded to the nearest half.
    public static func encode(spec: NetworkSpec, tensors: [(String, Tensor)], storage: Storage = .float32) -> [UInt8] {
        var w = ByteWriter()
        w.bytes(magic)
        w.u32(version)
        w.string(spec.description, lengthBytes: 4)
        w.u32(UInt32(tensors.count))
        for (name, t) in tensors {
            w.string(name, lengthBytes: 2)
            w.u8(storage.rawValue)
            w.u8(UInt8(t.shape.count))
            for d in t.shape { w.u32(UInt32(d)) }
            switch storage {
            case .float32: for v in t.data { w.u32(v.bitPattern) }
            case .float16: for v in t.data { w.u16(Float16(v).bitPattern) }
            }
        }
        w.u64(fnv1a64(w.out))
        return w.out
    }

    /// Decodes a weight file.
    /// - Parameters:
    ///   - bytes: the file's contents
    ///   - file: the file's name, for errors
    /// - Returns: the description and the tensors in file order
    /// - Throws: `NNError.badWeightFile` for a wrong magic or version, a bad checksum, truncation,
    ///   or an unreadable description
    public static func decode(_ bytes: [UInt8], file: String) throws(NNError) -> (spec: NetworkSpec, tensors: [(String, Tensor)]) {
        func bad(_ reason: String) -> NNError { .badWeightFile(file: file, reason: reason) }
        guard bytes.count >= 4, Array(bytes[0..<4]) == magic else { throw bad("not a quiddler weight file (no QNNW magic number)") }
        guard bytes.count >= 16 else { throw bad("truncated") }
        var r = ByteReader(bytes: bytes, end: bytes.count - 8)
        r.pos = 4
        let v = r.u32() ?? 0
        guard v == version else { throw bad("format version \(v), this quiddler reads version \(version)") }
        let stored = ByteReader.u64(bytes, at: bytes.count - 8)
        guard stored == fnv1a64(Array(bytes[0..<(bytes.count - 8)])) else {
            throw bad("checksum mismatch: the file is truncated or corrupted")
        }
        guard let specText = r.string(lengthBytes: 4) else { throw bad("truncated") }
        let spec: NetworkSpec
        do { spec = try NetworkSpec(text: specText) } catch { throw bad("unreadable network description: \(error)") }
        guard let count = r.u32() else { throw bad("truncated") }
        var tensors: [(String, Tensor)] = []
        for _ in 0..<count {
            guard let name = r.string(lengthBytes: 2), let st = r.u8(), let storage = Storage(rawValue: st), let rank = r.u8() else {
                throw bad("truncated or unknown storage type")
            }
            guard rank <= 8 else { throw bad("tensor '\(name)' has rank \(rank); at most 8 is allowed") }
            var shape: [Int] = []
            for _ in 0..<rank { guard let d = r.u32() else { throw bad("truncated") }; shape.append(Int(d)) }
            let width = storage == .float32 ? 4 : 2
            // The element count, checked against what is left of the file as it is multiplied up,
            // so no shape can overflow.
            let room = (r.end - r.pos) / width
            var n = 1
            for d in shape {
                let (product, overflow) = n.multipliedReportingOverflow(by: d)
                guard !overflow, product <= room else { throw bad("tensor '\(name)' runs past the end of the file") }
                n = product
            }
            // A rank-0 tensor (one value) has no dimension to check above.
            guard n <= room else { throw bad("tensor '\(name)' runs past the end of the file") }
            var data = [Float](repeating: 0, count: n)
            for j in 0..<n {
                // The room was checked above; a short read is still an error, not a trap.
                if storage == .float32 {
                    guard let v = r.u32() else { throw bad("tensor '\(name)' runs past the end of the file") }
                    data[j] = Float(bitPattern: v)
                } else {
                    guard let v = r.u16() else { throw bad("tensor '\(name)' runs past the end of the file") }
                    data[j] = Float(Float16(bitPattern: v))
                }
            }
            tensors.append((name, Tensor(shape: shape, data: data)))
        }
        guard r.pos == r.end else { throw bad("\(r.end - r.pos) unexpected bytes after the last tensor") }
        return (spec, tensors)
    }
}

/// FNV-1a, 64 bits.
public func fnv1a64(_ bytes: [UInt8]) -> UInt64 {
    var h: UInt64 = 0xCBF2_9CE4_8422_2325
    for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01B3 }
    return h
}

private struct ByteWriter {
    var out: [UInt8] = []
    mutating func bytes(_ b: [UInt8]) { out += b }
    mutating func u8(_ v: UInt8) { out.append(v) }
    mutating func u16(_ v: UInt16) { out.append(UInt8(v & 255)); out.append(UInt8(v >> 8)) }
    mutating func u32(_ v: UInt32) { for i in 0..<4 { out.append(UInt8(truncatingIfNeeded: v >> (8 * UInt32(i)))) } }
    mutating func u64(_ v: UInt64) { for i in 0..<8 { out.append(UInt8(truncatingIfNeeded: v >> (8 * UInt64(i)))) } }
    mutating func string(_ s: String, lengthBytes: Int) {
        let b = Array(s.utf8)
        if lengthBytes == 2 { u16(UInt16(b.count)) } else { u32(UInt32(b.count)) }
        out += b
    }
}

private struct ByteReader {
    let bytes: [UInt8]
    let end: Int
    var pos = 0
    init(bytes: [UInt8], end: Int) { self.bytes = bytes; self.end = end }

    mutating func take(_ n: Int) -> ArraySlice<UInt8>? {
        guard n >= 0, pos + n <= end else { return nil }
        defer { pos += n }
        return bytes[pos..<(pos + n)]
    }
    mutating func u8() -> UInt8? { take(1)?.first }
    mutating func u16() -> UInt16? { take(2).map { UInt16($0[$0.startIndex]) | UInt16($0[$0.startIndex + 1]) << 8 } }
    mutating func u32() -> UInt32? {
        take(4).map { s in (0..<4).reduce(UInt32(0)) { $0 | UInt32(s[s.startIndex + $1]) << (8 * UInt32($1)) } }
    }
    mutating func string(lengthBytes: Int) -> String? {
        guard let n = lengthBytes == 2 ? u16().map(Int.init) : u32().map(Int.init), let b = take(n) else { return nil }
        return String(decoding: b, as: UTF8.self)
    }
    static func u64(_ bytes: [UInt8], at p: Int) -> UInt64 {
        (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[p + $1]) << (8 * UInt64($1)) }
    }
}
