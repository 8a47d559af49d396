import ArgumentParser
import Foundation
import QuiddlerCapture
import QuiddlerGame
import QuiddlerImage
import QuiddlerReader
import QuiddlerSynthesis
import QuiddlerTraining

/// `quiddler detect`: reads the cards in images.
struct DetectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "detect", abstract: "Read the cards in photos: in reading order, with confidences.",
        discussion: "A card read from weak evidence is marked with '?' (\"sure\": false in JSON). With --consensus the images (or the images of a folder, in natural order) are frames of one sequence, and the settled reading is printed.")

    @Argument(help: "JPEG or PNG images, or folders of them.") var images: [String]
    @Flag(help: "Treat the images as consecutive frames and print the reading they settle on.") var consensus = false
    @Option(name: .customLong("cards"), parsing: .unconditional, help: "How many cards the hand holds (the round tells it).") var hint: Int?
    @Option(help: "A folder with index-detector.qnn and card-classifier.qnn (default: the shipped model).") var model: String?
    @Option(help: "Write the image with boxes and labels drawn on it (NAME-2.jpg … for several images).") var annotate: String?
    @Flag(help: "Print one JSON object per image, one per line.") var json = false
    @Option(help: ArgumentHelp(ModelLoading.paceHelp + " (default: still, or live with --consensus).")) var pace: CardReader.Pace?
    @Flag(help: "Also list every index candidate the detector found, with the classifier's reading.") var candidates = false

    /// The pace pictures are read at: frames of a sequence as the app reads its camera; a
    /// picture alone once, and closely.
    var readingPace: CardReader.Pace { pace ?? (consensus ? .live : .still) }

    func validate() throws {
        if let hint, !(1...200).contains(hint) { throw ValidationError("--cards must be 1 to 200, got \(hint)") }
        if let annotate, !["jpg", "jpeg"].contains((annotate as NSString).pathExtension.lowercased()) {
            throw ValidationError("--annotate writes a JPEG: name the file .jpg, not '\((annotate as NSString).lastPathComponent)'")
        }
    }

    func run() throws {
        let reader = try ModelLoading.reader(folder: model)
        reader.pace = readingPace
        let codec = JPEGCodec()
        var paths: [String] = []
        for p in images { paths += ImageFile.isFolder(p) ? try ImageFile.imagesInFolder(p) : [p] }
        if consensus { return try runConsensus(paths, reader: reader, codec: codec) }
        for (i, path) in paths.enumerated() {
            let image = try ImageFile.load(path, codec: codec)
            let found = try reader.read(image, hint: hint)
            if candidates {
                for c in try reader.candidates(image, threshold: 0.05) {
                    let p = try reader.classify(image, center: c.center, angle: c.angle, size: c.size)
                    let best = p.indices.max { p[$0] < p[$1] } ?? 0
                    let name = best < Card.kindCount ? Card.all[best].name : "reject"
                    print(String(format: "  candidate heat %.2f at (%.0f, %.0f) size %.1f angle %.0f°: %@ %.2f",
                                 c.heat, c.center.x, c.center.y, c.size, c.angle * 180 / .pi, name, p[best]))
                }
            }
            if json {
                print(try DetectionJSON.line(file: path, detections: found))
            } else {
                print("\(path): \(Self.describe(found))")
            }
            if let annotate {
                let out = paths.count == 1 ? annotate : Self.numbered(annotate, i + 1)
                try ImageFile.writeJPEG(Annotation.draw(found, on: image), to: out, codec: codec)
            }
        }
    }

    /// Reads the paths as frames of one sequence; prints each frame's reading as it settles and
    /// the settled reading at the end.
    func runConsensus(_ paths: [String], reader: CardReader, codec: JPEGCodec) throws {
        var tracker = ConsensusTracker()
        for path in paths {
            let image = try ImageFile.load(path, codec: codec)
            tracker.update(try reader.read(image, hint: hint))
            if !json {
                let settling = tracker.all.filter { !$0.sure }.map(\.card.name)
                print("\(path): settled \(Self.describe(tracker.settled))" + (settling.isEmpty ? "" : " · settling \(settling.joined(separator: " "))"))
            }
        }
        if json {
            print(try DetectionJSON.line(file: paths.last ?? "", detections: tracker.settled, frames: tracker.frames))
        } else {
            print("settled over \(tracker.frames) frames: \(tracker.settled.isEmpty ? "no cards" : tracker.settled.map(\.card.name).joined(separator: " "))")
        }
        if let annotate, let last = paths.last {
            try ImageFile.writeJPEG(Annotation.draw(tracker.settled, on: try ImageFile.load(last, codec: codec)), to: annotate, codec: codec)
        }
    }

    /// "a (0.93) th? (0.41) …", or "no cards".
    static func describe(_ found: [Detection]) -> String {
        found.isEmpty ? "no cards" : found.map { "\($0.card.name)\($0.sure ? "" : "?") (\(String(format: "%.2f", $0.confidence)))" }.joined(separator: " ")
    }

    static func numbered(_ path: String, _ n: Int) -> String {
        let ext = (path as NSString).pathExtension
        let base = (path as NSString).deletingPathExtension
        return "\(base)-\(n)" + (ext.isEmpty ? "" : ".\(ext)")
    }
}

/// Boxes and labels drawn over a frame.
enum Annotation {
    static func draw(_ detections: [Detection], on image: RGBImage) -> RGBImage {
        var img = image
        let thick = max(2, image.width / 320)
        for (i, d) in detections.enumerated() {
            let colour: RGB = d.sure ? .green : .yellow
            img.drawBox(RotatedBox(center: d.center, width: d.size * 1.8, height: d.size * 1.5, angle: d.angle), color: colour, thickness: thick)
            img.drawText("\(i + 1) \(d.card.name)\(d.sure ? "" : "?")", x: Int(d.center.x + d.size), y: Int(d.center.y - d.size),
                         color: .black, background: colour, scale: max(1, image.width / 400))
        }
        return img
    }
}

/// The JSON line `detect --json` prints for one image.
enum DetectionJSON {
    struct Item: Codable {
        let kind: String
        let sure: Bool
        let confidence: Float
        let center: [Float]
        let size: Float
        let angle: Float
        let cardCenter: [Float]
    }

    struct Line: Codable {
        let file: String
        let cards: [String]
        let frames: Int?
        let detections: [Item]
    }

    static func line(file: String, detections: [Detection], frames: Int? = nil) throws -> String {
        func r(_ x: Float, _ places: Float = 10) -> Float { x.isFinite ? (x * places).rounded() / places : 0 }
        let items = detections.map { d in
            Item(kind: d.card.name, sure: d.sure, confidence: r(d.confidence, 10000), center: [r(d.center.x), r(d.center.y)], size: r(d.size),
                 angle: r(d.angle, 10000), cardCenter: [r(d.cardCenter.x), r(d.cardCenter.y)])
        }
        return try jsonLine(Line(file: file, cards: detections.map(\.card.name), frames: frames, detections: items))
    }
}
