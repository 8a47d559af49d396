import QuiddlerImage
import QuiddlerReader
import QuiddlerRandom

/// Generated pictures with the texture of a photo (smooth shading, edges, grain), for benchmarks
/// and tests that need realistic JPEG content without shipping photos.
public enum TestScene {
    public static func photoLike(width: Int, height: Int, seed: UInt64) -> RGBImage {
        var rng = SeededGenerator(seed: seed)
        var img = RGBImage(width: width, height: height)
        let base = (rng.uniform(60...160), rng.uniform(60...160), rng.uniform(60...160))
        for y in 0..<height {
            for x in 0..<width {
                let fx = Float(x) / Float(width), fy = Float(y) / Float(height)
                let shade = 0.7 + 0.3 * fx * (1 - fy)
                let grain = rng.normal() * 4
                img[x, y] = RGB(UInt8(clamping: Int(base.0 * shade + grain + 40 * fy)),
                                UInt8(clamping: Int(base.1 * shade + grain)),
                                UInt8(clamping: Int(base.2 * shade + grain + 30 * fx)))
            }
        }
        for _ in 0..<12 {
            let w = Int(rng.uniform(40...200)), h = Int(rng.uniform(40...200))
            let x = Int(rng.uniform(0...Float(width - 40))), y = Int(rng.uniform(0...Float(height - 40)))
            let c = RGB(UInt8(rng.uniform(0...255)), UInt8(rng.uniform(0...255)), UInt8(rng.uniform(0...255)))
            img.fillRect(x: x, y: y, width: w, height: h, color: c)
            img.drawText("QUIDDLER", x: x + 4, y: y + 4, color: .black, scale: 2)
        }
        return img
    }
}
