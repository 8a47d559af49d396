import QuiddlerImage
import QuiddlerReader
import QuiddlerGame

/// A card placed in a scene.
public struct PlacedCard: Sendable {
    public let card: Card
    public var center: Point
    public var angle: Float
    /// Card height in image pixels.
    public var height: Float
    /// Whether it belongs to the fanned hand (false for a discard or a single card).
    public let inHand: Bool
    /// On a scoring table: which word the card is in (player × 100 + word), nil for a leftover.
    public var word: Int? = nil
}

/// A rendered scene with its labels.
public struct Scene: Sendable {
    public var image: RGBImage
    public var indices: [IndexLabel]
    /// Cards in drawing order (back to front); hand cards left to right.
    public var cards: [PlacedCard]
    /// What the scene shows.
    public var layout: SceneGenerator.Layout = .hand
    /// How much of each card's face (the middle of it: the big letter and its art) shows, 0…1,
    /// in the order of `cards`: the rest is under later cards or fingers, or out of the frame.
    public var faceShowing: [Float] = []

    /// The kinds of the hand's cards, left to right.
    public var handCards: [Card] { cards.filter(\.inHand).map(\.card) }

    /// On a scoring table: each word's cards (their places in `cards`) in reading order, and the
    /// leftover cards.
    public var wordGroups: (words: [[Int]], leftovers: [Int]) {
        var words: [Int: [Int]] = [:], leftovers: [Int] = []
        for (i, c) in cards.enumerated() {
            if let w = c.word { words[w, default: []].append(i) } else { leftovers.append(i) }
        }
        return (words.sorted { $0.key < $1.key }.map(\.value), leftovers)
    }
}
