import Foundation
import QuiddlerGame
import QuiddlerImage
import QuiddlerRandom
import QuiddlerReader
import QuiddlerSynthesis
import QuiddlerTestSupport
import QuiddlerTraining
import Testing

@Suite struct WordGroupingTests {
    /// Cards of words laid out in letter heights (size 20 px), turned by `turn` about the origin.
    static func items(_ local: [(x: Float, y: Float, upsideDown: Bool)], turn: Float) -> [(center: Point, size: Float, angle: Float)] {
        local.map { p in
            let x = p.x * 20, y = p.y * 20
            return (Point(500 + x * cosf(turn) - y * sinf(turn), 500 + x * sinf(turn) + y * cosf(turn)), 20, normalizedAngle(turn + (p.upsideDown ? .pi : 0)))
        }
    }

    @Test(arguments: [0, 0.7, 1.6, 2.9, -2.2] as [Float])
    func rowsSideBySideAndALeftoverAtAnyRotation(turn: Float) {
        // Two words in a line (indices 2.2 apart, words 9 apart) and a card on its own.
        var local: [(x: Float, y: Float, upsideDown: Bool)] = []
        for k in 0..<4 { local.append((Float(k) * 2.2, 0, false)) }
        for k in 0..<3 { local.append((6.6 + 9 + Float(k) * 2.0, 0.1, false)) }
        local.append((34, 0, false))
        let r = WordGrouping.group(Self.items(local.shuffledDeterministically(), turn: turn))
        let order = local.shuffledDeterministically()
        let words = r.words.map { $0.members.map { i in local.firstIndex { $0 == order[i] }! } }
        #expect(Set(words) == Set([[0, 1, 2, 3], [4, 5, 6]]), "\(words)")
        #expect(r.leftovers.map { i in local.firstIndex { $0 == order[i] }! } == [7])
        #expect(r.words.allSatisfy { $0.direction == .row })
    }

    @Test func aTightStackReadsTopToBottomAndAnUpsideDownWordReadsItsOwnWay() {
        // A stack (each index 1.6 under the one before) and, across the table, a row upside down.
        let stack = (0..<5).map { (x: Float(0), y: Float($0) * 1.6, upsideDown: false) }
        let across = (0..<3).map { (x: 20 - Float($0) * 2.1, y: Float(-14), upsideDown: true) }
        let r = WordGrouping.group(Self.items(stack + across, turn: 0.3))
        #expect(r.words.count == 2)
        #expect(r.words.contains { $0.members == [0, 1, 2, 3, 4] && $0.direction == .stack })
        #expect(r.words.contains { $0.members == [5, 6, 7] && $0.direction == .row }, "read from its own side: \(r.words)")
        #expect(r.leftovers.isEmpty)
    }

    @Test func aWholeCardReadByItsBottomIndexJoinsItsWord() {
        // The last card of a row read by its upside-down corner: its twin through the card centre
        // is where the row goes on.
        let size: Float = 20
        func det(_ x: Float, upsideDown: Bool = false) -> Detection {
            let top = Point(x, 300), centre = Point(x + 2.5 * size, 300 + 4.4 * size)
            let p = upsideDown ? Point(2 * centre.x - top.x, 2 * centre.y - top.y) : top
            return Detection(card: .all[0], confidence: 0.9, center: p, size: size, angle: upsideDown ? .pi : 0, cardCenter: centre, classProbability: 0.9)
        }
        let r = WordGrouping.group([det(100), det(144), det(188, upsideDown: true)])
        #expect(r.words.map(\.members) == [[0, 1, 2]])
    }

    /// Both indices of a card showing whole were read: the card keeps where its other index was
    /// seen, and the grouping takes that place rather than one predicted from a card centre that
    /// was regressed badly; a card read by one index alone is taken as read, so a two-card word
    /// whose last card was read upside down is not turned around with it.
    @Test func theOtherIndexWhereItWasSeenPutsAWholeCardInItsWord() {
        let size: Float = 20
        let first = Detection(card: Card("c")!, confidence: 0.9, center: Point(100, 300), size: size, angle: 0, cardCenter: Point(150, 390), classProbability: 0.9)
        // The second card: its top-left index at (145, 300), read by its bottom-right one at
        // (245, 476); its predicted card centre is a little off, so its mirror image through it
        // would be over a letter from where the top-left index is.
        let bottom = Detection(card: Card("t")!, confidence: 0.95, center: Point(245, 476), size: size, angle: .pi, cardCenter: Point(200, 400), classProbability: 0.9)
        let top = Detection(card: Card("t")!, confidence: 0.6, center: Point(145, 300), size: size, angle: 0.02, cardCenter: Point(190, 380), classProbability: 0.9)
        let merged = CardReader.mergeCorners([first, bottom, top])
        #expect(merged.count == 2)
        let second = merged.first { $0.card == Card("t")! }
        #expect(second?.center == bottom.center && second?.twinCenter == top.center && second?.twinAngle == top.angle)
        let r = WordGrouping.group(merged)
        let cards = r.words.map { $0.members.map { merged[$0].card.name } }
        #expect(cards == [["c", "t"]] && r.leftovers.isEmpty, "\(cards)")
        // Reading order along the fan takes the seen twin too.
        #expect(CardReader.orderAlongFan(merged).map(\.card.name) == ["c", "t"])
    }

    /// The synthetic scoring tables, grouped from their labels (the grouping alone): rows and
    /// stacks at any rotation, words side by side, leftovers, two players across the table.
    @Test func syntheticScoringTablesAreGroupedExactly() {
        let g = Evaluation.grouping(reader: nil, generator: SceneGenerator(art: TestArt.drawn), scenes: 40, seed: 99)
        #expect(g.layouts == 40)
        #expect(g.accuracyFromLabels >= 0.95, "\(g.exactFromLabels)/40: \(g.failures)")
    }
}

extension Array {
    /// A fixed reordering (reversed halves), so input order cannot carry the answer.
    func shuffledDeterministically() -> [Element] { Array(self[(count / 2)...].reversed() + self[..<(count / 2)]) }
}
