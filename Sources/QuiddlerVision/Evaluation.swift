import QuiddlerGame
import QuiddlerRandom

/// A labelled photo.
public struct LabelledPhoto: Sendable {
    public let name: String
    public let image: RGBImage
    /// The cards, left to right across the fan.
    public let cards: [Card]

    public init(name: String, image: RGBImage, cards: [Card]) {
        self.name = name
        self.image = image
        self.cards = cards
    }
}

/// How one image was read.
public struct ReadResult: Sendable {
    public let name: String
    public let expected: [Card]
    public let read: [Card]
    public let detections: [Detection]
    /// Cards read right (aligned in order for photos; as a multiset for synthetic scenes).
    public let correct: Int
    /// Pairs (expected, read) where a card was read as another.
    public let confusions: [(Card, Card)]
    /// Cards read more often than they are present.
    public let duplicates: Int

    public var exact: Bool { read == expected || (correct == expected.count && read.count == expected.count) }
}

/// Scores over a set of images.
public struct EvaluationSummary: Sendable {
    public let results: [ReadResult]
    public var correct: Int { results.reduce(0) { $0 + $1.correct } }
    public var total: Int { results.reduce(0) { $0 + $1.expected.count } }
    public var exact: Int { results.filter(\.exact).count }
    public var duplicates: Int { results.reduce(0) { $0 + $1.duplicates } }
    public var accuracy: Double { total == 0 ? 0 : Double(correct) / Double(total) }
    public var confusions: [(Card, Card)] { results.flatMap(\.confusions) }
}

/// The Wilson score interval for k successes in n trials (95% by default).
public func wilsonInterval(_ k: Int, _ n: Int, z: Double = 1.96) -> (low: Double, high: Double) {
    guard n > 0 else { return (0, 1) }
    let p = Double(k) / Double(n), nn = Double(n)
    let centre = (p + z * z / (2 * nn)) / (1 + z * z / nn)
    let half = z * (p * (1 - p) / nn + z * z / (4 * nn * nn)).squareRoot() / (1 + z * z / nn)
    return (max(0, centre - half), min(1, centre + half))
}

public enum Evaluation {
    /// Reads labelled photos and scores them in order (an edit-distance alignment).
    public static func photos(reader: CardReader, set: [LabelledPhoto], hint: Bool) -> EvaluationSummary {
        EvaluationSummary(results: set.map { photo in
            let detections = (try? reader.read(photo.image, hint: hint ? photo.cards.count : nil)) ?? []
            return score(name: photo.name, expected: photo.cards, detections: detections, ordered: true)
        })
    }

    /// Renders `scenes` validation scenes from a fixed seed and scores the reader on them, with
    /// the number of cards showing an index as the hint.
    public static func synthetic(reader: CardReader, generator: SceneGenerator, scenes: Int, seed: UInt64,
                                 postProcess: ((inout RGBImage, inout SeededGenerator) -> Void)? = nil) -> EvaluationSummary {
        var rng = SeededGenerator(seed: seed)
        var results: [ReadResult] = []
        for i in 0..<scenes {
            var scene = generator.render(rng: &rng)
            postProcess?(&scene.image, &rng)
            let shown = Set(scene.indices.filter { $0.visibility == .visible }.map(\.cardID))
            let expected = scene.cards.enumerated().filter { shown.contains($0.offset) }.map(\.element.card)
            let detections = (try? reader.read(scene.image, hint: expected.count)) ?? []
            results.append(score(name: "synthetic-\(i + 1)", expected: expected, detections: detections, ordered: false))
        }
        return EvaluationSummary(results: results)
    }

    /// Scores one read against what was expected, in order.
    public static func score(expected: [Card], read: [Card]) -> ReadResult {
        let detections = read.map { Detection(card: $0, confidence: 1, center: Point(0, 0), size: 1, angle: 0, cardCenter: Point(0, 0), classProbability: 1) }
        return score(name: "", expected: expected, detections: detections, ordered: true)
    }

    static func score(name: String, expected: [Card], detections: [Detection], ordered: Bool) -> ReadResult {
        let read = detections.map(\.card)
        var counts = CardCounts(expected)
        var duplicates = 0
        for c in read { if counts[c] > 0 { counts[c] -= 1 } else if expected.contains(c) { duplicates += 1 } }
        if ordered {
            let (correct, confusions) = align(expected, read)
            return ReadResult(name: name, expected: expected, read: read, detections: detections, correct: correct, confusions: confusions, duplicates: duplicates)
        }
        let e = CardCounts(expected), r = CardCounts(read)
        let correct = Card.all.reduce(0) { $0 + min(e[$1], r[$1]) }
        let missing = (e - r).cards, extra = (r - e).cards
        return ReadResult(name: name, expected: expected, read: read, detections: detections, correct: correct,
                          confusions: Array(zip(missing, extra)), duplicates: duplicates)
    }

    /// Levenshtein alignment: matches and substitutions along the cheapest edit path.
    static func align(_ a: [Card], _ b: [Card]) -> (Int, [(Card, Card)]) {
        let n = a.count, m = b.count
        var d = [[Int]](repeating: [Int](repeating: 0, count: m + 1), count: n + 1)
        for i in 0...n { d[i][0] = i }
        for j in 0...m { d[0][j] = j }
        if n > 0 && m > 0 {
            for i in 1...n { for j in 1...m { d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)) } }
        }
        var i = n, j = m, matches = 0
        var subs: [(Card, Card)] = []
        while i > 0 && j > 0 {
            if d[i][j] == d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1) {
                if a[i - 1] == b[j - 1] { matches += 1 } else { subs.append((a[i - 1], b[j - 1])) }
                i -= 1; j -= 1
            } else if d[i][j] == d[i - 1][j] + 1 { i -= 1 } else { j -= 1 }
        }
        return (matches, subs.reversed())
    }
}
