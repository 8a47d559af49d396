/// Cards stored by name ("qu", "a") in files.
extension Card: Codable {
    public init(from decoder: Decoder) throws {
        let name = try decoder.singleValueContainer().decode(String.self)
        guard let card = Card(name) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "unknown card '\(printable(name.prefix(20)))'"))
        }
        self = card
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(name)
    }
}

/// A word laid on the table, as its cards, and whether the dictionary has it.
public struct LaidWord: Codable, Equatable, Sendable {
    public var cards: [Card]
    public var valid: Bool
    public init(cards: [Card], valid: Bool) {
        self.cards = cards
        self.valid = valid
    }
    /// The word's letters.
    public var text: String { cards.map(\.name).joined() }
    /// Letters, double-letter cards counting two.
    public var length: Int { cards.reduce(0) { $0 + $1.name.count } }
    public var points: Int { cards.reduce(0) { $0 + $1.points } }
}

/// What one player laid down at the end of a round.
public struct LaidDown: Codable, Equatable, Sendable {
    public var words: [LaidWord]
    public var leftovers: [Card]
    /// The player who went out (every card in a word) ends the round.
    public var wentOut: Bool

    public init(words: [LaidWord] = [], leftovers: [Card] = [], wentOut: Bool = false) {
        (self.words, self.leftovers, self.wentOut) = (words, leftovers, wentOut)
    }

    public var cardCount: Int { words.reduce(0) { $0 + $1.cards.count } + leftovers.count }

    /// Reads what a player typed: words separated by spaces, the cards of a word by `/`, and
    /// leftovers after ` - ` (`qu/e/er cl/o/y - x/z`). A word written without slashes is read
    /// letter by letter, taking qu, in, er, cl and th as one card when the word allows
    /// (`quiet` → qu/i/e/t). Each word is checked with `isWord`.
    /// - Throws: `GameError.unknownCard` for a token that is not a card.
    public static func parse(_ text: String, isWord: (String) -> Bool) throws(GameError) -> LaidDown {
        let parts = text.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        var words: [LaidWord] = []
        for token in parts[0].split(whereSeparator: \.isWhitespace) {
            let cards = token.contains("/") ? try CardParser.cards(String(token)) : try lettersToCards(String(token), isWord: isWord)
            guard !cards.isEmpty else { continue }
            let word = cards.map(\.name).joined()
            words.append(LaidWord(cards: cards, valid: cards.count >= 2 && isWord(word)))
        }
        let leftovers = parts.count > 1 ? try CardParser.cards(String(parts[1])) : []
        return LaidDown(words: words, leftovers: leftovers)
    }

    /// The cards of a word written as plain letters: single letters, with the double-letter cards
    /// taken greedily (a written "th" is the TH card). Write `t/h` for the two single cards.
    static func lettersToCards(_ text: String, isWord: (String) -> Bool) throws(GameError) -> [Card] {
        let letters = Array(text.lowercased())
        var cards: [Card] = []
        var i = 0
        while i < letters.count {
            if i + 1 < letters.count, let double = Card(String(letters[i...(i + 1)])) {
                cards.append(double)
                i += 2
            } else {
                guard let single = Card(String(letters[i])) else { throw .unknownCard(token: printable(String(letters[i]))) }
                cards.append(single)
                i += 1
            }
        }
        return cards
    }

    /// As typed: `qu/e/er cl/o/y - x/z`.
    public var typed: String {
        let w = words.map { $0.cards.map(\.name).joined(separator: "/") }.joined(separator: " ")
        return leftovers.isEmpty ? w : w + (w.isEmpty ? "- " : " - ") + leftovers.map(\.name).joined(separator: "/")
    }
}

/// One player's score for one round.
public struct RoundScore: Codable, Equatable, Sendable {
    /// Points of the valid words.
    public var wordPoints: Int
    /// Points of the leftovers and of words not in the dictionary, taken off.
    public var penalty: Int
    public var longestWordBonus: Bool
    public var mostWordsBonus: Bool
    public var total: Int { wordPoints - penalty + (longestWordBonus ? RoundScore.bonus : 0) + (mostWordsBonus ? RoundScore.bonus : 0) }
    public static let bonus = 10
}

/// The scoring rules quiddler uses at the end of a round (the help screen states them): a word
/// of two or more cards scores its points when the dictionary has it; leftovers and the cards of a
/// word it lacks are taken off; +10 for the longest word and +10 for the most words, nobody's on a
/// tie.
public enum RoundScoring {
    /// Scores one round for every player at once (the bonuses compare players).
    public static func score(_ laid: [LaidDown]) -> [RoundScore] {
        let longest = laid.map { $0.words.filter(\.valid).map(\.length).max() ?? 0 }
        let counts = laid.map { $0.words.filter(\.valid).count }
        func soleBest(_ values: [Int], _ i: Int) -> Bool {
            values[i] > 0 && values.filter { $0 == values[i] }.count == 1 && values[i] == values.max()
        }
        return laid.indices.map { i in
            let l = laid[i]
            let points = l.words.filter(\.valid).reduce(0) { $0 + $1.points }
            let penalty = l.words.filter { !$0.valid }.reduce(0) { $0 + $1.points } + l.leftovers.reduce(0) { $0 + $1.points }
            return RoundScore(wordPoints: points, penalty: penalty, longestWordBonus: laid.count > 1 && soleBest(longest, i),
                              mostWordsBonus: laid.count > 1 && soleBest(counts, i))
        }
    }
}
