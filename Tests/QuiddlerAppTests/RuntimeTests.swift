import Foundation
@testable import QuiddlerApp
import QuiddlerCapture
import QuiddlerGame
import QuiddlerImage
import QuiddlerRandom
import QuiddlerReader
import QuiddlerSynthesis
import QuiddlerTestSupport
import QuiddlerTUI
import Testing

/// A screen that records what is drawn and presses `q` when told to.
final class FakeScreen: Screen {
    let depth = ColorDepth.mono
    let size = (width: 120, height: 40)
    var isGone = false
    private(set) var drawn: [Grid] = []
    var quitWhen: () -> Bool = { false }
    func readKey() -> Key? {
        Thread.sleep(forTimeInterval: 0.01)
        return quitWhen() ? .char("q") : nil
    }
    func draw(_ grid: Grid) { drawn.append(grid) }
    func close() {}
}

/// A camera that shows the same rendered hand, a new frame every 20 ms (faster than the reader).
final class FakeCamera: FrameSource {
    let name = "fake"
    let state = SourceState.running
    let droppedFrames = 0
    let image: RGBImage
    private(set) var produced = 0
    init(image: RGBImage) { self.image = image }
    func nextFrame(timeout: Double) -> Frame? {
        Thread.sleep(forTimeInterval: 0.02)
        produced += 1
        return Frame(image: image, timestamp: Double(produced) / 50, sequence: produced)
    }
    func close() {}
}

@Suite(.serialized) struct RuntimeTests {
    /// Camera frames go through the grabber and the reader worker into the state, within a
    /// latency budget, and what the app shows is what the reader reads in that frame.
    @Test func cameraFramesAreReadInTheBackgroundAndShown() throws {
        var rng = SeededGenerator(seed: 21)
        let hand = Array(CardCounts.deck.cards.shuffled(using: &rng).prefix(6))
        let scene = SceneGenerator(art: TestArt.drawn).demo(hand: hand, discard: nil, rng: &rng)
        let model = TestPaths.root + "/Assets"
        let expected = try ModelLoading.reader(folder: model).read(scene.image).map(\.card)
        let solver = Solver(trie: try DictionaryLoader.load(path: TestPaths.root + "/Dictionary/words.txt").trie)
        let camera = FakeCamera(image: scene.image)
        let runtime = Runtime(solver: solver, reader: try ModelLoading.reader(folder: model), source: camera, art: nil,
                              initial: AppState(round: hand.count - 2, status: SourceStatus(name: "fake", state: .running)))
        let screen = FakeScreen()
        let start = Date()
        // No key is pressed: quit once the suggestion has come by itself (the hand settled over a
        // few frames and holds the round's cards), or after 60 s.
        var reads = 0, lastFrame = 0
        screen.quitWhen = { [unowned runtime] in
            if let live = runtime.state.live, live.frameID != lastFrame { (reads, lastFrame) = (reads + 1, live.frameID) }
            return runtime.state.suggestion != nil || Date().timeIntervalSince(start) > 60
        }
        runtime.run(on: screen, startDemo: false, startManual: false)
        let state = runtime.state
        let live = try #require(state.live, "no frame was read within 60 s")
        #expect(live.detections.map(\.card) == expected, "the app shows what the reader reads in the frame")
        #expect(live.settled?.map(\.card) == expected && live.settling == 0, "a still frame settles")
        #expect(state.hand.map(\.card) == expected, "the hand follows the settled reading without a key")
        #expect(state.suggestion != nil, "the suggestion came by itself")
        #expect(!state.frozen)
        #expect(reads >= 3, "settling takes a few frames")
        #expect(live.frameWidth == scene.image.width && live.frameHeight == scene.image.height)
        // The latency budget: one read of a 640×480 frame, in a debug build on two shared cores.
        let latency = state.status.latencyMs
        #expect(latency > 0 && latency < 5000, "read in \(latency) ms")
        #expect(state.status.fps > 0)
        // The reader skipped frames instead of queueing them: more were produced than read.
        #expect(camera.produced > reads, "produced \(camera.produced), read \(reads)")
        #expect(!screen.drawn.isEmpty)
    }

    /// Without a model the app still runs, shows the frames (no cards) and keeps its state.
    @Test func withoutAReaderFramesAreShownWithNoCards() throws {
        let solver = Solver(trie: try DictionaryLoader.load(path: TestPaths.root + "/Dictionary/words.txt").trie)
        let camera = FakeCamera(image: RGBImage(width: 64, height: 48))
        let runtime = Runtime(solver: solver, reader: nil, source: camera, art: nil,
                              initial: AppState(round: 1, status: SourceStatus(name: "fake", state: .running)))
        let screen = FakeScreen()
        let start = Date()
        screen.quitWhen = { [unowned runtime] in runtime.state.live != nil || Date().timeIntervalSince(start) > 20 }
        runtime.run(on: screen, startDemo: false, startManual: false)
        let live = try #require(runtime.state.live)
        #expect(live.detections.isEmpty && live.frameWidth == 64)
    }
}
