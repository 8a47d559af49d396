import Foundation
import QuiddlerGame
import QuiddlerImage
import QuiddlerRandom
import QuiddlerReader
import QuiddlerSynthesis
import QuiddlerTestSupport
@testable import QuiddlerApp
import Testing

/// The reader's finer look at regions holding small letters, with the shipped model.
@Suite struct FinerLookTests {
    /// Piles of small cards, as the deck spread out on a table looks to a webcam.
    func scene(_ seed: UInt64, letters: ClosedRange<Float>, layout: SceneGenerator.Layout) -> Scene {
        var rng = SeededGenerator(seed: seed)
        var request = SceneGenerator.Request(layout: layout)
        request.indexPixels = letters
        request.legibleLetters = 10
        return SceneGenerator(art: TestArt.drawn).render(request, rng: &rng)
    }

    /// The indices showing whole that some candidate sits on (within 0.7 letters).
    func found(_ candidates: [IndexCandidate], in scene: Scene) -> Int {
        scene.indices.filter { $0.visibility == .visible }.filter { l in
            candidates.contains { hypotf($0.center.x - l.center.x, $0.center.y - l.center.y) < 0.7 * l.size }
        }.count
    }

    @Test func smallLettersAreProposedThatThePyramidAloneMisses() throws {
        let reader = try ModelLoading.reader(folder: TestPaths.root + "/Assets")
        var with = 0, without = 0, indices = 0
        for seed in 0..<4 {
            let s = scene(900 + UInt64(seed), letters: 10...12, layout: .piles)
            indices += s.indices.filter { $0.visibility == .visible }.count
            reader.finerLetters = 10
            with += found(try reader.candidates(s.image), in: s)
            reader.finerLetters = 0
            without += found(try reader.candidates(s.image), in: s)
        }
        try #require(indices >= 40)
        #expect(with > without, "found \(with) with the finer look, \(without) without, of \(indices)")
        #expect(with >= indices * 9 / 10, "found \(with) of \(indices) small indices")
    }

    @Test func aFrameWithoutSmallLettersIsLookedAtOnce() throws {
        let reader = try ModelLoading.reader(folder: TestPaths.root + "/Assets")
        let s = scene(31, letters: 28...32, layout: .hand)
        reader.finerLetters = 10
        let with = try reader.candidates(s.image)
        reader.finerLetters = 0
        let without = try reader.candidates(s.image)
        try #require(!with.isEmpty)
        #expect(with.map(\.center) == without.map(\.center))
    }
}
