/// A frame's exposure, and the gain that brings an underexposed one (a webcam in a dim room, its
/// white cards grey) back into the range of lighting the reader was trained on.
///
/// The detector sees a frame's pixel values as they are; the classifier sees each crop
/// normalised, so a dim frame's letters read well once the detector finds them. The real photos
/// in a quarter of their light (`quiddler eval --photos DIR --photo-light 0.25`) read 20 of 28
/// cards without this, 28 with it. A frame whose white point (`whitePoint`) lies under `dimWhite`
/// is scaled up, every channel alike, as a longer exposure would have taken it, so that its white
/// point is `targetWhite`; every other frame is read as it is.
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
    public static func whitePoint(_ image: RGBImage) -> Int {
        let count = image.width * image.height
        guard count > 0 else { return 0 }
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
        var above = 0
        for v in stride(from: 255, through: 0, by: -1) {
            above += histogram[v]
            if above >= wanted { return v }
        }
        return 0
    }

    /// The gain for a frame with white point `white`: 1 for a frame in ordinary light, else what
    /// takes its white to `targetWhite`, at most `largestGain`.
    public static func gain(white: Int) -> Float {
        guard white < dimWhite else { return 1 }
        return min(largestGain, targetWhite / Float(max(white, 1)))
    }

    /// The frame as the reader's detector should see it: unchanged in ordinary light; an
    /// underexposed frame scaled up by `gain(white:)`, clipped at 255. A corrected frame's white
    /// point is at least `dimWhite` unless the largest gain was not enough, so correcting twice
    /// changes no more than correcting once.
    /// - Complexity: O(`samples`) for a frame in ordinary light, O(pixels) for one it corrects.
    public static func corrected(_ image: RGBImage) -> RGBImage {
        let g = gain(white: whitePoint(image))
        return g > 1 ? scaled(image, by: g) : image
    }

    /// Every channel of every pixel times `gain`, rounded and clipped to 0–255: the frame as an
    /// exposure `gain` times as long (or, under 1, as short) would have taken it.
    /// - Precondition: `gain >= 0`.
    /// - Complexity: O(pixels).
    public static func scaled(_ image: RGBImage, by gain: Float) -> RGBImage {
        precondition(gain >= 0, "a gain is not negative")
        var table = [UInt8](repeating: 0, count: 256)
        for v in 0..<256 { table[v] = UInt8(min(255, (Float(v) * gain).rounded())) }
        var out = image
        out.pixels.withUnsafeMutableBufferPointer { px in
            table.withUnsafeBufferPointer { t in
                for i in 0..<px.count { px[i] = t[Int(px[i])] }
            }
        }
        return out
    }
}
