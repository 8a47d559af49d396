/// Batch normalisation over the channels of (N, C, H, W) activations.
///
/// Training normalises with the batch's statistics and updates running averages; inference uses
/// the running averages (and is usually folded into the convolution before it).
public enum BatchNorm {
    public static let epsilon: Float = 1e-5
    public static let momentum: Float = 0.1

    /// Training forward.
    /// - input, output: (N, C, HW)
    /// - gamma, beta: (C)
    /// - mean, invStd: (C), written for the backward pass
    /// - runningMean, runningVar: (C), updated
    static func forwardTraining(
        _ output: UnsafeMutablePointer<Float>, _ input: UnsafePointer<Float>, n: Int, c: Int, hw: Int,
        gamma: UnsafePointer<Float>, beta: UnsafePointer<Float>, mean: UnsafeMutablePointer<Float>,
        invStd: UnsafeMutablePointer<Float>, runningMean: UnsafeMutablePointer<Float>, runningVar: UnsafeMutablePointer<Float>
    ) {
        let m = Float(n * hw)
        for ch in 0..<c {
            var s: Float = 0
            for img in 0..<n {
                let p = input + (img * c + ch) * hw
                for i in 0..<hw { s += p[i] }
            }
            let mu = s / m
            var v: Float = 0
            for img in 0..<n {
                let p = input + (img * c + ch) * hw
                for i in 0..<hw { let d = p[i] - mu; v += d * d }
            }
            let variance = v / m
            let inv = 1 / (variance + epsilon).squareRoot()
            mean[ch] = mu
            invStd[ch] = inv
            runningMean[ch] = (1 - momentum) * runningMean[ch] + momentum * mu
            runningVar[ch] = (1 - momentum) * runningVar[ch] + momentum * variance * m / max(m - 1, 1)
            let scale = gamma[ch] * inv, shift = beta[ch] - mu * scale
            for img in 0..<n {
                let p = input + (img * c + ch) * hw
                let q = output + (img * c + ch) * hw
                for i in 0..<hw { q[i] = p[i] * scale + shift }
            }
        }
    }

    /// Inference forward with running statistics.
    /// - input, output: (N, C, HW)
    static func forwardInference(
        _ output: UnsafeMutablePointer<Float>, _ input: UnsafePointer<Float>, n: Int, c: Int, hw: Int,
        gamma: UnsafePointer<Float>, beta: UnsafePointer<Float>, runningMean: UnsafePointer<Float>, runningVar: UnsafePointer<Float>
    ) {
        for ch in 0..<c {
            let scale = gamma[ch] / (runningVar[ch] + epsilon).squareRoot()
            let shift = beta[ch] - runningMean[ch] * scale
            for img in 0..<n {
                let p = input + (img * c + ch) * hw
                let q = output + (img * c + ch) * hw
                for i in 0..<hw { q[i] = p[i] * scale + shift }
            }
        }
    }

    /// Training backward.
    /// - dOutput, input: (N, C, HW)
    /// - dInput: (N, C, HW), accumulated into
    /// - dGamma, dBeta: (C), accumulated into
    static func backward(
        _ dOutput: UnsafePointer<Float>, _ input: UnsafePointer<Float>, n: Int, c: Int, hw: Int,
        gamma: UnsafePointer<Float>, mean: UnsafePointer<Float>, invStd: UnsafePointer<Float>,
        dInput: UnsafeMutablePointer<Float>, dGamma: UnsafeMutablePointer<Float>, dBeta: UnsafeMutablePointer<Float>
    ) {
        let m = Float(n * hw)
        for ch in 0..<c {
            let mu = mean[ch], inv = invStd[ch]
            var sumDy: Float = 0, sumDyXhat: Float = 0
            for img in 0..<n {
                let x = input + (img * c + ch) * hw
                let dy = dOutput + (img * c + ch) * hw
                for i in 0..<hw { sumDy += dy[i]; sumDyXhat += dy[i] * (x[i] - mu) * inv }
            }
            dGamma[ch] += sumDyXhat
            dBeta[ch] += sumDy
            let k = gamma[ch] * inv / m
            for img in 0..<n {
                let x = input + (img * c + ch) * hw
                let dy = dOutput + (img * c + ch) * hw
                let dx = dInput + (img * c + ch) * hw
                for i in 0..<hw {
                    let xhat = (x[i] - mu) * inv
                    dx[i] += k * (m * dy[i] - sumDy - xhat * sumDyXhat)
                }
            }
        }
    }
}
