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

/// A still picture's read looks wider for a double-letter index (`CardReader.wholeIndex`), with
/// the shipped model.
@Suite struct WholeIndexTests {
    /// Held fans of large letters, every index showing, each hand half double-letter cards.
    static func scenes() -> [Scene] {
        let doubles = Card.all.filter(\.isDouble), singles = Card.all.filter { !$0.isDouble }
        return (0..<12).map { seed in
            var rng = SeededGenerator(seed: 120 + UInt64(seed))
            let hand = Array(doubles.shuffled(using: &rng).prefix(4)) + Array(singles.shuffled(using: &rng).prefix(3))
            var request = SceneGenerator.Request(layout: .hand, hand: hand.shuffled(using: &rng), clean: true)
            request.indexPixels = 22...32
            return SceneGenerator(art: TestArt.drawn).render(request, rng: &rng)
        }
    }

    /// A box on the second letter of a double index, smaller than its letters (the detector gave
    /// a QU in a phone photo of scans a box 0.6 letters over and 0.71 of its size): read still,
    /// the whole index is found more often than live. The drawn cards' double indices read whole
    /// from such a box at either pace; 0.8 letters over and 0.65 of the size is where they differ
    /// (20 against 18 of 26 when written). Boxes on single-letter cards' own indices read the
    /// same kinds at both paces: looking wider makes no double out of a plain letter.
    @Test func aStillReadFindsTheWholeDoubleIndexFromABoxOnOneLetter() throws {
        let reader = try ModelLoading.reader(folder: TestPaths.root + "/Assets")
        // The turn search off at both paces: the wider look is the only difference left.
        reader.turnSearchHeat = 2
        var halves: [(Scene, IndexLabel, IndexCandidate)] = [], plain: [(Scene, IndexLabel, IndexCandidate)] = []
        for scene in Self.scenes() {
            for l in scene.indices where l.visibility == .visible {
                if l.card.isDouble {
                    // Past the second letter's centre: 0.8 letters along the baseline; the box 0.65 of the letters.
                    let at = Point(l.center.x + 0.8 * l.size * cosf(l.angle), l.center.y + 0.8 * l.size * sinf(l.angle))
                    halves.append((scene, l, IndexCandidate(heat: 0.6, center: at, size: 0.65 * l.size, angle: l.angle, cardCenter: l.cardCenter)))
                } else {
                    plain.append((scene, l, IndexCandidate(heat: 0.6, center: l.center, size: l.size, angle: l.angle, cardCenter: l.cardCenter)))
                }
            }
        }
        try #require(halves.count >= 15 && plain.count >= 10, "\(halves.count) double and \(plain.count) single boxes")
        func right(_ boxes: [(Scene, IndexLabel, IndexCandidate)], _ pace: CardReader.Pace) throws -> Int {
            reader.pace = pace
            return try boxes.filter { scene, l, c in try reader.read(scene.image, candidate: c)?.card == l.card }.count
        }
        let still = try right(halves, .still), live = try right(halves, .live)
        #expect(still > live, "double indices read whole from a box on one letter: still \(still), live \(live), of \(halves.count)")
        let plainStill = try right(plain, .still), plainLive = try right(plain, .live)
        #expect(plainStill >= plainLive, "single letters read right: still \(plainStill), live \(plainLive), of \(plain.count)")
    }
}
