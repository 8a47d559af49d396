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

/// The shipped model on frames made from the drawn card faces (no scans or photos needed).
@Suite struct DetectCommandTests {
    func scene(_ hand: String, seed: UInt64) throws -> (String, [Card]) {
        var rng = SeededGenerator(seed: seed)
        var request = SceneGenerator.Request(layout: .hand, hand: try CardParser.cards(hand), clean: true)
        request.indexSize = 24...32
        let scene = SceneGenerator(art: TestArt.drawn).render(request, rng: &rng)
        let path = temporaryFolder() + "/scene.jpg"
        try ImageFile.writeJPEG(scene.image, to: path, quality: 92)
        // The cards whose index shows: a close fan can hide one under its neighbour.
        let shown = Set(scene.indices.filter { $0.visibility == .visible }.map(\.cardID))
        return (path, scene.cards.enumerated().filter { shown.contains($0.offset) }.map(\.element.card))
    }

    /// Reads a set of dealt hands in one run, without a hint, and holds the reader to an overall
    /// accuracy by place: the model is not perfect (see README), so one misread card must not fail
    /// the suite, but a broken reader, order or JSON must.
    @Test func readsDealtHandsLeftToRight() throws {
        var rng = SeededGenerator(seed: 77)
        var right = 0, total = 0, wrong = 0
        for i in 0..<6 {
            let hand = Array(CardCounts.deck.cards.shuffled(using: &rng).prefix(3 + i))
            var sceneRNG = SeededGenerator(seed: UInt64(100 + i))
            var request = SceneGenerator.Request(layout: .hand, hand: hand, clean: true)
            request.indexSize = 24...32
            let scene = SceneGenerator(art: TestArt.drawn).render(request, rng: &sceneRNG)
            let path = temporaryFolder() + "/scene.jpg"
            try ImageFile.writeJPEG(scene.image, to: path, quality: 92)
            let r = try runQuiddler(["detect", path, "--json"])
            #expect(r.status == 0, "\(r.stderr)")
            let obj = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
            #expect(obj["file"] as? String == path)
            let read = try #require(obj["cards"] as? [String])
            let dets = try #require(obj["detections"] as? [[String: Any]])
            #expect(dets.count == read.count)
            let detections = try dets.map { d in
                let c = try #require(d["center"] as? [Double])
                #expect(d["confidence"] != nil && d["angle"] != nil && d["size"] != nil && d["sure"] is Bool)
                let kind = try #require(d["kind"] as? String)
                return Detection(card: try #require(Card(kind)), confidence: 1, center: Point(Float(c[0]), Float(c[1])),
                                 size: 20, angle: 0, cardCenter: Point(0, 0), classProbability: 1)
            }
            let result = Evaluation.score(name: path, scene: scene, detections: detections)
            right += result.correct
            total += result.expected.count
            wrong += result.wrong
            // Cards come out left to right: the hand's cards are placed in that order.
            let places = detections.compactMap { Evaluation.label(at: $0.center, in: scene)?.cardID }
            #expect(places == places.sorted(), "read out of order: \(read) for \(hand.map(\.name))")
        }
        #expect(Double(right) / Double(total) >= 0.85, "read \(right) of \(total) cards in place")
        #expect(wrong <= 1, "\(wrong) reads of no card there")
    }

    @Test func anEmptyTableIsAnEmptyList() throws {
        let path = temporaryFolder() + "/table.jpg"
        try ImageFile.writeJPEG(RGBImage(width: 640, height: 480, fill: RGB(120, 80, 40)), to: path)
        let r = try runQuiddler(["detect", path, "--json"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("\"cards\":[]"))
    }

    @Test func annotateWritesAnImage() throws {
        let (path, _) = try scene("d o g", seed: 4)
        let out = temporaryFolder() + "/annotated.jpg"
        let r = try runQuiddler(["detect", path, "--annotate", out])
        #expect(r.status == 0, "\(r.stderr)")
        let img = try ImageFile.load(out)
        #expect(img.width == 640 && img.height == 480)
    }

    @Test func unreadableFilesAndBrokenModelsAreOneLineErrors() throws {
        let junk = temporaryFolder() + "/junk.jpg"
        try "not an image".write(toFile: junk, atomically: true, encoding: .utf8)
        let brokenModel = temporaryFolder()
        try Data("QNNW garbage".utf8).write(to: URL(fileURLWithPath: brokenModel + "/index-detector.qnn"))
        try Data("QNNW garbage".utf8).write(to: URL(fileURLWithPath: brokenModel + "/card-classifier.qnn"))
        let (path, _) = try scene("c a t", seed: 1)
        for (args, fragment) in [
            (["detect", "/nonexistent.jpg"], "does not exist"),
            (["detect", junk], "not a JPEG or PNG"),
            (["detect", path, "--model", brokenModel], "index-detector.qnn"),
            (["detect", path, "--model", temporaryFolder()], "does not exist"),
        ] {
            let r = try runQuiddler(args)
            #expect(r.status != 0)
            #expect(r.stderr.contains(fragment), "\(args): \(r.stderr)")
            #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
        }
    }

    /// A phone photo of words laid on a table, stored on its side with an EXIF orientation tag:
    /// read in the upright picture's coordinates, the same as the upright file.
    @Test func aPhonePhotoOnItsSideReadsAsUpright() throws {
        var rng = SeededGenerator(seed: 12)
        var request = SceneGenerator.Request(layout: .words, clean: true)
        request.indexPixels = 40...48
        let scene = SceneGenerator(art: TestArt.drawn).render(request, width: 2016, height: 1512, rng: &rng)
        let codec = JPEGCodec()
        let upright = temporaryFolder() + "/upright.jpg", sideways = temporaryFolder() + "/sideways.jpg"
        try ImageFile.writeJPEG(scene.image, to: upright, quality: 92)
        // Orientation 6: the stored picture is turned a quarter left; viewers turn it back.
        let stored = try codec.encode(scene.image.applyingOrientation(8), quality: 92)
        try Data(exifTagged(stored, orientation: 6)).write(to: URL(fileURLWithPath: sideways))
        var reads: [[String]] = []
        for path in [upright, sideways] {
            let r = try runQuiddler(["detect", path, "--json"])
            #expect(r.status == 0, "\(r.stderr)")
            let obj = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
            let dets = try #require(obj["detections"] as? [[String: Any]])
            let detections = dets.compactMap { d -> Detection? in
                guard let kind = d["kind"] as? String, let card = Card(kind), let c = d["center"] as? [Double] else { return nil }
                return Detection(card: card, confidence: 1, center: Point(Float(c[0]), Float(c[1])), size: 40, angle: 0,
                                 cardCenter: Point(0, 0), classProbability: 1)
            }
            let result = Evaluation.score(name: path, scene: scene, detections: detections)
            #expect(Double(result.correct) >= 0.8 * Double(result.expected.count), "\(path): \(result.correct) of \(result.expected.count) read in place")
            reads.append(detections.map(\.card.name).sorted())
        }
        #expect(reads[0] == reads[1])
    }

    /// Frames of a still hand: the consensus reading is the hand, and the text names each frame.
    @Test func consensusOverAFolderOfFramesSettlesOnTheHand() throws {
        var rng = SeededGenerator(seed: 31)
        var request = SceneGenerator.Request(layout: .hand, hand: try CardParser.cards("q u i z"), clean: true)
        request.allIndicesShowing = true
        request.indexPixels = 22...26
        let frames = FrameSequence.render(generator: SceneGenerator(art: TestArt.drawn), request: request, motion: .jitter, frames: 6, rng: &rng)
        let folder = temporaryFolder() + "/frames"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for (i, f) in frames.enumerated() { try ImageFile.writeJPEG(f.image, to: folder + "/frame-\(i + 1).jpg", quality: 90) }
        let r = try runQuiddler(["detect", "--consensus", folder, "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(obj["cards"] as? [String] == ["q", "u", "i", "z"], "\(r.stdout)")
        #expect(obj["frames"] as? Int == 6)
        let text = try runQuiddler(["detect", "--consensus", folder])
        #expect(text.stdout.contains("frame-1.jpg: settled no cards"), "\(text.stdout)")
        #expect(text.stdout.contains("settled over 6 frames: q u i z"), "\(text.stdout)")
    }

    @Test func benchDemoCountsDealsReadExactly() throws {
        let r = try runQuiddler(["bench", "demo", "--deals", "6", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(obj["deals"] as? Int == 6)
        let exact = try #require(obj["exact"] as? Int)
        #expect(exact >= 5, "only \(exact) of 6 demo deals read exactly")
    }

    /// The whole app, from a hand coming into view to its suggestion on screen, untouched.
    @Test func benchLatencyTimesAHandIntoViewToItsSuggestion() throws {
        let r = try runQuiddler(["bench", "latency", "--trials", "2", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(obj["trials"] as? Int == 2 && obj["suggested"] as? Int == 2, "\(r.stdout)")
        let settled = try #require(obj["settledMedianMs"] as? Double), shown = try #require(obj["suggestionMedianMs"] as? Double)
        #expect(settled > 0 && shown >= settled, "the suggestion comes after the reading settles: \(r.stdout)")
    }
}

