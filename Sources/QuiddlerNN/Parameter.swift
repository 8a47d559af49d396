import QuiddlerRandom

/// A named tensor of trainable weights with its gradient, or of saved state (running statistics)
/// when `trainable` is false.
public final class Parameter {
    public let name: String
    public let shape: [Int]
    public var value: [Float]
    public var grad: [Float]
    /// Whether weight decay applies (weights yes; biases and normalisation no).
    public let decays: Bool
    public let trainable: Bool

    public init(name: String, shape: [Int], value: [Float], decays: Bool, trainable: Bool = true) {
        self.name = name
        self.shape = shape
        self.value = value
        self.grad = trainable ? [Float](repeating: 0, count: value.count) : []
        self.decays = decays
        self.trainable = trainable
    }

    /// He-initialised weights: normal with standard deviation √(2 / fanIn).
    static func he(_ name: String, shape: [Int], fanIn: Int, rng: inout SeededGenerator) -> Parameter {
        let std = (2 / Float(fanIn)).squareRoot()
        let n = shape.reduce(1, *)
        return Parameter(name: name, shape: shape, value: (0..<n).map { _ in rng.normal() * std }, decays: true)
    }

    static func constant(_ name: String, count: Int, _ v: Float, decays: Bool = false, trainable: Bool = true) -> Parameter {
        Parameter(name: name, shape: [count], value: [Float](repeating: v, count: count), decays: decays, trainable: trainable)
    }

    /// Sets the gradient to zero.
    public func zeroGrad() {
        grad.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
    }

    /// The value as a tensor.
    public var tensor: Tensor { Tensor(shape: shape, data: value) }
}

/// A growable raw Float buffer, reused between passes so steady-state work allocates nothing.
final class FloatBuffer {
    private(set) var pointer: UnsafeMutablePointer<Float>
    private(set) var capacity: Int

    init(_ capacity: Int = 0) {
        self.capacity = max(capacity, 1)
        pointer = .allocate(capacity: self.capacity)
        pointer.initialize(repeating: 0, count: self.capacity)
    }

    /// Makes room for `n` floats; contents are not kept when it grows.
    func reserve(_ n: Int) {
        guard n > capacity else { return }
        pointer.deallocate()
        capacity = n
        pointer = .allocate(capacity: n)
        pointer.initialize(repeating: 0, count: n)
    }

    func zero(_ n: Int) { pointer.update(repeating: 0, count: n) }

    deinit { pointer.deallocate() }
}
