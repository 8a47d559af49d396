import ArgumentParser
import QuiddlerCapture
import QuiddlerRandom
import QuiddlerImage
import QuiddlerReader
import QuiddlerSynthesis
import QuiddlerTraining

/// Times JPEG decoding of a 640×480 frame.
struct BenchDecode: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode", abstract: "Time decoding a 640×480 JPEG (a generated scene, or --image).")

    @Option(parsing: .unconditional, help: "Decodes to time.") var runs = 200
    @Option(help: "A JPEG to decode instead of the generated scene.") var image: String?
    @Flag(help: "Print one JSON object.") var json = false

    func validate() throws {
        guard runs > 0 else { throw ValidationError("--runs must be at least 1, got \(runs)") }
    }

    func run() throws {
        let codec = JPEGCodec()
        let bytes: [UInt8]
        if let image {
            bytes = try ImageFile.readBytes(image)
        } else {
            bytes = try codec.encode(TestScene.photoLike(width: 640, height: 480, seed: 1), quality: 90)
        }
        let decoded = try codec.decode(bytes)
        var t = Timings()
        for _ in 0..<max(runs, 1) { t.add(try measureMs { _ = try codec.decode(bytes) }) }
        if json {
            try printJSON(["width": Double(decoded.width), "height": Double(decoded.height), "bytes": Double(bytes.count),
                           "decodeMedianMs": round3(t.median), "decodeP95Ms": round3(t.p95)])
        } else {
            print("decode \(decoded.width)×\(decoded.height) JPEG (\(bytes.count / 1024) KiB): median \(round3(t.median)) ms, p95 \(round3(t.p95)) ms")
        }
    }
}
