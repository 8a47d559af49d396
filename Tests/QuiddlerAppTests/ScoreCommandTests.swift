import Foundation
import QuiddlerCapture
import QuiddlerImage
import QuiddlerRandom
import QuiddlerSynthesis
import QuiddlerTestSupport
import Testing

@Suite struct ScoreCommandTests {
    @Test func aPhotoWithNoCardsIsAnEmptyResultAndABadOneAnError() throws {
        let dir = temporaryFolder()
        var table = RGBImage(width: 640, height: 480)
        for i in table.pixels.indices { table.pixels[i] = 90 }
        try ImageFile.writeJPEG(table, to: dir + "/empty.jpg")
        let r = try runQuiddler(["score", dir + "/empty.jpg", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let players = try #require(obj["players"] as? [[String: Any]])
        #expect(players.count == 1 && (players[0]["words"] as? [Any])?.isEmpty == true && players[0]["score"] as? Int == 0)
        try Data("not an image".utf8).write(to: URL(fileURLWithPath: dir + "/bad.jpg"))
        let bad = try runQuiddler(["score", dir + "/bad.jpg"])
        #expect(bad.status != 0 && bad.stderr.contains("bad.jpg"), "\(bad.stderr)")
        #expect(bad.stderr.split(separator: "\n").count == 1)
    }

    /// A clean photo of one player's words: every word comes out with its cards in order.
    @Test func wordsOnATableAreReadGroupedAndScored() throws {
        var rng = SeededGenerator(seed: 8)
        var request = SceneGenerator.Request(layout: .words, clean: true)
        request.scoringPlayers = 1
        request.indexPixels = 26...30
        let scene = SceneGenerator(art: TestArt.drawn).render(request, width: 1280, height: 960, rng: &rng)
        let path = temporaryFolder() + "/words.jpg"
        try ImageFile.writeJPEG(scene.image, to: path, quality: 95)
        let r = try runQuiddler(["score", path, "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let player = try #require((obj["players"] as? [[String: Any]])?.first)
        let words = (player["words"] as? [[String: Any]] ?? []).map { $0["cards"] as? [String] ?? [] }
        let truth = scene.wordGroups.words.map { $0.map { scene.cards[$0].card.name } }
        // The reader may miss a card (that is the reader's score, not this command's): every word
        // read must still be one laid word's cards in order, never two words joined or a word
        // reordered, and most words must come out whole.
        func isOrderedPart(_ read: [String], of laid: [String]) -> Bool {
            var i = laid.startIndex
            for c in read {
                guard let j = laid[i...].firstIndex(of: c) else { return false }
                i = j + 1
            }
            return true
        }
        for w in words { #expect(truth.contains { isOrderedPart(w, of: $0) }, "\(w) is not part of a laid word: laid \(truth)") }
        #expect(words.filter { truth.contains($0) }.count * 2 >= truth.count, "read \(words), laid \(truth)")
        let text = try runQuiddler(["score", path])
        #expect(text.stdout.contains("round score"))
    }
}
