import Foundation
import QuiddlerCapture
import QuiddlerGame
import QuiddlerRandom
import QuiddlerSynthesis
import QuiddlerTestSupport
import Testing

/// The app at the table with no key pressed: a folder of webcam frames stands in for the camera.
@Suite(.serialized) struct HandsFreeEndToEndTests {
    typealias Session = PlayEndToEndTests.Session

    /// Frames of a held hand and a discard lying apart, as a shaky webcam sees them.
    static func frames(hand: String, discard: String, motion: FrameSequence.Motion) throws -> String {
        var rng = SeededGenerator(seed: 5)
        var request = SceneGenerator.Request(hand: try CardParser.cards(hand), discard: try CardParser.card(discard, what: "the discard"))
        request.allIndicesShowing = true
        request.indexSize = 22...26
        let scenes = FrameSequence.render(generator: SceneGenerator(art: TestArt.drawn), request: request, motion: motion, frames: 8, rng: &rng)
        let folder = temporaryFolder()
        for (i, scene) in scenes.enumerated() { try ImageFile.writeJPEG(scene.image, to: folder + "/frame-\(i + 1).jpg") }
        return folder
    }

    @Test func theDiscardLyingApartIsReadAndTheSuggestionComesWithoutAKey() throws {
        let s = try Session(["play", "--source", try Self.frames(hand: "c a t", discard: "s", motion: .jitter), "--round", "1"], width: 120, height: 40)
        #expect(s.wait(for: "settled"), "the reading did not settle:\n\(s.screen)")
        #expect(s.wait(for: "C8 A2 T3"), "the hand is not the fan's cards:\n\(s.screen)")
        #expect(s.wait(for: "discard: S"), "the discard lying apart was not read:\n\(s.screen)")
        #expect(s.screen.contains("DS"), "the discard is not marked on the picture:\n\(s.screen)")
        // A discard means a decision: take it or draw blind.
        #expect(s.wait(for: "blind:"), "no suggestion without a key press:\n\(s.screen)")
        try s.keys("q")
        #expect(s.wait(for: "EXITED 0"))
    }

    @Test func aStillHandDoesNotFlicker() throws {
        let s = try Session(["play", "--source", try Self.frames(hand: "o x e n", discard: "d", motion: .still), "--round", "2"], width: 120, height: 40)
        #expect(s.wait(for: "settled"), "the reading did not settle:\n\(s.screen)")
        #expect(s.wait(for: "blind:"), "no suggestion:\n\(s.screen)")
        // Once settled, the hand panel and the suggestion stay exactly as they are: the side
        // panels' text up to where a word's gloss (which arrives when the definitions load) begins.
        func panels(_ screen: String) -> [String] {
            let lines = screen.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0) }
            guard let row = lines.first(where: { String($0).contains("discard:") }),
                  let x = (0..<row.count).first(where: { String(row[$0...]).hasPrefix("discard:") }) else { return [] }
            // Above the status line (whose frame rate and age move on); a gloss line (indented
            // under its word) may arrive late, when the definitions have loaded.
            return lines.prefix { !String($0).hasPrefix("source:") }.map { String($0.dropFirst(x).prefix(18)) }
                .filter { $0.contains { $0 != " " && $0 != "│" } && !$0.hasPrefix("  ") }
        }
        // The panels as drawn, not mid-redraw: a capture can land while the terminal is being
        // written (a gloss arriving moves the score line down a row, and a capture between the
        // two rows' writes lacks it), so a view counts once two captures 50 ms apart agree. A
        // reading that changed lasts a frame or more (100 ms at 10 frames a second) and is seen.
        func drawn() -> [String] {
            var last = panels(s.screen)
            for _ in 0..<20 {
                Thread.sleep(forTimeInterval: 0.05)
                let now = panels(s.screen)
                if now == last { return now }
                last = now
            }
            return last
        }
        let first = drawn()
        #expect(first.contains { $0.hasPrefix("discard: D") }, "\(s.screen)")
        for _ in 0..<15 {
            Thread.sleep(forTimeInterval: 0.2)
            #expect(drawn() == first, "the reading changed while the hand stood still:\n\(s.screen)")
        }
        try s.keys("q")
        #expect(s.wait(for: "EXITED 0"))
    }

    @Test func anAcceptedHandIsKeptAndEvalReadsTheCapturesAsTheyAre() throws {
        let data = temporaryFolder()
        let s = try Session(["play", "--source", try Self.frames(hand: "c a t", discard: "s", motion: .still), "--round", "1", "--keep-captures"],
                            width: 160, height: 40, environment: ["XDG_DATA_HOME": data])
        #expect(s.wait(for: "keeping hands"), "the status does not say hands are kept:\n\(s.screen)")
        #expect(s.wait(for: "blind:"), "no suggestion:\n\(s.screen)")
        try s.keys("a")
        #expect(s.wait(for: "(1 kept)"), "the accepted hand was not kept:\n\(s.screen)")
        // A blind draw asks for the card drawn: Esc leaves that prompt.
        try s.keys("Escape")
        Thread.sleep(forTimeInterval: 0.3)
        try s.keys("q")
        #expect(s.wait(for: "EXITED 0"))
        let folder = data + "/quiddler/captures"
        let photos = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".jpg") }
        #expect(photos.count == 1, "\(photos)")
        let labels = try String(contentsOfFile: folder + "/labels.json", encoding: .utf8)
        #expect(labels.contains("\"boxes\"") && labels.contains(photos.first ?? "none"))
        // The folder is a labelled photo set as it is: the card reader is scored on it.
        let r = try runQuiddler(["eval", "--photos", folder, "--synthetic", "0"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains(photos.first ?? "none") && r.stdout.contains("c a t s /"), "\(r.stdout)")
    }

    @Test func aCapturesFolderWithBrokenLabelsIsLeftAsItIs() throws {
        let folder = temporaryFolder()
        try "not json".write(toFile: folder + "/labels.json", atomically: true, encoding: .utf8)
        let r = try runQuiddler(["eval", "--photos", folder, "--synthetic", "0"])
        #expect(r.status != 0 && r.stderr.contains("labels.json"), "\(r.stderr)")
        #expect(try String(contentsOfFile: folder + "/labels.json", encoding: .utf8) == "not json")
    }

    /// The picture in true colour when the terminal says it has it, the 256-colour cube when
    /// not, and a brightness ramp on a terminal without colour.
    @Test(arguments: [("truecolor", "xterm-256color", "38;2;"), ("", "xterm-256color", "38;5;"), ("", "xterm-mono", "")])
    func theCameraPictureUsesTheTerminalsColours(colorterm: String, term: String, expected: String) throws {
        let s = try Session(["play", "--source", try Self.frames(hand: "c a t", discard: "s", motion: .still), "--round", "1"], width: 100, height: 30,
                            environment: ["COLORTERM": colorterm, "TERM": term, "XDG_CACHE_HOME": temporaryFolder()])
        #expect(s.wait(for: "settled"), "\(s.screen)")
        let styled = s.styledScreen
        if expected.isEmpty {
            #expect(!styled.contains("38;5;") && !styled.contains("38;2;"), "colour on a terminal without it")
            #expect(!s.screen.contains("▀") && s.screen.contains { "#%@".contains($0) }, "no brightness ramp:\n\(s.screen)")
        } else {
            #expect(styled.contains(expected), "no \(expected) colours in the picture")
            #expect(s.screen.contains("▀"))
            if expected == "38;5;" { #expect(!styled.contains("38;2;")) }
        }
        try s.keys("q")
        #expect(s.wait(for: "EXITED 0"))
    }
}
