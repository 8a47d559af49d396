import QuiddlerPlatform

/// AdamW with decoupled weight decay and global-norm gradient clipping.
public struct AdamW: Sendable {
    public var beta1: Float = 0.9
    public var beta2: Float = 0.999
    public var epsilon: Float = 1e-8
    public var weightDecay: Float
    /// Gradients are scaled down so their global norm is at most this (0: no clipping).
    public var clipNorm: Float
    /// Steps taken so far.
    public private(set) var step = 0
    /// First and second moments, per parameter tensor.
    var m: [[Float]] = []
    var v: [[Float]] = []

    public init(weightDecay: Float = 1e-4, clipNorm: Float = 5) {
        self.weightDecay = weightDecay
        self.clipNorm = clipNorm
    }

    /// Applies one update to every parameter from its gradient.
    /// - Returns: the gradients' global norm before clipping.
    @discardableResult
    public mutating func update(_ params: [Parameter], learningRate lr: Float) -> Float {
        if m.count != params.count {
            m = params.map { [Float](repeating: 0, count: $0.value.count) }
            v = m
        }
        var sq: Float = 0
        for p in params { for g in p.grad { sq += g * g } }
        let norm = sq.squareRoot()
        let scale: Float = clipNorm > 0 && norm > clipNorm ? clipNorm / norm : 1
        step += 1
        let c1 = 1 - powf(beta1, Float(step)), c2 = 1 - powf(beta2, Float(step))
        for i in params.indices {
            let decay = params[i].decays ? weightDecay : 0
            let n = params[i].value.count
            params[i].value.withUnsafeMutableBufferPointer { w in
            params[i].grad.withUnsafeBufferPointer { g in
            m[i].withUnsafeMutableBufferPointer { mm in
            v[i].withUnsafeMutableBufferPointer { vv in
                for j in 0..<n {
                    let gj = g[j] * scale
                    mm[j] = beta1 * mm[j] + (1 - beta1) * gj
                    vv[j] = beta2 * vv[j] + (1 - beta2) * gj * gj
                    let update = (mm[j] / c1) / ((vv[j] / c2).squareRoot() + epsilon)
                    w[j] -= lr * (update + decay * w[j])
                }
            }}}}
        }
        return norm
    }

    /// The optimizer state as named tensors, for checkpoints.
    public func state(names: [String]) -> [(String, Tensor)] {
        var out: [(String, Tensor)] = [("adam.step", Tensor(shape: [1], data: [Float(step)]))]
        for (i, name) in names.enumerated() where i < m.count {
            out.append(("adam.m." + name, Tensor(shape: [m[i].count], data: m[i])))
            out.append(("adam.v." + name, Tensor(shape: [v[i].count], data: v[i])))
        }
        return out
    }

    /// Restores the state written by `state(names:)`.
    public mutating func restore(_ tensors: [String: Tensor], names: [String]) {
        guard let s = tensors["adam.step"]?.data.first else { return }
        step = Int(s)
        m = names.map { tensors["adam.m." + $0]?.data ?? [] }
        v = names.map { tensors["adam.v." + $0]?.data ?? [] }
    }
}

/// Linear warm-up, then cosine decay to `floor` × the peak rate.
public struct LearningRateSchedule: Sendable {
    public let peak: Float
    public let warmup: Int
    public let total: Int
    public let floor: Float

    public init(peak: Float, warmup: Int, total: Int, floor: Float = 0.02) {
        (self.peak, self.warmup, self.total, self.floor) = (peak, warmup, total, floor)
    }

    /// The rate at step `step` (0-based).
    public func rate(at step: Int) -> Float {
        if step < warmup { return peak * Float(step + 1) / Float(warmup) }
        let t = Float(step - warmup) / Float(max(1, total - warmup))
        let cosine = 0.5 * (1 + cosf(Float.pi * min(t, 1)))
        return peak * (floor + (1 - floor) * cosine)
    }
}
