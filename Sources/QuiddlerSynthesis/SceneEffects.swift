import QuiddlerImage
import QuiddlerReader
import QuiddlerRandom
import QuiddlerPlatform

/// Table surfaces: wood grain, fabric, noise, gradients and clutter.
enum Background {
    static func render(width: Int, height: Int, scale s: Float, clean: Bool, clutter withClutter: Bool = true, rng: inout SeededGenerator) -> RGBImage {
        var img = RGBImage(width: width, height: height)
        let noise = ValueNoise(seed: rng.next())
        let kind = clean ? 0 : Int(rng.next() % 5)
        var base = [rng.uniform(60...200), rng.uniform(40...170), rng.uniform(20...150)]
        if !clean && rng.nextFloat() < 0.2 {
            // A bright wall, ceiling or white table: as light as the cards themselves.
            let v = rng.uniform(170...245)
            base = [v * rng.uniform(0.92...1.05), v * rng.uniform(0.95...1.02), v * rng.uniform(0.95...1.08)]
        }
        let dark = rng.uniform(0.35...0.8)
        let angle = rng.uniform(0 ... .pi)
        let (ca, sa) = (cosf(angle), sinf(angle))
        let freq = rng.uniform(0.02...0.12) / s
        let contrast = rng.uniform(0.1...0.45)
        img.pixels.withUnsafeMutableBufferPointer { px in
            for y in 0..<height {
                for x in 0..<width {
                    let fx = Float(x), fy = Float(y)
                    var v: Float
                    switch kind {
                    case 0:  // wood: stretched noise bent into grain lines
                        let along = (fx * ca + fy * sa) * 0.01 / s, across = (-fx * sa + fy * ca) * freq
                        v = 0.5 + 0.5 * sinf(across + 6 * noise.fractal(along, across * 0.05))
                        v = dark + (1 - dark) * (0.7 + 0.3 * v)
                    case 1:  // fabric: a fine weave over soft noise
                        let weave = (sinf(fx * 1.3 / s) * sinf(fy * 1.3 / s)) * 0.08
                        v = 0.75 + weave + 0.2 * noise.fractal(fx * 0.02 / s, fy * 0.02 / s)
                    case 2:  // blotchy noise
                        v = 0.4 + 0.6 * noise.fractal(fx * freq * 0.3, fy * freq * 0.3, octaves: 4)
                    case 3:  // smooth gradient
                        v = 0.5 + 0.5 * (fx * ca + fy * sa) / Float(width + height)
                    default:  // plain, with faint noise
                        v = 0.8 + 0.1 * noise.at(fx * 0.05, fy * 0.05)
                    }
                    v = 1 - contrast + contrast * v
                    let i = 3 * (y * width + x)
                    px[i] = UInt8(min(255, base[0] * v)); px[i + 1] = UInt8(min(255, base[1] * v)); px[i + 2] = UInt8(min(255, base[2] * v))
                }
            }
        }
        if !clean && rng.nextFloat() < 0.4 && withClutter { clutter(&img, scale: s, rng: &rng) }
        return img
    }

    /// Things on the table: coloured shapes, pens, paper, and stray letters that are not cards.
    static func clutter(_ img: inout RGBImage, scale s: Float, rng: inout SeededGenerator) {
        for _ in 0..<Int(1 + rng.next() % 5) {
            let colour = RGB(UInt8(rng.uniform(0...255)), UInt8(rng.uniform(0...255)), UInt8(rng.uniform(0...255)))
            let c = Point(rng.uniform(0...Float(img.width)), rng.uniform(0...Float(img.height)))
            switch rng.next() % 3 {
            case 0:
                img.fillRect(x: Int(c.x), y: Int(c.y), width: Int(rng.uniform(10...120) * s), height: Int(rng.uniform(10...120) * s), color: colour)
            case 1:
                let a = rng.uniform(0 ... .pi), len = rng.uniform(40...200) * s
                img.drawLine(from: c, to: Point(c.x + cosf(a) * len, c.y + sinf(a) * len), color: colour, thickness: Int(rng.uniform(2...8) * s) + 1)
            default:
                let text = String((0..<Int(1 + rng.next() % 6)).map { _ in Character(UnicodeScalar(UInt8(65 + rng.next() % 26))) })
                img.drawText(text, x: Int(c.x), y: Int(c.y), color: colour, scale: Int(1 + rng.next() % 3))
            }
        }
    }
}

/// Fingers and thumbs holding the cards.
enum Occluders {
    static func fingers(placed: [PlacedCard], into img: inout RGBImage, ids: inout [Int16], scale s: Float, rng: inout SeededGenerator) {
        guard !placed.isEmpty else { return }
        let skin = [RGB(224, 172, 140), RGB(198, 134, 100), RGB(141, 85, 60), RGB(240, 200, 170), RGB(110, 70, 50)][Int(rng.next() % 5)]
        for _ in 0..<Int(1 + rng.next() % 3) {
            let card = placed[Int(rng.next() % UInt64(placed.count))]
            // A capsule from below the card's centre towards one of its edges.
            let a = card.angle + rng.uniform(-0.8...0.8) + (rng.nextFloat() < 0.8 ? .pi / 2 : -.pi / 2)
            let start = Point(card.center.x + cosf(a) * card.height * 0.7, card.center.y + sinf(a) * card.height * 0.7)
            let reach = card.height * rng.uniform(0.2...0.6)
            let end = Point(start.x - cosf(a) * reach, start.y - sinf(a) * reach)
            let radius = card.height * rng.uniform(0.05...0.09)
            capsule(from: start, to: end, radius: radius, colour: skin, into: &img, ids: &ids)
        }
    }

    static func capsule(from a: Point, to b: Point, radius r: Float, colour: RGB, into img: inout RGBImage, ids: inout [Int16]) {
        let x0 = max(0, Int(min(a.x, b.x) - r - 1)), x1 = min(img.width - 1, Int(max(a.x, b.x) + r + 1))
        let y0 = max(0, Int(min(a.y, b.y) - r - 1)), y1 = min(img.height - 1, Int(max(a.y, b.y) + r + 1))
        guard x0 <= x1, y0 <= y1 else { return }
        let dx = b.x - a.x, dy = b.y - a.y, len2 = max(dx * dx + dy * dy, 1e-6)
        for y in y0...y1 {
            for x in x0...x1 {
                let px = Float(x) + 0.5, py = Float(y) + 0.5
                let t = min(1, max(0, ((px - a.x) * dx + (py - a.y) * dy) / len2))
                let d = hypotf(px - a.x - t * dx, py - a.y - t * dy)
                let alpha = min(1, max(0, r - d + 0.5))
                guard alpha > 0 else { continue }
                let shade = 0.75 + 0.25 * (1 - d / r)
                let old = img[x, y]
                func mix(_ o: UInt8, _ n: UInt8) -> UInt8 { UInt8(min(255, Float(o) * (1 - alpha) + Float(n) * shade * alpha)) }
                img[x, y] = RGB(mix(old.r, colour.r), mix(old.g, colour.g), mix(old.b, colour.b))
                if alpha > 0.5 { ids[y * img.width + x] = -2 }
            }
        }
    }
}

/// A mild perspective tilt of the whole frame, as from a camera not square to the table.
enum Perspective {
    static func apply(to scene: inout Scene, strength: Float, rng: inout SeededGenerator) {
        let w = Float(scene.image.width), h = Float(scene.image.height)
        let p1 = rng.uniform(-1...1) * 0.35 * strength / w, p2 = rng.uniform(-1...1) * 0.35 * strength / h
        // H maps output to source: x_src = (x + p-terms) / (p1 x + p2 y + 1), about the centre.
        let cx = w / 2, cy = h / 2
        func toSource(_ x: Float, _ y: Float) -> Point {
            let u = x - cx, v = y - cy
            let d = 1 + p1 * u + p2 * v
            return Point(u / d + cx, v / d + cy)
        }
        func toOutput(_ p: Point) -> Point {
            // Inverse of toSource: u = u'(1 + p1 u + p2 v) ⇒ solve the 2×2 linear system.
            let us = p.x - cx, vs = p.y - cy
            let a11 = 1 - p1 * us, a12 = -p2 * us, a21 = -p1 * vs, a22 = 1 - p2 * vs
            let det = a11 * a22 - a12 * a21
            return Point((a22 * us - a12 * vs) / det + cx, (-a21 * us + a11 * vs) / det + cy)
        }
        let src = scene.image
        var out = RGBImage(width: src.width, height: src.height)
        let sw = src.width, sh = src.height
        src.pixels.withUnsafeBufferPointer { sp in
            out.pixels.withUnsafeMutableBufferPointer { op in
                for y in 0..<sh {
                    for x in 0..<sw {
                        let q = toSource(Float(x) + 0.5, Float(y) + 0.5)
                        let sx = min(max(Int(q.x), 0), sw - 1), sy = min(max(Int(q.y), 0), sh - 1)
                        let o = 3 * (y * sw + x), i = 3 * (sy * sw + sx)
                        op[o] = sp[i]; op[o + 1] = sp[i + 1]; op[o + 2] = sp[i + 2]
                    }
                }
            }
        }
        scene.image = out
        for i in scene.indices.indices {
            var l = scene.indices[i]
            let c = toOutput(l.center)
            let along = toOutput(Point(l.center.x + cosf(l.angle) * l.size, l.center.y + sinf(l.angle) * l.size))
            let across = toOutput(Point(l.center.x - sinf(l.angle) * l.size, l.center.y + cosf(l.angle) * l.size))
            l.center = c
            l.angle = atan2f(along.y - c.y, along.x - c.x)
            l.size = hypotf(across.x - c.x, across.y - c.y)
            l.cardCenter = toOutput(l.cardCenter)
            scene.indices[i] = l
        }
        for i in scene.cards.indices { scene.cards[i].center = toOutput(scene.cards[i].center) }
    }
}

/// Lighting gradients, glare, colour temperature, defocus and motion blur, sensor noise.
enum Photometric {
    /// Cards (and fingers) in shade before a bright, washed-out background: a hand held up
    /// against a ceiling or a window. `ids`: per pixel, -1 where no card or finger is.
    static func backlight(_ img: inout RGBImage, ids: [Int16], rng: inout SeededGenerator) {
        let shade = rng.uniform(0.4...0.75)
        let bright = rng.uniform(190...250), wash = rng.uniform(0.5...0.9)
        img.pixels.withUnsafeMutableBufferPointer { px in
            for i in 0..<ids.count {
                for c in 0..<3 {
                    let v = Float(px[3 * i + c])
                    let out = ids[i] == -1 ? v + (bright - v) * wash : v * shade
                    px[3 * i + c] = UInt8(min(255, max(0, out)))
                }
            }
        }
    }

    /// The range an overexposed scene's gain is drawn from, log-uniformly.
    static let overexposure: ClosedRange<Float> = 1.2...2.5

    /// An exposure `gain` times too long, taken after the lens's blur and before the camera's own
    /// processing: every value scaled and clipped at 255, so the cards' white is blown out and
    /// the anti-aliased edges of thin strokes wash pale with it.
    static func overexpose(_ img: inout RGBImage, gain: Float) {
        img.pixels.withUnsafeMutableBufferPointer { px in
            for i in px.indices { px[i] = UInt8(min(255, Float(px[i]) * gain)) }
        }
    }

    /// - Parameter legibleLetters: when set, blur is capped so letters that size stay legible.
    static func apply(to img: inout RGBImage, scale s: Float, legibleLetters: Float? = nil, rng: inout SeededGenerator) {
        let w = img.width, h = img.height
        let ga = rng.uniform(0 ... 2 * .pi), gStrength = rng.uniform(0...0.5)
        let gain = rng.uniform(0.6...1.25)
        let warm = rng.uniform(-0.25...0.2)
        // Contrast and saturation as cheap cameras and dim rooms give them.
        let contrast = rng.nextFloat() < 0.4 ? rng.uniform(0.55...1.0) : 1
        let saturation = rng.nextFloat() < 0.4 ? rng.uniform(0.2...1.0) : 1
        let glare = rng.nextFloat() < 0.3
        let gc = Point(rng.uniform(0...Float(w)), rng.uniform(0...Float(h)))
        let gr = rng.uniform(40...200) * s, gAmp = rng.uniform(40...140)
        let noise = rng.nextFloat() < 0.7 ? rng.uniform(0...8) : 0
        img.pixels.withUnsafeMutableBufferPointer { px in
            for y in 0..<h {
                for x in 0..<w {
                    let t = ((Float(x) - Float(w) / 2) * cosf(ga) + (Float(y) - Float(h) / 2) * sinf(ga)) / Float(max(w, h))
                    let light = gain * (1 + gStrength * t)
                    var add: Float = 0
                    if glare {
                        let d2 = ((Float(x) - gc.x) * (Float(x) - gc.x) + (Float(y) - gc.y) * (Float(y) - gc.y)) / (gr * gr)
                        add = gAmp * expf(-d2)
                    }
                    let i = 3 * (y * w + x)
                    let n = noise > 0 ? (rng.nextFloat() + rng.nextFloat() + rng.nextFloat() - 1.5) * 2 * noise : 0
                    var r = Float(px[i]), g = Float(px[i + 1]), b = Float(px[i + 2])
                    if saturation < 1 || contrast < 1 {
                        let grey = 0.299 * r + 0.587 * g + 0.114 * b
                        r = grey + (r - grey) * saturation; g = grey + (g - grey) * saturation; b = grey + (b - grey) * saturation
                        r = 128 + (r - 128) * contrast; g = 128 + (g - 128) * contrast; b = 128 + (b - 128) * contrast
                    }
                    px[i] = UInt8(min(255, max(0, r * light * (1 + warm) + add + n)))
                    px[i + 1] = UInt8(min(255, max(0, g * light + add + n)))
                    px[i + 2] = UInt8(min(255, max(0, b * light * (1 - warm) + add + n)))
                }
            }
        }
        let blur = rng.nextFloat()
        let radiusCap = legibleLetters.map { max(1, Int($0 / 8)) } ?? Int.max, lengthCap = legibleLetters.map { max(2, Int($0 / 3)) } ?? Int.max
        if blur < 0.35 { boxBlur(&img, radius: min(radiusCap, max(1, Int(rng.uniform(0.5...2.2) * s)))) }
        else if blur < 0.5 {
            let a = rng.uniform(0 ... .pi)
            motionBlur(&img, length: min(lengthCap, max(2, Int(rng.uniform(2...7) * s))), angle: a)
        }
    }

    /// Mild lighting only: a gentle gain and gradient and a little sensor noise.
    static func mild(_ img: inout RGBImage, rng: inout SeededGenerator) {
        let gain = rng.uniform(0.85...1.1), slope = rng.uniform(-0.15...0.15), noise = rng.uniform(0...3)
        let w = img.width
        for y in 0..<img.height {
            for x in 0..<w {
                let light = gain * (1 + slope * (Float(x) / Float(w) - 0.5))
                let i = 3 * (y * w + x)
                let n = (rng.nextFloat() - 0.5) * 2 * noise
                for c in 0..<3 { img.pixels[i + c] = UInt8(min(255, max(0, Float(img.pixels[i + c]) * light + n))) }
            }
        }
    }

    /// A cheap webcam: a small sensor's frame scaled up (by up to `maxFactor`), and sometimes a
    /// reduced palette with ordered dithering.
    /// - Parameter legibleFactor: when set, the scale-up is at most this (the factor that leaves
    ///   the smallest letters as tall on the sensor as a person reads plainly), and none below 1.
    ///   The draws are the same either way, so a scene differs from its unbounded self only here.
    static func lowQuality(_ img: inout RGBImage, maxFactor: Float, legibleFactor: Float? = nil, rng: inout SeededGenerator) {
        if maxFactor > 1.2 {
            let f = min(rng.uniform(1.2...maxFactor), legibleFactor ?? .infinity)
            let w = img.width, h = img.height
            if f > 1 { img = img.resized(width: max(8, Int(Float(w) / f)), height: max(8, Int(Float(h) / f))).resized(width: w, height: h) }
        }
        guard rng.nextFloat() < 0.4 else { return }
        let levels = Float(5 + rng.next() % 5)
        let bayer: [Float] = [0, 8, 2, 10, 12, 4, 14, 6, 3, 11, 1, 9, 15, 7, 13, 5]
        let step = 255 / (levels - 1)
        for y in 0..<img.height {
            for x in 0..<img.width {
                let t = (bayer[(y & 3) * 4 + (x & 3)] + 0.5) / 16 - 0.5
                let i = 3 * (y * img.width + x)
                for c in 0..<3 {
                    let v = Float(img.pixels[i + c]) / step + t
                    img.pixels[i + c] = UInt8(min(255, max(0, (v.rounded() * step))))
                }
            }
        }
    }

    /// A separable box blur of the given radius (running sums, edges clamped).
    static func boxBlur(_ img: inout RGBImage, radius r: Int) {
        let w = img.width, h = img.height
        var tmp = img.pixels
        img.pixels.withUnsafeMutableBufferPointer { px in
            tmp.withUnsafeMutableBufferPointer { t in
                let n = 2 * r + 1
                for y in 0..<h {
                    for c in 0..<3 {
                        var sum = 0
                        for k in -r...r { sum += Int(px[3 * (y * w + min(max(k, 0), w - 1)) + c]) }
                        for x in 0..<w {
                            t[3 * (y * w + x) + c] = UInt8(sum / n)
                            sum += Int(px[3 * (y * w + min(x + r + 1, w - 1)) + c]) - Int(px[3 * (y * w + max(x - r, 0)) + c])
                        }
                    }
                }
                for x in 0..<w {
                    for c in 0..<3 {
                        var sum = 0
                        for k in -r...r { sum += Int(t[3 * (min(max(k, 0), h - 1) * w + x) + c]) }
                        for y in 0..<h {
                            px[3 * (y * w + x) + c] = UInt8(sum / n)
                            sum += Int(t[3 * (min(y + r + 1, h - 1) * w + x) + c]) - Int(t[3 * (max(y - r, 0) * w + x) + c])
                        }
                    }
                }
            }
        }
    }

    /// Averages along a line, as a camera moving while the shutter is open.
    static func motionBlur(_ img: inout RGBImage, length: Int, angle: Float) {
        let src = img
        let (ca, sa) = (cosf(angle), sinf(angle))
        for y in 0..<img.height {
            for x in 0..<img.width {
                var sum = [0, 0, 0], n = 0
                for k in 0..<length {
                    let xx = x + Int(Float(k) * ca), yy = y + Int(Float(k) * sa)
                    guard xx >= 0, yy >= 0, xx < img.width, yy < img.height else { continue }
                    let p = src[xx, yy]
                    sum[0] += Int(p.r); sum[1] += Int(p.g); sum[2] += Int(p.b); n += 1
                }
                if n > 0 { img[x, y] = RGB(UInt8(sum[0] / n), UInt8(sum[1] / n), UInt8(sum[2] / n)) }
            }
        }
    }
}
