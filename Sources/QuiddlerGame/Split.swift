/// A word laid down from cards.
public struct PlacedWord: Hashable, Sendable {
    /// The cards in spelling order.
    public let cards: [Card]

    public init(cards: [Card]) { self.cards = cards }

    /// The word spelled, lowercase.
    public var word: String { cards.map(\.name).joined() }
    /// The points of its cards.
    public var points: Int { cards.reduce(0) { $0 + $1.points } }
    /// Its number of letters (a double-letter card counts two).
    public var letters: Int { cards.reduce(0) { $0 + ($1.isDouble ? 2 : 1) } }
    /// The split written with slashes: `cl/o/th`.
    public var spelled: String { cards.map(\.name).joined(separator: "/") }
}

/// A hand laid out as words and leftover cards.
public struct Split: Hashable, Sendable {
    /// The words, most points first.
    public let words: [PlacedWord]
    /// The cards in no word, in kind order.
    public let leftover: [Card]

    public init(words: [PlacedWord], leftover: [Card]) {
        self.words = words.sorted { ($0.points, $1.word) > ($1.points, $0.word) }
        self.leftover = leftover.sorted()
    }

    /// Points of the cards in words less points of the leftover cards.
    public var score: Int {
        words.reduce(0) { $0 + $1.points } - leftover.reduce(0) { $0 + $1.points }
    }
    /// Whether every card is in a word.
    public var goingOut: Bool { leftover.isEmpty && !words.isEmpty }
    /// Letters in the longest word (0 without words).
    public var longestWord: Int { words.map(\.letters).max() ?? 0 }
    /// All the cards of the split.
    public var cards: [Card] { (words.flatMap(\.cards) + leftover).sorted() }

    /// The order in which splits are preferred: score, going out, the longest word, more words.
    public var rank: (Int, Int, Int, Int) { (score, goingOut ? 1 : 0, longestWord, words.count) }
}
