import QuiddlerImage
import QuiddlerGame
import QuiddlerNN
import QuiddlerPlatform

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
}

/// Softmax of logits.
public func softmax(_ x: [Float]) -> [Float] {
    let m = x.max() ?? 0
    let e = x.map { expf($0 - m) }
    let s = e.reduce(0, +)
    return e.map { $0 / s }
}
