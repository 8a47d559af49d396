/// A compact prefix tree over the letters a–z.
///
/// Each node is a 32-bit word: bits 0–25 say which letters have a child, bit 31 that a word ends
/// here. The children of a node lie side by side in letter order, starting at `first[node]`, so a
/// child is found with one popcount. The root is node 0.
public struct Trie: Sendable {
    /// Per node: child letters (bits 0–25) and the end-of-word flag (bit 31).
    public private(set) var mask: [UInt32]
    /// Per node: index of the first child.
    public private(set) var first: [Int32]
    /// The number of words.
    public let wordCount: Int

    static let terminalBit: UInt32 = 1 << 31

    /// Builds the trie of a word list.
    /// - Complexity: O(total letters).
    public init(_ list: WordList) {
        let words = list.words
        var mask: [UInt32] = []
        var first: [Int32] = []
        // Breadth-first: each pending node is the range of sorted words sharing its prefix of `depth` letters.
        var queue: [(lo: Int, hi: Int, depth: Int)] = [(0, words.count, 0)]
        var head = 0
        mask.reserveCapacity(words.count * 3)
        first.reserveCapacity(words.count * 3)
        while head < queue.count {
            let (lo, hi, depth) = queue[head]
            head += 1
            var m: UInt32 = 0
            var i = lo
            if i < hi && words[i].count == depth { m |= Trie.terminalBit; i += 1 }
            first.append(Int32(queue.count))
            while i < hi {
                let letter = words[i][depth]
                var j = i + 1
                while j < hi && words[j][depth] == letter { j += 1 }
                m |= 1 << UInt32(letter)
                queue.append((i, j, depth + 1))
                i = j
            }
            mask.append(m)
        }
        self.mask = mask
        self.first = first
        self.wordCount = words.count
    }

    /// The number of nodes.
    public var nodeCount: Int { mask.count }

    /// The child of `node` along `letter` (0–25), or -1.
    @inline(__always)
    public func child(_ node: Int32, _ letter: UInt8) -> Int32 {
        let m = mask[Int(node)]
        let bit: UInt32 = 1 << UInt32(letter)
        if m & bit == 0 { return -1 }
        return first[Int(node)] + Int32((m & (bit &- 1)).nonzeroBitCount)
    }

    /// Whether a word ends at `node`.
    @inline(__always)
    public func isWord(_ node: Int32) -> Bool { mask[Int(node)] & Trie.terminalBit != 0 }

    /// Whether `word` (lowercase a–z) is in the trie.
    public func contains(_ word: String) -> Bool {
        var node: Int32 = 0
        for b in word.utf8 {
            guard (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(b) else { return false }
            node = child(node, b - UInt8(ascii: "a"))
            if node < 0 { return false }
        }
        return isWord(node)
    }
}
