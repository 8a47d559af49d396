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
        (best, choice) = SplitTable.fill(space: space, candidates: candidates, minLetters: nil, best: nil)
    }

    /// One DP pass. Without `minLetters` it finds the best split of every state. With it, the
    /// best split that holds a word of at least `minLetters` letters (`noSplit` where none does):
    /// after laying down such a word, the rest comes from `best`. A choice encodes a candidate
    /// `c` as `c` when the rest stays in this table and as `-2 - c` when it comes from `best`.
    private static func fill(space: MultisetSpace, candidates: WordCandidates, minLetters: Int32?, best: [Int32]?)
        -> ([Int32], [Int32])
    {
        let n = space.size
        var table = [Int32](repeating: minLetters == nil ? 0 : noSplit, count: n)
        var choice = [Int32](repeating: -1, count: n)
        let guardBits = MultisetSpace.guardBits
        space.packed.withUnsafeBufferPointer { packedS in
        space.lowest.withUnsafeBufferPointer { lowest in
        space.radix.withUnsafeBufferPointer { radix in
        candidates.state.withUnsafeBufferPointer { cState in
        candidates.packed.withUnsafeBufferPointer { cPacked in
        candidates.value.withUnsafeBufferPointer { cValue in
        candidates.letters.withUnsafeBufferPointer { cLetters in
        (best ?? []).withUnsafeBufferPointer { bestT in
        table.withUnsafeMutableBufferPointer { t in
        choice.withUnsafeMutableBufferPointer { ch in
            for s in 1..<max(n, 1) {
                let j = Int(lowest[s])
                var b = t[s - radix[j]]
                var pick: Int32 = -1
                let ps = packedS[s] | guardBits
                for ci in candidates.groupStart[j]..<candidates.groupStart[j + 1] {
                    guard (ps &- cPacked[ci]) & guardBits == guardBits else { continue }
                    let restIndex = s - Int(cState[ci])
                    var rest = t[restIndex]
                    var encoded = Int32(ci)
                    if let minLetters, cLetters[ci] >= minLetters {
                        rest = bestT[restIndex]
                        encoded = -2 - Int32(ci)
                    }
                    guard rest > noSplit else { continue }
                    let v = cValue[ci] &+ rest
                    if v > b { b = v; pick = encoded }
                }
                t[s] = b
                ch[s] = pick
            }
        }}}}}}}}}}
        return (table, choice)
    }

    /// Points in words for state `s`.
    func wordPoints(_ s: Int) -> Int { Int(best[s] >> 4) }
    /// The hand value of state `s`: points in words less points left over.
    func score(_ s: Int) -> Int { 2 * wordPoints(s) - Int(space.points[s]) }
    /// Whether every card of state `s` can be laid down.
    func goesOut(_ s: Int) -> Bool { wordPoints(s) == Int(space.points[s]) }

    /// The best splits of the given states with the full tie-break: score, then going out, then
    /// the longest word, then the number of words.
    /// - Returns: the split of each state, in the order given.
    /// - Complexity: one extra DP pass per distinct word length, at most.
    func rankedSplits(_ states: [Int]) -> [Split] {
        var result: [Int: Split] = [:]
        var pending = Set(states.filter { best[$0] & 15 != 0 })
        let lengths = Set(candidates.letters).sorted(by: >)
        for length in lengths where !pending.isEmpty {
            let (atLeast, atLeastChoice) = SplitTable.fill(space: space, candidates: candidates, minLetters: length, best: best)
            for s in pending where atLeast[s] > SplitTable.noSplit && atLeast[s] >> 4 == best[s] >> 4 {
                result[s] = split(s, constrained: atLeastChoice)
                pending.remove(s)
            }
        }
        return states.map { result[$0] ?? split($0, constrained: nil) }
    }

    /// Follows the choices from state `s`: through the constrained choices while given, then
    /// through the best table's.
    private func split(_ start: Int, constrained: [Int32]?) -> Split {
        var words: [PlacedWord] = []
        var leftover: [Card] = []
        var s = start
        var constrained = constrained
        while s > 0 {
            var ch = constrained?[s] ?? choice[s]
            if ch <= -2 { ch = -2 - ch; constrained = nil }
            if ch < 0 {
                let j = Int(space.lowest[s])
                leftover.append(space.kinds[j])
                s -= space.radix[j]
            } else {
                words.append(PlacedWord(cards: candidates.path[Int(ch)].map { space.kinds[Int($0)] }))
                s -= Int(candidates.state[Int(ch)])
            }
        }
        return Split(words: words, leftover: leftover)
    }
}
