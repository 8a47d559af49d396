import QuiddlerImage
import QuiddlerGame
import QuiddlerNN
import QuiddlerPlatform

/// One card read from a frame.
public struct Detection: Sendable, Equatable {
    public let card: Card
    /// Detector heat^`CardReader.heatWeight` × classifier probability.
    public let confidence: Float
    /// The index centre, letters' height and angle, in frame pixels and radians.
    public let center: Point
    public let size: Float
    public let angle: Float
    /// Where the card's centre is predicted to be.
    public let cardCenter: Point
    /// The classifier's probability for `card`.
    public let classProbability: Float
    /// Whether the evidence is strong; false for a card taken from a weak read (to make up the
    /// hand size the round asks for, say), which the app and the command line mark with `?`.
    public var sure: Bool
    /// The card's other index, when it was read too (a card showing whole shows both): its
    /// centre and angle as seen, not as predicted from the card's centre.
    public var twinCenter: Point?
    public var twinAngle: Float?

    public init(card: Card, confidence: Float, center: Point, size: Float, angle: Float, cardCenter: Point, classProbability: Float, sure: Bool = true) {
        (self.card, self.confidence, self.center, self.size, self.angle) = (card, confidence, center, size, angle)
        (self.cardCenter, self.classProbability, self.sure) = (cardCenter, classProbability, sure)
    }
}

/// An index the detector proposes, in frame pixels.
public struct IndexCandidate: Sendable {
    /// The detector's heat at the peak, 0…1.
    public let heat: Float
    public let center: Point
    /// The letters' height and the baseline's angle.
    public let size: Float
    public let angle: Float
    /// Where the card's centre is predicted to be.
    public let cardCenter: Point

    public init(heat: Float, center: Point, size: Float, angle: Float, cardCenter: Point) {
        (self.heat, self.center, self.size, self.angle, self.cardCenter) = (heat, center, size, angle, cardCenter)
    }
}

/// Reads the cards in a frame with the two-stage model: index detector over an image pyramid,
/// then crop classifier; merges the two indices of one card and orders cards along the fan.
///
/// Not thread-safe: it owns its lanes (the networks with their scratch, crop and input buffers),
/// which it shares between threads only within a read. Give each reader one owner (one serial
/// queue or actor).
public final class CardReader {
    /// The networks with their buffers: lane 0 looks at the pyramid, and candidates are read on as
    /// many lanes as `parallel` has workers (made when it is set, so no read pays for them).
    private var lanes: [ReaderLane]
    /// How the work is shared between threads: candidates read side by side (each on a lane of
    /// its own), and a pyramid level's large layers band by band. The reads are the same either way.
    public var parallel: Parallel = .serial {
        didSet { while lanes.count < parallel.workers { lanes.append(lanes[0].twin()) } }
    }
    /// Peaks weaker than this are not classified.
    public var peakThreshold: Float = 0.15
    /// With a hand-size hint, weaker peaks are classified too, to fill the hand from doubtful reads.
    public var hintedPeakThreshold: Float = 0.05
    /// Cards below this confidence (`heatWeight`) are not reported without a hint.
    public var confidenceThreshold: Float = 0.3
    /// Reads at or above this confidence are sure; those between the thresholds are reported but doubtful.
    public var sureThreshold: Float = 0.5
    /// A read's confidence is heat^heatWeight × class probability: below 1, a clear reading by the
    /// classifier makes up for a weak detector peak (an index half under the next card of a pile,
    /// say). The classifier's second training run (`quiddler train`'s reread) taught it the
    /// detector's own proposals, weak ones among them, which is what makes its reading worth that.
    public var heatWeight: Float = 0.6
    /// How tall the smallest letters (10 frame pixels) are at the pyramid's finest level.
    public var finestLetters: Float = Pyramid.smallestAtDetector
    /// The finer second look at regions holding small letters (`finerCandidates`): how tall it
    /// makes 10-pixel letters (at or below `finestLetters`, it is off), and which letters (frame
    /// pixels) it looks for and around.
    public var finerLetters: Float = 10
    public var finerBelow: Float = 16
    /// Whether small peaks on the face of a card near the camera are left out (`NearerCards`).
    /// The classifier's reread (`quiddler train`) takes the detector's proposals with them, as the
    /// shipped model was taught (it learns to reject them), so that the training command still
    /// makes the shipped model.
    public var leavesNearCardArt = true
    /// Indices with letters shorter than this (frame pixels), read doubtfully, get a closer look:
    /// the detector is run again on the frame around them, enlarged so their letters are
    /// `closerLetters` tall, and the surer of the two readings is kept. 0 turns it off.
    public var closerLookBelow: Float = 24
    /// How a frame is read: `live`, one of a camera's frames, ten or more a second, each read in
    /// time for the next (the tracker settles a reading over frames); `still`, a picture read once
    /// (a photo or a file, or the words laid on the table while a round is scored), which can
    /// afford more looks: the turn search and a wider look at double indices (`wholeIndex`).
    public enum Pace: String, Sendable, CaseIterable {
        case live, still
    }
    /// The pace of the reads this reader makes; live by default.
    public var pace: Pace = .live
    /// Peaks at least this strong whose crop reads as no index, or under `turnSearchBelow`, are
    /// read again at other angles (`ReaderLane.turnSearch`): the detector's angle may be off.
    /// Nil, by default, takes the pace's (`turnSearchHeat(_:)`); above 1 it is off.
    public var turnSearchHeat: Float?
    /// The turn search's heat at a pace. Each search is 16 more crops for the classifier (about
    /// 18 ms of one core), so a live frame has none: on `quiddler bench detect`'s 640×480 frame
    /// even 0.6 took the median from 44 to 58 ms, under the 20 frames a second a webcam needs. A
    /// still picture searches from 0.25: it reads 4, 5, 2 and 2 more cards of the synthetic scans
    /// at seeds 7, 99 and 4242 and the drawn cards, groups 166 of 200 laid-down layouts exactly
    /// against 157, and a 4032×3024 photo of a hand takes about 0.1 s more.
    public static func turnSearchHeat(_ pace: Pace) -> Float {
        switch pace {
        case .live: 2
        case .still: 0.25
        }
    }
    /// How far from the detector's angle (radians, either way) a peak read as no index is
    /// read again: steps of about two and a half times the angle jitter the classifier was taught
    /// with, up to nearly a quarter turn.
    public static let turnSearch: [Float] = [0.35, 0.7, 1.05, 1.4]
    /// A reading at the detector's angle under this probability is weak enough to look at other angles.
    public static let turnSearchBelow: Float = 0.5
    /// How sure a reading at another angle must be to stand.
    public static let turnSearchSure: Float = 0.9
    /// How tall an index's letters are in its closer look, in detector pixels, and that view's side.
    public static let closerLetters: Float = 16
    public static let closerSide = 96

    public init(detector: InferenceNetwork, classifier: InferenceNetwork) {
        lanes = [ReaderLane(detector: detector, classifier: classifier)]
    }

    /// The detector input size for a frame at its reference size: the frame scaled to the
    /// detector's area, rounded up to multiples of 16 (padding, not stretching). Training uses it.
    public static func detectorGeometry(width: Int, height: Int) -> (scale: Float, width: Int, height: Int) {
        let s = min(Float(DetectorModel.detectorWidth) / Float(width), Float(DetectorModel.detectorHeight) / Float(height))
        let w = Int((Float(width) * s).rounded()), h = Int((Float(height) * s).rounded())
        return (s, (w + 15) / 16 * 16, (h + 15) / 16 * 16)
    }

    /// Frame → the detector's planar float input at its reference size, (3, H, W), padded with mid-grey.
    public static func detectorInput(_ frame: RGBImage, into buffer: inout [Float]) -> (scale: Float, width: Int, height: Int) {
        let g = detectorGeometry(width: frame.width, height: frame.height)
        let w = Int((Float(frame.width) * g.scale).rounded()), h = Int((Float(frame.height) * g.scale).rounded())
        let padded = planarInput(frame.resized(width: w, height: h), into: &buffer)
        return (g.scale, padded.width, padded.height)
    }

    /// An image as the detector's planar input, (3, H, W), its sides padded with mid-grey to
    /// multiples of 16. Returns the padded size.
    static func planarInput(_ image: RGBImage, into buffer: inout [Float]) -> (width: Int, height: Int) {
        let w = image.width, h = image.height
        let pw = (w + 15) / 16 * 16, ph = (h + 15) / 16 * 16
        let plane = pw * ph
        if buffer.count != 3 * plane { buffer = [Float](repeating: 0, count: 3 * plane) }
        buffer.withUnsafeMutableBufferPointer { b in
            b.update(repeating: 0)
            image.pixels.withUnsafeBufferPointer { px in
                for y in 0..<h {
                    for x in 0..<w {
                        let i = 3 * (y * w + x)
                        for c in 0..<3 { b[c * plane + y * pw + x] = (Float(px[i + c]) - 128) / 64 }
                    }
                }
            }
        }
        return (pw, ph)
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

    /// Index candidates from the detector alone, over every level of the pyramid, in frame
    /// pixels, strongest first; one per place (the level that sees it best wins). An
    /// underexposed frame is looked at brightened (`Exposure.corrected`), as `read(_:hint:)` reads it.
    /// - Throws: `NNError` when the frame cannot be run (too small, or a model that does not fit).
    public func candidates(_ frame: RGBImage, threshold: Float? = nil, limit: Int = 400) throws(NNError) -> [IndexCandidate] {
        try candidates(exposed: Exposure.corrected(frame), threshold: threshold, limit: limit)
    }

    /// `candidates(_:threshold:limit:)` of a frame already corrected for its exposure.
    private func candidates(exposed frame: RGBImage, threshold: Float?, limit: Int = 400) throws(NNError) -> [IndexCandidate] {
        var all: [IndexCandidate] = []
        let levels = Pyramid.levels(width: frame.width, height: frame.height, finest: finestLetters)
        var image = frame
        for (k, level) in levels.enumerated() {
            // A photo's finest level is the frame halved (`Pyramid.levels`): 2×2 means, no resampling.
            let halvedFrame = k == 0 && level == Pyramid.Level(width: frame.width / 2, height: frame.height / 2)
            image = k == 0 && !halvedFrame ? frame.resized(width: level.width, height: level.height) : image.halved()
            let band = Pyramid.band(level: k, of: levels.count)
            let sx = Float(image.width) / Float(frame.width), sy = Float(image.height) / Float(frame.height)
            all += try candidates(view: image, scaleX: sx, scaleY: sy, threshold: threshold ?? peakThreshold, band: band)
        }
        // The art on the face of a card near the camera is no index (`NearerCards`), and no
        // reason for a finer look; nor is what the finer look finds there. Where both looks see
        // an index, the stronger peak stands, as between pyramid levels.
        let near = leavesNearCardArt ? try nearerCards(frame, all) : []
        all = NearerCards.dropped(all, near: near)
        all += NearerCards.dropped(try finerCandidates(frame, near: all, threshold: threshold ?? peakThreshold), near: near)
        return Array(Pyramid.suppress(all).prefix(limit))
    }

    /// The strong candidates that would hide others on their card's face (`NearerCards.shadowing`)
    /// and read surely as a card at the detector's box: the cards near the camera.
    private func nearerCards(_ frame: RGBImage, _ candidates: [IndexCandidate]) throws(NNError) -> [IndexCandidate] {
        var near: [IndexCandidate] = []
        for n in NearerCards.shadowing(candidates) {
            if let k = CardReader.kind(try lanes[0].classify(frame, center: n.center, angle: n.angle, size: n.size)),
               !k.reject, k.1 >= NearerCards.sureReading { near.append(n) }
        }
        return near
    }

    /// Small indices are where the pyramid's finest level sees least (a 10-pixel index is 6.5
    /// pixels there, under two output cells): where the first pass found letters under
    /// `finerBelow` frame pixels, the frame around them (`Pyramid.finerRegion`) is looked at again
    /// with letters `finerLetters` tall per 10 frame pixels, for small letters only. Frames
    /// without small letters (a hand held up to the webcam) cost nothing more.
    private func finerCandidates(_ frame: RGBImage, near first: [IndexCandidate], threshold: Float) throws(NNError) -> [IndexCandidate] {
        guard finerLetters > finestLetters else { return [] }
        let k = finerLetters / Pyramid.smallestLetters
        guard let r = Pyramid.finerRegion(around: first.filter { $0.size < finerBelow }.map { ($0.center, $0.size) },
                                           width: frame.width, height: frame.height) else { return [] }
        var view = frame.region(x: r.x, y: r.y, width: r.width, height: r.height)
        if k != 1 { view = view.resized(width: max(16, Int((Float(r.width) * k).rounded())), height: max(16, Int((Float(r.height) * k).rounded()))) }
        let sx = Float(view.width) / Float(r.width), sy = Float(view.height) / Float(r.height)
        // Not under 0.8 of the smallest letters read (the detector's sizes are about that sure):
        // finer still, a card's points and specks would read as letters.
        let band: ClosedRange<Float> = (0.8 * Pyramid.smallestLetters * k)...(finerBelow * k)
        let dx = Float(r.x), dy = Float(r.y)
        return try candidates(view: view, scaleX: sx, scaleY: sy, threshold: threshold, band: band).map { c in
            IndexCandidate(heat: c.heat, center: Point(c.center.x + dx, c.center.y + dy), size: c.size, angle: c.angle,
                                  cardCenter: Point(c.cardCenter.x + dx, c.cardCenter.y + dy))
        }
    }

    /// The peaks of a view of the frame (a pyramid level, or a region looked at closer) scaled by
    /// `scaleX × scaleY`, in the frame pixels of its own top-left corner. A large view (a phone
    /// photo's finest level) is looked at tile by tile, only where there is ink on a light
    /// ground: the table around the cards is skipped.
    private func candidates(view: RGBImage, scaleX: Float, scaleY: Float, threshold: Float, band: ClosedRange<Float>) throws(NNError) -> [IndexCandidate] {
        guard view.width * view.height > Pyramid.tiledLevelPixels else {
            return try candidates(level: view, origin: (0, 0), scaleX: scaleX, scaleY: scaleY, threshold: threshold, band: band, keep: nil)
        }
        var all: [IndexCandidate] = []
        for tile in Pyramid.inkedTiles(view) {
            let region = view.region(x: tile.outer.x, y: tile.outer.y, width: tile.outer.width, height: tile.outer.height)
            all += try candidates(level: region, origin: (tile.outer.x, tile.outer.y), scaleX: scaleX, scaleY: scaleY,
                                  threshold: threshold, band: band, keep: tile.core)
        }
        return all
    }

    /// The peaks of one pyramid level (or a region of it at `origin`) whose letters fall in `band`
    /// (detector pixels); with `keep`, only peaks inside that rectangle of the level.
    private func candidates(level: RGBImage, origin: (x: Int, y: Int), scaleX: Float, scaleY: Float, threshold: Float, band: ClosedRange<Float>,
                            keep: Pyramid.Rect?) throws(NNError) -> [IndexCandidate] {
        let (out, g) = try lanes[0].detect(level, parallel: parallel)
        let gw = g.width / DetectorHead.stride, gh = g.height / DetectorHead.stride
        let logit = logf(threshold / (1 - threshold))
        var found: [IndexCandidate] = []
        for y in 0..<gh {
            for x in 0..<gw {
                let v = out[y * gw + x]
                guard v >= logit, v.isFinite else { continue }
                var isMax = true
                for dy in -1...1 { for dx in -1...1 where dx != 0 || dy != 0 {
                    let xx = x + dx, yy = y + dy
                    if xx >= 0, yy >= 0, xx < gw, yy < gh, out[yy * gw + xx] > v { isMax = false }
                } }
                guard isMax, let d = DetectorHead.decode(out, x: x, y: y, gridWidth: gw, gridHeight: gh), band.contains(d.size) else { continue }
                let cx = d.center.x + Float(origin.x), cy = d.center.y + Float(origin.y)
                if let keep, !keep.contains(cx, cy) { continue }
                let card = Point(d.cardCenter.x + Float(origin.x), d.cardCenter.y + Float(origin.y))
                let s = 2 / (scaleX + scaleY)
                found.append(IndexCandidate(heat: sigmoid(v), center: Point(cx / scaleX, cy / scaleY), size: d.size * s, angle: d.angle,
                                            cardCenter: Point(card.x / scaleX, card.y / scaleY)))
            }
        }
        return found
    }

    /// Reads the cards in a frame.
    /// - Parameter hint: how many cards the frame shows (the round tells it for a hand). It only
    ///   settles near-ties: doubtful reads beyond it are dropped, and when too few cards are read
    ///   the strongest weak reads make up the number, marked as not sure.
    /// - Returns: one detection per card, in reading order along the fan or row. An underexposed
    ///   frame (a webcam in a dim room) is read brightened (`Exposure.corrected`).
    public func read(_ frame: RGBImage, hint: Int? = nil) throws(NNError) -> [Detection] {
        let frame = Exposure.corrected(frame)
        let found = try candidates(exposed: frame, threshold: hint == nil ? peakThreshold : hintedPeakThreshold)
        let reads = CardReader.dropSmallBesideSure(try read(exposed: frame, candidates: found))
        let merged = CardReader.mergeCorners(reads, strong: confidenceThreshold, frame: (Float(frame.width), Float(frame.height)))
        return CardReader.orderAlongFan(CardReader.settle(merged, hint: hint, threshold: confidenceThreshold))
    }

    /// Cards side by side are about one distance from the camera, so their indices are about one
    /// size: a doubtful read under `smallBesideSure` of the size of a sure read within
    /// `smallBesideReach` of its letters is a card's points or a curl of its art read as a letter
    /// (the 10 under an index, turned half round, reads as O), not the index of a card beside it.
    public static func dropSmallBesideSure(_ reads: [Detection]) -> [Detection] {
        let sure = reads.filter(\.sure)
        return reads.filter { d in
            d.sure || !sure.contains { s in
                d.size < smallBesideSure * s.size && hypotf(d.center.x - s.center.x, d.center.y - s.center.y) <= smallBesideReach * s.size
            }
        }
    }
    public static let smallBesideSure: Float = 0.55
    public static let smallBesideReach: Float = 2.5

    private var readingSettings: CandidateReading {
        CandidateReading(heatWeight: heatWeight, sureThreshold: sureThreshold, closerLookBelow: closerLookBelow,
                         turnSearchHeat: turnSearchHeat ?? Self.turnSearchHeat(pace), still: pace == .still)
    }

    /// Reads each candidate (nil ones dropped), in their order: side by side on the lanes of
    /// `parallel`'s workers, each taking the next candidate left; then a doubtful read far smaller
    /// than a sure one beside it again at that one's size (`neighbourSizes`). Each read depends on
    /// the frame and the candidates alone, so the reads are the same however many lanes there are.
    /// The reads are not yet merged into cards (`read(_:hint:)` does that).
    public func read(_ frame: RGBImage, candidates: [IndexCandidate]) throws(NNError) -> [Detection] {
        try read(exposed: Exposure.corrected(frame), candidates: candidates)
    }

    /// `read(_:candidates:)` of a frame already corrected for its exposure.
    private func read(exposed frame: RGBImage, candidates: [IndexCandidate]) throws(NNError) -> [Detection] {
        let settings = readingSettings
        var found = try sideBySide(candidates.count) { (lane, i) throws(NNError) in try lane.read(frame, candidates[i], settings) }
        // A doubtful read far smaller than a sure index beside it is read again at that index's
        // size. In a camera's frame, a reading there of the lender's own kind does not stand: over
        // frames it read a card twice now and then (a J beside a J, the crop that large taking in
        // the lender's index), and the tracker makes up for a weak read.
        let larger = CardReader.neighbourSizes(candidates, found)
        let again = try sideBySide(larger.count) { (lane, i) throws(NNError) in
            try lane.reading(frame, larger[i].candidate, settings.withoutTurnSearch)
        }
        for (l, read) in zip(larger, again) {
            if let read, read.confidence > found[l.index]?.confidence ?? 0, pace == .still || read.card != l.lender { found[l.index] = read }
        }
        return found.compactMap { $0 }
    }

    /// `count` reads side by side, in their order: reads differ in cost (a closer look is a
    /// detector run), so each of `parallel`'s workers takes the next one left, on its own lane.
    private func sideBySide(_ count: Int, _ read: @Sendable (ReaderLane, Int) throws(NNError) -> Detection?) throws(NNError) -> [Detection?] {
        let lanes = self.lanes
        let results = parallel.map(count, workers: min(parallel.workers, count, lanes.count)) { k, i in
            Result { () throws(NNError) -> Detection? in try read(lanes[k], i) }
        }
        var out: [Detection?] = []
        for r in results { out.append(try r.get()) }
        return out
    }

    /// Cards side by side are about one distance from the camera, so their indices are about one
    /// size, but the detector's box for an index is at times far too small (half the size of its
    /// neighbours', on a real photo of a fan turned upside down), and the classifier, given half
    /// the index, cannot read it. Each doubtful read (not sure, or none) under `neighbourSmall` of
    /// the size of its nearest sure read within `neighbourReach` of that read's letters is read
    /// again at that size; the surer reading stands (the rest are dropped by `dropSmallBesideSure`).
    /// - Returns: the candidates to read again, each at its neighbour's size, with their places in
    ///   `candidates` and the kind of the read that lent the size.
    public static func neighbourSizes(_ candidates: [IndexCandidate], _ reads: [Detection?]) -> [(index: Int, candidate: IndexCandidate, lender: Card)] {
        let sure = reads.compactMap { $0 }.filter(\.sure)
        guard !sure.isEmpty else { return [] }
        var out: [(index: Int, candidate: IndexCandidate, lender: Card)] = []
        for (i, c) in candidates.enumerated() where !(reads[i]?.sure ?? false) {
            func distance(_ n: Detection) -> Float { hypotf(n.center.x - c.center.x, n.center.y - c.center.y) }
            // Not from a read under 0.4 of its size: that is a speck, and a crop that large around it takes in the index itself.
            guard let n = sure.filter({ distance($0) <= neighbourReach * $0.size && c.size > neighbourSpeck * $0.size })
                              .min(by: { distance($0) < distance($1) }),
                  c.size < neighbourSmall * n.size else { continue }
            // At the angle the read stands at (either way up), the card's centre turned about the index with it.
            let angle = reads[i]?.angle ?? c.angle
            out.append((i, IndexCandidate(heat: c.heat, center: c.center, size: n.size, angle: angle,
                                          cardCenter: c.center.rotated(c.cardCenter, by: normalizedAngle(angle - c.angle))), n.card))
        }
        return out
    }
    /// How near a sure read must lie to lend its size (its letters), how much smaller a doubtful
    /// read must be to be read again at it, and how much smaller it may be at the most.
    public static let neighbourReach: Float = 3
    public static let neighbourSmall: Float = 0.75
    public static let neighbourSpeck: Float = 0.4

    /// Classifies one crop: the probabilities of the 31 kinds and reject.
    public func classify(_ frame: RGBImage, center: Point, angle: Float, size: Float) throws(NNError) -> [Float] {
        try lanes[0].classify(frame, center: center, angle: angle, size: size)
    }

    /// Reads one candidate as `read(_:hint:)` reads each: both ways up, at other angles when a
    /// peak reads as no index or weakly (`turnSearchHeat`), closer when small and doubtful.
    /// - Returns: the read, or nil when the crop cannot be classified.
    public func read(_ frame: RGBImage, candidate: IndexCandidate) throws(NNError) -> Detection? {
        try lanes[0].read(Exposure.corrected(frame), candidate, readingSettings)
    }

    /// The detector's second look at a small index (`ReaderLane.closerLook`).
    /// - Returns: the index as seen closer, in frame pixels; nil when that view shows no peak there.
    public func closerLook(_ frame: RGBImage, at c: IndexCandidate) throws(NNError) -> IndexCandidate? {
        try lanes[0].closerLook(Exposure.corrected(frame), at: c)
    }

    /// How much surer an index read turned half round must be than as the detector has it to win.
    static let turnedBetter: Float = 1.5

    /// The likeliest kind of class probabilities, its probability, and whether reject is likelier still.
    public static func kind(_ p: [Float]) -> (Card, Float, reject: Bool)? {
        guard let k = p.indices.dropLast().max(by: { p[$0] < p[$1] }), let card = Card(index: k) else { return nil }
        return (card, p[k], p[DetectorModel.rejectClass] > p[k])
    }

    /// A double-letter index is twice as wide as a single letter, so a box on one half of it reads
    /// that half's letter. Half a letter either way along the baseline the whole index may show:
    /// a double kind holding the letter read there, surer than the letter was, is the card.
    /// - Parameters:
    ///   - wider: also look there with a crop `wholeIndexWider` times the box: the detector's box
    ///     on one letter of a large double index can be a third smaller than the index's letters,
    ///     and the crop then cuts the other letter (a QU in a synthetic phone photo read 0.44 as QU
    ///     half a letter over, 0.97 with the wider crop). Two more crops, so a still picture's read only.
    ///   - classify: the class probabilities of a crop centred at a point, of a letter size (same angle)
    /// - Returns: the card and its probability. The read keeps the detector's box: the tracker
    ///   matches cards by place from frame to frame, and the box moved to a double found half a
    ///   letter over in some frames only would jump (tried: a jittered sequence read a CL as two
    ///   cards, and a laid-down word's cards came out of order).
    public static func wholeIndex(of card: Card, probability: Float, center: Point, angle: Float, size: Float, wider: Bool = false,
                                  classify: (Point, Float) throws(NNError) -> [Float]) throws(NNError) -> (card: Card, p: Float) {
        var best = (card: card, p: probability)
        let doubles = Card.all.filter { $0.isDouble && $0.name.contains(card.name) }
        guard !doubles.isEmpty else { return best }
        for shift in [Float(-0.5), 0.5] {
            let at = Point(center.x + shift * size * cosf(angle), center.y + shift * size * sinf(angle))
            for scale in wider ? [1, wholeIndexWider] : [Float(1)] {
                let p = try classify(at, size * scale)
                for d in doubles where p[d.index] > best.p { best = (d, p[d.index]) }
            }
        }
        return best
    }

    /// How much wider than the box `wholeIndex` looks at a still picture's double index.
    public static let wholeIndexWider: Float = 1.3

    /// Which reads to report: those at or above `threshold`; with a hint, doubtful reads beyond
    /// it are dropped (weakest first) and, when too few are left, the strongest weaker reads make
    /// up the number, as not sure.
    public static func settle(_ reads: [Detection], hint: Int?, threshold: Float) -> [Detection] {
        let ranked = reads.sorted { $0.confidence > $1.confidence }
        var kept = ranked.filter { $0.confidence >= threshold }
        guard let hint else { return kept }
        if kept.count > hint {
            // Only doubtful reads give way to the hint; sure ones stay.
            let sure = kept.filter(\.sure).count
            kept = kept.filter(\.sure) + kept.filter { !$0.sure }.prefix(max(0, hint - sure))
        } else if kept.count < hint {
            kept += ranked.filter { $0.confidence < threshold }.prefix(hint - kept.count).map { d in
                var d = d
                d.sure = false
                return d
            }
        }
        return kept
    }

    /// Two reads closer than this (in letters' heights) are of one index: the more confident stands.
    public static let samePlace: Float = 0.6
    /// Two indices can be one card's only if the card centres they predict lie within this many
    /// letters of each other. The predictions of a small or weak index are a letter or more off,
    /// and at 2 a card's two indices were at times counted as two cards.
    public static let twinCentres: Float = 2.5

    /// How many letters of fit (`twinCost`) a pair's summed confidence is worth when pairs are
    /// ranked: a card's own two indices both show whole and read surely, while the index of a card
    /// beneath, peeking out of a pile of one kind beside the top card's, reads less surely and
    /// often fits about as well (measured on the synthetic validation, seeds 99 and 4242, drawn
    /// cards, and a fourth set at seed 7: as many cards or more, and fewer reads of no card).
    public static let twinSureness: Float = 4

    /// Merges duplicates at one place (`oneIndex(_:_:)`), keeping the more confident, then the
    /// two indices of one card: same kind, about half a turn apart, the same card centre. A card
    /// has two indices, so each read pairs with at most one other, and pairs are made best first:
    /// the surest pair whose indices sit closest to where each predicts the other (mirrored
    /// through its card's centre; `twinSureness` weighs the two). In a pile of one kind, the index
    /// of a card beneath peeks out beside the top card's and stays a card.
    /// Reads at or above `strong` pair first, so a weak read (a card's big centre letter, say)
    /// cannot take a card's index from its twin. Given the frame's size, a double-letter read and
    /// a read of one of its letters whose other letter would lie at the frame's edge pair too,
    /// after pairs of one kind: a double index cut by the edge shows one letter, and the double
    /// read stands for the card. (Anywhere else the letter is more likely a neighbouring card's
    /// index: in a fan, cards' centres lie close enough to pair.) Last, the cards stand apart
    /// (`standApart`): no two at indices that could be one card's two.
    public static func mergeCorners(_ detections: [Detection], strong: Float = 0, frame: (width: Float, height: Float)? = nil) -> [Detection] {
        var kept: [Detection] = []
        for d in detections.sorted(by: { $0.confidence > $1.confidence }) {
            if !kept.contains(where: { oneIndex($0, d) }) { kept.append(d) }
        }
        var pairs: [(weak: Bool, part: Bool, rank: Float, i: Int, j: Int)] = []
        for i in kept.indices {
            for j in kept.indices where j > i {
                let (k, d) = (kept[i], kept[j])
                guard k.card == d.card || cutByEdge(k, d, frame: frame), let cost = twinCost(k, d) else { continue }
                pairs.append((min(k.confidence, d.confidence) < strong, k.card != d.card, cost - twinSureness * (k.confidence + d.confidence), i, j))
            }
        }
        var paired = Set<Int>()
        var partner: [Int: Int] = [:]
        func order(_ p: (weak: Bool, part: Bool, rank: Float, i: Int, j: Int)) -> (Int, Int, Float) { (p.weak ? 1 : 0, p.part ? 1 : 0, p.rank) }
        for p in pairs.sorted(by: { order($0) < order($1) }) where !paired.contains(p.i) && !paired.contains(p.j) {
            paired.formUnion([p.i, p.j])
            // `kept` runs most confident first: the first of the pair stands for the card, unless
            // the second reads the whole double index and the first only one of its letters.
            let (stand, give) = kept[p.j].card.isDouble && !kept[p.i].card.isDouble ? (p.j, p.i) : (p.i, p.j)
            partner[stand] = give
        }
        let absorbed = Set(partner.values)
        let stands = standApart(&kept, stands: kept.indices.filter { !absorbed.contains($0) }, partner: &partner, strong: strong)
        return stands.map { i in
            var d = kept[i]
            if let give = partner[i] { (d.twinCenter, d.twinAngle) = (kept[give].center, kept[give].angle) }
            return d
        }
    }

    /// Where the cards stand: no two cards at or above `strong` are reported at indices that
    /// could be one card's two (`twinCost`, kinds as `oneCard`). In a pile of one kind the pairs
    /// can be made across cards, the top card's bottom index with the top index of the card
    /// beneath peeking out beside its own: as many cards, of the right kind, but standing at two
    /// indices of the top card while the card beneath has none. Such a card moves to its other
    /// index, keeping its reading, where that stands apart from every other card. Made right or
    /// across, the pairs then report one index of each card, and the consensus tracker, which
    /// takes two tracks at one card's two indices for one card, keeps both.
    /// - Parameters:
    ///   - reads: the reads; a card that moves carries its reading (kind, confidence, sureness)
    ///     to its other index's read.
    ///   - stands: the reads that stand for cards.
    ///   - partner: each pair's other index, by the read that stands for it; updated as cards move.
    ///   - strong: the confidence of a card that is reported without a hint (a weaker read, the
    ///     big centre letter say, moves no card).
    /// - Returns: `stands`, with the cards that moved standing at their other index.
    static func standApart(_ reads: inout [Detection], stands: [Int], partner: inout [Int: Int], strong: Float) -> [Int] {
        var stands = stands
        func clash(_ a: Detection, _ b: Detection) -> Bool {
            min(a.confidence, b.confidence) >= strong && oneCard(a.card, b.card) && twinCost(a, b) != nil
        }
        for x in stands.indices {
            for y in stands.indices where y != x && clash(reads[stands[x]], reads[stands[y]]) {
                for m in [x, y] {
                    let stand = stands[m]
                    guard let give = partner[stand] else { continue }
                    let r = reads[stand], at = reads[give]
                    let moved = Detection(card: r.card, confidence: r.confidence, center: at.center, size: at.size, angle: at.angle,
                                          cardCenter: at.cardCenter, classProbability: r.classProbability, sure: r.sure)
                    guard !stands.indices.contains(where: { $0 != m && clash(moved, reads[stands[$0]]) }) else { continue }
                    reads[give] = moved
                    partner[stand] = nil
                    partner[give] = stand
                    stands[m] = give
                    break
                }
            }
        }
        return stands
    }

    /// Whether two reads are of one index: within `samePlace` letters, or, for two reads of one
    /// double-letter kind (once on each half of its wide index), within twice that along the
    /// stronger read's baseline but still `samePlace` across it. The next card's index in a pile
    /// of one kind lies across the baseline too, and stays a card.
    static func oneIndex(_ k: Detection, _ d: Detection) -> Bool {
        let dx = d.center.x - k.center.x, dy = d.center.y - k.center.y
        let reach = samePlace * max(k.size, d.size)
        guard k.card == d.card, k.card.isDouble else { return hypotf(dx, dy) < reach }
        let along = dx * cosf(k.angle) + dy * sinf(k.angle), across = -dx * sinf(k.angle) + dy * cosf(k.angle)
        return (along / (2 * reach)) * (along / (2 * reach)) + (across / reach) * (across / reach) < 1
    }

    /// Whether one of two reads is a letter of the other's double-letter kind and could be that
    /// double index with its other letter cut off by the frame's edge: the other letter's place
    /// (0.7 letters along the baseline, before the first letter or after the second) lies within
    /// a quarter letter of the edge, or beyond it.
    static func cutByEdge(_ a: Detection, _ b: Detection, frame: (width: Float, height: Float)?) -> Bool {
        let (d, double) = a.card.isDouble ? (b, a.card) : (a, b.card)
        guard let frame, d.card.isLetter(of: double) else { return false }
        let along: Float = double.name.hasPrefix(d.card.name) ? 0.7 : -0.7
        let x = d.center.x + along * d.size * cosf(d.angle), y = d.center.y + along * d.size * sinf(d.angle)
        return min(x, y, frame.width - x, frame.height - y) < 0.25 * d.size
    }

    /// Whether two kinds read at a card's two indices can be that card: the same kind, or a
    /// double-letter kind and one of its letters.
    public static func oneCard(_ a: Card, _ b: Card) -> Bool {
        a == b || a.isLetter(of: b) || b.isLetter(of: a)
    }

    /// Whether two reads can be one card's two indices (about half a turn apart, the same card
    /// centre) and, if so, how well they fit: how far each lies from where the other predicts it
    /// (mirrored through its card's centre), in letters. The kinds are the caller's to compare.
    public static func twinCost(_ k: Detection, _ d: Detection) -> Float? {
        func miss(_ a: Detection, _ b: Detection) -> Float {
            hypotf(2 * a.cardCenter.x - a.center.x - b.center.x, 2 * a.cardCenter.y - a.center.y - b.center.y)
        }
        let size = max(k.size, d.size)
        guard abs(normalizedAngle(k.angle - d.angle)) > 2.2,
              hypotf(k.cardCenter.x - d.cardCenter.x, k.cardCenter.y - d.cardCenter.y) < twinCentres * size else { return nil }
        return (miss(k, d) + miss(d, k)) / size
    }

    /// Orders cards left to right as the hand is held: their indices along the x axis of the
    /// cards' mean direction. The mean is taken over doubled angles, so an upside-down index
    /// (read from a card's bottom-right corner) counts the same as an upright one.
    public static func orderAlongFan(_ detections: [Detection]) -> [Detection] {
        let key = fanPositions(detections)
        return detections.indices.sorted { key[$0] < key[$1] }.map { detections[$0] }
    }

    /// Each card's place along the fan, as `orderAlongFan` sorts them.
    public static func fanPositions(_ detections: [Detection]) -> [Float] { fanPlaces(detections).map(\.asRead) }

    /// Each card's place along the fan as read, and where it would be were its index the other way
    /// up: an I, say, reads the same either way, and a reading turned half round moves its card's
    /// place by a card's diagonal (the top-left corner is then looked for at the other end).
    public static func fanPlaces(_ detections: [Detection]) -> [(asRead: Float, turned: Float)] {
        guard detections.count > 1 else { return detections.map { _ in (0, 0) } }
        let sx = detections.reduce(Float(0)) { $0 + cosf(2 * $1.angle) }, sy = detections.reduce(Float(0)) { $0 + sinf(2 * $1.angle) }
        var a = atan2f(sy, sx) / 2
        // Of the two directions along that axis, take the one most indices face. When they are
        // split evenly (two cards, one seen by its upside-down corner) keep `a`, which lies
        // within a quarter turn of the picture's left to right, so that the jitter of a still
        // hand cannot flip the reading.
        let facing = detections.reduce(Float(0)) { $0 + cosf($1.angle - a) }
        if facing < -0.5 { a += .pi }
        // An upside-down index sits at its card's bottom right; its top-left twin (where it was
        // seen, else its mirror image through the card's centre) is where it belongs along the fan.
        func along(_ p: Point) -> Float { p.x * cosf(a) + p.y * sinf(a) }
        return detections.map { d in
            let upright = cosf(d.angle - a) >= 0
            // Turned, a top-left index would be a bottom-right one, its card's centre mirrored through it.
            let otherCorner = d.twinCenter ?? (upright ? Point(3 * d.center.x - 2 * d.cardCenter.x, 3 * d.center.y - 2 * d.cardCenter.y)
                                                       : Point(2 * d.cardCenter.x - d.center.x, 2 * d.cardCenter.y - d.center.y))
            return upright ? (along(d.center), along(otherCorner)) : (along(otherCorner), along(d.center))
        }
    }
}

/// Softmax of logits.
public func softmax(_ x: [Float]) -> [Float] {
    let m = x.max() ?? 0
    let e = x.map { expf($0 - m) }
    let s = e.reduce(0, +)
    return e.map { $0 / s }
}

