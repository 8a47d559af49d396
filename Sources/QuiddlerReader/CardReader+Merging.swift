import QuiddlerImage
import QuiddlerGame
import QuiddlerPlatform

/// What the reader makes of its reads once they are classified: which to report (with a hint or
/// without), the two indices of one card merged, and the cards put in order along the fan. Pure
/// functions of the reads.
extension CardReader {
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
