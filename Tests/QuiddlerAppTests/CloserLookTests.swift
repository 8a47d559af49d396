import Foundation
import QuiddlerGame
import QuiddlerImage
import QuiddlerPlatform
import QuiddlerRandom
import QuiddlerReader
import QuiddlerSynthesis
import QuiddlerTestSupport
@testable import QuiddlerApp
import Testing

/// The reader's closer look at small indices, with the shipped model.
@Suite struct CloserLookTests {
    /// A box put off by a third of a letter, a quarter too big and turned a little, on small
    /// letters, comes back from the closer look nearer the index on every count, taken over all
    /// the indices of a few scenes.
    @Test func aCloserLookBringsAnOffBoxBackOntoASmallIndex() throws {
        let reader = try ModelLoading.reader(folder: TestPaths.root + "/Assets")
        // Each box's errors: centre (letters), size (log ratio), angle (radians).
        var before: [(Float, Float, Float)] = [], after: [(Float, Float, Float)] = []
        var lost = 0, indices = 0
        for seed in 0..<4 {
            var rng = SeededGenerator(seed: 60 + UInt64(seed))
            var request = SceneGenerator.Request(layout: .hand, hand: Array(CardCounts.deck.cards.shuffled(using: &rng).prefix(7)), clean: true)
            request.indexPixels = 10...14
            let scene = SceneGenerator(art: TestArt.drawn).render(request, rng: &rng)
            for l in scene.indices where l.visibility == .visible {
                indices += 1
                func errors(_ c: IndexCandidate) -> (Float, Float, Float) {
                    (hypotf(c.center.x - l.center.x, c.center.y - l.center.y) / l.size, abs(logf(c.size / l.size)), abs(normalizedAngle(c.angle - l.angle)))
                }
                let turn = rng.nextFloat() * 2 * .pi
                let off = IndexCandidate(heat: 0.5, center: Point(l.center.x + 0.33 * l.size * cosf(turn), l.center.y + 0.33 * l.size * sinf(turn)),
                                         size: 1.25 * l.size, angle: l.angle + 0.2, cardCenter: l.cardCenter)
                guard let closer = try reader.closerLook(scene.image, at: off) else { lost += 1; continue }
                before.append(errors(off))
                after.append(errors(closer))
            }
        }
        try #require(indices >= 20)
        #expect(lost <= indices / 10, "the closer look found no peak at \(lost) of \(indices) indices")
        func median(_ x: [Float]) -> Float { x.sorted()[x.count / 2] }
        let (centre, size, angle) = ((before.map(\.0), after.map(\.0)), (before.map(\.1), after.map(\.1)), (before.map(\.2), after.map(\.2)))
        #expect(median(centre.1) < 0.5 * median(centre.0), "centre \(median(centre.0)) → \(median(centre.1)) letters")
        #expect(median(size.1) < 0.5 * median(size.0), "size \(median(size.0)) → \(median(size.1))")
        #expect(median(angle.1) < median(angle.0), "angle \(median(angle.0)) → \(median(angle.1))")
    }
}
