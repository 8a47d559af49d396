import QuiddlerImage
import QuiddlerReader
import QuiddlerGame
import QuiddlerRandom
import QuiddlerPlatform

/// Renders synthetic photos of Quiddler cards on a table, with labels, deterministically from a
/// seed: fanned hands held or lying on the table, single cards at any rotation, a hand and a
/// discard, words laid down in rows and stacks, the deck spread out in piles; wood, fabric, noise
/// and cluttered backgrounds; perspective, lighting, glare, shadows, colour casts, blur, noise,
/// cheap-webcam degradation and fingers over the cards. Sizes are given for a 640×480 frame and
/// scaled to the output, unless asked for in output pixels.
public struct SceneGenerator: Sendable {
    /// What a scene shows.
    public enum Layout: String, Sendable, CaseIterable {
        /// A fan held in the hand (fingers may cover parts of it).
        case hand
        /// One to three cards lying on their own at any rotation.
        case single
        /// A held fan and a discard lying apart.
        case handAndDiscard
        /// A fan lying on the table, at any rotation, sometimes spread almost in a line.
        case tableFan
        /// Words laid down in overlapping rows or stacks.
        case words
        /// The deck spread out in many small piles.
        case piles

        /// How often each layout is drawn when none is asked for.
        static let weights: [(Layout, Float)] = [(.hand, 0.3), (.single, 0.1), (.handAndDiscard, 0.14), (.tableFan, 0.14), (.words, 0.22), (.piles, 0.1)]
    }

    /// What to put in a scene; unset fields are drawn at random.
    public struct Request: Sendable {
        public var layout: Layout?
        public var hand: [Card]?
        public var discard: Card?
        /// Letters' height in a 640×480 frame, drawn log-uniformly (scaled with the frame's width).
        public var indexSize: ClosedRange<Float> = 10...72
        /// Letters' height in output pixels, in place of `indexSize`.
        public var indexPixels: ClosedRange<Float>?
        /// The smallest letters (output pixels) a person reads plainly: when set, layouts do not
        /// shrink letters below it to fit the frame, and blur stays mild for letters that size.
        /// Unset (training), anything goes.
        public var legibleLetters: Float?
        /// Turn photometric effects and clutter off (for clean demo frames).
        public var clean = false
        /// A held fan with every index showing, no fingers and mild effects only (the demo's
        /// frames): lighting, a little noise, no blur, tilt, glare or clutter.
        public var allIndicesShowing = false
        /// How often the cards are in shade before a brighter background (0 draws nothing from
        /// the generator, so scenes stay as they were without it).
        public var backlitChance: Float = 0
        /// How often the frame is overexposed: an exposure too long for the cards, as a webcam
        /// metering a dark table takes them, their white clipped and the thin strokes of their
        /// letters washed pale (0 draws nothing, so scenes stay as they were without it).
        public var overexposedChance: Float = 0
        /// How often the frame looks as a cheap webcam gives it: a small sensor scaled up,
        /// palette dithering.
        public var lowQualityChance: Float = 0.15

        /// The end of a round: this many players' words and leftovers (the layout is `.words`).
        public var scoringPlayers: Int?

        public init(layout: Layout? = nil, hand: [Card]? = nil, discard: Card? = nil, clean: Bool = false) {
            self.layout = layout
            self.hand = hand
            self.discard = discard
            self.clean = clean
        }
    }

    public let art: CardArt
    /// How much more often than the rest some kinds are drawn where any kind is alike (half of
    /// all draws, `randomCard`), by weight (1 for a kind not named): training can favour a kind
    /// the reader reads least well (`quiddler train --favour`). Empty, as everywhere but there,
    /// every kind is alike and the draws are as they always were.
    public let favoured: [Card: Float]
    /// The weights of all kinds added up (a kind not favoured weighs 1), for `randomCard`'s draw.
    let favouredTotal: Float

    public init(art: CardArt, favoured: [Card: Float] = [:]) {
        self.art = art
        self.favoured = favoured
        favouredTotal = Card.all.reduce(0) { $0 + (favoured[$1] ?? 1) }
    }

    /// Renders one scene.
    /// - Parameters:
    ///   - request: what to show
    ///   - width, height: output size; 640×480 is the reference frame
    ///   - rng: the only source of randomness
    public func render(_ request: Request = Request(), width: Int = 640, height: Int = 480, rng: inout SeededGenerator) -> Scene {
        let s = Float(width) / 640
        var img = Background.render(width: width, height: height, scale: s, clean: request.clean, clutter: !request.allIndicesShowing, rng: &rng)
        let layout = request.layout ?? (request.hand != nil ? (request.discard != nil ? .handAndDiscard : .hand) : SceneGenerator.randomLayout(&rng))
        var placed: [PlacedCard] = []
        let sizes = request.indexPixels ?? (request.indexSize.lowerBound * s)...(request.indexSize.upperBound * s)
        func drawSize() -> Float { expf(rng.uniform(logf(sizes.lowerBound)...logf(sizes.upperBound))) }
        let indexSize = drawSize()
        let cardHeight = indexSize * 10
        switch layout {
        case .hand, .handAndDiscard, .tableFan:
            let n = request.hand?.count ?? Int(3 + rng.next() % 8)
            let cards = request.hand ?? (0..<n).map { _ in randomCard(&rng) }
            if request.allIndicesShowing { placed += showingFan(cards, indexSize: indexSize, width: width, height: height, rng: &rng) }
            else { placed += fan(cards, cardHeight: cardHeight, width: width, height: height, onTable: layout == .tableFan, rng: &rng) }
        case .words:
            if let players = request.scoringPlayers {
                placed += scoringTable(players: players, indexSize: indexSize, smallest: request.legibleLetters ?? 0, width: width, height: height, rng: &rng)
            } else {
                placed += words(indexSize: indexSize, smallest: request.legibleLetters ?? 0, width: width, height: height, rng: &rng)
            }
        case .piles: placed += piles(indexSize: indexSize, smallest: request.legibleLetters ?? 0, width: width, height: height, rng: &rng)
        case .single: break
        }
        if request.allIndicesShowing, layout == .handAndDiscard {
            // Drawn last, on top, clear of the fan.
            placed.append(showingDiscard(request.discard ?? randomCard(&rng), fan: placed, width: width, height: height, rng: &rng))
        } else if layout == .single || layout == .handAndDiscard {
            let count = layout == .single && request.discard == nil ? Int(1 + rng.next() % 3) : 1
            for i in 0..<count {
                let card = (i == 0 ? request.discard : nil) ?? randomCard(&rng)
                let h = layout == .single ? drawSize() * 10 : cardHeight * rng.uniform(0.85...1.15)
                placed.insert(single(card, cardHeight: h, width: width, height: height, avoiding: placed, rng: &rng), at: 0)
            }
        }
        var ids = [Int16](repeating: -1, count: width * height)
        for (id, p) in placed.enumerated() {
            if !request.clean || id > 0 { drawShadow(p, into: &img, scale: s, rng: &rng) }
            drawCard(p, id: Int16(id), into: &img, ids: &ids)
        }
        let held = layout == .hand || layout == .handAndDiscard
        if held && !request.clean && !request.allIndicesShowing && rng.nextFloat() < 0.45 {
            Occluders.fingers(placed: placed.filter(\.inHand), into: &img, ids: &ids, scale: s, rng: &rng)
        }
        if request.backlitChance > 0 && !request.clean && rng.nextFloat() < request.backlitChance {
            Photometric.backlight(&img, ids: ids, rng: &rng)
        }
        var labels = indexLabels(placed, ids: ids, width: width, height: height)
        var scene = Scene(image: img, indices: labels, cards: placed)
        scene.layout = layout
        scene.faceShowing = faceShowing(placed, ids: ids, width: width, height: height)
        if request.allIndicesShowing && !request.clean {
            Photometric.mild(&scene.image, rng: &rng)
        } else if !request.clean {
            if rng.nextFloat() < 0.5 { Perspective.apply(to: &scene, strength: rng.uniform(0...1), rng: &rng) }
            Photometric.apply(to: &scene.image, scale: s, legibleLetters: request.legibleLetters, rng: &rng)
            if request.overexposedChance > 0 && rng.nextFloat() < request.overexposedChance {
                Photometric.overexpose(&scene.image, gain: expf(rng.uniform(logf(Photometric.overexposure.lowerBound)...logf(Photometric.overexposure.upperBound))))
            }
            if request.lowQualityChance > 0 && rng.nextFloat() < request.lowQualityChance {
                // No coarser than leaves the smallest letters about 6 pixels tall on the small
                // sensor, or, for a person's eye (`legibleLetters`), that tall.
                let smallest = scene.indices.map(\.size).min() ?? indexSize
                Photometric.lowQuality(&scene.image, maxFactor: min(3, smallest / 6),
                                       legibleFactor: request.legibleLetters.map { smallest / $0 }, rng: &rng)
            }
        }
        labels = scene.indices
        return scene
    }

    /// The demo's camera frame: a hand held up as a player shows it (every index showing) and the
    /// discard lying beside it, 640×480, mild effects only.
    public func demo(hand: [Card], discard: Card?, rng: inout SeededGenerator) -> Scene {
        var request = Request(hand: hand, discard: discard)
        request.allIndicesShowing = true
        request.indexSize = 16...24
        return render(request, rng: &rng)
    }

    static func randomLayout(_ rng: inout SeededGenerator) -> Layout {
        var r = rng.nextFloat() * Layout.weights.reduce(0) { $0 + $1.1 }
        for (l, w) in Layout.weights { r -= w; if r < 0 { return l } }
        return .hand
    }

    /// A fan as a player shows it to the camera: upright, opened just wide enough that every
    /// index shows whole, sized to fit the left of the frame (the discard lies on the right).
    private func showingFan(_ cards: [Card], indexSize: Float, width: Int, height: Int, rng: inout SeededGenerator) -> [PlacedCard] {
        let radius: Float = 0.85, reachOfIndex: Float = radius + 0.4
        // In card heights: each next card turns just far enough to clear the index under it.
        let steps = cards.dropLast().map { card -> Float in
            let face = art.face(card)
            return (face.indexBox.x1 / Float(face.image.width) + 0.1) * SceneGenerator.cardAspect / reachOfIndex
        }
        let spread = steps.reduce(0, +)
        let halfWidth = (radius + 1) * sinf(min(spread / 2, .pi / 2)) + 0.4
        let cardHeight = min(indexSize * 10, 0.62 * Float(width) / (2 * halfWidth), 0.8 * Float(height) / (radius + 1.1))
        let tilt = rng.uniform(-8...8) * .pi / 180
        let mid = Point(Float(width) * rng.uniform(0.36...0.4), Float(height) * rng.uniform(0.48...0.52))
        let pivot = Point(mid.x - sinf(tilt) * radius * cardHeight * 0.5, mid.y + cosf(tilt) * radius * cardHeight * 0.5)
        var a = tilt - spread / 2
        return cards.enumerated().map { i, card in
            if i > 0 { a += steps[i - 1] }
            let c = Point(pivot.x + sinf(a) * radius * cardHeight, pivot.y - cosf(a) * radius * cardHeight)
            return PlacedCard(card: card, center: c, angle: a, height: cardHeight, inHand: true)
        }
    }

    /// The discard beside a shown fan, on the right of the frame, lying a little askew.
    private func showingDiscard(_ card: Card, fan: [PlacedCard], width: Int, height: Int, rng: inout SeededGenerator) -> PlacedCard {
        let h = (fan.first?.height ?? Float(height) * 0.4) * rng.uniform(0.9...1.0)
        let c = Point(Float(width) - h * 0.45 - Float(width) * 0.03, Float(height) * rng.uniform(0.45...0.55))
        return PlacedCard(card: card, center: c, angle: rng.uniform(-0.35...0.35), height: h, inHand: false)
    }

    /// Maps face pixels to image pixels for a placed card.
    func transform(_ p: PlacedCard) -> (face: CardFace, k: Float, cos: Float, sin: Float) {
        let face = art.face(p.card)
        return (face, p.height / Float(face.image.height), cosf(p.angle), sinf(p.angle))
    }

    func toImage(_ p: PlacedCard, _ u: Float, _ v: Float) -> Point {
        let (face, k, c, s) = transform(p)
        let du = (u - Float(face.image.width) / 2) * k, dv = (v - Float(face.image.height) / 2) * k
        return Point(p.center.x + du * c - dv * s, p.center.y + du * s + dv * c)
    }

    private func drawShadow(_ p: PlacedCard, into img: inout RGBImage, scale: Float, rng: inout SeededGenerator) {
        var shadow = p
        shadow.center = Point(p.center.x + rng.uniform(1...5) * scale, p.center.y + rng.uniform(1...6) * scale)
        let strength = rng.uniform(0.15...0.4)
        let soft = 3 * scale
        raster(shadow, width: img.width, height: img.height, feather: soft) { x, y, _, _, alpha in
            let f = 1 - strength * alpha
            let i = 3 * (y * img.width + x)
            img.pixels[i] = UInt8(Float(img.pixels[i]) * f)
            img.pixels[i + 1] = UInt8(Float(img.pixels[i + 1]) * f)
            img.pixels[i + 2] = UInt8(Float(img.pixels[i + 2]) * f)
        }
    }

    private func drawCard(_ p: PlacedCard, id: Int16, into img: inout RGBImage, ids: inout [Int16]) {
        let face = art.face(p.card).image
        let fw = face.width
        face.pixels.withUnsafeBufferPointer { src in
            raster(p, width: img.width, height: img.height, feather: 0.7) { x, y, u, v, alpha in
                let x0 = min(max(Int(u - 0.5), 0), fw - 2), y0 = min(max(Int(v - 0.5), 0), face.height - 2)
                let wx = min(max(u - 0.5 - Float(x0), 0), 1), wy = min(max(v - 0.5 - Float(y0), 0), 1)
                let i = 3 * (y * img.width + x)
                for c in 0..<3 {
                    let a = Float(src[3 * (y0 * fw + x0) + c]), b = Float(src[3 * (y0 * fw + x0 + 1) + c])
                    let d = Float(src[3 * ((y0 + 1) * fw + x0) + c]), e = Float(src[3 * ((y0 + 1) * fw + x0 + 1) + c])
                    let value = (a + (b - a) * wx) * (1 - wy) + (d + (e - d) * wx) * wy
                    img.pixels[i + c] = UInt8(Float(img.pixels[i + c]) * (1 - alpha) + value * alpha)
                }
                if alpha > 0.5 { ids[y * img.width + x] = id }
            }
        }
    }

    /// Visits every image pixel a card covers, with its face coordinates and coverage (anti-aliased
    /// over `feather` image pixels at the rounded edge).
    private func raster(_ p: PlacedCard, width: Int, height: Int, feather: Float, _ body: (Int, Int, Float, Float, Float) -> Void) {
        let (face, k, c, s) = transform(p)
        let fw = Float(face.image.width), fh = Float(face.image.height)
        let corners = [toImage(p, 0, 0), toImage(p, fw, 0), toImage(p, fw, fh), toImage(p, 0, fh)]
        let pad = feather + 1
        guard let xs = corners.map(\.x).extremes(), let ys = corners.map(\.y).extremes() else { return }
        let x0 = max(0, Int(xs.min - pad)), x1 = min(width - 1, Int(xs.max + pad))
        let y0 = max(0, Int(ys.min - pad)), y1 = min(height - 1, Int(ys.max + pad))
        guard x0 <= x1, y0 <= y1 else { return }
        let radius = fw * 0.055
        let featherFace = feather / k
        for y in y0...y1 {
            for x in x0...x1 {
                let dx = Float(x) + 0.5 - p.center.x, dy = Float(y) + 0.5 - p.center.y
                let u = (dx * c + dy * s) / k + fw / 2, v = (-dx * s + dy * c) / k + fh / 2
                // Signed distance inside the rounded rectangle, in face pixels.
                let qx = abs(u - fw / 2) - (fw / 2 - radius), qy = abs(v - fh / 2) - (fh / 2 - radius)
                let outside = hypotf(max(qx, 0), max(qy, 0)) + min(max(qx, qy), 0) - radius
                let alpha = min(1, max(0, 0.5 - outside / featherFace))
                if alpha > 0 { body(x, y, u, v, alpha) }
            }
        }
    }

    /// How much of each card's face shows: the share of a grid over the middle of the card (the
    /// big letter and its art, a card's middle 60% across and 50% down) where it is on top.
    private func faceShowing(_ placed: [PlacedCard], ids: [Int16], width: Int, height: Int) -> [Float] {
        placed.enumerated().map { id, p in
            let face = art.face(p.card).image
            let fw = Float(face.width), fh = Float(face.height)
            return shareOnTop(p, id: id, ids: ids, width: width, height: height, columns: 5, rows: 6) { fx, fy in
                (fw * (0.2 + 0.6 * fx), fh * (0.25 + 0.5 * fy))
            }
        }
    }

    /// The share of a `columns` × `rows` grid of points on card `id` (face coordinates of each
    /// cell's centre, given as fractions 0…1 across and down the grid) where that card is on top
    /// in the frame (`ids`); points outside the frame count as hidden.
    private func shareOnTop(_ p: PlacedCard, id: Int, ids: [Int16], width: Int, height: Int, columns: Int, rows: Int,
                            at point: (Float, Float) -> (u: Float, v: Float)) -> Float {
        var inside = 0
        for gy in 0..<rows {
            for gx in 0..<columns {
                let (u, v) = point((Float(gx) + 0.5) / Float(columns), (Float(gy) + 0.5) / Float(rows))
                let q = toImage(p, u, v)
                let xi = Int(q.x), yi = Int(q.y)
                if xi >= 0, yi >= 0, xi < width, yi < height, ids[yi * width + xi] == Int16(id) { inside += 1 }
            }
        }
        return Float(inside) / Float(columns * rows)
    }

    /// Labels both indices of every card, marking those hidden by later cards or fingers.
    private func indexLabels(_ placed: [PlacedCard], ids: [Int16], width: Int, height: Int) -> [IndexLabel] {
        var out: [IndexLabel] = []
        for (id, p) in placed.enumerated() {
            let face = art.face(p.card)
            let fw = Float(face.image.width), fh = Float(face.image.height)
            let b = face.indexBox, size = face.indexSize
            let k = p.height / fh
            for bottom in [false, true] {
                // Sample the index area; the bottom-right index is the top-left one turned half a turn.
                let fraction = shareOnTop(p, id: id, ids: ids, width: width, height: height, columns: 5, rows: 4) { fx, fy in
                    let u = b.x0 + (b.x1 - b.x0) * fx, v = b.y0 + size * fy
                    return bottom ? (fw - u, fh - v) : (u, v)
                }
                guard fraction >= 0.3 else { continue }
                var c = face.indexCenter
                if bottom { c = Point(fw - c.x, fh - c.y) }
                out.append(IndexLabel(
                    card: p.card, center: toImage(p, c.x, c.y), angle: normalizedAngle(p.angle + (bottom ? .pi : 0)),
                    size: size * k, cardCenter: p.center, visibility: fraction >= 0.9 ? .visible : .ignore,
                    cardID: id, isBottomRight: bottom))
            }
        }
        return out
    }
}
