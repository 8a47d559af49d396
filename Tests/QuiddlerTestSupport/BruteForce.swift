import QuiddlerGame
import QuiddlerRandom

/// A deliberately naive solver, the oracle the real one is tested against: it tries every way to
/// cut a hand into words by permuting cards, with the dictionary as a plain set of strings.
public struct BruteForce {
    public let words: Set<String>

    public init(words: Set<String>) { self.words = words }

    /// The best rank (score, going out, longest word, word count) over every split of `hand`.
    public func bestRank(_ hand: [Card]) -> (Int, Int, Int, Int) {
        var best = (Int.min, 0, 0, 0)
        search(hand.sorted(), words: []) { split in
            if split.rank > best { best = split.rank }
        }
        return best
    }

    /// Whether `split` is a legal split of `hand` with this dictionary.
    public func isValid(_ split: Split, of hand: [Card]) -> Bool {
        split.cards == hand.sorted()
            && split.words.allSatisfy { $0.cards.count >= 2 && words.contains($0.word) }
    }

    private func search(_ rest: [Card], words placed: [PlacedWord], visit: (Split) -> Void) {
        guard let first = rest.first else { visit(Split(words: placed, leftover: [])); return }
        let others = Array(rest.dropFirst())
        // The first card left over.
        search(others, words: placed) { s in visit(Split(words: s.words, leftover: s.leftover + [first])) }
        // Or in a word with some of the others, in any order.
        for mask in 1..<(1 << others.count) {
            let chosen = [first] + others.indices.filter { mask & (1 << $0) != 0 }.map { others[$0] }
            let remaining = others.indices.filter { mask & (1 << $0) == 0 }.map { others[$0] }
            var seenWords = Set<String>()
            permutations(chosen) { perm in
                let w = PlacedWord(cards: perm)
                guard words.contains(w.word), seenWords.insert(w.word).inserted else { return }
                search(remaining, words: placed + [w], visit: visit)
            }
        }
    }

    private func permutations(_ cards: [Card], _ body: ([Card]) -> Void) {
        var a = cards
        func go(_ k: Int) {
            if k == a.count { body(a); return }
            for i in k..<a.count {
                a.swapAt(k, i)
                go(k + 1)
                a.swapAt(k, i)
            }
        }
        go(0)
    }
}

/// Random hands and dictionaries for property tests.
public enum Fixtures {
    /// A hand of `n` cards dealt from a shuffled deck.
    public static func dealHand(_ n: Int, _ rng: inout SeededGenerator) -> [Card] {
        Array(CardCounts.deck.cards.shuffled(using: &rng).prefix(n))
    }

    /// A small dictionary rich in words the cards can spell: random orderings of random subsets
    /// of `cards`, plus random letter strings.
    public static func dictionary(for cards: [Card], count: Int, _ rng: inout SeededGenerator) -> [String] {
        var words: [String] = []
        for _ in 0..<count {
            if rng.next() % 4 == 0 {
                let n = 2 + Int(rng.next() % 4)
                words.append(String((0..<n).map { _ in Character(UnicodeScalar(UInt8(97 + rng.next() % 26))) }))
            } else {
                let k = 2 + Int(rng.next() % UInt64(max(1, cards.count - 1)))
                words.append(cards.shuffled(using: &rng).prefix(k).map(\.name).joined())
            }
        }
        return words
    }
}
