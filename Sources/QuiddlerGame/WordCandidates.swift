/// One way to spell a dictionary word with some of a hand's cards.
struct WordCandidate {
    /// Index of the sub-multiset of cards it uses.
    let state: Int
    /// Packed count fields of that sub-multiset.
    let packed: UInt64
    /// Points of its cards.
    let points: Int32
    /// Letters in the word.
    let letters: Int
    /// The kind positions (into the space's kinds) in spelling order.
    let path: [UInt8]
}

/// Every sub-multiset of a hand that spells a word of the trie with at least two cards, one
/// spelling kept per sub-multiset (the first found in kind order).
struct WordCandidates {
    let all: [WordCandidate]
    /// Candidate indices grouped by the position of their lowest kind.
    let byLowest: [[Int32]]

    /// Enumerates the candidates by walking the trie with the hand's cards.
    /// - Complexity: proportional to the number of trie paths the cards can spell.
    init(space: MultisetSpace, trie: Trie) {
        var walker = Walker(space: space, trie: trie)
        walker.walk(node: 0, state: 0, cards: 0)
        all = walker.found
        var groups = [[Int32]](repeating: [], count: space.kinds.count)
        for (i, c) in walker.found.enumerated() {
            groups[Int(space.lowest[c.state])].append(Int32(i))
        }
        byLowest = groups
    }

    private struct Walker {
        let space: MultisetSpace
        let trie: Trie
        let first: [UInt8]
        let second: [Int16]  // -1 for single-letter cards
        var remaining: [Int]
        var path: [UInt8] = []
        var letters = 0
        var seen: [Bool]
        var found: [WordCandidate] = []

        init(space: MultisetSpace, trie: Trie) {
            self.space = space
            self.trie = trie
            first = space.kinds.map { $0.letterCodes[0] }
            second = space.kinds.map { $0.isDouble ? Int16($0.letterCodes[1]) : -1 }
            remaining = space.counts
            seen = [Bool](repeating: false, count: space.size)
        }

        mutating func walk(node: Int32, state: Int, cards: Int) {
            for j in 0..<remaining.count where remaining[j] > 0 {
                var next = trie.child(node, first[j])
                if next < 0 { continue }
                if second[j] >= 0 {
                    next = trie.child(next, UInt8(second[j]))
                    if next < 0 { continue }
                }
                let nextState = state + space.radix[j]
                remaining[j] -= 1
                path.append(UInt8(j))
                letters += second[j] >= 0 ? 2 : 1
                if cards >= 1 && !seen[nextState] && trie.isWord(next) {
                    seen[nextState] = true
                    var pts: Int32 = 0
                    for k in path { pts += Int32(space.kinds[Int(k)].points) }
                    found.append(WordCandidate(state: nextState, packed: space.packed[nextState], points: pts, letters: letters, path: path))
                }
                if trie.mask[Int(next)] & ~Trie.terminalBit != 0 {
                    walk(node: next, state: nextState, cards: cards + 1)
                }
                letters -= second[j] >= 0 ? 2 : 1
                path.removeLast()
                remaining[j] += 1
            }
        }
    }
}
