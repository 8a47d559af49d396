import Foundation
import QuiddlerGame
import QuiddlerTestSupport
import Testing

@Suite struct RoundScoringTests {
    static let words: Set<String> = ["queer", "cloy", "the", "at", "cat", "quiet", "in", "thin"]
    static func isWord(_ w: String) -> Bool { words.contains(w) }
    static func laid(_ text: String, out: Bool = false) throws -> LaidDown {
        var l = try LaidDown.parse(text, isWord: isWord)
        l.wentOut = out
        return l
    }

    @Test func typedWordsAreReadIntoCardsAndChecked() throws {
        let l = try Self.laid("qu/e/er cl/o/y xz - a/b")
        #expect(l.words.map(\.text) == ["queer", "cloy", "xz"])
        #expect(l.words.map(\.valid) == [true, true, false])
        #expect(l.words[0].cards.map(\.name) == ["qu", "e", "er"])
        #expect(l.leftovers.map(\.name) == ["a", "b"])
        #expect(l.typed == "qu/e/er cl/o/y x/z - a/b")
        // Plain letters take the double-letter cards: "quiet" is qu/i/e/t, "thin" is th/in.
        let plain = try Self.laid("quiet thin")
        #expect(plain.words.map { $0.cards.map(\.name) } == [["qu", "i", "e", "t"], ["th", "in"]])
        #expect(throws: GameError.self) { try Self.laid("q!") }
        #expect(try Self.laid("- x").words.isEmpty)
    }

    @Test func wordsCountLeftoversAndInvalidWordsAreTakenOff() throws {
        let s = RoundScoring.score([try Self.laid("cat zzz - b")])[0]
        let cat = ["c", "a", "t"].reduce(0) { $0 + Card($1)!.points }
        #expect(s.wordPoints == cat)
        #expect(s.penalty == 3 * Card("z")!.points + Card("b")!.points)
        #expect(!s.longestWordBonus && !s.mostWordsBonus, "no bonus without another player")
        #expect(s.total == s.wordPoints - s.penalty)
    }

    @Test func bonusesGoToTheSoleBestAndNobodyOnATie() throws {
        // ann: queer (5 letters) + at; ben: cloy + the + in (3 words; the one IN card alone would
        // be no word: a word takes two cards); cleo: cat.
        let scores = RoundScoring.score([try Self.laid("qu/e/er at"), try Self.laid("cl/o/y th/e i/n"), try Self.laid("c/a/t")])
        #expect(scores.map(\.longestWordBonus) == [true, false, false])
        #expect(scores.map(\.mostWordsBonus) == [false, true, false])
        #expect(scores[1].total == scores[1].wordPoints + RoundScore.bonus)
        // A tie for the longest word (queer and quiet, five letters each): no longest-word bonus.
        let tied = RoundScoring.score([try Self.laid("qu/e/er"), try Self.laid("qu/i/e/t"), try Self.laid("at i/n")])
        #expect(tied.allSatisfy { !$0.longestWordBonus })
        #expect(tied.map(\.mostWordsBonus) == [false, false, true])
        // An invalid long word does not win the longest-word bonus.
        let invalid = RoundScoring.score([try Self.laid("x/x/x/x/x/x/x"), try Self.laid("at")])
        #expect(invalid.map(\.longestWordBonus) == [false, true])
    }

    @Test func aGameTotalsItsRoundsAndNamesTheWinner() throws {
        var game = try Game(id: "t", players: ["ann", "ben"])
        #expect(throws: GameError.self) { try Game(id: "t", players: ["ann", "Ann"]) }
        #expect(throws: GameError.self) { try Game(id: "t", players: []) }
        #expect(game.scores(round: 1) == nil)
        for r in 1...Game.rounds {
            game.laid[r - 1][0] = try Self.laid("c/a/t", out: true)
            game.laid[r - 1][1] = try Self.laid("a/t - b")
        }
        #expect(game.isFinished)
        let ann = RoundScoring.score([try Self.laid("c/a/t"), try Self.laid("a/t - b")])
        #expect(game.totals == [8 * ann[0].total, 8 * ann[1].total])
        #expect(game.winners == ["ann"])
        let text = ScoreSheet.text(game)
        #expect(text.contains("winner: ann"))
        #expect(text.contains { $0.hasPrefix("  1 ") && $0.contains("L*") }, "\(text)")
        let csv = ScoreSheet.csv(game).split(separator: "\n")
        #expect(csv.count == 1 + Game.rounds + 1)
        #expect(csv[1].hasPrefix("1,\(ann[0].total),cat,,longest,yes,"))
        // Round trip through JSON, as saved.
        let back = try JSONDecoder().decode(Game.self, from: try JSONEncoder().encode(game))
        #expect(back == game && back.problem == nil)
    }
}
