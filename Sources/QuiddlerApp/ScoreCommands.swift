import ArgumentParser
import Foundation
import QuiddlerCapture
import QuiddlerGame
import QuiddlerReader

/// `quiddler score`: reads the words laid on the table in photos, checks and scores them.
struct ScoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score", abstract: "Read the words laid down on the table in photos, check them and score the round.",
        discussion: "Each photo is one player's cards. The cards of a word overlap or touch in a row (or a stack); words are apart; cards in no word are leftovers. With several photos the bonuses for the longest word and the most words are given too.")

    @Argument(help: "JPEG or PNG photos, one per player.") var images: [String]
    @Option(help: "A word list (default: the bundled list).") var dictionary: String?
    @Option(help: "A model folder (default: the shipped model).") var model: String?
    @Flag(help: "Print one JSON object.") var json = false

    struct Word: Encodable { let cards: [String]; let word: String; let valid: Bool; let points: Int; let sure: Bool }
    struct Player: Encodable {
        let image: String
        let words: [Word]
        let leftovers: [String]
        let leftoverPoints: Int
        let score: Int
        let longestWord: Int
        let wordCount: Int
        var longestWordBonus: Bool
        var mostWordsBonus: Bool
    }

    func run() throws {
        let trie = try DictionaryLoader.load(path: dictionary).trie
        let reader = try ModelLoading.reader(folder: model)
        reader.pace = .still
        let codec = JPEGCodec()
        var laid: [LaidDown] = [], players: [Player] = []
        for path in images {
            let image = try ImageFile.load(path, codec: codec)
            let detections = try reader.read(image)
            let grouped = WordGrouping.group(detections)
            let words = grouped.words.map { g in g.members.map { detections[$0] } }
            let l = LaidDown(words: words.map { ds in LaidWord(cards: ds.map(\.card), valid: trie.contains(ds.map(\.card.name).joined())) },
                             leftovers: grouped.leftovers.map { detections[$0].card })
            laid.append(l)
            let score = RoundScoring.score([l])[0]
            players.append(Player(
                image: path,
                words: zip(l.words, words).map { w, ds in Word(cards: w.cards.map(\.name), word: w.text, valid: w.valid, points: w.points, sure: ds.allSatisfy(\.sure)) },
                leftovers: l.leftovers.map(\.name), leftoverPoints: l.leftovers.reduce(0) { $0 + $1.points }, score: score.total,
                longestWord: l.words.filter(\.valid).map(\.length).max() ?? 0, wordCount: l.words.filter(\.valid).count,
                longestWordBonus: false, mostWordsBonus: false))
        }
        if laid.count > 1 {
            for (i, s) in RoundScoring.score(laid).enumerated() {
                players[i].longestWordBonus = s.longestWordBonus
                players[i].mostWordsBonus = s.mostWordsBonus
            }
        }
        if json { return try printJSON(["players": players]) }
        for p in players {
            print(p.image)
            if p.words.isEmpty && p.leftovers.isEmpty { print("  no cards found") }
            for w in p.words {
                let mark = w.valid ? "" : "   not in the dictionary: taken off"
                print("  \(w.word.uppercased())  \(w.cards.joined(separator: "/"))\(w.sure ? "" : " ?")  \(w.valid ? "+" : "-")\(w.points)\(mark)")
            }
            if !p.leftovers.isEmpty { print("  leftovers \(p.leftovers.joined(separator: " "))  -\(p.leftoverPoints)") }
            var line = "  round score \(p.score) · longest word \(p.longestWord) letters · \(p.wordCount) words"
            if p.longestWordBonus { line += " · +10 longest word" }
            if p.mostWordsBonus { line += " · +10 most words" }
            print(line)
        }
    }
}

/// `quiddler games`: the saved games.
struct GamesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "games", abstract: "List the saved games, the last changed first.")
    @Flag(help: "Print one JSON object.") var json = false

    struct Entry: Encodable { let id: String; let players: [String]; let round: Int; let finished: Bool; let totals: [Int]; let modified: String; let file: String }

    func run() throws {
        let store = GameStore.standard()
        let (games, unreadable) = store.list()
        let f = ISO8601DateFormatter()
        let entries = games.map { Entry(id: $0.game.id, players: $0.game.players, round: $0.game.round, finished: $0.game.isFinished,
                                        totals: $0.game.totals, modified: f.string(from: $0.modified), file: store.path($0.game.id)) }
        if json { return try printJSON(["games": entries]) }
        if entries.isEmpty { print("no saved games in \(store.folder); start one with 'quiddler --players anna,ben'") }
        for e in entries {
            let scores = zip(e.players, e.totals).map { "\(printable($0)) \($1)" }.joined(separator: ", ")
            print("\(e.id)  \(e.finished ? "finished" : "round \(e.round)")  \(scores)")
        }
        for path in unreadable { printError("note: \(path) cannot be read as a game; it is left as it is") }
    }
}

/// `quiddler sheet`: a saved game's score sheet.
struct SheetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sheet", abstract: "Print a saved game's score sheet.")
    @Argument(help: "The game's name (see 'quiddler games'), 'last', or a game file's path.") var game: String
    @Flag(help: "Print CSV.") var csv = false
    @Flag(help: "Print one JSON object.") var json = false

    func validate() throws {
        if csv && json { throw ValidationError("give --csv or --json, not both") }
    }

    struct Sheet: Encodable {
        struct Round: Encodable { let round: Int; let scores: [Int]?; let longestWord: [Bool]?; let mostWords: [Bool]?; let wentOut: [Bool?] }
        let id: String; let players: [String]; let rounds: [Round]; let totals: [Int]; let finished: Bool; let winners: [String]
    }

    func run() throws {
        let store = GameStore.standard()
        let g = game == "last" ? try store.latest() : try store.load(game)
        if csv { return print(ScoreSheet.csv(g), terminator: "") }
        if json {
            let rounds = (1...Game.rounds).map { r in
                let s = g.scores(round: r)
                return Sheet.Round(round: r, scores: s?.map(\.total), longestWord: s?.map(\.longestWordBonus), mostWords: s?.map(\.mostWordsBonus),
                                   wentOut: g.laid[r - 1].map { $0?.wentOut })
            }
            return try printJSON(Sheet(id: g.id, players: g.players, rounds: rounds, totals: g.totals, finished: g.isFinished, winners: g.winners))
        }
        print("game \(g.id)")
        for line in ScoreSheet.text(g) { print(line) }
    }
}
