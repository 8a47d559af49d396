import QuiddlerImage
import QuiddlerPlatform

/// Tells a hand from the discard lying apart from it on the table.
///
/// The cards of a fan crowd together: their centres sit within a fraction of a card of their
/// neighbours', and so do their indices. A discard lies on its own, at least most of a card away
/// from every card of the fan. So cards are joined when their card centres (or their indices) are
/// close for their size; the biggest group is the hand, and a card alone, clear of it, is the
/// discard.
public enum HandLayout {
    /// A card is about ten letter heights tall.
    static let cardHeightInLetters: Float = 10
    /// Two cards are of one group when their card centres are nearer than this many card heights…
    static let joinCardCenters: Float = 0.6
    /// …or their indices nearer than this many card heights (an index read at the far corner
    /// regresses its card centre less surely than its own place).
    static let joinIndices: Float = 0.3
    /// A discard lies at least this many card heights from every card of the hand.
    static let apart: Float = 0.7

    /// The hand and the discard, as indices into `items` (each a card's index centre, predicted
    /// card centre and letter height, frame pixels).
    /// - Returns: the hand's members in the order given, and the discard when exactly one card
    ///   lies apart from a hand of at least two; otherwise every card is the hand's.
    /// - Complexity: O(n²) for n cards.
    public static func separate(_ items: [(center: Point, cardCenter: Point, size: Float)]) -> (hand: [Int], discard: Int?) {
        let n = items.count
        let all = Array(0..<n)
        guard n >= 3 else { return (all, nil) }
        // Union-find over the "close" relation.
        var parent = all
        func root(_ i: Int) -> Int {
            var i = i
            while parent[i] != i { parent[i] = parent[parent[i]]; i = parent[i] }
            return i
        }
        func height(_ i: Int, _ j: Int) -> Float { cardHeightInLetters * max(items[i].size, items[j].size) }
        for i in 0..<n {
            for j in (i + 1)..<n where close(items[i], items[j], height: height(i, j)) {
                parent[root(i)] = root(j)
            }
        }
        var groups: [Int: [Int]] = [:]
        for i in all { groups[root(i), default: []].append(i) }
        let sorted = groups.values.sorted { $0.count > $1.count }
        let hand = sorted[0]
        let singles = sorted.dropFirst().filter { $0.count == 1 }.map { $0[0] }
        // Exactly one lone card, everything else in the hand, and clearly apart from it.
        guard hand.count >= 2, singles.count == 1, hand.count + 1 == n, let lone = singles.first else { return (all, nil) }
        let gap = hand.map { j in distance(items[lone].cardCenter, items[j].cardCenter) / height(lone, j) }.min() ?? 0
        guard gap >= apart else { return (all, nil) }
        return (hand, lone)
    }

    /// The hand and the discard among reads (given in reading order). A discard turned its own
    /// way can turn the whole reading direction around: when the hand read on its own runs the
    /// other way, that order is taken; otherwise the hand keeps the order it had.
    public static func separate(_ detections: [Detection]) -> (hand: [Detection], discard: Detection?) {
        let (members, discard) = separate(detections.map { ($0.center, $0.cardCenter, $0.size) })
        guard let discard else { return (detections, nil) }
        let hand = members.map { detections[$0] }
        let alone = CardReader.orderAlongFan(hand)
        let reversed = alone.map(\.center) == hand.reversed().map(\.center)
        return (reversed ? alone : hand, detections[discard])
    }

    private static func close(_ a: (center: Point, cardCenter: Point, size: Float), _ b: (center: Point, cardCenter: Point, size: Float), height: Float) -> Bool {
        distance(a.cardCenter, b.cardCenter) < joinCardCenters * height || distance(a.center, b.center) < joinIndices * height
    }

    private static func distance(_ a: Point, _ b: Point) -> Float { hypotf(a.x - b.x, a.y - b.y) }
}
