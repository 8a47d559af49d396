import QuiddlerGame
import QuiddlerImage
import QuiddlerReader
import QuiddlerTUI
import Testing

/// The hand follows the camera's settled reading, and the suggestion comes without a key.
@Suite struct SettledReadingTests {
    static func view(_ names: String, settled: String?, frame: Int) -> LiveView {
        func dets(_ text: String, sure: Bool) -> [Detection] {
            text.split(separator: " ").enumerated().map { i, n in
                Detection(card: Card(n)!, confidence: 0.9, center: Point(Float(40 + 30 * i), 50), size: 12, angle: 0,
                          cardCenter: Point(Float(60 + 30 * i), 90), classProbability: 0.9, sure: sure)
            }
        }
        return LiveView(thumbnail: RGBImage(width: 8, height: 6), frameWidth: 640, frameHeight: 480, detections: dets(names, sure: settled != nil),
                        frameID: frame, settled: settled.map { dets($0, sure: true) })
    }

    @Test func theSettledHandOfTheRoundsSizeIsSolvedWithoutAKey() {
        var s = AppState(round: 1, status: SourceStatus(name: "cam", state: .running))
        var effects: [Effect]
        (s, effects) = update(s, .detected(Self.view("c a t", settled: "c a", frame: 1)))
        #expect(s.hand.map(\.card.name) == ["c", "a"] && effects.isEmpty, "two of three settled: no suggestion yet")
        (s, effects) = update(s, .detected(Self.view("c a t", settled: "c a t", frame: 2)))
        #expect(s.hand.map(\.card.name) == ["c", "a", "t"])
        #expect(effects.contains { if case .solve(_, let hand, nil) = $0 { return hand.map(\.name) == ["c", "a", "t"] } else { return false } })
        // The same reading again asks nothing more; a change asks again.
        (s, effects) = update(s, .detected(Self.view("c a t", settled: "c a t", frame: 3)))
        #expect(effects.isEmpty)
        (s, effects) = update(s, .detected(Self.view("c a r", settled: "c a r", frame: 4)))
        #expect(effects.contains { if case .solve = $0 { return true } else { return false } })
        // c freezes: the camera no longer moves the hand.
        (s, _) = update(s, .key(.char("c")))
        #expect(s.frozen)
        (s, effects) = update(s, .detected(Self.view("x y z", settled: "x y z", frame: 5)))
        #expect(s.hand.map(\.card.name) == ["c", "a", "r"] && effects.isEmpty)
        #expect(statusLine(s).contains("frozen"))
    }

    @Test func theStatusSaysWhetherTheReadingIsSettling() {
        var s = AppState(round: 1, status: SourceStatus(name: "cam", state: .running))
        var settling = Self.view("c a t", settled: "c a", frame: 1)
        settling.detections[2].sure = false
        (s, _) = update(s, .detected(settling))
        #expect(statusLine(s).contains("settling (1)"))
        (s, _) = update(s, .detected(Self.view("c a t", settled: "c a t", frame: 2)))
        #expect(statusLine(s).contains("settled"))
    }

    /// A settled reading of a fan (cards 30 px apart) and, when given, a card lying far from it.
    static func withDiscard(_ hand: String, discard: String?, frame: Int) -> LiveView {
        var v = Self.view(hand, settled: hand, frame: frame)
        if let discard {
            let d = Detection(card: Card(discard)!, confidence: 0.9, center: Point(560, 380), size: 12, angle: 0.4,
                              cardCenter: Point(590, 420), classProbability: 0.9)
            v.detections.append(d)
            v.settled?.append(d)
        }
        return v
    }

    @Test func aCardLyingApartIsTheDiscardAndTheSuggestionTakesItIntoAccount() {
        var s = AppState(round: 1, status: SourceStatus(name: "cam", state: .running))
        var effects: [Effect]
        (s, effects) = update(s, .detected(Self.withDiscard("c a t", discard: "s", frame: 1)))
        #expect(s.hand.map(\.card.name) == ["c", "a", "t"], "the discard is not in the hand")
        #expect(s.discard?.card.name == "s" && s.live?.discard?.card.name == "s")
        #expect(effects.contains { if case .solve(_, let hand, let discard?) = $0 { return hand.map(\.name) == ["c", "a", "t"] && discard.name == "s" } else { return false } })
        // The picture marks it.
        let screen = QuiddlerTUI.view(s, width: 120, height: 40).text
        #expect(screen.contains("DS"), "the discard's box is not marked:\n\(screen)")
        // A new discard on the table asks again; the same one does not.
        (s, effects) = update(s, .detected(Self.withDiscard("c a t", discard: "s", frame: 2)))
        #expect(effects.isEmpty)
        (s, effects) = update(s, .detected(Self.withDiscard("c a t", discard: "x", frame: 3)))
        #expect(s.discard?.card.name == "x" && !effects.isEmpty)
        // The discard taken away: the last one stays until the player says otherwise.
        (s, effects) = update(s, .detected(Self.withDiscard("c a t", discard: nil, frame: 4)))
        #expect(s.discard?.card.name == "x" && effects.isEmpty)
    }

    @Test func theStatusShowsHowOldTheReadingIs() {
        var s = AppState(round: 1, status: SourceStatus(name: "cam", state: .running))
        var v = Self.view("c a t", settled: "c a t", frame: 1)
        v.readAt = 100
        (s, _) = update(s, .detected(v))
        (s, _) = update(s, .tick(100.4))
        #expect(statusLine(s).contains("read 0.4 s ago"), "\(statusLine(s))")
        (s, _) = update(s, .key(.char("c")))
        (s, _) = update(s, .tick(130))
        #expect(statusLine(s).contains("frozen") && statusLine(s).contains("read 30 s ago"), "\(statusLine(s))")
    }

    @Test func anAcceptedHandIsKeptWithItsBoxesAndTheKindsThePlayerConfirmed() throws {
        var s = AppState(round: 1, status: SourceStatus(name: "cam", state: .running))
        var effects: [Effect]
        (s, effects) = update(s, .key(.char("k")))
        #expect(s.keepCaptures && statusLine(s).contains("keeping hands"))
        (s, _) = update(s, .detected(Self.withDiscard("c a t", discard: "s", frame: 7)))
        // The player corrects the second card, then the suggestion comes and is accepted.
        (s, _) = update(s, .key(.right))
        (s, _) = update(s, .key(.char("e")))
        (s, _) = update(s, .key(.char("o")))
        (s, effects) = update(s, .key(.enter))
        guard case .solve(let id, _, _)? = effects.first else { Issue.record("no solve after the correction"); return }
        let decision = try Driver.solver.decide(hand: try CardParser.cards("c o t"), discard: Card("s")!)
        (s, _) = update(s, .solved(id: id, .decision(decision)))
        (s, effects) = update(s, .key(.char("a")))
        let kept = effects.compactMap { e -> (Int, [Detection])? in if case .keepCapture(let f, let c) = e { return (f, c) } else { return nil } }
        #expect(kept.count == 1, "\(effects)")
        #expect(kept.first?.0 == 7, "the frame the hand was read from")
        #expect(kept.first?.1.map(\.card.name) == ["c", "o", "t", "s"], "the confirmed kinds, in reading order")
        #expect(kept.first?.1[1].center == Point(70, 50), "the corrected card keeps its box")
    }

    @Test func aTypedHandIsNotKeptAndSaysWhy() {
        var s = AppState(round: 1, status: SourceStatus(name: "cam", state: .running))
        s.keepCaptures = true
        s.live = Self.view("c a t", settled: nil, frame: 3)
        s.hand = [HandCard(Card("c")!), HandCard(Card("a")!), HandCard(Card("t")!)]
        s.suggestion = .split(Driver.solver.bestSplit(of: s.hand.map(\.card)))
        let (next, effects) = update(s, .key(.char("a")))
        #expect(!effects.contains { if case .keepCapture = $0 { return true } else { return false } })
        #expect(next.notice?.text.contains("not kept: a typed card has no place on the picture") == true, "\(String(describing: next.notice))")
    }
}
