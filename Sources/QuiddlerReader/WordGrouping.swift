import QuiddlerImage
import QuiddlerPlatform

/// Groups the cards read on the table into the words players laid down.
///
/// A word is a row of cards, each covering the one before but for its index strip, so its
/// indices sit side by side along their baseline about two letter heights apart; or a stack,
/// each card covering all but the top strip of the one before, its indices one under the other.
/// Words are apart: the last card of a word shows whole (about six letter heights wide) and a gap
/// follows. So each index looks for the next index of its word just ahead along its own baseline
/// (a row) or just below it (a stack), turned and sized like itself; chains of such links are the
/// words, in reading order whatever the rotation of the photo; cards in no chain are leftovers.
public enum WordGrouping {
    /// How the cards of one word follow each other.
    public enum Direction: String, Sendable, Codable { case row, stack }

    public struct Group: Equatable, Sendable {
        /// Indices into the detections, in reading order.
        public var members: [Int]
        public var direction: Direction
    }

    public struct Result: Equatable, Sendable {
        /// The words, each as indices into the detections in reading order; ordered by where
        /// they start (top to bottom, then left to right, in the frame).
        public var words: [Group]
        /// Indices of cards in no word.
        public var leftovers: [Int]
    }

    /// The window for the next card of a row, in letter heights along the baseline (and across it).
    static let rowAhead: ClosedRange<Float> = 0.7...6.0
    static let rowAcross: Float = 1.2
    /// The window for the next card of a stack, in letter heights down the card (and along it: a
    /// double-letter index is wider, so its centre sits half a letter further along).
    static let stackBelow: ClosedRange<Float> = 0.7...3.8
    static let stackAlong: Float = 1.5
    /// How far the two cards' angles (radians) and letter heights (ratio) may differ.
    static let maxTurn: Float = 0.5
    static let maxSizeRatio: Float = 1.6

    /// A link from one index to the next of its word.
    struct Link { let from: Int, to: Int, cost: Float, direction: Direction }

    /// Groups `items`: each an index's centre, letter height and baseline angle (frame pixels,
    /// radians; 0 upright, π upside down).
    public static func group(_ items: [(center: Point, size: Float, angle: Float)]) -> Result {
        var links: [Link] = []
        for (i, a) in items.enumerated() {
            for (j, b) in items.enumerated() where j != i {
                let turn = abs(normalizedAngle(b.angle - a.angle))
                let ratio = max(a.size, b.size) / max(1e-3, min(a.size, b.size))
                guard turn <= maxTurn, ratio <= maxSizeRatio else { continue }
                let s = (a.size + b.size) / 2
                let dx = b.center.x - a.center.x, dy = b.center.y - a.center.y
                let u = (dx * cosf(a.angle) + dy * sinf(a.angle)) / s
                let v = (-dx * sinf(a.angle) + dy * cosf(a.angle)) / s
                if rowAhead.contains(u), abs(v) <= rowAcross { links.append(Link(from: i, to: j, cost: u + 2 * abs(v), direction: .row)) }
                if stackBelow.contains(v), abs(u) <= stackAlong { links.append(Link(from: i, to: j, cost: v + 2 * abs(u), direction: .stack)) }
            }
        }
        // Closest links first; each card has at most one card after it and one before it.
        var next = [Int?](repeating: nil, count: items.count), previous = [Int?](repeating: nil, count: items.count)
        var direction = [Direction?](repeating: nil, count: items.count)
        for link in links.sorted(by: { $0.cost < $1.cost }) where previous[link.to] == nil && next[link.from] == nil {
            // No cycles, and one direction per word.
            var k: Int? = link.to, cycle = false
            while let c = k { if c == link.from { cycle = true; break }; k = next[c] }
            if cycle { continue }
            if let d = direction[link.from] ?? direction[link.to], d != link.direction { continue }
            next[link.from] = link.to
            previous[link.to] = link.from
            // Spread the direction over the whole chain.
            var c: Int? = link.from
            while let p = c.flatMap({ previous[$0] }) { c = p }
            while let x = c { direction[x] = link.direction; c = next[x] }
        }
        var words: [Group] = [], leftovers: [Int] = []
        for i in items.indices where previous[i] == nil {
            var chain = [i]
            while let n = next[chain.last!] { chain.append(n) }
            if chain.count >= 2 { words.append(Group(members: chain, direction: direction[i] ?? .row)) } else { leftovers.append(i) }
        }
        func key(_ i: Int) -> (Float, Float) { (items[i].center.y, items[i].center.x) }
        words.sort { key($0.members[0]) < key($1.members[0]) }
        leftovers.sort { key($0) < key($1) }
        return Result(words: words, leftovers: leftovers)
    }

    /// Groups the reader's detections. A card that shows whole (the last of a row, a leftover)
    /// may have been read by its upside-down bottom-right index; a card's two indices are each
    /// other's image through its centre, so each card is looked at by whichever of the two faces
    /// the same way as the cards around it.
    public static func group(_ detections: [Detection]) -> Result {
        group(facingNeighbours(detections))
    }

    /// Each detection's index, or its twin at the card's other corner, whichever is turned like
    /// most of its near neighbours (within ten letter heights).
    static func facingNeighbours(_ detections: [Detection]) -> [(center: Point, size: Float, angle: Float)] {
        var items = detections.map { (center: $0.center, size: $0.size, angle: $0.angle) }
        // The other index where it was seen; else its image through the card's predicted centre.
        func twin(_ d: Detection) -> (center: Point, size: Float, angle: Float) {
            if let c = d.twinCenter, let a = d.twinAngle { return (c, d.size, a) }
            return (Point(2 * d.cardCenter.x - d.center.x, 2 * d.cardCenter.y - d.center.y), d.size, normalizedAngle(d.angle + .pi))
        }
        // A card's bottom-right index shows only when the whole card does, and then its top-left
        // index shows too: a card read by one index alone was read by its top-left one. So only a
        // card whose two indices were both seen may be turned; with one seen, the predicted twin
        // is the fallback when the reader's merge kept no twin.
        let anyTwins = detections.contains { $0.twinCenter != nil }
        for _ in 0..<2 {
            for (i, d) in detections.enumerated() where d.twinCenter != nil || !anyTwins {
                // The card's centre: halfway between its two indices when both were seen.
                let middle = d.twinCenter.map { Point((d.center.x + $0.x) / 2, (d.center.y + $0.y) / 2) } ?? d.cardCenter
                var agree: Float = 0, disagree: Float = 0
                for (j, e) in items.enumerated() where j != i {
                    let distance = hypotf(e.center.x - middle.x, e.center.y - middle.y)
                    guard distance < 10 * d.size else { continue }
                    let turn = abs(normalizedAngle(e.angle - items[i].angle))
                    let weight = 1 / max(distance, d.size)
                    if turn <= maxTurn { agree += weight } else if turn >= .pi - maxTurn { disagree += weight }
                }
                if disagree > agree {
                    let current = items[i].angle
                    items[i] = abs(normalizedAngle(current - d.angle)) < 0.1 ? twin(d) : (d.center, d.size, d.angle)
                }
            }
        }
        return items
    }
}
