import Dispatch
import QuiddlerGame
import QuiddlerNN
import QuiddlerPlatform
import QuiddlerReader
import Synchronization

/// Every training hyperparameter of the card reader, in one place. The defaults are the shipped
/// model's; `quiddler train` exposes the step counts, batch sizes and seed.
public struct Hyperparameters: Sendable, Equatable {
    public var classifierSteps = 8000
    public var classifierBatch = 96
    public var detectorSteps = 10000
    public var detectorBatch = 8
    /// Steps of the detector's second run (`TrainingStage.refine`); 0, the default, skips it:
    /// 6,000 steps (45 minutes more) gave the shipped recipe +2 of 1,536 synthetic cards, more cards
    /// counted twice and a worse second consensus set, so the shipped model has none.
    public var refineSteps = 0
    /// Steps of the classifier's second run (`TrainingStage.reread`) on crops where the trained
    /// detector proposes indices; 0 skips it. 3,000 steps (about 54 minutes) and the reader's
    /// heat weight of 0.6 it allows read 1624/1664 synthetic scans at `--seed 99` against 1612;
    /// 2,000 (about 36 minutes, which keeps the whole training under three hours) read as many
    /// cards over four validation sets (6,249 against 6,248, with the turn search on) with a
    /// tenth more reads of no card.
    public var rereadSteps = 2000
    public var seed: UInt64 = 7
    /// Kinds the training scenes draw more often, by weight (`SceneGenerator.favoured`); none
    /// in the shipped model. The validation scenes are never changed by it.
    public var favoured: [Card: Float] = [:]
    /// The peak learning rates' multiplier (below 1 to fine-tune a trained model gently).
    public var rateScale: Float = 1
    public static let classifierPeakRate: Float = 3e-3
    public static let classifierWarmup = 100
    public static let detectorPeakRate: Float = 2e-3
    public static let detectorWarmup = 200
    /// The refinement's peak rate, as a share of the detector's: a warm restart, gentle enough
    /// to keep what the first run learnt.
    public static let refineRateShare: Float = 0.3
    public static let refineWarmup = 100
    /// The classifier's second run's peak rate, as a share of its first run's.
    public static let rereadRateShare: Float = 0.3
    /// Steps between checkpoints (a classifier step is cheaper than a detector step).
    public static let classifierCheckpointEvery = 100
    public static let detectorCheckpointEvery = 50

    public init() {}

    public func settings(_ stage: TrainingStage) -> TrainingSettings {
        switch stage {
        case .classifier:
            return TrainingSettings(steps: classifierSteps, batch: classifierBatch, peakRate: Self.classifierPeakRate * rateScale,
                                    warmup: min(Self.classifierWarmup, max(1, classifierSteps / 5)), seed: seed)
        case .detector:
            return TrainingSettings(steps: detectorSteps, batch: detectorBatch, peakRate: Self.detectorPeakRate * rateScale,
                                    warmup: min(Self.detectorWarmup, max(1, detectorSteps / 5)), seed: seed &+ 1)
        case .refine:
            return TrainingSettings(steps: refineSteps, batch: detectorBatch, peakRate: Self.detectorPeakRate * Self.refineRateShare * rateScale,
                                    warmup: min(Self.refineWarmup, max(1, refineSteps / 5)), seed: seed &+ 2)
        case .reread:
            return TrainingSettings(steps: rereadSteps, batch: classifierBatch, peakRate: Self.classifierPeakRate * Self.rereadRateShare * rateScale,
                                    warmup: min(Self.classifierWarmup, max(1, rereadSteps / 5)), seed: seed &+ 3)
        }
    }
}

/// The two networks, trained one after the other, and then, if asked for, each again: `refine`
/// starts from the trained detector and trains it on fresh scenes (another seed) with a new,
/// lower learning-rate schedule, a warm restart; `reread` starts from the trained classifier and
/// trains it on, half its crops where the trained detector proposes an index (labelled by the
/// index there, or reject), so it learns the boxes it will be given.
public enum TrainingStage: String, Sendable, CaseIterable {
    case classifier, detector, refine, reread

    public var checkpointName: String { "\(rawValue).ckpt" }
    public var spec: NetworkSpec {
        get throws(NNError) { network == .classifier ? try DetectorModel.classifier() : try DetectorModel.detector() }
    }
    /// The network the stage trains: the refinement trains the detector, the reread the classifier.
    public var network: TrainingStage {
        switch self {
        case .refine: .detector
        case .reread: .classifier
        default: self
        }
    }
    public var inputSize: (height: Int, width: Int) {
        network == .classifier ? (DetectorModel.cropSide, DetectorModel.cropSide) : (DetectorModel.detectorHeight, DetectorModel.detectorWidth)
    }
}

/// Why training cannot start.
public enum TrainingError: Error, Equatable, CustomStringConvertible {
    case refineNeedsADetector
    case rereadNeedsAModel
    public var description: String {
        switch self {
        case .refineNeedsADetector: "the refinement starts from a trained detector: train the detector first (--stage detector), or all stages"
        case .rereadNeedsAModel: "the reread starts from a trained classifier and reads a trained detector's proposals: train both first, or all stages"
        }
    }
}

/// Where checkpoints are kept: files for `quiddler train`, memory for tests.
public protocol CheckpointStore: AnyObject {
    func load(_ name: String) throws -> [UInt8]?
    func save(_ name: String, _ bytes: [UInt8]) throws
}

/// Checkpoints in memory.
public final class MemoryCheckpoints: CheckpointStore {
    public private(set) var files: [String: [UInt8]] = [:]
    public init() {}
    public func load(_ name: String) throws -> [UInt8]? { files[name] }
    public func save(_ name: String, _ bytes: [UInt8]) { files[name] = bytes }
}

/// What one training step reports.
public struct StepReport: Sendable {
    public let stage: TrainingStage
    public let step: Int
    public let total: Int
    public let loss: Float
    /// The detector's two losses (heatmap, regression); empty for the classifier.
    public let parts: [Float]
    public let learningRate: Float
}

/// The training loop: steps with data made ahead on another thread, a checkpoint every few
/// dozen steps, and resumption from the last checkpoint. The batch of a step depends only on the
/// seed and the step, so a resumed run is the same as one that never stopped.
public final class Trainer {
    public let hyper: Hyperparameters
    private let data: TrainingData
    private let store: CheckpointStore

    public init(hyper: Hyperparameters, data: TrainingData, store: CheckpointStore) {
        self.hyper = hyper
        self.data = data
        self.store = store
    }

    /// Trains `stage` up to its step count, or only up to `stopAt` (to stop early, as a killed run
    /// would after its last checkpoint).
    /// - Parameters:
    ///   - resume: continue from the stage's checkpoint, if the store has one
    ///   - onStep: called after every step
    ///   - every: with `onEvery`, called every that many steps and at the end (the detector's validation)
    /// - Returns: the trained network.
    ///   - initial: weights to start from (a trained model, to fine-tune it) when not resuming; the
    ///     refinement needs the trained detector's
    /// - Throws: `TrainingError.refineNeedsADetector` for the refinement without `initial`.
    public func train(_ stage: TrainingStage, resume: Bool, initial: [String: Tensor]? = nil, stopAt: Int? = nil, onResume: (Int) -> Void = { _ in },
                      onStep: (StepReport) -> Void = { _ in }, every: Int = 0, onEvery: (Network, Int) throws -> Void = { _, _ in }) throws -> Network {
        let settings = hyper.settings(stage)
        if stage == .refine, initial == nil { throw TrainingError.refineNeedsADetector }
        if stage == .reread, initial == nil || data.proposals == nil { throw TrainingError.rereadNeedsAModel }
        let size = stage.inputSize
        let run = TrainingRun(network: try Network(spec: try stage.spec, height: size.height, width: size.width, seed: settings.seed), settings: settings)
        if resume, let bytes = try store.load(stage.checkpointName) {
            let (_, tensors) = try WeightFile.decode(bytes, file: stage.checkpointName)
            try run.restore(Dictionary(tensors, uniquingKeysWith: { a, _ in a }))
            onResume(run.step)
        }
        if run.step == 0, let initial {
            try run.network.load(initial)
        } else if run.step == 0, stage == .detector {
            DetectorModel.initializeDetectorHead(run.network)
        }
        let end = min(settings.steps, stopAt ?? settings.steps)
        let checkpointEvery = stage.network == .classifier ? Hyperparameters.classifierCheckpointEvery : Hyperparameters.detectorCheckpointEvery
        let data = self.data, seed = settings.seed, batch = settings.batch
        // Scenes are rendered on every core while the network trains on the last batch.
        let parallel = Parallel(workers: max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))) { count, body in DispatchQueue.concurrentPerform(iterations: count, execute: body) }
        switch stage {
        case .classifier, .reread:
            let proposals = stage == .reread
            let prefetch = Prefetcher { step in data.classifierBatch(seed: seed, step: step, size: batch, parallel: parallel, proposals: proposals) }
            while run.step < end {
                let loss = try run.classifierStep(prefetch.take(step: run.step, next: run.step + 1 < end))
                try after(run, stage: stage, loss: loss, parts: [], end: end, checkpointEvery: checkpointEvery, onStep: onStep, every: every, onEvery: onEvery)
            }
        case .detector, .refine:
            let prefetch = Prefetcher { step in data.detectorBatch(seed: seed, step: step, size: batch, parallel: parallel) }
            while run.step < end {
                let loss = try run.detectorStep(prefetch.take(step: run.step, next: run.step + 1 < end))
                try after(run, stage: stage, loss: loss.total, parts: [loss.heat, loss.regression], end: end, checkpointEvery: checkpointEvery,
                          onStep: onStep, every: every, onEvery: onEvery)
            }
        }
        return run.network
    }

    private func after(_ run: TrainingRun, stage: TrainingStage, loss: Float, parts: [Float], end: Int, checkpointEvery: Int,
                       onStep: (StepReport) -> Void, every: Int, onEvery: (Network, Int) throws -> Void) throws {
        onStep(StepReport(stage: stage, step: run.step, total: run.settings.steps, loss: loss, parts: parts, learningRate: run.schedule.rate(at: run.step)))
        if run.step % checkpointEvery == 0 || run.step == end {
            try store.save(stage.checkpointName, WeightFile.encode(spec: run.network.spec, tensors: run.checkpointTensors))
        }
        if every > 0, run.step % every == 0 || run.step == end { try onEvery(run.network, run.step) }
    }
}

/// Makes the next batch on a background thread while the current one trains, so scene rendering
/// (single-threaded) overlaps the network's work.
final class Prefetcher<Batch: Sendable>: Sendable {
    private let make: @Sendable (Int) -> Batch
    private let queue = DispatchQueue(label: "quiddler.prefetch")
    /// The step being made ahead, and the batch once it is ready.
    private let ahead = Mutex<(step: Int, batch: Batch?)?>(nil)
    private let ready = DispatchSemaphore(value: 0)

    init(make: @escaping @Sendable (Int) -> Batch) { self.make = make }

    /// The batch of `step` (made now unless it was made ahead), starting on `step + 1` if `next`.
    func take(step: Int, next: Bool) -> Batch {
        var batch: Batch?
        if let pending = ahead.withLock({ $0?.step }) {
            ready.wait()
            let made = ahead.withLock { a in defer { a = nil }; return a?.batch }
            if pending == step { batch = made }
        }
        let result = batch ?? make(step)
        if next {
            ahead.withLock { $0 = (step + 1, nil) }
            queue.async { [self] in
                let made = make(step + 1)
                ahead.withLock { $0?.batch = made }
                ready.signal()
            }
        }
        return result
    }
}
