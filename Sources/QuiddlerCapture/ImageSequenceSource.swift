import Foundation
import QuiddlerImage

/// Plays a list of images as a looping video at a fixed frame rate: one image file, or a folder
/// of images in name order. The frame shown depends only on the time since the start, so a slow
/// consumer skips frames instead of falling behind.
public final class ImageSequenceSource: FrameSource {
    public let name: String
    public let paths: [String]
    public let framesPerSecond: Double
    public private(set) var state = SourceState.running
    public private(set) var droppedFrames = 0

    private let codec = JPEGCodec()
    private var cache: [Int: RGBImage] = [:]
    private var cachedBytes = 0
    /// The most decoded pixel bytes kept between loops.
    public static let cacheBytes = 256 << 20
    private let start: Date
    private var lastTick = -1
    private let clock: () -> Date

    /// A source over a file or a folder.
    /// - Parameters:
    ///   - path: an image file or a folder of images
    ///   - framesPerSecond: how fast to play (a single image repeats at this rate)
    /// - Throws: `CaptureError` for a missing path, an empty folder, or a first image that cannot be read.
    public init(path: String, framesPerSecond: Double = 10, clock: @escaping () -> Date = Date.init) throws(CaptureError) {
        if ImageFile.isFolder(path) {
            paths = try ImageFile.imagesInFolder(path)
        } else {
            paths = [path]
        }
        name = (path as NSString).lastPathComponent
        self.framesPerSecond = max(0.1, framesPerSecond)
        self.clock = clock
        start = clock()
        let first = try ImageFile.load(paths[0], codec: codec)
        cache[0] = first
        cachedBytes = first.pixels.count
    }

    /// The index of the image shown at `tick`.
    public func imageIndex(tick: Int) -> Int { tick % paths.count }

    public func nextFrame(timeout: Double) -> Frame? {
        let now = clock().timeIntervalSince(start)
        var tick = Int(now * framesPerSecond)
        if tick <= lastTick {
            // Wait for the next tick, or give up at the timeout.
            let wait = Double(lastTick + 1) / framesPerSecond - now
            guard wait <= timeout else {
                Thread.sleep(forTimeInterval: max(0, timeout))
                return nil
            }
            Thread.sleep(forTimeInterval: max(0, wait))
            tick = lastTick + 1
        }
        lastTick = tick
        let index = imageIndex(tick: tick)
        guard let image = image(at: index) else { droppedFrames += 1; return nil }
        return Frame(image: image, timestamp: Double(tick) / framesPerSecond, sequence: tick + 1, contentID: index)
    }

    private func image(at index: Int) -> RGBImage? {
        if let cached = cache[index] { return cached }
        guard let image = try? ImageFile.load(paths[index], codec: codec) else { return nil }
        // Decoded frames are kept while they fit the budget: a folder of phone photos is read
        // again as it loops rather than held whole in memory.
        if cachedBytes + image.pixels.count <= ImageSequenceSource.cacheBytes {
            cache[index] = image
            cachedBytes += image.pixels.count
        }
        return image
    }

    public func close() { cache = [:]; cachedBytes = 0 }

    /// Decoded bytes held for the loop (at most `cacheBytes` beyond the first frame).
    public var heldBytes: Int { cachedBytes }
}
