import Foundation

/// Pulls frames from a source on a background thread and keeps only the newest, so a slow
/// consumer never builds up a queue: it always gets the latest frame and the others are skipped.
public final class FrameGrabber: @unchecked Sendable {
    private let source: FrameSource
    private let lock = NSLock()
    private var latest: Frame?
    private var running = false
    private var thread: Thread?
    private var produced = 0
    private let done = DispatchSemaphore(value: 0)

    public init(source: FrameSource) {
        self.source = source
    }

    /// Starts the background thread.
    public func start() {
        lock.lock()
        defer { lock.unlock() }
        guard !running else { return }
        running = true
        let t = Thread { [weak self] in self?.loop() }
        t.name = "quiddler.frames"
        thread = t
        t.start()
    }

    private func loop() {
        while isRunning {
            if let f = source.nextFrame(timeout: 0.25) {
                lock.lock()
                latest = f
                produced += 1
                lock.unlock()
            }
        }
        done.signal()
    }

    private var isRunning: Bool { lock.lock(); defer { lock.unlock() }; return running }

    /// The newest frame, if it is newer than `sequence`.
    public func frame(newerThan sequence: Int = 0) -> Frame? {
        lock.lock()
        defer { lock.unlock() }
        guard let f = latest, f.sequence > sequence else { return nil }
        return f
    }

    /// How many frames the source has produced so far (consumed or skipped).
    public var producedCount: Int { lock.lock(); defer { lock.unlock() }; return produced }

    /// The source's state.
    public var state: SourceState { source.state }

    /// Stops the thread and waits for it to finish, then closes the source.
    public func stop() {
        lock.lock()
        let wasRunning = running
        running = false
        lock.unlock()
        if wasRunning { done.wait() }
        source.close()
    }
}
