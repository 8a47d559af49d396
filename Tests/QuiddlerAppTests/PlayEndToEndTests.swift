import Foundation
import QuiddlerCapture
import QuiddlerGame
import QuiddlerRandom
import QuiddlerTestSupport
import QuiddlerImage
import QuiddlerReader
import QuiddlerSynthesis
import QuiddlerTraining
import Testing

/// Starts the real binary inside tmux, sends keys and reads the screen with capture-pane.
@Suite(.serialized) struct PlayEndToEndTests {
    final class Session {
        let name = "quiddler-test-\(UInt32.random(in: 0...UInt32.max))"

        /// Runs tmux against this session's own server (a socket named after the session), so
        /// sessions of suites running side by side never share a server that one of them may be
        /// shutting down as another starts.
        @discardableResult
        func tmux(_ args: [String]) throws -> String {
            try spawn("tmux", ["-L", name] + args).stdout
        }

        init(_ args: [String], width: Int = 100, height: Int = 30, environment: [String: String] = [:]) throws {
            let env = environment.map { "\($0.key)='\($0.value)'" }.sorted().joined(separator: " ")
            // After the app: its exit status, and whether the terminal is back in cooked mode.
            let modes = "stty -a | tr ' ;' '\\n\\n' | grep -E '^-?(icanon|echo)$' | tr '\\n' ' '"
            let command = (env.isEmpty ? "" : "env \(env) ") + ([TestPaths.binary] + args).map { "'\($0)'" }.joined(separator: " ")
                + "; echo EXITED $?; echo MODES $(\(modes)); sleep 30"
            try tmux(["new-session", "-d", "-s", name, "-x", "\(width)", "-y", "\(height)", command])
        }

        func keys(_ keys: String...) throws { try tmux(["send-keys", "-t", name] + keys) }

        /// Sends a signal to the app (the pane's shell's child).
        func signal(_ name: String) throws {
            let shell = try tmux(["display", "-p", "-t", self.name, "#{pane_pid}"]).trimmingCharacters(in: .whitespacesAndNewlines)
            let child = try spawn("pgrep", ["-P", shell]).stdout.split(separator: "\n").first.map(String.init) ?? ""
            _ = try spawn("kill", ["-\(name)", child])
        }

        var screen: String { (try? tmux(["capture-pane", "-p", "-t", name])) ?? "" }
        /// The screen with its colours and attributes as escape sequences.
        var styledScreen: String { (try? tmux(["capture-pane", "-e", "-p", "-t", name])) ?? "" }

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

        deinit { _ = try? tmux(["kill-server"]) }
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
        // Hands-free: the reading settles over frames, the hand follows it and the suggestion
        // comes without a key press.
        #expect(s.wait(for: "settled"), "the reading did not settle:\n\(s.screen)")
        #expect(s.wait(for: "C8 A2 T3"), "the hand did not follow the settled reading:\n\(s.screen)")
        #expect(s.wait(for: "best split"), "no suggestion without a key press:\n\(s.screen)")
        try s.keys("c")
        #expect(s.wait(for: "frozen"), "capture did not freeze:\n\(s.screen)")
        // The hand captured is the one in the frame, in order, with its points.
        #expect(s.wait(for: "C8 A2 T3"), "c did not capture the frame's hand c a t:\n\(s.screen)")
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
        try s.tmux(["set-option", "-t", s.name, "window-size", "manual"])
        try s.tmux(["resize-window", "-t", s.name, "-x", "40", "-y", "10"])
        #expect(s.wait(for: "too small"), "\(s.screen)")
        try s.tmux(["resize-window", "-t", s.name, "-x", "90", "-y", "28"])
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

    /// Types a hand whose best split is THY and NU, at 120×40.
    func definitionsSession(environment: [String: String] = [:]) throws -> Session {
        let s = try Session(["play", "--manual", "--round", "2"], width: 120, height: 40, environment: environment)
        #expect(s.wait(for: "hand:"), "no manual entry:\n\(s.screen)")
        try s.keys("-l", "th y n u")
        try s.keys("Enter")
        #expect(s.wait(for: "THY  th/y"), "no suggestion:\n\(s.screen)")
        return s
    }

    @Test func suggestedWordsShowGlossesAndTheirFullEntry() throws {
        let s = try definitionsSession()
        // Short glosses beside the words (WordNet for nu, GCIDE for thy).
        #expect(s.wait(for: "Of thee, or belonging to thee"), "no gloss for thy:\n\(s.screen)")
        #expect(s.wait(for: "the 13th letter of the Greek alphabet"), "no gloss for nu:\n\(s.screen)")
        try s.keys("w")
        #expect(s.wait(for: "Enter or ? shows what it means"), "w did not point at a word:\n\(s.screen)")
        let first = s.screen.contains("thy: Enter") ? "thy" : "nu"
        try s.keys("Enter")
        #expect(s.wait(for: "\(first) · definition · Esc closes"), "no entry panel:\n\(s.screen)")
        #expect(s.wait(for: first == "thy" ? "thy, pronoun (GCIDE)" : "nu, noun (WordNet)"), "the entry is not shown:\n\(s.screen)")
        try s.keys("Escape")
        let deadline = Date().addingTimeInterval(10)
        while s.screen.contains("Esc closes") && Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
        #expect(!s.screen.contains("Esc closes"), "Esc did not close the entry:\n\(s.screen)")
        #expect(s.screen.contains("THY  th/y"))
        // The second word's entry opens with ? as well.
        try s.keys("w")
        #expect(s.wait(for: "\(first == "thy" ? "nu" : "thy"): Enter"), "w did not move on:\n\(s.screen)")
        try s.keys("?")
        #expect(s.wait(for: "\(first == "thy" ? "nu" : "thy") · definition"), "? did not open the entry:\n\(s.screen)")
        try s.keys("Escape", "q")
        #expect(s.wait(for: "EXITED 0"))
    }

    @Test func withoutDefinitionsTheAppSaysHowToAddThem() throws {
        let none = temporaryFolder()
        let s = try definitionsSession(environment: ["QUIDDLER_WORDNET": none, "QUIDDLER_GCIDE": none])
        #expect(s.wait(for: "no definitions: apt-get install") && s.screen.contains("wordnet-base dict-gcide"), "no hint:\n\(s.screen)")
        try s.keys("w", "Enter")
        #expect(s.wait(for: "no definitions installed"), "Enter did not explain:\n\(s.screen)")
        try s.keys("q")
        #expect(s.wait(for: "EXITED 0"))
    }

    /// A crash (here a segmentation fault sent from outside) gives the terminal back in cooked
    /// mode before the app dies by the same signal.
    @Test(arguments: ["SEGV", "ABRT"])
    func aCrashStillRestoresTheTerminal(signal: String) throws {
        let s = try Session(["play", "--demo", "--round", "3"])
        #expect(s.wait(for: "demo"), "app did not start:\n\(s.screen)")
        try s.signal(signal)
        #expect(s.wait(for: "EXITED"), "the app did not end:\n\(s.screen)")
        #expect(s.wait(for: "MODES icanon echo"), "the terminal was left raw:\n\(s.screen)")
    }
}
