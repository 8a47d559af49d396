import QuiddlerGame
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
    /// The sequences whose settled reading was wrong on some scored frame, or changed while still, in order.
    public var misses: [SequenceMiss] = []

    public var accuracy: Double { cards == 0 ? 0 : Double(correct) / Double(cards) }
    /// Changes of reading per second while the hand is still.
    public var flicker: Double { stillSeconds == 0 ? 0 : Double(stillChanges) / stillSeconds }
}

/// A sequence the tracker read wrong: on how many of its scored frames, and the last such frame's
/// cards (those that had to be read, in the scene's order, and the settled reading, in its own);
/// or one whose reading changed while the hand was still, and its last change.
public struct SequenceMiss: Sendable, Equatable {
    /// 1-based, as `eval` prints it.
    public var sequence: Int
    public var motion: FrameSequence.Motion
    /// Scored frames with a card missed or misread, or a read of no card there, of `scoredFrames`.
    public var wrongFrames: Int
    public var scoredFrames: Int
    /// Of those frames: cards not read right, and reads of no card there.
    public var cardsMissed: Int
    public var wrongReads: Int
    public var expected: [Card]
    public var read: [Card]
    /// Changes of the settled reading while still (still and flickering sequences), and the last
    /// one: its frame (1-based) and the reading before and after.
    public var stillChanges = 0
    public var lastChange: StillChange?

    public struct StillChange: Sendable, Equatable {
        public var frame: Int
        public var before: [Card]
        public var after: [Card]
    }
}

extension Evaluation {
    /// Runs the consensus tracker over `sequences` synthetic sequences (the motions in turn, held
    /// fans), scoring its settled reading by place on every frame after the first `warmup`.
    /// - Parameter inspect: called with every scored frame read wrong: its sequence (1-based), the
    ///   frame, and its score, the settled reading its detections.
    public static func consensus(reader: CardReader, generator: SceneGenerator, sequences: Int, frames: Int = 24, warmup: Int = 6,
                                 fps: Double = 10, seed: UInt64,
                                 postProcess: ((inout RGBImage, inout SeededGenerator) -> Void)? = nil,
                                 inspect: ((Int, Scene, ReadResult) -> Void)? = nil) -> ConsensusSummary {
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
            var previous: [Card]?
            var miss = SequenceMiss(sequence: i + 1, motion: motion, wrongFrames: 0, scoredFrames: max(0, frames - warmup), cardsMissed: 0, wrongReads: 0, expected: [], read: [])
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
                if r.correct < r.expected.count || r.wrong > 0 {
                    miss.wrongFrames += 1
                    miss.cardsMissed += r.expected.count - r.correct
                    miss.wrongReads += r.wrong
                    (miss.expected, miss.read) = (r.expected, r.read)
                    inspect?(i + 1, scene, r)
                }
                let reading = settled.map(\.card)
                if motion == .still || motion == .flicker {
                    if let previous, previous != reading {
                        summary.stillChanges += 1
                        miss.stillChanges += 1
                        miss.lastChange = SequenceMiss.StillChange(frame: t + 1, before: previous, after: reading)
                    }
                    summary.stillSeconds += 1 / fps
                }
                previous = reading
            }
            if miss.wrongFrames > 0 || miss.stillChanges > 0 { summary.misses.append(miss) }
        }
        return summary
    }
}
