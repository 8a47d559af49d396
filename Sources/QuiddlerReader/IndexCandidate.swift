import QuiddlerImage

/// An index the detector proposes, in frame pixels.
public struct IndexCandidate: Sendable {
    /// The detector's heat at the peak, 0…1.
    public let heat: Float
    public let center: Point
    /// The letters' height and the baseline's angle.
    public let size: Float
    public let angle: Float
    /// Where the card's centre is predicted to be.
    public let cardCenter: Point

    public init(heat: Float, center: Point, size: Float, angle: Float, cardCenter: Point) {
        (self.heat, self.center, self.size, self.angle, self.cardCenter) = (heat, center, size, angle, cardCenter)
    }
}
