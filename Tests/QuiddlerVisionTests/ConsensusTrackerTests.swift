import QuiddlerGame
import QuiddlerRandom
import QuiddlerTestSupport
import QuiddlerImage
import QuiddlerReader
import QuiddlerSynthesis
import QuiddlerTraining
import Testing

@Suite struct ConsensusTrackerTests {
    func d(_ name: String, x: Float, y: Float = 100, confidence: Float = 0.9) -> Detection {
        Detection(card: Card(name)!, confidence: confidence, center: Point(x, y), size: 12, angle: 0,
                  cardCenter: Point(x + 20, y + 60), classProbability: confidence)
    }

    @Test func aCardSettlesAfterAFewAgreeingFrames() {
        var t = ConsensusTracker()
        t.update([d("a", x: 10), d("b", x: 40)])
        t.update([d("a", x: 11), d("b", x: 41)])
        #expect(t.settled.isEmpty)
        #expect(t.all.map(\.card.name) == ["a", "b"])
        #expect(t.all.allSatisfy { !$0.sure })
        t.update([d("a", x: 12), d("b", x: 42)])
        #expect(t.settled.map(\.card.name) == ["a", "b"])
        #expect(t.settled.allSatisfy { $0.sure })
    }

    /// A card shown whole keeps where its second index was seen through the tracker, for the
    /// order along the fan and the grouping of words.
    @Test func theSettledReadingKeepsWhereACardsOtherIndexWasSeen() {
        var t = ConsensusTracker()
        for i in 0..<3 {
            var whole = d("x", x: 10 + Float(i))
            (whole.twinCenter, whole.twinAngle) = (Point(50 + Float(i), 220), .pi)
            t.update([whole, d("y", x: 80)])
        }
        let x = t.settled.first { $0.card == Card("x")! }
        #expect(x?.twinCenter == Point(52, 220) && x?.twinAngle == .pi)
        #expect(t.settled.first { $0.card == Card("y")! }?.twinCenter == nil)
    }

    @Test func anOccasionalMisreadDoesNotChangeASettledCard() {
        var t = ConsensusTracker()
        for i in 0..<6 { t.update([d("o", x: 50 + Float(i) * 0.5)]) }
        for i in 0..<6 {
            t.update([d(i % 3 == 0 ? "q" : "o", x: 53 + Float(i) * 0.5)])
            #expect(t.settled.map(\.card.name) == ["o"], "frame \(i)")
        }
    }

    @Test func aSettledCardWhoseVoteWaversStaysAndChangesOnlyWhenAnotherKindSettles() {
        // A card the reader takes for T or TH by turns: once settled as T it stays T (the vote
        // for it dips below the share that settles a card, 4 of 7, but stays well above the
        // share that releases it), and turns into TH only when TH settles in its place.
        var t = ConsensusTracker()
        let wavering = ["t", "t", "t", "th", "th", "t", "th", "t", "th", "t", "th"]
        for (i, kind) in wavering.enumerated() {
            t.update([d(kind, x: 50)])
            if i >= 2 { #expect(t.settled.map(\.card.name) == ["t"], "frame \(i)") }
        }
        for _ in 0..<8 { t.update([d("th", x: 50)]) }
        #expect(t.settled.map(\.card.name) == ["th"])
    }

    @Test func aSettledCardIsReleasedWhenItsVoteIsLost() {
        var t = ConsensusTracker()
        for _ in 0..<3 { t.update([d("o", x: 50)]) }
        #expect(t.settled.map(\.card.name) == ["o"])
        // Q and C split the rest of the vote: no kind settles, and O's share falls below 0.35.
        for i in 0..<9 { t.update([d(i % 2 == 0 ? "q" : "c", x: 50)]) }
        #expect(t.settled.isEmpty)
        #expect(t.all.count == 1)
    }

    @Test func aCardMissedForAFrameOrTwoKeepsItsPlace() {
        var t = ConsensusTracker()
        for _ in 0..<4 { t.update([d("a", x: 10), d("b", x: 40)]) }
        t.update([d("a", x: 10)])
        t.update([d("a", x: 10)])
        #expect(t.settled.map(\.card.name) == ["a", "b"])
        for _ in 0..<t.forgetAfter { t.update([d("a", x: 10)]) }
        #expect(t.settled.map(\.card.name) == ["a"])
    }

    /// A read of `name` at the bottom-right index of the card `d(_, x: 100)` reads: its top-left
    /// index mirrored through the card's centre (120, 160).
    func atOtherCorner(_ name: String) -> Detection {
        Detection(card: Card(name)!, confidence: 0.95, center: Point(140, 220), size: 12, angle: .pi, cardCenter: Point(120, 160), classProbability: 0.95)
    }

    @Test func aReadThatJumpsToTheCardsOtherIndexIsTheSameCard() {
        var t = ConsensusTracker()
        for _ in 0..<3 { t.update([d("k", x: 100)]) }
        t.update([atOtherCorner("k")])
        #expect(t.tracks.count == 1)
        #expect(t.settled.map(\.card.name) == ["k"])
    }

    /// A card lying over another's bottom-right corner shows its own index there: a read of
    /// another kind at a settled K's twin place is that card, not the K, which keeps its place
    /// and kind; a read of the K's own kind there is still the K (its other corner).
    @Test func aReadOfAnotherKindAtACardsOtherCornerIsAnotherCard() {
        var t = ConsensusTracker()
        for _ in 0..<3 { t.update([d("k", x: 100)]) }
        let over = atOtherCorner("w")
        t.update([over])
        #expect(t.tracks.count == 2)
        #expect(t.tracks.first { $0.last.card == Card("k")! }?.last.center == Point(100, 100))
        for _ in 0..<2 { t.update([over]) }
        #expect(t.settled.map(\.card.name) == ["k", "w"])
        // A double's letter at its other corner is the double's cut or half-hidden index: the same card.
        var th = ConsensusTracker()
        for _ in 0..<3 { th.update([d("th", x: 100)]) }
        th.update([atOtherCorner("h")])
        #expect(th.tracks.count == 1)
    }

    /// The top-left and bottom-right indices of a card at `x`, as the detector might see them:
    /// each with its predicted card centre `centreError` to the right of the true one, so that
    /// each index's mirror misses the other by twice that.
    func indices(_ name: String, x: Float, centreError: Float) -> (top: Detection, bottom: Detection) {
        let centre = Point(x + 20 + centreError, 160)
        return (Detection(card: Card(name)!, confidence: 0.9, center: Point(x, 100), size: 12, angle: 0, cardCenter: centre, classProbability: 0.9),
                Detection(card: Card(name)!, confidence: 0.9, center: Point(x + 40, 220), size: 12, angle: .pi, cardCenter: centre, classProbability: 0.9))
    }

    /// A card seen by its top-left index for a while, then only by its bottom-right one, far
    /// enough from the mirror image that the tracks are not matched frame to frame, is one card.
    @Test func aCardSeenByEachIndexInTurnIsReadOnce() {
        var t = ConsensusTracker()
        let k = indices("k", x: 100, centreError: 10)
        for _ in 0..<4 { t.update([k.top, d("a", x: 300)]) }
        for _ in 0..<4 { t.update([k.bottom, d("a", x: 300)]) }
        #expect(t.tracks.count == 3, "the two indices are followed as two places")
        #expect(t.settled.map(\.card.name) == ["k", "a"])
    }

    /// Two cards of one kind whose indices fit as one card's two, read apart in one frame (a pile
    /// of one kind, say), stay two cards: the reader saw both and kept them apart.
    @Test func twoCardsOfOneKindSeenTogetherStayTwo() {
        var t = ConsensusTracker()
        let k = indices("k", x: 100, centreError: 10)
        for _ in 0..<4 { t.update([k.top, k.bottom]) }
        #expect(t.settled.map(\.card.name) == ["k", "k"])
    }

    /// Two tracks of one kind that come to one place are one card, even if once seen together:
    /// the reader never reports two reads that close, so the second track is the same card
    /// (a card whose two indices were once read apart, their card centres too far off to pair).
    @Test func twoTracksOfOneKindThatComeToOnePlaceAreOneCard() {
        var t = ConsensusTracker()
        for _ in 0..<4 { t.update([d("k", x: 100), d("k", x: 113)]) }
        #expect(t.settled.map(\.card.name) == ["k", "k"])
        // One read from now on, drifting onto the first track's place: the second track follows it.
        t.update([d("k", x: 107.5)])
        t.update([d("k", x: 104)])
        #expect(t.tracks.count == 2, "both tracks are still followed")
        #expect(t.settled.map(\.card.name) == ["k"])
        #expect(t.settled.first?.center == Point(104, 100), "the track with more votes stands for the card")
    }

    /// A hand jittering by about the spacing of its indices: the K's read lands nearer the L's
    /// place than its own, but each read still goes to the card of its kind, so neither card
    /// takes the other's vote or leaves a track behind.
    @Test func jitterAboutTheIndicesSpacingDoesNotSwapNeighbours() {
        var t = ConsensusTracker()
        for _ in 0..<3 { t.update([d("k", x: 100), d("l", x: 114)]) }
        t.update([d("k", x: 108), d("l", x: 122)])
        #expect(t.tracks.count == 2)
        #expect(t.tracks.allSatisfy { $0.last.card == $0.leader.card })
        #expect(t.settled.map(\.card.name) == ["k", "l"])
        // With nothing of its kind about, a misread still reaches its own card.
        t.update([d("k", x: 100), d("i", x: 114)])
        #expect(t.tracks.count == 2)
    }

    /// Two tracks of one kind never seen in one frame are one card once within a letter of each
    /// other (as far as a card may move between frames): the reader never saw two cards there.
    @Test func twoTracksOfOneKindNeverSeenTogetherWithinALetterAreOneCard() {
        var t = ConsensusTracker()
        for _ in 0..<3 { t.update([d("j", x: 100)]) }
        // The read jumps further than a card moves in a frame: a second track starts.
        for _ in 0..<3 { t.update([d("j", x: 114)]) }
        #expect(t.tracks.count == 2)
        // It comes back to 0.75 letters from the first track's place (12-pixel letters).
        t.update([d("j", x: 109)])
        #expect(t.tracks.count == 2, "both tracks are still followed")
        #expect(t.settled.map(\.card.name) == ["j"])
        // Two of one kind seen together at that distance stay two (the reader kept them apart).
        var u = ConsensusTracker()
        for _ in 0..<4 { u.update([d("j", x: 100), d("j", x: 109)]) }
        #expect(u.settled.map(\.card.name) == ["j", "j"])
    }

    /// Two cards at about the same place along the fan (one above the other) whose reads jitter
    /// past each other by less than `orderMargin` letters keep their order; one moved clearly
    /// past the other changes places.
    @Test func jitterDoesNotReorderNeighbours() {
        var t = ConsensusTracker()
        for i in 0..<8 {
            let wobble: Float = i % 2 == 0 ? -2.5 : 2.5
            t.update([d("b", x: 100 + wobble), d("a", x: 100 - wobble, y: 130)])
            if i >= 2 { #expect(t.settled.map(\.card.name) == ["b", "a"], "frame \(i)") }
        }
        for i in 0..<6 { t.update([d("b", x: 100 + Float(i + 1) * 4), d("a", x: 100, y: 130)]) }
        #expect(t.settled.map(\.card.name) == ["a", "b"])
    }

    /// An I reads the same either way up, so the reader may take it as turned half round in one
    /// frame and not in the next; its card's place along the fan must not jump with it (the
    /// place of an upside-down index is looked for at its card's other corner).
    @Test func anIndexReadTurnedHalfRoundByTurnsKeepsItsPlace() {
        func i(turned: Bool) -> Detection {
            let center = Point(140, 100), card = Point(170, 160)
            return Detection(card: Card("i")!, confidence: 0.9, center: center, size: 12, angle: turned ? .pi : 0,
                             cardCenter: turned ? Point(2 * center.x - card.x, 2 * center.y - card.y) : card, classProbability: 0.9)
        }
        var t = ConsensusTracker()
        for frame in 0..<12 {
            t.update([d("t", x: 100), i(turned: frame % 3 == 2), d("n", x: 180)])
            if frame >= 2 { #expect(t.settled.map(\.card.name) == ["t", "i", "n"], "frame \(frame)") }
        }
        // Read turned from the start, the same card is placed by its other corner, as the reader orders it.
        var u = ConsensusTracker()
        for _ in 0..<4 { u.update([d("t", x: 100), i(turned: true), d("n", x: 180)]) }
        #expect(u.settled.map(\.card.name) == CardReader.orderAlongFan([d("t", x: 100), i(turned: true), d("n", x: 180)]).map(\.card.name))
    }

    /// A card the reader makes out only now and then never settles, so it does not come and go
    /// in the reading; a card read steadily and then missed now and then stays settled.
    @Test func onlyASteadilySeenCardSettles() {
        var t = ConsensusTracker()
        for i in 0..<24 {
            let faint = i % 4 == 0 ? [d("y", x: 200)] : []
            t.update([d("a", x: 10)] + faint)
            #expect(t.settled.map(\.card.name) == (i >= 2 ? ["a"] : []), "frame \(i)")
        }
        var s = ConsensusTracker()
        for _ in 0..<4 { s.update([d("a", x: 10), d("b", x: 40)]) }
        for i in 0..<12 {
            s.update(i % 3 == 0 ? [d("a", x: 10), d("b", x: 40)] : [d("a", x: 10)])
            #expect(s.settled.map(\.card.name) == ["a", "b"], "frame \(i)")
        }
    }

    @Test func movingCardsAreFollowed() {
        var t = ConsensusTracker()
        for i in 0..<10 {
            let dx = Float(i) * 4
            t.update([d("c", x: 10 + dx), d("a", x: 30 + dx), d("t", x: 50 + dx)])
        }
        #expect(t.tracks.count == 3)
        #expect(t.settled.map(\.card.name) == ["c", "a", "t"])
    }

    @Test func sequenceLabelsFollowTheView() {
        // Labels of a moved view still point at the same picture content as in the scene.
        var rng = SeededGenerator(seed: 8)
        var request = SceneGenerator.Request(layout: .hand, clean: true)
        request.indexPixels = 20...24
        let frames = FrameSequence.render(generator: SceneGenerator(art: TestArt.drawn), request: request, motion: .slow, frames: 6, rng: &rng)
        #expect(frames.count == 6)
        let first = frames[0], last = frames[5]
        for (a, b) in zip(first.indices, last.indices) where a.visibility == .visible {
            guard b.center.x > 10, b.center.y > 10, b.center.x < 630, b.center.y < 470, a.center.x > 10, a.center.y > 10, a.center.x < 630, a.center.y < 470 else { continue }
            let pa = first.image.crop(center: a.center, angle: a.angle, scale: a.size / 8, width: 8, height: 8).gray.pixels
            let pb = last.image.crop(center: b.center, angle: b.angle, scale: b.size / 8, width: 8, height: 8).gray.pixels
            let diff = zip(pa, pb).map { abs(Int($0) - Int($1)) }.reduce(0, +) / pa.count
            #expect(diff < 30, "index \(a.card) moved away from its label: mean difference \(diff)")
        }
    }
}
