import Foundation

/// A frame's exposure, and the gain that brings an underexposed one (a webcam in a dim room, its
/// white cards grey) back into the range of lighting the reader was trained on.
///
/// The detector sees a frame's pixel values as they are; the classifier sees each crop
/// normalised, so a dim frame's letters read well once the detector finds them. The real photos
/// in a quarter of their light (`quiddler eval --photos DIR --photo-light 0.25`) read 20 of 28
/// cards without this, 28 with it. A frame whose white point (`whitePoint`) lies under `dimWhite`
/// is scaled up, every channel alike, as a longer exposure would have taken it, so that its white
/// point is `targetWhite`. A frame then still darker through its middle tones (`Levels.middle`)
/// than the detector's training scenes ever are, as cards in shade before a bright ceiling or
/// window are seen, is lifted by a tone curve (`lift(middle:)`) that keeps its blacks and its
/// whites: the real photos with their middle tones darkened by a gamma of 2
/// (`quiddler eval --photos DIR --photo-gamma 2`) read 20 of 28 cards without it, 28 with it.
/// Every other frame is read as it is.
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

    /// The luma (ITU-R BT.601, 0–255) that the brightest `whiteShare` of the frame's pixels reach:
    /// in a frame that shows cards, the white of the cards, whatever else lies around them.
    /// The frame is sampled on an even grid of at most `samples` pixels.
    /// - Complexity: O(`samples`), whatever the frame's size.
    public static func whitePoint(_ image: RGBImage) -> Int { levels(image).white }

    /// A frame's white point (`whitePoint`) and its middle: the median luma, 0–255, of the same
    /// samples.
    public struct Levels: Equatable, Sendable {
        public var white: Int
        public var middle: Int
        public init(white: Int, middle: Int) { self.white = white; self.middle = middle }
    }

    /// The frame's white point and middle, from one histogram of at most `samples` pixels on an
    /// even grid. An empty frame's are 0.
    /// - Complexity: O(`samples`), whatever the frame's size.
    public static func levels(_ image: RGBImage) -> Levels {
        let count = image.width * image.height
        guard count > 0 else { return Levels(white: 0, middle: 0) }
        let step = max(1, Int((Double(count) / Double(samples)).squareRoot().rounded(.up)))
        var histogram = [Int](repeating: 0, count: 256)
        var sampled = 0
        image.pixels.withUnsafeBufferPointer { px in
            for y in stride(from: step / 2, to: image.height, by: step) {
                for x in stride(from: step / 2, to: image.width, by: step) {
                    let i = 3 * (y * image.width + x)
                    histogram[Int(RGBImage.luma(px[i], px[i + 1], px[i + 2]))] += 1
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
        var middle = 0, below = 0
        for v in 0..<256 {
            below += histogram[v]
            if 2 * below >= sampled { middle = v; break }
        }
        return Levels(white: white, middle: middle)
    }

    /// The gain for a frame with white point `white`: 1 for a frame in ordinary light, else what
    /// takes its white to `targetWhite`, at most `largestGain`.
    public static func gain(white: Int) -> Float {
        guard white < dimWhite else { return 1 }
        return min(largestGain, targetWhite / Float(max(white, 1)))
    }

    /// A frame whose middle (its median luma, once `gain` has brought up its white) is under this
    /// is darker through its middle tones than any scene the detector is taught on (their middles
    /// are 35 and up, 49 and up in all but one in a hundred, over 300 scenes of `quiddler synth`):
    /// cards in shade before a bright ceiling or window, or a dark room whose one lamp shows.
    public static let darkMiddle = 48
    /// The middle a dark frame's tone curve lifts it to: where the darkest one in twenty of the
    /// training scenes lie (63), the least lift that makes it an ordinary scene to the detector.
    /// (To 80, a validation scene of small cards on a dark table, middle 43, read a card fewer.)
    public static let targetMiddle: Float = 64
    /// The strongest lift: the curve's exponent is at least this.
    public static let strongestLift: Float = 0.4

    /// The exponent of the tone curve for a frame whose middle, after its gain, is `middle`: 1 for
    /// a frame whose middle tones are in the detector's range, else what takes `middle` to
    /// `targetMiddle` (out of 255), no less than `strongestLift`.
    public static func lift(middle: Float) -> Float {
        guard middle < Float(darkMiddle) else { return 1 }
        let m = max(middle, 1) / 255
        return min(1, max(strongestLift, logf(targetMiddle / 255) / logf(m)))
    }

    /// The tone curve, value to value for every channel, of a frame with these levels: its `gain`,
    /// then its `lift`, v ↦ 255 · (min(1, gain · v / 255))^lift. Nil for a frame read as it is.
    public static func curve(_ levels: Levels) -> [UInt8]? {
        let g = gain(white: levels.white)
        let l = lift(middle: min(255, Float(levels.middle) * g))
        guard g > 1 || l < 1 else { return nil }
        return (0..<256).map { v in
            let x = min(1, Float(v) * g / 255)
            return UInt8(min(255, (255 * powf(x, l)).rounded()))
        }
    }

    /// The frame as the reader's detector should see it: unchanged in ordinary light; an
    /// underexposed frame scaled up by `gain(white:)`, clipped at 255; a frame dark through its
    /// middle tones lifted by the curve's exponent (`lift(middle:)`), its blacks and whites kept.
    /// A corrected frame's white point is at least `dimWhite` unless the largest gain was not
    /// enough, and its middle at least `darkMiddle` unless the strongest lift was not, so
    /// correcting twice changes no more than correcting once.
    /// - Complexity: O(`samples`) for a frame in ordinary light, O(pixels) for one it corrects.
    public static func corrected(_ image: RGBImage) -> RGBImage {
        guard let table = curve(levels(image)) else { return image }
        return mapped(image, table)
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
