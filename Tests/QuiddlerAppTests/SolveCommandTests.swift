import Foundation
import QuiddlerTestSupport
import Testing

@Suite struct SolveCommandTests {
    @Test func seedExampleAsJSON() throws {
        let r = try runQuiddler(["solve", "--hand", "a/cl/g/in/th/m/p/o/u/y", "--discard", "n", "--json"])
        #expect(r.status == 0)
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(obj["action"] as? String == "take-discard")
        #expect(obj["pickUp"] as? String == "n")
        #expect(obj["drop"] as? String == "a")
        #expect(obj["score"] as? Int == 58)
        #expect(obj["goingOut"] as? Bool == true)
        for key in ["words", "leftover", "keepScore", "takeScore", "takeDrop", "blindExpected", "blindGoingOutChance"] {
            #expect(obj[key] != nil, "missing \(key)")
        }
        let words = try #require(obj["words"] as? [[String: Any]])
        #expect(words.reduce(0) { $0 + ($1["points"] as? Int ?? 0) } == 58)
    }

    @Test func splitWithoutDiscard() throws {
        let r = try runQuiddler(["solve", "--hand", "c a t", "--json"])
        #expect(r.status == 0)
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(obj["score"] as? Int == 8 + 2 + 3)
        #expect(obj["goingOut"] as? Bool == true)
    }

    @Test func drawBlindHasNullPickUp() throws {
        // Nothing in the discard helps a hand that already goes out with its best word.
        let r = try runQuiddler(["solve", "--hand", "q/u/i/z", "--discard", "x", "--json"])
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(obj["action"] as? String == "draw-blind")
        #expect(obj["pickUp"] is NSNull)
    }

    @Test(arguments: [
        (["solve", "--hand", "a/b/zz"], "unknown card 'zz'"),
        (["solve", "--hand", "a/b"], "3 to 10 cards"),
        (["solve", "--hand", "j/j/a", "--discard", "j"], "copies of 'j'"),
        (["solve", "--hand", "a/b/c", "--discard", "a/b"], "the discard is one card, but 'a/b' names 2"),
        (["solve", "--hand", "a/b/\u{202E}zz"], "unknown card '\\u{202E}zz'"),
        (["solve", "--hand", "a/b/c", "--dictionary", "/nonexistent/words.txt"], "does not exist"),
        (["solve"], "--hand"),
        (["solve", "--hand", "a/b/c", "--bogus"], "--bogus"),
        (["bench", "solve", "--size", "12"], "--size"),
    ])
    func badInputGivesOneLineAndNonZeroExit(args: [String], fragment: String) throws {
        let r = try runQuiddler(args)
        #expect(r.status != 0)
        #expect(r.stderr.hasPrefix("error: "))
        #expect(r.stderr.contains(fragment), "\(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
        #expect(r.stdout.isEmpty)
    }

    @Test func customDictionaryReportsSkippedLines() throws {
        let dir = temporaryFolder()
        let path = dir + "/list.txt"
        try "CAT\nact\ndon't\nx\nact\n".write(toFile: path, atomically: true, encoding: .utf8)
        let r = try runQuiddler(["solve", "--hand", "c/a/t", "--dictionary", path, "--json"])
        #expect(r.status == 0)
        #expect(r.stderr.contains("skipped 3 lines: 1 not made of the letters a–z only, 1 shorter than two letters, 1 duplicates"))
        #expect(r.stdout.contains("\"goingOut\":true"))
    }

    @Test func helpExitsZero() throws {
        let r = try runQuiddler(["solve", "--help"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("--discard"))
    }
}
