/// One of the 31 kinds of Quiddler card: the letters a–z and the double-letter cards
/// qu, in, er, cl and th.
public struct Card: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The index of the kind, 0–30: a–z are 0–25, then qu, in, er, cl, th.
    public let index: Int

    /// The number of kinds.
    public static let kindCount = 31

    /// Every kind, in index order.
    public static let all: [Card] = (0..<kindCount).map { Card(unchecked: $0) }

    private static let names: [String] =
        (UInt8(ascii: "a")...UInt8(ascii: "z")).map { String(UnicodeScalar($0)) } + ["qu", "in", "er", "cl", "th"]
    private static let pointTable: [Int] = [
        2, 8, 8, 5, 2, 6, 6, 7, 2, 13, 8, 3, 5, 5, 2, 6, 15, 5, 3, 3, 4, 11, 10, 12, 4, 14,
        9, 7, 7, 10, 9,
    ]
    private static let copyTable: [Int] = [
        10, 2, 2, 4, 12, 2, 4, 2, 8, 2, 2, 4, 2, 6, 8, 2, 2, 6, 4, 6, 6, 2, 2, 2, 4, 2,
        2, 2, 2, 2, 2,
    ]
    private static let letterTable: [[UInt8]] = names.map { Array($0.utf8).map { $0 - UInt8(ascii: "a") } }

    private init(unchecked index: Int) { self.index = index }

    /// The kind with this index, or nil outside 0–30.
    public init?(index: Int) {
        guard (0..<Card.kindCount).contains(index) else { return nil }
        self.index = index
    }

    /// The kind written as `token` (`a`, `QU`, `th`…), or nil if there is no such card.
    public init?(_ token: some StringProtocol) {
        let lower = token.lowercased()
        guard let i = Card.names.firstIndex(of: lower) else { return nil }
        self.index = i
    }

    /// The card's letters as written on it, lowercase: `a`, `qu`.
    public var name: String { Card.names[index] }
    public var description: String { name }
    /// The points the card scores in a word (and costs when left over).
    public var points: Int { Card.pointTable[index] }
    /// How many of this kind the 118-card deck holds.
    public var copies: Int { Card.copyTable[index] }
    /// The letters the card spells, as 0–25 letter codes.
    public var letterCodes: [UInt8] { Card.letterTable[index] }
    /// Whether the card carries two letters.
    public var isDouble: Bool { index >= 26 }
    /// Whether this single letter is one of the two on `double` (the N of IN).
    public func isLetter(of double: Card) -> Bool { !isDouble && double.isDouble && double.name.contains(name) }

    public static func < (lhs: Card, rhs: Card) -> Bool { lhs.index < rhs.index }

    /// The number of cards in a full deck.
    public static let deckSize = 118
}
