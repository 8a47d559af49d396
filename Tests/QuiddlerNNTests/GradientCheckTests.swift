import QuiddlerNN
import QuiddlerRandom
import Testing

/// Finite-difference checks: every layer's backward pass against central differences of the
/// loss Σ output · R for a fixed random R.
@Suite struct GradientCheckTests {
    static let cases: [(String, String, Int, Int)] = [
        ("conv 3x3 stride 1", "input 2\nconv 3 k3 s1 p1", 5, 6),
        ("conv 3x3 stride 2 no bias", "input 2\nconv 3 k3 s2 p1 nobias", 7, 6),
        ("conv 1x1", "input 3\nconv 2 k1 s1 p0", 4, 4),
        ("conv 5x5 pad 2", "input 1\nconv 2 k5 s1 p2", 5, 5),
        ("batchnorm", "input 2\nconv 3 k3 s1 p1\nbn\nconv 2 k1 s1 p0", 4, 4),
        ("relu", "input 2\nconv 3 k3 s1 p1\nrelu\nconv 2 k1 s1 p0", 4, 4),
        ("leaky relu", "input 2\nconv 3 k3 s1 p1\nleaky 0.1\nconv 2 k1 s1 p0", 4, 4),
        ("max pool", "input 2\nconv 3 k3 s1 p1\nmaxpool 2 s2\nconv 2 k1 s1 p0", 6, 4),
        ("avg pool", "input 2\nconv 3 k3 s1 p1\navgpool 2\nconv 2 k1 s1 p0", 4, 6),
        ("global avg pool + dense", "input 2\nconv 3 k3 s1 p1\ngap\ndense 4", 4, 4),
        ("upsample", "input 2\nconv 3 k3 s2 p1\nup 2\nconv 2 k3 s1 p1", 4, 4),
        ("concat skip", "input 2\nconv 3 k3 s1 p1\nconv 2 k3 s1 p1\nconcat 0\nconv 2 k1 s1 p0", 4, 4),
        ("residual add", "input 2\nconv 3 k3 s1 p1\nconv 3 k3 s1 p1\nadd 0\nconv 2 k1 s1 p0", 4, 4),
        ("branch", "input 2\nconv 3 k3 s1 p1\nconv 2 k1 s1 p0\nbranch 0\nconv 2 k3 s1 p1", 4, 4),
        ("dense on a map", "input 1\nconv 2 k3 s1 p1\ndense 3", 3, 3),
        ("dropout", "input 2\nconv 3 k3 s1 p1\ndropout 0.5\nconv 2 k1 s1 p0", 4, 4),
    ]

    @Test(arguments: cases)
    func layerGradientsMatchFiniteDifferences(name: String, text: String, h: Int, w: Int) throws {
        let spec = try NetworkSpec(text: text)
        let n = 2
        var rng = SeededGenerator(seed: 99)
        let x = (0..<(n * spec.inputChannels * h * w)).map { _ in rng.normal() }
        let base = try Network(spec: spec, height: h, width: w, seed: 5)
        let weights = Dictionary(base.namedTensors, uniquingKeysWith: { a, _ in a })
        let out = try base.forward(x, batch: n, height: h, width: w, training: true)
        let r = (0..<out.count).map { _ in rng.normal() }

        // The loss at given weights, on a fresh network with the same seed (same dropout masks).
        func loss(_ tensors: [String: Tensor]) throws -> Double {
            let net = try Network(spec: spec, height: h, width: w, seed: 5)
            try net.load(tensors)
            let y = try net.forward(x, batch: n, height: h, width: w, training: true)
            return zip(y, r).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
        }

        let net = try Network(spec: spec, height: h, width: w, seed: 5)
        try net.load(weights)
        _ = try net.forward(x, batch: n, height: h, width: w, training: true)
        net.zeroGrad()
        net.backward(r)
        let eps: Float = 3e-3
        let centre = try loss(weights)
        var checked = 0, sampled = 0
        for p in net.parameters {
            for j in Set((0..<8).map { _ in Int(rng.next() % UInt64(p.value.count)) }) {
                sampled += 1
                var plus = weights, minus = weights
                plus[p.name]!.data[j] += eps
                minus[p.name]!.data[j] -= eps
                let (up, down) = (try loss(plus), try loss(minus))
                // A ReLU or max-pool kink inside ±eps makes the two one-sided slopes differ: skip it.
                let right = (up - centre) / Double(eps), left = (centre - down) / Double(eps)
                if abs(right - left) > 5e-2 * max(1, abs(right)) { continue }
                let numeric = (up - down) / Double(2 * eps)
                let analytic = Double(p.grad[j])
                checked += 1
                #expect(abs(numeric - analytic) <= 2e-2 * max(1, abs(numeric)), "\(name): \(p.name)[\(j)] numeric \(numeric) analytic \(analytic)")
            }
        }
        #expect(checked * 3 >= sampled * 2, "\(name): only \(checked) of \(sampled) points were smooth enough to check")
    }

    @Test func softmaxCrossEntropyGradient() {
        var rng = SeededGenerator(seed: 1)
        let logits = (0..<12).map { _ in rng.normal() }
        let labels = [0, 3, 2]
        let (_, grad) = Loss.softmaxCrossEntropy(logits: logits, labels: labels, classes: 4, smoothing: 0.1)
        checkLoss(logits, grad) { Loss.softmaxCrossEntropy(logits: $0, labels: labels, classes: 4, smoothing: 0.1).loss }
    }

    @Test func focalLossGradient() {
        var rng = SeededGenerator(seed: 2)
        let logits = (0..<20).map { _ in rng.normal() * 2 }
        var target = (0..<20).map { _ in rng.nextFloat() * 0.9 }
        target[3] = 1
        target[11] = 1
        let weight = (0..<20).map { $0 == 7 ? Float(0) : 1 }
        let (_, grad) = Loss.focal(logits: logits, target: target, weight: weight)
        #expect(grad[7] == 0)
        checkLoss(logits, grad) { Loss.focal(logits: $0, target: target, weight: weight).loss }
    }

    @Test(arguments: [Float(0), 0.5])
    func regressionGradient(beta: Float) {
        var rng = SeededGenerator(seed: 3)
        let pred = (0..<10).map { _ in rng.normal() }
        let target = (0..<10).map { _ in rng.normal() }
        let weight = (0..<10).map { $0 % 3 == 0 ? Float(0) : 1 }
        let (_, grad) = Loss.regression(prediction: pred, target: target, weight: weight, smoothBeta: beta, normalizer: 4)
        checkLoss(pred, grad) { Loss.regression(prediction: $0, target: target, weight: weight, smoothBeta: beta, normalizer: 4).loss }
    }

    private func checkLoss(_ x: [Float], _ grad: [Float], _ f: ([Float]) -> Float) {
        let eps: Float = 1e-3
        for j in x.indices {
            var a = x, b = x
            a[j] += eps
            b[j] -= eps
            let numeric = (f(a) - f(b)) / (2 * eps)
            #expect(abs(numeric - grad[j]) <= 1e-2 * max(1, abs(numeric)), "[\(j)] numeric \(numeric) analytic \(grad[j])")
        }
    }
}
