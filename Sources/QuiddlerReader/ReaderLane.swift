import QuiddlerImage
import QuiddlerGame
import QuiddlerNN
import QuiddlerPlatform

/// The reader's settings a lane needs to read a candidate.
struct CandidateReading: Sendable {
    var heatWeight: Float
    var sureThreshold: Float
    var closerLookBelow: Float
    var turnSearchHeat: Float
    /// A still picture's read (`CardReader.Pace.still`): a letter of a double kind is also looked
    /// at wider (`CardReader.wholeIndex`).
    var still: Bool

    /// The same settings with no turn search.
    var withoutTurnSearch: CandidateReading {
        var s = self
        s.turnSearchHeat = .infinity
        return s
    }
}

/// One set of the reader's two networks with their buffers: runs the detector over a view and
/// reads candidates, one at a time. `CardReader` keeps one lane per worker of its `parallel`, so
/// candidates are read side by side.
///
/// A lane is used by one thread at a time, which is what makes `@unchecked Sendable` true:
/// `CardReader` (itself with one owner) uses lane 0 between parallel runs, and within a run gives
/// worker k lane k and no other.
final class ReaderLane: @unchecked Sendable {
    private let detector: InferenceNetwork
    private let classifier: InferenceNetwork
    private var cropBuffer = [Float](repeating: 0, count: DetectorModel.cropSide * DetectorModel.cropSide)
    private var inputBuffer: [Float] = []

    init(detector: InferenceNetwork, classifier: InferenceNetwork) {
        self.detector = detector
        self.classifier = classifier
    }

    /// A lane with the same networks (weights shared) and buffers of its own.
    func twin() -> ReaderLane { ReaderLane(detector: detector.twin(), classifier: classifier.twin()) }

    /// Runs the detector over a view (as its planar input, padded to multiples of 16).
    /// - Parameter parallel: threads to share its large layers between (`InferenceNetwork.run`)
    /// - Returns: the output grid, left in the network's own buffer (valid until this lane's next
    ///   detector run: no copy per frame), and the padded input's size.
    func detect(_ view: RGBImage, parallel: Parallel = .serial) throws(NNError) -> (out: UnsafeBufferPointer<Float>, input: (width: Int, height: Int)) {
        let g = CardReader.planarInput(view, into: &inputBuffer)
        let out = try inputBuffer.withUnsafeBufferPointer { (p) throws(NNError) -> UnsafeBufferPointer<Float> in
            try detector.run(p, height: g.height, width: g.width, parallel: parallel)
        }
        return (out, g)
    }

    /// Reads one candidate; a small index read doubtfully gets a closer look (a sure read does
    /// not need one), and the surer of the two readings stands.
    func read(_ frame: RGBImage, _ c: IndexCandidate, _ settings: CandidateReading) throws(NNError) -> Detection? {
        var read = try reading(frame, c, settings)
        if c.size < settings.closerLookBelow, !(read?.sure ?? false), let closer = try closerLook(frame, at: c),
           let again = try reading(frame, closer, settings), again.confidence > read?.confidence ?? 0 {
            read = again
        }
        return read
    }

    /// The classifier's reading of one candidate (nil if the crop cannot be classified).
    func reading(_ frame: RGBImage, _ c: IndexCandidate, _ settings: CandidateReading) throws(NNError) -> Detection? {
        // The detector may mistake which way up an index is: read it both ways, keep the surer.
        var best: (card: Card, p: Float, flipped: Bool, reject: Bool)?
        for flipped in [false, true] {
            // Turning the detector's angle needs a clearly better reading: 1.5 times as sure, which
            // a reading as it stands at 2/3 or surer leaves no room for. Not reading it saves a crop.
            if flipped, let b = best, !b.reject, b.p * CardReader.turnedBetter >= 1 { break }
            let p = try classify(frame, center: c.center, angle: c.angle + (flipped ? .pi : 0), size: c.size)
            guard let (card, pk, reject) = CardReader.kind(p) else { continue }
            let better = best.map { old in (old.reject && !reject) || (old.reject == reject && pk > old.p * (flipped ? CardReader.turnedBetter : 1)) } ?? true
            if better { best = (card, pk, flipped, reject) }
        }
        guard var b = best, b.p.isFinite else { return nil }
        var angle = b.flipped ? normalizedAngle(c.angle + .pi) : c.angle
        if b.reject || b.p < CardReader.turnSearchBelow, c.heat >= settings.turnSearchHeat,
           let turned = try turnSearch(frame, c) {
            (b.card, b.p, b.reject, angle) = (turned.card, turned.p, false, turned.angle)
        }
        if !b.reject {
            (b.card, b.p) = try CardReader.wholeIndex(of: b.card, probability: b.p, center: c.center, angle: angle, size: c.size,
                                                      wider: settings.still) { (at, size) throws(NNError) in
                try classify(frame, center: at, angle: angle, size: size)
            }
        }
        // The card's centre turns with the index about it (half a turn mirrors it through the index).
        let cardCenter = c.center.rotated(c.cardCenter, by: normalizedAngle(angle - c.angle))
        // A read the classifier would rather reject counts at half its strength.
        let confidence = powf(c.heat, settings.heatWeight) * b.p * (b.reject ? 0.5 : 1)
        return Detection(card: b.card, confidence: confidence, center: c.center, size: c.size, angle: angle,
                         cardCenter: cardCenter, classProbability: b.p, sure: !b.reject && confidence >= settings.sureThreshold)
    }

    /// A peak the classifier reads as no index, or only weakly, at the detector's angle
    /// (either way up) may have that angle wrong: on large letters in piles it was at times a
    /// radian off, and the classifier, taught within about a seventh of a radian, then rejects a
    /// plain letter. It is read again at `CardReader.turnSearch` either side of the detector's
    /// angle, each way up, and the surest reading stands if it is clear (`turnSearchSure`).
    /// - Returns: the kind, its probability and the angle it was read at; nil when no angle reads clearly.
    private func turnSearch(_ frame: RGBImage, _ c: IndexCandidate) throws(NNError) -> (card: Card, p: Float, angle: Float)? {
        var best: (card: Card, p: Float, angle: Float)?
        for step in CardReader.turnSearch {
            for turn in [step, -step, step + .pi, .pi - step] {
                let angle = normalizedAngle(c.angle + turn)
                let p = try classify(frame, center: c.center, angle: angle, size: c.size)
                guard let (card, pk, reject) = CardReader.kind(p), !reject, pk >= CardReader.turnSearchSure, pk > best?.p ?? 0 else { continue }
                best = (card, pk, angle)
            }
        }
        return best
    }

    /// The detector's second look at a small index: the frame around it, enlarged so its letters
    /// are `closerLetters` tall (the middle of the detector's band, where its boxes are surest),
    /// and the strongest peak within half a letter of where it was first seen.
    /// - Returns: the index as seen closer, in frame pixels; nil when that view shows no peak there.
    func closerLook(_ frame: RGBImage, at c: IndexCandidate) throws(NNError) -> IndexCandidate? {
        let zoom = CardReader.closerLetters / c.size, side = CardReader.closerSide
        let view = frame.crop(center: c.center, angle: 0, scale: 1 / zoom, width: side, height: side)
        let (out, g) = try detect(view)
        let gw = g.width / DetectorHead.stride, gh = g.height / DetectorHead.stride
        let middle = Float(side) / 2, reach = 0.5 * CardReader.closerLetters
        var best: DetectorHead.Decoded?
        for y in 0..<gh {
            for x in 0..<gw {
                let cx = (Float(x) + 0.5) * Float(DetectorHead.stride), cy = (Float(y) + 0.5) * Float(DetectorHead.stride)
                guard hypotf(cx - middle, cy - middle) <= reach + Float(DetectorHead.stride), out[y * gw + x] > best?.logit ?? -.infinity,
                      let d = DetectorHead.decode(out, x: x, y: y, gridWidth: gw, gridHeight: gh),
                      hypotf(d.center.x - middle, d.center.y - middle) <= reach else { continue }
                best = d
            }
        }
        guard let d = best else { return nil }
        let center = Point(c.center.x + (d.center.x - middle) / zoom, c.center.y + (d.center.y - middle) / zoom)
        // The closer view shows too little of the card to place its centre: the first look's stands, moved with the index.
        let card = Point(c.cardCenter.x + center.x - c.center.x, c.cardCenter.y + center.y - c.center.y)
        return IndexCandidate(heat: sigmoid(d.logit), center: center, size: d.size / zoom, angle: d.angle, cardCenter: card)
    }

    /// Classifies one crop: the probabilities of the 31 kinds and reject.
    func classify(_ frame: RGBImage, center: Point, angle: Float, size: Float) throws(NNError) -> [Float] {
        CardReader.classifierCrop(frame, center: center, angle: angle, size: size, into: &cropBuffer)
        let side = DetectorModel.cropSide
        let logits = try cropBuffer.withUnsafeBufferPointer { (p) throws(NNError) -> [Float] in Array(try classifier.run(p, height: side, width: side)) }
        return softmax(logits)
    }
}
