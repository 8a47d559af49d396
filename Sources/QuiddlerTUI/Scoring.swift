import QuiddlerGame
import QuiddlerReader

/// The end of a round, in the app: each player in turn types (or reads from the camera) the
/// words laid down; words are checked as they are typed; Enter scores the player and moves on;
/// after the last player the round is scored, bonuses and all, and the sheet is shown. Every
/// change to the game is saved.

/// Opens the scoring prompt for the current round, at the first player not yet entered.
func startScoring(_ state: AppState) -> (AppState, [Effect]) {
    var s = state
    guard let game = s.game else {
        s.notice = Notice("no game yet: P names the players (or start with quiddler --players anna,ben)", error: true)
        return (s, [])
    }
    let r = game.round
    let player = game.laid[r - 1].firstIndex { $0 == nil } ?? 0
    return openPlayer(s, player)
}

/// The prompt for `player`, filled with what was entered for them this round, if anything.
private func openPlayer(_ state: AppState, _ player: Int) -> (AppState, [Effect]) {
    var s = state
    guard let game = s.game else { return (s, []) }
    let entered = game.laid[game.round - 1][player]
    let text = entered?.typed ?? ""
    s.mode = .scoring(player: player, text: text, wentOut: entered?.wentOut ?? false)
    s.preview = nil
    s.pendingCommit = nil
    s.notice = Notice("round \(game.round): \(game.players[player])'s words, e.g. qu/e/er cl/o/y - x (leftovers after -)")
    return (s, text.isEmpty ? [] : [.checkLaidDown(text)])
}

func scoringKey(_ state: AppState, _ key: Key, player: Int, text: String, wentOut: Bool) -> (AppState, [Effect]) {
    var s = state
    guard let game = s.game else { s.mode = .live; return (s, []) }
    switch key {
    case .escape:
        s.mode = .live
        s.notice = Notice("scoring paused; s goes on, S shows the sheet")
        return (s, [])
    case .tab:
        s.mode = .scoring(player: player, text: text, wentOut: !wentOut)
        return (s, [])
    case .left, .right:
        let next = (player + (key == .left ? game.players.count - 1 : 1)) % game.players.count
        return openPlayer(s, next)
    case .down:
        // Read the words from the camera: the cards in view grouped by how they lie.
        guard let dets = s.live?.detections, !dets.isEmpty else {
            s.notice = Notice("no cards in view: point the camera at the words on the table", error: true)
            return (s, [])
        }
        let grouped = WordGrouping.group(dets)
        var typed = grouped.words.map { $0.members.map { dets[$0].card.name }.joined(separator: "/") }.joined(separator: " ")
        if !grouped.leftovers.isEmpty { typed += (typed.isEmpty ? "- " : " - ") + grouped.leftovers.map { dets[$0].card.name }.joined(separator: "/") }
        s.mode = .scoring(player: player, text: typed, wentOut: wentOut)
        s.notice = Notice("read \(grouped.words.count) words and \(grouped.leftovers.count) leftovers: fix any card by typing, then Enter")
        return (s, [.checkLaidDown(typed)])
    case .enter:
        if let p = s.preview, p.text == text { return commit(s, player: player, preview: p, wentOut: wentOut) }
        s.pendingCommit = text
        return (s, [.checkLaidDown(text)])
    case .backspace:
        let next = String(text.dropLast())
        s.mode = .scoring(player: player, text: next, wentOut: wentOut)
        return (s, [.checkLaidDown(next)])
    case .char(let c) where c.isLetter || c == " " || c == "/" || c == "-":
        guard text.count < 120 else { return (s, []) }
        let next = text + String(c).lowercased()
        s.mode = .scoring(player: player, text: next, wentOut: wentOut)
        return (s, [.checkLaidDown(next)])
    default:
        return (s, [])
    }
}

/// A checked reading came back: show it, and commit it if Enter was waiting for it.
func laidDownChecked(_ state: AppState, _ preview: LaidDownPreview) -> (AppState, [Effect]) {
    var s = state
    guard case .scoring(let player, let text, let wentOut) = s.mode, preview.text == text else { return (s, []) }
    s.preview = preview
    if s.pendingCommit == text {
        s.pendingCommit = nil
        return commit(s, player: player, preview: preview, wentOut: wentOut)
    }
    return (s, [])
}

/// Enters a player's cards for the round, saves, and moves to the next player (or scores the round).
private func commit(_ state: AppState, player: Int, preview: LaidDownPreview, wentOut: Bool) -> (AppState, [Effect]) {
    var s = state
    guard var game = s.game else { return (s, []) }
    guard var laid = preview.laid else {
        s.notice = Notice(preview.problem ?? "nothing to enter", error: true)  // the game keeps the old entry
        return (s, [])
    }
    if wentOut && !laid.leftovers.isEmpty {
        s.notice = Notice("a player who went out has no leftovers: remove them or press Tab", error: true)
        return (s, [])
    }
    let size = Game.handSize(round: game.round)
    laid.wentOut = wentOut
    let r = game.round
    game.laid[r - 1][player] = laid
    s.game = game
    var notes = ["\(game.players[player]): \(laid.words.filter(\.valid).count) words"]
    if laid.cardCount != size { notes.append("\(laid.cardCount) cards, round \(r) deals \(size): check them") }
    let invalid = laid.words.filter { !$0.valid }.map(\.text)
    if !invalid.isEmpty { notes.append("not in the dictionary: \(invalid.joined(separator: ", ")) (taken off)") }
    if let next = game.laid[r - 1].firstIndex(where: { $0 == nil }) {
        var (t, e) = openPlayer(s, next)
        t.notice = Notice(notes.joined(separator: "; "), error: laid.cardCount != size || !invalid.isEmpty)
        e.insert(.saveGame(game), at: 0)
        return (t, e)
    }
    // The round is complete: score it and move on.
    if r < Game.rounds { game.round = r + 1 }
    s.game = game
    s.round = game.round
    s.mode = .sheet
    s.preview = nil
    s.notice = Notice(game.isFinished ? "game over: " + winnerText(game) : "round \(r) scored; round \(game.round) next (s scores it)")
    return (s, [.saveGame(game)])
}

func winnerText(_ game: Game) -> String {
    let w = game.winners
    return w.count == 1 ? "\(w[0]) wins with \(game.totals.max() ?? 0)" : "a tie between \(w.joined(separator: ", ")) at \(game.totals.max() ?? 0)"
}

func playersKey(_ state: AppState, _ key: Key, text: String) -> (AppState, [Effect]) {
    var s = state
    switch key {
    case .escape:
        s.mode = .live
    case .enter:
        let names = text.split(separator: ",").map { String($0).trimmingCharacters(in: " ") }.filter { !$0.isEmpty }
        do {
            _ = try Game(id: "check", players: names)
        } catch {
            s.notice = Notice("\(error)", error: true)
            return (s, [])
        }
        s.mode = .live
        return (s, [.newGame(players: names)])
    case .backspace:
        s.mode = .players(text: String(text.dropLast()))
    case .char(let c) where (c.isLetter || c.isNumber || c == "," || c == " " || c == "-") && text.count < 100:
        s.mode = .players(text: text + String(c))
    default: break
    }
    return (s, [])
}
