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
        hyper.seed = 11
        let data = TrainingData(generators: [(SceneGenerator(art: TestArt.drawn), 1)], postProcess: { _, _ in })
        return Trainer(hyper: hyper, data: data, store: store)
    }

    /// A run stopped after its checkpoint and resumed ends with the same weights, bit for bit, as
    /// one that never stopped: same data per step, same optimizer state, same schedule.
    @Test(arguments: TrainingStage.allCases)
    func aResumedRunEqualsAnUninterruptedOne(stage: TrainingStage) throws {
        let whole = try Self.trainer(MemoryCheckpoints(), steps: 4).train(stage, resume: false)
        let store = MemoryCheckpoints()
        _ = try Self.trainer(store, steps: 4).train(stage, resume: false, stopAt: 2)
        #expect(store.files[stage.checkpointName] != nil)
        var resumedAt: Int?
        let resumed = try Self.trainer(store, steps: 4).train(stage, resume: true, onResume: { resumedAt = $0 })
        #expect(resumedAt == 2)
        let a = Dictionary(uniqueKeysWithValues: whole.namedTensors), b = Dictionary(uniqueKeysWithValues: resumed.namedTensors)
        #expect(a.keys.sorted() == b.keys.sorted())
        let differing = a.filter { $0.value.data != b[$0.key]?.data }.map(\.key).sorted()
        #expect(differing.isEmpty, "these differ: \(differing)")
        // And training moved the weights at all: a fresh network is different.
        let fresh = try Self.trainer(MemoryCheckpoints(), steps: 4).train(stage, resume: false, stopAt: 0)
        let moved = Dictionary(uniqueKeysWithValues: fresh.namedTensors).contains { $0.value.data != a[$0.key]?.data }
        #expect(moved)
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
