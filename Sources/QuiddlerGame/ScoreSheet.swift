/// A game at the table: its players and, round by round, what each laid down. Saved after every
/// change; everything on the score sheet is worked out from it.
public struct Game: Codable, Equatable, Sendable {
    public static let rounds = 8
    /// The file format's version.
    public var format = 1
    /// A name for the game: its start, `2026-11-23-1402`.
    public var id: String
    public var players: [String]
    /// `laid[round][player]`, nil until entered; 8 rounds.
    public var laid: [[LaidDown?]]
    /// The round being played (1-8).
    public var round = 1

    /// - Throws: `GameError.badPlayers` for no players, more than eight, or names repeated or empty.
    public init(id: String, players: [String]) throws(GameError) {
        let names = players.map { $0.trimmingCharactersInSetWhitespace() }
        guard (1...8).contains(names.count) else { throw .badPlayers("a game has 1 to 8 players, not \(names.count)") }
        guard !names.contains(where: \.isEmpty) else { throw .badPlayers("a player's name is empty") }
        guard Set(names.map { $0.lowercased() }).count == names.count else { throw .badPlayers("two players have the same name") }
        guard names.allSatisfy({ $0.count <= 20 }) else { throw .badPlayers("a name is longer than 20 letters") }
        self.id = id
        self.players = names
        laid = Array(repeating: Array(repeating: nil, count: names.count), count: Game.rounds)
    }

    /// Hand size of a round: round + 2.
    public static func handSize(round: Int) -> Int { round + 2 }

    /// Whether every player's cards of `round` are entered.
    public func isComplete(round r: Int) -> Bool { laid[r - 1].allSatisfy { $0 != nil } }

    /// Scores of a round, once every player's cards are in.
    public func scores(round r: Int) -> [RoundScore]? {
        guard isComplete(round: r) else { return nil }
        return RoundScoring.score(laid[r - 1].map { $0! })
    }

    /// Each player's total over the complete rounds.
    public var totals: [Int] {
        var t = Array(repeating: 0, count: players.count)
        for r in 1...Game.rounds { if let s = scores(round: r) { for i in t.indices { t[i] += s[i].total } } }
        return t
    }

    public var isFinished: Bool { (1...Game.rounds).allSatisfy { isComplete(round: $0) } }

    /// The winners (more than one on a tie) once the game is finished.
    public var winners: [String] {
        guard isFinished, let best = totals.max() else { return [] }
        return players.indices.filter { totals[$0] == best }.map { players[$0] }
    }

    /// Checks a loaded game for what the format cannot say: eight rounds of one entry per player.
    public var problem: String? {
        if format != 1 { return "format \(format), this quiddler reads format 1" }
        if players.isEmpty || players.count > 8 { return "it has \(players.count) players" }
        if laid.count != Game.rounds || laid.contains(where: { $0.count != players.count }) { return "its rounds do not match its players" }
        if !(1...Game.rounds).contains(round) { return "its round is \(round)" }
        return nil
    }
}

extension String {
    func trimmingCharactersInSetWhitespace() -> String {
        var s = Substring(self)
        while s.first?.isWhitespace == true { s.removeFirst() }
        while s.last?.isWhitespace == true { s.removeLast() }
        return String(s)
    }
}

/// The score sheet of a game: rounds × players, with bonuses, running totals and the winner.
public enum ScoreSheet {
    /// A text table, one line per round.
    public static func text(_ game: Game) -> [String] {
        let width = max(6, game.players.map(\.count).max() ?? 0) + 1
        func cell(_ s: String) -> String { String(repeating: " ", count: max(0, width - s.count)) + s }
        var lines = ["round " + game.players.map { cell(printable($0)) }.joined()]
        var running = Array(repeating: 0, count: game.players.count)
        for r in 1...Game.rounds {
            guard let scores = game.scores(round: r) else {
                let entered = game.laid[r - 1].map { $0 == nil ? "" : "…" }
                lines.append("  \(r)   " + entered.map(cell).joined())
                continue
            }
            for i in running.indices { running[i] += scores[i].total }
            let parts = scores.indices.map { i -> String in
                let s = scores[i]
                let marks = (s.longestWordBonus ? "L" : "") + (s.mostWordsBonus ? "M" : "") + (game.laid[r - 1][i]?.wentOut == true ? "*" : "")
                return cell("\(s.total)\(marks)")
            }
            lines.append("  \(r)   " + parts.joined() + "   running: " + running.map(String.init).joined(separator: " "))
        }
        lines.append("total " + game.totals.map { cell(String($0)) }.joined())
        if game.isFinished {
            let w = game.winners
            lines.append(w.count == 1 ? "winner: \(printable(w[0]))" : "tie: " + w.map { printable($0) }.joined(separator: ", "))
        }
        lines.append("L longest word +10 · M most words +10 · * went out")
        return lines
    }

    /// CSV: round, then per player the round's score; then the totals.
    public static func csv(_ game: Game) -> String {
        func field(_ s: String) -> String { s.contains(where: { ",\"\n".contains($0) }) ? "\"" + s.replacingAll("\"", "\"\"") + "\"" : s }
        var rows = [(["round"] + game.players.flatMap { ["\($0) score", "\($0) words", "\($0) leftovers", "\($0) bonuses", "\($0) went out"] }).map(field).joined(separator: ",")]
        for r in 1...Game.rounds {
            let scores = game.scores(round: r)
            var row = [String(r)]
            for i in game.players.indices {
                let laid = game.laid[r - 1][i]
                let s = scores?[i]
                let bonus = s.map { ($0.longestWordBonus ? ["longest"] : []) + ($0.mostWordsBonus ? ["most"] : []) }?.joined(separator: " ") ?? ""
                row += [s.map { String($0.total) } ?? "", laid?.words.map { $0.text + ($0.valid ? "" : "?") }.joined(separator: " ") ?? "",
                        laid?.leftovers.map(\.name).joined(separator: " ") ?? "", bonus, laid.map { $0.wentOut ? "yes" : "no" } ?? ""]
            }
            rows.append(row.map(field).joined(separator: ","))
        }
        rows.append((["total"] + game.totals.flatMap { [String($0), "", "", "", ""] }).joined(separator: ","))
        return rows.joined(separator: "\n") + "\n"
    }
}

extension String {
    func replacingAll(_ a: String, _ b: String) -> String { split(separator: Character(a), omittingEmptySubsequences: false).joined(separator: b) }
}
