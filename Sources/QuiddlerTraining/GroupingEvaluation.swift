import QuiddlerImage
import QuiddlerPlatform
import QuiddlerRandom
import QuiddlerReader
import QuiddlerSynthesis

/// How well words laid on the table are grouped, on synthetic scoring tables.
public struct GroupingSummary: Sendable {
    /// Layouts scored, and those whose words (and leftovers) all came out exactly.
    public var layouts = 0
    public var exactFromLabels = 0
    public var exactFromReader = 0
    /// Layouts the reader read exactly (every card right), and of those, grouped exactly.
    public var readExactly = 0
    public var groupedWhenReadExactly = 0
    /// What went wrong, from the labels (the grouping alone), by kind: a word cut in two, two
    /// words joined, a leftover taken into a word, a word's order wrong.
    public var failures: [String: Int] = [:]
    /// The scenes grouped wrong from the labels, for a closer look.
    public var failedScenes: [Int] = []
    /// What went wrong grouping the reader's reads, on layouts it read exactly.
    public var readerFailures: [String: Int] = [:]

    public var accuracyFromLabels: Double { layouts == 0 ? 0 : Double(exactFromLabels) / Double(layouts) }
    public var accuracyFromReader: Double { layouts == 0 ? 0 : Double(exactFromReader) / Double(layouts) }
}

extension Evaluation {
    /// The synthetic scoring table `i`: one or two players' words and leftovers, at any rotation,
    /// in frames from 1280×960 to 4032×3024, letters 10 to 60 pixels.
    public static func scoringScene(_ i: Int, generator: SceneGenerator, rng: inout SeededGenerator) -> Scene {
        var request = SceneGenerator.Request(layout: .words)
        request.scoringPlayers = 1 + i % 2
        // A photo that takes in everyone's words: a webcam's 1280×960 for one player's, a
        // phone's for two players'.
        let frames = request.scoringPlayers == 1 ? [(1280, 960), (2016, 1512), (4032, 3024)] : [(2016, 1512), (4032, 3024)]
        let (w, h) = frames[Int(rng.next() % UInt64(frames.count))]
        // Letters from 10 pixels, as large as lets the layout fit the frame (it shrinks to fit).
        request.indexPixels = 10...max(10.5, min(60, 0.05 * Float(min(w, h))))
        request.legibleLetters = 10
        return generator.render(request, width: w, height: h, rng: &rng)
    }

    /// Groups `scenes` synthetic scoring tables twice: from their labels (each card's top-left
    /// index, where the reader would find it: the grouping alone) and from the reader's reads.
    /// A layout counts as exact when every word comes out with its cards in reading order and
    /// the leftovers are the leftovers.
    public static func grouping(reader: CardReader?, generator: SceneGenerator, scenes: Int, seed: UInt64,
                                postProcess: ((inout RGBImage, inout SeededGenerator) -> Void)? = nil) -> GroupingSummary {
        var rng = SeededGenerator(seed: seed)
        var summary = GroupingSummary()
        for i in 0..<scenes {
            var scene = scoringScene(i, generator: generator, rng: &rng)
            postProcess?(&scene.image, &rng)
            let truth = scene.wordGroups
            summary.layouts += 1
            // From the labels: one item per card, its top-left index.
            let tops = scene.cards.indices.compactMap { id in scene.indices.first { $0.cardID == id && !$0.isBottomRight } }
            let fromLabels = WordGrouping.group(tops.map { ($0.center, $0.size, $0.angle) })
            let labelled = (fromLabels.words.map { $0.members.map { tops[$0].cardID } }, fromLabels.leftovers.map { tops[$0].cardID })
            if tops.count == scene.cards.count, same(labelled, truth) {
                summary.exactFromLabels += 1
            } else {
                summary.failedScenes.append(i)
                for kind in failureKinds(labelled, truth) { summary.failures[kind, default: 0] += 1 }
            }
            guard let reader else { continue }
            let detections = (try? reader.read(scene.image)) ?? []
            let ids = detections.map { d in label(at: d.center, in: scene).map(\.cardID) }
            let readRight = detections.count == scene.cards.count && zip(detections, ids).allSatisfy { d, id in id.map { scene.cards[$0].card == d.card } ?? false }
                && Set(ids.compactMap { $0 }).count == scene.cards.count
            let grouped = WordGrouping.group(detections)
            let fromReader = (grouped.words.map { $0.members.map { ids[$0] ?? -1 } }, grouped.leftovers.map { ids[$0] ?? -1 })
            let exact = readRight && same(fromReader, truth)
            if exact { summary.exactFromReader += 1 }
            if readRight {
                summary.readExactly += 1
                if exact { summary.groupedWhenReadExactly += 1 } else {
                    for kind in failureKinds(fromReader, truth) { summary.readerFailures[kind, default: 0] += 1 }
                }
            }
        }
        return summary
    }

    static func same(_ a: (words: [[Int]], leftovers: [Int]), _ b: (words: [[Int]], leftovers: [Int])) -> Bool {
        Set(a.words) == Set(b.words) && a.words.count == b.words.count && Set(a.leftovers) == Set(b.leftovers) && a.leftovers.count == b.leftovers.count
    }

    /// Why a grouping is wrong, as kinds of mistake.
    static func failureKinds(_ got: (words: [[Int]], leftovers: [Int]), _ truth: (words: [[Int]], leftovers: [Int])) -> Set<String> {
        var kinds = Set<String>()
        let wordOf = Dictionary(uniqueKeysWithValues: truth.words.enumerated().flatMap { w, cards in cards.map { ($0, w) } })
        for word in got.words {
            let owners = Set(word.map { wordOf[$0] ?? -1 })
            if owners.contains(-1) { kinds.insert("a leftover taken into a word") }
            if owners.subtracting([-1]).count > 1 { kinds.insert("two words joined") }
            if owners.count == 1, let w = owners.first, w >= 0, Set(word) == Set(truth.words[w]), word != truth.words[w] { kinds.insert("a word's cards out of order") }
        }
        for word in truth.words where !got.words.contains(where: { Set($0) == Set(word) }) {
            let pieces = got.words.filter { !Set($0).isDisjoint(with: word) }.count + word.filter { got.leftovers.contains($0) }.count
            if pieces > 1 { kinds.insert("a word cut in two") }
        }
        if kinds.isEmpty { kinds.insert("a card not labelled") }
        return kinds
    }
}
