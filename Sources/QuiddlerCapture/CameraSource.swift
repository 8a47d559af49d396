import Foundation

/// A webcam as a frame source that survives being unplugged: when the device goes away the state
/// becomes `disconnected` and the source tries to open it again about once a second.
public final class CameraSource: FrameSource {
    public let name: String
    public let width: Int
    public let height: Int
    public private(set) var state = SourceState.running
    private var camera: V4L2Camera?
    private var dropped = 0
    private var lastAttempt = Date.distantPast
    private let retryInterval: Double
    private let opener: Opener

    /// Opens, configures and starts a camera: `V4L2Camera` on libv4l2, or a fake in tests.
    public typealias Opener = (_ path: String, _ width: Int, _ height: Int) throws(CaptureError) -> V4L2Camera

    public var droppedFrames: Int { dropped + (camera?.droppedFrames ?? 0) }

    /// Opens and starts the camera.
    /// - Parameters:
    ///   - retryInterval: seconds between attempts to open it again after it went away
    ///   - opener: how a camera is opened (the default uses libv4l2)
    /// - Throws: `CaptureError` naming the device when it cannot be opened the first time.
    public init(path: String, width: Int = 640, height: Int = 480, retryInterval: Double = 1,
                opener: @escaping Opener = CameraSource.open) throws(CaptureError) {
        name = path
        self.width = width
        self.height = height
        self.retryInterval = retryInterval
        self.opener = opener
        camera = try opener(path, width, height)
    }

    /// Opens a camera through libv4l2, negotiates the size and starts streaming.
    public static func open(_ path: String, width: Int, height: Int) throws(CaptureError) -> V4L2Camera {
        let cam = try V4L2Camera(path: path)
        try cam.configure(width: width, height: height)
        try cam.start()
        return cam
    }

    public func nextFrame(timeout: Double) -> Frame? {
        if let camera {
            do {
                return try camera.read(timeout: timeout)
            } catch {
                dropped += camera.droppedFrames
                camera.close()
                self.camera = nil
                state = .disconnected(attempts: 0)
                return nil
            }
        }
        // Disconnected: retry about once a second, sleeping out the rest of the timeout.
        let now = Date()
        if now.timeIntervalSince(lastAttempt) >= retryInterval {
            lastAttempt = now
            if let cam = try? opener(name, width, height) {
                camera = cam
                state = .running
                return nil
            }
            if case .disconnected(let n) = state { state = .disconnected(attempts: n + 1) }
        }
        Thread.sleep(forTimeInterval: min(timeout, 0.2, retryInterval))
        return nil
    }

    public func close() {
        camera?.close()
        camera = nil
    }
}
