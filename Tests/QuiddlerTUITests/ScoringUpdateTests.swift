import QuiddlerTUI
import QuiddlerGame
import QuiddlerImage
import QuiddlerReader
import Testing

/// The scoring view's flow through the pure `update`, with the runtime's two jobs (checking typed
/// words, saving the game) done here as the runtime does them.
@Suite struct ScoringUpdateTests {
    static let words: Set<String> = ["cat", "at", "the", "in", "queer", "cloy", "tin"]

    struct Run {
        var state: AppState
        var saved: [Game] = []
        init(players: [String]) throws {
            state = AppState(round: 1, status: SourceStatus(name: "test", state: .running))
            state.game = try Game(id: "g", players: players)
        }
        mutating func send(_ msg: Msg) {
            var queue = [msg]
            while !queue.isEmpty {
                let (s, effects) = update(state, queue.removeFirst())
                state = s
                for e in effects {
                    switch e {
                    case .checkLaidDown(let text):
                        do { queue.append(.laidDownChecked(LaidDownPreview(text: text, laid: try LaidDown.parse(text, isWord: { ScoringUpdateTests.words.contains($0) }), problem: nil))) }
                        catch { queue.append(.laidDownChecked(LaidDownPreview(text: text, laid: nil, problem: "\(error)"))) }
                    case .saveGame(let g): saved.append(g)
                    default: break
                    }
                }
            }
        }
        mutating func type(_ text: String) { for c in text { send(.key(.char(c))) } }
    }

    @Test func aRoundIsTypedPlayerByPlayerSavedEachTimeAndScored() throws {
        var run = try Run(players: ["ann", "ben"])
        run.send(.key(.char("s")))
        #expect(run.state.mode == .scoring(player: 0, text: "", wentOut: false))
        run.type("c/a/t")
        #expect(run.state.preview?.laid?.words.first?.valid == true, "checked as typed")
        run.send(.key(.tab))  // ann went out
        run.send(.key(.enter))
        #expect(run.saved.count == 1 && run.saved[0].laid[0][0]?.wentOut == true)
        #expect(run.state.mode == .scoring(player: 1, text: "", wentOut: false), "on to the next player")
        run.type("a/t x/q - b")
        #expect(run.state.preview?.laid?.words.map(\.valid) == [true, false])
        run.send(.key(.enter))
        #expect(run.saved.count == 2)
        #expect(run.state.mode == .sheet)
        let game = try #require(run.state.game)
        #expect(game.round == 2 && run.state.round == 2, "the app's round follows the game")
        let scores = try #require(game.scores(round: 1))
        #expect(scores[0].longestWordBonus && scores[0].mostWordsBonus == false, "one valid word each: a tie for most words")
        #expect(run.state.notice?.text.contains("round 1 scored") == true)
    }

    @Test func badInputIsShownAndTheGameKeepsItsEntries() throws {
        var run = try Run(players: ["ann", "ben"])
        run.send(.key(.char("s")))
        run.type("c/a/t")
        run.send(.key(.enter))
        run.send(.key(.left))  // back to ann, her entry shown for correction
        #expect(run.state.mode == .scoring(player: 0, text: "c/a/t", wentOut: false))
        for _ in 0..<5 { run.send(.key(.backspace)) }
        run.type("t/i/n - zz")
        #expect(run.state.preview?.problem?.contains("zz") == true)
        run.send(.key(.enter))
        #expect(run.state.notice?.isError == true)
        #expect(run.state.game?.laid[0][0]?.words.map(\.text) == ["cat"], "the old entry stays")
        for _ in 0..<3 { run.send(.key(.backspace)) }
        run.send(.key(.enter))
        #expect(run.state.game?.laid[0][0]?.words.map(\.text) == ["tin"], "corrected in place")
        // Going out with leftovers is refused.
        run.send(.key(.tab))
        run.type(" - a")
        run.send(.key(.enter))
        #expect(run.state.notice?.text.contains("no leftovers") == true)
        run.send(.key(.escape))
        #expect(run.state.mode == .live)
    }

    @Test func playersAreNamedInTheApp() throws {
        var s = AppState(round: 1, status: SourceStatus(name: "test", state: .running))
        (s, _) = update(s, .key(.char("P")))
        for c in "anna, ben" { (s, _) = update(s, .key(.char(c))) }
        let (after, effects) = update(s, .key(.enter))
        #expect(effects == [.newGame(players: ["anna", "ben"])])
        let (waiting, _) = update(after, .key(.char("s")))
        #expect(waiting.notice?.isError == true, "no game until the runtime has started it")
        let (started, _) = update(after, .gameStarted(try Game(id: "g", players: ["anna", "ben"])))
        #expect(started.game?.players == ["anna", "ben"])
        var t = AppState(round: 1, status: SourceStatus(name: "test", state: .running))
        (t, _) = update(t, .key(.char("P")))
        for c in "anna,ANNA" { (t, _) = update(t, .key(.char(c))) }
        let (refused, none) = update(t, .key(.enter))
        #expect(none.isEmpty && refused.notice?.text.contains("same name") == true)
    }
}
