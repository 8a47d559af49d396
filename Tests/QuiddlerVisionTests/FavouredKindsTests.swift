import QuiddlerGame
import QuiddlerRandom
@testable import QuiddlerSynthesis
import QuiddlerTestSupport
import QuiddlerTraining
import Testing

/// Training can draw the kinds the reader reads least well more often (`quiddler train --favour`).
@Suite struct FavouredKindsTests {
    static func share(of kind: Card, _ generator: SceneGenerator, draws: Int = 20_000) -> Double {
        var rng = SeededGenerator(seed: 5)
        var hits = 0
        for _ in 0..<draws where generator.randomCard(&rng) == kind { hits += 1 }
        return Double(hits) / Double(draws)
    }

    /// Half the draws take any kind alike and half follow the deck's counts; a favoured kind's
    /// weight raises its share of the first half only, and the other kinds keep theirs between them.
    @Test func aFavouredKindIsDrawnAsOftenAsItsWeightSays() throws {
        let i = try #require(Card("i")), e = try #require(Card("e"))
        let plain = SceneGenerator(art: TestArt.drawn), favoured = SceneGenerator(art: TestArt.drawn, favoured: [i: 4])
        func expected(_ c: Card, weight: Double, total: Double) -> Double { 0.5 * weight / total + 0.5 * Double(c.copies) / Double(Card.deckSize) }
        #expect(abs(Self.share(of: i, plain) - expected(i, weight: 1, total: 31)) < 0.01)
        #expect(abs(Self.share(of: i, favoured) - expected(i, weight: 4, total: 34)) < 0.01)
        #expect(abs(Self.share(of: e, favoured) - expected(e, weight: 1, total: 34)) < 0.01)
        #expect(Self.share(of: i, favoured) > Self.share(of: i, plain) + 0.03)
    }

    /// No kind favoured draws as the generator always drew: the validation's scenes, and every
    /// model trained before, are unchanged.
    @Test func noFavourDrawsAsBefore() {
        var a = SeededGenerator(seed: 9), b = SeededGenerator(seed: 9)
        let plain = SceneGenerator(art: TestArt.drawn), none = SceneGenerator(art: TestArt.drawn, favoured: [:])
        var rng = SeededGenerator(seed: 9)
        let uniformOrDeck: [Card] = (0..<500).map { _ in
            // The rule as written before favouring was possible.
            if rng.nextFloat() < 0.5 { return Card.all[Int(rng.next() % UInt64(Card.kindCount))] }
            var r = Int(rng.next() % UInt64(Card.deckSize))
            for c in Card.all { r -= c.copies; if r < 0 { return c } }
            return Card.all[0]
        }
        #expect((0..<500).map { _ in plain.randomCard(&a) } == uniformOrDeck)
        #expect((0..<500).map { _ in none.randomCard(&b) } == uniformOrDeck)
    }

    /// `--favour`'s pairs are read into weights and written back the same; a pair that cannot be
    /// read is named; the model's metadata records the weights and the command that gives them.
    @Test func theFavourArgumentIsReadCheckedAndRecorded() throws {
        let i = try #require(Card("i")), b = try #require(Card("b"))
        #expect(try ModelMetadata.favoured("i=3,b=2.5") == [i: 3, b: 2.5])
        #expect(try ModelMetadata.favoured(" i = 3 ") == [i: 3])
        #expect(ModelMetadata.favourArgument([i: 3, b: 2.5]) == "b=2.5,i=3")
        #expect(try ModelMetadata.favoured(ModelMetadata.favourArgument([i: 3, b: 2.5])) == [i: 3, b: 2.5])
        for bad in ["zz=2", "i=0", "i=-1", "i=11", "i=nan", "i=2,i=3", "i", "", "i=3,"] {
            #expect(throws: ModelMetadata.FavourError.self, "\(bad)") { try ModelMetadata.favoured(bad) }
        }
        #expect(throws: ModelMetadata.FavourError(pair: "zz=2")) { try ModelMetadata.favoured("i=2,zz=2") }
        var hyper = Hyperparameters()
        let plain = try #require(ModelMetadata(hyper: hyper).training)
        #expect(!plain.command.contains("--favour") && plain.favoured == nil)
        hyper.favoured = [i: 3, b: 2.5]
        let training = try #require(ModelMetadata(hyper: hyper).training)
        #expect(training.command.hasSuffix(" --favour b=2.5,i=3"))
        #expect(training.favoured == ["i": 3, "b": 2.5])
    }
}
