import Foundation
import QuiddlerGame
import QuiddlerTestSupport
import Testing

@Suite struct SeedExampleTests {
    @Test func theSeedHandTakesNAndGoesOutWith58() throws {
        let trie = Trie(try WordList(bytes: Array(try String(contentsOfFile: TestPaths.dictionary, encoding: .utf8).utf8)))
        let solver = Solver(trie: trie)
        let d = try solver.decide(hand: try CardParser.hand("a/cl/g/in/th/m/p/o/u/y"), discard: Card("n")!)
        #expect(d.action == .takeDiscard)
        #expect(d.takeDrop == Card("a"))
        #expect(d.take.score == 58)
        #expect(d.take.goingOut)
        for w in d.take.words { #expect(trie.contains(w.word)) }
    }
}
