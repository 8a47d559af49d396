import QuiddlerImage
import QuiddlerReader
import QuiddlerGame

/// The face of one card kind and where its corner index lies on it.
public struct CardFace: Sendable {
    public let card: Card
    public let image: RGBImage
    /// The top-left index (the letter or letters) in face pixels: x0, y0, x1, y1.
    public let indexBox: (x0: Float, y0: Float, x1: Float, y1: Float)

    /// The index size used everywhere: a tenth of the card's height, about the letters' height.
    public var indexSize: Float { Float(image.height) * 0.1 }
    /// The centre of the top-left index in face pixels.
    public var indexCenter: Point { Point((indexBox.x0 + indexBox.x1) / 2, indexBox.y0 + indexSize / 2) }
}

/// Faces for all 31 kinds: scans of the real cards, or plainly drawn cards when no scans are given.
public struct CardArt: Sendable {
    public let faces: [CardFace]
    /// Whether these are scans (true) or drawn faces (false).
    public let scanned: Bool

    public func face(_ card: Card) -> CardFace { faces[card.index] }

    /// Faces from scans, one image per kind in `Card.all` order, with the index found in each.
    /// - Throws: `VisionError.indexNotFound` naming a scan whose corner letters cannot be found.
    public init(scans: [RGBImage]) throws(VisionError) {
        precondition(scans.count == Card.kindCount)
        var faces: [CardFace] = []
        for (card, image) in zip(Card.all, scans) {
            guard let box = CardArt.locateIndex(image) else { throw .indexNotFound(card.name) }
            faces.append(CardFace(card: card, image: image, indexBox: box))
        }
        self.faces = faces
        scanned = true
    }

    /// Plainly drawn faces: a serif letter index with its points, a rope-like border, the index
    /// repeated upside down at the bottom right, and a coloured centre letter.
    /// - Parameter glyphs: the serif glyph sheet (`Assets/fonts/serif-glyphs.png`).
    public init(drawnWith glyphs: GlyphSheet) {
        faces = Card.all.map { CardArt.drawFace($0, glyphs: glyphs) }
        scanned = false
    }

    /// The index locator, for tests.
    public static func locateIndexForTesting(_ img: RGBImage) -> (x0: Float, y0: Float, x1: Float, y1: Float)? { locateIndex(img) }

    /// Finds the corner letters: dark, unsaturated blobs in the top-left of the face, taller than
    /// 4% of the card, starting in its top 12%, not touching the scan's edge.
    static func locateIndex(_ img: RGBImage) -> (x0: Float, y0: Float, x1: Float, y1: Float)? {
        let w = Int(Float(img.width) * 0.6), h = Int(Float(img.height) * 0.22)
        var mask = [Bool](repeating: false, count: w * h)
        for y in 0..<h {
            for x in 0..<w {
                let p = img[x, y]
                let mx = max(p.r, p.g, p.b), mn = min(p.r, p.g, p.b)
                mask[y * w + x] = mx < 110 && mx - mn < 60
            }
        }
        var seen = [Bool](repeating: false, count: w * h)
        var box: (Int, Int, Int, Int)?
        for start in 0..<(w * h) where mask[start] && !seen[start] {
            var stack = [start]
            seen[start] = true
            var (x0, y0, x1, y1, n) = (Int.max, Int.max, 0, 0, 0)
            while let i = stack.popLast() {
                let x = i % w, y = i / w
                (x0, y0, x1, y1, n) = (min(x0, x), min(y0, y), max(x1, x), max(y1, y), n + 1)
                for dy in -1...1 {
                    for dx in -1...1 {
                        let nx = x + dx, ny = y + dy
                        guard nx >= 0, ny >= 0, nx < w, ny < h else { continue }
                        let j = ny * w + nx
                        if mask[j] && !seen[j] { seen[j] = true; stack.append(j) }
                    }
                }
            }
            let tall = Float(y1 - y0) > 0.04 * Float(img.height)
            guard tall, n > 30, x0 > 0, y0 > 0, Float(y0) < 0.12 * Float(img.height),
                  Float(x1 - x0) < 0.35 * Float(img.width) else { continue }
            box = box.map { (min($0.0, x0), min($0.1, y0), max($0.2, x1), max($0.3, y1)) } ?? (x0, y0, x1, y1)
        }
        guard let b = box else { return nil }
        return (Float(b.0), Float(b.1), Float(b.2 + 1), Float(b.3 + 1))
    }

    static func drawFace(_ card: Card, glyphs: GlyphSheet) -> CardFace {
        let w = 280, h = 420
        var img = RGBImage(width: w, height: h, fill: RGB(246, 244, 236))
        // Rope border: a dashed double line in blue-grey, open at the top left and bottom right.
        let rope = RGB(70, 90, 120)
        for t in stride(from: 0, to: 1, by: 0.012) {
            let on = Int(t * 400) % 3 != 0
            guard on else { continue }
            let x = Int(Float(w) * (0.12 + 0.76 * Float(t)))
            img.fillRect(x: x, y: 24, width: 3, height: 5, color: rope)
            img.fillRect(x: w - x, y: h - 29, width: 3, height: 5, color: rope)
            let y = Int(Float(h) * (0.2 + 0.72 * Float(t)))
            img.fillRect(x: 26, y: y, width: 5, height: 3, color: rope)
            img.fillRect(x: w - 31, y: h - y, width: 5, height: 3, color: rope)
        }
        // Index: letters a tenth of the card tall, points below.
        let size = Float(h) * 0.1
        let letters = Array(card.name.uppercased())
        var x = Float(14)
        let y = Float(12)
        for ch in letters {
            let advance = glyphs.draw(ch, into: &img, x: x, y: y, height: size, color: RGB(15, 15, 15))
            x += advance + size * 0.08
        }
        let box = (x0: Float(14), y0: y, x1: x - size * 0.08, y1: y + size)
        var px = Float(16)
        for ch in String(card.points) { px += glyphs.draw(ch, into: &img, x: px, y: y + size * 1.35, height: size * 0.45, color: RGB(25, 25, 25)) + 2 }
        // Centre letter in colour.
        let colours = [RGB(40, 110, 60), RGB(150, 60, 40), RGB(50, 70, 150), RGB(170, 130, 30)]
        var cx = Float(w) / 2 - Float(letters.count) * size * 1.1
        for (i, ch) in letters.enumerated() {
            cx += glyphs.draw(ch, into: &img, x: cx, y: Float(h) * 0.36, height: size * 2.6, color: colours[(card.index + i) % 4]) + 4
        }
        // The index again, upside down at the bottom right.
        let corner = img.crop(center: Point((box.x0 + box.x1) / 2, y + size * 0.9), angle: 0, scale: 1,
                              width: Int(box.x1 - box.x0) + 8, height: Int(size * 1.9))
        let flipped = corner.applyingOrientation(3)
        let ox = w - Int((box.x0 + box.x1) / 2) - flipped.width / 2, oy = h - Int(y + size * 0.9) - flipped.height / 2
        for yy in 0..<flipped.height { for xx in 0..<flipped.width { img.plot(ox + xx, oy + yy, flipped[xx, yy]) } }
        return CardFace(card: card, image: img, indexBox: box)
    }
}

/// Serif glyphs A–Z and 0–9 cut from a 6×6 sheet of grey cells, drawn scaled and anti-aliased.
public struct GlyphSheet: Sendable {
    /// Per glyph: its grey pixels (0 ink … 255 paper), cropped tight, with width and height.
    private let glyphs: [Character: GrayImage]

    /// - Parameter sheet: the sheet image; cells are `width/6 × height/6`.
    public init(sheet: RGBImage) {
        let chars = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        let cw = sheet.width / 6, chh = sheet.height / 6
        var out: [Character: GrayImage] = [:]
        let grey = sheet.gray
        for (i, ch) in chars.enumerated() {
            let cx = (i % 6) * cw, cy = (i / 6) * chh
            var (x0, y0, x1, y1) = (cw, chh, -1, -1)
            for y in 0..<chh { for x in 0..<cw where grey[cx + x, cy + y] < 128 { (x0, y0, x1, y1) = (min(x0, x), min(y0, y), max(x1, x), max(y1, y)) } }
            guard x1 >= x0 else { continue }
            var px: [UInt8] = []
            for y in y0...y1 { for x in x0...x1 { px.append(grey[cx + x, cy + y]) } }
            out[ch] = GrayImage(width: x1 - x0 + 1, height: y1 - y0 + 1, pixels: px)
        }
        glyphs = out
    }

    /// Draws `ch` with its top at `y` and cap height about `height` pixels.
    /// - Returns: the drawn width.
    @discardableResult
    public func draw(_ ch: Character, into img: inout RGBImage, x: Float, y: Float, height: Float, color: RGB) -> Float {
        guard let g = glyphs[Character(ch.uppercased())] ?? glyphs["O"] else { return 0 }
        let capRef = Float(glyphs["H"]?.height ?? g.height)
        let scale = height / capRef
        let w = Int(Float(g.width) * scale), h = Int(Float(g.height) * scale)
        for yy in 0..<max(h, 1) {
            for xx in 0..<max(w, 1) {
                let gx = min(g.width - 1, Int(Float(xx) / scale)), gy = min(g.height - 1, Int(Float(yy) / scale))
                let ink = 1 - Float(g[gx, gy]) / 255
                guard ink > 0.05 else { continue }
                let px = Int(x) + xx, py = Int(y) + yy
                guard px >= 0, py >= 0, px < img.width, py < img.height else { continue }
                let old = img[px, py]
                func mix(_ a: UInt8, _ b: UInt8) -> UInt8 { UInt8(Float(a) * (1 - ink) + Float(b) * ink) }
                img[px, py] = RGB(mix(old.r, color.r), mix(old.g, color.g), mix(old.b, color.b))
            }
        }
        return Float(w)
    }
}
