import Dispatch
import QuiddlerImage
import QuiddlerNN
import QuiddlerPlatform
import QuiddlerRandom
import QuiddlerReader
import QuiddlerSynthesis
import QuiddlerTestSupport
import QuiddlerTraining
import Testing

@Suite struct TrainerTests {
    static func trainer(_ store: CheckpointStore, steps: Int, proposals: ProposalSource? = Self.proposals) -> Trainer {
        var hyper = Hyperparameters()
        hyper.classifierSteps = steps
        hyper.classifierBatch = 8
        hyper.detectorSteps = steps
        hyper.detectorBatch = 1
        hyper.refineSteps = steps
        hyper.rereadSteps = steps
        hyper.seed = 11
        var data = TrainingData(generators: [(SceneGenerator(art: TestArt.drawn), 1)], postProcess: { _, _ in })
        data.proposals = proposals
        return Trainer(hyper: hyper, data: data, store: store)
    }

    /// A detector's proposals as the reread reads them, made up: one index-sized box at the
    /// frame's middle and one in its top-left corner, whatever the frame shows.
    static let proposals: ProposalSource = { frame, _ in
        [Point(Float(frame.width) / 2, Float(frame.height) / 2), Point(6, 6)].map { IndexCandidate(heat: 0.8, center: $0, size: 18, angle: 0, cardCenter: $0) }
    }

    /// A run stopped after its checkpoint and resumed ends with the same weights, bit for bit, as
    /// one that never stopped: same data per step, same optimizer state, same schedule.
    ///
    /// OpenBLAS's thread count is the process's, and the reader's tests running beside this one
    /// set it to one thread for their reads now and then (`BLAS.singleThreaded`); a product summed
    /// on one thread and on two can differ in its last bit, and the two runs then differ. So both
    /// runs are made within one period of one thread, which overlapping reads leave as it is.
    @Test(arguments: TrainingStage.allCases)
    func aResumedRunEqualsAnUninterruptedOne(stage: TrainingStage) throws {
        try BLAS.singleThreaded { () throws -> Void in try resumedRunEqualsUninterrupted(stage: stage) }
    }

    func resumedRunEqualsUninterrupted(stage: TrainingStage) throws {
        // The refinement starts from a detector, the reread from a classifier: each trained a step.
        let initial = stage == .refine ? try Self.detectorWeights() : stage == .reread ? try Self.classifierWeights() : nil
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

    static func classifierWeights() throws -> [String: Tensor] {
        Dictionary(uniqueKeysWithValues: try trainer(MemoryCheckpoints(), steps: 1).train(.classifier, resume: false).namedTensors)
    }

    /// A second run (the detector's refinement, the classifier's reread) is its network trained on
    /// from the weights it is given, with its own checkpoint, its own scenes and a gentler
    /// schedule; without weights to start from it says so instead of training from nothing.
    @Test(arguments: [(TrainingStage.refine, TrainingError.refineNeedsADetector), (.reread, .rereadNeedsAModel)])
    func aSecondRunCarriesOnFromTheTrainedNetwork(stage: TrainingStage, missing: TrainingError) throws {
        let initial = stage.network == .detector ? try Self.detectorWeights() : try Self.classifierWeights()
        let untouched = try Self.trainer(MemoryCheckpoints(), steps: 2).train(stage, resume: false, initial: initial, stopAt: 0)
        #expect(untouched.namedTensors.allSatisfy { initial[$0.0]?.data == $0.1.data })
        let store = MemoryCheckpoints()
        let trained = try Self.trainer(store, steps: 2).train(stage, resume: false, initial: initial)
        #expect(store.files.keys.sorted() == [stage.checkpointName])
        #expect(trained.namedTensors.contains { initial[$0.0]?.data != $0.1.data })
        let hyper = Hyperparameters()
        let (first, again) = (hyper.settings(stage.network), hyper.settings(stage))
        #expect(again.peakRate < first.peakRate && again.seed != first.seed && again.batch == first.batch)
        #expect(throws: missing) { _ = try Self.trainer(MemoryCheckpoints(), steps: 2).train(stage, resume: false) }
    }

    /// The reread needs the detector's proposals, whose crops each item adds to its own: a batch
    /// of them differs from the first stage's and is the same made side by side.
    @Test func theRereadReadsTheDetectorsProposals() throws {
        let initial = try Self.classifierWeights()
        #expect(throws: TrainingError.rereadNeedsAModel) {
            _ = try Self.trainer(MemoryCheckpoints(), steps: 2, proposals: nil).train(.reread, resume: false, initial: initial)
        }
        var data = TrainingData(generators: [(SceneGenerator(art: TestArt.drawn), 1)], postProcess: { _, _ in })
        var rng = SeededGenerator(seed: 5)
        #expect(data.proposalExamples(rng: &rng, lane: 0).isEmpty)
        data.proposals = Self.proposals
        let parallel = Parallel(workers: 2) { count, body in DispatchQueue.concurrentPerform(iterations: count) { body(count - 1 - $0) } }
        let a = data.classifierBatch(seed: 3, step: 1, size: 200, proposals: true)
        let b = data.classifierBatch(seed: 3, step: 1, size: 200, parallel: parallel, proposals: true)
        #expect(a.labels == b.labels && a.inputs == b.inputs)
        #expect(a.labels != data.classifierBatch(seed: 3, step: 1, size: 200).labels)
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
