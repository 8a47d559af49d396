import QuiddlerGame
import QuiddlerTUI
import QuiddlerTestSupport
import Testing

/// Glosses beside suggested words, and a word's full entry: asked for off the UI thread, shown
/// when they arrive, closed with Esc.
@Suite struct DefinitionsUpdateTests {
    /// A suggestion of THY and NU for the hand th y n u.
    func suggested() -> Driver {
        var d = Driver(round: 2)
        d.keys("m")
        for c in "th y n u" { d.send(.key(.char(c))) }
        d.send(.key(.enter))
        d.solve()
        return d
    }

    @Test func aSuggestionAsksForGlossesOfItsWordsAndShowsThem() throws {
        var d = suggested()
        #expect(Set(d.state.suggestedWords) == ["thy", "nu"])
        let asked = d.effects.compactMap { e -> [String]? in if case .gloss(let w) = e { return w }; return nil }
        #expect(asked.map(Set.init) == [["thy", "nu"]])
        d.send(.glossed(["thy": "of thee", "nu": "a Greek letter"]))
        let screen = view(d.state, width: 120, height: 40).text
        #expect(screen.contains("THY  th/y  13  of thee"))
        #expect(screen.contains("NU  n/u  9  a Greek letter"))
        // Solving the same hand again does not ask for glossed words again.
        d.keys("m")
        d.send(.key(.enter))
        d.solve()
        #expect(d.state.suggestedWords.count == 2)
        #expect(!d.effects.contains { if case .gloss = $0 { return true }; return false })
    }

    @Test func wPointsAtAWordAndEnterOpensItsEntryUntilEsc() throws {
        var d = suggested()
        let first = d.state.suggestedWords[0]
        d.keys("w")
        #expect(d.state.focusedWord == first)
        d.send(.key(.enter))
        #expect(d.state.mode == .entry(word: first))
        #expect(d.effects == [.define(first)])
        #expect(view(d.state, width: 120, height: 40).text.contains("looking up…"))
        d.send(.defined(word: first, lines: ["\(first), a test entry", "  1. the first sense"]))
        let screen = view(d.state, width: 120, height: 40).text
        #expect(screen.contains("\(first) · definition · Esc closes") && screen.contains("1. the first sense"))
        d.keys("x")
        #expect(d.state.mode == .entry(word: first))
        d.send(.key(.escape))
        #expect(d.state.mode == .live)
        #expect(!view(d.state, width: 120, height: 40).text.contains("Esc closes"))
        // An answer for a word no longer open is dropped.
        d.send(.defined(word: first, lines: ["late"]))
        #expect(d.state.entryLines == nil)
    }

    @Test func wWalksTheWordsThenLetsGo() {
        var d = suggested()
        d.keys("w"); d.keys("w")
        #expect(d.state.focusedWord == d.state.suggestedWords[1])
        d.keys("w")
        #expect(d.state.focusedWord == nil)
        // Without a word in focus, Enter corrects cards and ? is help, as before.
        d.send(.key(.enter))
        if case .correcting = d.state.mode {} else { Issue.record("Enter did not start a correction: \(d.state.mode)") }
    }

    @Test func withoutDefinitionsEnterSaysHowToInstallThem() {
        var d = suggested()
        d.send(.definitionsUnavailable("no definitions installed: run 'apt-get install wordnet-base dict-gcide'"))
        let screen = view(d.state, width: 120, height: 40).text
        #expect(screen.contains("no definitions: apt-get install") && screen.contains("wordnet-base dict-gcide"), "\(screen)")
        d.keys("w")
        d.send(.key(.enter))
        #expect(d.state.mode == .live)
        #expect(d.state.notice?.isError == true && d.state.notice?.text.contains("apt-get install") == true)
    }
}

@Suite struct SolveFailureTests {
    @Test func aFailedSolveStopsThinkingButAStaleFailureDoesNot() {
        var d = Driver(round: 1)
        d.keys("m")
        for c in "c a t" { d.send(.key(.char(c))) }
        d.send(.key(.enter))
        let id = try! #require(d.state.pendingSolve)
        d.send(.solveFailed(id: id - 1, "an older request failed"))
        #expect(d.state.pendingSolve == id)
        d.send(.solveFailed(id: id, "the solver failed"))
        #expect(d.state.pendingSolve == nil)
        #expect(d.state.notice == Notice("the solver failed", error: true))
        #expect(!view(d.state, width: 120, height: 40).text.contains("thinking…"))
    }
}
