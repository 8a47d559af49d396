import QuiddlerImage
import QuiddlerPlatform
import QuiddlerReader
import Testing

/// Peaks on the face of a card near the camera are its art, not indices (`NearerCards`).
@Suite struct NearerCardsTests {
    /// A strong index of `size`-pixel letters at `angle`, its card's centre where a card's is:
    /// 2.43 letters along its baseline and 4.21 down the card.
    static func index(at p: Point, size: Float, angle: Float, heat: Float = 0.8) -> IndexCandidate {
        let (c, s) = (cosf(angle), sinf(angle))
        let centre = Point(p.x + size * (2.43 * c - 4.21 * s), p.y + size * (2.43 * s + 4.21 * c))
        return IndexCandidate(heat: heat, center: p, size: size, angle: angle, cardCenter: centre)
    }

    /// A peak at (`along`, `down`) letters of `near` from its card's centre, in the card's frame.
    static func peak(on near: IndexCandidate, along: Float, down: Float, size: Float) -> IndexCandidate {
        let (c, s) = (cosf(near.angle), sinf(near.angle))
        let p = Point(near.cardCenter.x + near.size * (along * c - down * s), near.cardCenter.y + near.size * (along * s + down * c))
        return IndexCandidate(heat: 0.4, center: p, size: size, angle: 0, cardCenter: p)
    }

    /// At any turn of the card: small peaks on its face (its centre art, its points under the
    /// index, near its far corner) are dropped; a small peak beside the card, a peak about the
    /// index's size on it (the next card of a fan lying over it) and the index itself are kept.
    /// Only a strong index with a peak on its face needs reading to tell whether it hides it.
    @Test(arguments: [0, 0.7, -2.0, Float.pi] as [Float])
    func smallPeaksOnANearCardsFaceAreDropped(angle: Float) {
        let near = Self.index(at: Point(900, 700), size: 200, angle: angle)
        let art = [Self.peak(on: near, along: 0, down: 0, size: 12), Self.peak(on: near, along: -2.4, down: -2.8, size: 20),
                   Self.peak(on: near, along: 2.5, down: 4, size: 8)]
        let kept = [near,
                    Self.peak(on: near, along: 4.5, down: 0, size: 12),     // beside the card
                    Self.peak(on: near, along: 0, down: 5.5, size: 12),     // past its bottom edge
                    Self.peak(on: near, along: 1, down: 1, size: 0.7 * 200)] // as large: another near card
        let out = NearerCards.dropped(art + kept, near: [near])
        #expect(out.count == kept.count)
        for k in kept { #expect(out.contains { $0.center == k.center && $0.size == k.size }) }
        #expect(NearerCards.dropped(art + kept, near: []).count == art.count + kept.count)
        // The strong index hides peaks; a weak one may not, nor one with nothing on its face.
        #expect(NearerCards.shadowing(art + kept).map(\.center) == [near.center])
        let weak = Self.index(at: Point(900, 700), size: 200, angle: angle, heat: 0.3)
        #expect(NearerCards.shadowing(art + [weak]).isEmpty)
        #expect(NearerCards.shadowing(Array(kept.prefix(3))).isEmpty)
    }
}
