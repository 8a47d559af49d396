import ArgumentParser
import Foundation
import QuiddlerCapture
import QuiddlerGame
import QuiddlerRandom
import QuiddlerImage
import QuiddlerReader
import QuiddlerSynthesis
import QuiddlerTraining

/// `quiddler bench detect`: JPEG decode plus card reading of a frame.
struct BenchDetect: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "detect", abstract: "Time JPEG decoding plus card reading of a frame (640×480 by default, or --size, or --image).")

    @Option(parsing: .unconditional, help: "Frames to time.") var runs = 60
    @Option(help: "A JPEG to read instead of a generated scene.") var image: String?
    @Option(help: "Size of the generated scene, WIDTHxHEIGHT (e.g. 4032x3024 for a phone photo).") var size = "640x480"
    @Option(help: "Layout of the generated scene (hand, words, piles, …).") var layout = "hand"
    @Option(help: "Card scans for the generated scene (default: drawn cards).") var cards: String?
    @Option(parsing: .unconditional, help: "Letters' height in the generated scene, in pixels (default: 6% of the frame's short side, at most 60).") var letters: Float?
    @Option(help: "A model folder (default: the shipped model).") var model: String?
    @Option(parsing: .unconditional, help: "How tall 10-pixel letters are in the finer look at regions with small letters, in detector pixels; 0 turns it off (default: the reader's).") var finerLetters: Float?
    @Option(parsing: .unconditional, help: ArgumentHelp(ModelLoading.turnSearchHelp)) var turnSearchHeat: Float?
    @Option(help: ArgumentHelp(ModelLoading.paceHelp + " (default: live; a photo as 'quiddler detect' reads it: still).")) var pace: CardReader.Pace = .live
    @Flag(help: "Print one JSON object.") var json = false

    func validate() throws {
        try ModelLoading.checkTurnSearchHeat(turnSearchHeat)
        guard runs > 0 else { throw ValidationError("--runs must be at least 1, got \(runs)") }
        let (w, h) = try parseSize(size)
        guard w >= 64, h >= 48, w <= 8192, h <= 8192 else { throw ValidationError("--size must be between 64x48 and 8192x8192, got \(size)") }
        try ModelLoading.checkFinerLetters(finerLetters)
        if let letters, !(letters >= 8 && letters <= 200) { throw ValidationError("--letters must be between 8 and 200 pixels, got \(letters)") }
        guard SceneGenerator.Layout(rawValue: layout) != nil else {
            throw ValidationError("unknown layout '\(layout)': use one of \(SceneGenerator.Layout.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    struct Report: Codable {
        let width: Int
        let height: Int
        let pace: String
        let fpsMedian: Double
        let msMedian: Double
        let msP95: Double
        let msP99: Double
        let cards: Int
        /// Of the read, the light's correction (`Exposure.corrected`): its median, and whether it
        /// changed the frame (a dim frame brought up, or a frame dark in places lifted there).
        let msExposureMedian: Double
        let exposureCorrected: Bool
    }

    func run() throws {
        let reader = try ModelLoading.reader(folder: model)
        if let finerLetters { reader.finerLetters = finerLetters }
        if let turnSearchHeat { reader.turnSearchHeat = turnSearchHeat }
        reader.pace = pace
        let codec = JPEGCodec()
        let bytes: [UInt8]
        if let image { bytes = try ImageFile.readBytes(image) } else {
            var rng = SeededGenerator(seed: 11)
            let (w, h) = try parseSize(size)
            var request = SceneGenerator.Request(layout: SceneGenerator.Layout(rawValue: layout))
            // Letters of a size that fits the frame, as a person would take the photo.
            let letters = self.letters ?? min(60, 0.06 * Float(min(w, h)))
            request.indexPixels = letters...(letters * 1.2)
            let scene = SceneGenerator(art: try CardLoading.art(cards: cards)).render(request, width: w, height: h, rng: &rng)
            bytes = try codec.encode(scene.image, quality: 90)
        }
        var t = Timings()
        var cards = 0, width = 0, height = 0
        for i in 0..<(runs + 3) {
            let ms = try measureMs {
                let frame = try codec.decode(bytes)
                (width, height) = (frame.width, frame.height)
                cards = try reader.read(frame).count
            }
            if i >= 3 { t.add(ms) }  // the first runs size the buffers
        }
        let frame = try codec.decode(bytes)
        var exposure = Timings(), seen = frame
        for _ in 0..<runs { exposure.add(measureMs { seen = Exposure.corrected(frame) }) }
        let corrected = seen != frame
        let report = Report(width: width, height: height, pace: pace.rawValue, fpsMedian: round3(1000 / t.median), msMedian: round3(t.median),
                            msP95: round3(t.p95), msP99: round3(t.p99), cards: cards,
                            msExposureMedian: round3(exposure.median), exposureCorrected: corrected)
        if json {
            try printJSON(report)
        } else {
            print("decode + read of a \(width)×\(height) frame, \(pace.rawValue) (\(cards) cards): median \(report.msMedian) ms (\(report.fpsMedian) frames/s), p95 \(report.msP95) ms, p99 \(report.msP99) ms;"
                  + " of it the light's correction \(report.msExposureMedian) ms (\(corrected ? "the frame corrected" : "the frame as it was"))")
        }
    }
}
