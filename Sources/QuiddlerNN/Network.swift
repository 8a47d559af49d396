import QuiddlerRandom

/// A trainable network: the layers of a `NetworkSpec` with their parameters, run forward and
/// backward over a batch. Activation buffers are kept and reused between steps.
public final class Network {
    public let spec: NetworkSpec
    /// Trainable tensors, in layer order.
    public private(set) var parameters: [Parameter] = []
    /// Saved but untrained tensors (BatchNorm running statistics).
    public private(set) var state: [Parameter] = []

    /// Per layer: indices into `parameters` (weight, bias / gamma, beta) and `state`.
    private var paramIndex: [[Int]] = []
    private var stateIndex: [[Int]] = []

    private var rng: SeededGenerator
    /// The state of the generator of dropout masks, so a resumed run draws the masks an
    /// uninterrupted one would.
    public var dropoutState: [UInt64] {
        get { rng.state }
        set { rng.state = newValue }
    }
    private(set) var batch = 0
    private(set) var inputShape = Shape3(c: 0, h: 0, w: 0)
    private(set) var shapes: [Shape3] = []
    private let input = FloatBuffer()
    private var outs: [FloatBuffer] = []
    private var grads: [FloatBuffer] = []
    private var aux: [FloatBuffer] = []
    private var argmax: [UnsafeMutablePointer<Int32>?] = []
    private let scratch = FloatBuffer()

    /// Builds a network with He-initialised weights.
    /// - Parameters:
    ///   - spec: the description.
    ///   - height, width: the input size the dense layers are sized for.
    ///   - seed: fixes the initial weights and dropout masks.
    /// - Throws: `NNError.shapeMismatch` when the layers do not fit the input.
    public init(spec: NetworkSpec, height: Int, width: Int, seed: UInt64) throws(NNError) {
        self.spec = spec
        rng = SeededGenerator(seed: seed)
        let shapes = try spec.shapes(height: height, width: width)
        var prev = Shape3(c: spec.inputChannels, h: height, w: width)
        for (i, layer) in spec.layers.enumerated() {
            var p: [Int] = [], s: [Int] = []
            func addParam(_ x: Parameter) { p.append(parameters.count); parameters.append(x) }
            func addState(_ x: Parameter) { s.append(state.count); state.append(x) }
            switch layer {
            case .conv(let o, let k, _, _, let bias):
                addParam(.he("L\(i).weight", shape: [o, prev.c, k, k], fanIn: prev.c * k * k, rng: &rng))
                if bias { addParam(.constant("L\(i).bias", count: o, 0)) }
            case .batchNorm:
                addParam(.constant("L\(i).gamma", count: prev.c, 1))
                addParam(.constant("L\(i).beta", count: prev.c, 0))
                addState(.constant("L\(i).runningMean", count: prev.c, 0, trainable: false))
                addState(.constant("L\(i).runningVar", count: prev.c, 1, trainable: false))
            case .dense(let o):
                addParam(.he("L\(i).weight", shape: [o, prev.count], fanIn: prev.count, rng: &rng))
                addParam(.constant("L\(i).bias", count: o, 0))
            default: break
            }
            paramIndex.append(p)
            stateIndex.append(s)
            prev = shapes[i]
        }
        for _ in spec.layers {
            outs.append(FloatBuffer()); grads.append(FloatBuffer()); aux.append(FloatBuffer()); argmax.append(nil)
        }
    }

    deinit { for a in argmax { a?.deallocate() } }

    /// The output shape of the last layer for the current input.
    public var outputShape: Shape3 { shapes.last ?? inputShape }

    /// Multiply-accumulates of one forward pass at the current batch and input size.
    public var forwardMACs: Int {
        var total = 0
        var prev = inputShape
        for (i, l) in spec.layers.enumerated() {
            if case .conv(let o, let k, _, _, _) = l { total += batch * o * shapes[i].h * shapes[i].w * prev.c * k * k }
            if case .dense(let o) = l { total += batch * o * prev.count }
            prev = shapes[i]
        }
        return total
    }

    private func prepare(batch n: Int, height: Int, width: Int) throws(NNError) {
        let shape = Shape3(c: spec.inputChannels, h: height, w: width)
        guard n != batch || shape != inputShape else { return }
        let newShapes = try spec.shapes(height: height, width: width)
        var prev = shape
        var scratchSize = 1
        for (i, l) in spec.layers.enumerated() {
            let y = newShapes[i]
            if case .dense = l, let w = parameters[paramIndex[i][0]].shape.last, w != prev.count {
                throw .shapeMismatch("layer \(i) (dense) was built for \(w) inputs, got \(prev)")
            }
            outs[i].reserve(n * y.count)
            grads[i].reserve(n * y.count)
            switch l {
            case .conv(let o, let k, let s, let p, _):
                scratchSize = max(scratchSize, conv2dScratch(ConvGeometry(n: n, c: prev.c, h: prev.h, w: prev.w, oc: o, k: k, stride: s, pad: p)))
            case .batchNorm: aux[i].reserve(2 * y.c)
            case .dropout: aux[i].reserve(n * y.count)
            case .maxPool:
                argmax[i]?.deallocate()
                argmax[i] = .allocate(capacity: n * y.count)
            default: break
            }
            prev = y
        }
        input.reserve(n * shape.count)
        scratch.reserve(scratchSize)
        batch = n
        inputShape = shape
        shapes = newShapes
    }

    /// Runs the network forward.
    /// - Parameters:
    ///   - x: the input batch, (N, C, H, W)
    ///   - training: batch statistics and dropout when true; running statistics otherwise
    /// - Returns: the last layer's output, (N, C', H', W')
    /// - Throws: `NNError.shapeMismatch` when the input does not fit.
    @discardableResult
    public func forward(_ x: [Float], batch n: Int, height: Int, width: Int, training: Bool) throws(NNError) -> [Float] {
        guard x.count == n * spec.inputChannels * height * width else {
            throw .shapeMismatch("input has \(x.count) values, expected \(n)×\(spec.inputChannels)×\(height)×\(width)")
        }
        try prepare(batch: n, height: height, width: width)
        x.withUnsafeBufferPointer { input.pointer.update(from: $0.baseAddress!, count: x.count) }
        for i in spec.layers.indices { forwardLayer(i, training: training) }
        return output(layer: spec.layers.count - 1)
    }

    /// A copy of one layer's output from the last forward pass.
    public func output(layer i: Int) -> [Float] {
        Array(UnsafeBufferPointer(start: outs[i].pointer, count: batch * shapes[i].count))
    }

    private func src(_ i: Int) -> UnsafeMutablePointer<Float> { i < 0 ? input.pointer : outs[i].pointer }
    private func shape(_ i: Int) -> Shape3 { i < 0 ? inputShape : shapes[i] }
    private func param(_ i: Int, _ j: Int) -> Parameter { parameters[paramIndex[i][j]] }

    private func forwardLayer(_ i: Int, training: Bool) {
        let n = batch
        let x = src(i - 1), xs = shape(i - 1), y = outs[i].pointer, ys = shapes[i]
        switch spec.layers[i] {
        case .conv(let o, let k, let s, let p, let hasBias):
            let g = ConvGeometry(n: n, c: xs.c, h: xs.h, w: xs.w, oc: o, k: k, stride: s, pad: p)
            let w = param(i, 0)
            w.value.withUnsafeBufferPointer { wp in
                if hasBias {
                    param(i, 1).value.withUnsafeBufferPointer { conv2dForward(y, x, wp.baseAddress!, $0.baseAddress!, g, scratch: scratch.pointer) }
                } else {
                    conv2dForward(y, x, wp.baseAddress!, nil, g, scratch: scratch.pointer)
                }
            }
        case .batchNorm:
            let gamma = param(i, 0), beta = param(i, 1)
            let rm = state[stateIndex[i][0]], rv = state[stateIndex[i][1]]
            gamma.value.withUnsafeBufferPointer { g in beta.value.withUnsafeBufferPointer { b in
                rm.value.withUnsafeMutableBufferPointer { m in rv.value.withUnsafeMutableBufferPointer { v in
                    if training {
                        BatchNorm.forwardTraining(y, x, n: n, c: xs.c, hw: xs.h * xs.w, gamma: g.baseAddress!, beta: b.baseAddress!,
                                                  mean: aux[i].pointer, invStd: aux[i].pointer + xs.c,
                                                  runningMean: m.baseAddress!, runningVar: v.baseAddress!)
                    } else {
                        BatchNorm.forwardInference(y, x, n: n, c: xs.c, hw: xs.h * xs.w, gamma: g.baseAddress!, beta: b.baseAddress!,
                                                   runningMean: m.baseAddress!, runningVar: v.baseAddress!)
                    }
                }}
            }}
        case .relu: Activation.forward(y, x, count: n * xs.count, slope: 0)
        case .leakyRelu(let a): Activation.forward(y, x, count: n * xs.count, slope: a)
        case .maxPool(let k, let s):
            Pooling.maxForward(y, argmax[i], x, planes: n * xs.c, h: xs.h, w: xs.w, k: k, stride: s)
        case .avgPool(let k): Pooling.avgForward(y, x, planes: n * xs.c, h: xs.h, w: xs.w, k: k)
        case .globalAvgPool: Pooling.globalForward(y, x, planes: n * xs.c, hw: xs.h * xs.w)
        case .upsample(let f): Pooling.upsampleForward(y, x, planes: n * xs.c, h: xs.h, w: xs.w, factor: f)
        case .concat(let f):
            let z = src(f), zs = shape(f)
            for img in 0..<n {
                (y + img * ys.count).update(from: x + img * xs.count, count: xs.count)
                (y + img * ys.count + xs.count).update(from: z + img * zs.count, count: zs.count)
            }
        case .add(let f):
            let z = src(f)
            for j in 0..<(n * ys.count) { y[j] = x[j] + z[j] }
        case .branch(let f): y.update(from: src(f), count: n * ys.count)
        case .dense(let o):
            param(i, 0).value.withUnsafeBufferPointer { w in param(i, 1).value.withUnsafeBufferPointer { b in
                Dense.forward(y, x, w.baseAddress!, b.baseAddress!, n: n, inFeatures: xs.count, outFeatures: o)
            }}
        case .dropout(let p):
            let count = n * xs.count
            if training && p > 0 {
                let mask = aux[i].pointer
                let keep = 1 / (1 - p)
                for j in 0..<count {
                    mask[j] = rng.nextFloat() < p ? 0 : keep
                    y[j] = x[j] * mask[j]
                }
            } else {
                y.update(from: x, count: count)
            }
        }
    }

    /// Runs the network backward from the gradient of the loss with respect to the output of the
    /// last forward pass, which must have been a training pass. Parameter gradients are
    /// accumulated: call `zeroGrad()` before each step.
    /// - Parameter dOutput: (N, C', H', W'), the shape of the last output
    public func backward(_ dOutput: [Float]) {
        precondition(dOutput.count == batch * outputShape.count, "gradient does not match the output")
        for i in spec.layers.indices { grads[i].zero(batch * shapes[i].count) }
        let last = spec.layers.count - 1
        dOutput.withUnsafeBufferPointer { grads[last].pointer.update(from: $0.baseAddress!, count: dOutput.count) }
        for i in stride(from: last, through: 0, by: -1) { backwardLayer(i) }
    }

    /// Sets every parameter gradient to zero.
    public func zeroGrad() { for p in parameters { p.zeroGrad() } }

    private func backwardLayer(_ i: Int) {
        let n = batch
        let x = src(i - 1), xs = shape(i - 1), dy = grads[i].pointer, ys = shapes[i]
        let dx: UnsafeMutablePointer<Float>? = i == 0 ? nil : grads[i - 1].pointer
        switch spec.layers[i] {
        case .conv(let o, let k, let s, let p, let hasBias):
            let g = ConvGeometry(n: n, c: xs.c, h: xs.h, w: xs.w, oc: o, k: k, stride: s, pad: p)
            let w = param(i, 0)
            let bias = hasBias ? param(i, 1) : nil
            w.value.withUnsafeBufferPointer { wp in w.grad.withUnsafeMutableBufferPointer { dw in
                if let bias {
                    bias.grad.withUnsafeMutableBufferPointer { db in
                        conv2dBackward(dy, x, wp.baseAddress!, dw.baseAddress!, db.baseAddress!, dx, g, scratch: scratch.pointer)
                    }
                } else {
                    conv2dBackward(dy, x, wp.baseAddress!, dw.baseAddress!, nil, dx, g, scratch: scratch.pointer)
                }
            }}
        case .batchNorm:
            guard let dx else { return bnParamsOnly(i) }
            let gamma = param(i, 0), beta = param(i, 1)
            gamma.value.withUnsafeBufferPointer { g in gamma.grad.withUnsafeMutableBufferPointer { dg in
                beta.grad.withUnsafeMutableBufferPointer { db in
                    BatchNorm.backward(dy, x, n: n, c: xs.c, hw: xs.h * xs.w, gamma: g.baseAddress!, mean: aux[i].pointer,
                                       invStd: aux[i].pointer + xs.c, dInput: dx, dGamma: dg.baseAddress!, dBeta: db.baseAddress!)
                }
            }}
        case .relu: if let dx { Activation.backward(dy, x, dx, count: n * xs.count, slope: 0) }
        case .leakyRelu(let a): if let dx { Activation.backward(dy, x, dx, count: n * xs.count, slope: a) }
        case .maxPool:
            if let dx, let am = argmax[i] { Pooling.maxBackward(dy, am, dx, planes: n * xs.c, h: xs.h, w: xs.w, oh: ys.h, ow: ys.w) }
        case .avgPool(let k): if let dx { Pooling.avgBackward(dy, dx, planes: n * xs.c, h: xs.h, w: xs.w, k: k) }
        case .globalAvgPool: if let dx { Pooling.globalBackward(dy, dx, planes: n * xs.c, hw: xs.h * xs.w) }
        case .upsample(let f): if let dx { Pooling.upsampleBackward(dy, dx, planes: n * xs.c, h: xs.h, w: xs.w, factor: f) }
        case .concat(let f):
            let zs = shape(f)
            for img in 0..<n {
                if let dx { for j in 0..<xs.count { dx[img * xs.count + j] += dy[img * ys.count + j] } }
                if f >= 0 { let dz = grads[f].pointer; for j in 0..<zs.count { dz[img * zs.count + j] += dy[img * ys.count + xs.count + j] } }
            }
        case .add(let f):
            if let dx { for j in 0..<(n * ys.count) { dx[j] += dy[j] } }
            if f >= 0 { let dz = grads[f].pointer; for j in 0..<(n * ys.count) { dz[j] += dy[j] } }
        case .branch(let f):
            if f >= 0 { let dz = grads[f].pointer; for j in 0..<(n * ys.count) { dz[j] += dy[j] } }
        case .dense(let o):
            let w = param(i, 0), b = param(i, 1)
            w.value.withUnsafeBufferPointer { wp in w.grad.withUnsafeMutableBufferPointer { dw in b.grad.withUnsafeMutableBufferPointer { db in
                Dense.backward(dy, x, wp.baseAddress!, dWeight: dw.baseAddress!, dBias: db.baseAddress!, dInput: dx,
                               n: n, inFeatures: xs.count, outFeatures: o)
            }}}
        case .dropout(let p):
            guard let dx else { return }
            let count = n * xs.count
            if p > 0 { let mask = aux[i].pointer; for j in 0..<count { dx[j] += dy[j] * mask[j] } }
            else { for j in 0..<count { dx[j] += dy[j] } }
        }
    }

    /// BatchNorm as the very first layer: only its parameter gradients are needed.
    private func bnParamsOnly(_ i: Int) {
        let scratchIn = FloatBuffer(batch * inputShape.count)
        let dx = scratchIn.pointer
        let gamma = param(i, 0), beta = param(i, 1)
        let xs = inputShape
        gamma.value.withUnsafeBufferPointer { g in gamma.grad.withUnsafeMutableBufferPointer { dg in
            beta.grad.withUnsafeMutableBufferPointer { db in
                BatchNorm.backward(grads[i].pointer, input.pointer, n: batch, c: xs.c, hw: xs.h * xs.w, gamma: g.baseAddress!,
                                   mean: aux[i].pointer, invStd: aux[i].pointer + xs.c, dInput: dx, dGamma: dg.baseAddress!, dBeta: db.baseAddress!)
            }
        }}
    }

    /// Every saved tensor, trainable and state, by name, in layer order.
    public var namedTensors: [(String, Tensor)] {
        (parameters + state).map { ($0.name, $0.tensor) }
    }

    /// Replaces the weights with tensors of the same names and shapes.
    /// - Throws: `NNError.shapeMismatch` naming a missing or misshapen tensor.
    public func load(_ tensors: [String: Tensor]) throws(NNError) {
        // Every tensor is checked before any is loaded, so a bad file leaves the weights as they were.
        var loads: [(Parameter, [Float])] = []
        for p in parameters + state {
            guard let t = tensors[p.name] else { throw .shapeMismatch("no tensor '\(p.name)'") }
            guard t.shape == p.shape else { throw .shapeMismatch("tensor '\(p.name)' is \(t.shape), expected \(p.shape)") }
            loads.append((p, t.data))
        }
        for (p, data) in loads { p.value = data }
    }
}
