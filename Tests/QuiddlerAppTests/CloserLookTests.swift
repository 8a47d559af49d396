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
        var before: (center: [Float], size: [Float], angle: [Float]) = ([], [], [])
        var after = before
        var lost = 0, indices = 0
        for seed in 0..<4 {
            var rng = SeededGenerator(seed: 60 + UInt64(seed))
            var request = SceneGenerator.Request(layout: .hand, hand: Array(CardCounts.deck.cards.shuffled(using: &rng).prefix(7)), clean: true)
            request.indexPixels = 10...14
            let scene = SceneGenerator(art: TestArt.drawn).render(request, rng: &rng)
            for l in scene.indices where l.visibility == .visible {
                indices += 1
                let turn = rng.nextFloat() * 2 * .pi
                let off = IndexCandidate(heat: 0.5, center: Point(l.center.x + 0.33 * l.size * cosf(turn), l.center.y + 0.33 * l.size * sinf(turn)),
                                         size: 1.25 * l.size, angle: l.angle + 0.2, cardCenter: l.cardCenter)
                guard let closer = try reader.closerLook(scene.image, at: off) else { lost += 1; continue }
                for (c, into) in [(off, 0), (closer, 1)] {
                    let errors = (hypotf(c.center.x - l.center.x, c.center.y - l.center.y) / l.size, abs(logf(c.size / l.size)), abs(normalizedAngle(c.angle - l.angle)))
                    if into == 0 { before.center.append(errors.0); before.size.append(errors.1); before.angle.append(errors.2) }
                    else { after.center.append(errors.0); after.size.append(errors.1); after.angle.append(errors.2) }
                }
            }
        }
        try #require(indices >= 20)
        #expect(lost <= indices / 10, "the closer look found no peak at \(lost) of \(indices) indices")
        func median(_ x: [Float]) -> Float { x.sorted()[x.count / 2] }
        #expect(median(after.center) < 0.5 * median(before.center), "centre \(median(before.center)) → \(median(after.center)) letters")
        #expect(median(after.size) < 0.5 * median(before.size), "size \(median(before.size)) → \(median(after.size))")
        #expect(median(after.angle) < median(before.angle), "angle \(median(before.angle)) → \(median(after.angle))")
    }
}
