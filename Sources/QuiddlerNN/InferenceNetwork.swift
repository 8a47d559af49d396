/// A network compiled for inference on one image at a time: BatchNorm folded into the
/// convolution before it, activations fused into the convolution's output pass, dropout gone,
/// and every buffer kept between calls so a steady stream of frames allocates nothing.
public final class InferenceNetwork {
    public let spec: NetworkSpec

    private enum Op {
        /// weight: (OC, C, K, K); bias: (OC); `slope` nil for no activation.
        case conv(weight: [Float], bias: [Float], k: Int, stride: Int, pad: Int, slope: Float?)
        /// Per-channel scale and shift (an unfolded BatchNorm).
        case affine(scale: [Float], shift: [Float])
        case activation(slope: Float)
        /// Output is the input's buffer, untouched (folded BatchNorm or activation, dropout).
        case alias
        case maxPool(k: Int, stride: Int)
        case avgPool(k: Int)
        case globalAvgPool
        case upsample(Int)
        case concat(Int)
        case add(Int)
        case branch(Int)
        case dense(weight: [Float], bias: [Float], out: Int)
    }

    private var ops: [Op] = []
    /// For each layer, the layer whose buffer holds its output (itself unless aliased; -1 the input).
    private var home: [Int] = []
    private var buffers: [FloatBuffer] = []
    private let input = FloatBuffer()
    private let scratch = FloatBuffer()
    private var argmax: UnsafeMutablePointer<Int32>
    private var argmaxCapacity = 1
    private var inputShape = Shape3(c: 0, h: 0, w: 0)
    private(set) var shapes: [Shape3] = []

    /// Compiles a trained network.
    /// - Throws: `NNError.shapeMismatch` if its tensors do not fit its description.
    public convenience init(_ network: Network) throws(NNError) {
        try self.init(spec: network.spec, tensors: Dictionary(network.namedTensors, uniquingKeysWith: { a, _ in a }))
    }

    /// Compiles a description with its weights (as read from a weight file).
    /// - Throws: `NNError.shapeMismatch` for a missing or misshapen tensor.
    public init(spec: NetworkSpec, tensors: [String: Tensor]) throws(NNError) {
        self.spec = spec
        argmax = .allocate(capacity: 1)
        var referenced = Set<Int>()
        for l in spec.layers {
            switch l {
            case .concat(let f), .add(let f), .branch(let f): referenced.insert(f)
            default: break
            }
        }
        func tensor(_ name: String, count: Int? = nil) throws(NNError) -> [Float] {
            guard let t = tensors[name] else { throw .shapeMismatch("no tensor '\(name)'") }
            if let count, t.count != count { throw .shapeMismatch("tensor '\(name)' has \(t.count) values, expected \(count)") }
            return t.data
        }
        let layers = spec.layers
        var i = 0
        while i < layers.count {
            switch layers[i] {
            case .conv(let o, let k, let s, let p, let hasBias):
                var w = try tensor("L\(i).weight")
                var b = hasBias ? try tensor("L\(i).bias", count: o) : [Float](repeating: 0, count: o)
                var slope: Float?
                var consumed = 1
                if i + 1 < layers.count, case .batchNorm = layers[i + 1], !referenced.contains(i) {
                    let j = i + 1
                    let gamma = try tensor("L\(j).gamma", count: o), beta = try tensor("L\(j).beta", count: o)
                    let mean = try tensor("L\(j).runningMean", count: o), variance = try tensor("L\(j).runningVar", count: o)
                    let per = w.count / o
                    for c in 0..<o {
                        let scale = gamma[c] / (variance[c] + BatchNorm.epsilon).squareRoot()
                        for q in 0..<per { w[c * per + q] *= scale }
                        b[c] = (b[c] - mean[c]) * scale + beta[c]
                    }
                    consumed = 2
                }
                let a = i + consumed
                if a < layers.count, !referenced.contains(a - 1), !(consumed == 2 && referenced.contains(i)) {
                    if case .relu = layers[a] { slope = 0; consumed += 1 }
                    else if case .leakyRelu(let sl) = layers[a] { slope = sl; consumed += 1 }
                }
                ops.append(.conv(weight: w, bias: b, k: k, stride: s, pad: p, slope: slope))
                home.append(i)
                for _ in 1..<consumed { ops.append(.alias); home.append(i) }
                i += consumed
                continue
            case .batchNorm:
                let gamma = try tensor("L\(i).gamma"), beta = try tensor("L\(i).beta")
                let mean = try tensor("L\(i).runningMean"), variance = try tensor("L\(i).runningVar")
                let scale = zip(gamma, variance).map { $0 / ($1 + BatchNorm.epsilon).squareRoot() }
                let shift = (0..<gamma.count).map { beta[$0] - mean[$0] * scale[$0] }
                ops.append(.affine(scale: scale, shift: shift))
            case .relu: ops.append(.activation(slope: 0))
            case .leakyRelu(let a): ops.append(.activation(slope: a))
            case .dropout: ops.append(.alias); home.append(i == 0 ? -1 : home[i - 1]); i += 1; continue
            case .maxPool(let k, let s): ops.append(.maxPool(k: k, stride: s))
            case .avgPool(let k): ops.append(.avgPool(k: k))
            case .globalAvgPool: ops.append(.globalAvgPool)
            case .upsample(let f): ops.append(.upsample(f))
            case .concat(let f): ops.append(.concat(f))
            case .add(let f): ops.append(.add(f))
            case .branch(let f): ops.append(.branch(f))
            case .dense(let o): ops.append(.dense(weight: try tensor("L\(i).weight"), bias: try tensor("L\(i).bias", count: o), out: o))
            }
            home.append(i)
            i += 1
        }
        buffers = layers.map { _ in FloatBuffer() }
    }

    /// Another instance of the same compiled network (the weights shared, not copied) with buffers
    /// of its own, to run beside this one on another thread.
    public func twin() -> InferenceNetwork { InferenceNetwork(twinOf: self) }

    private init(twinOf other: InferenceNetwork) {
        spec = other.spec
        ops = other.ops
        home = other.home
        buffers = other.buffers.map { _ in FloatBuffer() }
        argmax = .allocate(capacity: 1)
    }

    deinit { argmax.deallocate() }

    private func prepare(height: Int, width: Int) throws(NNError) {
        let shape = Shape3(c: spec.inputChannels, h: height, w: width)
        guard shape != inputShape else { return }
        shapes = try spec.shapes(height: height, width: width)
        var prev = shape
        var scratchSize = 1
        for (i, op) in ops.enumerated() {
            if home[i] == i { buffers[i].reserve(shapes[i].count) }
            if case .conv(let w, _, let k, let s, let p, _) = op {
                let oc = shapes[i].c
                guard w.count == oc * prev.c * k * k else {
                    throw .shapeMismatch("layer \(i) (conv) has weights for \(w.count / (oc * k * k)) input channels, got \(prev)")
                }
                scratchSize = max(scratchSize, conv2dScratch(ConvGeometry(n: 1, c: prev.c, h: prev.h, w: prev.w, oc: oc, k: k, stride: s, pad: p)))
            }
            if case .dense(let w, _, let o) = op, w.count != o * prev.count {
                throw .shapeMismatch("layer \(i) (dense) was built for \(w.count / o) inputs, got \(prev)")
            }
            if case .maxPool = op, shapes[i].count > argmaxCapacity {
                argmax.deallocate()
                argmaxCapacity = shapes[i].count
                argmax = .allocate(capacity: argmaxCapacity)
            }
            prev = shapes[i]
        }
        scratch.reserve(scratchSize)
        input.reserve(shape.count)
        inputShape = shape
    }

    /// Runs one image, (C, H, W), through the network.
    /// - Parameter parallel: shares each large convolution between threads, band by band of output
    ///   rows (`conv2dForwardBands`); one thread by default.
    /// - Returns: the last layer's output, valid until the next call.
    /// - Throws: `NNError.shapeMismatch` when the image does not fit the network.
    public func run(_ x: UnsafeBufferPointer<Float>, height: Int, width: Int, parallel: Parallel = .serial) throws(NNError) -> UnsafeBufferPointer<Float> {
        guard x.count == spec.inputChannels * height * width else {
            throw .shapeMismatch("input has \(x.count) values, expected \(spec.inputChannels)×\(height)×\(width)")
        }
        try prepare(height: height, width: width)
        input.pointer.update(from: x.baseAddress!, count: x.count)
        for i in ops.indices { runLayer(i, parallel) }
        return output(layer: ops.count - 1)
    }

    /// Convenience for arrays.
    public func run(_ x: [Float], height: Int, width: Int) throws(NNError) -> [Float] {
        try x.withUnsafeBufferPointer { (p) throws(NNError) -> [Float] in Array(try run(p, height: height, width: width)) }
    }

    /// The output of layer `i` from the last run, valid until the next call.
    public func output(layer i: Int) -> UnsafeBufferPointer<Float> {
        UnsafeBufferPointer(start: ptr(i), count: shapes[i].count)
    }

    private func ptr(_ i: Int) -> UnsafeMutablePointer<Float> {
        if i < 0 { return input.pointer }
        let h = home[i]
        return h < 0 ? input.pointer : buffers[h].pointer
    }

    private func runLayer(_ i: Int, _ parallel: Parallel) {
        let x = ptr(i - 1), xs = i == 0 ? inputShape : shapes[i - 1]
        let y = buffers[i].pointer, ys = shapes[i]
        switch ops[i] {
        case .alias: break
        case .conv(let w, let b, let k, let s, let p, let slope):
            let g = ConvGeometry(n: 1, c: xs.c, h: xs.h, w: xs.w, oc: ys.c, k: k, stride: s, pad: p)
            if parallel.workers > 1, g.macs >= Parallel.worthSharing {
                w.withUnsafeBufferPointer { wp in b.withUnsafeBufferPointer { bp in
                    conv2dForwardBands(y, x, wp.baseAddress!, bp.baseAddress!, slope: slope, g, scratch: scratch.pointer, parallel: parallel)
                }}
                break
            }
            w.withUnsafeBufferPointer { wp in conv2dForward(y, x, wp.baseAddress!, nil, g, scratch: scratch.pointer) }
            addBias(y, b, channels: ys.c, count: ys.h * ys.w, channelStride: ys.h * ys.w, slope: slope)
        case .affine(let scale, let shift):
            let hw = xs.h * xs.w
            for c in 0..<xs.c { for j in 0..<hw { y[c * hw + j] = x[c * hw + j] * scale[c] + shift[c] } }
        case .activation(let slope): Activation.forward(y, x, count: xs.count, slope: slope)
        case .maxPool(let k, let s): Pooling.maxForward(y, argmax, x, planes: xs.c, h: xs.h, w: xs.w, k: k, stride: s)
        case .avgPool(let k): Pooling.avgForward(y, x, planes: xs.c, h: xs.h, w: xs.w, k: k)
        case .globalAvgPool: Pooling.globalForward(y, x, planes: xs.c, hw: xs.h * xs.w)
        case .upsample(let f): Pooling.upsampleForward(y, x, planes: xs.c, h: xs.h, w: xs.w, factor: f)
        case .concat(let f):
            y.update(from: x, count: xs.count)
            (y + xs.count).update(from: ptr(f), count: ys.count - xs.count)
        case .add(let f):
            let z = ptr(f)
            for j in 0..<ys.count { y[j] = x[j] + z[j] }
        case .branch(let f): y.update(from: ptr(f), count: ys.count)
        case .dense(let w, let b, let o):
            w.withUnsafeBufferPointer { wp in b.withUnsafeBufferPointer { bp in
                Dense.forward(y, x, wp.baseAddress!, bp.baseAddress!, n: 1, inFeatures: xs.count, outFeatures: o)
            }}
        }
    }
}
