import Dispatch
import QuiddlerNN
import QuiddlerRandom
import QuiddlerSynthesis
import QuiddlerTestSupport
import QuiddlerTraining
import Testing

@Suite struct TrainerTests {
    static func trainer(_ store: CheckpointStore, steps: Int) -> Trainer {
        var hyper = Hyperparameters()
        hyper.classifierSteps = steps
        hyper.classifierBatch = 8
        hyper.detectorSteps = steps
        hyper.detectorBatch = 1
        hyper.refineSteps = steps
        hyper.seed = 11
        let data = TrainingData(generators: [(SceneGenerator(art: TestArt.drawn), 1)], postProcess: { _, _ in })
        return Trainer(hyper: hyper, data: data, store: store)
    }

    /// A run stopped after its checkpoint and resumed ends with the same weights, bit for bit, as
    /// one that never stopped: same data per step, same optimizer state, same schedule.
    @Test(arguments: TrainingStage.allCases)
    func aResumedRunEqualsAnUninterruptedOne(stage: TrainingStage) throws {
        // The refinement starts from a detector: one trained a step.
        let initial = stage == .refine ? try Self.detectorWeights() : nil
        let whole = try Self.trainer(MemoryCheckpoints(), steps: 4).train(stage, resume: false, initial: initial)
        let store = MemoryCheckpoints()
        _ = try Self.trainer(store, steps: 4).train(stage, resume: false, initial: initial, stopAt: 2)
        #expect(store.files[stage.checkpointName] != nil)
        var resumedAt: Int?
        let resumed = try Self.trainer(store, steps: 4).train(stage, resume: true, initial: initial, onResume: { resumedAt = $0 })
        #expect(resumedAt == 2)
        let a = Dictionary(uniqueKeysWithValues: whole.namedTensors), b = Dictionary(uniqueKeysWithValues: resumed.namedTensors)
        #expect(a.keys.sorted() == b.keys.sorted())
        let differing = a.filter { $0.value.data != b[$0.key]?.data }.map(\.key).sorted()
        #expect(differing.isEmpty, "these differ: \(differing)")
        // And training moved the weights at all: a fresh network is different.
        let fresh = try Self.trainer(MemoryCheckpoints(), steps: 4).train(stage, resume: false, initial: initial, stopAt: 0)
        let moved = Dictionary(uniqueKeysWithValues: fresh.namedTensors).contains { $0.value.data != a[$0.key]?.data }
        #expect(moved)
    }

    static func detectorWeights() throws -> [String: Tensor] {
        Dictionary(uniqueKeysWithValues: try trainer(MemoryCheckpoints(), steps: 1).train(.detector, resume: false).namedTensors)
    }

    /// The refinement is the detector trained on from the weights it is given, with its own
    /// checkpoint, its own scenes and a gentler schedule; without a detector to start from it
    /// says so instead of training one from nothing.
    @Test func theRefinementCarriesOnFromTheTrainedDetector() throws {
        let initial = try Self.detectorWeights()
        let untouched = try Self.trainer(MemoryCheckpoints(), steps: 2).train(.refine, resume: false, initial: initial, stopAt: 0)
        #expect(untouched.namedTensors.allSatisfy { initial[$0.0]?.data == $0.1.data })
        let store = MemoryCheckpoints()
        let refined = try Self.trainer(store, steps: 2).train(.refine, resume: false, initial: initial)
        #expect(store.files.keys.sorted() == ["refine.ckpt"])
        #expect(refined.namedTensors.contains { initial[$0.0]?.data != $0.1.data })
        let hyper = Hyperparameters()
        let (detector, refine) = (hyper.settings(.detector), hyper.settings(.refine))
        #expect(refine.peakRate < detector.peakRate && refine.seed != detector.seed && refine.batch == detector.batch)
        #expect(throws: TrainingError.refineNeedsADetector) {
            _ = try Self.trainer(MemoryCheckpoints(), steps: 2).train(.refine, resume: false)
        }
    }

    /// Items made side by side (out of order, on other threads) give the same batch as one item
    /// after another, so the threads cannot change a trained model; a classifier batch of 40
    /// takes items past a wave's end and must drop the extra ones' examples.
    @Test(arguments: [1, 3])
    func aBatchMadeSideBySideIsTheBatchMadeInTurn(workers: Int) {
        let data = TrainingData(generators: [(SceneGenerator(art: TestArt.drawn), 1)], postProcess: { _, _ in })
        // Runs the items backwards, on Dispatch's threads, to shake out any dependence on order.
        let parallel = Parallel(workers: workers) { count, body in
            DispatchQueue.concurrentPerform(iterations: count) { body(count - 1 - $0) }
        }
        let a = data.classifierBatch(seed: 3, step: 5, size: 40), b = data.classifierBatch(seed: 3, step: 5, size: 40, parallel: parallel)
        #expect(a.labels.count == 40 && a.inputs.count == 40 * 32 * 32)
        #expect(a.labels == b.labels && a.inputs == b.inputs)
        let c = data.detectorBatch(seed: 3, step: 5, size: 3), d = data.detectorBatch(seed: 3, step: 5, size: 3, parallel: parallel)
        #expect(c.inputs == d.inputs && c.targets.map(\.heat) == d.targets.map(\.heat))
        // Another step is another batch: the comparison above can tell batches apart.
        #expect(data.classifierBatch(seed: 3, step: 6, size: 40).inputs != a.inputs)
    }

    @Test func stepsAreReportedAndCheckpointedOnSchedule() throws {
        let store = MemoryCheckpoints()
        var steps: [Int] = [], validated: [Int] = []
        _ = try Self.trainer(store, steps: 3).train(.detector, resume: false, onStep: { steps.append($0.step) }, every: 2, onEvery: { _, s in validated.append(s) })
        #expect(steps == [1, 2, 3])
        #expect(validated == [2, 3])
        #expect(store.files.keys.sorted() == ["detector.ckpt"])
    }
}
