import Foundation
import QuiddlerCapture
import QuiddlerGame
import QuiddlerRandom
import QuiddlerTestSupport
import QuiddlerVision
import Testing

/// Starts the real binary inside tmux, sends keys and reads the screen with capture-pane.
@Suite(.serialized) struct PlayEndToEndTests {
    final class Session {
        let name = "quiddler-test-\(UInt32.random(in: 0...UInt32.max))"

        init(_ args: [String]) throws {
            let command = ([TestPaths.binary] + args).map { "'\($0)'" }.joined(separator: " ") + "; echo EXITED $?; sleep 30"
            try tmux(["new-session", "-d", "-s", name, "-x", "100", "-y", "30", command])
        }

        func keys(_ keys: String...) throws { try tmux(["send-keys", "-t", name] + keys) }

        var screen: String { (try? tmux(["capture-pane", "-p", "-t", name])) ?? "" }

        /// Waits up to `seconds` for the screen to contain `text`.
        @discardableResult
        func wait(for text: String, seconds: Double = 40) -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                if screen.contains(text) { return true }
                Thread.sleep(forTimeInterval: 0.1)
            }
            return false
        }

        deinit { _ = try? tmux(["kill-session", "-t", name]) }
    }

    @discardableResult
    static func tmux(_ args: [String]) throws -> String {
        try spawn("tmux", args).stdout
    }

    /// A camera frame of a three-card hand made from the drawn card faces.
    func frame() throws -> String {
        var rng = SeededGenerator(seed: 21)
        var request = SceneGenerator.Request(hand: try CardParser.cards("c a t"), clean: true)
        request.indexSize = 26...30
        let scene = SceneGenerator(art: TestArt.drawn).render(request, rng: &rng)
        let path = temporaryFolder() + "/hand.jpg"
        try ImageFile.writeJPEG(scene.image, to: path)
        return path
    }

    @Test func captureManualEntryDemoAndQuitInARealTerminal() throws {
        let s = try Session(["play", "--source", try frame(), "--round", "1"])
        #expect(s.wait(for: "hand.jpg"), "no status line:\n\(s.screen)")
        #expect(s.wait(for: "fps"), "no frames read:\n\(s.screen)")
        try s.keys("c")
        #expect(s.wait(for: "frozen"), "capture did not freeze:\n\(s.screen)")
        try s.keys("m")
        #expect(s.wait(for: "hand:"))
        try s.keys("C-u")
        for _ in 0..<30 { try s.keys("BSpace") }
        try s.keys("c a t", "Tab", "s", "Enter")
        #expect(s.wait(for: "blind:"), "no suggestion after typing the hand:\n\(s.screen)")
        #expect(s.screen.contains("C8 A2 T3"))
        try s.keys("m")
        try s.keys("zz", "Enter")
        #expect(s.wait(for: "unknown card"), "bad input was not reported:\n\(s.screen)")
        try s.keys("Escape")
        Thread.sleep(forTimeInterval: 0.3)  // let Esc stand alone, not start an escape sequence
        #expect(s.wait(for: "C8 A2 T3"), "bad input changed the hand:\n\(s.screen)")
        try s.keys("r")
        #expect(s.wait(for: "demo:"), "demo did not deal:\n\(s.screen)")
        try s.keys("q")
        #expect(s.wait(for: "EXITED 0"), "quit did not exit cleanly:\n\(s.screen)")
    }

    @Test func tinyTerminalSaysSoAndResizingWorks() throws {
        let s = try Session(["play", "--demo"])
        #expect(s.wait(for: "Suggestion"))
        try Self.tmux(["set-option", "-t", s.name, "window-size", "manual"])
        try Self.tmux(["resize-window", "-t", s.name, "-x", "40", "-y", "10"])
        #expect(s.wait(for: "too small"), "\(s.screen)")
        try Self.tmux(["resize-window", "-t", s.name, "-x", "90", "-y", "28"])
        #expect(s.wait(for: "Suggestion"), "\(s.screen)")
        try s.keys("C-c")
        #expect(s.wait(for: "EXITED"), "Ctrl-C did not end the app:\n\(s.screen)")
    }

    @Test func notATerminalIsAClearError() throws {
        let r = try runQuiddler(["play"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("terminal"))
        #expect(r.stderr.split(separator: "\n").count == 1)
    }
}
