import ArgumentParser
import Foundation
import QuiddlerCapture
import QuiddlerGame
import QuiddlerRandom
import QuiddlerImage
import QuiddlerReader
import QuiddlerSynthesis
import QuiddlerTraining

/// `quiddler bench demo`: deals hands as the app's demo does, renders its camera frames and
/// counts how many the reader reads exactly.
struct BenchDemo: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo", abstract: "Deal demo hands, render their camera frames and count the deals read exactly.")

    @Option(parsing: .unconditional, help: "How many deals.") var deals = 200
    @Option(parsing: .unconditional, help: "Seed for the deals.") var seed: UInt64 = 1
    @Option(help: "A model folder (default: the shipped model).") var model: String?
    @Option(help: "Write the frames read wrong, annotated, to this folder.") var errors: String?
    @Flag(help: "Print one JSON object.") var json = false

    func validate() throws {
        guard deals > 0 else { throw ValidationError("--deals must be at least 1, got \(deals)") }
    }

    struct Report: Codable {
        let deals: Int
        let exact: Int
        let exactWithoutHint: Int
        let doubtful: Int
        let msMedian: Double
        let msP95: Double
    }

    func run() throws {
        let reader = try ModelLoading.reader(folder: model)
        let generator = SceneGenerator(art: try CardLoading.art(cards: nil))
        var rng = SeededGenerator(seed: seed)
        var exact = 0, free = 0, doubtful = 0
        var t = Timings()
        for i in 0..<deals {
            let deck = CardCounts.deck.cards.shuffled(using: &rng)
            let size = Int(3 + rng.next() % 8)
            let hand = Array(deck[0..<size]), discard = deck[size]
            var sceneRNG = rng.fork()
            let scene = generator.demo(hand: hand, discard: discard, rng: &sceneRNG)
            var found: [Detection] = []
            // As the app reads it: the hand and the discard make size + 1 cards.
            t.add(try measureMs { found = try reader.read(scene.image, hint: size + 1) })
            let result = Evaluation.score(name: "demo-\(i + 1)", scene: scene, detections: found)
            // …and then tells the discard lying apart from the hand, in the hand's order.
            let (handRead, discardRead) = HandLayout.separate(found)
            let right = result.exact && result.expected.count == size + 1 && discardRead?.card == discard && handRead.map(\.card) == hand
            if right { exact += 1 }
            doubtful += found.filter { !$0.sure }.count
            let unhinted = Evaluation.score(name: "", scene: scene, detections: try reader.read(scene.image))

            let unhintedSplit = HandLayout.separate(unhinted.detections)
            if unhinted.exact && unhinted.expected.count == size + 1 && unhintedSplit.discard?.card == discard && unhintedSplit.hand.map(\.card) == hand { free += 1 }
            if !right, let errors {
                try FileManager.default.createDirectory(atPath: errors, withIntermediateDirectories: true)
                let path = (errors as NSString).appendingPathComponent("demo-\(i + 1).jpg")
                try ImageFile.writeJPEG(Annotation.draw(found, on: scene.image), to: path)
            }
        }
        let report = Report(deals: deals, exact: exact, exactWithoutHint: free, doubtful: doubtful, msMedian: round3(t.median), msP95: round3(t.p95))
        if json {
            try printJSON(report)
        } else {
            print("demo deals read exactly: \(exact)/\(deals) as the app reads them (with the hand size), \(free)/\(deals) without it; "
                  + "\(doubtful) doubtful reads; read median \(round3(t.median)) ms, p95 \(round3(t.p95)) ms")
        }
    }
}
