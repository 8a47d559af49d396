import QuiddlerGame
import QuiddlerImage
import QuiddlerPlatform
import QuiddlerRandom
import QuiddlerReader
import QuiddlerSynthesis
import QuiddlerTestSupport
import QuiddlerTraining
import Testing

/// How much of each card's face a scene shows, and the evaluation's count of the cards not read
/// by it.
@Suite struct FaceShowingTests {
    let generator = SceneGenerator(art: TestArt.drawn)

    static func inside(_ card: PlacedCard, width: Float, height: Float) -> Bool {
        let reach = card.height * 0.6
        return card.center.x > reach && card.center.y > reach && card.center.x < width - reach && card.center.y < height - reach
    }

    /// A single card lying whole in the frame shows its face; in a pile, a card with a later one
    /// lying almost square on it shows none.
    @Test func faceShowingIsWhatLiesOnTop() {
        var whole = 0
        for seed in UInt64(1)...6 {
            var rng = SeededGenerator(seed: seed)
            var request = SceneGenerator.Request(layout: .single, clean: true)
            request.indexSize = 14...20
            let scene = generator.render(request, width: 640, height: 480, rng: &rng)
            for (id, card) in scene.cards.enumerated() where Self.inside(card, width: 640, height: 480) {
                #expect(scene.faceShowing[id] >= 0.99, "card \(id) of scene \(seed): \(scene.faceShowing[id])")
                whole += 1
            }
        }
        #expect(whole > 0)
        var covered = 0
        for seed in UInt64(1)...12 {
            var rng = SeededGenerator(seed: seed)
            let scene = generator.render(SceneGenerator.Request(layout: .piles, clean: true), width: 640, height: 480, rng: &rng)
            #expect(scene.faceShowing.count == scene.cards.count)
            for (i, card) in scene.cards.enumerated() {
                let square = scene.cards[(i + 1)...].contains { later in
                    hypotf(later.center.x - card.center.x, later.center.y - card.center.y) < 0.08 * card.height
                        && abs(normalizedAngle(later.angle - card.angle)) < 0.15 && abs(later.height - card.height) < 0.05 * card.height
                }
                guard square else { continue }
                #expect(scene.faceShowing[i] == 0, "card \(i) of pile scene \(seed): \(scene.faceShowing[i])")
                covered += 1
            }
        }
        #expect(covered > 0)
    }

    @Test func theCardsNotReadAreCountedByHowMuchOfTheirFaceShows() throws {
        var rng = SeededGenerator(seed: 4)
        var scene = generator.render(SceneGenerator.Request(layout: .piles, clean: true), width: 640, height: 480, rng: &rng)
        let labels = (0..<3).compactMap { id in scene.indices.first { $0.cardID == id } }
        try #require(labels.count == 3)
        scene.faceShowing = [0, 0.5, 0.9] + [Float](repeating: 1, count: scene.cards.count - 3)
        func label(_ id: Int) -> IndexLabel {
            let l = labels[min(id, 2)]
            return IndexLabel(card: l.card, center: l.center, angle: l.angle, size: l.size, cardCenter: l.cardCenter,
                              visibility: .visible, cardID: id, isBottomRight: false)
        }
        #expect(Evaluation.coverOfMissed([label(0), label(1), label(2), label(2)], scene: scene)
                == Evaluation.MissedCover(hidden: 1, partly: 1, showing: 2))
        // A card the scene knows nothing of shows nothing.
        #expect(Evaluation.coverOfMissed([label(scene.cards.count + 7)], scene: scene) == Evaluation.MissedCover(hidden: 1))
        var total = Evaluation.MissedCover(hidden: 1, partly: 2, showing: 3)
        total += Evaluation.MissedCover(hidden: 4, partly: 5, showing: 6)
        #expect(total == Evaluation.MissedCover(hidden: 5, partly: 7, showing: 9))
    }
}
