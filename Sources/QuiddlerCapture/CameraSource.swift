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

    public var droppedFrames: Int { dropped + (camera?.droppedFrames ?? 0) }

    /// Opens and starts the camera.
    /// - Throws: `CaptureError` naming the device when it cannot be opened the first time.
    public init(path: String, width: Int = 640, height: Int = 480) throws(CaptureError) {
        name = path
        self.width = width
        self.height = height
        camera = try Self.open(path, width: width, height: height)
    }

    private static func open(_ path: String, width: Int, height: Int) throws(CaptureError) -> V4L2Camera {
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
        if now.timeIntervalSince(lastAttempt) >= 1 {
            lastAttempt = now
            if let cam = try? Self.open(name, width: width, height: height) {
                camera = cam
                state = .running
                return nil
            }
            if case .disconnected(let n) = state { state = .disconnected(attempts: n + 1) }
        }
        Thread.sleep(forTimeInterval: min(timeout, 0.2))
        return nil
    }

    public func close() {
        camera?.close()
        camera = nil
    }
}
