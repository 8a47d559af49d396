import ArgumentParser
import QuiddlerCapture

/// `quiddler cameras`: lists the video devices with their formats and frame sizes.
struct CamerasCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cameras", abstract: "List the video devices with their formats and frame sizes.")

    func run() throws {
        let paths = V4L2Camera.devicePaths()
        guard !paths.isEmpty else {
            print("No video devices found (/dev/video*). Plug in a webcam, or try the app without one: quiddler --demo")
            return
        }
        for path in paths {
            do {
                let cam = try V4L2Camera(path: path)
                defer { cam.close() }
                print("\(path): capture device")
                for f in cam.offeredFormats() where !f.emulated {
                    let sizes = cam.frameSizes(fourcc: f.fourcc).map { "\($0.0)×\($0.1)" }
                    print("  \(f.name)\(sizes.isEmpty ? "" : ": " + sizes.joined(separator: ", "))")
                }
            } catch CaptureError.notACaptureDevice {
                print("\(path): not a capture device (metadata or output node)")
            } catch {
                print("\(path): \(error)")
            }
        }
    }
}
