import QuiddlerImage
import QuiddlerReader
import QuiddlerSynthesis
import QuiddlerImage
import QuiddlerRandom
import QuiddlerReader
import QuiddlerSynthesis

/// How the tracker did over a set of sequences.
public struct ConsensusSummary: Sendable {
    /// Cards that had to be read, and were read right, over all frames after the warm-up.
    public var cards = 0
    public var correct = 0
    /// Reads of no card there, over the same frames.
    public var wrong = 0
    /// Changes of the settled reading on still sequences, and their length in seconds (at the fps given).
    public var stillChanges = 0
    public var stillSeconds: Double = 0
    /// Per motion: cards and right.
    public var byMotion: [FrameSequence.Motion: (correct: Int, cards: Int)] = [:]

    public var accuracy: Double { cards == 0 ? 0 : Double(correct) / Double(cards) }
    /// Changes of reading per second while the hand is still.
    public var flicker: Double { stillSeconds == 0 ? 0 : Double(stillChanges) / stillSeconds }
}

extension Evaluation {
    /// Runs the consensus tracker over `sequences` synthetic sequences (the motions in turn, held
    /// fans), scoring its settled reading by place on every frame after the first `warmup`.
    public static func consensus(reader: CardReader, generator: SceneGenerator, sequences: Int, frames: Int = 24, warmup: Int = 6,
                                 fps: Double = 10, seed: UInt64,
                                 postProcess: ((inout RGBImage, inout SeededGenerator) -> Void)? = nil) -> ConsensusSummary {
        var rng = SeededGenerator(seed: seed)
        var summary = ConsensusSummary()
        let motions = FrameSequence.Motion.allCases
        for i in 0..<sequences {
            let motion = motions[i % motions.count]
            var request = SceneGenerator.Request(layout: .hand)
            request.indexPixels = 12...40
            request.legibleLetters = 12
            let scenes = FrameSequence.render(generator: generator, request: request, motion: motion, frames: frames, rng: &rng)
            var tracker = ConsensusTracker()
            var previous: [String]?
            for (t, var scene) in scenes.enumerated() {
                postProcess?(&scene.image, &rng)
                tracker.update((try? reader.read(scene.image)) ?? [])
                guard t >= warmup else { continue }
                let settled = tracker.settled
                let r = score(name: "sequence-\(i + 1)-\(t + 1)", scene: scene, detections: settled)
                summary.cards += r.expected.count
                summary.correct += r.correct
                summary.wrong += r.wrong
                summary.byMotion[motion, default: (0, 0)].cards += r.expected.count
                summary.byMotion[motion, default: (0, 0)].correct += r.correct
                let reading = settled.map(\.card.name)
                if motion == .still || motion == .flicker {
                    if let previous, previous != reading { summary.stillChanges += 1 }
                    summary.stillSeconds += 1 / fps
                }
                previous = reading
            }
        }
        return summary
    }
}
