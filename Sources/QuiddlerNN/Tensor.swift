/// A dense Float tensor stored contiguously, row-major (NCHW for images).
public struct Tensor: Equatable, Sendable {
    /// The dimensions, outermost first.
    public var shape: [Int]
    /// The values, `shape.reduce(1, *)` of them.
    public var data: [Float]

    /// A tensor over existing values.
    /// - Precondition: `data.count` equals the product of `shape`.
    public init(shape: [Int], data: [Float]) {
        precondition(shape.reduce(1, *) == data.count, "tensor data does not match its shape")
        self.shape = shape
        self.data = data
    }

    /// The number of values.
    public var count: Int { data.count }
}
