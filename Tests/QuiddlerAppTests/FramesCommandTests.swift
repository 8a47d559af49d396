import Foundation
import QuiddlerCapture
import QuiddlerTestSupport
import QuiddlerImage
import QuiddlerReader
import QuiddlerSynthesis
import QuiddlerTraining
import Testing

@Suite struct FramesCommandTests {
    @Test func writesFramesFromAFolder() throws {
        let dir = temporaryFolder(), out = temporaryFolder() + "/frames"
        try ImageFile.writeJPEG(TestScene.photoLike(width: 64, height: 48, seed: 1), to: dir + "/a.jpg")
        try ImageFile.writeJPEG(TestScene.photoLike(width: 64, height: 48, seed: 2), to: dir + "/b.jpg")
        let r = try runQuiddler(["frames", "--source", dir, "--count", "5", "--out", out, "--fps", "100"])
        #expect(r.status == 0, "\(r.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
        #expect(files == (1...5).map { String(format: "frame-%04d.jpg", $0) })
        let img = try ImageFile.load(out + "/frame-0003.jpg")
        #expect(img.width == 64 && img.height == 48)
    }

    @Test(arguments: [
        (["frames", "--source", "/nonexistent/pic.jpg", "--count", "1", "--out", "/tmp/q"], "does not exist"),
        (["frames", "--source", "/dev/null", "--count", "1", "--out", "/tmp/q"], "not a video capture device"),
        (["frames", "--source", "/dev/video-none", "--count", "1", "--out", "/tmp/q"], "no camera at /dev/video-none"),
        (["frames", "--source", "x", "--count", "0", "--out", "/tmp/q"], "--count"),
    ])
    func badSourcesGiveOneLine(args: [String], fragment: String) throws {
        let r = try runQuiddler(args)
        #expect(r.status != 0)
        #expect(r.stderr.contains(fragment), "\(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
    }

    /// Lists every video device by its path, or says plainly there is none and how to go on.
    @Test func camerasNamesEveryDeviceOrSaysThereIsNone() throws {
        let r = try runQuiddler(["cameras"])
        #expect(r.status == 0)
        let devices = ((try? FileManager.default.contentsOfDirectory(atPath: "/dev")) ?? []).filter { $0.hasPrefix("video") }
        if devices.isEmpty {
            #expect(r.stdout.contains("No video devices found") && r.stdout.contains("quiddler --demo"), "\(r.stdout)")
        } else {
            for d in devices { #expect(r.stdout.contains("/dev/\(d)"), "\(d) is not listed: \(r.stdout)") }
        }
    }
}
