import QuiddlerImage
import QuiddlerReader
import QuiddlerPlatform

/// Smooth value noise on an integer lattice, seeded.
struct ValueNoise {
    let seed: UInt64

    @inline(__always)
    private func lattice(_ x: Int, _ y: Int) -> Float {
        var h = UInt64(bitPattern: Int64(x)) &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(bitPattern: Int64(y)) &* 0xC2B2_AE3D_27D4_EB4F ^ seed
        h ^= h >> 29; h = h &* 0xBF58_476D_1CE4_E5B9; h ^= h >> 32
        return Float(h & 0xFFFF) / 65535
    }

    /// Noise in [0, 1] at (x, y), one lattice cell per unit.
    func at(_ x: Float, _ y: Float) -> Float {
        let x0 = Int(floorf(x)), y0 = Int(floorf(y))
        let fx = x - Float(x0), fy = y - Float(y0)
        let sx = fx * fx * (3 - 2 * fx), sy = fy * fy * (3 - 2 * fy)
        let a = lattice(x0, y0), b = lattice(x0 + 1, y0), c = lattice(x0, y0 + 1), d = lattice(x0 + 1, y0 + 1)
        return (a + (b - a) * sx) * (1 - sy) + (c + (d - c) * sx) * sy
    }

    /// A few octaves of noise, in [0, 1].
    func fractal(_ x: Float, _ y: Float, octaves: Int = 3) -> Float {
        var sum: Float = 0, amp: Float = 0.5, freq: Float = 1, norm: Float = 0
        for _ in 0..<octaves { sum += amp * at(x * freq, y * freq); norm += amp; amp *= 0.5; freq *= 2 }
        return sum / norm
    }
}
