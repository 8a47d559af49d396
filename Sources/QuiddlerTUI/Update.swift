import QuiddlerGame
import QuiddlerRandom
import QuiddlerImage
import QuiddlerReader

/// The app's one state transition: a pure function of the state and a message, returning the
/// new state and the work to start. Bad input never changes the hand: it only sets a notice.
public func update(_ state: AppState, _ msg: Msg) -> (AppState, [Effect]) {
    var s = state
    switch msg {
    case .key(let key): return handleKey(s, key)
    case .detected(let view):
        guard !s.frozen else { return (s, []) }
        s.live = view
        return followSettled(s)
    case .demoDetected(let view, let dealt, let discard):
        s.live = view
        s.frozen = true
        s.history.append(s.snapshot)
        let (hand, discardRead) = HandLayout.separate(view.detections)
        s.live?.discard = discardRead
        s.hand = hand.map(HandCard.init)
        s.discard = discardRead.map(HandCard.init) ?? HandCard(discard)
        s.selected = 0
        let read = hand.map(\.card)
        s.notice = Notice(read == dealt ? "demo: dealt and read \(names(dealt)), discard \(discard)"
                          : "demo: dealt \(names(dealt)); the camera read \(names(read)) — correct with ←/→ and e")
        return requestSolve(s)
    case .status(let status):
        s.status = status
        return (s, [])
    case .solved(let id, let result):
        guard id == s.pendingSolve else { return (s, []) }  // a stale answer
        s.pendingSolve = nil
        if case .drop(let split, let drop, let drawn) = result {
            return applyDrawnDrop(s, split: split, drop: drop, drawn: drawn)
        }
        s.suggestion = result
        s.wordFocus = nil
        let unknown = s.suggestedWords.filter { s.glosses[$0] == nil }
        return (s, unknown.isEmpty || s.definitionsProblem != nil ? [] : [.gloss(unknown)])
    case .failed(let text):
        s.notice = Notice(text, error: true)
        return (s, [])
    case .solveFailed(let id, let text):
        // Only the answer to the request still awaited clears it ("thinking…" stops).
        if id == s.pendingSolve { s.pendingSolve = nil }
        s.notice = Notice(text, error: true)
        return (s, [])
    case .glossed(let glosses):
        s.glosses.merge(glosses) { _, new in new }
        return (s, [])
    case .definitionsUnavailable(let why):
        s.definitionsProblem = why
        return (s, [])
    case .defined(let word, let lines):
        if case .entry(word) = s.mode { s.entryLines = lines }
        return (s, [])
    case .laidDownChecked(let preview): return laidDownChecked(s, preview)
    case .gameStarted(let game):
        s.game = game
        s.round = game.round
        s.notice = Notice("game of \(game.players.joined(separator: ", ")) started: s scores a round, S shows the sheet")
        return (s, [])
    case .gameNotSaved(let why):
        s.notice = Notice("the game could not be saved: \(why)", error: true)
        return (s, [])
    case .tick(let now):
        s.now = now
        return (s, [])
    case .captureKept(let name):
        s.kept += 1
        s.notice = Notice("kept \(name) in \(s.capturesFolder): quiddler train --finetune learns from it")
        return (s, [])
    }
}

/// The hand follows the camera's settled reading, and a card lying apart from it is the discard.
/// When the hand holds the round's cards the suggestion comes by itself, and again whenever the
/// settled hand or discard changes.
private func followSettled(_ state: AppState) -> (AppState, [Effect]) {
    var s = state
    guard let settled = s.live?.settled, !settled.isEmpty, s.mode == .live else { return (s, []) }
    let (handReads, discardRead) = HandLayout.separate(settled)
    s.live?.discard = discardRead
    let handChanged = handReads.map(\.card) != s.hand.map(\.card)
    let discardChanged = discardRead.map { $0.card != s.discard?.card } ?? false
    guard handChanged || discardChanged else { return (s, []) }
    if handChanged {
        s.hand = handReads.map(HandCard.init)
        s.selected = min(s.selected, max(0, s.hand.count - 1))
    }
    if let d = discardRead, discardChanged {
        s.discard = HandCard(d)
        s.notice = Notice("discard \(d.card.name.uppercased()) read apart from the hand; d captures another")
    }
    guard s.hand.count == s.handSize else {
        s.suggestion = nil
        s.pendingSolve = nil
        return (s, [])
    }
    return requestSolve(s)
}

private func names(_ cards: [Card]) -> String { cards.map(\.name).joined(separator: " ") }

/// Asks the solver about the current hand, dropping any answer still on its way.
func requestSolve(_ state: AppState) -> (AppState, [Effect]) {
    var s = state
    s.suggestion = nil
    s.pendingSolve = nil
    let cards = s.hand.map(\.card)
    guard (3...10).contains(cards.count) else {
        if !cards.isEmpty { s.notice = Notice("a hand holds 3 to 10 cards; this one has \(cards.count)", error: true) }
        return (s, [])
    }
    do {
        try CardParser.checkAgainstDeck([cards, s.discard.map { [$0.card] } ?? []])
    } catch {
        s.notice = Notice("\(error); correct the card with ←/→ and e", error: true)
        return (s, [])
    }
    let id = s.nextRequest
    s.nextRequest += 1
    s.pendingSolve = id
    return (s, [.solve(id: id, hand: cards, discard: s.discard?.card)])
}

private func handleKey(_ state: AppState, _ key: Key) -> (AppState, [Effect]) {
    switch state.mode {
    case .help:
        var s = state
        s.mode = .live
        return (s, [])
    case .manual(let field, let hand, let discard): return manualKey(state, key, field: field, hand: hand, discard: discard)
    case .correcting(let index, let text): return correctingKey(state, key, index: index, text: text)
    case .drawn(let text): return drawnKey(state, key, text: text)
    case .entry: return entryKey(state, key)
    case .live: return liveKey(state, key)
    case .scoring(let player, let text, let wentOut): return scoringKey(state, key, player: player, text: text, wentOut: wentOut)
    case .players(let text): return playersKey(state, key, text: text)
    case .sheet:
        var s = state
        s.mode = .live
        return (s, [])
    }
}

/// With a dictionary entry open: Esc (or Enter, or q) closes it; other keys say how.
private func entryKey(_ state: AppState, _ key: Key) -> (AppState, [Effect]) {
    var s = state
    switch key {
    case .escape, .enter, .char("q"), .char("?"):
        s.mode = .live
        s.entryLines = nil
        s.notice = nil
    default:
        s.notice = Notice("Esc closes the definition")
    }
    return (s, [])
}

/// Points at the next suggested word (w), or at none after the last.
private func focusNextWord(_ state: AppState) -> (AppState, [Effect]) {
    var s = state
    let words = s.suggestedWords
    guard !words.isEmpty else {
        s.notice = Notice("no suggested words yet: capture or type a hand first", error: true)
        return (s, [])
    }
    let next = (s.wordFocus ?? -1) + 1
    s.wordFocus = next < words.count ? next : nil
    if let f = s.wordFocus { s.notice = Notice("\(words[f]): Enter or ? shows what it means; w moves on") }
    return (s, [])
}

/// Opens the entry of the word in focus.
private func openEntry(_ state: AppState, word: String) -> (AppState, [Effect]) {
    var s = state
    if let problem = s.definitionsProblem {
        s.notice = Notice(problem, error: true)
        return (s, [])
    }
    s.mode = .entry(word: word)
    s.entryLines = nil
    return (s, [.define(word)])
}

private func liveKey(_ state: AppState, _ key: Key) -> (AppState, [Effect]) {
    var s = state
    s.notice = nil
    switch key {
    case .char("q"), .char("Q"): return (s, [.quit])
    case .char("?") where s.focusedWord != nil, .enter where s.focusedWord != nil:
        return openEntry(s, word: s.focusedWord ?? "")
    case .char("w"): return focusNextWord(s)
    case .char("s"): return startScoring(s)
    case .char("S"):
        guard s.game != nil else {
            s.notice = Notice("no game yet: P names the players", error: true)
            return (s, [])
        }
        s.mode = .sheet
    case .char("P"): s.mode = .players(text: "")
    case .char("?"), .char("h"): s.mode = .help
    case .char("c"):
        if s.frozen {
            s.frozen = false
            s.notice = Notice("live again: the hand stays until you capture a new one")
            return (s, [])
        }
        guard let dets = s.live?.detections, !dets.isEmpty else {
            s.notice = Notice("no cards in view: hold the hand up to the camera, or press m to type it", error: true)
            return (s, [])
        }
        s.history.append(s.snapshot)
        s.hand = dets.map(HandCard.init)
        s.frozen = true
        s.selected = 0
        if s.hand.count != s.handSize {
            s.notice = Notice("read \(s.hand.count) cards; round \(s.round) deals \(s.handSize): check them", error: true)
        }
        return requestSolve(s)
    case .char("d"):
        guard let best = s.live?.detections.max(by: { $0.confidence < $1.confidence }) else {
            s.notice = Notice("no card in view: show the discard to the camera, or press m to type it", error: true)
            return (s, [])
        }
        s.history.append(s.snapshot)
        s.discard = HandCard(best)
        return requestSolve(s)
    case .left, .char("["):
        s.selected = max(0, s.selected - 1)
    case .right, .char("]"):
        s.selected = min(s.hand.count - (s.discard == nil ? 1 : 0), s.selected + 1)
        s.selected = max(0, s.selected)
    case .char("e"), .enter:
        guard !s.hand.isEmpty || s.discard != nil else {
            s.notice = Notice("no cards to correct yet: capture with c or type with m", error: true)
            return (s, [])
        }
        s.mode = .correcting(index: min(s.selected, s.hand.count), text: "")
    case .char("a"):
        let (next, effects) = accept(s)
        let accepted = next.history.count > s.history.count || next.mode != s.mode
        guard accepted, s.keepCaptures else { return (next, effects) }
        switch captureEffect(s) {
        case .success(let capture): return (next, effects + [capture])
        case .failure(let why):
            var n = next
            n.notice = Notice((n.notice.map { $0.text + "; " } ?? "") + "not kept: \(why.text)")
            return (n, effects)
        }
    case .char("k"):
        s.keepCaptures.toggle()
        s.notice = Notice(s.keepCaptures ? "keeping each hand you accept, with its picture, in \(s.capturesFolder)" : "no longer keeping hands")
    case .char("u"):
        guard let last = s.history.popLast() else {
            s.notice = Notice("nothing to undo")
            return (s, [])
        }
        (s.hand, s.discard, s.round, s.records) = (last.hand, last.discard, last.round, last.records)
        s.selected = min(s.selected, max(0, s.hand.count - 1))
        s.notice = Notice("undone")
        return requestSolve(s)
    case .char("m"):
        s.mode = .manual(field: 0, hand: s.hand.map(\.card.name).joined(separator: " "), discard: s.discard?.card.name ?? "")
    case .char("r"):
        var rng = SeededGenerator(seed: s.demoSeed &+ UInt64(s.demoDeals) &* 7919)
        s.demoDeals += 1
        let deck = CardCounts.deck.cards.shuffled(using: &rng)
        let hand = Array(deck.prefix(s.handSize))
        s.notice = Notice("dealing a demo hand of \(s.handSize)…")
        return (s, [.demo(seed: rng.next(), hand: hand, discard: deck[s.handSize])])
    case .char("n"):
        s.history.append(s.snapshot)
        (s.round, s.records, s.hand, s.discard, s.suggestion, s.pendingSolve) = (1, [], [], nil, nil, nil)
        s.frozen = false
        s.notice = Notice("new game: round 1, 3 cards")
    case .char(">"), .char("+"), .up:
        s.round = min(8, s.round + 1)
        s.notice = Notice("round \(s.round): \(s.handSize) cards")
    case .char("<"), .char("-"), .down:
        s.round = max(1, s.round - 1)
        s.notice = Notice("round \(s.round): \(s.handSize) cards")
    case .escape:
        s.wordFocus = nil
    default:
        s.notice = Notice("unknown key; press ? for the keys", error: true)
    }
    return (s, [])
}

/// Why a confirmed hand cannot be kept as a labelled photo.
struct NotKept: Error, Equatable {
    let text: String
}

/// Keeping the hand being accepted: the frame it was read from and its cards where the reader
/// saw them, as the player confirmed them (corrections included), in reading order.
func captureEffect(_ s: AppState) -> Result<Effect, NotKept> {
    guard let live = s.live, !s.hand.isEmpty else { return .failure(NotKept(text: "no picture of this hand")) }
    let reads = (s.hand + (s.discard.map { [$0] } ?? [])).map(\.read)
    guard reads.allSatisfy({ $0 != nil }) else { return .failure(NotKept(text: "a typed card has no place on the picture")) }
    return .success(.keepCapture(frameID: live.frameID, cards: CardReader.orderAlongFan(reads.compactMap { $0 })))
}

/// Applies the suggestion: the pick-up and the drop, or asks for the blind card; going out
/// records the round and moves on.
private func accept(_ state: AppState) -> (AppState, [Effect]) {
    var s = state
    guard let suggestion = s.suggestion else {
        s.notice = Notice(s.pendingSolve != nil ? "still thinking…" : "no suggestion yet: capture the hand (c) and the discard (d), or type them (m)", error: true)
        return (s, [])
    }
    switch suggestion {
    case .decision(let d) where d.action == .takeDiscard:
        s.history.append(s.snapshot)
        var cards = s.hand.map(\.card) + [d.discard]
        if let i = cards.firstIndex(of: d.takeDrop) { cards.remove(at: i) }
        s.hand = cards.map { HandCard($0) }
        s.discard = nil
        if d.take.goingOut { return finishRound(s, split: d.take) }
        s.notice = Notice("took \(d.discard), dropped \(d.takeDrop)")
        return requestSolve(s)
    case .decision:
        s.mode = .drawn(text: "")
        return (s, [])
    case .split(let split):
        guard split.goingOut else {
            s.notice = Notice("this hand cannot go out yet: capture or type the discard to get a suggestion", error: true)
            return (s, [])
        }
        s.history.append(s.snapshot)
        return finishRound(s, split: split)
    case .drop:
        return (s, [])
    }
}

private func applyDrawnDrop(_ state: AppState, split: Split, drop: Card, drawn: Card) -> (AppState, [Effect]) {
    var s = state
    s.history.append(s.snapshot)
    var cards = s.hand.map(\.card) + [drawn]
    if let i = cards.firstIndex(of: drop) { cards.remove(at: i) }
    s.hand = cards.map { HandCard($0) }
    s.discard = nil
    if split.goingOut { return finishRound(s, split: split) }
    s.notice = Notice("drew \(drawn), drop \(drop): \(split.score) points")
    return requestSolve(s)
}

private func finishRound(_ state: AppState, split: Split) -> (AppState, [Effect]) {
    var s = state
    s.records.append(RoundRecord(round: s.round, score: split.score, words: split.words.map(\.word)))
    let finished = s.round
    s.notice = Notice("round \(finished): out with \(split.score) points (\(split.words.map(\.word).joined(separator: ", ")))"
                      + (finished < 8 ? "; round \(finished + 1) deals \(finished + 3) cards" : "; game over, total \(s.total)"))
    if finished < 8 { s.round += 1 }
    (s.hand, s.discard, s.suggestion, s.pendingSolve, s.frozen, s.selected) = ([], nil, nil, nil, false, 0)
    return (s, [])
}

/// Text editing shared by the prompts: returns the new text, or nil when the key is not an edit.
private func edit(_ text: String, _ key: Key) -> String? {
    switch key {
    case .backspace: return String(text.dropLast())
    case .char(let c) where c.isLetter || c == " " || c == "/" || c == ",": return text.count < 60 ? text + String(c).lowercased() : text
    default: return nil
    }
}

/// What is wrong with typed hand text, if anything.
public func manualProblem(hand: String, discard: String) -> String? {
    do {
        let cards = try CardParser.hand(hand)
        var extra: [Card] = []
        if !discard.trimmingCharacters(in: " ").isEmpty { extra = [try CardParser.card(discard, what: "the discard")] }
        try CardParser.checkAgainstDeck([cards, extra])
        return nil
    } catch {
        return "\(error)"
    }
}

private func manualKey(_ state: AppState, _ key: Key, field: Int, hand: String, discard: String) -> (AppState, [Effect]) {
    var s = state
    switch key {
    case .escape:
        s.mode = .live
        s.notice = Notice("typing cancelled; the hand is unchanged")
    case .tab, .down, .up:
        s.mode = .manual(field: 1 - field, hand: hand, discard: discard)
    case .enter:
        if let problem = manualProblem(hand: hand, discard: discard) {
            s.notice = Notice(problem, error: true)  // the state keeps the old hand
            return (s, [])
        }
        s.history.append(s.snapshot)
        s.hand = ((try? CardParser.hand(hand)) ?? []).map { HandCard($0) }
        s.discard = (try? CardParser.card(discard, what: "the discard")).map { HandCard($0) }
        s.mode = .live
        s.frozen = true
        s.selected = 0
        s.notice = s.hand.count == s.handSize ? nil : Notice("\(s.hand.count) cards typed; round \(s.round) deals \(s.handSize)")
        return requestSolve(s)
    default:
        let current = field == 0 ? hand : discard
        guard let next = edit(current, key) else { return (s, []) }
        s.mode = field == 0 ? .manual(field: 0, hand: next, discard: discard) : .manual(field: 1, hand: hand, discard: next)
    }
    return (s, [])
}

/// The card typed at a prompt; when the text is no card, nil, and a notice says so.
private func typedCard(_ text: String, what: String, notice: inout Notice?) -> Card? {
    if let card = Card(text.trimmingCharacters(in: " ")) { return card }
    notice = Notice("'\(text)' is not a card: type \(what) (a–z, qu, in, er, cl or th)", error: true)
    return nil
}

private func correctingKey(_ state: AppState, _ key: Key, index: Int, text: String) -> (AppState, [Effect]) {
    var s = state
    switch key {
    case .escape:
        s.mode = .live
    case .enter:
        guard let card = typedCard(text, what: "the right kind", notice: &s.notice) else { return (s, []) }
        s.history.append(s.snapshot)
        if index < s.hand.count { s.hand[index] = s.hand[index].corrected(to: card) } else { s.discard = s.discard?.corrected(to: card) ?? HandCard(card) }
        s.mode = .live
        s.notice = Notice("card \(index + 1) is now \(card)")
        return requestSolve(s)
    default:
        if let next = edit(text, key) { s.mode = .correcting(index: index, text: String(next.prefix(2))) }
    }
    return (s, [])
}

private func drawnKey(_ state: AppState, _ key: Key, text: String) -> (AppState, [Effect]) {
    var s = state
    switch key {
    case .escape:
        s.mode = .live
    case .enter:
        guard let card = typedCard(text, what: "the card you drew", notice: &s.notice) else { return (s, []) }
        do { try CardParser.checkAgainstDeck([s.hand.map(\.card), [card]]) } catch {
            s.notice = Notice("\(error)", error: true)
            return (s, [])
        }
        s.mode = .live
        let id = s.nextRequest
        s.nextRequest += 1
        s.pendingSolve = id
        return (s, [.bestDrop(id: id, hand: s.hand.map(\.card), drawn: card)])
    default:
        if let next = edit(text, key) { s.mode = .drawn(text: String(next.prefix(2))) }
    }
    return (s, [])
}

extension String {
    func trimmingCharacters(in set: Character) -> String {
        String(drop(while: { $0 == set }).reversed().drop(while: { $0 == set }).reversed())
    }
}
