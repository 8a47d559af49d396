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

/// The reader's second reading of a strong peak at other angles, with the shipped model.
@Suite struct TurnSearchTests {
    /// Scenes of held fans with letters large enough to read plainly, and every index showing.
    static func scenes() -> [Scene] {
        (0..<6).map { seed in
            var rng = SeededGenerator(seed: 80 + UInt64(seed))
            var request = SceneGenerator.Request(layout: .hand, hand: Array(CardCounts.deck.cards.shuffled(using: &rng).prefix(7)), clean: true)
            request.indexPixels = 22...32
            return SceneGenerator(art: TestArt.drawn).render(request, rng: &rng)
        }
    }

    /// A strong peak whose angle is about a radian off its index's: the classifier, taught within
    /// a seventh of a radian, cannot read it there, and the reader finds the angle that reads it.
    /// A still picture's read searches (`CardReader.Pace.still`); a live frame's does not, and
    /// reads the same boxes far worse, so the gain is the search's.
    @Test func aStrongPeakAtTheWrongAngleIsReadAtItsOwn() throws {
        let reader = try ModelLoading.reader(folder: TestPaths.root + "/Assets")
        var rng = SeededGenerator(seed: 7)
        var boxes: [(Scene, IndexLabel, IndexCandidate)] = []
        for scene in Self.scenes() {
            for l in scene.indices where l.visibility == .visible {
                let off: Float = (rng.nextFloat() < 0.5 ? 1 : -1) * rng.uniform(0.8...1.2)
                boxes.append((scene, l, IndexCandidate(heat: 0.5, center: l.center, size: l.size, angle: normalizedAngle(l.angle + off),
                                                       cardCenter: l.center.rotated(l.cardCenter, by: off))))
            }
        }
        try #require(boxes.count >= 30)
        func right(_ pace: CardReader.Pace) throws -> (kind: Int, angle: Int) {
            reader.pace = pace
            var kind = 0, angle = 0
            for (scene, l, c) in boxes {
                guard let d = try reader.read(scene.image, candidate: c), d.card == l.card, d.sure else { continue }
                kind += 1
                // Letters such as O, S or Z read the same turned half round: the angle is checked up to a half turn.
                if abs(normalizedAngle(2 * (d.angle - l.angle))) / 2 < 0.35 { angle += 1 }
            }
            return (kind, angle)
        }
        #expect(reader.pace == .live, "a reader reads at the camera's pace unless told")
        let on = try right(.still), off = try right(.live)
        #expect(Float(on.kind) >= 0.8 * Float(boxes.count), "read right with the search: \(on.kind) of \(boxes.count)")
        #expect(on.angle == on.kind, "of \(on.kind) read right, \(on.angle) at their index's angle")
        #expect(on.kind >= off.kind + boxes.count / 4, "read right with the search \(on.kind), without \(off.kind), of \(boxes.count)")
    }

    /// An index whose box came out half its size (as the detector's did for a real fan's X turned
    /// upside down) is read at the size of the sure index beside it, at either pace: read with its
    /// neighbours, far more of them read right than each alone at its own box. (The closer look,
    /// which would find these small boxes' indices again with the detector, is off: the gain is
    /// the neighbours'.)
    @Test(arguments: CardReader.Pace.allCases)
    func anIndexBoxedAtHalfItsSizeIsReadAtItsNeighboursSize(pace: CardReader.Pace) throws {
        let reader = try ModelLoading.reader(folder: TestPaths.root + "/Assets")
        reader.closerLookBelow = 0
        reader.pace = pace
        var alone = 0, together = 0, halved = 0
        for (k, scene) in Self.scenes().enumerated() {
            let shown = scene.indices.filter { $0.visibility == .visible && !$0.isBottomRight }
            var candidates: [IndexCandidate] = []
            for (i, l) in shown.enumerated() {
                let half = i % 3 == k % 3
                candidates.append(IndexCandidate(heat: 0.6, center: l.center, size: l.size * (half ? 0.5 : 1), angle: l.angle, cardCenter: l.cardCenter))
            }
            let reads = try reader.read(scene.image, candidates: candidates)
            for (i, l) in shown.enumerated() where i % 3 == k % 3 {
                halved += 1
                if let d = try reader.read(scene.image, candidate: candidates[i]), d.card == l.card, d.sure { alone += 1 }
                if reads.contains(where: { $0.card == l.card && $0.sure && hypotf($0.center.x - l.center.x, $0.center.y - l.center.y) < 0.5 * l.size }) { together += 1 }
            }
        }
        try #require(halved >= 10)
        #expect(Float(together) >= 0.7 * Float(halved), "read right at the neighbours' size: \(together) of \(halved)")
        #expect(together >= alone + halved / 4, "read right with the neighbours \(together), alone \(alone), of \(halved)")
    }

    /// Strong peaks on a card's face and on the table, away from every index, read as no card at
    /// any angle: the search does not make cards up.
    @Test func theSearchMakesNoCardOutOfACardsFaceOrTheTable() throws {
        let reader = try ModelLoading.reader(folder: TestPaths.root + "/Assets")
        reader.pace = .still
        var rng = SeededGenerator(seed: 9)
        var spots = 0, read = 0
        for scene in Self.scenes() {
            let size = scene.indices.map(\.size).reduce(0, +) / Float(scene.indices.count)
            var here = 0
            while here < 12 {
                let p = Point(rng.uniform(0...Float(scene.image.width)), rng.uniform(0...Float(scene.image.height)))
                guard !scene.indices.contains(where: { hypotf($0.center.x - p.x, $0.center.y - p.y) < 2 * $0.size }) else { continue }
                here += 1
                let c = IndexCandidate(heat: 0.8, center: p, size: size, angle: rng.uniform(-Float.pi...Float.pi), cardCenter: p)
                if let d = try reader.read(scene.image, candidate: c), d.sure { read += 1 }
            }
            spots += here
        }
        #expect(read <= spots / 20, "\(read) of \(spots) spots away from every index read as a card")
    }
}
