/// A multiset of cards: how many of each of the 31 kinds.
public struct CardCounts: Hashable, Sendable, Sequence {
    private var counts: [Int]

    /// An empty multiset.
    public init() { counts = Array(repeating: 0, count: Card.kindCount) }

    /// The multiset of `cards`.
    public init(_ cards: some Sequence<Card>) {
        self.init()
        for c in cards { counts[c.index] += 1 }
    }

    /// The full 118-card deck.
    public static var deck: CardCounts {
        var d = CardCounts()
        for c in Card.all { d[c] = c.copies }
        return d
    }

    public subscript(card: Card) -> Int {
        get { counts[card.index] }
        set { counts[card.index] = newValue }
    }

    /// The number of cards.
    public var total: Int { counts.reduce(0, +) }
    /// The sum of the cards' points.
    public var points: Int { Card.all.reduce(0) { $0 + counts[$1.index] * $1.points } }
    /// The cards in kind order, each repeated by its count.
    public var cards: [Card] { Card.all.flatMap { Array(repeating: $0, count: counts[$0.index]) } }
    /// The kinds present, in kind order.
    public var kinds: [Card] { Card.all.filter { counts[$0.index] > 0 } }

    public func makeIterator() -> IndexingIterator<[Card]> { cards.makeIterator() }

    /// This multiset with one more `card`.
    public func adding(_ card: Card) -> CardCounts { var c = self; c[card] += 1; return c }
    /// This multiset with one `card` fewer (unchanged if there is none).
    public func removing(_ card: Card) -> CardCounts { var c = self; c[card] = Swift.max(0, c[card] - 1); return c }
    /// The multiset union (counts added).
    public static func + (a: CardCounts, b: CardCounts) -> CardCounts {
        var c = a
        for k in Card.all { c[k] += b[k] }
        return c
    }
    /// The multiset difference, floored at zero.
    public static func - (a: CardCounts, b: CardCounts) -> CardCounts {
        var c = a
        for k in Card.all { c[k] = Swift.max(0, a[k] - b[k]) }
        return c
    }
}
