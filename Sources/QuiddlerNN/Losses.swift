import QuiddlerPlatform

/// Losses: each returns the loss and its gradient with respect to the network's output.
public enum Loss {
    /// Softmax cross-entropy with label smoothing, averaged over the batch.
    /// - Parameters:
    ///   - logits: (N, K)
    ///   - labels: (N), each in 0..<K, or -1 to ignore the row
    ///   - smoothing: the probability mass spread evenly over all classes
    /// - Returns: the mean loss and dLogits (N, K)
    public static func softmaxCrossEntropy(logits: [Float], labels: [Int], classes k: Int, smoothing: Float = 0) -> (loss: Float, grad: [Float]) {
        let n = labels.count
        precondition(logits.count == n * k)
        var grad = [Float](repeating: 0, count: n * k)
        var total: Float = 0
        let used = max(1, labels.filter { $0 >= 0 }.count)
        for i in 0..<n where labels[i] >= 0 {
            let row = Array(logits[(i * k)..<(i * k + k)])
            let mx = row.max() ?? 0
            var sum: Float = 0
            for v in row { sum += expf(v - mx) }
            let logZ = mx + logf(sum)
            for j in 0..<k {
                let target = (j == labels[i] ? 1 - smoothing : 0) + smoothing / Float(k)
                let logp = row[j] - logZ
                total -= target * logp
                grad[i * k + j] = (expf(logp) - target) / Float(used)
            }
        }
        return (total / Float(used), grad)
    }

    /// The focal loss of CenterNet for heatmaps of logits, normalised by the number of peaks.
    /// - Parameters:
    ///   - logits: any shape; the probability is their sigmoid
    ///   - target: same shape; 1 at object centres, a Gaussian bump around them, 0 elsewhere
    ///   - weight: same shape or nil; 0 marks pixels to ignore
    ///   - alpha, beta: the focusing exponents (2 and 4 in the paper)
    /// - Returns: the loss and dLogits
    public static func focal(logits: [Float], target: [Float], weight: [Float]? = nil, alpha: Float = 2, beta: Float = 4) -> (loss: Float, grad: [Float]) {
        precondition(logits.count == target.count)
        var grad = [Float](repeating: 0, count: logits.count)
        var total: Float = 0
        var positives: Float = 0
        for i in 0..<logits.count where target[i] >= 1 - 1e-6 && (weight?[i] ?? 1) > 0 { positives += 1 }
        let norm = max(positives, 1)
        for i in 0..<logits.count {
            let w = weight?[i] ?? 1
            guard w > 0 else { continue }
            let x = logits[i]
            let p = sigmoid(x)
            let logP = -softplus(-x), log1mP = -softplus(x)
            if target[i] >= 1 - 1e-6 {
                let q = 1 - p
                total -= w * powf(q, alpha) * logP
                grad[i] = w * (alpha * p * powf(q, alpha) * logP - powf(q, alpha + 1)) / norm
            } else {
                let neg = powf(1 - target[i], beta)
                total -= w * neg * powf(p, alpha) * log1mP
                grad[i] = -w * neg * (alpha * powf(p, alpha) * (1 - p) * log1mP - powf(p, alpha + 1)) / norm
            }
        }
        return (total / norm, grad)
    }

    /// L1 or smooth-L1 regression where `weight` is non-zero, normalised by `normalizer`.
    /// - Parameters:
    ///   - prediction, target, weight: same shape
    ///   - smoothBeta: 0 for plain L1, else the smooth-L1 transition point
    ///   - normalizer: usually the number of objects; at least 1 is used
    /// - Returns: the loss and dPrediction
    public static func regression(prediction: [Float], target: [Float], weight: [Float], smoothBeta: Float = 0, normalizer: Float) -> (loss: Float, grad: [Float]) {
        precondition(prediction.count == target.count && target.count == weight.count)
        let norm = max(normalizer, 1)
        var grad = [Float](repeating: 0, count: prediction.count)
        var total: Float = 0
        for i in 0..<prediction.count where weight[i] != 0 {
            let d = prediction[i] - target[i]
            let a = abs(d)
            if smoothBeta > 0 && a < smoothBeta {
                total += weight[i] * 0.5 * d * d / smoothBeta
                grad[i] = weight[i] * d / smoothBeta / norm
            } else {
                total += weight[i] * (smoothBeta > 0 ? a - 0.5 * smoothBeta : a)
                grad[i] = weight[i] * (d > 0 ? 1 : (d < 0 ? -1 : 0)) / norm
            }
        }
        return (total / norm, grad)
    }
}

/// log(1 + eˣ), computed without overflow.
@inline(__always)
func softplus(_ x: Float) -> Float { x > 0 ? x + log1pf(expf(-x)) : log1pf(expf(x)) }
