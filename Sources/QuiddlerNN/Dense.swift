/// A fully connected layer.
enum Dense {
    /// - input: (N, IN); weight: (OUT, IN); bias: (OUT); output: (N, OUT)
    static func forward(_ output: UnsafeMutablePointer<Float>, _ input: UnsafePointer<Float>, _ weight: UnsafePointer<Float>,
                        _ bias: UnsafePointer<Float>, n: Int, inFeatures: Int, outFeatures: Int) {
        BLAS.gemm(transB: true, m: n, n: outFeatures, k: inFeatures, input, weight, output)
        for i in 0..<n { for o in 0..<outFeatures { output[i * outFeatures + o] += bias[o] } }
    }

    /// - dOutput: (N, OUT); input: (N, IN); dWeight: (OUT, IN), dBias: (OUT), dInput: (N, IN) or nil, all accumulated into
    static func backward(_ dOutput: UnsafePointer<Float>, _ input: UnsafePointer<Float>, _ weight: UnsafePointer<Float>,
                         dWeight: UnsafeMutablePointer<Float>, dBias: UnsafeMutablePointer<Float>, dInput: UnsafeMutablePointer<Float>?,
                         n: Int, inFeatures: Int, outFeatures: Int) {
        BLAS.gemm(transA: true, m: outFeatures, n: inFeatures, k: n, dOutput, input, beta: 1, dWeight)
        for i in 0..<n { for o in 0..<outFeatures { dBias[o] += dOutput[i * outFeatures + o] } }
        if let dInput {
            BLAS.gemm(m: n, n: inFeatures, k: outFeatures, dOutput, weight, beta: 1, dInput)
        }
    }
}
