import Foundation
import QuiddlerCapture
import QuiddlerGame
import QuiddlerRandom
import QuiddlerTestSupport
import QuiddlerVision
import Testing

/// The shipped model on frames made from the drawn card faces (no scans or photos needed).
@Suite struct DetectCommandTests {
    func scene(_ hand: String, seed: UInt64, layout: SceneGenerator.Layout = .hand) throws -> (String, [Card]) {
        var rng = SeededGenerator(seed: seed)
        let cards = try CardParser.cards(hand)
        var request = SceneGenerator.Request(layout: layout, hand: cards, clean: true)
        request.indexSize = 24...32
        let scene = SceneGenerator(art: TestArt.drawn).render(request, rng: &rng)
        let path = temporaryFolder() + "/scene.jpg"
        try ImageFile.writeJPEG(scene.image, to: path, quality: 92)
        return (path, cards)
    }

    @Test(arguments: [("c a t", UInt64(1)), ("qu i z th", 2), ("b l er in g", 3)])
    func readsADrawnHandLeftToRight(hand: String, seed: UInt64) throws {
        let (path, cards) = try scene(hand, seed: seed)
        let r = try runQuiddler(["detect", path, "--cards", "\(cards.count)", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(obj["file"] as? String == path)
        #expect(obj["cards"] as? [String] == cards.map(\.name), "\(r.stdout)")
        let dets = try #require(obj["detections"] as? [[String: Any]])
        #expect(dets.count == cards.count)
        for d in dets { #expect(d["confidence"] != nil && d["center"] != nil && d["angle"] != nil && d["size"] != nil) }
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
}
