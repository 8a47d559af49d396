import QuiddlerNN
import QuiddlerRandom
import Testing

@Suite struct TrainingTests {
    static let classifier = """
        input 3
        conv 8 k3 s1 p1 nobias
        bn
        relu
        maxpool 2 s2
        conv 16 k3 s1 p1 nobias
        bn
        leaky 0.1
        gap
        dropout 0.1
        dense 4
        """

    @Test func smallNetworkOverfitsATinyBatch() throws {
        let spec = try NetworkSpec(text: Self.classifier)
        let net = try Network(spec: spec, height: 8, width: 8, seed: 3)
        var rng = SeededGenerator(seed: 4)
        let n = 8
        let x = (0..<(n * 3 * 64)).map { _ in rng.normal() }
        let labels = (0..<n).map { $0 % 4 }
        var adam = AdamW(weightDecay: 0)
        var first: Float = 0, last: Float = 0
        for step in 0..<300 {
            let logits = try net.forward(x, batch: n, height: 8, width: 8, training: true)
            let (loss, grad) = Loss.softmaxCrossEntropy(logits: logits, labels: labels, classes: 4)
            if step == 0 { first = loss }
            last = loss
            net.zeroGrad()
            net.backward(grad)
            adam.update(net.parameters, learningRate: 0.01)
        }
        #expect(first > 1.0)
        #expect(last < 0.1, "loss went from \(first) to \(last)")
        let logits = try net.forward(x, batch: n, height: 8, width: 8, training: false)
        for i in 0..<n {
            let row = Array(logits[(i * 4)..<(i * 4 + 4)])
            #expect(row.firstIndex(of: row.max()!) == labels[i])
        }
    }

    @Test func inferenceNetworkMatchesEvalModeWithFoldedBatchNorm() throws {
        let spec = try NetworkSpec(text: """
            input 3
            conv 6 k3 s2 p1 nobias
            bn
            relu
            conv 6 k3 s1 p1
            bn
            leaky 0.1
            conv 6 k3 s1 p1
            add 2
            bn
            up 2
            concat -1
            conv 4 k1 s1 p0
            """)
        let net = try Network(spec: spec, height: 10, width: 12, seed: 8)
        var rng = SeededGenerator(seed: 9)
        // A few training passes so the running statistics are not the defaults.
        for _ in 0..<3 {
            _ = try net.forward((0..<(4 * 3 * 120)).map { _ in rng.normal() * 2 + 1 }, batch: 4, height: 10, width: 12, training: true)
        }
        let x = (0..<(3 * 120)).map { _ in rng.normal() }
        let expected = try net.forward(x, batch: 1, height: 10, width: 12, training: false)
        let inference = try InferenceNetwork(net)
        for _ in 0..<2 {  // twice: buffers are reused
            let y = try inference.run(x, height: 10, width: 12)
            #expect(y.count == expected.count)
            for (a, b) in zip(y, expected) { #expect(abs(a - b) <= 1e-4 * max(1, abs(b))) }
        }
        // A different size works with the same compiled network.
        let y2 = try inference.run((0..<(3 * 16 * 8)).map { _ in rng.normal() }, height: 16, width: 8)
        #expect(y2.count == 4 * 16 * 8)
    }

    @Test func scheduleWarmsUpThenDecays() {
        let s = LearningRateSchedule(peak: 1e-3, warmup: 10, total: 100)
        #expect(s.rate(at: 0) < s.rate(at: 5))
        #expect(abs(s.rate(at: 9) - 1e-3) < 1e-9)
        #expect(s.rate(at: 50) < s.rate(at: 20))
        #expect(s.rate(at: 99) < 1e-4 && s.rate(at: 99) > 0)
    }

    @Test func clippingLimitsTheUpdate() {
        let p = Parameter(name: "w", shape: [2], value: [0, 0], decays: false)
        p.grad = [300, 400]
        var adam = AdamW(weightDecay: 0, clipNorm: 1)
        let norm = adam.update([p], learningRate: 0.1)
        #expect(abs(norm - 500) < 1e-3)
        #expect(p.value[0] < 0 && p.value[1] < 0)
    }
}
