import QuiddlerGame
import QuiddlerImage
import QuiddlerRandom
import QuiddlerReader
import QuiddlerSynthesis
import QuiddlerTestSupport
@testable import QuiddlerApp
import Testing

/// A hand held close to the camera, with the shipped model.
@Suite struct CloseUpTests {
    /// Close up, the cards' faces are large and their art shows the detector small peaks. The
    /// reader keeps none of them that lies on the face of a card whose index shows, far smaller
    /// than that index (`NearerCards`): it neither reads them nor looks closer around them (the
    /// shipped detector proposes 25 such peaks over these six hands). Every card is read. The
    /// classifier's reread is still taught them (`quiddler train`'s proposals), as the shipped
    /// model was.
    @Test func theArtOnANearCardsFaceIsNoIndex() throws {
        let reader = try ModelLoading.reader(folder: TestPaths.root + "/Assets")
        let proposals = try TrainCommand.proposals(folder: TestPaths.root + "/Assets")
        var rng = SeededGenerator(seed: 5)
        var onFaces: [String] = [], missed: [String] = [], proposedOnFaces = 0
        for _ in 0..<6 {
            let hand = Array(CardCounts.deck.cards.shuffled(using: &rng).prefix(4 + Int(rng.next() % 4)))
            var request = SceneGenerator.Request(layout: .hand, hand: hand, clean: true)
            request.indexPixels = 60...80
            let scene = SceneGenerator(art: TestArt.drawn).render(request, width: 1600, height: 1200, rng: &rng)
            let showing = scene.indices.filter { $0.visibility == .visible }
            let faces = showing.map { IndexCandidate(heat: 1, center: $0.center, size: $0.size, angle: $0.angle, cardCenter: $0.cardCenter) }
            for c in try reader.candidates(scene.image) where faces.contains(where: { NearerCards.liesOn(c, cardOf: $0) }) {
                onFaces.append("\(c.size) px at (\(Int(c.center.x)), \(Int(c.center.y)))")
            }
            proposedOnFaces += proposals(scene.image, 0).filter { c in faces.contains { NearerCards.liesOn(c, cardOf: $0) } }.count
            var read = try reader.read(scene.image).map(\.card)
            for id in Set(showing.map(\.cardID)) {
                let card = scene.cards[id].card
                if let i = read.firstIndex(of: card) { read.remove(at: i) } else { missed.append(card.name) }
            }
        }
        #expect(onFaces.count <= 1, "peaks on the cards' faces: \(onFaces)")
        #expect(missed.isEmpty, "cards not read: \(missed)")
        #expect(proposedOnFaces >= 10, "the reread was proposed \(proposedOnFaces) peaks on the cards' faces")
    }
}
