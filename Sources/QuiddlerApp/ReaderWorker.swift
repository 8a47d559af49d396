import Dispatch
import QuiddlerCapture
import QuiddlerImage
import QuiddlerNN
import QuiddlerReader
import Synchronization

/// The one owner of a `CardReader`. A reader reuses its input, crop and network buffers from one
/// read to the next, so two reads must never overlap: it lives inside a `Mutex`, every read takes
/// that lock, and background reads run one at a time on the worker's serial queue.
final class ReaderWorker: Sendable {
    /// A read waiting for the worker.
    private struct Job: Sendable {
        let image: RGBImage
        let hint: Int?
        let pace: CardReader.Pace
        let done: @Sendable (Result<[Detection], NNError>, _ milliseconds: Double) -> Void
    }

    private let reader: Mutex<CardReader>
    private let queue = DispatchQueue(label: "quiddler.reader")
    /// Frames waiting to be read: a newer one replaces one not yet started.
    private let waiting = Latest<Job>()

    init(_ reader: sending CardReader) {
        self.reader = Mutex(reader)
    }

    /// Reads now, on the calling thread (after any read in progress), at `pace` (`CardReader.Pace`).
    func read(_ image: RGBImage, hint: Int? = nil, pace: CardReader.Pace = .live) throws(NNError) -> [Detection] {
        try reader.withLock { (r) throws(NNError) -> [Detection] in
            r.pace = pace
            return try r.read(image, hint: hint)
        }
    }

    /// Reads in the background and calls `done` on the worker's queue. While a read runs, a newer
    /// submission replaces an older one still waiting (the latest frame wins).
    func submit(_ image: RGBImage, hint: Int?, pace: CardReader.Pace = .live, done: @escaping @Sendable (Result<[Detection], NNError>, _ milliseconds: Double) -> Void) {
        guard waiting.put(Job(image: image, hint: hint, pace: pace, done: done)) else { return }
        queue.async { [self] in
            while let job = waiting.take() {
                let start = DispatchTime.now().uptimeNanoseconds
                let result = Result { () throws(NNError) -> [Detection] in try read(job.image, hint: job.hint, pace: job.pace) }
                job.done(result, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
            }
        }
    }

    /// Drops any waiting read and refuses new ones (the read in progress finishes).
    func stop() { waiting.cancel() }
}

/// A value shared between threads behind a `Mutex`, in a class so closures can capture it.
final class Locked<Value>: Sendable {
    private let mutex: Mutex<Value>
    init(_ value: sending Value) { mutex = Mutex(value) }
    func withLock<R: Sendable>(_ body: (inout sending Value) -> R) -> R { mutex.withLock { body(&$0) } }
}
