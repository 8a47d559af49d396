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
}
