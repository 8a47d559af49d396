import QuiddlerImage
import QuiddlerRandom
import Synchronization

/// JPEG compression at a random quality, as webcams and phones apply it, for training scenes.
/// One codec, used under a lock, so the training data can be made on any thread.
public final class JPEGArtefacts: Sendable {
    private let codec = Mutex(JPEGCodec())

    public init() {}

    /// Compresses 70% of images at a quality between 35 and 95.
    public func apply(_ img: inout RGBImage, rng: inout SeededGenerator) {
        guard rng.nextFloat() < 0.7 else { return }
        let quality = Int(rng.uniform(35...95))
        let source = img
        let back: RGBImage? = codec.withLock { codec in
            guard let bytes = try? codec.encode(source, quality: quality) else { return nil }
            return try? codec.decode(bytes, orient: false)
        }
        if let back { img = back }
    }
}
