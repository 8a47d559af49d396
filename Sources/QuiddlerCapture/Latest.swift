import Synchronization

/// A one-place mailbox where the latest value wins: `put` overwrites what has not been taken yet,
/// so a slow consumer always gets the newest value and never a backlog. Used for camera frames
/// (grabber → app) and for the frames waiting for the card reader (app → reader worker).
///
/// After `cancel`, the held value is dropped and every later `put` is refused, so a producer
/// still running during shutdown cannot hand anything on.
public final class Latest<Value: Sendable>: Sendable {
    private struct Slot {
        var value: Value?
        var cancelled = false
        /// Values put, including those overwritten before they were taken.
        var puts = 0
    }
    private let slot = Mutex(Slot())

    public init() {}

    /// Offers a value, replacing any not yet taken.
    /// - Returns: false if the mailbox is cancelled (the value is dropped).
    @discardableResult
    public func put(_ value: Value) -> Bool {
        slot.withLock { s in
            guard !s.cancelled else { return false }
            s.value = value
            s.puts += 1
            return true
        }
    }

    /// Takes the newest value, leaving the mailbox empty.
    public func take() -> Value? {
        slot.withLock { s in
            defer { s.value = nil }
            return s.value
        }
    }

    /// Drops any held value and refuses all later ones.
    public func cancel() {
        slot.withLock { s in
            s.cancelled = true
            s.value = nil
        }
    }

    public var isCancelled: Bool { slot.withLock { $0.cancelled } }
    /// How many values were put (taken or overwritten).
    public var putCount: Int { slot.withLock { $0.puts } }
}
