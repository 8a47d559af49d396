import Foundation
import QuiddlerGame
import QuiddlerImage
import QuiddlerRandom
import QuiddlerReader
import QuiddlerSynthesis
import QuiddlerTraining
import Testing

/// How the reader settles which reads to report, with and without a hand-size hint.
@Suite struct ReadSettlingTests {
    static func read(_ name: String, _ confidence: Float, x: Float, sure: Bool? = nil) -> Detection {
        Detection(card: Card(name)!, confidence: confidence, center: Point(x, 100), size: 12, angle: 0,
                  cardCenter: Point(x + 20, 160), classProbability: confidence, sure: sure ?? (confidence >= 0.5))
    }

    let reads = [read("a", 0.95, x: 10), read("b", 0.9, x: 40), read("c", 0.42, x: 70), read("d", 0.35, x: 100), read("e", 0.1, x: 130)]

    /// A doubtful read (or none) far smaller than the nearest sure read within reach is read again
    /// at that read's size, at the angle it was read at (its card's centre turned with it); one
    /// about as large, a speck, one out of reach, and a sure read are not.
    @Test func aDoubtfulReadFarSmallerThanASureNeighbourIsReadAgainAtItsSize() {
        func candidate(_ x: Float, size: Float) -> IndexCandidate {
            IndexCandidate(heat: 0.5, center: Point(x, 100), size: size, angle: 0.1, cardCenter: Point(x, 100 + 3 * size))
        }
        func read(_ c: IndexCandidate, sure: Bool, angle: Float? = nil) -> Detection {
            let a = angle ?? c.angle
            return Detection(card: Card("x")!, confidence: sure ? 0.8 : 0.2, center: c.center, size: c.size, angle: a,
                             cardCenter: c.center.rotated(c.cardCenter, by: a - c.angle), classProbability: 0.5, sure: sure)
        }
        let reach = CardReader.neighbourReach * 40
        let sure = candidate(100, size: 40)
        let cases: [(IndexCandidate, Bool)] = [
            (candidate(150, size: 20), true),                                    // half the size, beside it
            (candidate(60, size: 40 * CardReader.neighbourSmall + 1), false),      // about as large
            (candidate(140, size: 40 * CardReader.neighbourSpeck - 1), false),     // a speck
            (candidate(100 + reach + 2, size: 20), false),                         // out of reach
            (candidate(100 - reach + 2, size: 20), true),                          // just in reach
        ]
        for (c, expected) in cases {
            let turned = read(c, sure: false, angle: 0.1 + .pi)
            let again = CardReader.neighbourSizes([sure, c], [read(sure, sure: true), turned])
            #expect(again.map(\.index) == (expected ? [1] : []), "candidate at \(c.center.x), size \(c.size)")
            if let a = again.first {
                #expect(a.candidate.size == 40 && a.candidate.center == c.center && a.candidate.heat == c.heat)
                #expect(abs(a.candidate.angle - turned.angle) < 1e-5)
                #expect(hypotf(a.candidate.cardCenter.x - turned.cardCenter.x, a.candidate.cardCenter.y - turned.cardCenter.y) < 1e-3)
            }
        }
        // No read at all counts as doubtful; a sure small read is left as it is; with no sure read nothing is read again.
        let small = candidate(150, size: 20)
        #expect(CardReader.neighbourSizes([sure, small], [read(sure, sure: true), nil]).map(\.index) == [1])
        #expect(CardReader.neighbourSizes([sure, small], [read(sure, sure: true), read(small, sure: true)]).isEmpty)
        #expect(CardReader.neighbourSizes([sure, small], [read(sure, sure: false), read(small, sure: false)]).isEmpty)
        // The nearest sure read lends its size, and its kind is given with it.
        let far = candidate(190, size: 30)
        let farRead = Detection(card: Card("qu")!, confidence: 0.8, center: far.center, size: far.size, angle: far.angle,
                                cardCenter: far.cardCenter, classProbability: 0.8, sure: true)
        let lent = CardReader.neighbourSizes([sure, far, small], [read(sure, sure: true), farRead, nil]).first
        #expect(lent?.candidate.size == 30 && lent?.lender == Card("qu"))
    }

    /// A doubtful read much smaller than a sure index beside it is a card's points or art (the 10
    /// under an index read as O): it goes. The same read as large, or further off, or sure, or
    /// beside only doubtful reads, stays; and the rule is the constants', both ways across them.
    @Test func aDoubtfulReadFarSmallerThanASureIndexBesideItGoes() {
        func at(_ name: String, _ x: Float, _ y: Float, size: Float, sure: Bool) -> Detection {
            Detection(card: Card(name)!, confidence: sure ? 0.8 : 0.36, center: Point(x, y), size: size, angle: 0,
                      cardCenter: Point(x, y + 3 * size), classProbability: 0.8, sure: sure)
        }
        let index = at("cl", 120, 480, size: 40, sure: true)
        let reach = CardReader.smallBesideReach * 40, small = CardReader.smallBesideSure * 40
        let points = at("o", 175, 470, size: 14, sure: false)
        #expect(CardReader.dropSmallBesideSure([index, points]).map(\.card.name) == ["cl"])
        // Just under and just over the size bar, just inside and just outside the reach.
        #expect(CardReader.dropSmallBesideSure([index, at("o", 175, 470, size: small - 0.5, sure: false)]).count == 1)
        #expect(CardReader.dropSmallBesideSure([index, at("o", 175, 470, size: small + 0.5, sure: false)]).count == 2)
        #expect(CardReader.dropSmallBesideSure([index, at("o", 120 + reach - 1, 480, size: 14, sure: false)]).count == 1)
        #expect(CardReader.dropSmallBesideSure([index, at("o", 120 + reach + 1, 480, size: 14, sure: false)]).count == 2)
        // A sure small read stays (a sure read is trusted), and so does a small read beside only doubtful ones.
        #expect(CardReader.dropSmallBesideSure([index, at("o", 175, 470, size: 14, sure: true)]).count == 2)
        let doubtful = at("cl", 120, 480, size: 40, sure: false)
        #expect(CardReader.dropSmallBesideSure([doubtful, points]).count == 2)
        // Order is kept.
        let other = at("a", 20, 480, size: 38, sure: true)
        #expect(CardReader.dropSmallBesideSure([other, points, index]).map(\.card.name) == ["a", "cl"])
    }

    @Test func withoutAHintEveryReadAboveTheThresholdIsReported() {
        let kept = CardReader.settle(reads, hint: nil, threshold: 0.3)
        #expect(kept.map(\.card.name) == ["a", "b", "c", "d"])
        #expect(kept.map(\.sure) == [true, true, false, false])
    }

    @Test func aHintDropsTheWeakestDoubtfulReadsOnly() {
        #expect(CardReader.settle(reads, hint: 3, threshold: 0.3).map(\.card.name) == ["a", "b", "c"])
        // Sure reads are never dropped for the hint.
        #expect(CardReader.settle(reads, hint: 1, threshold: 0.3).map(\.card.name) == ["a", "b"])
    }

    @Test func aHintFillsTheHandFromWeakReadsMarkedDoubtful() {
        let kept = CardReader.settle(reads, hint: 5, threshold: 0.3)
        #expect(kept.map(\.card.name) == ["a", "b", "c", "d", "e"])
        #expect(kept.last?.sure == false)
        // Never more than there are reads.
        #expect(CardReader.settle(reads, hint: 9, threshold: 0.3).count == 5)
    }

    @Test func readingOrderFollowsAFanUpsideDown() {
        // A fan seen from the far side: indices at angle π, and reading order runs right to left on screen.
        let flipped = [0, 1, 2].map { i in
            Detection(card: Card(["x", "y", "z"][i])!, confidence: 0.9, center: Point(300 - Float(i) * 30, 100), size: 12, angle: .pi,
                      cardCenter: Point(300 - Float(i) * 30 - 20, 40), classProbability: 0.9)
        }
        #expect(CardReader.orderAlongFan(flipped.reversed()).map(\.card.name) == ["x", "y", "z"])
    }

    /// Two cards, one read by its upside-down bottom-right index: as many indices face one way
    /// as the other, and the jitter of a still hand must not flip the reading order.
    @Test func twoCardsOneSeenUpsideDownKeepTheirOrderUnderJitter() {
        var rng = SeededGenerator(seed: 3)
        var orders = Set<[String]>()
        for _ in 0..<40 {
            let tilt = rng.uniform(-0.08...0.08), wobble = rng.uniform(-0.08...0.08)
            let upright = Detection(card: Card("r")!, confidence: 0.9, center: Point(100 + rng.normal(), 100 + rng.normal()), size: 12,
                                    angle: tilt, cardCenter: Point(120, 160), classProbability: 0.9)
            // The second card's bottom-right index, across its centre from its top-left one.
            let corner = Detection(card: Card("x")!, confidence: 0.9, center: Point(200 + rng.normal(), 220 + rng.normal()), size: 12,
                                   angle: normalizedAngle(.pi + wobble), cardCenter: Point(180, 160), classProbability: 0.9)
            orders.insert(CardReader.orderAlongFan([upright, corner]).map(\.card.name))
            orders.insert(CardReader.orderAlongFan([corner, upright]).map(\.card.name))
        }
        #expect(orders.count == 1)
    }

    /// A fan turned past a quarter turn (held sideways, or lying on the table at 120° or −135°):
    /// reading order follows the cards' own left-to-right direction, not the screen's, and a card
    /// read by its upside-down corner takes the place of its top-left twin.
    @Test(arguments: [1.7, 2.1, -2.4, 3.0] as [Float])
    func readingOrderFollowsAFanTurnedPastAQuarterTurn(turn: Float) {
        let names = ["p", "q", "r", "s"]
        let c = cosf(turn), s = sinf(turn)
        var reads = names.indices.map { i -> Detection in
            let along = Float(i) * 30
            let centre = Point(400 + along * c, 300 + along * s)
            return Detection(card: Card(names[i])!, confidence: 0.9, center: centre, size: 12, angle: turn,
                             cardCenter: Point(centre.x + 20 * c - 40 * s, centre.y + 20 * s + 40 * c), classProbability: 0.9)
        }
        // The third card read by its bottom-right index: across its centre, upside down.
        let third = reads[2]
        reads[2] = Detection(card: third.card, confidence: 0.9, center: Point(2 * third.cardCenter.x - third.center.x, 2 * third.cardCenter.y - third.center.y),
                             size: 12, angle: normalizedAngle(turn + .pi), cardCenter: third.cardCenter, classProbability: 0.9)
        #expect(CardReader.orderAlongFan(reads.shuffledByHalves()).map(\.card.name) == names)
    }

    /// A box on one half of a double-letter index: looking half a letter to either side along the
    /// baseline finds the whole index when it is there, and changes nothing when it is not.
    @Test func aLetterReadOnHalfOfADoubleIndexBecomesTheDoubleCard() throws {
        // Upright at (100, 50), letters 20 px: the whole TH index is 10 px to the right.
        var looked: [Point] = []
        let th = try CardReader.wholeIndex(of: Card("t")!, probability: 0.6, center: Point(100, 50), angle: 0, size: 20) { at, size in
            #expect(size == 20, "without `wider`, every look is at the box's size")
            looked.append(at)
            return at.x > 100 ? probabilities("th", 0.9) : probabilities("t", 0.5)
        }
        #expect(th.card == Card("th")! && th.p == 0.9)
        #expect(looked == [Point(90, 50), Point(110, 50)])
        // Turned a quarter: half a letter along the baseline is down the frame.
        _ = try CardReader.wholeIndex(of: Card("q")!, probability: 0.6, center: Point(100, 50), angle: .pi / 2, size: 20) { at, _ in
            #expect(abs(at.x - 100) < 1e-3 && abs(abs(at.y - 50) - 10) < 1e-3)
            return probabilities("q", 0.7)
        }
        // A plain T stays a T when no double index is there, and a letter in no double card is
        // not looked at again.
        let t = try CardReader.wholeIndex(of: Card("t")!, probability: 0.8, center: Point(100, 50), angle: 0, size: 20) { _, _ in probabilities("th", 0.3) }
        #expect(t.card == Card("t")!)
        var asked = false
        let b = try CardReader.wholeIndex(of: Card("b")!, probability: 0.4, center: Point(100, 50), angle: 0, size: 20) { _, _ in asked = true; return probabilities("b", 0.9) }
        #expect(b.card == Card("b")! && !asked)
    }

    /// A box on one letter of a large double index, smaller than the index's letters: at its own
    /// size half a letter over the crop cuts the other letter and reads the double weakly; a
    /// still picture's read also looks wider there and finds it, a live one does not.
    @Test func aStillReadLooksWiderForTheWholeDoubleIndex() throws {
        // A U read 0.66 at (100, 50) in a box of 40 px; the whole QU index is to its left, and
        // reads surely only in a crop wider than the box.
        var sizes: [Float] = []
        func read(wider: Bool) throws -> (card: Card, p: Float) {
            try CardReader.wholeIndex(of: Card("u")!, probability: 0.66, center: Point(100, 50), angle: 0, size: 40, wider: wider) { at, size in
                sizes.append(size)
                guard at.x < 100 else { return probabilities("u", 0.7) }
                return size > 40 ? probabilities("qu", 0.97) : probabilities("qu", 0.44)
            }
        }
        let live = try read(wider: false)
        #expect(live.card == Card("u")! && sizes == [40, 40])
        sizes = []
        let still = try read(wider: true)
        #expect(still.card == Card("qu")! && still.p == 0.97, "the whole QU, read wider")
        #expect(sizes == [40, 40 * CardReader.wholeIndexWider, 40, 40 * CardReader.wholeIndexWider])
    }
}

/// Class probabilities with `p` on one kind and the rest shared evenly.
private func probabilities(_ card: String, _ p: Float) -> [Float] {
    var v = [Float](repeating: (1 - p) / Float(DetectorModel.classCount - 1), count: DetectorModel.classCount)
    v[Card(card)!.index] = p
    return v
}

extension Array {
    /// A fixed reordering, so the input order cannot carry the answer.
    func shuffledByHalves() -> [Element] { Array(self[(count / 2)...].reversed() + self[..<(count / 2)]) }
}
