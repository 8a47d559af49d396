import QuiddlerGame
import QuiddlerRandom
import QuiddlerTestSupport
import QuiddlerImage
import QuiddlerReader
import QuiddlerSynthesis
import QuiddlerTraining
import Testing

/// The generator's layouts: what each one puts on the table, and that its labels are true.
@Suite struct LayoutTests {
    let generator = SceneGenerator(art: TestArt.drawn)

    func scene(_ layout: SceneGenerator.Layout, seed: UInt64, width: Int = 640, height: Int = 480) -> Scene {
        var rng = SeededGenerator(seed: seed)
        return generator.render(SceneGenerator.Request(layout: layout, clean: true), width: width, height: height, rng: &rng)
    }

    @Test(arguments: SceneGenerator.Layout.allCases)
    func everyLayoutShowsIndicesWhereTheLettersAre(layout: SceneGenerator.Layout) {
        for seed in UInt64(0)..<4 {
            let s = scene(layout, seed: 300 + seed)
            #expect(s.layout == layout)
            let visible = s.indices.filter { $0.visibility == .visible }
            #expect(!visible.isEmpty, "\(layout) seed \(seed) shows no index")
            for l in visible where l.center.x > 8 && l.center.y > 8 && l.center.x < 632 && l.center.y < 472 {
                let patch = s.image.crop(center: l.center, angle: l.angle, scale: l.size * 1.2 / 16, width: 16, height: 16).gray
                let dark = patch.pixels.filter { $0 < 100 }.count, light = patch.pixels.filter { $0 > 160 }.count
                #expect(dark > 4 && light > 16, "\(layout) \(l.card) at \(l.center): dark \(dark) light \(light)")
            }
        }
    }

    @Test func wordsShowEveryCardsIndexSideBySide() {
        // In a row, each card covers the one before but for its index strip: nearly every card of
        // the layout shows an index whole, and neighbours' indices sit about two letters apart.
        var shownShare: [Float] = []
        for seed in UInt64(0)..<8 {
            let s = scene(.words, seed: 500 + seed)
            let shown = Set(s.indices.filter { $0.visibility == .visible }.map(\.cardID))
            shownShare.append(Float(shown.count) / Float(s.cards.count))
            #expect(s.cards.count >= 2)
        }
        let mean = shownShare.reduce(0, +) / Float(shownShare.count)
        #expect(mean > 0.85, "only \(mean) of the cards laid down as words show an index")
    }

    @Test func pilesAreManySmallCards() {
        for seed in UInt64(0)..<4 {
            let s = scene(.piles, seed: 700 + seed)
            let piles = Set(s.indices.filter { $0.visibility == .visible }.map(\.cardID))
            #expect(piles.count >= 4, "seed \(seed): \(piles.count) piles show an index")
            for p in s.cards { #expect(p.height <= 480 / 2) }
        }
    }

    @Test func tableFansLieAtAnyRotation() {
        var upsideDown = 0
        for seed in UInt64(0)..<24 {
            let s = scene(.tableFan, seed: 900 + seed)
            let mean = s.cards.map(\.angle).reduce(0, +) / Float(s.cards.count)
            if abs(normalizedAngle(mean)) > 2 { upsideDown += 1 }
        }
        #expect(upsideDown >= 2, "no fan lay upside down in 24 scenes")
    }

    @Test func absoluteLetterSizesAreKept() {
        var rng = SeededGenerator(seed: 3)
        var request = SceneGenerator.Request(layout: .single, clean: true)
        request.indexPixels = 100...110
        let s = generator.render(request, width: 2016, height: 1512, rng: &rng)
        for l in s.indices { #expect(l.size >= 99 && l.size <= 111, "\(l.size)") }
    }

    @Test(arguments: 3...10)
    func theDemoShowsEveryCardWhole(cards n: Int) {
        var rng = SeededGenerator(seed: UInt64(40 + n))
        let hand = Array(CardCounts.deck.cards.shuffled(using: &rng).prefix(n))
        let s = generator.demo(hand: hand, discard: Card("qu")!, rng: &rng)
        #expect(s.handCards == hand)
        let whole = Evaluation.mustReadCards(s)
        #expect(whole.count == n + 1, "\(n)-card demo: only \(whole.count) of \(n + 1) cards show an index whole")
    }

    @Test func validationCoversEveryLayoutAndSize() {
        var rng = SeededGenerator(seed: 4242)
        var layouts = Set<SceneGenerator.Layout>(), widths = Set<Int>()
        for i in 0..<60 {
            let (request, w, _) = Evaluation.validationScene(i, rng: &rng)
            layouts.insert(request.layout!)
            widths.insert(w)
            #expect(request.indexPixels!.lowerBound == 10)
        }
        #expect(layouts.count == SceneGenerator.Layout.allCases.count)
        #expect(widths.contains(320) && widths.contains(4032))
    }

    /// `eval --size`: every scene at one frame size, letters up to the most that frame fits, and
    /// otherwise the same scenes (the same draws from the generator).
    @Test func validationAtOneFrameSizeDrawsTheSameScenes() {
        var mixed = SeededGenerator(seed: 4242), fixed = SeededGenerator(seed: 4242)
        for i in 0..<30 {
            let (a, aw, _) = Evaluation.validationScene(i, rng: &mixed)
            let (b, bw, bh) = Evaluation.validationScene(i, rng: &fixed, frame: (4032, 3024))
            #expect(bw == 4032 && bh == 3024)
            #expect(b.layout == a.layout)
            #expect(b.indexPixels == 10...150)
            if aw == 320 { #expect(a.indexPixels!.upperBound < 150) }
        }
        #expect(mixed.next() == fixed.next())
    }

    /// `eval --backlit` and `--overexposed`: the shares asked for are the scene's own chances of
    /// being drawn backlit and overexposed.
    @Test(arguments: [(0, 0), (0.3, 1), (1, 0.25)] as [(Float, Float)])
    func validationScenesCarryTheLightingShares(backlit: Float, overexposed: Float) {
        var rng = SeededGenerator(seed: 4242)
        for i in 0..<6 {
            let (request, _, _) = Evaluation.validationScene(i, rng: &rng, backlit: backlit, overexposed: overexposed)
            #expect(request.backlitChance == backlit && request.overexposedChance == overexposed)
        }
    }
}
