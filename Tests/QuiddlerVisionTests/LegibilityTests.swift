import QuiddlerGame
import QuiddlerImage
import QuiddlerRandom
import QuiddlerReader
import QuiddlerTestSupport
@testable import QuiddlerSynthesis
@testable import QuiddlerTraining
import Testing

/// The validation asks for letters a person reads plainly: a cheap webcam's scale-up leaves them
/// that tall on its sensor, and the score says apart how the letters a tilt shrinks below it fare.
@Suite struct LegibilityTests {
    /// A checkerboard of single black and white pixels: any resampling greys it, and palette
    /// dithering (any number of levels) leaves black and white as they are (within a level's rounding).
    func checkerboard() -> RGBImage {
        var img = RGBImage(width: 64, height: 48)
        for y in 0..<48 { for x in 0..<64 where (x + y) % 2 == 0 { for c in 0..<3 { img.pixels[3 * (y * 64 + x) + c] = 255 } } }
        return img
    }

    @Test(arguments: 0..<8)
    func aLegibleBoundCapsTheScaleUpAndKeepsTheDraws(seed: UInt64) {
        let board = checkerboard()
        var free = board, bound = board, loose = board
        var rngFree = SeededGenerator(seed: seed), rngBound = SeededGenerator(seed: seed), rngLoose = SeededGenerator(seed: seed)
        Photometric.lowQuality(&free, maxFactor: 3, rng: &rngFree)
        // Letters at the floor already: no scale-up at all.
        Photometric.lowQuality(&bound, maxFactor: 3, legibleFactor: 1, rng: &rngBound)
        // Room to spare: the bound never bites, and the frame is the unbounded one.
        Photometric.lowQuality(&loose, maxFactor: 3, legibleFactor: 3, rng: &rngLoose)
        func unchanged(_ img: RGBImage) -> Bool { zip(img.pixels, board.pixels).allSatisfy { abs(Int($0) - Int($1)) <= 1 } }
        #expect(!unchanged(free))
        #expect(unchanged(bound))
        let sameAsFree = loose.pixels == free.pixels
        #expect(sameAsFree)
        // The same draws either way, so the rest of a scene is as it was.
        let next = rngFree.next()
        #expect(rngBound.next() == next && rngLoose.next() == next)
    }

    @Test func lettersUnderTheFloorAreScoredApart() throws {
        var rng = SeededGenerator(seed: 23)
        var request = SceneGenerator.Request(layout: .hand, hand: try CardParser.cards("c l o u d s"), clean: true)
        request.indexSize = 24...32
        var scene = SceneGenerator(art: TestArt.drawn).render(request, rng: &rng)
        let mustRead = Evaluation.mustReadCards(scene).sorted()
        try #require(mustRead.count >= 3)
        // The first card's letters shrunk under the floor, the second's at it.
        for i in scene.indices.indices where scene.indices[i].cardID == mustRead[0] { scene.indices[i].size = 9 }
        for i in scene.indices.indices where scene.indices[i].cardID == mustRead[1] { scene.indices[i].size = 10 }
        let reads = mustRead.compactMap { id -> Detection? in
            guard id != mustRead[1], let l = scene.indices.first(where: { $0.cardID == id && Evaluation.mustBeRead($0, in: scene) }) else { return nil }
            return Detection(card: l.card, confidence: 0.9, center: l.center, size: l.size, angle: l.angle, cardCenter: l.cardCenter, classProbability: 0.9)
        }
        let summary = EvaluationSummary(results: [Evaluation.score(name: "s", scene: scene, detections: reads)])
        #expect(summary.correct == mustRead.count - 1)
        let under = try #require(summary.bySize.first { $0.band.contains(9) })
        #expect(under.band.upperBound == EvaluationSummary.legibleFloor && under.correct == 1 && under.total == 1)
        #expect(summary.atLegibleSizes.correct == mustRead.count - 2 && summary.atLegibleSizes.total == mustRead.count - 1)
    }
}
