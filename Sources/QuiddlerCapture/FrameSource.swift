import QuiddlerImage

/// One captured or loaded frame.
public struct Frame: Sendable {
    public let image: RGBImage
    /// Seconds, from the camera's clock or the source's start.
    public let timestamp: Double
    /// Counts frames from 1 in the order the source produced them.
    public let sequence: Int
    /// Frames with the same picture share this (a still image played as video); nil for a
    /// camera, whose every frame is new.
    public let contentID: Int?

    public init(image: RGBImage, timestamp: Double, sequence: Int, contentID: Int? = nil) {
        self.image = image
        self.timestamp = timestamp
        self.sequence = sequence
        self.contentID = contentID
    }
}

/// What a source is doing.
public enum SourceState: Equatable, Sendable {
    case running
    /// The camera went away; quiddler keeps trying to open it again.
    case disconnected(attempts: Int)
    /// A source that has stopped for good, with the reason.
    case failed(String)
}

/// Anything that gives frames: a camera, an image file, a folder of images, a synthetic scene.
public protocol FrameSource: AnyObject {
    /// A short name for status lines: the device path or file name.
    var name: String { get }
    var state: SourceState { get }
    /// Frames dropped because they could not be decoded.
    var droppedFrames: Int { get }
    /// Waits up to `timeout` seconds for the next frame; nil when none came in time.
    func nextFrame(timeout: Double) -> Frame?
    /// Releases the device or files.
    func close()
}
