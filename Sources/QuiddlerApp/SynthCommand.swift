import ArgumentParser
import Foundation
import QuiddlerCapture
import QuiddlerRandom
import QuiddlerImage
import QuiddlerReader
import QuiddlerSynthesis
import QuiddlerTraining

/// `quiddler synth`: writes synthetic training scenes with their labels, to look at.
struct SynthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synth", abstract: "Write synthetic card scenes with their labels (JSON) and an annotated copy.")

    @Option(parsing: .unconditional, help: "How many scenes.") var count = 10
    @Option(help: "Output folder (created if needed).") var out: String
    @Option(help: "Folder of card scans (a.png … th.png); without it, plainly drawn cards.") var cards: String?
    @Option(parsing: .unconditional, help: "Seed: the same seed gives the same scenes.") var seed: UInt64 = 1
    @Option(help: "Frame size, WIDTHxHEIGHT.") var size = "640x480"
    @Option(help: "Only this layout: \(SceneGenerator.Layout.allCases.map(\.rawValue).joined(separator: ", ")).") var layout: String?
    @Flag(help: "Scenes as the classifier trains on them: some backlit (cards in shade before a bright background), some overexposed (their white clipped). Without it, as the detector trains on them.") var classifier = false

    func validate() throws {
        guard count > 0 else { throw ValidationError("--count must be at least 1, got \(count)") }
        _ = try parseSize(size)
        if let layout, SceneGenerator.Layout(rawValue: layout) == nil {
            throw ValidationError("unknown layout '\(layout)': use one of \(SceneGenerator.Layout.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() throws {
        let (w, h) = try parseSize(size)
        let generator = SceneGenerator(art: try CardLoading.art(cards: cards))
        do { try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true) } catch { throw CaptureError.cannotWrite(out) }
        var rng = SeededGenerator(seed: seed)
        let jpeg = JPEGArtefacts()
        let codec = JPEGCodec()
        for i in 1...count {
            var request = SceneGenerator.Request(layout: layout.flatMap(SceneGenerator.Layout.init(rawValue:)))
            (classifier ? TrainingData.classifierLighting : TrainingData.detectorLighting).apply(to: &request)
            var scene = generator.render(request, width: w, height: h, rng: &rng)
            jpeg.apply(&scene.image, rng: &rng)
            let base = (out as NSString).appendingPathComponent(String(format: "scene-%04d", i))
            try ImageFile.writeJPEG(scene.image, to: base + ".jpg", quality: 95, codec: codec)
            try ImageFile.writeJPEG(annotate(scene), to: base + "-labels.jpg", quality: 90, codec: codec)
            try labelJSON(scene).write(toFile: base + ".json", atomically: true, encoding: .utf8)
        }
        print("wrote \(count) scenes to \(out) (\(cards == nil ? "drawn cards" : "scans from \(cards!)"), seed \(seed))")
    }

    func annotate(_ scene: Scene) -> RGBImage {
        var img = scene.image
        for l in scene.indices {
            let colour: RGB = l.visibility == .visible ? .green : .yellow
            img.drawBox(RotatedBox(center: l.center, width: l.size * 1.6, height: l.size * 1.4, angle: l.angle), color: colour, thickness: 2)
            img.drawLine(from: l.center, to: l.cardCenter, color: colour, thickness: 1)
            img.drawText(l.card.name, x: Int(l.center.x) + 4, y: Int(l.center.y - l.size), color: .black, background: colour, scale: 1)
        }
        return img
    }

    func labelJSON(_ scene: Scene) -> String {
        let items = scene.indices.map { l in
            String(format: "{\"card\":\"%@\",\"x\":%.1f,\"y\":%.1f,\"angle\":%.3f,\"size\":%.1f,\"cardX\":%.1f,\"cardY\":%.1f,\"visible\":%@,\"bottomRight\":%@}",
                   l.card.name, l.center.x, l.center.y, l.angle, l.size, l.cardCenter.x, l.cardCenter.y,
                   l.visibility == .visible ? "true" : "false", l.isBottomRight ? "true" : "false")
        }
        let hand = scene.handCards.map { "\"\($0.name)\"" }.joined(separator: ",")
        return "{\"hand\":[\(hand)],\"indices\":[\n" + items.joined(separator: ",\n") + "\n]}\n"
    }
}
