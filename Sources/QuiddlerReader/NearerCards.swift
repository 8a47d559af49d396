import QuiddlerImage
import QuiddlerPlatform

/// What lies on the face of a card near the camera is that card's art, not another card's index.
///
/// A card hides whatever lies behind it, so a peak inside the face of a card whose index reads
/// surely, and far smaller than that index, is a curl of its art, its points or a speck of its
/// print: a card that small would lie much further from the camera, behind the near card where
/// it cannot be seen. A phone photo of a hand held close (letters 200 pixels tall) shows dozens of
/// such peaks of 5–16 pixels on the cards' faces; each was read, turned in search of a reading,
/// and looked at again closer (`CardReader.finerLetters`), which took most of a second. The near
/// index must read as a card (`CardReader.nearerCards`): in the deck's piles the detector can
/// take a card's large centre art for a strong index three times the size of the piles' own,
/// and a card's face placed by it would cover the real indices around.
public enum NearerCards {
    /// Indices at least this strong (detector heat) may place a nearer card.
    public static let strongHeat: Float = 0.5
    /// ... and read as a card at least this surely.
    public static let sureReading: Float = 0.5
    /// A peak under this share of a near index's size can lie on that index's card
    /// (`CardReader.smallBesideSure`: cards side by side are about one size).
    public static let smaller: Float = CardReader.smallBesideSure
    /// The part of a card's face a peak must lie in, as half its width and half its height in
    /// letters of its index: the card (6.5 × 10 letters) less a margin, since its predicted centre
    /// can be a little off.
    public static let halfWidth: Float = 0.85 * 3.25
    public static let halfHeight: Float = 0.85 * 5

    /// Whether `c` lies on the face of the card of `near`, far smaller than its index.
    public static func liesOn(_ c: IndexCandidate, cardOf near: IndexCandidate) -> Bool {
        guard c.size < smaller * near.size else { return false }
        let dx = c.center.x - near.cardCenter.x, dy = c.center.y - near.cardCenter.y
        let (cs, sn) = (cosf(near.angle), sinf(near.angle))
        // Along the index's baseline, and down the card.
        let along = dx * cs + dy * sn, down = -dx * sn + dy * cs
        return abs(along) <= halfWidth * near.size && abs(down) <= halfHeight * near.size
    }

    /// The strong candidates that, if they read as cards, would hide another candidate: those a
    /// reading is needed for.
    /// - Complexity: O(n × s), s the strong candidates.
    public static func shadowing(_ candidates: [IndexCandidate]) -> [IndexCandidate] {
        candidates.filter { n in n.heat >= strongHeat && candidates.contains { liesOn($0, cardOf: n) } }
    }

    /// The candidates less those that lie on the face of one of the `near` cards (`liesOn`).
    /// - Complexity: O(n × m), m the near cards.
    public static func dropped(_ candidates: [IndexCandidate], near: [IndexCandidate]) -> [IndexCandidate] {
        near.isEmpty ? candidates : candidates.filter { c in !near.contains { liesOn(c, cardOf: $0) } }
    }
}
