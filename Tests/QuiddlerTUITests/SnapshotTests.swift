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

    /// Compares the screen's characters, and with `styles` its colours and attributes too.
    func check(_ grid: Grid, _ name: String, styles: Bool = false) throws {
        let path = Self.folder + "/" + name + ".txt"
        let actual = grid.text + (styles ? "\n--- styles\n" + grid.styles : "")
        if ProcessInfo.processInfo.environment["QUIDDLER_RECORD_SNAPSHOTS"] == "1" {
            try FileManager.default.createDirectory(atPath: Self.folder, withIntermediateDirectories: true)
            try actual.write(toFile: path, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOfFile: path, encoding: .utf8)
        #expect(actual == expected, "screen \(name) differs from its snapshot")
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

    /// The colour screens: the picture as half blocks in the frame's colours, boxes green (sure)
    /// or yellow (settling), the discard magenta, panels cyan; at both standard sizes.
    @Test(arguments: [(80, 24), (120, 40)])
    func colourScreens(w: Int, h: Int) throws {
        var s = played()
        s.depth = .direct
        s.live?.detections[0].sure = false
        let grid = view(s, width: w, height: h)
        #expect(grid.cells.contains { $0.char == "▀" && $0.fg == .rgb(90, 60, 30) })
        #expect(grid.cells.contains { $0.fg == .yellow && $0.char == "+" }, "a settling card's box is yellow")
        try check(grid, "played-colour-\(w)x\(h)", styles: true)
    }

    @Test func monochromeScreenHasNoColourInThePicture() throws {
        let grid = view(played(), width: 80, height: 24)
        #expect(!grid.cells.contains { $0.char == "▀" })
        try check(grid, "played-mono-styles-80x24", styles: true)
    }

    /// At every size the box of an index encloses the cell where the picture shows that index.
    @Test(arguments: [(60, 16), (80, 24), (100, 30), (120, 40), (200, 60), (61, 50)])
    func boxesStayOnTheirIndices(w: Int, h: Int) {
        var s = played()
        s.depth = .direct
        // A 4:3 frame, black but for a red dot where the one index is.
        var thumb = RGBImage(width: 160, height: 120)
        for y in 56...63 { for x in 36...43 { thumb[x, y] = RGB(255, 0, 0) } }
        let d = Detection(card: Card("k")!, confidence: 0.9, center: Point(160, 240), size: 30, angle: 0, cardCenter: Point(200, 340), classProbability: 0.9)
        s.live = LiveView(thumbnail: thumb, frameWidth: 640, frameHeight: 480, detections: [d], frameID: 1)
        let grid = view(s, width: w, height: h)
        let red = (0..<grid.height).flatMap { y in (0..<grid.width).filter { x in grid[x, y].fg == .rgb(255, 0, 0) || grid[x, y].bg == .rgb(255, 0, 0) }.map { (x: $0, y: y) } }
        let corners = (0..<grid.height).flatMap { y in (0..<grid.width).filter { x in grid[x, y].char == "+" && grid[x, y].fg == .green }.map { (x: $0, y: y) } }
        guard let x0 = corners.map(\.x).min(), let x1 = corners.map(\.x).max(), let y0 = corners.map(\.y).min(), let y1 = corners.map(\.y).max() else {
            Issue.record("no box at \(w)×\(h)")
            return
        }
        #expect(!red.isEmpty, "the dot is hidden at \(w)×\(h)")
        #expect(red.allSatisfy { $0.x >= x0 && $0.x <= x1 && $0.y >= y0 && $0.y <= y1 }, "at \(w)×\(h) the dot \(red) is outside the box \(x0)…\(x1) × \(y0)…\(y1)")
        // The picture keeps the frame's 4:3 shape (cells are twice as tall as wide).
        let picture = (0..<grid.height).flatMap { y in (0..<grid.width).filter { x in grid[x, y].char == "▀" }.map { (x: $0, y: y) } }
        let pw = Float((picture.map(\.x).max() ?? 0) - (picture.map(\.x).min() ?? 0) + 1)
        let ph = Float((picture.map(\.y).max() ?? 0) - (picture.map(\.y).min() ?? 0) + 1) * 2
        #expect(abs(pw / ph - 4.0 / 3) < 0.12, "at \(w)×\(h) the picture is \(pw)×\(ph)")
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
