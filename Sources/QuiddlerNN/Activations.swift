/// Elementwise activations. `slope` 0 is ReLU; a small positive slope is LeakyReLU.
enum Activation {
    /// - input, output: any shape, `count` values
    static func forward(_ output: UnsafeMutablePointer<Float>, _ input: UnsafePointer<Float>, count: Int, slope: Float) {
        for i in 0..<count { let x = input[i]; output[i] = x > 0 ? x : x * slope }
    }

    /// - dOutput, input: `count` values; dInput accumulated into
    static func backward(_ dOutput: UnsafePointer<Float>, _ input: UnsafePointer<Float>, _ dInput: UnsafeMutablePointer<Float>, count: Int, slope: Float) {
        for i in 0..<count { dInput[i] += input[i] > 0 ? dOutput[i] : dOutput[i] * slope }
    }
}

/// The logistic function.
@inline(__always)
public func sigmoid(_ x: Float) -> Float { 1 / (1 + expf(-x)) }

import QuiddlerPlatform
