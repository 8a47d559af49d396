/// Every sub-multiset of a hand that spells a word of the trie with at least two cards, one
/// spelling kept per sub-multiset (the first found in kind order).
///
/// Stored as parallel arrays sorted by the position of each candidate's lowest kind, so the
/// dynamic program scans one contiguous range per state without touching reference counts.
struct WordCandidates {
    /// Per candidate: index of the sub-multiset of cards it uses.
    let state: [Int32]
    /// Per candidate: packed count fields of that sub-multiset.
    let packed: [UInt64]
    /// Per candidate: points of its cards × 16 + 1 (one word), ready to add to a table entry.
    let value: [Int32]
    /// Per candidate: letters in the word.
    let letters: [Int32]
    /// Per candidate: the kind positions (into the space's kinds) in spelling order.
    let path: [[UInt8]]
    /// Candidates whose lowest kind is at position j lie in `groupStart[j]..<groupStart[j+1]`.
    let groupStart: [Int]

    var count: Int { state.count }

    /// Enumerates the candidates by walking the trie with the hand's cards.
    /// - Complexity: proportional to the number of trie paths the cards can spell.
    init(space: MultisetSpace, trie: Trie) {
        var walker = Walker(space: space, trie: trie)
        walker.walk(node: 0, state: 0, cards: 0)
        let found = walker.found
        let order = found.indices.sorted {
            (space.lowest[found[$0].state], $0) < (space.lowest[found[$1].state], $1)
        }
        state = order.map { Int32(found[$0].state) }
        packed = order.map { space.packed[found[$0].state] }
        value = order.map { found[$0].points * 16 + 1 }
        letters = order.map { Int32(found[$0].letters) }
        path = order.map { found[$0].path }
        var starts = [Int](repeating: 0, count: space.kinds.count + 1)
        for i in order { starts[Int(space.lowest[found[i].state]) + 1] += 1 }
        for j in 0..<space.kinds.count { starts[j + 1] += starts[j] }
        groupStart = starts
    }

    private struct Found {
        let state: Int
        let points: Int32
        let letters: Int
        let path: [UInt8]
    }

    private struct Walker {
        let space: MultisetSpace
        let trie: Trie
        let first: [UInt8]
        let second: [Int16]  // -1 for single-letter cards
        let kindPoints: [Int32]
        var remaining: [Int]
        var path: [UInt8] = []
        var points: Int32 = 0
        var letters = 0
        var seen: [Bool]
        var found: [Found] = []

        init(space: MultisetSpace, trie: Trie) {
            self.space = space
            self.trie = trie
            first = space.kinds.map { $0.letterCodes[0] }
            second = space.kinds.map { $0.isDouble ? Int16($0.letterCodes[1]) : -1 }
            kindPoints = space.kinds.map { Int32($0.points) }
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
                points += kindPoints[j]
                letters += second[j] >= 0 ? 2 : 1
                if cards >= 1 && !seen[nextState] && trie.isWord(next) {
                    seen[nextState] = true
                    found.append(Found(state: nextState, points: points, letters: letters, path: path))
                }
                if trie.mask[Int(next)] & ~Trie.terminalBit != 0 {
                    walk(node: next, state: nextState, cards: cards + 1)
                }
                letters -= second[j] >= 0 ? 2 : 1
                points -= kindPoints[j]
                path.removeLast()
                remaining[j] += 1
            }
        }
    }
}
