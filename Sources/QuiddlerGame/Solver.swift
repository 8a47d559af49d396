/// The exact best-play solver: best word splits, and the choice between taking the discard and
/// drawing blind.
public struct Solver: Sendable {
    /// The dictionary.
    public let trie: Trie

    public init(trie: Trie) { self.trie = trie }

    /// The best split of a hand: score, then going out, then the longest word, then more words.
    /// - Complexity: exponential only in the hand size (at most 2^n sub-hands), linear in the
    ///   trie paths the hand can spell.
    public func bestSplit(of hand: [Card]) -> Split {
        guard !hand.isEmpty else { return Split(words: [], leftover: []) }
        let table = SplitTable(space: MultisetSpace(CardCounts(hand)), trie: trie)
        let full = table.space.full
        return table.rankedSplits([full])[0]
    }

    /// Takes the discard and finds the best card to drop.
    /// - Returns: the split after the drop, the dropped card, and the split of the hand as it was
    ///   (the discard dropped straight back).
    public func bestTake(hand: [Card], discard: Card) -> (split: Split, drop: Card, keep: Split) {
        let table = SplitTable(space: MultisetSpace(CardCounts(hand).adding(discard)), trie: trie)
        // One drop per kind in the hand with the discard; dropping the discard keeps the hand.
        let drops = table.space.drops
        // Only drops that reach the best score need the full tie-break.
        let top = drops.reduce(Int.min) { max($0, table.score($1.state)) }
        let contenders = drops.filter { table.score($0.state) == top }
        // The discard is one of the kinds, so the fallback is never taken.
        let keep = drops.first { $0.card == discard } ?? contenders[0]
        let ranked = table.rankedSplits(contenders.map(\.state) + [keep.state])
        var best = 0
        for i in contenders.indices.dropFirst() {
            let (a, b) = (ranked[i], ranked[best])
            // Ties: keep the discard rather than drop it straight back, then give away the cheaper card.
            if a.rank > b.rank || (a.rank == b.rank && preferDrop(contenders[i].card, over: contenders[best].card, discard: discard)) {
                best = i
            }
        }
        return (ranked[best], contenders[best].card, ranked[contenders.count])
    }

    private func preferDrop(_ a: Card, over b: Card, discard: Card) -> Bool {
        if (a == discard) != (b == discard) { return b == discard }
        return a.points < b.points
    }

    /// The full decision for a turn.
    /// - Parameters:
    ///   - hand: the cards held (3–10).
    ///   - discard: the face-up discard.
    ///   - seen: other cards known to be out of the deck.
    /// - Throws: `GameError.tooManyCopies` when the cards together exceed the deck.
    public func decide(hand: [Card], discard: Card, seen: [Card] = []) throws(GameError) -> Decision {
        try CardParser.checkAgainstDeck([hand, [discard], seen])
        let (take, drop, keep) = bestTake(hand: hand, discard: discard)
        let unseen = CardCounts.deck - CardCounts(hand + [discard] + seen)
        let outcomes = blindOutcomes(hand: hand, unseen: unseen)
        let total = outcomes.reduce(0) { $0 + $1.remaining }
        let expected = total == 0 ? Double(keep.score)
            : outcomes.reduce(0.0) { $0 + Double($1.remaining * $1.score) } / Double(total)
        let outChance = total == 0 ? (keep.goingOut ? 1 : 0)
            : Double(outcomes.filter(\.canGoOut).reduce(0) { $0 + $1.remaining }) / Double(total)
        let takeIt = Double(take.score) > expected + 1e-9
            || (abs(Double(take.score) - expected) <= 1e-9 && drop != discard)
        return Decision(
            action: takeIt ? .takeDiscard : .drawBlind, discard: discard, keep: keep, take: take, takeDrop: drop,
            blindExpected: expected, blindGoingOutChance: outChance, blindOutcomes: outcomes)
    }

    /// For each kind that may be drawn, the best score after drawing it and dropping the best card.
    public func blindOutcomes(hand: [Card], unseen: CardCounts) -> [Decision.BlindOutcome] {
        Card.all.compactMap { card in
            let remaining = unseen[card]
            guard remaining > 0 else { return nil }
            let table = SplitTable(space: MultisetSpace(CardCounts(hand).adding(card)), trie: trie)
            let space = table.space
            var best = Int.min
            var out = false
            for (_, s) in space.drops {
                best = max(best, table.score(s))
                out = out || table.goesOut(s)
            }
            return Decision.BlindOutcome(card: card, remaining: remaining, score: best, canGoOut: out)
        }
    }
}
