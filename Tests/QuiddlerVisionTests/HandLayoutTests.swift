import Foundation
import QuiddlerGame
import QuiddlerImage
import QuiddlerRandom
import QuiddlerReader
import QuiddlerSynthesis
import QuiddlerTestSupport
import QuiddlerTraining
import Testing

/// The discard lying apart is told from the fan by the cards' places alone.
@Suite struct HandLayoutTests {
    /// A fan of `n` cards (letters 20 px, cards 200 px tall) turned about a pivot below it, as a
    /// hand holds it, centred at (400, 300).
    static func fan(_ n: Int) -> [(center: Point, cardCenter: Point, size: Float)] {
        (0..<n).map { k in
            let a = (Float(k) - Float(n - 1) / 2) * 0.12
            let pivot = Point(400, 500)
            let card = Point(pivot.x + 200 * sinf(a), pivot.y - 200 * cosf(a))
            // The index sits up and left of the card's centre, turned with the card.
            let u: Float = -45, v: Float = -80
            return (Point(card.x + u * cosf(a) - v * sinf(a), card.y + u * sinf(a) + v * cosf(a)), card, 20)
        }
    }

    static func lone(at p: Point, size: Float = 20) -> (center: Point, cardCenter: Point, size: Float) {
        (Point(p.x - 4 * size, p.y - 8 * size), p, size)
    }

    @Test(arguments: [3, 6, 10])
    func aCardLyingClearOfTheFanIsTheDiscard(cards: Int) {
        var items = Self.fan(cards)
        items.insert(Self.lone(at: Point(750, 420)), at: 1)
        let (hand, discard) = HandLayout.separate(items)
        #expect(discard == 1)
        #expect(hand == [0] + Array(2...cards), "the hand keeps its order without the discard")
    }

    @Test func aFanAloneHasNoDiscard() {
        let (hand, discard) = HandLayout.separate(Self.fan(7))
        #expect(discard == nil && hand == Array(0..<7))
    }

    @Test func twoLoneCardsOrOneTouchingTheFanAreNoDiscard() {
        // Two cards apart: which is the discard is not clear, so neither is taken.
        let two = Self.fan(5) + [Self.lone(at: Point(750, 420)), Self.lone(at: Point(60, 420))]
        #expect(HandLayout.separate(two).discard == nil)
        // A card whose centre is half a card from the fan's end belongs with the fan.
        let touching = Self.fan(5) + [Self.lone(at: Point(560, 330))]
        #expect(HandLayout.separate(touching).discard == nil)
        // A discard a little over a card from the fan, shown much smaller (further from the
        // camera, on the table below a held fan), is still apart.
        let below = Self.fan(5) + [Self.lone(at: Point(420, 760), size: 12)]
        #expect(HandLayout.separate(below).discard == 5)
    }

    @Test func onSyntheticFramesTheDiscardLyingApartIsFoundAndAFanAloneKeepsEveryCard() {
        let generator = SceneGenerator(art: TestArt.drawn)
        let summary = Evaluation.discard(reader: nil, generator: generator, scenes: 40, seed: 99)
        #expect(summary.apart >= 10, "too few frames with a discard apart to judge: \(summary.apart)")
        #expect(summary.foundFromLabels == summary.apart, "found \(summary.foundFromLabels) of \(summary.apart)")
        #expect(summary.fansAlone == 20 && summary.falseFromLabels == 0)
    }

    /// A discard turned its own way can turn the whole reading around; the hand, read on its
    /// own, then runs the right way again.
    @Test func aHandReadBackwardsBecauseOfTheDiscardIsPutRight() {
        let fan = Self.fan(4).enumerated().map { i, f in
            Detection(card: Card.all[i], confidence: 0.9, center: f.center, size: f.size, angle: 0, cardCenter: f.cardCenter, classProbability: 0.9)
        }
        let lone = Self.lone(at: Point(750, 420))
        let discard = Detection(card: Card("z")!, confidence: 0.9, center: lone.center, size: 20, angle: 0.3, cardCenter: lone.cardCenter, classProbability: 0.9)
        let backwards = HandLayout.separate([discard] + fan.reversed())
        #expect(backwards.hand.map(\.card) == fan.map(\.card) && backwards.discard?.card == discard.card)
        // Any other order is the reader's to keep.
        let shuffled = [fan[1], fan[0], fan[2], fan[3]]
        #expect(HandLayout.separate(shuffled + [discard]).hand.map(\.card) == shuffled.map(\.card))
    }
}

