import Foundation
import QuiddlerNN
import QuiddlerRandom
import Testing

@Suite struct ConvolutionTests {
    @Test(arguments: [
        ConvGeometry(n: 1, c: 3, h: 9, w: 11, oc: 4, k: 3, stride: 1, pad: 1),
        ConvGeometry(n: 3, c: 2, h: 8, w: 7, oc: 5, k: 3, stride: 2, pad: 1),
        ConvGeometry(n: 2, c: 4, h: 6, w: 6, oc: 3, k: 1, stride: 1, pad: 0),
        ConvGeometry(n: 1, c: 2, h: 10, w: 9, oc: 2, k: 5, stride: 2, pad: 2),
        ConvGeometry(n: 2, c: 1, h: 7, w: 12, oc: 3, k: 7, stride: 3, pad: 0),
        ConvGeometry(n: 1, c: 3, h: 5, w: 5, oc: 2, k: 3, stride: 1, pad: 2),
    ])
    func fastConvolutionMatchesNaive(g: ConvGeometry) throws {
        var rng = SeededGenerator(seed: UInt64(g.macs))
        let spec = NetworkSpec(inputChannels: g.c, layers: [.conv(out: g.oc, k: g.k, stride: g.stride, pad: g.pad, bias: true)])
        let net = try Network(spec: spec, height: g.h, width: g.w, seed: 1)
        net.parameters[1].value = (0..<g.oc).map { _ in rng.normal() }
        let x = (0..<(g.n * g.c * g.h * g.w)).map { _ in rng.normal() }
        let fast = try net.forward(x, batch: g.n, height: g.h, width: g.w, training: false)
        let naive = conv2dNaive(input: x, weight: net.parameters[0].value, bias: net.parameters[1].value, g)
        #expect(fast.count == naive.count)
        for (a, b) in zip(fast, naive) { #expect(abs(a - b) <= 1e-4 * max(1, abs(b))) }
        if g.n == 1 {
            let inference = try InferenceNetwork(net)
            let y = try inference.run(x, height: g.h, width: g.w)
            for (a, b) in zip(y, naive) { #expect(abs(a - b) <= 1e-4 * max(1, abs(b))) }
        }
    }

    /// A network run with its large layers shared between threads, band by band of output rows
    /// (OpenBLAS on each worker's thread), gives what one thread gives: every band's columns are
    /// unfolded, multiplied, biased and activated, whatever the number of bands. Items run
    /// backwards on Dispatch's threads, to shake out any dependence on order.
    @Test(arguments: [2, 3, 7])
    func aNetworkRunInBandsSideBySideIsTheNetworkRunWhole(workers: Int) throws {
        // Each convolution has over a million multiply-accumulates, so each is shared; a stride-2
        // layer, a pointwise one and a plain one (no BatchNorm, no activation) among them.
        let spec = try NetworkSpec(text: """
            input 3
            conv 32 k3 s1 p1 nobias
            bn
            relu
            conv 48 k3 s2 p1 nobias
            bn
            leaky 0.1
            conv 96 k1 s1 p0
            relu
            conv 5 k3 s1 p1
            """)
        let (h, w) = (37, 45)
        let net = try Network(spec: spec, height: h, width: w, seed: 4)
        var rng = SeededGenerator(seed: 9)
        // BatchNorm's running statistics away from 0 and 1, so folding them in is tested too.
        for p in net.parameters where p.name.hasSuffix("runningMean") || p.name.hasSuffix("beta") { p.value = p.value.map { _ in rng.normal() * 0.3 } }
        for p in net.parameters where p.name.hasSuffix("runningVar") { p.value = p.value.map { _ in 0.5 + rng.nextFloat() } }
        let x = (0..<(3 * h * w)).map { _ in rng.normal() }
        let whole = try InferenceNetwork(net).run(x, height: h, width: w)
        let parallel = Parallel(workers: workers) { count, body in DispatchQueue.concurrentPerform(iterations: count) { body(count - 1 - $0) } }
        let network = try InferenceNetwork(net)
        let banded = try x.withUnsafeBufferPointer { p in Array(try network.run(p, height: h, width: w, parallel: parallel)) }
        #expect(banded.count == whole.count && whole.count == 5 * 19 * 23)
        let worst = zip(banded, whole).map { abs($0 - $1) / max(1, abs($1)) }.max() ?? .infinity
        #expect(worst <= 1e-5, "largest difference \(worst)")
        // A twin runs the same weights with buffers of its own.
        #expect(try network.twin().run(x, height: h, width: w) == whole)
    }

    /// The shares of a count cover it once, in order, in near-equal runs.
    @Test(arguments: [(0, 3), (1, 2), (5, 5), (7, 2), (100, 7)])
    func sharesCoverTheCountOnce(count: Int, parts: Int) {
        let shares = (0..<parts).map { Parallel.share($0, of: parts, count) }
        #expect(shares.flatMap { Array($0) } == Array(0..<count))
        #expect(shares.map(\.count).max()! - shares.map(\.count).min()! <= 1)
    }

    /// Items taken one by one by workers side by side come back in order, each made once, by a
    /// worker in range; the workers share the items between them.
    @Test(arguments: [1, 2, 5])
    func itemsTakenSideBySideComeBackInOrder(workers: Int) {
        let parallel = Parallel(workers: workers) { count, body in DispatchQueue.concurrentPerform(iterations: count) { body(count - 1 - $0) } }
        let made = parallel.map(50, workers: workers) { k, i in (k, i * i) }
        #expect(made.map(\.1) == (0..<50).map { $0 * $0 })
        #expect(made.allSatisfy { (0..<workers).contains($0.0) })
        #expect(parallel.map(0, workers: workers) { _, i in i }.isEmpty)
    }
}
