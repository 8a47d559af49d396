import Foundation
import QuiddlerGame
import QuiddlerRandom
import QuiddlerTestSupport
import Testing

@Suite struct SolverTests {
    func solver(_ words: [String]) throws -> Solver { Solver(trie: Trie(try WordList(words))) }

    @Test func doubleLetterCardsSpellAnySplit() throws {
        let s = try solver(["inquiring"])
        for hand in ["in/qu/i/r/in/g", "i/n/q/u/i/r/i/n/g", "in/q/u/i/r/i/n/g"] {
            let split = s.bestSplit(of: try CardParser.cards(hand))
            #expect(split.words.map(\.word) == ["inquiring"], "\(hand)")
            #expect(split.goingOut)
        }
    }

    @Test func aWordNeedsTwoCards() throws {
        let s = try solver(["in", "th"])
        let split = s.bestSplit(of: try CardParser.cards("in/th/x"))
        #expect(split.words.isEmpty)
        #expect(split.score == -(7 + 9 + 12))
        let split2 = s.bestSplit(of: try CardParser.cards("i/n/x"))
        #expect(split2.words.map(\.word) == ["in"])
    }

    @Test func prefersGoingOutThenLongestWordThenMoreWords() throws {
        // "abed" (one 4-letter word) and "ab"+"ed" score the same; the longest word wins.
        let s = try solver(["abed", "ab", "ed"])
        let split = s.bestSplit(of: try CardParser.cards("a/b/e/d"))
        #expect(split.words.map(\.word) == ["abed"])
        // Same longest word: more words wins.
        let s2 = try solver(["abed", "oxit", "ox", "it"])
        let split2 = s2.bestSplit(of: try CardParser.cards("a/b/e/d/o/x/i/t"))
        #expect(split2.words.map(\.word).sorted() == ["abed", "it", "ox"])
        // Going out beats a higher-scoring hand that keeps a card: compare two takes.
        let s3 = try solver(["zo", "ab"])
        let (take, drop, _) = s3.bestTake(hand: try CardParser.cards("z/o/a/b"), discard: Card("x")!)
        #expect(drop == Card("x") && take.goingOut && take.score == 14 + 2 + 2 + 8)
    }

    @Test(arguments: 0..<40)
    func bestSplitMatchesBruteForce(seed: UInt64) throws {
        var rng = SeededGenerator(seed: 100 + seed)
        let hand = Fixtures.dealHand(3 + Int(seed % 5), &rng)
        let words = Fixtures.dictionary(for: hand, count: 30, &rng)
        let oracle = BruteForce(words: Set(words.filter { $0.count >= 2 }))
        let split = try solver(words).bestSplit(of: hand)
        #expect(oracle.isValid(split, of: hand))
        #expect(split.rank == oracle.bestRank(hand), "hand \(hand)")
    }

    @Test(arguments: 0..<25)
    func takeMatchesBruteForceOverEveryDrop(seed: UInt64) throws {
        var rng = SeededGenerator(seed: 500 + seed)
        let dealt = Fixtures.dealHand(4 + Int(seed % 3) + 1, &rng)
        let hand = Array(dealt.dropLast()), discard = dealt.last!
        let words = Fixtures.dictionary(for: dealt, count: 25, &rng)
        let oracle = BruteForce(words: Set(words.filter { $0.count >= 2 }))
        let (split, drop, keep) = try solver(words).bestTake(hand: hand, discard: discard)
        var after = hand + [discard]
        after.remove(at: after.firstIndex(of: drop)!)
        #expect(oracle.isValid(split, of: after))
        let bestOverDrops = Set(dealt).map { d -> (Int, Int, Int, Int) in
            var h = dealt
            h.remove(at: h.firstIndex(of: d)!)
            return oracle.bestRank(h)
        }.max { $0 < $1 }!
        #expect(split.rank == bestOverDrops)
        #expect(keep.rank == oracle.bestRank(hand))
    }

    @Test(arguments: 0..<8)
    func blindExpectationMatchesBruteForce(seed: UInt64) throws {
        var rng = SeededGenerator(seed: 900 + seed)
        let dealt = Fixtures.dealHand(4, &rng)
        let hand = Array(dealt.prefix(3)), discard = dealt[3]
        let words = Fixtures.dictionary(for: dealt, count: 40, &rng) + ["ax", "ox", "qi", "za", "ex", "jo"]
        let oracle = BruteForce(words: Set(words))
        let decision = try solver(words).decide(hand: hand, discard: discard)
        let unseen = CardCounts.deck - CardCounts(dealt)
        var total = 0, weighted = 0, out = 0
        for card in Card.all where unseen[card] > 0 {
            let four = hand + [card]
            let ranks = four.indices.map { i -> (Int, Int, Int, Int) in
                var h = four
                h.remove(at: i)
                return oracle.bestRank(h)
            }
            total += unseen[card]
            weighted += unseen[card] * ranks.map(\.0).max()!
            if ranks.contains(where: { $0.1 == 1 }) { out += unseen[card] }
        }
        #expect(abs(decision.blindExpected - Double(weighted) / Double(total)) < 1e-9)
        #expect(abs(decision.blindGoingOutChance - Double(out) / Double(total)) < 1e-9)
        #expect(decision.blindExpected >= Double(decision.keep.score))
    }

    @Test func recommendationFollowsTheNumbers() throws {
        var rng = SeededGenerator(seed: 42)
        let words = try String(contentsOfFile: TestPaths.dictionary, encoding: .utf8).split(separator: "\n").map(String.init)
        let s = try solver(words)
        for _ in 0..<20 {
            let dealt = Fixtures.dealHand(8, &rng)
            let d = try s.decide(hand: Array(dealt.prefix(7)), discard: dealt[7])
            if d.action == .takeDiscard {
                #expect(Double(d.take.score) >= d.blindExpected - 1e-9)
            } else {
                #expect(d.blindExpected >= Double(d.take.score) - 1e-9)
            }
        }
    }
}
