import ArgumentParser
import Foundation
import QuiddlerCapture

/// `quiddler frames`: grabs frames from a camera, an image or a folder and writes them as JPEGs.
struct FramesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "frames", abstract: "Write frames from a camera, image file or folder of images as JPEG files.")

    @Option(help: "A camera (/dev/videoN), an image file, or a folder of images.") var source: String
    @Option(parsing: .unconditional, help: "How many frames to write.") var count = 10
    @Option(help: "The folder to write frame-0001.jpg … into (created if needed).") var out: String
    @Option(parsing: .unconditional, help: "Frames per second for image and folder sources.") var fps: Double = 10
    @Option(help: "Camera frame size, WIDTHxHEIGHT.") var size = "640x480"
    @Option(parsing: .unconditional, help: "Give up after this many seconds without a frame.") var timeout: Double = 5

    func validate() throws {
        guard count > 0 else { throw ValidationError("--count must be at least 1, got \(count)") }
        guard fps.isFinite, fps >= 0.01, fps <= 1000 else { throw ValidationError("--fps must be between 0.01 and 1000, got \(fps)") }
        guard timeout.isFinite, timeout > 0, timeout <= 3600 else { throw ValidationError("--timeout must be between 0 and 3600 seconds, got \(timeout)") }
        _ = try parseSize(size)
    }

    func run() throws {
        let source = try openSource(self.source, fps: fps, size: try parseSize(size))
        defer { source.close() }
        do { try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true) } catch {
            throw CaptureError.cannotWrite(out)
        }
        let codec = JPEGCodec()
        var written = 0
        var waited = 0.0
        while written < count {
            guard let frame = source.nextFrame(timeout: 0.5) else {
                waited += 0.5
                if waited >= timeout { throw AppError.badOption(option: "--source", reason: "no frame from \(source.name) in \(Int(timeout)) s (\(source.state))") }
                continue
            }
            waited = 0
            written += 1
            let path = (out as NSString).appendingPathComponent(String(format: "frame-%04d.jpg", written))
            try ImageFile.writeJPEG(frame.image, to: path, codec: codec)
        }
        let dropped = source.droppedFrames > 0 ? ", \(source.droppedFrames) corrupt frames dropped" : ""
        print("wrote \(written) frames from \(source.name) to \(out)\(dropped)")
    }
}

/// Opens a camera for `/dev/...` paths, else an image file or folder.
func openSource(_ path: String, fps: Double, size: (Int, Int) = (640, 480)) throws -> FrameSource {
    if path.hasPrefix("/dev/") { return try CameraSource(path: path, width: size.0, height: size.1) }
    return try ImageSequenceSource(path: path, framesPerSecond: fps)
}

/// Parses `640x480`.
func parseSize(_ text: String, option: String = "--size") throws -> (Int, Int) {
    let parts = text.lowercased().split(whereSeparator: { $0 == "x" || $0 == "×" })
    guard parts.count == 2, let w = Int(parts[0]), let h = Int(parts[1]), w > 0, h > 0 else {
        throw AppError.badOption(option: option, reason: "'\(text)' is not WIDTHxHEIGHT, e.g. 640x480")
    }
    guard w <= 8192, h <= 8192 else {
        throw AppError.badOption(option: option, reason: "\(w)x\(h) is too large: at most 8192x8192")
    }
    return (w, h)
}
