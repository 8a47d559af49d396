import QuiddlerGame
import QuiddlerNN
import QuiddlerPlatform
import QuiddlerRandom
import QuiddlerTestSupport
import QuiddlerImage
import QuiddlerReader
import QuiddlerSynthesis
@testable import QuiddlerTraining
import Testing

@Suite struct SceneTests {
    let generator = SceneGenerator(art: TestArt.drawn)

    /// A labelled top-left index (12-pixel letters unless `size` says otherwise).
    func index(_ kind: String, _ x: Float, _ y: Float, angle: Float = 0, size: Float = 12, card: Point, hidden: Bool = false, id: Int = 0) -> IndexLabel {
        IndexLabel(card: Card(kind)!, center: Point(x, y), angle: angle, size: size, cardCenter: card,
                   visibility: hidden ? .ignore : .visible, cardID: id, isBottomRight: false)
    }

    /// A detector output whose regression channels are exactly the targets' (heat left at 0).
    func outputOfTargets(_ t: DetectorHead.Targets) -> [Float] {
        let plane = t.gridWidth * t.gridHeight
        return [Float](repeating: 0, count: plane) + t.regression
    }

    @Test func drawnFacesHaveTheirIndexWhereTheLettersAre() throws {
        for card in [Card("a")!, Card("qu")!, Card("m")!] {
            let face = TestArt.drawn.face(card)
            #expect(face.image.width == 280 && face.image.height == 420)
            // The scan locator finds the drawn letters at the recorded box.
            let found = try #require(CardArt.locateIndexForTesting(face.image))
            #expect(abs(found.x0 - face.indexBox.x0) < 4 && abs(found.y0 - face.indexBox.y0) < 4)
            #expect(abs(found.x1 - face.indexBox.x1) < 6)
        }
    }

    @Test func sameSeedSameScene() {
        var a = SeededGenerator(seed: 9), b = SeededGenerator(seed: 9), c = SeededGenerator(seed: 10)
        let s1 = generator.render(width: 160, height: 120, rng: &a)
        let s2 = generator.render(width: 160, height: 120, rng: &b)
        let s3 = generator.render(width: 160, height: 120, rng: &c)
        #expect(s1.image == s2.image)
        #expect(s1.image != s3.image)
    }

    @Test(arguments: 0..<6)
    func labelsPointAtDarkLettersOnCards(seed: UInt64) {
        var rng = SeededGenerator(seed: 100 + seed)
        var request = SceneGenerator.Request(layout: .hand, clean: true)
        // Letters up to 56 in 640×480 (28 here) keep the fan's indices in the frame.
        request.indexSize = 11...56
        let scene = generator.render(request, width: 320, height: 240, rng: &rng)
        let visible = scene.indices.filter { $0.visibility == .visible }
        #expect(!visible.isEmpty)
        for l in visible {
            // Around a visible index there is dark ink and light card.
            let patch = scene.image.crop(center: l.center, angle: l.angle, scale: l.size * 1.2 / 16, width: 16, height: 16).gray
            let dark = patch.pixels.filter { $0 < 90 }.count, light = patch.pixels.filter { $0 > 170 }.count
            #expect(dark > 5 && light > 20, "\(l.card) at \(l.center): dark \(dark) light \(light)")
            #expect(l.size > 2.5 && l.size < 30)
        }
    }

    @Test func requestedHandIsDrawnLeftToRight() {
        var rng = SeededGenerator(seed: 5)
        let hand = try! CardParser.cards("q/u/i/z/th")
        let scene = generator.render(SceneGenerator.Request(hand: hand, discard: Card("x")), rng: &rng)
        #expect(scene.handCards == hand)
        #expect(scene.cards.contains { !$0.inHand && $0.card == Card("x") })
    }

    /// Detector pixels per output cell, so the targets' tests hold whatever the detector's stride.
    let s = Float(DetectorHead.stride)
    /// A grid of 40×24 cells.
    var gridInput: (width: Int, height: Int) { (40 * DetectorHead.stride, 24 * DetectorHead.stride) }

    @Test func targetsPeakAtVisibleIndices() {
        let label = index("a", 10.25 * s, 5.25 * s, size: 3 * s, card: Point(15 * s, 20 * s))
        let hidden = index("b", 25 * s, 15 * s, size: 3 * s, card: Point(30 * s, 30 * s), hidden: true, id: 1)
        let t = DetectorHead.Targets(labels: [label, hidden], inputWidth: gridInput.width, inputHeight: gridInput.height)
        #expect(t.gridWidth == 40 && t.gridHeight == 24 && t.count == 1)
        let cell = 5 * 40 + 10
        #expect(t.heat[cell] == 1)
        #expect(t.heat.filter { $0 == 1 }.count == 1)
        #expect(abs(t.regression[cell] - 0.25) < 1e-5 && abs(t.regression[t.heat.count + cell] - 0.25) < 1e-5)
        #expect(t.heatWeight[15 * 40 + 25] == 0)
        #expect(t.heatWeight[cell] == 1)
    }

    @Test func aPeakBesideTheCentreCellDecodesToTheSameIndex() {
        // Letters 3 cells tall centred in the cell (10, 5): the four side neighbours of the centre
        // cell are taught too (the diagonal ones' bump is under the floor), and each decodes back
        // to the label.
        let label = index("a", 10.25 * s, 5.25 * s, angle: 2.5, size: 3 * s, card: Point(15 * s, 20 * s))
        let t = DetectorHead.Targets(labels: [label], inputWidth: gridInput.width, inputHeight: gridInput.height)
        let plane = t.gridWidth * t.gridHeight
        let taught = (0..<plane).filter { t.regressionWeight[$0] > 0 }
        #expect(Set(taught) == [5 * 40 + 10, 4 * 40 + 10, 6 * 40 + 10, 5 * 40 + 9, 5 * 40 + 11])
        // The index's cells share one unit of weight per channel, the centre cell most.
        let total = taught.reduce(Float(0)) { $0 + t.regressionWeight[$1] }
        #expect(abs(total - 1) < 1e-5)
        #expect(taught.allSatisfy { t.regressionWeight[$0] <= t.regressionWeight[5 * 40 + 10] })
        outputOfTargets(t).withUnsafeBufferPointer { out in
            for cell in taught {
                let d = DetectorHead.decode(out, x: cell % 40, y: cell / 40, gridWidth: 40, gridHeight: 24)!
                #expect(abs(d.center.x - 10.25 * s) < 1e-4 && abs(d.center.y - 5.25 * s) < 1e-4)
                #expect(abs(d.size - 3 * s) < 1e-3 && abs(d.angle - 2.5) < 1e-4)
                #expect(abs(d.cardCenter.x - 15 * s) < 1e-3 && abs(d.cardCenter.y - 20 * s) < 1e-3)
            }
        }
    }

    @Test func aCellBetweenTwoIndicesBelongsToTheNearer() {
        // Two indices in neighbouring cells (10 and 11): each centre cell is also the other's
        // neighbour, and is taught the index whose bump is higher there, its own.
        let left = index("a", 10.25 * s, 5.25 * s, size: 3 * s, card: Point(15 * s, 20 * s))
        let right = index("b", 11.75 * s, 5.25 * s, size: 3 * s, card: Point(17.5 * s, 20 * s), id: 1)
        let t = DetectorHead.Targets(labels: [left, right], inputWidth: gridInput.width, inputHeight: gridInput.height)
        let centres: [Float] = outputOfTargets(t).withUnsafeBufferPointer { out in
            (9...12).map { x in DetectorHead.decode(out, x: x, y: 5, gridWidth: 40, gridHeight: 24)!.center.x }
        }
        #expect(centres.map { abs($0 - 10.25 * s) < 1e-4 } == [true, true, false, false])
        #expect(centres.map { abs($0 - 11.75 * s) < 1e-4 } == [false, false, true, true])
    }

    /// 100 reject spots drawn around a "k" and a "qu" index (letters 20 px tall, at (300, 200),
    /// turned by `angle`), each in the index's own frame: letters' heights along its baseline and
    /// down across it, the spot's angle less the index's, its size; with the letters' half width.
    func spotsAroundIndices(angle: Float, seed: UInt64, draw: (IndexLabel, inout SeededGenerator) -> (center: Point, angle: Float, size: Float))
        -> [(halfWidth: Float, spots: [(along: Float, down: Float, turn: Float, size: Float)])] {
        var rng = SeededGenerator(seed: seed)
        return ["k", "qu"].map { kind in
            let label = index(kind, 300, 200, angle: angle, size: 20, card: Point(300, 300))
            let spots = (0..<100).map { _ in
                let spot = draw(label, &rng)
                let dx = (spot.center.x - 300) / 20, dy = (spot.center.y - 200) / 20
                return (dx * cosf(angle) + dy * sinf(angle), -dx * sinf(angle) + dy * cosf(angle), remainderf(spot.angle - angle, 2 * .pi), spot.size)
            }
            return (0.4 * Float(kind.count), spots)
        }
    }

    @Test(arguments: [Float(0), .pi / 2, .pi, -2])
    func rejectsUnderAnIndexAreOnItsPointsOrTheBorderCurl(angle: Float) {
        // On the real cards the points sit 1.5 letters below the letters' centre under their left
        // edge, the border's curl 2.1 below; whichever way the index is turned.
        for (halfWidth, spots) in spotsAroundIndices(angle: angle, seed: 11, draw: TrainingData.underIndex) {
            for s in spots {
                #expect(s.down > 0.9 && s.down < 2.7)
                #expect(s.along > -halfWidth - 0.6 && s.along < 0.3)
                #expect(abs(s.turn) < 0.7)
                #expect(s.size >= 9 && s.size <= 22)
            }
        }
    }

    @Test(arguments: [Float(0), .pi / 2, .pi, -2])
    func rejectsBesideAnIndexLieAlongItsBaselinePastItsLetters(angle: Float) {
        // A fifth to four fifths of a letter past the first or last letter's edge (a letter is 0.8 of
        // its height wide), on the baseline, whichever way the index is turned: both sides drawn.
        for (halfWidth, spots) in spotsAroundIndices(angle: angle, seed: 12, draw: TrainingData.besideIndex) {
            for s in spots {
                #expect(abs(s.along) >= halfWidth + 0.2 - 1e-4 && abs(s.along) <= halfWidth + 0.8 + 1e-4)
                #expect(abs(s.down) < 0.75)
                #expect(abs(s.turn) < 0.6)
            }
            #expect(Set(spots.map { $0.along > 0 }) == [true, false])
        }
    }

    @Test func detectorLossIsLowForThePerfectOutputAndGradientsPointTheRightWay() {
        let label = index("a", 41, 21, angle: 0.3, card: Point(60, 80))
        let t = DetectorHead.Targets(labels: [label], inputWidth: 64, inputHeight: 32)
        let plane = t.gridWidth * t.gridHeight
        var perfect = [Float](repeating: -9, count: 8 * plane)
        for i in 0..<plane where t.heat[i] == 1 { perfect[i] = 9 }
        for i in 0..<(7 * plane) where t.regressionWeight[i] > 0 { perfect[plane + i] = t.regression[i] }
        let (good, _) = DetectorLossFunction.evaluate(output: perfect, targets: [t])
        let (bad, grad) = DetectorLossFunction.evaluate(output: [Float](repeating: 0, count: 8 * plane), targets: [t])
        #expect(good.total < 0.05)
        #expect(bad.total > 1)
        let peak = t.heat.firstIndex(of: 1)!
        #expect(grad[peak] < 0)  // raise the logit at the peak
    }
}

@Suite struct ReaderLogicTests {
    func det(_ c: String, _ x: Float, _ y: Float, angle: Float = 0, conf: Float = 0.9, card: Point? = nil) -> Detection {
        Detection(card: Card(c)!, confidence: conf, center: Point(x, y), size: 20, angle: angle,
                  cardCenter: card ?? Point(x + 40, y + 80), classProbability: conf)
    }

    @Test func mergesTheTwoIndicesOfOneCard() {
        let top = det("h", 100, 100, card: Point(150, 200))
        let bottom = det("h", 200, 300, angle: .pi, conf: 0.8, card: Point(152, 205))
        let other = det("h", 400, 100, card: Point(450, 200))
        let merged = CardReader.mergeCorners([bottom, top, other])
        #expect(merged.count == 2)
        #expect(merged.contains { $0.center == top.center })
    }

    @Test func twoReadsOfOneDoubleLetterIndexAreOneCard() {
        // A peak on the E of ER and one on its middle, 0.9 letters apart: one card. Two single
        // letters that far apart are two cards (a word laid down puts them about two apart).
        let er = [det("er", 100, 100), det("er", 118, 100, conf: 0.8)]
        #expect(CardReader.mergeCorners(er).count == 1)
        let pair = [det("e", 100, 100), det("e", 118, 100, conf: 0.8)]
        #expect(CardReader.mergeCorners(pair).count == 2)
    }

    @Test func theCardBeneathInAPileOfOneKindStaysACard() {
        // A pile of two H: the top card shows both indices; the top-left index of the card
        // beneath peeks out 1.5 letters to the right of the top card's. Whatever the order of
        // confidence, the top card's bottom index pairs with its own top index, the nearer to
        // where it predicts its twin, and the card beneath is a second card. The top card stands
        // at its top index: its bottom one and the index beneath could be one card's two.
        let top = det("h", 100, 100, conf: 0.7, card: Point(150, 200))
        let bottom = det("h", 200, 300, angle: .pi, conf: 0.9, card: Point(150, 200))
        let beneath = det("h", 130, 102, conf: 0.8, card: Point(180, 202))
        for order in [[top, bottom, beneath], [beneath, bottom, top], [bottom, beneath, top]] {
            let merged = CardReader.mergeCorners(order)
            #expect(merged.count == 2)
            #expect(merged.contains { $0.center == top.center && $0.twinCenter == bottom.center && $0.confidence == bottom.confidence })
            #expect(merged.contains { $0.center == beneath.center && $0.twinCenter == nil })
        }
        // A second read of the bottom index a few pixels off is a duplicate of it, not a third card.
        let far = det("h", 205, 302, angle: .pi, conf: 0.6, card: Point(155, 202))
        #expect(CardReader.mergeCorners([top, bottom, beneath, far]).count == 2)
    }

    @Test func aWeakReadCannotTakeACardsIndexFromItsTwin() {
        // A weak read of the kind where the twin is predicted (the big centre letter, a faint
        // peak) pairs better than the card's real other index (whose predicted centre is off:
        // 3.9 letters of fit against 0.7, more than their confidences make up), but strong reads
        // pair first.
        let top = det("t", 100, 100, card: Point(150, 200))
        let bottom = det("t", 260, 350, angle: .pi, conf: 0.8, card: Point(180, 225))
        let weak = det("t", 190, 290, angle: .pi, conf: 0.1, card: Point(145, 195))
        let merged = CardReader.mergeCorners([top, bottom, weak], strong: 0.3)
        #expect(merged.filter { $0.confidence >= 0.3 }.map(\.center) == [top.center])
        #expect(merged.first { $0.center == top.center }?.twinCenter == bottom.center)
        // Without the tiers, the weak read would have taken it and left the bottom index a card.
        #expect(CardReader.mergeCorners([top, bottom, weak]).filter { $0.confidence >= 0.3 }.count == 2)
    }

    @Test func aCardsOwnSureIndicesPairBeforeAPeekingIndexThatFitsAsWell() {
        // A pile of two H: the top card's two indices read surely (0.85 and 0.8), the bottom one
        // fitting 0.85 letters off; the bottom index of the card beneath peeks out beside it,
        // read less surely (0.55) but fitting 0.45 letters off. The sure pair is the top card.
        let top = det("h", 100, 100, conf: 0.85, card: Point(150, 200))
        let bottom = det("h", 212, 312, angle: .pi, conf: 0.8, card: Point(156, 206))
        let beneath = det("h", 196, 292, angle: .pi, conf: 0.55, card: Point(148, 196))
        #expect(CardReader.twinCost(top, beneath)! < CardReader.twinCost(top, bottom)!)
        for order in [[top, bottom, beneath], [beneath, top, bottom]] {
            let merged = CardReader.mergeCorners(order)
            #expect(merged.count == 2)
            // The top card stands at its bottom index, apart from the one beneath (both upside down).
            #expect(merged.contains { $0.center == bottom.center && $0.twinCenter == top.center && $0.confidence == top.confidence })
            #expect(merged.contains { $0.center == beneath.center && $0.twinCenter == nil })
        }
    }

    @Test func cardsPairedAcrossAPileOfOneKindStandOneAtEachCard() {
        // A pile of two H, the card beneath 1.2 letters left of and 0.6 below the top one, both
        // showing both indices. Every card centre the detector predicts is the pile's middle, so
        // the top card's bottom index fits the top index beneath perfectly (and the top card's
        // top index the bottom index beneath), better than its own: the pairs go across the
        // cards. Each pair is still one card, and each stands at an index of its own card.
        let pile = Point(140, 206)
        let top = det("h", 100, 100, conf: 0.84, card: pile), bottom = det("h", 200, 300, angle: .pi, conf: 0.86, card: pile)
        let beneath = det("h", 76, 112, conf: 0.77, card: pile), beneathBottom = det("h", 176, 312, angle: .pi, conf: 0.5, card: pile)
        #expect(CardReader.twinCost(bottom, beneath)! < CardReader.twinCost(top, bottom)!)
        #expect(CardReader.twinCost(top, beneathBottom)! < CardReader.twinCost(beneath, beneathBottom)!)
        for order in [[top, bottom, beneath, beneathBottom], [beneathBottom, beneath, bottom, top]] {
            let merged = CardReader.mergeCorners(order, strong: 0.3)
            #expect(merged.count == 2)
            #expect(merged.filter { [top.center, bottom.center].contains($0.center) }.count == 1)
            #expect(merged.filter { [beneath.center, beneathBottom.center].contains($0.center) }.count == 1)
            // Each card keeps the reading of the surer index of its pair.
            #expect(merged.map(\.confidence).sorted() == [0.84, 0.86])
            for (i, a) in merged.enumerated() { for b in merged[(i + 1)...] { #expect(CardReader.twinCost(a, b) == nil) } }
        }
    }

    @Test func readsOnEachHalfOfADoubleLetterIndexAreOneCard() {
        // A peak on each letter of TH, 1.1 letters apart, is one card; single letters that far
        // apart are two.
        #expect(CardReader.mergeCorners([det("th", 100, 100), det("th", 122, 100, conf: 0.8)]).count == 1)
        #expect(CardReader.mergeCorners([det("t", 100, 100), det("t", 122, 100, conf: 0.8)]).count == 2)
    }

    @Test(arguments: [Float(0), 0.9, .pi, -2])
    func twoDoubleIndicesOneAboveTheOtherInAPileAreTwoCards(angle: Float) {
        // In a pile of TH, the index of the card beneath peeks out 0.7 letters across the top
        // card's baseline and 0.4 along it: two cards, whichever way the pile is turned. The
        // same 0.8 letters along the baseline is one index read on each half.
        func at(along: Float, across: Float, conf: Float) -> Detection {
            let x = 100 + 20 * (along * cosf(angle) - across * sinf(angle)), y = 100 + 20 * (along * sinf(angle) + across * cosf(angle))
            return det("th", x, y, angle: angle, conf: conf, card: Point(x + 1000, y))
        }
        let top = at(along: 0, across: 0, conf: 0.9)
        #expect(CardReader.mergeCorners([top, at(along: 0.4, across: -0.7, conf: 0.8)]).count == 2)
        #expect(CardReader.mergeCorners([top, at(along: 0.8, across: 0, conf: 0.8)]).count == 1)
    }

    @Test func aDoubleIndexAndOneOfItsLettersCutByTheFramesEdgeAreOneCard() {
        // IN's top index read whole; its bottom one, upside down, its I (which would lie 14 px to
        // the right of the N) cut off by the frame's right edge, read as N (the surer read): one
        // card, IN. An N at the twin place of an H is another card, and so is an N there with the
        // edge further off (a neighbour's index, in a fan), or an N whose I would lie beside it
        // along the bottom edge, not beyond it.
        let top = det("in", 100, 100, conf: 0.7, card: Point(150, 200))
        let cut = det("n", 200, 300, angle: .pi, conf: 0.9, card: Point(152, 204))
        let merged = CardReader.mergeCorners([cut, top], frame: (215, 400))
        #expect(merged.map(\.card.name) == ["in"])
        #expect(merged.first?.twinCenter == cut.center)
        #expect(CardReader.mergeCorners([cut, det("h", 100, 100, card: Point(150, 200))], frame: (215, 400)).count == 2)
        #expect(CardReader.mergeCorners([cut, top], frame: (240, 400)).count == 2)
        #expect(CardReader.mergeCorners([cut, top], frame: (640, 310)).count == 2)
        #expect(CardReader.mergeCorners([cut, top]).count == 2)
        // The I of an IN, upside down at the left edge: its N would lie after it along the
        // baseline, beyond the edge. An N read there has its I inside the frame: not cut.
        let top2 = det("in", 100, 100, conf: 0.7, card: Point(59, 200))
        let cutI = det("i", 18, 300, angle: .pi, conf: 0.9, card: Point(59, 200))
        #expect(CardReader.mergeCorners([cutI, top2], frame: (640, 400)).map(\.card.name) == ["in"])
        #expect(CardReader.mergeCorners([det("n", 18, 300, angle: .pi, conf: 0.9, card: Point(59, 200)), top2], frame: (640, 400)).count == 2)
        // Both halves of a double are letters of it; two doubles, or two other letters, are not one card.
        #expect(CardReader.oneCard(Card("qu")!, Card("u")!) && CardReader.oneCard(Card("t")!, Card("th")!))
        #expect(!CardReader.oneCard(Card("in")!, Card("er")!) && !CardReader.oneCard(Card("i")!, Card("n")!) && !CardReader.oneCard(Card("cl")!, Card("e")!))
        // A card's own twin of one kind pairs first: the N beside stays a card.
        let bottom = det("in", 200, 300, angle: .pi, conf: 0.8, card: Point(150, 200))
        let beside = det("n", 215, 305, angle: .pi, conf: 0.9, card: Point(165, 205))
        #expect(CardReader.mergeCorners([beside, bottom, top], frame: (225, 400)).map(\.card.name).sorted() == ["in", "n"])
    }

    @Test func ordersAlongATiltedFan() {
        let a = det("a", 100, 200, angle: 0.5), b = det("b", 140, 230, angle: 0.5), c = det("c", 180, 255, angle: 0.5)
        #expect(CardReader.orderAlongFan([c, a, b]).map(\.card.name) == ["a", "b", "c"])
    }

    @Test func alignmentCountsMatchesAndConfusions() {
        let cards = { (s: String) in try! CardParser.cards(s) }
        let r = Evaluation.score(expected: cards("d e i a n"), read: cards("d e l a n n"))
        #expect(r.correct == 4)
        #expect(r.confusions.count == 1 && r.confusions[0].0 == Card("i") && r.confusions[0].1 == Card("l"))
        #expect(r.duplicates == 1)
    }

    /// A photo that cannot be loaded is an error for the caller to report, not a photo with no
    /// cards read (which would quietly lower the score).
    @Test func aPhotoThatCannotBeLoadedStopsTheEvaluation() throws {
        struct Unreadable: Error {}
        let network = { (spec: NetworkSpec, h: Int, w: Int) in try InferenceNetwork(Network(spec: spec, height: h, width: w, seed: 1)) }
        let reader = CardReader(detector: try network(DetectorModel.detector(), 240, 320), classifier: try network(DetectorModel.classifier(), 32, 32))
        let photos = [PhotoLabels(name: "a.jpg", cards: try CardParser.cards("a b")), PhotoLabels(name: "b.jpg", cards: try CardParser.cards("c"))]
        #expect(throws: Unreadable.self) {
            try Evaluation.photos(reader: reader, photos: photos, hint: false) { p in
                if p.name == "b.jpg" { throw Unreadable() }
                return RGBImage(width: 320, height: 240, fill: RGB(200, 200, 200))
            }
        }
        let loaded = try Evaluation.photos(reader: reader, photos: photos, hint: false) { _ in RGBImage(width: 320, height: 240, fill: RGB(200, 200, 200)) }
        #expect(loaded.results.map(\.name) == ["a.jpg", "b.jpg"])
    }

    /// A read on a pile's top card, nearer the hidden index of the card beneath than its own, is
    /// the top card's: the letters that show are the ones read.
    @Test func aReadOnAPileIsTheCardThatShowsNotTheOneBeneath() throws {
        var rng = SeededGenerator(seed: 23)
        var request = SceneGenerator.Request(layout: .hand, hand: try CardParser.cards("c l o u d s"), clean: true)
        request.indexSize = 24...32
        var scene = SceneGenerator(art: TestArt.drawn).render(request, rng: &rng)
        let top = try #require(scene.indices.first { Evaluation.mustBeRead($0, in: scene) })
        // A card beneath, of another kind, its index hidden a third of a letter from the top card's.
        let other = Card.all.first { $0 != top.card }!
        let beneath = IndexLabel(card: other, center: Point(top.center.x + 0.3 * top.size, top.center.y), angle: top.angle, size: top.size,
                                 cardCenter: top.cardCenter, visibility: .ignore, cardID: scene.cards.count, isBottomRight: false)
        scene.indices.append(beneath)
        let read = Point(top.center.x + 0.2 * top.size, top.center.y)
        #expect(Evaluation.label(at: read, in: scene)?.cardID == top.cardID)
        // With nothing showing there, the hidden index is still where the read is.
        scene.indices.removeAll { $0.cardID == top.cardID }
        #expect(Evaluation.label(at: read, in: scene)?.cardID == beneath.cardID)
    }

    /// A crop where the detector proposes an index teaches the kind of the index it sits on, at
    /// the angle it reads upright (the detector's, or half a turn from it), and reject where no
    /// index is; a box at a slant, of another size, or between the two teaches nothing.
    @Test func aProposalTeachesTheKindItSitsOnOrReject() throws {
        var rng = SeededGenerator(seed: 29)
        var request = SceneGenerator.Request(layout: .hand, hand: try CardParser.cards("qu a r t z"), clean: true)
        request.indexSize = 24...32
        let scene = SceneGenerator(art: TestArt.drawn).render(request, rng: &rng)
        let showing = scene.indices.filter { Evaluation.mustBeRead($0, in: scene) }
        try #require(showing.count >= 3)
        for l in showing {
            func proposal(along: Float = 0.2, turn: Float, size: Float = 1) -> IndexCandidate {
                let at = Point(l.center.x + along * l.size * cosf(l.angle), l.center.y + along * l.size * sinf(l.angle))
                return IndexCandidate(heat: 0.7, center: at, size: size * l.size, angle: l.angle + turn, cardCenter: l.cardCenter)
            }
            let upright = try #require(TrainingData.proposalLabel(proposal(turn: 0.3), in: scene))
            #expect(upright.label == l.card.index && abs(normalizedAngle(upright.angle - l.angle - 0.3)) < 1e-4)
            let turned = try #require(TrainingData.proposalLabel(proposal(turn: .pi - 0.2), in: scene))
            #expect(turned.label == l.card.index && abs(normalizedAngle(turned.angle - l.angle + 0.2)) < 1e-4)
            #expect(TrainingData.proposalLabel(proposal(turn: 1.2), in: scene) == nil)
            #expect(TrainingData.proposalLabel(proposal(turn: 0, size: 2.2), in: scene) == nil)
        }
        // Where no index is within 1.2 letters, reject; between 0.7 and 1.2 letters, nothing.
        func nearest(_ p: Point) -> Float { scene.indices.map { hypotf($0.center.x - p.x, $0.center.y - p.y) / $0.size }.min() ?? .infinity }
        let grid = stride(from: Float(4), to: Float(scene.image.height), by: 6).flatMap { y in
            stride(from: Float(4), to: Float(scene.image.width), by: 6).map { Point($0, y) }
        }
        let far = try #require(grid.first { nearest($0) > 2 })
        let away = TrainingData.proposalLabel(IndexCandidate(heat: 0.5, center: far, size: 12, angle: 0.4, cardCenter: far), in: scene)
        #expect(away?.label == DetectorModel.rejectClass && away?.angle == 0.4)
        let l = showing[0]
        let beside = Point(l.center.x, l.center.y + 0.95 * l.size)
        try #require(nearest(beside) > 0.7)
        #expect(TrainingData.proposalLabel(IndexCandidate(heat: 0.5, center: beside, size: l.size, angle: l.angle, cardCenter: beside), in: scene) == nil)
    }

    @Test func syntheticReadsAreScoredByPlace() throws {
        var rng = SeededGenerator(seed: 23)
        var request = SceneGenerator.Request(layout: .hand, hand: try CardParser.cards("c l o u d s"), clean: true)
        request.indexSize = 24...32
        let scene = SceneGenerator(art: TestArt.drawn).render(request, rng: &rng)
        let visible = scene.indices.filter { $0.visibility == .visible }
        let mustRead = Set(visible.map(\.cardID)).sorted()
        try #require(mustRead.count >= 3)
        func read(_ l: IndexLabel, as card: Card) -> Detection {
            Detection(card: card, confidence: 0.9, center: Point(l.center.x + 0.1 * l.size, l.center.y), size: l.size,
                      angle: l.angle, cardCenter: l.cardCenter, classProbability: 0.9)
        }
        let first = visible.first { $0.cardID == mustRead[0] }!, second = visible.first { $0.cardID == mustRead[1] }!
        let other = Card.all.first { $0 != second.card }!
        var detections = mustRead.dropFirst(2).map { id in read(visible.first { $0.cardID == id }!, as: scene.cards[id].card) }
        detections.append(read(first, as: first.card))
        detections.append(read(first, as: first.card))   // the same card twice
        detections.append(read(second, as: other))       // a misread
        detections.append(Detection(card: other, confidence: 0.5, center: Point(-500, -500), size: 20, angle: 0,
                                    cardCenter: Point(-500, -400), classProbability: 0.5))   // where no index is
        // A partly hidden card, read wrong, counts neither way, but is listed apart.
        let hidden = scene.indices.first(where: { l in l.visibility == .ignore && !mustRead.contains(l.cardID) })
        if let hidden { detections.append(read(hidden, as: Card.all.first { $0 != hidden.card }!)) }
        let r = Evaluation.score(name: "s", scene: scene, detections: detections)
        if let hidden {
            #expect(r.partlyHiddenReads == [PartlyHiddenRead(card: hidden.card, read: Card.all.first { $0 != hidden.card }!, sure: true)])
        } else {
            #expect(r.partlyHiddenReads.isEmpty)
        }
        #expect(r.expected.count == mustRead.count)
        #expect(r.correct == mustRead.count - 1)
        #expect(r.duplicates == 1)
        #expect(r.wrong == 3)
        #expect(r.confusions.count == 1 && r.confusions[0].0 == second.card && r.confusions[0].1 == other)
        #expect(!r.exact)
        let right = mustRead.map { id in read(visible.first { $0.cardID == id }!, as: scene.cards[id].card) }
        #expect(Evaluation.score(name: "s", scene: scene, detections: right).exact)
    }

    /// A read on a card whose every index is partly hidden is listed apart, with what was read
    /// and whether it was sure, and counts neither for nor against the reader.
    @Test func readsOfPartlyHiddenCardsAreListedApart() throws {
        var found: (Scene, IndexLabel)?
        for seed in 0..<40 where found == nil {
            var rng = SeededGenerator(seed: 300 + UInt64(seed))
            var request = SceneGenerator.Request(layout: .hand, hand: try CardParser.cards("b g o th qu cl er"), clean: true)
            request.indexSize = 20...28
            let scene = SceneGenerator(art: TestArt.drawn).render(request, rng: &rng)
            let mustRead = Set(scene.indices.filter { $0.visibility == .visible }.map(\.cardID))
            if let l = scene.indices.first(where: { $0.visibility == .ignore && !mustRead.contains($0.cardID) && $0.center.x > 0 && $0.center.y > 0 }) {
                found = (scene, l)
            }
        }
        let (scene, hidden) = try #require(found, "no fan of 40 hid an index in part")
        let other = Card.all.first { $0 != hidden.card }!
        func read(_ card: Card, sure: Bool) -> Detection {
            Detection(card: card, confidence: 0.7, center: hidden.center, size: hidden.size, angle: hidden.angle,
                      cardCenter: hidden.cardCenter, classProbability: 0.8, sure: sure)
        }
        let r = Evaluation.score(name: "s", scene: scene, detections: [read(other, sure: true), read(hidden.card, sure: false)])
        #expect(r.partlyHiddenReads == [PartlyHiddenRead(card: hidden.card, read: other, sure: true),
                                        PartlyHiddenRead(card: hidden.card, read: hidden.card, sure: false)])
        #expect(r.wrong == 0 && r.correct == 0)
        // Summed over results, the misreads are counted by the scene's layout.
        let summary = EvaluationSummary(results: [r, r])
        #expect(summary.partlyHiddenMisreadsByLayout.map(\.layout) == [.hand] && summary.partlyHiddenMisreadsByLayout.map(\.count) == [2])
    }

    @Test func backlitScenesPutTheCardsInShade() {
        var request = SceneGenerator.Request(layout: .hand)
        request.backlitChance = 1
        var darker = 0
        for seed in 0..<4 {
            var rng = SeededGenerator(seed: 40 + UInt64(seed))
            let scene = SceneGenerator(art: TestArt.drawn).render(request, width: 320, height: 240, rng: &rng)
            // Compare the paper at the cards' centres with the frame's corners.
            let g = scene.image.gray
            func lum(_ x: Float, _ y: Float) -> Float { Float(g.pixels[min(239, max(0, Int(y))) * 320 + min(319, max(0, Int(x)))]) }
            let card: [Float] = scene.cards.map { lum($0.center.x, $0.center.y) }
            let corners: [Float] = [lum(0, 0), lum(319, 0), lum(0, 239), lum(319, 239)]
            let cornerMean = corners.reduce(0, +) / 4
            if card.reduce(0, +) / Float(card.count) < cornerMean { darker += 1 }
        }
        #expect(darker >= 3)
    }

    @Test func overexposedScenesAreBrighterAndClipped() {
        var request = SceneGenerator.Request(layout: .hand)
        var means: [[Float]] = [[], []], clipped: [[Int]] = [[], []]
        for (k, chance) in [0, 1 as Float].enumerated() {
            request.overexposedChance = chance
            for seed in 0..<4 {
                var rng = SeededGenerator(seed: 60 + UInt64(seed))
                let g = SceneGenerator(art: TestArt.drawn).render(request, width: 320, height: 240, rng: &rng).image.gray
                means[k].append(Float(g.pixels.reduce(0) { $0 + Int($1) }) / Float(g.pixels.count))
                clipped[k].append(g.pixels.filter { $0 >= 250 }.count)
            }
        }
        // The same scenes (the draw comes after the lighting), taken 1.2–2.5 times as long: a
        // tenth brighter at least, or all but white (a scene in full glare can go no further).
        #expect(zip(means[1], means[0]).allSatisfy { $0 > min(1.1 * $1, 250) }, "\(means)")
        #expect(zip(clipped[1], clipped[0]).allSatisfy { $0 > $1 }, "\(clipped)")
    }

    /// A clean hand of five drawn cards, large enough that every shown index reads.
    private func cleanHand(seed: UInt64) throws -> Scene {
        var rng = SeededGenerator(seed: seed)
        var request = SceneGenerator.Request(layout: .hand, hand: try CardParser.cards("b o x e s"), clean: true)
        request.indexSize = 24...32
        return SceneGenerator(art: TestArt.drawn).render(request, rng: &rng)
    }

    @Test func syntheticErrorsAreSplitIntoMissesAndMisreads() throws {
        let scene = try cleanHand(seed: 21)
        let visible = scene.indices.filter { $0.visibility == .visible }
        let shown = Set(visible.map(\.cardID)).sorted()
        try #require(shown.count >= 3)
        let expected = shown.map { scene.cards[$0].card }
        // The first shown card is read as another kind; the second is never proposed.
        let misreadID = shown[0], missedID = shown[1]
        let wrong = Card.all.first { !expected.contains($0) }!
        func at(_ id: Int, _ card: Card, confidence: Float = 0.9) -> Detection {
            let l = visible.first { $0.cardID == id }!
            return Detection(card: card, confidence: confidence, center: l.center, size: l.size, angle: l.angle, cardCenter: l.cardCenter, classProbability: confidence)
        }
        let detections = [at(misreadID, wrong)] + shown.dropFirst(2).map { at($0, scene.cards[$0].card) }
        let proposed = visible.filter { $0.cardID != missedID }.map { Point($0.center.x + 0.2 * $0.size, $0.center.y) }
        let why = Evaluation.missedCards(scene: scene, detections: detections, candidates: proposed)
        #expect(why.missed.map(\.cardID) == [missedID])
        #expect(why.misread.map(\.cardID) == [misreadID])
        // Why the misread card was misread, from its proposal's own reads before merging.
        func causes(_ reads: [Detection]) -> Evaluation.MisreadCauses { Evaluation.misreadCauses(why.misread, scene: scene, reads: reads, threshold: 0.3) }
        let kind = scene.cards[misreadID].card
        #expect(causes([at(misreadID, wrong), at(misreadID, kind)]) == Evaluation.MisreadCauses(merged: 1))
        #expect(causes([at(misreadID, wrong), at(misreadID, kind, confidence: 0.2)]) == Evaluation.MisreadCauses(underThreshold: 1))
        #expect(causes([at(misreadID, wrong)]) == Evaluation.MisreadCauses(otherKind: 1))
        // A read of its kind at another card's index (the hand's kinds all differ) is no read of it.
        #expect(causes([at(shown[2], kind)]) == Evaluation.MisreadCauses(otherKind: 1))
        var total = causes([at(misreadID, kind)])
        total += causes([at(misreadID, wrong)])
        #expect(total == Evaluation.MisreadCauses(merged: 1, otherKind: 1))
        // Read right, nothing to explain.
        let perfect = Evaluation.missedCards(scene: scene, detections: shown.map { at($0, scene.cards[$0].card) }, candidates: [])
        #expect(perfect.missed.isEmpty && perfect.misread.isEmpty)
    }

    @Test func boxFaultsNameThePartOfTheDetectorsBoxThatWasOff() throws {
        let scene = try cleanHand(seed: 22)
        let visible = scene.indices.filter { $0.visibility == .visible && Evaluation.mustBeRead($0, in: scene) }
        let l = try #require(visible.first), other = try #require(visible.first { $0.cardID != l.cardID })
        // The detector's box on the card's index: centre a quarter of a letter off, a third of a
        // radian askew (and the wrong way up, which the reader reads too), 1.4 times too large.
        func box(_ on: IndexLabel, turned: Bool = false) -> IndexCandidate {
            IndexCandidate(heat: 0.5, center: Point(on.center.x + 0.25 * on.size, on.center.y), size: 1.4 * on.size,
                           angle: normalizedAngle(on.angle + 0.33 + (turned ? .pi : 0)), cardCenter: on.cardCenter)
        }
        func faults(_ candidates: [IndexCandidate], _ reads: (Point, Float, Float) -> Bool) -> Evaluation.BoxFaults {
            Evaluation.boxFaults([l], scene: scene, candidates: candidates) { label, center, angle, size in
                label.cardID == l.cardID && reads(center, angle, size)
            }
        }
        let rightAngle = { (_: Point, a: Float, _: Float) in abs(normalizedAngle(a - l.angle)) < 0.1 }
        let rightCenter = { (c: Point, _: Float, _: Float) in hypotf(c.x - l.center.x, c.y - l.center.y) < 0.1 * l.size }
        let rightSize = { (_: Point, _: Float, s: Float) in abs(s / l.size - 1) < 0.1 }
        #expect(faults([box(l)], rightAngle) == Evaluation.BoxFaults(labelBox: 1, angle: 1))
        #expect(faults([box(l)], rightCenter) == Evaluation.BoxFaults(labelBox: 1, center: 1))
        #expect(faults([box(l)], rightSize) == Evaluation.BoxFaults(labelBox: 1, size: 1))
        // Read from every box, the card counts under each; from none, under none.
        #expect(faults([box(l)]) { _, _, _ in true } == Evaluation.BoxFaults(labelBox: 1, proposalBox: 1, angle: 1, center: 1, size: 1))
        #expect(faults([box(l)]) { _, _, _ in false } == Evaluation.BoxFaults())
        // Upside down, the box is turned back before one part is put right: right but for its
        // angle's third of a radian, it reads right with the label's centre or size only when
        // the crop is within half a radian of the index's angle.
        let nearlyUpright = { (_: Point, a: Float, _: Float) in abs(normalizedAngle(a - l.angle)) < 0.5 }
        #expect(faults([box(l, turned: true)], nearlyUpright) == Evaluation.BoxFaults(labelBox: 1, proposalBox: 1, angle: 1, center: 1, size: 1))
        // Of two boxes on the card's index, the nearer is judged: a farther one at the index's
        // own angle would read right as it is.
        let farther = IndexCandidate(heat: 0.5, center: Point(l.center.x, l.center.y + 0.5 * l.size), size: 1.4 * l.size, angle: l.angle, cardCenter: l.cardCenter)
        #expect(faults([farther, box(l)], rightAngle) == Evaluation.BoxFaults(labelBox: 1, angle: 1))
        // A box on another card's index says nothing of this card.
        #expect(faults([box(other)]) { _, _, _ in true } == Evaluation.BoxFaults())
        var total = faults([box(l)], rightAngle)
        total += faults([box(l)], rightSize)
        #expect(total == Evaluation.BoxFaults(labelBox: 2, angle: 1, size: 1))
    }

    @Test func wilsonIntervalBrackets() {
        let (lo, hi) = wilsonInterval(6, 6)
        #expect(lo > 0.5 && lo < 0.7 && hi > 0.999)
        let (l2, h2) = wilsonInterval(50, 100)
        #expect(abs(l2 - 0.404) < 0.01 && abs(h2 - 0.596) < 0.01)
    }
}
