import QuiddlerImage
import QuiddlerReader
import QuiddlerSynthesis
import QuiddlerGame
import QuiddlerRandom
import QuiddlerPlatform

/// A labelled photo.
public struct PhotoLabels: Sendable, Equatable {
    /// The file name in its folder.
    public let name: String
    /// The cards whose top-left index shows, left to right.
    public let cards: [Card]
    /// Where each card's index is, when known (a capture the player confirmed), one per card.
    public let boxes: [IndexBox]?

    public init(name: String, cards: [Card], boxes: [IndexBox]? = nil) {
        self.name = name
        self.cards = cards
        self.boxes = boxes
    }
}

/// Where a card's index is on a photo: its centre, letters' height and angle, and its card's
/// centre, in image pixels and radians (as `Detection` gives them).
public struct IndexBox: Codable, Sendable, Equatable {
    public var x: Float
    public var y: Float
    public var size: Float
    public var angle: Float
    public var cardX: Float
    public var cardY: Float

    public init(center: Point, size: Float, angle: Float, cardCenter: Point) {
        (x, y, self.size, self.angle, cardX, cardY) = (center.x, center.y, size, angle, cardCenter.x, cardCenter.y)
    }

    public init(_ d: Detection) { self.init(center: d.center, size: d.size, angle: d.angle, cardCenter: d.cardCenter) }

    public var center: Point { Point(x, y) }
    public var cardCenter: Point { Point(cardX, cardY) }

    /// Whether every number is finite and the size positive (a file may say anything).
    public var isValid: Bool { [x, y, size, angle, cardX, cardY].allSatisfy(\.isFinite) && size > 0 }
}

/// How one image was read.
public struct ReadResult: Sendable {
    public let name: String
    public let expected: [Card]
    public let read: [Card]
    public let detections: [Detection]
    /// Cards read right: aligned in order for photos; by place for synthetic scenes (a read
    /// counts for the card whose index it sits on).
    public let correct: Int
    /// Pairs (expected, read) where a card was read as another.
    public let confusions: [(Card, Card)]
    /// Cards read more often than they are present.
    public let duplicates: Int
    /// Reads that are no card there: misreads, false finds and second reads of one card.
    public let wrong: Int
    /// For synthetic scenes: the layout, and for each expected card its letters' height in frame
    /// pixels and whether it was read right.
    public var layout: SceneGenerator.Layout?
    public var expectedSizes: [Float] = []
    public var expectedRight: [Bool] = []
    /// How much of each expected card's face shows (`Scene.faceShowing`).
    public var expectedFaceShowing: [Float] = []
    /// For synthetic scenes: reads on cards left out of the score, every index of theirs partly
    /// hidden (by the next card of a fan, a finger, the frame's edge), as pairs (the card, what
    /// was read). Neither asked for nor held against the reader, but a read of another kind
    /// there (a P whose bowl the next card hides, read as I) is a card the player does not hold.
    public var partlyHiddenReads: [PartlyHiddenRead] = []

    public var exact: Bool { correct == expected.count && wrong == 0 }
}

/// A read on a card every index of which is partly hidden: the card, what was read, and whether
/// the read was sure (a doubtful one is marked `?`).
public struct PartlyHiddenRead: Sendable, Equatable {
    public let card: Card
    public let read: Card
    public let sure: Bool
    public var right: Bool { card == read }
    public init(card: Card, read: Card, sure: Bool) { (self.card, self.read, self.sure) = (card, read, sure) }
}

/// Scores over a set of images.
public struct EvaluationSummary: Sendable {
    public let results: [ReadResult]
    public var correct: Int { results.reduce(0) { $0 + $1.correct } }
    public var total: Int { results.reduce(0) { $0 + $1.expected.count } }
    public var exact: Int { results.filter(\.exact).count }
    public var duplicates: Int { results.reduce(0) { $0 + $1.duplicates } }
    public var wrong: Int { results.reduce(0) { $0 + $1.wrong } }
    public var accuracy: Double { total == 0 ? 0 : Double(correct) / Double(total) }
    public var confusions: [(Card, Card)] { results.flatMap(\.confusions) }
    /// Reads on cards left out of the score, every index partly hidden (`ReadResult.partlyHiddenReads`).
    public var partlyHiddenReads: [PartlyHiddenRead] { results.flatMap(\.partlyHiddenReads) }
    /// Of those, the reads of another kind than the card's.
    public var partlyHiddenMisreads: [PartlyHiddenRead] { partlyHiddenReads.filter { !$0.right } }
    /// Of those, the reads of another kind, by layout (the layouts with any).
    public var partlyHiddenMisreadsByLayout: [(layout: SceneGenerator.Layout, count: Int)] {
        SceneGenerator.Layout.allCases.map { l in
            (l, EvaluationSummary(results: results.filter { $0.layout == l }).partlyHiddenMisreads.count)
        }.filter { $0.count > 0 }
    }

    /// Cards right and cards expected, by layout (synthetic scenes only).
    public var byLayout: [(layout: SceneGenerator.Layout, correct: Int, total: Int)] {
        SceneGenerator.Layout.allCases.compactMap { l in
            let rs = results.filter { $0.layout == l }
            guard !rs.isEmpty else { return nil }
            return (l, rs.reduce(0) { $0 + $1.correct }, rs.reduce(0) { $0 + $1.expected.count })
        }
    }

    /// Index-size bands (letters' height in frame pixels) the synthetic score is broken down by.
    /// The first holds the letters under `legibleFloor` that a camera's tilt makes of 10-pixel ones.
    public static let sizeBands: [Range<Float>] = [0..<legibleFloor, legibleFloor..<16, 16..<32, 32..<64, 64..<1000]
    /// The smallest letters (frame pixels) the reader is asked to read: the validation draws none
    /// smaller, but its perspective tilt shrinks the far side's a little below it.
    public static let legibleFloor: Float = 10

    /// Cards right and cards expected among those whose letters are at least `legibleFloor` tall.
    public var atLegibleSizes: (correct: Int, total: Int) {
        bySize.filter { $0.band.lowerBound >= Self.legibleFloor }.reduce((0, 0)) { ($0.0 + $1.correct, $0.1 + $1.total) }
    }

    /// Cards right and cards expected, by the letters' height in frame pixels.
    public var bySize: [(band: Range<Float>, correct: Int, total: Int)] {
        EvaluationSummary.sizeBands.map { band in
            let (right, total) = tally(\.expectedSizes) { band.contains($0) }
            return (band, right, total)
        }
    }

    /// Cards right and cards expected, by kind, the kinds with any (synthetic scenes only: a
    /// photo is scored in order, not card by card); the weakest first, the commoner first among
    /// equals. Where the misses gather in one kind (thin letters such as I beside the edges of a
    /// pile's cards), the generator and the training have that kind to mend.
    public var byKind: [(card: Card, correct: Int, total: Int)] {
        var right = [Int](repeating: 0, count: Card.kindCount), total = right
        for r in results {
            for (card, ok) in zip(r.expected, r.expectedRight) {
                total[card.index] += 1
                if ok { right[card.index] += 1 }
            }
        }
        return Card.all.filter { total[$0.index] > 0 }.map { ($0, right[$0.index], total[$0.index]) }.sorted { a, b in
            let (ra, rb) = (a.correct * b.total, b.correct * a.total)
            return ra != rb ? ra < rb : a.total != b.total ? a.total > b.total : a.card < b.card
        }
    }

    /// Cards right and cards expected among those whose measure (`expectedSizes`, say) `counts`.
    func tally(_ measure: KeyPath<ReadResult, [Float]>, where counts: (Float) -> Bool) -> (correct: Int, total: Int) {
        var right = 0, total = 0
        for r in results { for (value, ok) in zip(r[keyPath: measure], r.expectedRight) where counts(value) { total += 1; if ok { right += 1 } } }
        return (right, total)
    }
}

extension EvaluationSummary {
    /// What of a card shows, by which the synthetic score is broken down: only its index strip
    /// (its face hidden under another card, a finger or the frame's edge: under `hiddenBelow` of
    /// the middle of the card, where the big letter is), part of its face, or most or all of it
    /// (`showingFrom`).
    public enum Cover: String, CaseIterable, Sendable {
        case indexOnly = "index only", partly = "part of its face", face = "its face"

        public init(faceShowing: Float) {
            self = faceShowing < Self.hiddenBelow ? .indexOnly : faceShowing < Self.showingFrom ? .partly : .face
        }
        public static let hiddenBelow: Float = 0.05
        public static let showingFrom: Float = 0.85
    }

    /// Cards right and cards expected, by how much of each card shows.
    public var byCover: [(cover: Cover, correct: Int, total: Int)] {
        Cover.allCases.map { cover in
            let (right, total) = tally(\.expectedFaceShowing) { Cover(faceShowing: $0) == cover }
            return (cover, right, total)
        }
    }
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
    /// Reads labelled photos and scores them in order (an edit-distance alignment). Each photo is
    /// loaded by `image` when its turn comes and let go after, so only one is in memory at a time.
    /// - Throws: what `image` throws.
    public static func photos(reader: CardReader, photos: [PhotoLabels], hint: Bool, image: (PhotoLabels) throws -> RGBImage) throws -> EvaluationSummary {
        EvaluationSummary(results: try photos.map { photo in
            // A photo that cannot be loaded stops the evaluation; one the reader cannot run scores nothing.
            let frame = try image(photo)
            let detections = (try? reader.read(frame, hint: hint ? photo.cards.count : nil)) ?? []
            return score(name: photo.name, expected: photo.cards, detections: detections)
        })
    }

    /// Renders `scenes` validation scenes from a fixed seed and scores the reader on them.
    ///
    /// The scenes cover every layout, frames from 320×240 to 4032×3024 and letters from 10 to 150
    /// pixels tall (`validationScene`). Every card whose index shows whole must be read, and read
    /// right. A card whose indices are all partly hidden (by the next card of a close fan, a
    /// finger or the frame's edge) is left out of the score either way, as it is left out of the
    /// detector's training. With `hint`, the reader is told the number of cards showing an index
    /// at all, as the round tells how many cards a hand holds. Reads are matched to cards by
    /// place: a read counts for the card whose index it sits on, so a wrong read cannot make up
    /// for a missed card, and a read where no index is counts as wrong.
    /// - Parameter frame: every scene at this frame size (letters from 10 pixels to the most it
    ///   fits), in place of the set's mix of sizes; the scenes are otherwise drawn as without it.
    /// - Parameter backlit: the share of scenes (0–1) whose cards lie in shade before a bright,
    ///   washed-out background, as a hand held up against a ceiling light or a window is seen
    ///   (`SceneGenerator.Request.backlitChance`). At 0 the set is drawn as it always was.
    /// - Parameter overexposed: the share of scenes (0–1) taken with too long an exposure, their
    ///   white clipped (`SceneGenerator.Request.overexposedChance`). At 0 the set is drawn as it always was.
    public static func synthetic(reader: CardReader, generator: SceneGenerator, scenes: Int, seed: UInt64, hint: Bool = false,
                                 frame: (width: Int, height: Int)? = nil, backlit: Float = 0, overexposed: Float = 0,
                                 postProcess: ((inout RGBImage, inout SeededGenerator) -> Void)? = nil,
                                 inspect: ((Scene, ReadResult) -> Void)? = nil) -> EvaluationSummary {
        var rng = SeededGenerator(seed: seed)
        var results: [ReadResult] = []
        for i in 0..<scenes {
            let (request, width, height) = validationScene(i, rng: &rng, frame: frame, backlit: backlit, overexposed: overexposed)
            var scene = generator.render(request, width: width, height: height, rng: &rng)
            postProcess?(&scene.image, &rng)
            let showing = Set(scene.indices.map(\.cardID)).count
            let detections = (try? reader.read(scene.image, hint: hint ? showing : nil)) ?? []
            let result = score(name: "synthetic-\(i + 1)", scene: scene, detections: detections)
            inspect?(scene, result)
            results.append(result)
        }
        return EvaluationSummary(results: results)
    }

    /// The frame sizes of the validation set, with how often each is drawn.
    static let validationFrames: [(width: Int, height: Int, weight: Float)] = [
        (320, 240, 0.15), (640, 480, 0.45), (1280, 960, 0.2), (2016, 1512, 0.15), (4032, 3024, 0.05),
    ]

    /// What validation scene `i` shows: the layouts in turn, a frame size, and letters drawn
    /// log-uniformly from 10 pixels to the most that fits the frame (150 at the most), kept
    /// legible (no layout shrinks them under 10 pixels, no blur washes them out).
    /// - Parameter frame: this frame size in place of the one drawn (the draw is made either way).
    /// - Parameter backlit: the chance the scene is drawn backlit (`SceneGenerator.Request.backlitChance`).
    /// - Parameter overexposed: the chance it is overexposed (`SceneGenerator.Request.overexposedChance`).
    public static func validationScene(_ i: Int, rng: inout SeededGenerator, frame size: (width: Int, height: Int)? = nil, backlit: Float = 0,
                                       overexposed: Float = 0) -> (SceneGenerator.Request, width: Int, height: Int) {
        let layouts = SceneGenerator.Layout.allCases
        var request = SceneGenerator.Request(layout: layouts[i % layouts.count])
        request.backlitChance = backlit
        request.overexposedChance = overexposed
        let frame = legibleFrame(&request, frames: validationFrames, rng: &rng, size: size)
        return (request, frame.width, frame.height)
    }

    /// A frame size drawn from `frames` by weight (drawn even when `size` takes its place), and
    /// the request's letters set to what a person reads plainly there: from 10 pixels to the most
    /// that fits the frame (150 at the most), no layout shrinking them under 10, no blur washing
    /// them out.
    public static func legibleFrame(_ request: inout SceneGenerator.Request, frames: [(width: Int, height: Int, weight: Float)],
                                    rng: inout SeededGenerator, size: (width: Int, height: Int)? = nil) -> (width: Int, height: Int) {
        var r = rng.nextFloat() * frames.reduce(0) { $0 + $1.weight }
        var frame = (width: frames[1].width, height: frames[1].height)
        for f in frames { r -= f.weight; if r < 0 { frame = (f.width, f.height); break } }
        if let size { frame = size }
        let floor = EvaluationSummary.legibleFloor
        request.indexPixels = floor...max(floor + 0.5, min(150, 0.08 * Float(min(frame.width, frame.height))))
        request.legibleLetters = floor
        return frame
    }

    /// Scores the reads of a synthetic scene against its labels, by place (see `synthetic`).
    public static func score(name: String, scene: Scene, detections: [Detection]) -> ReadResult {
        let mustReadSet = mustReadCards(scene)
        let mustRead = mustReadSet.sorted()
        var readRight = Set<Int>()
        var wrong = 0, duplicates = 0
        var confusions: [(Card, Card)] = [], partlyHidden: [PartlyHiddenRead] = []
        for d in detections {
            guard let label = label(at: d.center, in: scene) else { wrong += 1; continue }
            // Partly hidden cards are neither asked for nor held against the reader, as in training.
            guard mustReadSet.contains(label.cardID) else { partlyHidden.append(PartlyHiddenRead(card: label.card, read: d.card, sure: d.sure)); continue }
            if label.card != d.card {
                wrong += 1
                confusions.append((label.card, d.card))
            } else if readRight.contains(label.cardID) {
                wrong += 1
                duplicates += 1
            } else {
                readRight.insert(label.cardID)
            }
        }
        let correct = mustRead.filter { readRight.contains($0) }.count
        var result = ReadResult(name: name, expected: mustRead.map { scene.cards[$0].card }, read: detections.map(\.card), detections: detections,
                                correct: correct, confusions: confusions, duplicates: duplicates, wrong: wrong)
        result.layout = scene.layout
        result.expectedSizes = mustRead.map { id in scene.indices.filter { $0.cardID == id }.map(\.size).max() ?? 0 }
        result.expectedRight = mustRead.map { readRight.contains($0) }
        result.expectedFaceShowing = mustRead.map { $0 < scene.faceShowing.count ? scene.faceShowing[$0] : 0 }
        result.partlyHiddenReads = partlyHidden
        return result
    }

    /// Whether an index shows whole: not hidden by other cards or fingers, and not cut by the
    /// frame's edge. The generator judges cover before its perspective warp, which can move an
    /// index partly out of the frame; the same rule as for cover applies to the frame: at least
    /// 90% of the letters' box must be inside it.
    public static func mustBeRead(_ l: IndexLabel, in scene: Scene) -> Bool {
        guard l.visibility == .visible else { return false }
        let halfWidth = 0.4 * l.size * Float(l.card.name.count), halfHeight = 0.5 * l.size
        let c = cosf(l.angle), s = sinf(l.angle)
        var inside = 0
        for gy in 0..<4 {
            for gx in 0..<5 {
                let u = halfWidth * ((Float(gx) + 0.5) / 2.5 - 1), v = halfHeight * ((Float(gy) + 0.5) / 2 - 1)
                let x = l.center.x + u * c - v * s, y = l.center.y + u * s + v * c
                if x >= 0, y >= 0, x < Float(scene.image.width), y < Float(scene.image.height) { inside += 1 }
            }
        }
        return inside >= 18
    }

    /// The cards (by place in the scene) that must be read: those with an index showing whole.
    public static func mustReadCards(_ scene: Scene) -> Set<Int> {
        Set(scene.indices.filter { mustBeRead($0, in: scene) }.map(\.cardID))
    }

    /// The index (of either corner of any card) a point sits on, if any: the nearest within 0.7
    /// of its letters' height that shows whole, else the nearest hidden one. In a pile the hidden
    /// index of a card beneath can lie nearer a read than the top card's, but the letters read
    /// there are the top card's.
    public static func label(at p: Point, in scene: Scene) -> IndexLabel? {
        func distance(_ l: IndexLabel) -> Float { hypotf(l.center.x - p.x, l.center.y - p.y) }
        let near = scene.indices.filter { distance($0) < 0.7 * $0.size }
        let showing = near.filter { mustBeRead($0, in: scene) }
        return (showing.isEmpty ? near : showing).min { distance($0) < distance($1) }
    }

    /// Why a synthetic scene's cards were missed: for each expected card that was not read, whether
    /// the detector proposed none of its visible indices (a miss) or proposed one that was then
    /// read as something else or rejected (a misread).
    public static func missedCards(scene: Scene, detections: [Detection], candidates: [Point]) -> (missed: [IndexLabel], misread: [IndexLabel]) {
        var missed: [IndexLabel] = [], misread: [IndexLabel] = []
        for card in mustReadCards(scene).sorted() {
            let labels = scene.indices.filter { $0.cardID == card }
            if detections.contains(where: { d in d.card == labels[0].card && label(at: d.center, in: scene)?.cardID == card }) { continue }
            let proposed = candidates.contains { label(at: $0, in: scene)?.cardID == card }
            if proposed { misread.append(labels[0]) } else { missed.append(labels[0]) }
        }
        return (missed, misread)
    }

    /// How many misread cards had each cause (`misreadCauses`).
    public struct MisreadCauses: Equatable, Sendable {
        public var merged: Int, underThreshold: Int, otherKind: Int

        public init(merged: Int = 0, underThreshold: Int = 0, otherKind: Int = 0) {
            (self.merged, self.underThreshold, self.otherKind) = (merged, underThreshold, otherKind)
        }

        /// Counts of more scenes added in.
        public static func += (a: inout MisreadCauses, b: MisreadCauses) {
            a = MisreadCauses(merged: a.merged + b.merged, underThreshold: a.underThreshold + b.underThreshold, otherKind: a.otherKind + b.otherKind)
        }
    }

    /// Why proposed cards were misread (`missedCards`' misread), from the reads of every proposal
    /// before they were merged into cards and settled: a read of the right kind at the card's index
    /// at or above `threshold` that did not stand (merged into another card: paired as another
    /// card's twin, or a surer read at one place), a read of the right kind only under
    /// `threshold`, or reads of other kinds (or rejects) alone.
    public static func misreadCauses(_ misread: [IndexLabel], scene: Scene, reads: [Detection], threshold: Float) -> MisreadCauses {
        var causes = MisreadCauses()
        for l in misread {
            let own = reads.filter { $0.card == l.card && label(at: $0.center, in: scene)?.cardID == l.cardID }
            if own.contains(where: { $0.confidence >= threshold }) { causes.merged += 1 } else if !own.isEmpty { causes.underThreshold += 1 } else { causes.otherKind += 1 }
        }
        return causes
    }

    /// Of misread cards, how many the classifier reads right from the index's own box (its
    /// label's centre, angle and size), from the detector's box as it is (the read was lost after
    /// the crop: under the confidence bar, or merged), and from the detector's box with one part
    /// put right: which part of the box was at fault (`boxFaults`). A card may count under several.
    public struct BoxFaults: Equatable, Sendable {
        public var labelBox = 0, proposalBox = 0, angle = 0, center = 0, size = 0

        public init(labelBox: Int = 0, proposalBox: Int = 0, angle: Int = 0, center: Int = 0, size: Int = 0) {
            (self.labelBox, self.proposalBox, self.angle, self.center, self.size) = (labelBox, proposalBox, angle, center, size)
        }

        /// Counts of more scenes added in.
        public static func += (a: inout BoxFaults, b: BoxFaults) {
            a = BoxFaults(labelBox: a.labelBox + b.labelBox, proposalBox: a.proposalBox + b.proposalBox,
                          angle: a.angle + b.angle, center: a.center + b.center, size: a.size + b.size)
        }
    }

    /// Which part of the detector's box made each misread card (`missedCards`' misread) misread.
    /// Each card's proposal nearest one of its indices (in that index's letters) is read again by
    /// `reads` (true when the crop at that centre, angle and size reads as the card) at the
    /// index's own box, at the proposal's box as it is, and with only its angle, centre or size
    /// put right. The proposal's angle is first turned half round when that brings it nearer the
    /// index's: the reader reads both ways up.
    public static func boxFaults(_ misread: [IndexLabel], scene: Scene, candidates: [IndexCandidate],
                                 reads: (IndexLabel, Point, Float, Float) -> Bool) -> BoxFaults {
        var faults = BoxFaults()
        for lost in misread {
            let pairs = candidates.compactMap { c -> (IndexCandidate, IndexLabel)? in
                guard let l = label(at: c.center, in: scene), l.cardID == lost.cardID else { return nil }
                return (c, l)
            }
            func off(_ p: (IndexCandidate, IndexLabel)) -> Float { hypotf(p.0.center.x - p.1.center.x, p.0.center.y - p.1.center.y) / p.1.size }
            guard let (c, l) = pairs.min(by: { off($0) < off($1) }) else { continue }
            let angle = abs(normalizedAngle(c.angle - l.angle)) > .pi / 2 ? normalizedAngle(c.angle + .pi) : c.angle
            if reads(l, l.center, l.angle, l.size) { faults.labelBox += 1 }
            if reads(l, c.center, angle, c.size) { faults.proposalBox += 1 }
            if reads(l, c.center, l.angle, c.size) { faults.angle += 1 }
            if reads(l, l.center, angle, c.size) { faults.center += 1 }
            if reads(l, c.center, angle, l.size) { faults.size += 1 }
        }
        return faults
    }

    /// Scores one read against what was expected, in order.
    public static func score(expected: [Card], read: [Card]) -> ReadResult {
        let detections = read.map { Detection(card: $0, confidence: 1, center: Point(0, 0), size: 1, angle: 0, cardCenter: Point(0, 0), classProbability: 1) }
        return score(name: "", expected: expected, detections: detections)
    }

    static func score(name: String, expected: [Card], detections: [Detection]) -> ReadResult {
        let read = detections.map(\.card)
        var counts = CardCounts(expected)
        var duplicates = 0
        for c in read { if counts[c] > 0 { counts[c] -= 1 } else if expected.contains(c) { duplicates += 1 } }
        let (correct, confusions) = align(expected, read)
        return ReadResult(name: name, expected: expected, read: read, detections: detections, correct: correct, confusions: confusions,
                          duplicates: duplicates, wrong: read.count - correct)
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
