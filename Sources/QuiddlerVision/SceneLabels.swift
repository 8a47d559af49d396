import QuiddlerGame

/// A corner index in a scene: what the detector is trained to find.
public struct IndexLabel: Sendable {
    public enum Visibility: Sendable { case visible, ignore }

    public let card: Card
    /// The centre of the index letters, in image pixels.
    public var center: Point
    /// The direction of the letters' baseline, radians; 0 is upright, π upside down.
    public var angle: Float
    /// The letters' height in image pixels.
    public var size: Float
    /// The centre of the card the index belongs to.
    public var cardCenter: Point
    /// Partly hidden indices are marked to ignore: neither taught as a card nor as background.
    public var visibility: Visibility
    /// Which card of the scene (its place in drawing order).
    public let cardID: Int
    /// Whether this is the upside-down index at the card's bottom right.
    public let isBottomRight: Bool

    public init(card: Card, center: Point, angle: Float, size: Float, cardCenter: Point, visibility: Visibility, cardID: Int, isBottomRight: Bool) {
        (self.card, self.center, self.angle, self.size, self.cardCenter) = (card, center, angle, size, cardCenter)
        (self.visibility, self.cardID, self.isBottomRight) = (visibility, cardID, isBottomRight)
    }
}

/// A card placed in a scene.
public struct PlacedCard: Sendable {
    public let card: Card
    public var center: Point
    public var angle: Float
    /// Card height in image pixels.
    public var height: Float
    /// Whether it belongs to the fanned hand (false for a discard or a single card).
    public let inHand: Bool
}

/// A rendered scene with its labels.
public struct Scene: Sendable {
    public var image: RGBImage
    public var indices: [IndexLabel]
    /// Cards in drawing order (back to front); hand cards left to right.
    public var cards: [PlacedCard]
    /// What the scene shows.
    public var layout: SceneGenerator.Layout = .hand

    /// The kinds of the hand's cards, left to right.
    public var handCards: [Card] { cards.filter(\.inHand).map(\.card) }
}
