/// Errors from reading hands, card lists and word lists.
public enum GameError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A token that names no card.
    case unknownCard(token: String)
    /// A hand outside the 3–10 cards a round deals.
    case handSize(count: Int)
    /// More copies of a kind than the deck holds, over the hand, discard and seen cards together.
    case tooManyCopies(card: Card, count: Int)
    /// An empty card list where cards were expected.
    case noCards(what: String)
    /// Several cards where one was expected (a discard).
    case notOneCard(what: String, text: String, count: Int)
    /// A word list with no usable word.
    case emptyWordList(skipped: Int)
    /// The players of a game: why they cannot play.
    case badPlayers(String)

    public var description: String {
        switch self {
        case .unknownCard(let token):
            // Letters run together ('abc') are cards not yet separated: show how.
            if token.count > 1, token.allSatisfy({ $0.isASCII && $0.isLetter }) {
                return "unknown card '\(token)': separate the cards, e.g. \(token.prefix(10).lowercased().map(String.init).joined(separator: "/"))"
            }
            return "unknown card '\(token)': cards are a–z and the double-letter cards qu, in, er, cl, th"
        case .handSize(let count):
            return "a hand holds 3 to 10 cards, this one has \(count)"
        case .tooManyCopies(let card, let count):
            return "\(count) copies of '\(card)' but the deck holds only \(card.copies)"
        case .noCards(let what):
            return "no cards given for \(what)"
        case .notOneCard(let what, let text, let count):
            return "\(what) is one card, but '\(text)' names \(count); give just one, e.g. 'n'"
        case .badPlayers(let why):
            return "\(why); give names like --players anna,ben,cleo"
        case .emptyWordList(let skipped):
            return "the word list has no usable word (\(skipped) lines skipped); give one lowercase a–z word per line"
        }
    }
}
