import ArgumentParser
import Foundation
import QuiddlerGame
import QuiddlerRandom
import QuiddlerTUI
import QuiddlerImage
import QuiddlerReader
import QuiddlerSynthesis
import QuiddlerTraining
import Synchronization

/// `quiddler bench ui`: how fast a key press is answered (update + view of a full screen) while
/// the detector reads frames on a background queue, as in the app.
struct BenchUI: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ui", abstract: "Time answering a key (update + view at 120×40) while detection runs in the background.")

    @Option(parsing: .unconditional, help: "Key presses to time.") var keys = 300
    @Option(help: "A model folder (default: the shipped model).") var model: String?
    @Flag(help: "Print one JSON object.") var json = false

    func validate() throws {
        guard keys > 0 else { throw ValidationError("--keys must be at least 1, got \(keys)") }
    }

    func run() throws {
        // One reader, one owner: the background reads and the one below take turns on its lock.
        let reader = ReaderWorker(try ModelLoading.reader(folder: model))
        var rng = SeededGenerator(seed: 3)
        let scene = SceneGenerator(art: try CardLoading.art(cards: nil)).render(SceneGenerator.Request(layout: .hand), rng: &rng)
        let stop = Atomic<Bool>(false)
        let busy = DispatchGroup()
        DispatchQueue.global().async(group: busy) {
            while !stop.load(ordering: .relaxed) { _ = try? reader.read(scene.image) }
        }
        let solver = Solver(trie: try DictionaryLoader.load(path: nil).trie)
        var state = AppState(round: 8, status: SourceStatus(name: "bench", state: .running))
        let detections = try reader.read(scene.image, hint: 10)
        state = update(state, .detected(LiveView(thumbnail: scene.image.resized(width: 160, height: 120), frameWidth: 640, frameHeight: 480,
                                                 detections: detections, frameID: 1))).0
        let hand = Array(CardCounts.deck.cards.shuffled(using: &rng).prefix(11))
        state = update(state, .solved(id: 0, .decision(try solver.decide(hand: Array(hand.prefix(10)), discard: hand[10])))).0
        var t = Timings()
        let cycle: [Key] = [.right, .right, .left, .char(">"), .char("<"), .char("?"), .escape]
        for i in 0..<max(keys, 1) {
            t.add(measureMs {
                state = update(state, .key(cycle[i % cycle.count])).0
                _ = view(state, width: 120, height: 40)
            })
        }
        stop.store(true, ordering: .relaxed)
        busy.wait()
        if json {
            try printJSON(["keyMedianMs": round3(t.median), "keyP95Ms": round3(t.p95), "keyP99Ms": round3(t.p99)])
        } else {
            print("key → new screen while detecting: median \(round3(t.median)) ms, p95 \(round3(t.p95)) ms, p99 \(round3(t.p99)) ms")
        }
    }
}
