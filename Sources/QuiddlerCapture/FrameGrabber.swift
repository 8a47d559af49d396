import Foundation
import Synchronization

/// Pulls frames from a source on its own thread and keeps only the newest (`Latest`), so a slow
/// consumer never builds up a queue: it always gets the latest frame and the others are skipped.
/// The source's state is copied out under a lock after every read, so other threads never touch
/// the source itself.
public final class FrameGrabber: Sendable {
    /// Touched only by the grabber thread while it runs, and by `stop` after that thread has
    /// finished: never by two threads at once.
    nonisolated(unsafe) private let source: FrameSource
    /// The newest frame not yet taken.
    public let frames = Latest<Frame>()
    private struct Shared {
        var running = false
        var state = SourceState.running
    }
    private let shared: Mutex<Shared>
    private let done = DispatchSemaphore(value: 0)

    public init(source: FrameSource) {
        self.source = source
        shared = Mutex(Shared(state: source.state))
    }

    /// Starts the background thread.
    public func start() {
        let started = shared.withLock { s in
            defer { s.running = true }
            return !s.running
        }
        guard started else { return }
        let t = Thread { [self] in loop() }
        t.name = "quiddler.frames"
        t.start()
    }

    private func loop() {
        while shared.withLock({ $0.running }) {
            let frame = source.nextFrame(timeout: 0.25)
            let state = source.state
            shared.withLock { $0.state = state }
            if let frame { frames.put(frame) }
        }
        done.signal()
    }

    /// The newest frame, if one came since the last call (each frame is given out once).
    public func newFrame() -> Frame? { frames.take() }

    /// How many frames the source has produced so far (consumed or skipped).
    public var producedCount: Int { frames.putCount }

    /// The source's state as of its last read.
    public var state: SourceState { shared.withLock { $0.state } }

    /// Stops the thread and waits for it to finish, then closes the source.
    public func stop() {
        let wasRunning = shared.withLock { s in
            defer { s.running = false }
            return s.running
        }
        frames.cancel()
        if wasRunning { done.wait() }
        source.close()
    }
}
