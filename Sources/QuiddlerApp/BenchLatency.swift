import ArgumentParser
import Foundation
import QuiddlerCapture
import QuiddlerGame
import QuiddlerImage
import QuiddlerRandom
import QuiddlerReader
import QuiddlerSynthesis
import QuiddlerTUI
import Synchronization

/// `quiddler bench latency`: from a hand coming into view to its suggestion on screen, through
/// the whole app: a camera delivering frames in real time, the grabber, the reader worker, the
/// consensus tracker, `update`, the solver and `view`, with no key pressed.
struct BenchLatency: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "latency",
        abstract: "Time a hand coming into view → settled reading → suggestion on screen, through the whole app.")

    @Option(parsing: .unconditional, help: "Hands to show the camera.") var trials = 12
    @Option(parsing: .unconditional, help: "The camera's frame rate.") var fps = 30.0
    @Option(help: "Card scans for the hands (default: drawn cards).") var cards: String?
    @Option(help: "A model folder (default: the shipped model).") var model: String?
    @Option(parsing: .unconditional, help: "Seed of the hands.") var seed: UInt64 = 5
    @Flag(help: "Print one JSON object.") var json = false

    func validate() throws {
        guard trials > 0 else { throw ValidationError("--trials must be at least 1, got \(trials)") }
        guard fps >= 1 && fps <= 120 else { throw ValidationError("--fps must be 1 to 120, got \(fps)") }
    }

    struct Report: Codable {
        let trials: Int
        let suggested: Int
        let readRight: Int
        let settledMedianMs, settledP95Ms, suggestionMedianMs, suggestionP95Ms, suggestionP99Ms: Double
    }

    func run() throws {
        let generator = SceneGenerator(art: try CardLoading.art(cards: cards))
        let solver = Solver(trie: try DictionaryLoader.load(path: nil).trie)
        var rng = SeededGenerator(seed: seed)
        var settled = Timings(), shown = Timings()
        var suggested = 0, right = 0
        for _ in 0..<trials {
            let deck = CardCounts.deck.cards.shuffled(using: &rng)
            let size = Int(3 + rng.next() % 8)
            var request = SceneGenerator.Request(hand: Array(deck.prefix(size)), discard: deck[size])
            request.allIndicesShowing = true
            request.indexSize = 16...24
            var sceneRNG = rng.fork()
            let frames = FrameSequence.render(generator: generator, request: request, motion: .jitter, frames: 30, rng: &sceneRNG).map(\.image)
            let camera = TimedCamera(frames: frames, fps: fps)
            let runtime = Runtime(solver: solver, reader: try ModelLoading.reader(folder: model), source: camera, art: nil,
                                  initial: AppState(round: size - 2, status: SourceStatus(name: "bench", state: .running)))
            let screen = TimingScreen()
            // Settled: the hand following the settled reading holds the round's cards (looked at
            // every 30 ms, so never later than the suggestion it brings).
            screen.poll = { [unowned runtime, unowned screen] in
                if screen.settledAt == nil, runtime.state.live?.settled != nil, runtime.state.hand.count == size { screen.settledAt = Runtime.clock() }
            }
            runtime.run(on: screen, startDemo: false, startManual: false)
            guard let first = camera.firstFrameAt else { continue }
            if let at = screen.settledAt.map({ min($0, screen.suggestionAt ?? $0) }) { settled.add(1000 * (at - first)) }
            if let at = screen.suggestionAt {
                shown.add(1000 * (at - first))
                suggested += 1
                if runtime.state.hand.map(\.card) == Array(deck.prefix(size)) && runtime.state.discard?.card == deck[size] { right += 1 }
            }
        }
        let report = Report(trials: trials, suggested: suggested, readRight: right, settledMedianMs: round3(settled.median), settledP95Ms: round3(settled.p95),
                            suggestionMedianMs: round3(shown.median), suggestionP95Ms: round3(shown.p95), suggestionP99Ms: round3(shown.p99))
        if json { return try printJSON(report) }
        print("hand in view → settled reading: median \(report.settledMedianMs) ms, p95 \(report.settledP95Ms) ms")
        print("hand in view → suggestion on screen: median \(report.suggestionMedianMs) ms, p95 \(report.suggestionP95Ms) ms, p99 \(report.suggestionP99Ms) ms")
        print("suggestions shown in \(suggested)/\(trials) trials (hand and discard read right in \(right)); camera \(Int(fps)) fps, frames 640×480")
    }
}

/// A camera playing frames in real time at a fixed rate from its first frame, then holding the
/// last; it notes when the first frame arrived.
final class TimedCamera: FrameSource {
    let name = "bench"
    let state = SourceState.running
    let droppedFrames = 0
    private let frames: [RGBImage]
    private let interval: Double
    private var produced = 0
    private(set) var firstFrameAt: Double?

    init(frames: [RGBImage], fps: Double) {
        self.frames = frames
        interval = 1 / fps
    }

    func nextFrame(timeout: Double) -> Frame? {
        let now = Runtime.clock()
        let start = firstFrameAt ?? now
        let due = start + Double(produced) * interval
        if due > now { Thread.sleep(forTimeInterval: due - now) }
        if firstFrameAt == nil { firstFrameAt = Runtime.clock() }
        produced += 1
        return Frame(image: frames[min(produced, frames.count) - 1], timestamp: Double(produced) * interval, sequence: produced)
    }

    func close() {}
}

/// A screen that notes when the suggestion is first drawn, then quits; it waits for keys as the
/// terminal does (30 ms), and gives up after 20 s.
final class TimingScreen: Screen {
    let depth = ColorDepth.cube256
    let size = (width: 120, height: 40)
    let isGone = false
    var poll: () -> Void = {}
    var settledAt: Double?
    private(set) var suggestionAt: Double?
    private let started = Runtime.clock()

    func readKey() -> Key? {
        Thread.sleep(forTimeInterval: 0.03)
        poll()
        return suggestionAt != nil || Runtime.clock() - started > 20 ? .char("q") : nil
    }

    func draw(_ grid: Grid) {
        if suggestionAt == nil, grid.text.contains("blind:") { suggestionAt = Runtime.clock() }
    }

    func close() {}
}
