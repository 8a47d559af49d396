import QuiddlerImage
import QuiddlerReader
import QuiddlerRandom
import QuiddlerPlatform

/// Synthetic webcam sequences of one hand, to measure the consensus tracker: the camera's view
/// of a larger scene drifts, shakes, blurs and flickers from frame to frame, with the labels
/// carried along.
public enum FrameSequence {
    /// How the view changes between frames.
    public enum Motion: String, Sendable, CaseIterable {
        /// A hand held still: sub-pixel tremor only.
        case still
        /// A hand moving slowly: a steady drift and turn.
        case slow
        /// A shaky hand: a few pixels of random offset every frame.
        case jitter
        /// Slow drift with motion blur on some frames.
        case blur
        /// A still hand under flickering light.
        case flicker
    }

    /// Renders `frames` frames of `width × height` showing one scene of `request`.
    public static func render(generator: SceneGenerator, request: SceneGenerator.Request, motion: Motion, frames: Int,
                              width: Int = 640, height: Int = 480, rng: inout SeededGenerator) -> [Scene] {
        let bw = width * 5 / 4, bh = height * 5 / 4
        let base = generator.render(request, width: bw, height: bh, rng: &rng)
        let drift = Point(rng.uniform(-1.5...1.5), rng.uniform(-1.5...1.5))
        let turn = rng.uniform(-0.003...0.003)
        var out: [Scene] = []
        for t in 0..<frames {
            let ft = Float(t)
            var center = Point(Float(bw) / 2, Float(bh) / 2)
            var angle: Float = 0
            switch motion {
            case .still, .flicker:
                center = Point(center.x + rng.normal() * 0.2, center.y + rng.normal() * 0.2)
            case .slow, .blur:
                center = Point(center.x + drift.x * ft, center.y + drift.y * ft)
                angle = turn * ft
            case .jitter:
                center = Point(center.x + rng.normal() * 2, center.y + rng.normal() * 2)
                angle = rng.normal() * 0.01
            }
            var scene = view(base, center: center, angle: angle, width: width, height: height)
            if motion == .flicker { gain(&scene.image, rng.uniform(0.7...1.25)) }
            if motion == .blur && rng.nextFloat() < 0.5 {
                Photometric.motionBlur(&scene.image, length: Int(rng.uniform(3...8)), angle: atan2f(drift.y, drift.x))
            }
            out.append(scene)
        }
        return out
    }

    /// The part of a scene a camera centred on `center` and turned by `angle` sees, with labels.
    static func view(_ base: Scene, center: Point, angle: Float, width: Int, height: Int) -> Scene {
        let c = cosf(angle), s = sinf(angle)
        func map(_ p: Point) -> Point {
            let dx = p.x - center.x, dy = p.y - center.y
            return Point(dx * c + dy * s + Float(width) / 2, -dx * s + dy * c + Float(height) / 2)
        }
        var scene = base
        scene.image = base.image.crop(center: center, angle: angle, scale: 1, width: width, height: height)
        scene.indices = base.indices.map { l in
            var l = l
            l.center = map(l.center)
            l.cardCenter = map(l.cardCenter)
            l.angle = normalizedAngle(l.angle - angle)
            return l
        }
        scene.cards = base.cards.map { p in
            var p = p
            p.center = map(p.center)
            p.angle -= angle
            return p
        }
        return scene
    }

    static func gain(_ img: inout RGBImage, _ g: Float) {
        for i in img.pixels.indices { img.pixels[i] = UInt8(min(255, Float(img.pixels[i]) * g)) }
    }
}
