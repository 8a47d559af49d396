import Foundation
import QuiddlerGame

/// Renders solver answers for people and for scripts.
enum SolveReport {
    static func text(split: Split, hand: [Card]) -> String {
        var lines = ["Hand: \(cardList(hand))", ""]
        lines += splitLines(split)
        return lines.joined(separator: "\n")
    }

    static func text(decision: Decision, hand: [Card]) -> String {
        var lines = ["Hand: \(cardList(hand))   discard: \(decision.discard)", ""]
        switch decision.action {
        case .takeDiscard:
            lines.append("Take \(decision.discard) from the discard pile and drop \(decision.takeDrop).")
        case .drawBlind:
            lines.append("Draw blind from the deck, then drop the card that helps least.")
        }
        lines.append("  \(decision.reason)")
        lines.append("")
        lines += splitLines(decision.split)
        lines.append("")
        lines.append("Keep the hand as it is:   \(decision.keep.score)")
        lines.append("Take \(decision.discard), drop \(decision.takeDrop):     \(decision.take.score)\(decision.take.goingOut ? " (out)" : "")")
        lines.append("Draw blind (expected):    \(format2(decision.blindExpected)), going-out chance \(percent(decision.blindGoingOutChance))")
        return lines.joined(separator: "\n")
    }

    private static func splitLines(_ split: Split) -> [String] {
        var lines: [String] = []
        if split.words.isEmpty { lines.append("No word can be made.") }
        let width = max(8, split.words.map(\.word.count).max() ?? 0)
        let splitWidth = max(8, split.words.map(\.spelled.count).max() ?? 0)
        for w in split.words {
            lines.append("  \(pad(w.word, width))  \(pad(w.spelled, splitWidth))  \(w.points) pts")
        }
        let leftoverPoints = split.leftover.reduce(0) { $0 + $1.points }
        lines.append(split.leftover.isEmpty ? "Leftover: none"
            : "Leftover: \(cardList(split.leftover)) (-\(leftoverPoints))")
        lines.append("Score: \(split.score)\(split.goingOut ? ", going out" : "")")
        return lines
    }

    static func json(split: Split) -> String {
        encode(SplitJSON(split))
    }

    static func json(decision: Decision, hand: [Card]) -> String {
        let s = decision.split
        let take = decision.action == .takeDiscard
        return encode(DecisionJSON(
            action: decision.action.rawValue,
            pickUp: take ? decision.discard.name : nil,
            drop: take ? decision.takeDrop.name : nil,
            words: s.words.map(WordJSON.init),
            leftover: s.leftover.map(\.name),
            score: s.score,
            goingOut: s.goingOut,
            keepScore: decision.keep.score,
            takeScore: decision.take.score,
            takeDrop: decision.takeDrop.name,
            takeGoingOut: decision.take.goingOut,
            blindExpected: (decision.blindExpected * 10000).rounded() / 10000,
            blindGoingOutChance: (decision.blindGoingOutChance * 10000).rounded() / 10000,
            reason: decision.reason))
    }

    private static func encode(_ value: some Encodable) -> String { (try? jsonLine(value)) ?? "{}" }

    static func cardList(_ cards: [Card]) -> String { cards.map(\.name).joined(separator: " ") }
    private static func pad(_ s: String, _ n: Int) -> String { s + String(repeating: " ", count: max(0, n - s.count)) }
    static func percent(_ x: Double) -> String { "\(format2(x * 100).dropLast(1))%" }
}

struct WordJSON: Encodable {
    let word: String
    let cards: [String]
    let points: Int
    init(_ w: PlacedWord) {
        word = w.word
        cards = w.cards.map(\.name)
        points = w.points
    }
}

struct SplitJSON: Encodable {
    let words: [WordJSON]
    let leftover: [String]
    let score: Int
    let goingOut: Bool
    init(_ s: Split) {
        words = s.words.map(WordJSON.init)
        leftover = s.leftover.map(\.name)
        score = s.score
        goingOut = s.goingOut
    }
}

struct DecisionJSON: Encodable {
    let action: String
    let pickUp: String?
    let drop: String?
    let words: [WordJSON]
    let leftover: [String]
    let score: Int
    let goingOut: Bool
    let keepScore: Int
    let takeScore: Int
    let takeDrop: String
    let takeGoingOut: Bool
    let blindExpected: Double
    let blindGoingOutChance: Double
    let reason: String

    enum CodingKeys: String, CodingKey {
        case action, pickUp, drop, words, leftover, score, goingOut, keepScore, takeScore, takeDrop, takeGoingOut
        case blindExpected, blindGoingOutChance, reason
    }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(action, forKey: .action)
        try c.encode(pickUp, forKey: .pickUp)  // null, not absent, for a blind draw
        try c.encode(drop, forKey: .drop)
        try c.encode(words, forKey: .words)
        try c.encode(leftover, forKey: .leftover)
        try c.encode(score, forKey: .score)
        try c.encode(goingOut, forKey: .goingOut)
        try c.encode(keepScore, forKey: .keepScore)
        try c.encode(takeScore, forKey: .takeScore)
        try c.encode(takeDrop, forKey: .takeDrop)
        try c.encode(takeGoingOut, forKey: .takeGoingOut)
        try c.encode(blindExpected, forKey: .blindExpected)
        try c.encode(blindGoingOutChance, forKey: .blindGoingOutChance)
        try c.encode(reason, forKey: .reason)
    }
}
