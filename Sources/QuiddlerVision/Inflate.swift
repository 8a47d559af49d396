/// A DEFLATE (RFC 1951) decoder with zlib (RFC 1950) framing, enough to read PNG files without
/// another system library.
enum Inflate {
    enum Failure: Error { case corrupt(String) }

    /// Decompresses a zlib stream.
    /// - Throws: `Failure.corrupt` for a bad header, bad block or data ending early.
    static func zlib(_ data: [UInt8], expectedSize: Int = 0) throws -> [UInt8] {
        guard data.count >= 2, data[0] & 0x0F == 8, (Int(data[0]) << 8 | Int(data[1])) % 31 == 0 else {
            throw Failure.corrupt("bad zlib header")
        }
        var reader = BitReader(data: data, position: 2)
        var out: [UInt8] = []
        out.reserveCapacity(expectedSize)
        var last = false
        while !last {
            last = try reader.bits(1) == 1
            switch try reader.bits(2) {
            case 0:
                reader.alignToByte()
                let len = try reader.bits(16), nlen = try reader.bits(16)
                guard len == ~nlen & 0xFFFF else { throw Failure.corrupt("bad stored block length") }
                for _ in 0..<len { out.append(UInt8(try reader.bits(8))) }
            case 1:
                try inflateBlock(&reader, &out, Huffman.fixedLiteral, Huffman.fixedDistance)
            case 2:
                let (lit, dist) = try readDynamicTables(&reader)
                try inflateBlock(&reader, &out, lit, dist)
            default:
                throw Failure.corrupt("bad block type")
            }
        }
        return out
    }

    private static let lengthBase = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]
    private static let lengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    private static let distBase = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577]
    private static let distExtra = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]

    private static func inflateBlock(_ r: inout BitReader, _ out: inout [UInt8], _ lit: Huffman, _ dist: Huffman) throws {
        while true {
            let sym = try lit.decode(&r)
            if sym < 256 { out.append(UInt8(sym)); continue }
            if sym == 256 { return }
            let li = sym - 257
            guard li < lengthBase.count else { throw Failure.corrupt("bad length code") }
            let length = lengthBase[li] + (try r.bits(lengthExtra[li]))
            let di = try dist.decode(&r)
            guard di < distBase.count else { throw Failure.corrupt("bad distance code") }
            let distance = distBase[di] + (try r.bits(distExtra[di]))
            guard distance <= out.count else { throw Failure.corrupt("distance before the start") }
            let start = out.count - distance
            for k in 0..<length { out.append(out[start + k]) }
        }
    }

    private static func readDynamicTables(_ r: inout BitReader) throws -> (Huffman, Huffman) {
        let hlit = try r.bits(5) + 257, hdist = try r.bits(5) + 1, hclen = try r.bits(4) + 4
        let order = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]
        var codeLengths = [Int](repeating: 0, count: 19)
        for i in 0..<hclen { codeLengths[order[i]] = try r.bits(3) }
        let codeTable = Huffman(lengths: codeLengths)
        var lengths: [Int] = []
        while lengths.count < hlit + hdist {
            let sym = try codeTable.decode(&r)
            switch sym {
            case 0...15: lengths.append(sym)
            case 16:
                guard let prev = lengths.last else { throw Failure.corrupt("repeat with no previous length") }
                lengths += Array(repeating: prev, count: 3 + (try r.bits(2)))
            case 17: lengths += Array(repeating: 0, count: 3 + (try r.bits(3)))
            default: lengths += Array(repeating: 0, count: 11 + (try r.bits(7)))
            }
        }
        guard lengths.count == hlit + hdist else { throw Failure.corrupt("code lengths overrun") }
        return (Huffman(lengths: Array(lengths[0..<hlit])), Huffman(lengths: Array(lengths[hlit...])))
    }

    struct BitReader {
        let data: [UInt8]
        var position: Int
        var bitBuffer: UInt64 = 0
        var bitCount = 0

        init(data: [UInt8], position: Int) { self.data = data; self.position = position }

        @inline(__always)
        mutating func bits(_ n: Int) throws -> Int {
            if n == 0 { return 0 }
            while bitCount < n {
                guard position < data.count else { throw Failure.corrupt("data ends early") }
                bitBuffer |= UInt64(data[position]) << UInt64(bitCount)
                position += 1
                bitCount += 8
            }
            let v = Int(bitBuffer & ((1 << UInt64(n)) - 1))
            bitBuffer >>= UInt64(n)
            bitCount -= n
            return v
        }

        mutating func alignToByte() {
            let drop = bitCount % 8
            bitBuffer >>= UInt64(drop)
            bitCount -= drop
        }
    }

    /// A canonical Huffman code, decoded through a 9-bit lookup table with a slow path for longer codes.
    struct Huffman {
        private var counts = [Int](repeating: 0, count: 16)
        private var symbols: [Int] = []
        private var fast = [Int32](repeating: -1, count: 512)  // symbol << 4 | length

        init(lengths: [Int]) {
            for l in lengths { counts[l] += 1 }
            counts[0] = 0
            var offsets = [Int](repeating: 0, count: 16)
            for i in 1..<16 { offsets[i] = offsets[i - 1] + counts[i - 1] }
            symbols = [Int](repeating: 0, count: lengths.count)
            var offs = offsets
            for (s, l) in lengths.enumerated() where l > 0 { symbols[offs[l]] = s; offs[l] += 1 }
            // Fast table: enumerate codes of length ≤ 9.
            var code = 0, index = 0
            for len in 1...15 {
                for _ in 0..<counts[len] {
                    if len <= 9 {
                        var rev = 0
                        for b in 0..<len where code & (1 << b) != 0 { rev |= 1 << (len - 1 - b) }
                        var fill = rev
                        while fill < 512 { fast[fill] = Int32(symbols[index] << 4 | len); fill += 1 << len }
                    }
                    code += 1
                    index += 1
                }
                code <<= 1
            }
        }

        func decode(_ r: inout BitReader) throws -> Int {
            while r.bitCount < 9 && r.position < r.data.count {
                r.bitBuffer |= UInt64(r.data[r.position]) << UInt64(r.bitCount)
                r.position += 1
                r.bitCount += 8
            }
            let entry = fast[Int(r.bitBuffer & 511)]
            if entry >= 0, Int(entry & 15) <= r.bitCount {
                let len = Int(entry & 15)
                r.bitBuffer >>= UInt64(len)
                r.bitCount -= len
                return Int(entry >> 4)
            }
            // Slow path, bit by bit (codes longer than 9 bits, or the end of the data).
            var code = 0, first = 0, index = 0
            for len in 1...15 {
                code |= try r.bits(1)
                let count = counts[len]
                if code - first < count { return symbols[index + code - first] }
                index += count
                first = (first + count) << 1
                code <<= 1
            }
            throw Failure.corrupt("bad Huffman code")
        }

        static let fixedLiteral = Huffman(lengths: Array(repeating: 8, count: 144) + Array(repeating: 9, count: 112)
            + Array(repeating: 7, count: 24) + Array(repeating: 8, count: 8))
        static let fixedDistance = Huffman(lengths: Array(repeating: 5, count: 30))
    }
}
