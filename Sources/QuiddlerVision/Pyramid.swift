#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The image pyramid the reader looks at a frame through, so that index letters of any size
/// (about 10 to 150 pixels, in frames from 320×240 to 4032×3024) reach the detector at the
/// sizes it was trained on (5 to 36 pixels).
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
    static let smallestAtDetector: Float = 6.5
    /// The letters each level answers for, at the detector; neighbouring levels are an octave
    /// apart, so every size is seen well by at least one of them.
    static let levelBand: ClosedRange<Float> = 4.5...40
    /// The largest letters that fit a frame: a card (ten letters tall) a little taller than the frame.
    static func largestLetters(width: Int, height: Int) -> Float { min(150, 0.15 * Float(min(width, height))) }

    /// The levels for a frame, finest first: the finest makes the smallest letters 6.5 pixels
    /// tall; each next one halves it, until the largest letters that fit are at most 26.
    /// - Complexity: O(1); at most six levels.
    public static func levels(width: Int, height: Int) -> [Level] {
        guard width > 0, height > 0 else { return [] }
        var scale = smallestAtDetector / smallestLetters
        var out: [Level] = []
        let largest = largestLetters(width: width, height: height)
        // Each level below the finest is the one above halved (`RGBImage.halved`).
        var w = Int((Float(width) * scale).rounded()), h = Int((Float(height) * scale).rounded())
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
    /// 0.6 letters of a stronger one (the same index seen at two levels) is dropped.
    /// - Complexity: O(n²) in the number of candidates.
    public static func suppress(_ candidates: [IndexCandidate]) -> [IndexCandidate] {
        var kept: [IndexCandidate] = []
        for c in candidates.sorted(by: { $0.heat > $1.heat }) {
            let duplicate = kept.contains { k in hypotf(k.center.x - c.center.x, k.center.y - c.center.y) < 0.6 * max(k.size, c.size) }
            if !duplicate { kept.append(c) }
        }
        return kept
    }
}
