import QuiddlerGame
import QuiddlerImage
import QuiddlerReader

/// Draws the whole screen for a state into a grid of `width × height` cells.
public func view(_ s: AppState, width: Int, height: Int) -> Grid {
    var g = Grid(width: width, height: height)
    guard width >= 60, height >= 16 else {
        let lines = ["terminal too small", "need 60×16, have \(width)×\(height)", "q quits"]
        for (i, line) in lines.enumerated() {
            let y = height / 2 - 1 + i
            g.put(line, x: max(0, (width - line.count) / 2), y: y, bold: i == 0)
        }
        return g
    }
    if s.mode == .help { return helpScreen(s, width: width, height: height) }
    if s.mode == .sheet, let game = s.game { return sheetScreen(game, notice: s.notice, width: width, height: height) }

    let bottom = 3
    // The picture takes most of the width; the hand, suggestion and rounds stay compact.
    let rightW = min(46, max(30, width * 2 / 5)), camW = width - rightW, rightX = camW
    let bodyH = height - bottom
    g.box(x: 0, y: 0, width: camW, height: bodyH, title: "Camera", color: .cyan)
    drawCamera(s, into: &g, x: 1, y: 1, w: camW - 2, h: bodyH - 2)

    let handH = 5, roundsH = 4
    let suggestionH = bodyH - handH - roundsH
    g.box(x: rightX, y: 0, width: rightW, height: handH, title: "Hand · round \(s.round) · \(s.handSize) cards", color: .cyan)
    drawHand(s, into: &g, x: rightX + 2, y: 1, w: rightW - 4)
    if case .scoring(let player, let text, let wentOut) = s.mode, let game = s.game {
        g.box(x: rightX, y: handH, width: rightW, height: suggestionH, title: "Scoring · round \(game.round)", color: .yellow)
        drawScoring(s, game: game, player: player, text: text, wentOut: wentOut, into: &g, x: rightX + 2, y: handH + 1, w: rightW - 4, h: suggestionH - 2)
    } else {
        g.box(x: rightX, y: handH, width: rightW, height: suggestionH, title: "Suggestion", color: .cyan)
        drawSuggestion(s, into: &g, x: rightX + 2, y: handH + 1, w: rightW - 4, h: suggestionH - 2)
    }
    g.box(x: rightX, y: handH + suggestionH, width: rightW, height: roundsH, title: "Rounds", color: .cyan)
    drawRounds(s, into: &g, x: rightX + 2, y: handH + suggestionH + 1, w: rightW - 4)

    g.put(statusLine(s), x: 0, y: height - 3, fg: statusColor(s), maxWidth: width)
    if let prompt = promptLine(s) {
        g.put(prompt, x: 0, y: height - 2, fg: .yellow, bold: true, maxWidth: width)
        if let problem = liveProblem(s) { g.put("  " + problem, x: prompt.count, y: height - 2, fg: .red, maxWidth: width - prompt.count) }
    } else if let n = s.notice {
        g.put(n.text, x: 0, y: height - 2, fg: n.isError ? .red : .green, maxWidth: width)
    }
    g.put(keysLine(s, width: width), x: 0, y: height - 1, reverse: true, maxWidth: width)
    return g
}

/// The camera panel: the frame as half-block colour art (or a brightness ramp) with an ASCII box
/// around every index the detector read, labelled with its letters.
func drawCamera(_ s: AppState, into g: inout Grid, x: Int, y: Int, w: Int, h: Int) {
    guard w > 2, h > 2 else { return }
    guard let live = s.live else {
        let lines: [String]
        switch s.status.state {
        case .none(let why): lines = ["no camera: \(why)", "", "r deals a demo hand", "m types a hand"]
        default: lines = ["waiting for a frame…"]
        }
        for (i, l) in lines.enumerated() { g.put(l, x: x + 1, y: y + 1 + i, maxWidth: w - 2) }
        return
    }
    let img = live.thumbnail
    // Fit the frame into w × 2h pixels (cells are about twice as tall as wide).
    let aspect = Float(live.frameWidth) / Float(max(1, live.frameHeight))
    var pw = w, ph = Int(Float(w) / aspect)
    if ph > 2 * h { ph = 2 * h; pw = Int(Float(ph) * aspect) }
    let ox = x + (w - pw) / 2, oy = y + (h - (ph + 1) / 2) / 2
    let ramp = Array(" .:-=+*#%@")
    for cy in 0..<((ph + 1) / 2) {
        for cx in 0..<pw {
            let top = sample(img, cx, 2 * cy, pw, ph), bot = sample(img, cx, min(2 * cy + 1, ph - 1), pw, ph)
            if s.color {
                g[ox + cx, oy + cy] = Cell("▀", fg: .rgb(top.r, top.g, top.b), bg: .rgb(bot.r, bot.g, bot.b))
            } else {
                let l = (Int(top.r) + Int(top.g) + Int(top.b) + Int(bot.r) + Int(bot.g) + Int(bot.b)) / 6
                g[ox + cx, oy + cy] = Cell(ramp[min(ramp.count - 1, l * ramp.count / 256)])
            }
        }
    }
    // Box overlays.
    let sx = Float(pw) / Float(live.frameWidth), sy = Float(ph) / 2 / Float(live.frameHeight)
    for (i, d) in live.detections.enumerated() {
        let box = RotatedBox(center: d.center, width: d.size * 1.8, height: d.size * 1.5, angle: d.angle).corners
        let x0 = ox + Int((box.map(\.x).min() ?? 0) * sx), x1 = ox + Int(((box.map(\.x).max() ?? 0) * sx).rounded(.up))
        let y0 = oy + Int((box.map(\.y).min() ?? 0) * sy), y1 = oy + Int(((box.map(\.y).max() ?? 0) * sy).rounded(.up))
        let isDiscard = live.discard.map { $0.center == d.center && $0.card == d.card } ?? false
        let colour: TermColor = isDiscard ? .magenta : d.sure ? .green : .yellow
        let bx0 = max(x, min(x0, x + w - 1)), bx1 = max(bx0, min(max(x1, x0 + 1), x + w - 1))
        let by0 = max(y, min(y0, y + h - 1)), by1 = max(by0, min(max(y1, y0 + 1), y + h - 1))
        for xx in bx0...bx1 { g[xx, by0] = Cell("-", fg: colour, bg: .black); g[xx, by1] = Cell("-", fg: colour, bg: .black) }
        for yy in by0...by1 { g[bx0, yy] = Cell("|", fg: colour, bg: .black); g[bx1, yy] = Cell("|", fg: colour, bg: .black) }
        for (cx, cy) in [(bx0, by0), (bx1, by0), (bx0, by1), (bx1, by1)] { g[cx, cy] = Cell("+", fg: colour, bg: .black) }
        let label = isDiscard ? "D\(d.card.name.uppercased())" : "\(i + 1)\(d.card.name.uppercased())"
        g.put(label, x: min(bx0 + 1, x + w - label.count), y: by0, fg: .black, bg: colour, bold: true, maxWidth: x + w - bx0)
    }
}

private func sample(_ img: RGBImage, _ x: Int, _ y: Int, _ w: Int, _ h: Int) -> RGB {
    guard img.width > 0, img.height > 0 else { return .black }
    return img[min(img.width - 1, x * img.width / max(w, 1)), min(img.height - 1, y * img.height / max(h, 1))]
}

func drawHand(_ s: AppState, into g: inout Grid, x: Int, y: Int, w: Int) {
    if s.hand.isEmpty {
        g.put("no hand yet: c captures it, m types it, r deals a demo", x: x, y: y, maxWidth: w)
    }
    var cx = x
    var row = y
    for (i, c) in s.hand.enumerated() {
        let label = "\(c.card.name.uppercased())\(c.card.points)\(c.shaky ? "?" : "")"
        if cx + label.count > x + w { cx = x; row += 1 }
        let selected = s.selected == i && s.mode == .live || s.mode == .correcting(index: i, text: modeText(s))
        g.put(label, x: cx, y: row, fg: c.shaky ? .yellow : .default, bold: true, reverse: selected, maxWidth: x + w - cx)
        cx += label.count + 1
    }
    let discardRow = y + 2
    var text = "discard: "
    if let d = s.discard { text += "\(d.card.name.uppercased())\(d.card.points)\(d.shaky ? "?" : "")" } else { text += "— (d captures it)" }
    let selected = s.selected == s.hand.count && s.discard != nil && s.mode == .live
    g.put(text, x: x, y: discardRow, reverse: selected, maxWidth: w)
    if s.frozen { g.put("frozen", x: x + w - 6, y: discardRow, fg: .cyan) }
}

private func modeText(_ s: AppState) -> String {
    if case .correcting(_, let t) = s.mode { return t }
    return ""
}

func drawSuggestion(_ s: AppState, into g: inout Grid, x: Int, y: Int, w: Int, h: Int) {
    var lines: [Line] = []
    switch s.suggestion {
    case nil:
        lines.append(Line(s.pendingSolve != nil ? "thinking…" : "capture or type a hand to get a suggestion"))
    case .decision(let d)?:
        if d.action == .takeDiscard {
            lines.append(Line("TAKE \(d.discard.name.uppercased()), DROP \(d.takeDrop.name.uppercased())", .green, bold: true))
        } else {
            lines.append(Line("DRAW BLIND", .yellow, bold: true))
        }
        lines.append(Line("blind: ≈\(format2(d.blindExpected).dropLast()), out \(Int((d.blindGoingOutChance * 100).rounded()))%"))
        lines += splitLines(d.split, s)
    case .split(let split)?:
        lines.append(Line("best split (no discard yet)", .cyan, bold: true))
        lines += splitLines(split, s)
    case .drop?:
        lines.append(Line("thinking…"))
    }
    if s.definitionsProblem != nil && s.suggestion != nil {
        lines += wrap("no definitions: apt-get install wordnet-base dict-gcide", width: w).map { Line($0, .yellow) }
    }
    // A word's gloss goes beside it when it fits there whole, else on the line below it.
    var rows: [Line] = []
    for l in lines {
        guard let gloss = l.gloss, l.text.count + 2 + gloss.count > w else { rows.append(l); continue }
        var word = l
        word.gloss = nil
        rows.append(word)
        rows.append(Line("  " + (gloss.count + 2 > w ? String(gloss.prefix(max(1, w - 3))) + "…" : gloss), .cyan))
    }
    for (i, l) in rows.prefix(h).enumerated() {
        g.put(l.text, x: x, y: y + i, fg: l.color, bold: l.bold, reverse: l.reverse, maxWidth: w)
        if let gloss = l.gloss { g.put("  " + gloss, x: x + l.text.count, y: y + i, fg: .cyan, maxWidth: w - l.text.count) }
    }
    if case .entry(let word) = s.mode { drawEntry(word, s.entryLines, into: &g, x: x - 2, y: y - 1, w: w + 4, h: h + 2) }
}

/// One line of the suggestion panel.
struct Line {
    var text: String
    var color: TermColor = .default
    var bold = false
    var reverse = false
    /// A short definition shown after the text when there is room.
    var gloss: String?

    init(_ text: String, _ color: TermColor = .default, bold: Bool = false, reverse: Bool = false, gloss: String? = nil) {
        (self.text, self.color, self.bold, self.reverse, self.gloss) = (text, color, bold, reverse, gloss)
    }
}

private func splitLines(_ split: Split, _ s: AppState) -> [Line] {
    var out: [Line] = []
    for (i, word) in split.words.enumerated() {
        let gloss = s.glosses[word.word] ?? nil
        out.append(Line("\(word.word.uppercased())  \(word.spelled)  \(word.points)", reverse: s.wordFocus == i, gloss: gloss))
    }
    if !split.leftover.isEmpty {
        out.append(Line("left: \(split.leftover.map(\.name).joined(separator: " ")) (-\(split.leftover.reduce(0) { $0 + $1.points }))", .red))
    }
    out.append(Line("score \(split.score)\(split.goingOut ? " · GOING OUT" : "")", split.goingOut ? .green : .default, bold: true))
    return out
}

/// A word's dictionary entry in a box over the suggestion panel.
func drawEntry(_ word: String, _ lines: [String]?, into g: inout Grid, x: Int, y: Int, w: Int, h: Int) {
    guard w > 10, h > 3 else { return }
    g.box(x: x, y: y, width: w, height: h, title: "\(word) · definition · Esc closes", color: .yellow)
    for yy in (y + 1)..<(y + h - 1) { g.put(String(repeating: " ", count: w - 2), x: x + 1, y: yy) }
    let body = (lines ?? ["looking up…"]).flatMap { wrap($0, width: w - 4) }
    for (i, l) in body.prefix(h - 2).enumerated() { g.put(l, x: x + 2, y: y + 1 + i, maxWidth: w - 4) }
}

/// Splits text into lines of at most `width` characters at spaces, indenting continuations.
func wrap(_ text: String, width: Int) -> [String] {
    guard width > 8, text.count > width else { return [text] }
    let indent = String(text.prefix { $0 == " " }) + "   "
    var out: [String] = [], line = ""
    for word in text.split(separator: " ") {
        let candidate = line.isEmpty ? (out.isEmpty ? String(text.prefix { $0 == " " }) : indent) + word : line + " " + word
        if candidate.count > width && !line.isEmpty {
            out.append(line)
            line = indent + word
        } else {
            line = candidate
        }
    }
    if !line.isEmpty { out.append(line) }
    return out
}

func drawRounds(_ s: AppState, into g: inout Grid, x: Int, y: Int, w: Int) {
    if let game = s.game {
        // A game: each player's total, the round being played.
        let totals = game.totals
        let line = game.players.indices.map { "\(printable(game.players[$0])) \(totals[$0])" }.joined(separator: " · ")
        g.put(line, x: x, y: y, maxWidth: w)
        g.put(game.isFinished ? "game over: " + winnerText(game) : "round \(game.round) of 8 · s scores it · S sheet", x: x, y: y + 1, bold: true, maxWidth: w)
        return
    }
    var parts: [String] = []
    for r in 1...8 {
        if let rec = s.records.first(where: { $0.round == r }) { parts.append("\(r):\(rec.score)") } else { parts.append(r == s.round ? "\(r):▸" : "\(r):·") }
    }
    var line = parts.joined(separator: " ")
    // Narrow: rounds still to come are dots without their numbers.
    if line.count > w { line = parts.map { $0.hasSuffix(":·") ? "·" : $0 }.joined(separator: " ") }
    g.put(line, x: x, y: y, maxWidth: w)
    g.put("total \(s.total)", x: x, y: y + 1, bold: true, maxWidth: w)
}

public func statusLine(_ s: AppState) -> String {
    let st = s.status
    var state: String
    switch st.state {
    case .running:
        if s.frozen { state = "frozen" }
        else if let live = s.live, live.settled != nil { state = live.settling > 0 ? "settling (\(live.settling))" : "settled" }
        else { state = "running" }
    case .disconnected(let n): state = "disconnected, retrying (\(n))"
    case .none(let why): state = "no camera (\(why)) · demo mode"
    case .demo: state = "demo"
    }
    // How old the reading on screen is: a frozen one ages, a live one stays fresh.
    if let live = s.live, s.now > 0, live.readAt > 0, st.state == .running {
        state += " · \(ageText(s.now - live.readAt))"
    }
    if s.keepCaptures { state += " · keeping hands" + (s.kept > 0 ? " (\(s.kept) kept)" : "") }
    let rate = st.fps > 0 ? " · \(format2(st.fps).dropLast()) fps · detect \(Int(st.latencyMs.rounded())) ms" : ""
    return "source: \(st.name)\(rate) · \(state)"
}

/// "read 0.3 s ago", "read 2 min ago".
func ageText(_ seconds: Double) -> String {
    let t = max(0, seconds)
    if t < 10 { return "read \(format2(t).dropLast()) s ago" }
    if t < 120 { return "read \(Int(t)) s ago" }
    return "read \(Int(t / 60)) min ago"
}

private func statusColor(_ s: AppState) -> TermColor {
    switch s.status.state {
    case .running: return .cyan
    case .disconnected: return .red
    default: return .yellow
    }
}

func promptLine(_ s: AppState) -> String? {
    switch s.mode {
    case .manual(let field, let hand, let discard):
        return field == 0 ? "hand: \(hand)▏  (Tab: discard \(discard.isEmpty ? "—" : discard))" : "discard: \(discard)▏  (Tab: hand \(hand))"
    case .correcting(let i, let text):
        return "card \(i + 1) is: \(text)▏"
    case .drawn(let text):
        return "you drew blind; the card drawn: \(text)▏"
    case .scoring(let player, let text, _):
        return "\(s.game.map { printable($0.players[player]) } ?? ""): \(text)▏"
    case .players(let text):
        return "players (comma between names): \(text)▏"
    default: return nil
    }
}

/// The problem with what is being typed, shown as it is typed.
func liveProblem(_ s: AppState) -> String? {
    if case .manual(_, let hand, let discard) = s.mode, !hand.isEmpty { return manualProblem(hand: hand, discard: discard) ?? "ok" }
    if let n = s.notice, n.isError { return n.text }
    return nil
}

func keysLine(_ s: AppState, width: Int = 200) -> String {
    let full = fullKeysLine(s)
    guard full.count > width, s.mode == .live, s.wordFocus == nil else { return full }
    // A narrow terminal gets the keys that matter most; ? lists them all.
    return " c capture · a accept · ←→ e fix · m type · r demo · ? keys · q quit "
}

private func fullKeysLine(_ s: AppState) -> String {
    switch s.mode {
    case .manual: return " type cards (a cl th …) · Tab hand/discard · Enter apply · Esc cancel "
    case .correcting, .drawn: return " type the card · Enter apply · Esc cancel "
    case .entry: return " Esc close the definition "
    case .scoring: return " type words (qu/e/er cl/o/y - leftovers) · ↓ read the camera · Tab went out · ←→ player · Enter score · Esc back "
    case .players: return " type the names, a comma between them · Enter start the game · Esc cancel "
    case .sheet: return " any key closes the sheet "
    default:
        if s.wordFocus != nil { return " Enter or ? what the word means · w next word · Esc back to the cards " }
        return " c capture · d discard · ←→ e correct · a accept · w words · u undo · m manual · r demo · n new · ? help · q quit "
    }
}

func helpScreen(_ s: AppState, width: Int, height: Int) -> Grid {
    var g = Grid(width: width, height: height)
    g.box(x: 0, y: 0, width: width, height: height, title: "quiddler · keys", color: .cyan)
    let lines = [
        "c        freeze the hand the camera reads (c again goes live); until then",
        "         the hand, and a discard lying apart, follow the camera",
        "d        take the card the camera reads best as the discard",
        "← →      move over the cards;  e or Enter: type the right kind",
        "a        accept the suggestion: take the discard and drop, or type the card",
        "         drawn blind; going out records the round          u  undo",
        "m        type the hand and the discard (Tab switches, Enter applies)",
        "r        deal a random demo hand        < >  change the round",
        "w        point at the suggested words; Enter or ? shows what one means",
        "n        new game          ?  this help          q  quit",
        "P        name the players to score a game; s scores the round, S the sheet",
        "k        keep each accepted hand (picture and cards) for train --finetune,",
        "         in \(s.capturesFolder) (now \(s.keepCaptures ? "on" : "off"); also --keep-captures)",
        "Scoring: a word (two or more cards) in the dictionary scores its cards'",
        "  points; leftovers and words not in it are taken off; +10 for the longest",
        "  word (a double-letter card counts two letters), +10 for the most words;",
        "  nobody gets a bonus that is tied.",
        "Cards are a–z and qu, in, er, cl, th; ? marks a shaky read. \(s.depth.name.prefix(1).uppercased() + s.depth.name.dropFirst()).",
        "Any key closes this help.",
    ]
    for (i, l) in lines.enumerated() where i + 2 < height - 1 { g.put(l, x: 2, y: i + 2, maxWidth: width - 4) }
    return g
}


/// The scoring panel: every player's state this round, and the current player's words as read
/// so far, the dictionary's verdict on each (a word it lacks is red and marked ✗), and points.
func drawScoring(_ s: AppState, game: Game, player: Int, text: String, wentOut: Bool, into g: inout Grid, x: Int, y: Int, w: Int, h: Int) {
    var row = y
    let r = game.round
    for (i, name) in game.players.enumerated() where row < y + h {
        let entered = game.laid[r - 1][i]
        let state = entered.map { "\($0.words.filter(\.valid).count) words, \($0.leftovers.count) left\($0.wentOut ? ", out" : "")" } ?? "—"
        g.put("\(i == player ? "▸" : " ") \(printable(name)): \(state)", x: x, y: row, bold: i == player, maxWidth: w)
        row += 1
    }
    row += 1
    guard row < y + h else { return }
    g.put("\(printable(game.players[player])) · \(wentOut ? "went out" : "did not go out (Tab)")", x: x, y: row, fg: wentOut ? .green : .default, maxWidth: w)
    row += 1
    guard let p = s.preview, p.text == text else {
        if !text.isEmpty, row < y + h { g.put("checking…", x: x, y: row, fg: .yellow, maxWidth: w) }
        return
    }
    if let problem = p.problem {
        g.put(problem, x: x, y: row, fg: .red, maxWidth: w)
        return
    }
    guard let laid = p.laid else { return }
    for word in laid.words where row < y + h {
        let label = "\(word.text.uppercased())  \(word.cards.map(\.name).joined(separator: "/"))  \(word.valid ? "+" : "−")\(word.points)\(word.valid ? "" : "  ✗ not a word")"
        g.put(label, x: x, y: row, fg: word.valid ? .default : .red, bold: word.valid, maxWidth: w)
        row += 1
    }
    if !laid.leftovers.isEmpty, row < y + h {
        let pts = laid.leftovers.reduce(0) { $0 + $1.points }
        g.put("leftovers \(laid.leftovers.map(\.name).joined(separator: " "))  −\(pts)", x: x, y: row, fg: .yellow, maxWidth: w)
        row += 1
    }
    if row < y + h {
        let score = RoundScoring.score([laid])[0]
        g.put("\(laid.cardCount) of \(Game.handSize(round: r)) cards · \(score.total) before bonuses", x: x, y: row, bold: true, maxWidth: w)
    }
}

/// The score sheet, full screen.
func sheetScreen(_ game: Game, notice: Notice?, width: Int, height: Int) -> Grid {
    var g = Grid(width: width, height: height)
    g.box(x: 0, y: 0, width: width, height: height - 1, title: "Score sheet · \(game.id)", color: .yellow)
    for (i, line) in ScoreSheet.text(game).enumerated() where i + 2 < height - 2 {
        g.put(line, x: 2, y: i + 2, bold: line.hasPrefix("total") || line.hasPrefix("winner") || line.hasPrefix("tie"), maxWidth: width - 4)
    }
    if let notice { g.put(notice.text, x: 2, y: height - 3, fg: notice.isError ? .red : .green, maxWidth: width - 4) }
    g.put(" any key closes the sheet ", x: 0, y: height - 1, reverse: true, maxWidth: width)
    return g
}
