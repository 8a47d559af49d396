import Dispatch
import Foundation

/// A frame's exposure, and the gain that brings an underexposed one (a webcam in a dim room, its
/// white cards grey) back into the range of lighting the reader was trained on.
///
/// The detector sees a frame's pixel values as they are; the classifier sees each crop
/// normalised, so a dim frame's letters read well once the detector finds them. The real photos
/// in a quarter of their light (`quiddler eval --photos DIR --photo-light 0.25`) read 20 of 28
/// cards without this, 28 with it. A frame whose white point (`Levels.white`) lies under `dimWhite`
/// is scaled up, every channel alike, as a longer exposure would have taken it, so that its white
/// point is `targetWhite`. Where a frame is then still darker through its middle tones than the
/// detector's training scenes ever are as a whole (each of its tiles is measured on its own,
/// `Survey.tileMiddles`), as cards in shade before a bright ceiling or window are seen, it is
/// lifted by a tone curve (`lift(middle:)`) that keeps its blacks and its whites: the real photos
/// with their middle tones darkened by a gamma of 2 (`quiddler eval --photos DIR --photo-gamma 2`)
/// read 20 of 28 cards without it, 28 with it, and as many shrunk to a sixteenth of a bright
/// frame. Every other frame is read as it is.
public enum Exposure {
    /// A frame whose white point is under this (0–255) is underexposed: darker than the darkest
    /// synthetic scenes the detector is taught on (114 and up, over 300 training scenes of
    /// `quiddler synth` and the 200 of the validation set at `--seed 7`).
    public static let dimWhite = 100
    /// The white point an underexposed frame is brought to: the white of a card in ordinary light.
    public static let targetWhite: Float = 200
    /// The most a frame is scaled up: past it, a nearly black frame's noise would be all it shows.
    public static let largestGain: Float = 8
    /// The share of a frame's pixels at or above its white point. A thousandth, not more: a
    /// tripod webcam's few small cards on a dark table are about a hundredth of its frame, and a
    /// white point taken below them would brighten the table and blow the cards' white out.
    public static let whiteShare = 0.001
    /// At most this many pixels are sampled, on an even grid, to find the white point.
    static let samples = 65_536

    /// A frame's levels, from one histogram of at most `samples` pixels on an even grid
    /// (`survey`); an empty frame's are 0.
    public struct Levels: Equatable, Sendable {
        /// The white point: the luma (ITU-R BT.601, 0–255) that the brightest `whiteShare` of the
        /// frame's pixels reach; in a frame that shows cards, the white of the cards, whatever
        /// else lies around them.
        public var white: Int
        /// The median luma, 0–255, of the same samples.
        public var middle: Int
        public init(white: Int, middle: Int) { self.white = white; self.middle = middle }
    }

    /// How many tiles a side the frame is cut into for its local middles (`Survey.tileMiddles`).
    public static let tilesPerSide = 8

    /// A frame's levels, and the middle of each of its `tilesPerSide` × `tilesPerSide` tiles (row
    /// by row; a tile with no sample has the frame's middle).
    public struct Survey: Sendable {
        public var levels: Levels
        public var tileMiddles: [Int]
    }

    /// The frame's levels and its tiles' middles, from one pass over at most `samples` pixels.
    /// - Complexity: O(`samples`), whatever the frame's size.
    public static func survey(_ image: RGBImage) -> Survey {
        let n = tilesPerSide
        let count = image.width * image.height
        guard count > 0 else { return Survey(levels: Levels(white: 0, middle: 0), tileMiddles: [Int](repeating: 0, count: n * n)) }
        let step = max(1, Int((Double(count) / Double(samples)).squareRoot().rounded(.up)))
        var histogram = [Int](repeating: 0, count: 256)
        var tiles = [Int](repeating: 0, count: n * n * 256), tileCounts = [Int](repeating: 0, count: n * n)
        var sampled = 0
        image.pixels.withUnsafeBufferPointer { px in
            for y in stride(from: step / 2, to: image.height, by: step) {
                let ty = y * n / image.height
                for x in stride(from: step / 2, to: image.width, by: step) {
                    let i = 3 * (y * image.width + x)
                    let v = Int(RGBImage.luma(px[i], px[i + 1], px[i + 2]))
                    histogram[v] += 1
                    let t = ty * n + x * n / image.width
                    tiles[t * 256 + v] += 1
                    tileCounts[t] += 1
                    sampled += 1
                }
            }
        }
        let wanted = max(1, Int((Double(sampled) * whiteShare).rounded(.up)))
        var white = 0, above = 0
        for v in stride(from: 255, through: 0, by: -1) {
            above += histogram[v]
            if above >= wanted { white = v; break }
        }
        func median(_ h: ArraySlice<Int>, of total: Int) -> Int {
            var below = 0
            for (v, c) in h.enumerated() {
                below += c
                if 2 * below >= total { return v }
            }
            return 0
        }
        let middle = median(histogram[...], of: sampled)
        let tileMiddles = (0..<(n * n)).map { t in tileCounts[t] == 0 ? middle : median(tiles[(t * 256)..<(t * 256 + 256)], of: tileCounts[t]) }
        return Survey(levels: Levels(white: white, middle: middle), tileMiddles: tileMiddles)
    }

    /// The gain for a frame with white point `white`: 1 for a frame in ordinary light, else what
    /// takes its white to `targetWhite`, at most `largestGain`.
    public static func gain(white: Int) -> Float {
        guard white < dimWhite else { return 1 }
        return min(largestGain, targetWhite / Float(max(white, 1)))
    }

    /// A tile whose middle (its median luma, once `gain` has brought up the frame's white) is
    /// under this is darker through its middle tones than any scene the detector is taught on is
    /// as a whole (their middles are 35 and up, 49 and up in all but one in a hundred, over 300
    /// scenes of `quiddler synth`): cards in shade before a bright ceiling or window, or a dark
    /// room whose one lamp shows.
    public static let darkMiddle = 48
    /// The middle a dark tile's tone curve lifts it to: where the darkest one in twenty of the
    /// training scenes lie (63), the least lift that makes it an ordinary scene to the detector.
    /// (To 80, a validation scene of small cards on a dark table, middle 43, read a card fewer.)
    public static let targetMiddle: Float = 64
    /// The strongest lift: the curve's exponent is at least this.
    public static let strongestLift: Float = 0.4

    /// The exponent of the tone curve for a tile whose middle, after the frame's gain, is
    /// `middle`: 1 for a tile whose middle tones are in the detector's range, else what takes
    /// `middle` to `targetMiddle` (out of 255), no less than `strongestLift`.
    public static func lift(middle: Float) -> Float {
        guard middle < Float(darkMiddle) else { return 1 }
        let m = max(middle, 1) / 255
        return min(1, max(strongestLift, logf(targetMiddle / 255) / logf(m)))
    }

    /// The frame as the reader's detector should see it: unchanged in ordinary light; an
    /// underexposed frame scaled up by `gain(white:)`, clipped at 255; and where the frame is dark
    /// through its middle tones, lifted by a tone curve that keeps its blacks and whites. Each of
    /// its tiles (`tilesPerSide` a side) has its own lift (`lift(middle:)` of the tile's middle),
    /// and each pixel the blend of its four nearest tiles' curves, so a dark fan held before a
    /// bright ceiling is lifted even where the ceiling fills most of the frame, and the lift fades
    /// smoothly from tile to tile.
    /// - Complexity: O(`samples`) for a frame in ordinary light, O(pixels) for one it corrects.
    public static func corrected(_ image: RGBImage) -> RGBImage {
        let survey = survey(image)
        let g = gain(white: survey.levels.white)
        let lifts = survey.tileMiddles.map { lift(middle: min(255, Float($0) * g)) }
        if lifts.allSatisfy({ $0 == 1 }) { return g > 1 ? scaled(image, by: g) : image }
        let tables = lifts.map { l in (0..<256).map { v in 255 * powf(min(1, Float(v) * g / 255), l) } }
        return blended(image, tables: tables)
    }

    /// Every pixel through the blend of the curves (value to value, 0–255) of its four nearest
    /// tiles' centres, weighted bilinearly; past the outer centres, the outer tiles' own. A run
    /// of pixels whose four tiles' curves all leave every value as it is is left as it is.
    /// - Complexity: O(pixels) at the most, in fixed point (curves and weights in 256ths).
    static func blended(_ image: RGBImage, tables: [[Float]]) -> RGBImage {
        let n = tilesPerSide, w = image.width, h = image.height
        guard w > 0, h > 0 else { return image }
        // Each curve in 256ths of a value, and whether it leaves every value as it is.
        let fixed: [Int32] = tables.flatMap { t in t.map { Int32((max(0, min(255, $0)) * 256).rounded()) } }
        let identity: [Bool] = tables.map { t in t.indices.allSatisfy { abs(t[$0] - Float($0)) < 0.5 / 256 } }
        // Along each axis: the lower tile and the weight (in 256ths) of the next one up.
        func axis(_ size: Int) -> (tile: [Int], weight: [Int32]) {
            var tile = [Int](repeating: 0, count: size), weight = [Int32](repeating: 0, count: size)
            for p in 0..<size {
                let f = (Float(p) + 0.5) * Float(n) / Float(size) - 0.5
                let lo = min(n - 1, max(0, Int(f.rounded(.down))))
                tile[p] = lo
                weight[p] = lo == n - 1 ? 0 : Int32((min(1, max(0, f - Float(lo))) * 256).rounded())
            }
            return (tile, weight)
        }
        let xs = axis(w), ys = axis(h)
        // Where each tile column's pixels begin along a row.
        var starts = [Int](repeating: w, count: n + 1)
        for x in stride(from: w - 1, through: 0, by: -1) { starts[xs.tile[x]] = x }
        for t in stride(from: n - 1, through: 0, by: -1) where starts[t] > starts[t + 1] { starts[t] = starts[t + 1] }
        let columnStart = starts
        var out = image
        // Rows in bands, the bands on every core for a large frame (each band its own rows).
        let bands = w * h >= 1_000_000 ? 4 * ProcessInfo.processInfo.activeProcessorCount : 1
        fixed.withUnsafeBufferPointer { t in
            xs.weight.withUnsafeBufferPointer { wxs in
                out.pixels.withUnsafeMutableBufferPointer { px in
                  nonisolated(unsafe) let (t, wxs, px) = (t, wxs, px)
                  DispatchQueue.concurrentPerform(iterations: bands) { band in
                    for y in (band * h / bands)..<((band + 1) * h / bands) {
                        let ty = ys.tile[y], ty1 = min(n - 1, ty + 1), wy = ys.weight[y]
                        for tx in 0..<n where columnStart[tx] < columnStart[tx + 1] {
                            let tx1 = min(n - 1, tx + 1)
                            let c00 = ty * n + tx, c01 = ty * n + tx1, c10 = ty1 * n + tx, c11 = ty1 * n + tx1
                            if identity[c00] && identity[c01] && identity[c10] && identity[c11] { continue }
                            let a = c00 * 256, b = c01 * 256, c = c10 * 256, d = c11 * 256
                            for x in columnStart[tx]..<columnStart[tx + 1] {
                                let wx = wxs[x]
                                let w00 = (256 - wx) * (256 - wy), w01 = wx * (256 - wy), w10 = (256 - wx) * wy, w11 = wx * wy
                                let i = 3 * (y * w + x)
                                for k in 0..<3 {
                                    let v = Int(px[i + k])
                                    // Weights in 65536ths, curves in 256ths: the sum in 2^24ths, rounded.
                                    let sum = Int(w00) * Int(t[a + v]) + Int(w01) * Int(t[b + v]) + Int(w10) * Int(t[c + v]) + Int(w11) * Int(t[d + v])
                                    px[i + k] = UInt8(min(255, (sum + (1 << 23)) >> 24))
                                }
                            }
                        }
                    }
                  }
                }
            }
        }
        return out
    }

    /// Every channel of every pixel times `gain`, rounded and clipped to 0–255: the frame as an
    /// exposure `gain` times as long (or, under 1, as short) would have taken it.
    /// - Precondition: `gain >= 0`.
    /// - Complexity: O(pixels).
    public static func scaled(_ image: RGBImage, by gain: Float) -> RGBImage {
        precondition(gain >= 0, "a gain is not negative")
        return mapped(image, (0..<256).map { v in UInt8(min(255, (Float(v) * gain).rounded())) })
    }

    /// Every channel of every pixel through the curve v ↦ 255 · (v / 255)^`exponent`, rounded: its
    /// blacks and whites kept, its middle tones darkened (over 1) or lifted (under 1), as a camera
    /// whose tone curve is harsher or softer takes them.
    /// - Precondition: `exponent > 0`.
    /// - Complexity: O(pixels).
    public static func toned(_ image: RGBImage, exponent: Float) -> RGBImage {
        precondition(exponent > 0, "a tone curve's exponent is above 0")
        return mapped(image, (0..<256).map { v in UInt8(min(255, (255 * powf(Float(v) / 255, exponent)).rounded())) })
    }

    /// Every channel of every pixel through `table`.
    static func mapped(_ image: RGBImage, _ table: [UInt8]) -> RGBImage {
        var out = image
        out.pixels.withUnsafeMutableBufferPointer { px in
            table.withUnsafeBufferPointer { t in
                for i in 0..<px.count { px[i] = t[Int(px[i])] }
            }
        }
        return out
    }
}
