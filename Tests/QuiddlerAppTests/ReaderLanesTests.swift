import Foundation
import QuiddlerGame
import QuiddlerImage
import QuiddlerRandom
import QuiddlerReader
import QuiddlerSynthesis
import QuiddlerTestSupport
@testable import QuiddlerApp
import Testing

/// The reader's work shared between threads, as the app and the command line read, with the
/// shipped model.
@Suite struct ReaderLanesTests {
    /// Candidates read side by side on three lanes, and pyramid levels run band by band, give the
    /// reads of one thread: the same cards at the same places, equally sure. Small letters in
    /// piles and a held hand make many candidates, doubtful ones among them, so closer looks (a
    /// detector run inside a lane) are read side by side too.
    @Test(arguments: [SceneGenerator.Layout.piles, .hand, .words])
    func readingSideBySideReadsWhatOneThreadReads(layout: SceneGenerator.Layout) throws {
        let reader = try ModelLoading.reader(folder: TestPaths.root + "/Assets")
        var rng = SeededGenerator(seed: 31)
        var request = SceneGenerator.Request(layout: layout)
        request.indexPixels = 10...18
        request.legibleLetters = 10
        let scene = SceneGenerator(art: TestArt.drawn).render(request, width: 640, height: 480, rng: &rng)
        reader.parallel = .serial
        let alone = try reader.read(scene.image)
        reader.parallel = ModelLoading.readerLanes(workers: 3)
        let shared = try reader.read(scene.image)
        #expect(alone.count >= 3, "too few cards read to compare: \(alone.map(\.card))")
        #expect(shared.map(\.card) == alone.map(\.card))
        #expect(shared.map(\.sure) == alone.map(\.sure))
        for (a, b) in zip(alone, shared) {
            #expect(hypotf(a.center.x - b.center.x, a.center.y - b.center.y) < 1e-3 && abs(a.confidence - b.confidence) < 1e-4)
        }
    }
}
