import QuiddlerGame
import QuiddlerImage
import QuiddlerPlatform
import QuiddlerRandom
import QuiddlerReader

/// A real photo with the indices a player confirmed, for fine-tuning the reader on what the
/// camera at the table really sees.
public struct RealPhoto: Sendable {
    /// The photo, scaled down so its letters are no larger than the reader needs.
    public let image: RGBImage
    /// The confirmed indices: taught as their cards.
    public let labels: [IndexLabel]
    /// Other places the reader proposes as indices (the bottom-right index of a card, which the
    /// labels do not list): neither taught as a card nor as background.
    public let others: [IndexLabel]

    /// Letters larger than this many pixels are scaled down: the detector sees at most 36 px
    /// letters and the classifier's crops are 32 px, so more only costs memory.
    static let largestLetters: Float = 40

    /// - Parameters:
    ///   - image: the photo at full resolution
    ///   - cards: each confirmed card with its index box
    ///   - others: where else the reader proposes an index, in the photo's pixels
    public init(image: RGBImage, cards: [(card: Card, box: IndexBox)], others: [(center: Point, size: Float, angle: Float)]) {
        let sizes = cards.map(\.box.size).sorted()
        let median = sizes.isEmpty ? Self.largestLetters : sizes[sizes.count / 2]
        let k = min(1, Self.largestLetters / max(1, median))
        if k < 1 {
            self.image = image.resized(width: max(1, Int(Float(image.width) * k)), height: max(1, Int(Float(image.height) * k)))
        } else {
            self.image = image
        }
        func scaled(_ p: Point) -> Point { Point(p.x * k, p.y * k) }
        labels = cards.enumerated().map { i, c in
            IndexLabel(card: c.card, center: scaled(c.box.center), angle: c.box.angle, size: c.box.size * k, cardCenter: scaled(c.box.cardCenter),
                       visibility: .visible, cardID: i, isBottomRight: false)
        }
        self.others = others.enumerated().map { i, o in
            IndexLabel(card: cards.first?.card ?? Card.all[0], center: scaled(o.center), angle: o.angle, size: o.size * k, cardCenter: scaled(o.center),
                       visibility: .ignore, cardID: cards.count + i, isBottomRight: false)
        }
    }

    /// The letters' typical height.
    var medianSize: Float {
        let s = labels.map(\.size).sorted()
        return s.isEmpty ? 20 : s[s.count / 2]
    }

    /// Places the reader proposed that are no confirmed index (further than `apart` letters from
    /// every confirmed one).
    public static func unconfirmed(_ candidates: [IndexCandidate], confirmed: [IndexBox], apart: Float = 0.7) -> [(center: Point, size: Float, angle: Float)] {
        candidates.filter { c in
            confirmed.allSatisfy { hypotf($0.x - c.center.x, $0.y - c.center.y) > apart * max($0.size, c.size) }
        }.map { ($0.center, $0.size, $0.angle) }
    }

    /// A detector example: a 320×240 view of the photo at a random place around one of its
    /// indices, turned a little, scaled so its letters are 8 to 30 pixels tall, with its labels.
    public func detectorView(rng: inout SeededGenerator) -> (RGBImage, [IndexLabel]) {
        let w = DetectorModel.detectorWidth, h = DetectorModel.detectorHeight
        let target = expf(rng.uniform(logf(8)...logf(30)))
        let scale = medianSize / target
        let anchor = labels[Int(rng.next() % UInt64(max(1, labels.count)))]
        let center = Point(anchor.center.x + rng.uniform(-0.4...0.4) * Float(w) * scale, anchor.center.y + rng.uniform(-0.4...0.4) * Float(h) * scale)
        let turn = rng.normal() * 0.15
        let view = image.crop(center: center, angle: turn, scale: scale, width: w, height: h)
        let c = cosf(turn), s = sinf(turn)
        func map(_ p: Point) -> Point {
            let dx = p.x - center.x, dy = p.y - center.y
            return Point((dx * c + dy * s) / scale + Float(w) / 2, (-dx * s + dy * c) / scale + Float(h) / 2)
        }
        let moved = (labels + others).map { l in
            IndexLabel(card: l.card, center: map(l.center), angle: normalizedAngle(l.angle - turn), size: l.size / scale, cardCenter: map(l.cardCenter),
                       visibility: l.visibility, cardID: l.cardID, isBottomRight: l.isBottomRight)
        }
        return (view, moved)
    }

    /// Classifier examples: jittered crops of confirmed indices, and as many of places that are
    /// no index (away from every confirmed or proposed one) as the reject class.
    public func classifierExamples(rng: inout SeededGenerator, count: Int) -> [([Float], Int)] {
        var out: [([Float], Int)] = []
        var crop = [Float](repeating: 0, count: DetectorModel.cropSide * DetectorModel.cropSide)
        guard !labels.isEmpty else { return out }
        for _ in 0..<(count / 2) {
            let l = labels[Int(rng.next() % UInt64(labels.count))]
            let jitter = Point(l.center.x + rng.normal() * 0.16 * l.size, l.center.y + rng.normal() * 0.16 * l.size)
            CardReader.classifierCrop(image, center: jitter, angle: l.angle + rng.normal() * 0.12, size: l.size * expf(rng.normal() * 0.15), into: &crop)
            out.append((crop, l.card.index))
        }
        var tries = 0
        while out.count < count && tries < 4 * count {
            tries += 1
            let p = Point(rng.uniform(0...Float(image.width)), rng.uniform(0...Float(image.height)))
            let size = medianSize * rng.uniform(0.7...1.4)
            guard (labels + others).allSatisfy({ hypotf($0.center.x - p.x, $0.center.y - p.y) > 1.2 * max($0.size, size) }) else { continue }
            CardReader.classifierCrop(image, center: p, angle: rng.uniform(-.pi ... .pi), size: size, into: &crop)
            out.append((crop, DetectorModel.rejectClass))
        }
        return out
    }
}
