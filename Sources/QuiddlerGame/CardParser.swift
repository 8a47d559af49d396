/// Reads card lists written by people: `a/cl/g/in/th`, `a cl g in th`, `A,CL,g`, any case.
public enum CardParser {
    /// Parses a list of cards.
    /// - Parameter text: tokens separated by `/`, spaces, commas or semicolons.
    /// - Returns: the cards in the order written.
    /// - Throws: `GameError.unknownCard` naming the first token that is not a card.
    public static func cards(_ text: String) throws(GameError) -> [Card] {
        var result: [Card] = []
        for token in text.split(whereSeparator: { $0.isWhitespace || $0 == "/" || $0 == "," || $0 == ";" }) {
            guard let card = Card(token) else { throw .unknownCard(token: printable(token.prefix(20))) }
            result.append(card)
        }
        return result
    }

    /// Parses a hand of 3–10 cards.
    /// - Throws: `GameError.unknownCard`, `.handSize`, or `.tooManyCopies`.
    public static func hand(_ text: String) throws(GameError) -> [Card] {
        let cards = try cards(text)
        guard (3...10).contains(cards.count) else { throw .handSize(count: cards.count) }
        try checkAgainstDeck([cards])
        return cards
    }

    /// Parses exactly one card.
    /// - Throws: `GameError.unknownCard` or `.noCards`.
    public static func card(_ text: String, what: String) throws(GameError) -> Card {
        let cards = try cards(text)
        guard let first = cards.first else { throw .noCards(what: what) }
        guard cards.count == 1 else { throw .notOneCard(what: what, text: printable(text.prefix(20)), count: cards.count) }
        return first
    }

    /// Checks that the groups together hold no more copies of a kind than the deck.
    /// - Throws: `GameError.tooManyCopies` for the first kind over its count.
    public static func checkAgainstDeck(_ groups: [[Card]]) throws(GameError) {
        let counts = CardCounts(groups.joined())
        for card in Card.all where counts[card] > card.copies {
            throw .tooManyCopies(card: card, count: counts[card])
        }
    }
}

/// The text with control and format characters escaped, safe to show on one line of a terminal.
public func printable(_ text: some StringProtocol) -> String {
    // Control characters, and format characters such as the bidirectional overrides (U+202E),
    // would act on the terminal; show them escaped.
    String(text.unicodeScalars.map { [.control, .format].contains($0.properties.generalCategory) ? $0.escaped(asASCII: true) : String($0) }.joined())
}
