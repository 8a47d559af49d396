/// Binary search over a text file of lines sorted by their first field (byte order), as
/// WordNet's index and exception files are: no parsing at load, O(log n) per look-up.
struct SortedLines: Sendable {
    let bytes: [UInt8]
    /// Where the sorted lines start (after any header lines, which begin with a space).
    let start: Int

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        var i = 0
        while i < bytes.count && bytes[i] == 0x20 {
            while i < bytes.count && bytes[i] != 0x0A { i += 1 }
            i += 1
        }
        start = min(i, bytes.count)
    }

    /// The line whose first field is `key`, without its newline.
    /// - Complexity: O(log n) comparisons.
    func line(forKey key: [UInt8]) -> ArraySlice<UInt8>? {
        var lo = start, hi = bytes.count
        while lo < hi {
            let mid = (lo + hi) / 2
            var s = mid
            while s > lo && bytes[s - 1] != 0x0A { s -= 1 }
            var e = s
            while e < bytes.count && bytes[e] != 0x0A { e += 1 }
            switch compare(key, lineAt: s, end: e) {
            case 0: return bytes[s..<e]
            case ..<0: hi = s
            default: lo = e + 1
            }
        }
        return nil
    }

    /// Compares `key` with the first field of the line at s..<e, as "key " against "field ".
    private func compare(_ key: [UInt8], lineAt s: Int, end e: Int) -> Int {
        var i = 0
        while true {
            let a: UInt8 = i < key.count ? key[i] : 0x20
            let b: UInt8 = s + i < e ? bytes[s + i] : 0x20
            if a != b { return Int(a) - Int(b) }
            if a == 0x20 { return 0 }
            i += 1
        }
    }
}
