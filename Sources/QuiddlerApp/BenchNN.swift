import ArgumentParser
import Foundation
import QuiddlerNN
import QuiddlerRandom

/// Times the neural-network engine on a fixed stack of 3×3 convolutions.
struct BenchNN: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nn",
        abstract: "Time inference (1×3×240×320) and a training step (16×3×128×128) of a ~0.4 GMAC convolution stack.")

    @Option(parsing: .unconditional, help: "Forward passes to time.") var runs = 30
    @Option(parsing: .unconditional, help: "Training steps to time.") var trainRuns = 6
    @Option(parsing: .unconditional, help: "OpenBLAS threads.") var threads = 2

    func validate() throws {
        guard runs > 0, trainRuns > 0 else { throw ValidationError("--runs and --train-runs must be at least 1") }
        guard (1...256).contains(threads) else { throw ValidationError("--threads must be 1 to 256, got \(threads)") }
    }
    @Flag(help: "Print one JSON object.") var json = false

    /// Five 3×3 convolutions with BatchNorm and ReLU: 0.41 GMAC on a 240×320 frame.
    static let stack = """
        input 3
        conv 16 k3 s2 p1 nobias
        bn
        relu
        conv 32 k3 s1 p1 nobias
        bn
        relu
        conv 64 k3 s2 p1 nobias
        bn
        relu
        conv 64 k3 s1 p1 nobias
        bn
        relu
        conv 64 k3 s2 p1 nobias
        bn
        relu
        """

    func run() throws {
        BLAS.setThreads(threads)
        let spec = try NetworkSpec(text: Self.stack)
        var rng = SeededGenerator(seed: 1)

        // Inference: batch of one, BatchNorm folded, buffers reused.
        let probe = try Network(spec: spec, height: 240, width: 320, seed: 1)
        let frame = (0..<(3 * 240 * 320)).map { _ in rng.normal() }
        _ = try probe.forward(frame, batch: 1, height: 240, width: 320, training: false)
        let macs = probe.forwardMACs
        let inference = try InferenceNetwork(probe)
        var forward = Timings()
        try frame.withUnsafeBufferPointer { x in
            _ = try inference.run(x, height: 240, width: 320)
            for _ in 0..<max(runs, 1) { forward.add(try measureMs { _ = try inference.run(x, height: 240, width: 320) }) }
        }

        // Training: forward, backward and an AdamW step.
        let net = try Network(spec: spec, height: 128, width: 128, seed: 2)
        let batch = (0..<(16 * 3 * 128 * 128)).map { _ in rng.normal() }
        var adam = AdamW()
        func step() throws {
            let y = try net.forward(batch, batch: 16, height: 128, width: 128, training: true)
            net.zeroGrad()
            net.backward(y.map { $0 / Float(y.count) })
            adam.update(net.parameters, learningRate: 1e-4)
        }
        try step()
        let trainMACs = net.forwardMACs
        let firstLayerMACs = 16 * 16 * 64 * 64 * 27
        let trainFlops = Double(2 * (3 * trainMACs - firstLayerMACs))
        var train = Timings()
        for _ in 0..<max(trainRuns, 1) { train.add(try measureMs { try step() }) }

        let forwardGflops = 2 * Double(macs) / (forward.median * 1e6)
        let trainGflops = trainFlops / (train.median * 1e6)
        if json {
            try printJSON(["forwardMACs": Double(macs), "forwardMedianMs": round3(forward.median), "forwardP95Ms": round3(forward.p95),
                           "forwardGflops": round3(forwardGflops), "trainStepMedianMs": round3(train.median), "trainGflops": round3(trainGflops)])
        } else {
            print("forward 1×3×240×320 (\(String(format: "%.2f", Double(macs) / 1e9)) GMAC): median \(round3(forward.median)) ms, p95 \(round3(forward.p95)) ms, \(round3(forwardGflops)) GFLOP/s")
            print("training step 16×3×128×128: median \(round3(train.median)) ms, \(round3(trainGflops)) effective GFLOP/s")
        }
    }
}
