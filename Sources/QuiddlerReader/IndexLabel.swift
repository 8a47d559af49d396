import QuiddlerGame
import QuiddlerImage

/// A corner index on an image, labelled: what the detector is trained to find, in a synthetic
/// scene or a labelled photo.
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
