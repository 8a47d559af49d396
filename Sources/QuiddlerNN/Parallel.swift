import Synchronization

/// How many items of a piece of work run side by side, and the function that runs them. The
/// threads live at the edge: the app and the trainer pass one backed by Dispatch; the pure code
/// only says what may run at once.
public struct Parallel: Sendable {
    public let workers: Int
    private let run: @Sendable (Int, @Sendable (Int) -> Void) -> Void

    /// - Parameter run: calls its closure for 0..<count, in any order, on any threads, and returns when all are done
    public init(workers: Int, run: @escaping @Sendable (Int, @Sendable (Int) -> Void) -> Void) {
        self.workers = max(1, workers)
        self.run = run
    }

    /// Multiply-accumulates of a layer under which sharing it between threads costs more than it
    /// saves.
    public static let worthSharing = 1 << 20

    /// One item at a time, on the caller's thread.
    public static let serial = Parallel(workers: 1) { count, body in for i in 0..<count { body(i) } }

    /// Calls `body` for 0..<count, side by side.
    public func forEach(_ count: Int, _ body: @Sendable (Int) -> Void) {
        if count == 1 { return body(0) }
        withoutActuallyEscaping(body) { body in run(count, body) }
    }

    /// The part of 0..<count that item `k` of `parts` takes: near-equal runs, in order.
    public static func share(_ k: Int, of parts: Int, _ count: Int) -> Range<Int> {
        (count * k / parts)..<(count * (k + 1) / parts)
    }

    /// `transform` of each element, in order.
    public func map<T>(_ range: Range<Int>, _ transform: @Sendable (Int) -> T) -> [T] {
        var slots = [T?](repeating: nil, count: range.count)
        // Each call writes its own slot only.
        slots.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let slot = buffer
            run(range.count) { k in slot[k] = transform(range.lowerBound + k) }
        }
        return slots.compactMap { $0 }
    }

    /// `transform` of each item of 0..<count, in order, made by `workers` workers side by side,
    /// each taking the next item not yet taken (items that differ in cost keep every worker busy).
    /// `transform` is told which worker (0..<workers) makes the item: what a worker owns, say its
    /// buffers, it uses alone.
    public func map<T>(_ count: Int, workers: Int, _ transform: @Sendable (_ worker: Int, _ item: Int) -> T) -> [T] {
        let next = Counter()
        let made = map(0..<max(1, min(workers, count))) { k in
            var mine: [(Int, T)] = []
            while case let i = next.take(), i < count { mine.append((i, transform(k, i))) }
            return mine
        }
        var slots = [T?](repeating: nil, count: count)
        for (i, t) in made.joined() { slots[i] = t }
        return slots.compactMap { $0 }
    }
}

/// A count shared between threads: each `take` returns the next number, from 0.
private final class Counter: Sendable {
    private let value = Atomic<Int>(0)
    func take() -> Int { value.add(1, ordering: .relaxed).oldValue }
}
