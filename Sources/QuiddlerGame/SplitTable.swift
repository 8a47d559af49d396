/// For every sub-multiset of a space, the best way to lay down words: the most points in words,
/// then the most words. Built by dynamic programming over the mixed-radix states: the lowest
/// card of a state is either left over or in a word that contains it.
struct SplitTable {
    let space: MultisetSpace
    let candidates: WordCandidates
    /// Per state: points in words × 16 + number of words.
    private(set) var best: [Int32]
    /// Per state: -1 when the lowest card is left over, else the candidate laid down.
    private(set) var choice: [Int32]

    static let noSplit = Int32.min / 2

    /// - Complexity: O(states × candidates per lowest kind).
    init(space: MultisetSpace, trie: Trie) {
        self.space = space
        candidates = WordCandidates(space: space, trie: trie)
        var best = [Int32](repeating: 0, count: space.size)
        var choice = [Int32](repeating: -1, count: space.size)
        SplitTable.fill(&best, &choice, space: space, candidates: candidates) { c, rest in
            c.points &* 16 &+ 1 &+ rest
        } restTable: { _ in nil }
        self.best = best
        self.choice = choice
    }

    /// One DP pass. `value` combines a laid-down candidate with the best of the rest;
    /// `restTable` names another table to take the rest from (nil: this table).
    private static func fill(
        _ table: inout [Int32], _ choice: inout [Int32], space: MultisetSpace, candidates: WordCandidates,
        value: (WordCandidate, Int32) -> Int32, restTable: (WordCandidate) -> [Int32]?
    ) {
        let all = candidates.all
        for s in 1..<max(space.size, 1) {
            let j = Int(space.lowest[s])
            var b = table[s - space.radix[j]]
            var ch: Int32 = -1
            for ci in candidates.byLowest[j] {
                let c = all[Int(ci)]
                guard space.contains(s, c.packed) else { continue }
                let rest = restTable(c)?[s - c.state] ?? table[s - c.state]
                guard rest > SplitTable.noSplit else { continue }
                let v = value(c, rest)
                if v > b { b = v; ch = ci }
            }
            table[s] = b
            choice[s] = ch
        }
    }

    /// Points in words for state `s`.
    func wordPoints(_ s: Int) -> Int { Int(best[s] >> 4) }
    /// The hand value of state `s`: points in words less points left over.
    func score(_ s: Int) -> Int { 2 * wordPoints(s) - Int(space.points[s]) }
    /// Whether every card of state `s` can be laid down.
    func goesOut(_ s: Int) -> Bool { wordPoints(s) == Int(space.points[s]) }

    /// The best splits of the given states with the full tie-break: score, then going out, then
    /// the longest word, then the number of words.
    /// - Complexity: one extra DP pass per distinct word length, at most.
    func rankedSplits(_ states: [Int]) -> [Int: Split] {
        var result: [Int: Split] = [:]
        var pending = Set(states)
        for s in states where best[s] & 15 == 0 {
            result[s] = split(s, via: nil)
            pending.remove(s)
        }
        let lengths = Set(candidates.all.map(\.letters)).sorted(by: >)
        for length in lengths where !pending.isEmpty {
            // atLeast[s]: best (points, words) among splits with a word of `length` letters or more.
            var atLeast = [Int32](repeating: SplitTable.noSplit, count: space.size)
            var atLeastChoice = [Int32](repeating: -1, count: space.size)
            var restFromBest = [Bool](repeating: false, count: space.size)
            let all = candidates.all
            for s in 1..<space.size {
                let j = Int(space.lowest[s])
                var b = atLeast[s - space.radix[j]]
                var ch: Int32 = -1
                var fromBest = false
                for ci in candidates.byLowest[j] {
                    let c = all[Int(ci)]
                    guard space.contains(s, c.packed) else { continue }
                    let long = c.letters >= length
                    let rest = long ? best[s - c.state] : atLeast[s - c.state]
                    guard rest > SplitTable.noSplit else { continue }
                    let v = c.points * 16 + 1 + rest
                    if v > b { b = v; ch = ci; fromBest = long }
                }
                atLeast[s] = b
                atLeastChoice[s] = ch
                restFromBest[s] = fromBest
            }
            for s in pending where atLeast[s] > SplitTable.noSplit && atLeast[s] >> 4 == best[s] >> 4 {
                result[s] = split(s, via: (atLeastChoice, restFromBest))
                pending.remove(s)
            }
        }
        for s in pending { result[s] = split(s, via: nil) }
        return result
    }

    /// Follows the choices from state `s`: through the constrained table while `via` is given,
    /// then through the best table.
    private func split(_ start: Int, via: ([Int32], [Bool])?) -> Split {
        var words: [PlacedWord] = []
        var leftover: [Card] = []
        var s = start
        var constrained = via
        while s > 0 {
            let ch = constrained.map { $0.0[s] } ?? choice[s]
            if ch < 0 {
                let j = Int(space.lowest[s])
                leftover.append(space.kinds[j])
                s -= space.radix[j]
            } else {
                let c = candidates.all[Int(ch)]
                if let v = constrained, v.1[s] { constrained = nil }
                let cards = c.path.map { space.kinds[Int($0)] }
                words.append(PlacedWord(cards: cards))
                s -= c.state
            }
        }
        return Split(words: words, leftover: leftover)
    }
}
