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

/// `quiddler eval` on a labelled folder made from drawn-card scenes, and on synthetic scenes.
@Suite struct EvalCommandTests {
    /// Writes `count` hand scenes and their labels.json; returns the folder and the cards shown.
    func photoFolder(count: Int) throws -> (String, [[Card]]) {
        let dir = temporaryFolder()
        var rng = SeededGenerator(seed: 31)
        var entries: [String] = [], hands: [[Card]] = []
        for i in 0..<count {
            var request = SceneGenerator.Request(layout: .hand, hand: Array(CardCounts.deck.cards.shuffled(using: &rng).prefix(3 + i)), clean: true)
            request.indexSize = 24...32
            let scene = SceneGenerator(art: TestArt.drawn).render(request, rng: &rng)
            let shown = Set(scene.indices.filter { $0.visibility == .visible }.map(\.cardID))
            let cards = scene.cards.enumerated().filter { shown.contains($0.offset) }.map(\.element.card)
            try ImageFile.writeJPEG(scene.image, to: "\(dir)/hand-\(i).jpg", quality: 92)
            entries.append("{\"file\": \"hand-\(i).jpg\", \"cards\": [\(cards.map { "\"\($0.name)\"" }.joined(separator: ", "))]}")
            hands.append(cards)
        }
        try "{\"photos\": [\(entries.joined(separator: ",\n"))]}".write(toFile: dir + "/labels.json", atomically: true, encoding: .utf8)
        return (dir, hands)
    }

    @Test func scoresPhotosAndSyntheticScenesConsistently() throws {
        let (dir, hands) = try photoFolder(count: 3)
        let errors = temporaryFolder() + "/errors"
        let r = try runQuiddler(["eval", "--photos", dir, "--hint", "--synthetic", "12", "--errors", errors, "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let photos = try #require(report["photos"] as? [String: Any])
        #expect(photos["images"] as? Int == 3)
        #expect(photos["cards"] as? Int == hands.map(\.count).reduce(0, +))
        let synthetic = try #require(report["synthetic"] as? [String: Any])
        let cards = try #require(synthetic["cards"] as? Int), correct = try #require(synthetic["correct"] as? Int)
        let notProposed = try #require(synthetic["notProposed"] as? Int), misread = try #require(synthetic["misread"] as? Int)
        #expect(synthetic["images"] as? Int == 12)
        #expect(cards > 12 && correct <= cards)
        // Every card not read is explained one way or the other; every card is counted once by what shows of it.
        #expect(notProposed + misread == cards - correct)
        let byCover = try #require(synthetic["byCover"] as? [String: [String: Int]])
        #expect(byCover.keys.sorted() == ["index only", "its face", "part of its face"])
        #expect(byCover.values.compactMap { $0["cards"] }.reduce(0, +) == cards)
        #expect(byCover.values.compactMap { $0["correct"] }.reduce(0, +) == correct)
        let byKind = try #require(synthetic["byKind"] as? [String: [String: Int]])
        #expect(byKind.keys.allSatisfy { Card($0) != nil })
        #expect(byKind.values.compactMap { $0["cards"] }.reduce(0, +) == cards)
        #expect(byKind.values.compactMap { $0["correct"] }.reduce(0, +) == correct)
        let low = try #require(synthetic["accuracyLow"] as? Double), high = try #require(synthetic["accuracyHigh"] as? Double)
        let accuracy = try #require(synthetic["accuracy"] as? Double)
        #expect(low <= accuracy && accuracy <= high)
        // Scenes read wrong leave their annotated frame and crops behind.
        let exact = try #require(synthetic["exact"] as? Int)
        let written = (try? FileManager.default.contentsOfDirectory(atPath: errors)) ?? []
        #expect(written.filter { $0.hasPrefix("synthetic-") && $0.hasSuffix("-annotated.jpg") }.count == 12 - exact)
    }

    /// With errors to report (labels that do not match the photo), `--json` still prints one
    /// JSON object and nothing else, and the crops are written.
    @Test func photosReadWrongStillGiveOneJSONObject() throws {
        let (dir, hands) = try photoFolder(count: 1)
        let wrong = hands[0].map { c in Card.all.first { $0 != c && !hands[0].contains($0) }!.name }
        try "{\"photos\": [{\"file\": \"hand-0.jpg\", \"cards\": [\(wrong.map { "\"\($0)\"" }.joined(separator: ", "))]}]}"
            .write(toFile: dir + "/labels.json", atomically: true, encoding: .utf8)
        let errors = temporaryFolder() + "/errors"
        let r = try runQuiddler(["eval", "--photos", dir, "--synthetic", "0", "--errors", errors, "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let photos = try #require(report["photos"] as? [String: Any])
        #expect(photos["exact"] as? Int == 0)
        #expect(!((try? FileManager.default.contentsOfDirectory(atPath: errors)) ?? []).isEmpty)
    }

    @Test func aTableNamesEveryPhoto() throws {
        let (dir, _) = try photoFolder(count: 2)
        let r = try runQuiddler(["eval", "--photos", dir, "--synthetic", "0", "--errors", temporaryFolder()])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("hand-0.jpg") && r.stdout.contains("hand-1.jpg"))
        #expect(r.stdout.contains("cards right:") && r.stdout.contains("images exactly right:"))
    }

    /// `--sequences --json` lists the sequences read wrong as the text does, and they account for
    /// every card lost, every read of no card and every change of reading while still; each
    /// sequence read wrong leaves one annotated frame in `--errors`. Reads under a high bar (0.7
    /// to 0.85) are not reported, so cards are lost, and reads about that confidence come and go,
    /// so a sequence's reading changes while still: at which bar depends on the model, so the
    /// accounting is checked at each and changes must show at one at least.
    @Test func sequencesReadWrongAreInTheJSONAndTheErrors() throws {
        var changesSeen = 0
        for bar in ["0.7", "0.8", "0.85"] {
            let errors = temporaryFolder() + "/errors"
            let r = try runQuiddler(["eval", "--synthetic", "0", "--sequences", "5", "--min-confidence", bar, "--json", "--errors", errors])
            #expect(r.status == 0, "\(r.stderr)")
            let report = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
            let consensus = try #require(report["consensus"] as? [String: Any])
            let cards = try #require(consensus["cards"] as? Int), correct = try #require(consensus["correct"] as? Int)
            let misses = try #require(consensus["misses"] as? [[String: Any]])
            #expect(cards > correct, "at \(bar)")
            #expect(misses.compactMap { $0["cardsMissed"] as? Int }.reduce(0, +) == cards - correct)
            #expect(misses.compactMap { $0["wrongReads"] as? Int }.reduce(0, +) == consensus["wrongReads"] as? Int)
            let changes = try #require(consensus["stillChanges"] as? Int)
            changesSeen += changes
            #expect(misses.compactMap { $0["stillChanges"] as? Int }.reduce(0, +) == changes)
            for m in misses {
                let sequence = try #require(m["sequence"] as? Int), motion = try #require(m["motion"] as? String)
                #expect((1...5).contains(sequence))
                #expect(motion == FrameSequence.Motion.allCases[sequence - 1].rawValue)
                #expect((m["expected"] as? [String])?.allSatisfy { Card($0) != nil } == true)
                #expect((m["read"] as? [String]) != nil)
            }
            let annotated = ((try? FileManager.default.contentsOfDirectory(atPath: errors)) ?? []).filter { $0.hasSuffix("-annotated.jpg") }
            let readWrong = misses.filter { ($0["wrongFrames"] as? Int ?? 0) > 0 }
            #expect(Set(annotated.map { $0.split(separator: "-")[1] }) == Set(readWrong.compactMap { ($0["sequence"] as? Int).map { "\($0)" } }))
            #expect(annotated.count == readWrong.count)
        }
        #expect(changesSeen > 0, "no reading changed while still at any bar: the still-changes accounting went untested")
    }

    /// `--photo-turn`, `--photo-scale`, `--photo-frame` and `--photo-light` change what the reader
    /// is given, not only the title: turned upright or upside down, or in a fifth of the light, the
    /// hands read as well as they stand; shrunk until the letters are 3–4 pixels (far under what
    /// it reads), or in a two-hundredth of the light, far worse; and the frame written to
    /// `--errors` is the frame the reader saw (a 640×480 photo turned a quarter is 480×640, set in
    /// a 640×480 frame it is 640×480 again).
    @Test func shrunkPhotosAreWhatTheReaderReads() throws {
        let (dir, hands) = try photoFolder(count: 2)
        let total = hands.map(\.count).reduce(0, +)
        func run(_ extra: [String], errors: String = temporaryFolder()) throws -> [String: Any] {
            let r = try runQuiddler(["eval", "--photos", dir, "--synthetic", "0", "--errors", errors, "--json"] + extra)
            #expect(r.status == 0, "\(r.stderr)")
            return try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        }
        let whole = try run([])
        #expect(whole["photosShown"] == nil)
        let wholeRight = try #require((whole["photos"] as? [String: Any])?["correct"] as? Int)
        #expect(wholeRight >= total - 1, "at full size \(wholeRight) of \(total)")
        for turn in ["90", "180", "270"] {
            let turned = try run(["--photo-turn", turn])
            #expect(turned["photosShown"] as? String == "turned \(turn)°")
            let right = try #require((turned["photos"] as? [String: Any])?["correct"] as? Int)
            #expect(right >= total - 1, "turned \(turn)°: \(right) of \(total)")
        }
        // A dim room: every pixel a fifth as bright; the reader brightens the frame again.
        let dim = try run(["--photo-light", "0.2"])
        #expect(dim["photosShown"] as? String == "in 20% of the light")
        let dimRight = try #require((dim["photos"] as? [String: Any])?["correct"] as? Int)
        #expect(dimRight >= total - 1, "in 20% of the light: \(dimRight) of \(total)")
        // In a thousandth of it every pixel is black: nothing is left to bring back. (In half a
        // percent the drawn cards' white is 1 of 255 and their ink 0, and brought up and lifted
        // they read; a real sensor's noise would drown them.)
        let dark = try run(["--photo-light", "0.001"])
        let darkRight = try #require((dark["photos"] as? [String: Any])?["correct"] as? Int)
        #expect(darkRight < wholeRight / 2, "in 0.1% of the light: \(darkRight) of \(total)")
        // In shade: the middle tones darkened, the whites kept; the reader lifts them again.
        let shade = try run(["--photo-gamma", "2.5"])
        #expect(shade["photosShown"] as? String == "its middle tones darkened by a gamma of 2.5")
        let shadeRight = try #require((shade["photos"] as? [String: Any])?["correct"] as? Int)
        #expect(shadeRight >= total - 1, "with a gamma of 2.5: \(shadeRight) of \(total)")
        let errors = temporaryFolder()
        let tiny = try run(["--photo-turn", "90", "--photo-scale", "0.12", "--photo-frame", "640x480"], errors: errors)
        #expect(tiny["photosShown"] as? String == "turned 90°, shrunk to 12% in a 640×480 frame")
        let tinyRight = try #require((tiny["photos"] as? [String: Any])?["correct"] as? Int)
        #expect(tinyRight < wholeRight / 2, "letters of 3–4 pixels read \(tinyRight) of \(total)")
        let annotated = try #require(((try? FileManager.default.contentsOfDirectory(atPath: errors)) ?? []).first { $0.hasSuffix("-annotated.jpg") })
        let seen = try ImageFile.load(errors + "/" + annotated, codec: JPEGCodec())
        #expect(seen.width == 640 && seen.height == 480)
    }

    /// A view that leaves nothing to read, or does not fit its frame, and options that make no
    /// sense are each one line naming what to change, and a non-zero exit.
    @Test(arguments: [
        (["--photo-scale", "0.04"], "too small to read"),
        (["--photo-scale", "0.5", "--photo-frame", "200x150"], "does not fit a 200×150 frame"),
        (["--photo-scale", "0"], "--photo-scale must be above 0"),
        (["--photo-scale", "1.5"], "--photo-scale must be above 0"),
        (["--photo-frame", "640by480"], "--photo-frame"),
        (["--photo-turn", "45"], "--photo-turn must be 0, 90, 180 or 270"),
        (["--photo-light", "0"], "--photo-light must be above 0"),
        (["--photo-light", "4.5"], "--photo-light must be above 0 and at most 4"),
        (["--photo-gamma", "0.5"], "--photo-gamma must be at least 1"),
        (["--photo-gamma", "5"], "--photo-gamma must be at least 1"),
        (["--backlit", "1.5", "--synthetic", "1"], "--backlit must be a share from 0 to 1"),
        (["--backlit", "0.5", "--synthetic", "0"], "--backlit changes how the synthetic scenes are drawn"),
        (["--overexposed", "-0.1", "--synthetic", "1"], "--overexposed must be a share from 0 to 1"),
        (["--overexposed", "0.5", "--synthetic", "0"], "--overexposed changes how the synthetic scenes are drawn"),
    ])
    func aBadPhotoViewIsAOneLineError(extra: [String], says: String) throws {
        let (dir, _) = try photoFolder(count: 1)
        let r = try runQuiddler(["eval", "--photos", dir, "--synthetic", "0", "--errors", temporaryFolder()] + extra)
        #expect(r.status != 0)
        #expect(r.stderr.contains(says), "\(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
    }

    /// `--backlit` and `--overexposed` draw the synthetic scenes so and say so, in the title and the JSON.
    @Test(arguments: [("backlit", "syntheticBacklit"), ("overexposed", "syntheticOverexposed")])
    func lightingOfTheScenesIsSaidSo(option: String, key: String) throws {
        let json = try runQuiddler(["eval", "--synthetic", "2", "--size", "320x240", "--\(option)", "1", "--json", "--errors", temporaryFolder()])
        #expect(json.status == 0, "\(json.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(report[key] as? Double == 1)
        let text = try runQuiddler(["eval", "--synthetic", "2", "--size", "320x240", "--\(option)", "0.5", "--errors", temporaryFolder()])
        #expect(text.stdout.contains("Synthetic validation: 2 scenes of 320x240, 50% \(option)"), "\(text.stdout)")
        let plain = try runQuiddler(["eval", "--synthetic", "2", "--size", "320x240", "--json", "--errors", temporaryFolder()])
        let plainReport = try #require(try JSONSerialization.jsonObject(with: Data(plain.stdout.utf8)) as? [String: Any])
        #expect(plainReport[key] == nil)
    }

    @Test func aPhotoViewWithoutPhotosIsRefused() throws {
        let r = try runQuiddler(["eval", "--synthetic", "1", "--photo-scale", "0.5"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("--photos"), "\(r.stderr)")
    }

    @Test func aFolderWithoutLabelsIsAOneLineError() throws {
        let r = try runQuiddler(["eval", "--photos", temporaryFolder(), "--synthetic", "0"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("labels.json"), "\(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
    }
}
