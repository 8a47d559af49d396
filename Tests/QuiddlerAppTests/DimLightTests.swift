import QuiddlerGame
import QuiddlerImage
import QuiddlerRandom
import QuiddlerReader
import QuiddlerSynthesis
import QuiddlerTestSupport
@testable import QuiddlerApp
import Testing

/// The reader in a dim room, with the shipped model.
@Suite struct DimLightTests {
    /// Hands held to a webcam in a seventh to a quarter of the light (every pixel scaled, as a
    /// shorter exposure takes them) read as the same hands in full light do: every card, in order.
    @Test(arguments: [0.25, 0.15] as [Float])
    func aHandInADimRoomReadsAsInFullLight(light: Float) throws {
        let reader = try ModelLoading.reader(folder: TestPaths.root + "/Assets")
        var rng = SeededGenerator(seed: 77)
        var hands = 0, same = 0, misses: [String] = []
        for _ in 0..<4 {
            let hand = Array(CardCounts.deck.cards.shuffled(using: &rng).prefix(3 + Int(rng.next() % 5)))
            var request = SceneGenerator.Request(layout: .hand, hand: hand, clean: true)
            request.indexSize = 18...30
            let scene = SceneGenerator(art: TestArt.drawn).render(request, rng: &rng)
            let lit = try reader.read(scene.image).map(\.card)
            let dim = try reader.read(Exposure.scaled(scene.image, by: light)).map(\.card)
            hands += 1
            if dim == lit && !lit.isEmpty { same += 1 } else { misses.append("\(lit.map(\.name)) → \(dim.map(\.name))") }
        }
        #expect(same == hands, "in \(Int(light * 100))% of the light: \(misses)")
    }
}
