import QuiddlerGame
import QuiddlerRandom
import Testing

@Suite struct WordListTests {
    @Test func countsSkippedLinesByReason() throws {
        let text = "cat\nDOG\n\ncat\nx\ndon't\nna me\n  bird \r\ncafé\n"
        let list = try WordList(bytes: Array(text.utf8))
        #expect(list.words.map { String(decoding: $0.map { $0 + 97 }, as: UTF8.self) } == ["bird", "cat", "dog"])
        #expect(list.skipped[.duplicate] == 1)
        #expect(list.skipped[.tooShort] == 1)
        #expect(list.skipped[.notLetters] == 3)
        #expect(list.skipSummary == "skipped 5 lines: 3 not made of the letters a–z only, 1 shorter than two letters, 1 duplicates")
    }

    @Test func emptyListIsAnError() {
        #expect(throws: GameError.emptyWordList(skipped: 2)) { try WordList(bytes: Array("1\n\n".utf8)) }
    }

    @Test func trieHoldsExactlyTheWords() throws {
        var rng = SeededGenerator(seed: 3)
        var words = Set<String>()
        for _ in 0..<2000 {
            let n = 2 + Int(rng.next() % 6)
            words.insert(String((0..<n).map { _ in Character(UnicodeScalar(UInt8(97 + rng.next() % 6))) }))
        }
        let trie = Trie(try WordList(Array(words)))
        #expect(trie.wordCount == words.count)
        for w in words { #expect(trie.contains(w)) }
        for _ in 0..<2000 {
            let n = 1 + Int(rng.next() % 8)
            let probe = String((0..<n).map { _ in Character(UnicodeScalar(UInt8(97 + rng.next() % 6))) })
            #expect(trie.contains(probe) == words.contains(probe))
        }
    }

    @Test func randomBytesNeverCrash() {
        var rng = SeededGenerator(seed: 11)
        for _ in 0..<500 {
            let bytes = (0..<Int(rng.next() % 200)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            if let list = try? WordList(bytes: bytes) {
                #expect(list.words.allSatisfy { $0.count >= 2 && $0.allSatisfy { $0 < 26 } })
            }
        }
    }
}
