import QuiddlerImage
import QuiddlerGame

/// One card read from a frame.
public struct Detection: Sendable, Equatable {
    public let card: Card
    /// Detector heat^`CardReader.heatWeight` × classifier probability.
    public let confidence: Float
    /// The index centre, letters' height and angle, in frame pixels and radians.
    public let center: Point
    public let size: Float
    public let angle: Float
    /// Where the card's centre is predicted to be.
    public let cardCenter: Point
    /// The classifier's probability for `card`.
    public let classProbability: Float
    /// Whether the evidence is strong; false for a card taken from a weak read (to make up the
    /// hand size the round asks for, say), which the app and the command line mark with `?`.
    public var sure: Bool
    /// The card's other index, when it was read too (a card showing whole shows both): its
    /// centre and angle as seen, not as predicted from the card's centre.
    public var twinCenter: Point?
    public var twinAngle: Float?

    public init(card: Card, confidence: Float, center: Point, size: Float, angle: Float, cardCenter: Point, classProbability: Float, sure: Bool = true) {
        (self.card, self.confidence, self.center, self.size, self.angle) = (card, confidence, center, size, angle)
        (self.cardCenter, self.classProbability, self.sure) = (cardCenter, classProbability, sure)
    }
}
