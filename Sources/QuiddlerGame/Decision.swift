/// What to do on a turn, with the numbers behind it.
public struct Decision: Sendable, Equatable {
    /// The two ways to start a turn.
    public enum Action: String, Sendable {
        case takeDiscard = "take-discard"
        case drawBlind = "draw-blind"
    }

    /// One possible blind draw and the best answer to it.
    public struct BlindOutcome: Sendable, Equatable {
        /// The card drawn.
        public let card: Card
        /// How many of it may still be in the deck.
        public let remaining: Int
        /// The best score after drawing it and dropping the best card.
        public let score: Int
        /// Whether some drop then goes out.
        public let canGoOut: Bool
    }

    /// The recommended action.
    public let action: Action
    /// The face-up discard.
    public let discard: Card
    /// The best split of the hand as it is.
    public let keep: Split
    /// The best split after taking the discard and dropping `takeDrop`.
    public let take: Split
    /// The card to drop after taking the discard.
    public let takeDrop: Card
    /// Expected best score after a blind draw and the best drop.
    public let blindExpected: Double
    /// Chance that the blind draw allows going out.
    public let blindGoingOutChance: Double
    /// Every possible blind draw.
    public let blindOutcomes: [BlindOutcome]

    /// The split the recommendation leads to now: after the take, or the hand as it stands.
    public var split: Split { action == .takeDiscard ? take : keep }

    /// A sentence saying why.
    public var reason: String {
        let blind = String(format2(blindExpected))
        switch action {
        case .takeDiscard:
            let out = take.goingOut ? " and goes out" : ""
            return "taking \(discard) scores \(take.score)\(out), more than the \(blind) expected from a blind draw"
        case .drawBlind:
            if takeDrop == discard {
                return "the discard does not improve the hand; a blind draw is expected to score \(blind)"
            }
            return "a blind draw is expected to score \(blind), more than the \(take.score) from taking \(discard)"
        }
    }
}

/// Formats a number with two decimals, without Foundation.
public func format2(_ x: Double) -> String {
    let scaled = (x * 100).rounded()
    let sign = scaled < 0 ? "-" : ""
    let v = Int(abs(scaled))
    let frac = v % 100
    return "\(sign)\(v / 100).\(frac < 10 ? "0" : "")\(frac)"
}
