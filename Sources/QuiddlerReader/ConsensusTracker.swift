import QuiddlerImage
import QuiddlerGame
import QuiddlerPlatform

/// Fuses the reads of consecutive frames into a settled reading.
///
/// Cards are matched between frames by place (either of a card's two indices, so a card whose
/// read jumps from one corner to the other stays the same card), tolerating the small motion of
/// a hand between frames. A card's kind is the vote of the recent frames it was seen in, weighted
/// by confidence; it counts as settled once `settleFrames` of them agree and the vote is clear.
/// A card missed for a frame or two keeps its place, so a still hand reads the same every frame.
/// Pure value type: feed it frames in order with `update`.
public struct ConsensusTracker: Sendable {
    /// One card followed over frames.
    public struct Track: Sendable {
        public let id: Int
        /// The latest read of this card.
        public var last: Detection
        /// Recent votes, newest last: (kind, weight).
        var votes: [(Card, Float)] = []
        /// Frames in a row it was not seen in.
        public var missed = 0
        /// Frames it was seen in, in all.
        public var seen = 0
        /// Tracks seen in a frame with this one: the reader kept them apart, so they are other cards.
        var seenWith = Set<Int>()
        /// The frames it was seen in, of the last `window`.
        var sightings: [Int] = []
        /// The frame it was first seen in.
        var firstFrame = 0
        /// Whether it has been seen often enough to be settled (it stays so while it is followed).
        var steady = false
        /// The kind the settled reading shows for it, once settled; it holds while the vote for it
        /// stays above `releaseShare`, and changes only when another kind settles in its place.
        var shown: Card?

        /// The share of the recent vote's weight that went to `kind`.
        func share(of kind: Card) -> Float {
            let total = votes.reduce(0) { $0 + $1.1 }
            return total > 0 ? votes.reduce(0) { $0 + ($1.0 == kind ? $1.1 : 0) } / total : 0
        }

        /// The kind with the most weight among the recent votes, its share and its number of votes.
        public var leader: (card: Card, share: Float, count: Int) {
            var weight: [Card: Float] = [:], count: [Card: Int] = [:]
            for (c, w) in votes { weight[c, default: 0] += w; count[c, default: 0] += 1 }
            let total = weight.values.reduce(0, +)
            guard let best = weight.max(by: { $0.value < $1.value || ($0.value == $1.value && $0.key.index > $1.key.index) }) else {
                return (last.card, 0, 0)
            }
            return (best.key, total > 0 ? best.value / total : 0, count[best.key] ?? 0)
        }

        /// The kind the card is taken for: the one shown once settled, else the vote's leader.
        var kind: Card { shown ?? leader.card }
    }

    /// Agreeing frames before a card counts as settled.
    public var settleFrames = 3
    /// The share of the recent vote the leading kind needs to be settled.
    public var settleShare: Float = 0.6
    /// A settled card stays settled, as the kind it shows, until that kind's share of the vote
    /// falls below this: a vote that wavers about `settleShare` does not make it come and go.
    public var releaseShare: Float = 0.35
    /// How many recent frames vote.
    public var window = 12
    /// Frames in a row a card may go unseen before it is dropped.
    public var forgetAfter = 6
    /// How far (in letters' heights) a card may move between frames and still be matched.
    public var reach: Float = 1.0
    /// How much further (in letters' heights) a read of another kind than a card's counts when
    /// matching reads to cards.
    public var otherKindCost: Float = 0.5

    public private(set) var tracks: [Track] = []
    /// Frames seen so far.
    public private(set) var frames = 0
    private var nextID = 0
    /// Track ids in reading order, kept from frame to frame (see `reorder`).
    private var order: [Int] = []
    /// Each track's place along the fan in the last frame.
    private var place: [Int: Float] = [:]
    /// How far (in letters' heights) a card must be past a neighbour along the fan before the two
    /// change places in the reading: less is the noise of a still hand.
    public var orderMargin: Float = 0.5

    public init() {}

    /// Takes one frame's reads.
    /// - Complexity: O(tracks × detections · log) per frame.
    public mutating func update(_ detections: [Detection]) {
        frames += 1
        // Greedy matching, nearest pairs first; a read of another kind than the card's counts as
        // `otherKindCost` letters further, so that a hand jittering by about the spacing of its
        // indices does not swap neighbours' tracks (a misread still reaches its own card).
        var pairs: [(Float, Int, Int)] = []
        for (ti, t) in tracks.enumerated() {
            let kind = t.kind
            for (di, d) in detections.enumerated() {
                let dist = ConsensusTracker.distance(t.last, d, kind: kind), size = max(t.last.size, d.size)
                if dist < reach * size { pairs.append((dist + (CardReader.oneCard(kind, d.card) ? 0 : otherKindCost * size), ti, di)) }
            }
        }
        pairs.sort { $0.0 < $1.0 }
        var trackUsed = Set<Int>(), detectionUsed = Set<Int>()
        for (_, ti, di) in pairs where !trackUsed.contains(ti) && !detectionUsed.contains(di) {
            trackUsed.insert(ti)
            detectionUsed.insert(di)
            let d = detections[di]
            tracks[ti].last = d
            tracks[ti].votes.append((d.card, max(d.confidence, 0.01)))
            if tracks[ti].votes.count > window { tracks[ti].votes.removeFirst(tracks[ti].votes.count - window) }
            tracks[ti].missed = 0
            tracks[ti].seen += 1
            tracks[ti].sightings.append(frames)
        }
        for ti in tracks.indices where !trackUsed.contains(ti) { tracks[ti].missed += 1 }
        tracks.removeAll { $0.missed > forgetAfter }
        for (di, d) in detections.enumerated() where !detectionUsed.contains(di) {
            var t = Track(id: nextID, last: d)
            t.votes = [(d.card, max(d.confidence, 0.01))]
            t.seen = 1
            (t.sightings, t.firstFrame) = ([frames], frames)
            tracks.append(t)
            nextID += 1
        }
        for ti in tracks.indices {
            tracks[ti].sightings.removeAll { $0 <= frames - window }
            let span = min(window, frames - tracks[ti].firstFrame + 1)
            let count = tracks[ti].sightings.count
            if count >= settleFrames && 2 * count >= span { tracks[ti].steady = true }
            tracks[ti].shown = ConsensusTracker.shownKind(tracks[ti], settleFrames: settleFrames, settleShare: settleShare, releaseShare: releaseShare)
        }
        let inFrame = tracks.filter { $0.missed == 0 }.map(\.id), live = Set(tracks.map(\.id))
        for ti in tracks.indices {
            if tracks[ti].missed == 0 { tracks[ti].seenWith.formUnion(inFrame) }
            tracks[ti].seenWith.formIntersection(live)
        }
        reorder()
    }

    /// Puts the tracks in reading order along the fan, as little changed from the last frame's
    /// as can be: a new card goes where its place along the fan says, and two neighbours change
    /// places only when one is clearly (`orderMargin` letters) past the other, so the jitter of
    /// a still hand never reorders the reading.
    private mutating func reorder() {
        let places = CardReader.fanPlaces(tracks.map(\.last))
        var key: [Int: Float] = [:], size: [Int: Float] = [:]
        for (t, p) in zip(tracks, places) {
            // An index that reads the same either way up (I) may be read turned half round from one
            // frame to the next, which moves its card's place by a card's diagonal: the place
            // nearer the last frame's is the card's.
            let k = place[t.id].map { last in abs(p.turned - last) < abs(p.asRead - last) ? p.turned : p.asRead } ?? p.asRead
            (key[t.id], size[t.id]) = (k, t.last.size)
        }
        place = key
        // Every id below has a track, so a place and a size: the defaults are never used.
        var ids = order.filter { key[$0] != nil }
        for t in tracks where !ids.contains(t.id) {
            let k = key[t.id, default: 0]
            ids.insert(t.id, at: ids.firstIndex { key[$0, default: 0] > k } ?? ids.count)
        }
        var swapped = true
        while swapped {
            swapped = false
            for i in ids.indices.dropLast() {
                let (a, b) = (ids[i], ids[i + 1])
                if key[a, default: 0] - key[b, default: 0] > orderMargin * max(size[a, default: 0], size[b, default: 0]) {
                    ids.swapAt(i, i + 1)
                    swapped = true
                }
            }
        }
        order = ids
    }

    /// Whether a track's kind is settled: `settleFrames` votes for it, a clear share of the vote,
    /// and the card seen, at some time, in at least `settleFrames` and half the recent frames
    /// since it was first seen (a card the reader only now and then makes out, half hidden, say,
    /// does not come and go in the reading; one that was steady and is now missed at times stays).
    /// Once settled, a card stays so while its shown kind keeps `releaseShare` of the vote.
    public func isSettled(_ t: Track) -> Bool { t.shown != nil }

    /// The kind a track shows after this frame's vote: the leader when it settles (enough votes,
    /// a clear share, seen steadily); else the kind shown so far while it keeps `releaseShare`
    /// of the vote; else none.
    static func shownKind(_ t: Track, settleFrames: Int, settleShare: Float, releaseShare: Float) -> Card? {
        let l = t.leader
        if l.count >= settleFrames && l.share >= settleShare && t.steady { return l.card }
        guard let shown = t.shown else { return nil }
        return t.share(of: shown) >= releaseShare ? shown : nil
    }

    /// The settled reading: one detection per settled card, in reading order (along the fan as
    /// `CardReader.orderAlongFan` has it, steadied from frame to frame), with its voted kind;
    /// `sure` is set for every one of them.
    public var settled: [Detection] { reading(includeSettling: false) }

    /// Every card followed, settled or not, in reading order; `sure` says which are settled.
    public var all: [Detection] { reading(includeSettling: true) }

    /// Tracks that are the other index of a card another track follows, so that a card is
    /// read once: each was only ever seen in frames without the other (the reader would have
    /// paired them, or kept them apart as two cards, had it seen both) and the two fit as one
    /// card's indices by the reader's rule (same kind, half a turn apart, the same card centre),
    /// paired one to one, best fit first. Two tracks of one kind now at one place (under
    /// `CardReader.samePlace` letters apart, where the reader keeps only one read) are one card
    /// too, even if once seen together: a card whose two indices were read apart in one frame
    /// starts a second track, which then follows the card's other index to where the first one is.
    /// Two never seen together are one card within `reach` of each other (as far as a card may
    /// move in a frame): a card read by either index in turn can leave a track at each, and then
    /// both follow one index.
    /// Of a pair, an unsettled track gives way to a settled one, else the one with less weight of
    /// votes (a faint read of something else on the card, say).
    func twinTracks() -> Set<Int> {
        var pairs: [(cost: Float, i: Int, j: Int)] = []
        for i in tracks.indices {
            for j in tracks.indices where j > i && tracks[i].kind == tracks[j].kind {
                let (a, b) = (tracks[i].last, tracks[j].last)
                let apart = hypotf(a.center.x - b.center.x, a.center.y - b.center.y) / max(a.size, b.size)
                let together = tracks[i].seenWith.contains(tracks[j].id)
                if apart < CardReader.samePlace || (!together && apart < reach) {
                    pairs.append((apart, i, j))
                } else if !together, let cost = CardReader.twinCost(a, b) {
                    pairs.append((cost, i, j))
                }
            }
        }
        var paired = Set<Int>(), dropped = Set<Int>()
        for p in pairs.sorted(by: { $0.cost < $1.cost }) where !paired.contains(p.i) && !paired.contains(p.j) {
            paired.formUnion([p.i, p.j])
            func standing(_ t: Track) -> (Int, Float) { (isSettled(t) ? 1 : 0, t.votes.reduce(0) { $0 + $1.1 }) }
            dropped.insert(standing(tracks[p.i]) >= standing(tracks[p.j]) ? tracks[p.j].id : tracks[p.i].id)
        }
        return dropped
    }

    private func reading(includeSettling: Bool) -> [Detection] {
        let twins = twinTracks()
        let byID = Dictionary(uniqueKeysWithValues: tracks.map { ($0.id, $0) })
        return order.compactMap { byID[$0] }.filter { !twins.contains($0.id) }.compactMap { t -> Detection? in
            let settled = isSettled(t)
            guard settled || includeSettling else { return nil }
            let kind = t.kind
            var d = Detection(card: kind, confidence: t.last.confidence, center: t.last.center, size: t.last.size, angle: t.last.angle,
                              cardCenter: t.last.cardCenter, classProbability: t.share(of: kind), sure: settled)
            (d.twinCenter, d.twinAngle) = (t.last.twinCenter, t.last.twinAngle)
            return d
        }
    }

    /// How far apart two reads are as places of one card: the nearer of either's index to the
    /// other's, or to the other's twin index (mirrored through the card's centre). Only a read of
    /// the card's `kind` (or, for a double, one of its letters) reaches it at its twin: a card's
    /// other corner shows the same letters, and a read of another kind there is most likely the
    /// index of a card lying over that corner.
    static func distance(_ a: Detection, _ b: Detection, kind: Card) -> Float {
        let direct = hypotf(a.center.x - b.center.x, a.center.y - b.center.y)
        guard CardReader.oneCard(kind, b.card) else { return direct }
        let twin = Point(2 * a.cardCenter.x - a.center.x, 2 * a.cardCenter.y - a.center.y)
        return min(direct, hypotf(twin.x - b.center.x, twin.y - b.center.y))
    }
}
