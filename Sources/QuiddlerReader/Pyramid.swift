import QuiddlerImage
import QuiddlerPlatform

/// The image pyramid the reader looks at a frame through, so that index letters of any size
/// (from about 10 pixels to those of a card as tall as the frame, in frames from 320×240 to
/// 4032×3024) reach the detector at the sizes it was trained on (5 to 36 pixels).
public enum Pyramid {
    /// One level: the frame scaled to `width × height`.
    public struct Level: Equatable, Sendable {
        public let width: Int
        public let height: Int

        public init(width: Int, height: Int) { (self.width, self.height) = (width, height) }
    }

    /// The smallest letters the reader looks for, in frame pixels, and the size the finest
    /// level gives them at the detector.
    public static let smallestLetters: Float = 10
    public static let smallestAtDetector: Float = 6.5
    /// The letters each level answers for, at the detector; neighbouring levels are an octave
    /// apart, so every size is seen well by at least one of them.
    static let levelBand: ClosedRange<Float> = 4.5...40
    /// The largest letters that fit a frame: a card (ten letters tall) a little taller than the
    /// frame; 150 pixels in a 1000-pixel frame, 450 in a phone photo of a hand held close.
    static func largestLetters(width: Int, height: Int) -> Float { 0.15 * Float(min(width, height)) }

    /// The levels for a frame, finest first: the finest makes the smallest letters `finest`
    /// pixels tall (6.5 by default); each next one halves it, until the largest letters that fit
    /// are at most 26. A frame whose finest level would be looked at in tiles (over
    /// `tiledLevelPixels`: a phone photo) starts at half its size instead (`RGBImage.halved`):
    /// its 10-pixel letters are 5 pixels tall, still in the detector's band, and the finer look
    /// (`CardReader.finerLetters`) sees small letters closer. That level has 0.59 of the pixels,
    /// and the finest level's detector runs are most of the time a photo takes to read.
    /// - Complexity: O(1); at most six levels.
    public static func levels(width: Int, height: Int, finest: Float = smallestAtDetector) -> [Level] {
        guard width > 0, height > 0 else { return [] }
        var scale = finest / smallestLetters
        var out: [Level] = []
        let largest = largestLetters(width: width, height: height)
        // Each level below the finest is the one above halved (`RGBImage.halved`).
        var w = Int((Float(width) * scale).rounded()), h = Int((Float(height) * scale).rounded())
        if w * h > tiledLevelPixels && scale > 0.5 {
            (scale, w, h) = (0.5, width / 2, height / 2)
        }
        repeat {
            guard w >= 16, h >= 16 else { break }
            out.append(Level(width: w, height: h))
            scale /= 2
            (w, h) = (w / 2, h / 2)
        } while largest * scale * 2 > 26 && out.count < 6
        return out
    }

    /// The letter sizes (detector pixels) level `k` of `count` reports: the finest takes any
    /// small letters and the coarsest any large ones.
    static func band(level k: Int, of count: Int) -> ClosedRange<Float> {
        (k == 0 ? 0 : levelBand.lowerBound)...(k == count - 1 ? .infinity : levelBand.upperBound)
    }

    /// One candidate per place, strongest first: a weaker candidate whose centre lies within
    /// `CardReader.samePlace` letters of a stronger one (the same index seen at two levels) is dropped.
    /// - Complexity: O(n²) in the number of candidates.
    public static func suppress(_ candidates: [IndexCandidate]) -> [IndexCandidate] {
        var kept: [IndexCandidate] = []
        for c in candidates.sorted(by: { $0.heat > $1.heat }) {
            let duplicate = kept.contains { k in hypotf(k.center.x - c.center.x, k.center.y - c.center.y) < CardReader.samePlace * max(k.size, c.size) }
            if !duplicate { kept.append(c) }
        }
        return kept
    }

    /// The part of a frame a finer look at small indices covers: every given index with
    /// `finerMargin` of its letters' heights around it (the rest of its card and its pile or
    /// row: indices the first pass missed lie near those it found), as one rectangle; nil for none.
    public static func finerRegion(around indices: [(center: Point, size: Float)], width: Int, height: Int) -> Rect? {
        guard !indices.isEmpty, width > 0, height > 0 else { return nil }
        var x0 = Float.infinity, y0 = Float.infinity, x1 = -Float.infinity, y1 = -Float.infinity
        for (c, size) in indices {
            let m = finerMargin * size
            x0 = min(x0, c.x - m); y0 = min(y0, c.y - m); x1 = max(x1, c.x + m); y1 = max(y1, c.y + m)
        }
        let left = max(0, Int(x0.rounded(.down))), top = max(0, Int(y0.rounded(.down)))
        let right = min(width, Int(x1.rounded(.up))), bottom = min(height, Int(y1.rounded(.up)))
        guard right - left >= 16, bottom - top >= 16 else { return nil }
        return Rect(x: left, y: top, width: right - left, height: bottom - top)
    }

    /// How far around a small index the finer look reaches, in its letters' heights: a card's length.
    static let finerMargin: Float = 10

    /// Levels larger than this are looked at in tiles (`inkedTiles`).
    public static let tiledLevelPixels = 1_500_000
    static let tileSide = 512
    /// Each tile is run with this much of its surroundings, so that peaks near its edge see
    /// what the network would see in the whole level; only peaks in the core are kept.
    static let tileMargin = 48

    /// A rectangle of pixels.
    public struct Rect: Equatable, Sendable {
        public let x: Int, y: Int, width: Int, height: Int

        public init(x: Int, y: Int, width: Int, height: Int) { (self.x, self.y, self.width, self.height) = (x, y, width, height) }

        func contains(_ px: Float, _ py: Float) -> Bool {
            px >= Float(x) && py >= Float(y) && px < Float(x + width) && py < Float(y + height)
        }
    }

    /// The tiles of a large level worth running the detector on: those (with their margin) holding
    /// an 8×8 block with ink on a light ground, its contrast at least a third of the image's
    /// (and 32 levels). Flat table around the cards has none. Cores tile the image exactly.
    /// - Complexity: one pass over the image's luminance.
    public static func inkedTiles(_ image: RGBImage) -> [(core: Rect, outer: Rect)] {
        let w = image.width, h = image.height, b = 8
        let bw = (w + b - 1) / b, bh = (h + b - 1) / b
        var lo = [UInt8](repeating: 255, count: bw * bh), hi = [UInt8](repeating: 0, count: bw * bh)
        var histogram = [Int](repeating: 0, count: 256)
        image.pixels.withUnsafeBufferPointer { px in
            for y in 0..<h {
                let row = (y / b) * bw
                for x in 0..<w {
                    let i = 3 * (y * w + x)
                    let r: Int = 77 * Int(px[i]), g: Int = 150 * Int(px[i + 1]), bl: Int = 29 * Int(px[i + 2])
                    let l = UInt8((r + g + bl) >> 8)
                    let k = row + x / b
                    if l < lo[k] { lo[k] = l }
                    if l > hi[k] { hi[k] = l }
                    if x & 3 == 0 && y & 3 == 0 { histogram[Int(l)] += 1 }
                }
            }
        }
        // The image's luminance spread, 5th to 95th percentile.
        let total = histogram.reduce(0, +)
        var acc = 0, p5 = 0, p95 = 255
        for (v, c) in histogram.enumerated() {
            let before = acc
            acc += c
            if before < total / 20 && acc >= total / 20 { p5 = v }
            if before < total * 19 / 20 && acc >= total * 19 / 20 { p95 = v }
        }
        let contrast = max(32, (p95 - p5) / 3)
        var out: [(core: Rect, outer: Rect)] = []
        for ty in stride(from: 0, to: h, by: tileSide) {
            for tx in stride(from: 0, to: w, by: tileSide) {
                let core = Rect(x: tx, y: ty, width: min(tileSide, w - tx), height: min(tileSide, h - ty))
                let x0 = max(0, tx - tileMargin), y0 = max(0, ty - tileMargin)
                let x1 = min(w, tx + tileSide + tileMargin), y1 = min(h, ty + tileSide + tileMargin)
                var inked = false
                for by in (y0 / b)..<((y1 + b - 1) / b) where !inked {
                    for bx in (x0 / b)..<((x1 + b - 1) / b) where Int(hi[by * bw + bx]) - Int(lo[by * bw + bx]) >= contrast {
                        inked = true
                        break
                    }
                }
                if inked { out.append((core, Rect(x: x0, y: y0, width: x1 - x0, height: y1 - y0))) }
            }
        }
        return out
    }
}
