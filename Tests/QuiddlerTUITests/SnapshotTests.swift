import Foundation
import QuiddlerGame
import QuiddlerTUI
import QuiddlerTestSupport
import QuiddlerImage
import QuiddlerReader
import QuiddlerSynthesis
import QuiddlerTraining
import Testing

/// Rendered screens compared with text snapshots in Snapshots/. Run with
/// QUIDDLER_RECORD_SNAPSHOTS=1 to write them anew after a deliberate change.
@Suite struct SnapshotTests {
    static let folder = TestPaths.root + "/Tests/QuiddlerTUITests/Snapshots"

    func check(_ grid: Grid, _ name: String) throws {
        let path = Self.folder + "/" + name + ".txt"
        if ProcessInfo.processInfo.environment["QUIDDLER_RECORD_SNAPSHOTS"] == "1" {
            try FileManager.default.createDirectory(atPath: Self.folder, withIntermediateDirectories: true)
            try grid.text.write(toFile: path, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOfFile: path, encoding: .utf8)
        #expect(grid.text == expected, "screen \(name) differs from its snapshot")
    }

    func played() -> AppState {
        var d = Driver(round: 8)
        d.send(.detected(Driver.live("a cl g in th m p o u y")))
        d.keys("c")
        d.solve()
        d.send(.detected(Driver.live("n")))
        d.keys("c")
        d.send(.detected(Driver.live("n")))
        d.keys("d")
        d.solve()
        d.send(.status(SourceStatus(name: "/dev/video0", state: .running, fps: 14.5, latencyMs: 41)))
        d.state.color = false
        return d.state
    }

    @Test(arguments: [(80, 24), (120, 40)])
    func playedHand(w: Int, h: Int) throws {
        let grid = view(played(), width: w, height: h)
        #expect(grid.text.contains("TAKE N, DROP A"))
        #expect(grid.text.contains("GOING OUT"))
        #expect(grid.text.contains("14.5 fps"))
        try check(grid, "played-\(w)x\(h)")
    }

    @Test func manualEntryShowsProblemsAsYouType() throws {
        var d = Driver()
        d.keys("m")
        for c in "a b zz" { d.send(.key(.char(c))) }
        let grid = view(d.state, width: 80, height: 24)
        #expect(grid.text.contains("unknown card 'zz'"))
        try check(grid, "manual-80x24")
    }

    @Test func help() throws { try check(view(Driver().state.with { $0.mode = .help }, width: 80, height: 24), "help-80x24") }

    @Test(arguments: [(0, 0), (1, 1), (20, 5), (59, 23), (80, 15)])
    func tinyTerminals(w: Int, h: Int) {
        let grid = view(played(), width: w, height: h)
        #expect(grid.width == w && grid.height == h)
        if w >= 20 && h >= 3 { #expect(grid.text.contains("too small")) }
    }

    /// No camera at all: the camera panel says why and how to go on.
    @Test func noCamera() throws {
        let state = AppState(round: 3, status: SourceStatus(name: "/dev/video0", state: .none("/dev/video0 not found")), color: false)
        let grid = view(state, width: 80, height: 24)
        #expect(grid.text.contains("/dev/video0 not found"))
        try check(grid, "no-camera-80x24")
    }

    /// The camera went away mid-game: the hand and suggestion stay, the panel says it is retrying.
    @Test func disconnected() throws {
        let state = played().with { $0.status = SourceStatus(name: "/dev/video0", state: .disconnected(attempts: 3)) }
        let grid = view(state, width: 120, height: 40)
        #expect(grid.text.contains("TAKE N, DROP A"), "the suggestion is kept")
        #expect(grid.text.contains("disconnected, retrying (3)"))
        try check(grid, "disconnected-120x40")
    }

    /// Correcting the third card: the prompt, what has been typed, and the card it replaces.
    @Test func correcting() throws {
        let state = played().with { $0.mode = .correcting(index: 2, text: "t") }
        let grid = view(state, width: 80, height: 24)
        #expect(grid.text.contains("card 3 is: t") && grid.text.contains("Esc cancel"))
        try check(grid, "correcting-80x24")
    }

    /// After accepting a blind draw: the prompt for the card drawn.
    @Test func blindDrawPrompt() throws {
        let state = played().with { $0.mode = .drawn(text: "q") }
        let grid = view(state, width: 80, height: 24)
        #expect(grid.text.contains("the card drawn: q"))
        try check(grid, "blind-draw-80x24")
    }

    @Test func colourArtUsesHalfBlocks() {
        var s = played()
        s.color = true
        let grid = view(s, width: 80, height: 24)
        #expect(grid.cells.contains { $0.char == "▀" })
        #expect(grid.text.contains("1N"))  // the live frame shows the discard
    }
}

extension AppState {
    func with(_ change: (inout AppState) -> Void) -> AppState {
        var s = self
        change(&s)
        return s
    }
}
