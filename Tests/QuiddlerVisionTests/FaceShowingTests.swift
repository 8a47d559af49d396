import QuiddlerGame
import QuiddlerImage
import QuiddlerPlatform
import QuiddlerRandom
import QuiddlerReader
import QuiddlerSynthesis
import QuiddlerTestSupport
@testable import QuiddlerTraining
import Testing

/// How much of each card's face a scene shows, and the synthetic score broken down by it.
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

    /// The synthetic score broken down by what shows of each card: each card counted once, in
    /// the band of how much of its face shows, right or not.
    @Test func theScoreIsBrokenDownByWhatShowsOfEachCard() throws {
        var rng = SeededGenerator(seed: 23)
        var request = SceneGenerator.Request(layout: .hand, hand: try CardParser.cards("c l o u d s"), clean: true)
        request.indexSize = 24...32
        var scene = generator.render(request, rng: &rng)
        let mustRead = Evaluation.mustReadCards(scene).sorted()
        try #require(mustRead.count >= 4)
        // Say the first card shows only its index, the second half its face, the rest all of it.
        scene.faceShowing = scene.cards.indices.map { $0 == mustRead[0] ? 0.02 : $0 == mustRead[1] ? 0.5 : 1 }
        // Read all but the second and third.
        let reads = mustRead.compactMap { id -> Detection? in
            guard id != mustRead[1], id != mustRead[2], let l = scene.indices.first(where: { $0.cardID == id && Evaluation.mustBeRead($0, in: scene) }) else { return nil }
            return Detection(card: l.card, confidence: 0.9, center: l.center, size: l.size, angle: l.angle, cardCenter: l.cardCenter, classProbability: 0.9)
        }
        let summary = EvaluationSummary(results: [Evaluation.score(name: "s", scene: scene, detections: reads)])
        let byCover = Dictionary(uniqueKeysWithValues: summary.byCover.map { ($0.cover, ($0.correct, $0.total)) })
        #expect(byCover[.indexOnly]! == (1, 1))
        #expect(byCover[.partly]! == (0, 1))
        #expect(byCover[.face]! == (mustRead.count - 3, mustRead.count - 2))
        #expect(EvaluationSummary.Cover(faceShowing: 0.049) == .indexOnly && EvaluationSummary.Cover(faceShowing: 0.05) == .partly)
        #expect(EvaluationSummary.Cover(faceShowing: 0.85) == .face)
    }

    /// The synthetic score broken down by kind: each card counted once under its own kind, the
    /// kind with a card missed first (the weaker of two first), photos (scored in order) left out.
    @Test func theScoreIsBrokenDownByKindWeakestFirst() throws {
        var rng = SeededGenerator(seed: 31)
        var request = SceneGenerator.Request(layout: .hand, hand: try CardParser.cards("i i i a b c"), clean: true)
        request.indexSize = 24...32
        let scene = generator.render(request, rng: &rng)
        let mustRead = Evaluation.mustReadCards(scene)
        let kinds = Set(mustRead.map { scene.cards[$0].card })
        try #require(kinds.count >= 3 && mustRead.filter { scene.cards[$0].card.name == "i" }.count >= 2)
        // Miss one I, and the first card of another kind.
        let missedI = try #require(mustRead.first { scene.cards[$0].card.name == "i" })
        let missedOther = try #require(mustRead.first { scene.cards[$0].card.name != "i" })
        let reads = mustRead.compactMap { id -> Detection? in
            guard id != missedI, id != missedOther, let l = scene.indices.first(where: { $0.cardID == id && Evaluation.mustBeRead($0, in: scene) }) else { return nil }
            return Detection(card: l.card, confidence: 0.9, center: l.center, size: l.size, angle: l.angle, cardCenter: l.cardCenter, classProbability: 0.9)
        }
        let photo = ReadResult(name: "photo", expected: try CardParser.cards("z z"), read: [], detections: [], correct: 0, confusions: [], duplicates: 0, wrong: 0)
        let summary = EvaluationSummary(results: [Evaluation.score(name: "s", scene: scene, detections: reads), photo])
        let byKind = summary.byKind
        #expect(Set(byKind.map(\.card)) == kinds)
        #expect(byKind.map(\.total).reduce(0, +) == mustRead.count)
        #expect(byKind.map(\.correct).reduce(0, +) == mustRead.count - 2)
        let other = scene.cards[missedOther].card
        let iCount = mustRead.filter { scene.cards[$0].card.name == "i" }.count, otherCount = mustRead.filter { scene.cards[$0].card == other }.count
        let i = try #require(byKind.first { $0.card.name == "i" }), o = try #require(byKind.first { $0.card == other })
        #expect(i.correct == iCount - 1 && i.total == iCount)
        #expect(o.correct == otherCount - 1 && o.total == otherCount)
        // Weakest first: the two kinds with a miss lead, the weaker (by share read) before the other.
        let weaker = Double(i.correct) / Double(i.total) < Double(o.correct) / Double(o.total) ? i.card : o.card
        #expect(byKind[0].card == weaker)
        #expect(Set(byKind.prefix(2).map(\.card)) == [i.card, other])
        #expect(byKind.dropFirst(2).allSatisfy { $0.correct == $0.total })
    }
}
