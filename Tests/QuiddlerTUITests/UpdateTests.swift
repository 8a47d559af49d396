import Foundation
import QuiddlerGame
import QuiddlerTUI
import QuiddlerTestSupport
import QuiddlerImage
import QuiddlerReader
import QuiddlerSynthesis
import QuiddlerTraining
import Testing

/// Helpers to drive `update` like the runtime does, running solve effects with a real solver.
struct Driver {
    static let solver = Solver(trie: Trie(try! WordList(bytes: [UInt8](FileManager.default.contents(atPath: TestPaths.dictionary)!))))
    var state: AppState
    var effects: [Effect] = []

    init(round: Int = 1) { state = AppState(round: round, status: SourceStatus(name: "test", state: .running)) }

    mutating func send(_ msg: Msg) {
        let (s, e) = update(state, msg)
        state = s
        effects = e
    }

    mutating func keys(_ text: String) { for c in text { send(.key(.char(c))) } }

    /// Runs the solve effects of the last message, as the runtime would.
    mutating func solve() {
        for e in effects {
            switch e {
            case .solve(let id, let hand, let discard):
                let r: SolveResult = discard.map { .decision(try! Driver.solver.decide(hand: hand, discard: $0)) } ?? .split(Driver.solver.bestSplit(of: hand))
                send(.solved(id: id, r))
            case .bestDrop(let id, let hand, let drawn):
                let (split, drop, _) = Driver.solver.bestTake(hand: hand, discard: drawn)
                send(.solved(id: id, .drop(split, drop: drop, drawn: drawn)))
            default: break
            }
        }
    }

    /// A camera's reading of `cards`; the reader is sure of them unless told otherwise.
    static func live(_ cards: String, confidence: Float = 0.9, sure: Bool = true) -> LiveView {
        let dets = try! CardParser.cards(cards).enumerated().map { i, c in
            Detection(card: c, confidence: confidence, center: Point(Float(40 + 30 * i), 50), size: 20, angle: 0,
                      cardCenter: Point(Float(60 + 30 * i), 150), classProbability: confidence, sure: sure)
        }
        return LiveView(thumbnail: RGBImage(width: 16, height: 12, fill: RGB(90, 60, 30)), frameWidth: 640, frameHeight: 480, detections: dets, frameID: 1)
    }
}

@Suite struct UpdateTests {
    @Test func captureFreezesTheReadHandAndAsksTheSolver() {
        var d = Driver()
        d.send(.detected(Driver.live("c a t")))
        d.keys("c")
        #expect(d.state.hand.map(\.card.name) == ["c", "a", "t"])
        #expect(d.state.frozen)
        guard case .solve(_, let hand, nil)? = d.effects.first else { Issue.record("no solve effect"); return }
        #expect(hand.count == 3)
        d.solve()
        guard case .split(let split)? = d.state.suggestion else { Issue.record("no split"); return }
        #expect(split.goingOut)
        // New frames do not replace a frozen view; c again goes live.
        d.send(.detected(Driver.live("x y z")))
        #expect(d.state.live?.detections.count == 3 && d.state.live?.detections[0].card == Card("c"))
        d.keys("c")
        #expect(!d.state.frozen)
    }

    @Test func captureWithNothingInViewKeepsTheHand() {
        var d = Driver()
        d.keys("c")
        #expect(d.state.hand.isEmpty)
        #expect(d.state.notice?.isError == true)
        #expect(d.effects.isEmpty)
    }

    @Test func discardCaptureTakesTheBestRead() {
        var d = Driver()
        d.send(.detected(Driver.live("c a t")))
        d.keys("c")
        var view = Driver.live("s")
        view.detections.append(Detection(card: Card("x")!, confidence: 0.3, center: Point(1, 1), size: 10, angle: 0, cardCenter: Point(1, 1), classProbability: 0.3))
        d.send(.detected(view))
        d.keys("c")  // live again
        d.send(.detected(view))
        d.keys("d")
        #expect(d.state.discard?.card == Card("s"))
        d.solve()
        guard case .decision(let dec)? = d.state.suggestion else { Issue.record("no decision"); return }
        #expect(dec.discard == Card("s"))
    }

    @Test func correctingACardReplacesItAndBadTextChangesNothing() {
        var d = Driver()
        d.send(.detected(Driver.live("c a t", confidence: 0.4, sure: false)))
        d.keys("c")
        #expect(d.state.hand[1].shaky)
        d.send(.key(.right))
        d.keys("e")
        #expect(d.state.mode == .correcting(index: 1, text: ""))
        d.keys("zz")
        d.send(.key(.enter))
        #expect(d.state.notice?.isError == true)
        #expect(d.state.hand[1].card == Card("a"))
        d.send(.key(.backspace)); d.send(.key(.backspace))
        d.keys("o")
        d.send(.key(.enter))
        #expect(d.state.hand.map(\.card.name) == ["c", "o", "t"])
        #expect(!d.state.hand[1].shaky)
        #expect(d.state.mode == .live)
        #expect(d.effects.contains { if case .solve = $0 { return true }; return false })
    }

    @Test func acceptingATakeThatGoesOutRecordsTheRound() {
        var d = Driver(round: 8)
        d.keys("m")
        for c in "a cl g in th m p o u y" { d.send(.key(.char(c))) }
        d.send(.key(.tab))
        d.keys("n")
        d.send(.key(.enter))
        d.solve()
        guard case .decision(let dec)? = d.state.suggestion else { Issue.record("no decision"); return }
        #expect(dec.action == .takeDiscard && dec.take.score == 58)
        d.keys("a")
        #expect(d.state.records == [RoundRecord(round: 8, score: 58, words: dec.take.words.map(\.word))])
        #expect(d.state.hand.isEmpty && d.state.total == 58)
        d.keys("u")
        #expect(d.state.records.isEmpty && d.state.hand.count == 10 && d.state.discard?.card == Card("n"))
    }

    @Test func acceptingABlindDrawAsksForTheCardThenDrops() {
        var d = Driver(round: 2)
        d.keys("m")
        for c in "q u i z" { d.send(.key(.char(c))) }
        d.send(.key(.tab))
        d.keys("x")
        d.send(.key(.enter))
        d.solve()
        guard case .decision(let dec)? = d.state.suggestion, dec.action == .drawBlind else { Issue.record("expected draw blind"); return }
        d.keys("a")
        #expect(d.state.mode == .drawn(text: ""))
        d.keys("e")
        d.send(.key(.enter))
        guard case .bestDrop(_, _, let drawn)? = d.effects.first else { Issue.record("no drop request"); return }
        #expect(drawn == Card("e"))
        d.solve()
        // The drawn E joins the hand and the solver's best card to drop leaves it.
        let original = try! CardParser.cards("q u i z"), e = Card("e")!
        let (split, drop, _) = Driver.solver.bestTake(hand: original, discard: e)
        var expected = original + [e]
        expected.remove(at: expected.firstIndex(of: drop)!)
        if split.goingOut {
            #expect(d.state.records.count == 1 && d.state.records[0].score == split.score)
        } else {
            #expect(d.state.hand.map(\.card.name).sorted() == expected.map(\.name).sorted())
            #expect(d.state.records.isEmpty)
        }
    }

    @Test func manualEntryRejectsBadInputWithoutChangingTheHand() {
        var d = Driver()
        d.keys("m")
        for c in "c a" { d.send(.key(.char(c))) }
        d.send(.key(.enter))
        #expect(d.state.notice?.text.contains("3 to 10") == true)
        #expect(d.state.hand.isEmpty)
        guard case .manual = d.state.mode else { Issue.record("left manual mode"); return }
        d.send(.key(.escape))
        #expect(d.state.mode == .live && d.state.hand.isEmpty)
    }

    @Test func staleSolverAnswersAreDropped() {
        var d = Driver()
        d.keys("m")
        for c in "c a t" { d.send(.key(.char(c))) }
        d.send(.key(.enter))
        let first = d.effects
        d.send(.key(.right)); d.keys("e"); d.keys("o"); d.send(.key(.enter))
        let second = d.effects
        // The answer to the first request arrives late.
        if case .solve(let id, let hand, let discard)? = first.first {
            let r: SolveResult = discard.map { .decision(try! Driver.solver.decide(hand: hand, discard: $0)) } ?? .split(Driver.solver.bestSplit(of: hand))
            d.send(.solved(id: id, r))
        }
        #expect(d.state.suggestion == nil)
        d.effects = second
        d.solve()
        guard case .split(let split)? = d.state.suggestion else { Issue.record("no answer to the newer request"); return }
        #expect(split.cards.map(\.name).sorted() == ["c", "o", "t"])
    }

    @Test func demoDealsTheRoundsHandSize() {
        var d = Driver(round: 3)
        d.keys("r")
        guard case .demo(_, let hand, let discard)? = d.effects.first else { Issue.record("no demo effect"); return }
        #expect(hand.count == 5)
        #expect(throws: Never.self) { try CardParser.checkAgainstDeck([hand, [discard]]) }
        var view = Driver.live(hand.map(\.name).joined(separator: " "))
        view.detections.append(Detection(card: discard, confidence: 0.9, center: Point(600, 400), size: 20, angle: 1, cardCenter: Point(620, 470), classProbability: 0.9))
        d.send(.demoDetected(view, hand: hand, discard: discard))
        #expect(d.state.hand.map(\.card) == hand)
        #expect(d.state.discard?.card == discard)
        // The picture marks the discard as it does a camera's.
        #expect(d.state.live?.discard?.center == Point(600, 400))
        #expect(QuiddlerTUI.view(d.state, width: 120, height: 40).text.contains("D\(discard.name.uppercased())"))
    }

    @Test func roundsNewGameHelpAndQuit() {
        var d = Driver()
        d.keys(">>")
        #expect(d.state.round == 3 && d.state.handSize == 5)
        d.keys("<")
        #expect(d.state.round == 2)
        d.keys("n")
        #expect(d.state.round == 1)
        d.keys("?")
        #expect(d.state.mode == .help)
        d.keys("x")
        #expect(d.state.mode == .live)
        d.keys("q")
        #expect(d.effects == [.quit])
    }
}
