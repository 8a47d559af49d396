import QuiddlerGame
import QuiddlerNN
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One card read from a frame.
public struct Detection: Sendable, Equatable {
    public let card: Card
    /// Detector heat × classifier probability.
    public let confidence: Float
    /// The index centre, letters' height and angle, in frame pixels and radians.
    public let center: Point
    public let size: Float
    public let angle: Float
    /// Where the card's centre is predicted to be.
    public let cardCenter: Point
    /// The classifier's probability for `card`.
    public let classProbability: Float

    public init(card: Card, confidence: Float, center: Point, size: Float, angle: Float, cardCenter: Point, classProbability: Float) {
        (self.card, self.confidence, self.center, self.size, self.angle) = (card, confidence, center, size, angle)
        (self.cardCenter, self.classProbability) = (cardCenter, classProbability)
    }
}

/// Reads the cards in a frame with the two-stage model: index detector, then crop classifier;
/// merges the two indices of one card and orders cards left to right along the fan.
public final class CardReader {
    private let detector: InferenceNetwork
    private let classifier: InferenceNetwork
    /// Peaks weaker than this are not classified.
    public var peakThreshold: Float = 0.2
    /// With a hand-size hint the best N are kept anyway, so weaker peaks are worth classifying.
    public var hintedPeakThreshold: Float = 0.05
    /// Without a hand-size hint, cards below this confidence are dropped.
    public var confidenceThreshold: Float = 0.45
    private var cropBuffer = [Float](repeating: 0, count: DetectorModel.cropSide * DetectorModel.cropSide)
    private var inputBuffer: [Float] = []

    public init(detector: InferenceNetwork, classifier: InferenceNetwork) {
        self.detector = detector
        self.classifier = classifier
    }

    /// The detector input size for a frame: the frame scaled to the detector's area, rounded up
    /// to multiples of 16 (padding, not stretching).
    public static func detectorGeometry(width: Int, height: Int) -> (scale: Float, width: Int, height: Int) {
        let s = min(Float(DetectorModel.detectorWidth) / Float(width), Float(DetectorModel.detectorHeight) / Float(height))
        let w = Int((Float(width) * s).rounded()), h = Int((Float(height) * s).rounded())
        return (s, (w + 15) / 16 * 16, (h + 15) / 16 * 16)
    }

    /// Frame → the detector's planar float input, (3, H, W), padded with mid-grey.
    public static func detectorInput(_ frame: RGBImage, into buffer: inout [Float]) -> (scale: Float, width: Int, height: Int) {
        let g = detectorGeometry(width: frame.width, height: frame.height)
        let w = Int((Float(frame.width) * g.scale).rounded()), h = Int((Float(frame.height) * g.scale).rounded())
        let small = frame.resized(width: w, height: h)
        let plane = g.width * g.height
        if buffer.count != 3 * plane { buffer = [Float](repeating: 0, count: 3 * plane) }
        buffer.withUnsafeMutableBufferPointer { b in
            b.update(repeating: 0)
            small.pixels.withUnsafeBufferPointer { px in
                for y in 0..<h {
                    for x in 0..<w {
                        let i = 3 * (y * w + x)
                        for c in 0..<3 { b[c * plane + y * g.width + x] = (Float(px[i + c]) - 128) / 64 }
                    }
                }
            }
        }
        return g
    }

    /// An upright grey crop around an index, normalised to zero mean and unit spread.
    /// - crop: (1, 32, 32)
    public static func classifierCrop(_ frame: RGBImage, center: Point, angle: Float, size: Float, into crop: inout [Float]) {
        let side = DetectorModel.cropSide
        let patch = frame.crop(center: center, angle: angle, scale: size * DetectorModel.cropSpan / Float(side), width: side, height: side)
        var mean: Float = 0
        for i in 0..<(side * side) {
            let v = 0.299 * Float(patch.pixels[3 * i]) + 0.587 * Float(patch.pixels[3 * i + 1]) + 0.114 * Float(patch.pixels[3 * i + 2])
            crop[i] = v
            mean += v
        }
        mean /= Float(side * side)
        var variance: Float = 0
        for i in 0..<(side * side) { let d = crop[i] - mean; variance += d * d }
        let inv = 1 / max(8, (variance / Float(side * side)).squareRoot())
        for i in 0..<(side * side) { crop[i] = (crop[i] - mean) * inv }
    }

    /// Index candidates from the detector alone, in frame pixels, strongest first.
    public func candidates(_ frame: RGBImage, threshold: Float? = nil, limit: Int = 40) throws(NNError) -> [(heat: Float, center: Point, size: Float, angle: Float, cardCenter: Point)] {
        let g = CardReader.detectorInput(frame, into: &inputBuffer)
        // The output stays in the network's own buffer (valid until its next run): no copy per frame.
        let out = try inputBuffer.withUnsafeBufferPointer { (p) throws(NNError) -> UnsafeBufferPointer<Float> in
            try detector.run(p, height: g.height, width: g.width)
        }
        let gw = g.width / DetectorModel.stride, gh = g.height / DetectorModel.stride, n = gw * gh
        var peaks: [(Float, Int)] = []
        for y in 0..<gh {
            for x in 0..<gw {
                let v = out[y * gw + x]
                guard sigmoid(v) >= (threshold ?? peakThreshold) else { continue }
                var isMax = true
                for dy in -1...1 { for dx in -1...1 where dx != 0 || dy != 0 {
                    let xx = x + dx, yy = y + dy
                    if xx >= 0, yy >= 0, xx < gw, yy < gh, out[yy * gw + xx] > v { isMax = false }
                } }
                if isMax { peaks.append((sigmoid(v), y * gw + x)) }
            }
        }
        peaks.sort { $0.0 > $1.0 }
        let stride = Float(DetectorModel.stride)
        return peaks.prefix(limit).map { heat, cell in
            let x = cell % gw, y = cell / gw
            let cx = (Float(x) + out[n + cell]) * stride, cy = (Float(y) + out[2 * n + cell]) * stride
            let size = expf(min(out[3 * n + cell], 5)) * DetectorModel.sizeUnit
            let angle = atan2f(out[5 * n + cell], out[4 * n + cell])
            let card = Point(cx + out[6 * n + cell] * size, cy + out[7 * n + cell] * size)
            let s = 1 / g.scale
            return (heat, Point(cx * s, cy * s), size * s, angle, Point(card.x * s, card.y * s))
        }
    }

    /// Classifies one crop: the probabilities of the 31 kinds and reject.
    public func classify(_ frame: RGBImage, center: Point, angle: Float, size: Float) throws(NNError) -> [Float] {
        CardReader.classifierCrop(frame, center: center, angle: angle, size: size, into: &cropBuffer)
        let side = DetectorModel.cropSide
        let logits = try cropBuffer.withUnsafeBufferPointer { (p) throws(NNError) -> [Float] in Array(try classifier.run(p, height: side, width: side)) }
        return softmax(logits)
    }

    /// Reads the cards in a frame.
    /// - Parameter hint: how many cards the hand holds (the round tells it); nil returns the confident ones.
    /// - Returns: one detection per card, left to right along the fan.
    public func read(_ frame: RGBImage, hint: Int? = nil) throws(NNError) -> [Detection] {
        var found: [Detection] = []
        var rejected: [Detection] = []
        for c in try candidates(frame, threshold: hint == nil ? peakThreshold : hintedPeakThreshold) {
            // The detector may mistake which way up an index is: read it both ways, keep the surer.
            var best: (card: Card, p: Float, flipped: Bool, reject: Bool)?
            for flipped in [false, true] {
                let p = try classify(frame, center: c.center, angle: c.angle + (flipped ? .pi : 0), size: c.size)
                let kinds = p.indices.dropLast()
                guard let k = kinds.max(by: { p[$0] < p[$1] }), let card = Card(index: k) else { continue }
                let reject = p[DetectorModel.rejectClass] > p[k]
                // Turning the detector's angle needs a clearly better reading.
                let better = best.map { old in (old.reject && !reject) || (old.reject == reject && p[k] > old.p * (flipped ? 1.5 : 1)) } ?? true
                if better { best = (card, p[k], flipped, reject) }
            }
            guard let b = best else { continue }
            let angle = b.flipped ? normalizedAngle(c.angle + .pi) : c.angle
            let cardCenter = b.flipped ? Point(2 * c.center.x - c.cardCenter.x, 2 * c.center.y - c.cardCenter.y) : c.cardCenter
            let d = Detection(card: b.card, confidence: c.heat * b.p, center: c.center, size: c.size,
                              angle: angle, cardCenter: cardCenter, classProbability: b.p)
            if b.reject { rejected.append(d) } else { found.append(d) }
        }
        var merged = CardReader.mergeCorners(found)
        if let hint {
            // The round says how many cards there are: when too few were read surely, take the
            // strongest of the doubtful ones (marked by their low confidence).
            if merged.count < hint {
                let doubtful = rejected.map { d in
                    Detection(card: d.card, confidence: d.confidence * 0.5, center: d.center, size: d.size, angle: d.angle,
                              cardCenter: d.cardCenter, classProbability: d.classProbability)
                }
                merged = CardReader.mergeCorners(merged + doubtful)
            }
            merged = Array(merged.sorted { $0.confidence > $1.confidence }.prefix(hint))
        }
        else { merged = merged.filter { $0.confidence >= confidenceThreshold } }
        return CardReader.orderAlongFan(merged)
    }

    /// Merges the two indices of one card (same kind, about half a turn apart, the same card
    /// centre) and duplicates at one place, keeping the more confident.
    public static func mergeCorners(_ detections: [Detection]) -> [Detection] {
        var kept: [Detection] = []
        for d in detections.sorted(by: { $0.confidence > $1.confidence }) {
            let duplicate = kept.contains { k in
                let near = hypotf(k.center.x - d.center.x, k.center.y - d.center.y) < 0.6 * max(k.size, d.size)
                let turn = abs(normalizedAngle(k.angle - d.angle))
                let sameCard = k.card == d.card && turn > 2.2
                    && hypotf(k.cardCenter.x - d.cardCenter.x, k.cardCenter.y - d.cardCenter.y) < 2.0 * max(k.size, d.size)
                return near || sameCard
            }
            if !duplicate { kept.append(d) }
        }
        return kept
    }

    /// Orders cards left to right as the hand is held: their indices along the x axis of the
    /// cards' mean direction. The mean is taken over doubled angles, so an upside-down index
    /// (read from a card's bottom-right corner) counts the same as an upright one.
    public static func orderAlongFan(_ detections: [Detection]) -> [Detection] {
        guard detections.count > 1 else { return detections }
        let sx = detections.reduce(Float(0)) { $0 + cosf(2 * $1.angle) }, sy = detections.reduce(Float(0)) { $0 + sinf(2 * $1.angle) }
        var a = atan2f(sy, sx) / 2
        // Of the two directions along that axis, take the one most indices face.
        let facing = detections.reduce(Float(0)) { $0 + cosf($1.angle - a) }
        if facing < 0 { a += .pi }
        // An upside-down index sits at its card's bottom right; its top-left twin is its mirror
        // image through the card's centre, and that is where it belongs along the fan.
        func key(_ d: Detection) -> Float {
            let p = cosf(d.angle - a) >= 0 ? d.center : Point(2 * d.cardCenter.x - d.center.x, 2 * d.cardCenter.y - d.center.y)
            return p.x * cosf(a) + p.y * sinf(a)
        }
        return detections.sorted { key($0) < key($1) }
    }
}

/// Softmax of logits.
public func softmax(_ x: [Float]) -> [Float] {
    let m = x.max() ?? 0
    let e = x.map { expf($0 - m) }
    let s = e.reduce(0, +)
    return e.map { $0 / s }
}
