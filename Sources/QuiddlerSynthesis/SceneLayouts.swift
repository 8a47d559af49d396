import QuiddlerImage
import QuiddlerReader
import QuiddlerGame
import QuiddlerRandom
import QuiddlerPlatform

/// Where the cards of each layout lie. Every function returns cards back to front (later cards
/// on top), with card heights in output pixels; `indexSize` is the letters' height wanted, which
/// a layout may shrink so that it fits the frame.
extension SceneGenerator {
    /// The card's width over its height.
    static let cardAspect: Float = 0.65

    /// A fan of cards around a pivot below the hand, left to right, each on top of the one before.
    /// - Parameter onTable: a fan lying on the table: any rotation (seen from the far side it is
    ///   upside down) and sometimes spread almost in a line.
    func fan(_ cards: [Card], cardHeight: Float, width: Int, height: Int, onTable: Bool, rng: inout SeededGenerator) -> [PlacedCard] {
        let n = cards.count
        let step = rng.uniform(5...15) * .pi / 180
        let spread = min(Float(n - 1) * step, 120 * .pi / 180)
        let stepUsed = n > 1 ? spread / Float(n - 1) : 0
        let tilt: Float
        if onTable { tilt = rng.uniform(-.pi ... .pi) }
        else { tilt = (rng.nextFloat() < 0.15 ? rng.uniform(-180...180) : rng.uniform(-35...35)) * .pi / 180 }
        let radius = cardHeight * (onTable && rng.nextFloat() < 0.4 ? rng.uniform(1.0...3.0) : rng.uniform(0.45...0.95))
        let stepAngle = radius > cardHeight ? stepUsed * 0.95 / radius * cardHeight * 0.6 : stepUsed
        // Put the middle of the fan near the frame's centre.
        let mid = Point(Float(width) * rng.uniform(0.3...0.7), Float(height) * rng.uniform(0.3...0.7))
        let pivot = Point(mid.x - sinf(tilt) * radius * 0.9, mid.y + cosf(tilt) * radius * 0.9)
        return cards.enumerated().map { i, card in
            let a = tilt + (Float(i) - Float(n - 1) / 2) * stepAngle + rng.uniform(-1.5...1.5) * .pi / 180
            let r = radius * rng.uniform(0.97...1.03)
            let c = Point(pivot.x + sinf(a) * r, pivot.y - cosf(a) * r)
            return PlacedCard(card: card, center: c, angle: a, height: cardHeight, inHand: true)
        }
    }

    /// A card lying on its own at any rotation, away from the others where possible.
    func single(_ card: Card, cardHeight: Float, width: Int, height: Int, avoiding: [PlacedCard], rng: inout SeededGenerator) -> PlacedCard {
        var best = Point(Float(width) / 2, Float(height) / 2), bestDistance: Float = -1
        for _ in 0..<8 {
            let p = Point(Float(width) * rng.uniform(0.15...0.85), Float(height) * rng.uniform(0.15...0.85))
            let d = avoiding.map { hypotf($0.center.x - p.x, $0.center.y - p.y) }.min() ?? 1e9
            if d > bestDistance { best = p; bestDistance = d }
        }
        return PlacedCard(card: card, center: best, angle: rng.uniform(-.pi ... .pi), height: cardHeight, inHand: false)
    }

    /// Words laid down at the end of a round: each word a row of overlapping cards (each card
    /// covering the one before but for its index strip) or a stack (covering all but the top
    /// strip), words side by side and in lines with gaps between them, the whole at any rotation.
    func words(indexSize: Float, smallest: Float, width: Int, height: Int, rng: inout SeededGenerator) -> [PlacedCard] {
        let local = wordsLocal(rng: &rng)
        return arrange(local.map { ($0.card, $0.x, $0.y, $0.angle) }, indexSize: indexSize, smallest: smallest, width: width, height: height,
                       turn: rng.uniform(-.pi ... .pi), rng: &rng)
    }

    /// One player's words in card-height units (card height 1), unturned, with each card's word.
    func wordsLocal(maxWords: Int = 5, rng: inout SeededGenerator) -> [(card: Card, x: Float, y: Float, angle: Float, word: Int)] {
        let wordCount = Int(1 + rng.next() % UInt64(maxWords))
        let stacked = rng.nextFloat() < 0.25
        var local: [(card: Card, x: Float, y: Float, angle: Float, word: Int)] = []
        var x: Float = 0, y: Float = 0, lineHeight: Float = 0
        let lineWidth = rng.uniform(2.5...6)
        for w in 0..<wordCount {
            let length = Int(2 + min(rng.next() % 6, rng.next() % 8))
            let cards = (0..<length).map { _ in randomCard(&rng) }
            var cx: Float = 0, cy: Float = 0
            var placed: [(Card, Float, Float, Float)] = []
            for (i, card) in cards.enumerated() {
                if i > 0 {
                    // Uncover the previous card's index (and a little more, as players do).
                    let face = art.face(cards[i - 1])
                    let fw = Float(face.image.width), fh = Float(face.image.height)
                    if stacked { cy += (face.indexBox.y0 + face.indexSize * 1.05) / fh + rng.uniform(0.0...0.12) }
                    else { cx += face.indexBox.x1 / fw * SceneGenerator.cardAspect + rng.uniform(0.01...0.2) }
                }
                placed.append((card, cx + rng.normal() * 0.006, cy + rng.normal() * 0.006, rng.normal() * 0.03))
            }
            let wordWidth = cx + SceneGenerator.cardAspect, wordHeight = cy + 1
            if x > 0 && x + wordWidth > lineWidth { x = 0; y += lineHeight + rng.uniform(0.1...0.5); lineHeight = 0 }
            for p in placed { local.append((p.0, x + p.1 + SceneGenerator.cardAspect / 2, y + p.2 + 0.5, p.3, w)) }
            x += wordWidth + rng.uniform(0.15...0.6)
            lineHeight = max(lineHeight, wordHeight)
        }
        return local
    }

    /// The end of a round on the table: one or two players' words (the second player's across the
    /// table, upside down to the first), each with a few leftover cards laid apart, the whole at
    /// any rotation. Each card knows its player and word (`PlacedCard.word`), for scoring the
    /// grouping of words.
    func scoringTable(players: Int, indexSize: Float, smallest: Float, width: Int, height: Int, rng: inout SeededGenerator) -> [PlacedCard] {
        var all: [(card: Card, x: Float, y: Float, angle: Float, player: Int, word: Int?)] = []
        var top: Float = 0
        for player in 0..<max(1, min(2, players)) {
            var mine = wordsLocal(maxWords: 4, rng: &rng).map { (card: $0.card, x: $0.x, y: $0.y, angle: $0.angle, player: player, word: Optional($0.word)) }
            // Leftovers: up to three cards in a row to the right of the words, a card's width apart.
            var right = (mine.map(\.x).max() ?? 0) + SceneGenerator.cardAspect * rng.uniform(1.3...1.8)
            for _ in 0..<Int(rng.next() % 4) {
                mine.append((randomCard(&rng), right, 0.5 + rng.normal() * 0.1, rng.normal() * 0.15, player, nil))
                right += SceneGenerator.cardAspect * rng.uniform(1.2...1.5)
            }
            if player == 1, let xs = mine.map(\.x).extremes(), let y0 = mine.map(\.y).min() {
                // Across the table: turned half a turn, above the first player's cards.
                let (x0, x1) = xs
                let gap = rng.uniform(0.6...1.2)
                let shift = rng.uniform(-1...1)
                mine = mine.map { c in (c.card, x0 + x1 - c.x + shift, top - 1 - gap - (c.y - y0), c.angle + .pi, c.player, c.word) }
            }
            top = min(top, mine.map(\.y).min() ?? top)
            all += mine
        }
        let placed = arrange(all.map { ($0.card, $0.x, $0.y, $0.angle) }, indexSize: indexSize, smallest: smallest, width: width, height: height,
                             turn: rng.uniform(-.pi ... .pi), rng: &rng)
        return zip(placed, all).map { p, a in
            var p = p
            p.word = a.word.map { a.player * 100 + $0 }
            return p
        }
    }

    /// The deck spread out on the table in many small piles: a grid of piles of one to four cards
    /// each, mostly of one kind, the top card whole and those under it peeking out.
    func piles(indexSize: Float, smallest: Float, width: Int, height: Int, rng: inout SeededGenerator) -> [PlacedCard] {
        let columns = Int(3 + rng.next() % 7), rows = Int(2 + rng.next() % 4)
        let dx = SceneGenerator.cardAspect * rng.uniform(1.05...1.5), dy = rng.uniform(1.05...1.35)
        var local: [(Card, Float, Float, Float)] = []
        for r in 0..<rows {
            for c in 0..<columns where rng.nextFloat() < 0.92 {
                let top = randomCard(&rng)
                let count = Int(1 + rng.next() % 4)
                let sameKind = rng.nextFloat() < 0.7
                for k in 0..<count {
                    let card = k == count - 1 || sameKind ? top : randomCard(&rng)
                    let spread: Float = k == count - 1 ? 0.01 : 0.05
                    local.append((card, Float(c) * dx + rng.normal() * spread, Float(r) * dy + rng.normal() * spread, rng.normal() * (k == count - 1 ? 0.04 : 0.12)))
                }
            }
        }
        let turn = rng.nextFloat() < 0.7 ? rng.normal() * 0.15 : rng.uniform(-.pi ... .pi)
        return arrange(local, indexSize: indexSize, smallest: smallest, width: width, height: height, turn: turn, rng: &rng)
    }

    /// Scales cards laid out in card-height units to the frame (no bigger than `indexSize` asks,
    /// smaller if that is what fits, but letters never under `smallest`: then the layout runs
    /// past the frame), turns the whole by `turn` and places it in the frame.
    private func arrange(_ local: [(Card, Float, Float, Float)], indexSize: Float, smallest: Float, width: Int, height: Int, turn: Float,
                         rng: inout SeededGenerator) -> [PlacedCard] {
        let c = cosf(turn), s = sinf(turn)
        var turned = local.map { ($0.0, $0.1 * c - $0.2 * s, $0.1 * s + $0.2 * c, $0.3 + turn) }
        // Centre the layout's bounding box on the origin.
        guard let (x0, x1) = turned.map(\.1).extremes(), let (y0, y1) = turned.map(\.2).extremes() else { return [] }
        turned = turned.map { ($0.0, $0.1 - (x0 + x1) / 2, $0.2 - (y0 + y1) / 2, $0.3) }
        let pad: Float = 0.6
        let spanX = x1 - x0 + 2 * pad, spanY = y1 - y0 + 2 * pad
        let fit = min(Float(width) / spanX, Float(height) / spanY) * rng.uniform(0.85...1.05)
        let cardHeight = max(min(indexSize * 10, fit), smallest * 10)
        let freeX = max(0, Float(width) - spanX * cardHeight), freeY = max(0, Float(height) - spanY * cardHeight)
        let centre = Point(Float(width) / 2 + rng.uniform(-0.5...0.5) * freeX, Float(height) / 2 + rng.uniform(-0.5...0.5) * freeY)
        return turned.map { card, x, y, a in
            PlacedCard(card: card, center: Point(centre.x + x * cardHeight, centre.y + y * cardHeight), angle: a, height: cardHeight, inHand: false)
        }
    }

    func randomCard(_ rng: inout SeededGenerator) -> Card {
        // Half the time any kind alike, so the rare double-letter cards are seen often enough;
        // otherwise weighted by the deck's counts, as in a real game.
        if rng.nextFloat() < 0.5 {
            guard !favoured.isEmpty else { return Card.all[Int(rng.next() % UInt64(Card.kindCount))] }
            var r = rng.nextFloat() * favouredTotal
            for c in Card.all { r -= favoured[c] ?? 1; if r < 0 { return c } }
            return Card.all[Card.kindCount - 1]
        }
        var r = Int(rng.next() % UInt64(Card.deckSize))
        for c in Card.all { r -= c.copies; if r < 0 { return c } }
        return Card.all[0]
    }
}
