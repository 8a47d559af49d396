import ArgumentParser
import Foundation
import QuiddlerCapture
import QuiddlerGame
import QuiddlerVision

/// `quiddler detect`: reads the cards in images.
struct DetectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "detect", abstract: "Read the cards in photos: left to right, with confidences.")

    @Argument(help: "JPEG or PNG images.") var images: [String]
    @Option(name: .customLong("cards"), help: "How many cards the hand holds (the round tells it).") var hint: Int?
    @Option(help: "A folder with index-detector.qnn and card-classifier.qnn (default: the shipped model).") var model: String?
    @Option(help: "Write the image with boxes and labels drawn on it (NAME-2.jpg … for several images).") var annotate: String?
    @Flag(help: "Print one JSON object per image, one per line.") var json = false
    @Flag(help: "Also list every index candidate the detector found, with the classifier's reading.") var candidates = false

    func validate() throws {
        if let hint, !(1...12).contains(hint) { throw ValidationError("--cards must be 1 to 12, got \(hint)") }
    }

    func run() throws {
        let reader = try ModelLoading.reader(folder: model)
        let codec = JPEGCodec()
        for (i, path) in images.enumerated() {
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
                print(DetectionJSON.line(file: path, detections: found))
            } else {
                let list = found.map { "\($0.card.name) (\(String(format: "%.2f", $0.confidence)))" }
                print("\(path): \(found.isEmpty ? "no cards" : list.joined(separator: " "))")
            }
            if let annotate {
                let out = images.count == 1 ? annotate : Self.numbered(annotate, i + 1)
                try ImageFile.writeJPEG(Annotation.draw(found, on: image), to: out, codec: codec)
            }
        }
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
            let colour: RGB = d.confidence >= 0.7 ? .green : .yellow
            img.drawBox(RotatedBox(center: d.center, width: d.size * 1.8, height: d.size * 1.5, angle: d.angle), color: colour, thickness: thick)
            img.drawText("\(i + 1) \(d.card.name)", x: Int(d.center.x + d.size), y: Int(d.center.y - d.size),
                         color: .black, background: colour, scale: max(1, image.width / 400))
        }
        return img
    }
}

/// The JSON line `detect --json` prints for one image.
enum DetectionJSON {
    static func line(file: String, detections: [Detection]) -> String {
        let cards = detections.map { "\"\($0.card.name)\"" }.joined(separator: ",")
        let items = detections.map { d in
            String(format: "{\"kind\":\"%@\",\"confidence\":%.4f,\"center\":[%.1f,%.1f],\"size\":%.1f,\"angle\":%.4f,\"cardCenter\":[%.1f,%.1f]}",
                   d.card.name, d.confidence, d.center.x, d.center.y, d.size, d.angle, d.cardCenter.x, d.cardCenter.y)
        }
        return "{\"file\":\(jsonString(file)),\"cards\":[\(cards)],\"detections\":[\(items.joined(separator: ","))]}"
    }

    static func jsonString(_ s: String) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: [s])) ?? Data("[\"\"]".utf8)
        return String(String(decoding: data, as: UTF8.self).dropFirst().dropLast())
    }
}
