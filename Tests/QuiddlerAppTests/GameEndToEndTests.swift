import Foundation
import QuiddlerGame
import QuiddlerTestSupport
import Testing

/// A whole game at the table, typed into the real app in tmux: three players, eight rounds,
/// bonuses, a tie, going out, a word corrected, a quit and `--continue`, and the final sheet;
/// and a game killed with SIGKILL that loses nothing entered.
extension PlayEndToEndTests {
    static let trie = Trie(try! WordList(bytes: [UInt8](FileManager.default.contents(atPath: TestPaths.dictionary)!)))

    /// What each player lays down, round by round (typed as the app reads it), and who went out.
    static let rounds: [[(text: String, out: Bool)]] = [
        [("c/a/t", true), ("a/t - b", false), ("- x/y/z", false)],            // anna longest; most words tied
        [("th/e a/t", true), ("c/a/t - q", false), ("d/o/g - v", false)],     // anna most words; longest tied (cat/dog 3)
        [("qu/i/e/t", false), ("t/e/a e/a/t - z", false), ("r/a/t a/r/t", true)],
        [("t/i/n a/t", false), ("d/o/g - k/j/x", false), ("qu/e/er - m", false)],
        [("i/n/t/o a/t", true), ("c/a/t t/e/a - w", false), ("a/r/t - f/f/v", false)],
        [("d/o/g t/i/n - p", false), ("qu/i/e/t a/t", true), ("e/a/t - y/y/k/z", false)],
        [("c/a/t r/a/t - b", false), ("th/e d/o/g - v", false), ("qu/e/er t/e/a", true)],
        [("a/r/t e/a/t - x", false), ("i/n/t/o c/a/t - q", false), ("t/i/n th/e", true)],
    ]
    static let players = ["anna", "ben", "cleo"]

    /// Types one player's entry at the scoring prompt.
    func enter(_ s: Session, _ text: String, out: Bool) throws {
        try s.keys("-l", "--", text)  // "--": a text starting with "-" is not an option
        if out { try s.keys("Tab") }
        Thread.sleep(forTimeInterval: 0.15)
        try s.keys("Enter")
    }

    /// Plays rounds `range` from the live screen: s, then each player's entry.
    func play(_ s: Session, rounds range: ClosedRange<Int>) throws {
        for r in range {
            try s.keys("s")
            #expect(s.wait(for: "Scoring · round \(r)"), "no scoring view for round \(r):\n\(s.screen)")
            for (p, entry) in Self.rounds[r - 1].enumerated() {
                // The scoring panel lists everyone ("cleo: —"): the player whose turn it is has ▸.
                #expect(s.wait(for: "▸ \(Self.players[p]): "), "no prompt for \(Self.players[p]) in round \(r):\n\(s.screen)")
                if r == 2 && p == 1 {
                    // ben first types a word wrong, sees it marked, goes back and fixes it in place.
                    try enter(s, "c/a/a - q", out: false)
                    #expect(s.wait(for: "not in the dictionary: caa"), "the misspelt word was not flagged:\n\(s.screen)")
                    try s.keys("Left")
                    #expect(s.wait(for: "ben: c/a/a - q"), "ben's entry was not shown for correcting:\n\(s.screen)")
                    for _ in 0..<"c/a/a - q".count { try s.keys("BSpace") }
                }
                try enter(s, entry.text, out: entry.out)
            }
            #expect(s.wait(for: "Score sheet"), "round \(r) was not scored:\n\(s.screen)")
            let scoredLine = "  \(r)   "
            #expect(s.wait(for: "running:") && s.screen.split(separator: "\n").contains { $0.contains(scoredLine) && $0.contains("running:") },
                    "round \(r) has no score on the sheet:\n\(s.screen)")
            try s.keys("Escape")
            Thread.sleep(forTimeInterval: 0.3)
        }
    }

    /// The totals the rules give for the rounds typed above, worked out here from the dictionary.
    static func expectedTotals() throws -> [Int] {
        var totals = [0, 0, 0]
        for round in rounds {
            let laid = try round.map { e -> LaidDown in
                var l = try LaidDown.parse(e.text, isWord: { trie.contains($0) })
                l.wentOut = e.out
                return l
            }
            for (i, s) in RoundScoring.score(laid).enumerated() { totals[i] += s.total }
        }
        return totals
    }

    @Test func aWholeGameIsTypedQuitContinuedAndScored() throws {
        let data = temporaryFolder()
        let env = ["XDG_DATA_HOME": data]
        do {
            let s = try Session(["--players", "anna,ben,cleo", "--source", try frame()], width: 120, height: 40, environment: env)
            #expect(s.wait(for: "anna 0 · ben 0 · cleo 0"), "the game did not start:\n\(s.screen)")
            try play(s, rounds: 1...4)
            try s.keys("q")
            #expect(s.wait(for: "EXITED 0"), "the app did not quit:\n\(s.screen)")
        }
        let middle = try runQuiddler(["sheet", "last", "--json"], environment: env)
        #expect(middle.status == 0, "\(middle.stderr)")
        #expect(middle.stdout.contains("\"finished\":false"))
        do {
            let s = try Session(["--continue", "--source", try frame()], width: 120, height: 40, environment: env)
            #expect(s.wait(for: "round 5 of 8"), "--continue did not resume at round 5:\n\(s.screen)")
            try play(s, rounds: 5...8)
            #expect(s.wait(for: "game over"), "no game over:\n\(s.screen)")
            try s.keys("S")
            let expected = try Self.expectedTotals()
            let best = expected.max()!
            let winners = Self.players.indices.filter { expected[$0] == best }.map { Self.players[$0] }
            #expect(s.wait(for: winners.count == 1 ? "winner: \(winners[0])" : "tie: "), "the sheet does not name the winner:\n\(s.screen)")
            try s.keys("Escape")
            try s.keys("q")
        }
        let sheet = try runQuiddler(["sheet", "last", "--json"], environment: env)
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(sheet.stdout.utf8)) as? [String: Any])
        let csvText = try runQuiddler(["sheet", "last", "--csv"], environment: env).stdout
        let expectedTotals = try Self.expectedTotals()
        #expect(obj["totals"] as? [Int] == expectedTotals, "expected \(expectedTotals):\n\(csvText)")
        #expect(obj["finished"] as? Bool == true)
        let rounds = try #require(obj["rounds"] as? [[String: Any]])
        // Round 1: anna's cat is the longest word; one word each for anna and ben: no most-words bonus.
        #expect(rounds[0]["longestWord"] as? [Bool] == [true, false, false])
        #expect(rounds[0]["mostWords"] as? [Bool] == [false, false, false])
        #expect(rounds[0]["wentOut"] as? [Bool] == [true, false, false])
        // The corrected word is what was kept.
        let csv = try runQuiddler(["sheet", "last", "--csv"], environment: env)
        #expect(csv.stdout.split(separator: "\n")[2].contains("cat"), "\(csv.stdout)")
        #expect(!csv.stdout.contains("caa"))
        let games = try runQuiddler(["games"], environment: env)
        #expect(games.stdout.contains("finished") && games.stdout.contains("anna"))
    }

    /// Killed without warning in the middle of a round, the game comes back with every entry
    /// made before the kill.
    @Test func sigkillLosesNothingEntered() throws {
        let data = temporaryFolder()
        let env = ["XDG_DATA_HOME": data]
        do {
            let s = try Session(["--players", "anna,ben,cleo", "--source", try frame()], width: 120, height: 40, environment: env)
            #expect(s.wait(for: "anna 0 · ben 0 · cleo 0"), "\(s.screen)")
            try s.keys("s")
            try enter(s, "c/a/t", out: true)
            #expect(s.wait(for: "▸ ben: "))
            try enter(s, "a/t - b", out: false)
            #expect(s.wait(for: "▸ cleo: "))
            try s.keys("-l", "--", "d/o")  // typing, not entered, when the kill comes
            try s.signal("KILL")
            #expect(s.wait(for: "EXITED 137"), "\(s.screen)")
        }
        let folder = data + "/quiddler/games"
        let files = try FileManager.default.contentsOfDirectory(atPath: folder)
        #expect(files.count == 1, "one game file and no temporary left: \(files)")
        let game = try JSONDecoder().decode(Game.self, from: try #require(FileManager.default.contents(atPath: folder + "/" + files[0])))
        #expect(game.laid[0][0]?.words.map(\.text) == ["cat"] && game.laid[0][0]?.wentOut == true)
        #expect(game.laid[0][1]?.leftovers.map(\.name) == ["b"])
        #expect(game.laid[0][2] == nil)
        // And the app goes on from there: s opens at cleo.
        let s = try Session(["--continue", "--source", try frame()], width: 120, height: 40, environment: env)
        #expect(s.wait(for: "round 1 of 8"))
        try s.keys("s")
        #expect(s.wait(for: "▸ cleo: "), "scoring did not resume at cleo:\n\(s.screen)")
        try s.keys("Escape")
        try s.keys("q")
    }

    @Test func aDamagedGameFileIsReportedAndLeftAlone() throws {
        let data = temporaryFolder()
        let folder = data + "/quiddler/games"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data("{\"players\": [\"a\"".utf8).write(to: URL(fileURLWithPath: folder + "/broken.json"))
        let r = try runQuiddler(["--continue"], environment: ["XDG_DATA_HOME": data])
        #expect(r.status != 0)
        #expect(r.stderr.contains("broken.json") && r.stderr.contains("left as it is"), "\(r.stderr)")
        #expect(String(decoding: FileManager.default.contents(atPath: folder + "/broken.json")!, as: UTF8.self) == "{\"players\": [\"a\"")
        let sheet = try runQuiddler(["sheet", "nosuchgame"], environment: ["XDG_DATA_HOME": data])
        #expect(sheet.status != 0 && sheet.stderr.contains("quiddler games"), "\(sheet.stderr)")
        let games = try runQuiddler(["games"], environment: ["XDG_DATA_HOME": data])
        #expect(games.stderr.contains("broken.json"))
    }
}
