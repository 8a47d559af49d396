import Foundation
import QuiddlerCapture
import QuiddlerGame
import QuiddlerImage
import QuiddlerReader
import QuiddlerTraining

/// Labelled photos: a folder of images and a `labels.json` naming the cards in each. The labels
/// are read at once; each photo is decoded only when it is scored, so a folder of hundreds of
/// photos never sits in memory.
struct PhotoSet {
    /// The file format of `labels.json`.
    struct LabelsFile: Codable {
        struct Entry: Codable {
            let file: String
            let cards: [String]
            let kind: String?
            /// Each card's index box (captures kept by the app); absent in hand-made labels.
            var boxes: [IndexBox]? = nil
        }
        let about: String?
        let photos: [Entry]
    }

    let folder: String
    let labelPath: String
    let photos: [PhotoLabels]

    /// - Throws: `AppError` naming the labels file and what is wrong with it.
    static func load(folder: String, labels: String? = nil) throws -> PhotoSet {
        let labelPath = labels ?? (folder as NSString).appendingPathComponent("labels.json")
        let bytes = try Resources.read(labelPath, what: "labels file")
        return PhotoSet(folder: folder, labelPath: labelPath, photos: try parse(bytes, path: labelPath))
    }

    /// The photos a `labels.json` names, with their cards.
    /// - Throws: `AppError.unreadable` naming `path` and what is wrong.
    static func parse(_ bytes: [UInt8], path: String) throws(AppError) -> [PhotoLabels] {
        let file: LabelsFile
        do { file = try JSONDecoder().decode(LabelsFile.self, from: Data(bytes)) } catch {
            throw .unreadable(path: path, reason: "expected {\"photos\": [{\"file\": …, \"cards\": [...]}]}")
        }
        var photos: [PhotoLabels] = []
        for entry in file.photos {
            // A name that leaves the folder (or is not a plain file name) is refused.
            guard !entry.file.isEmpty, !entry.file.contains("/"), entry.file != "..", entry.file != "." else {
                throw .unreadable(path: path, reason: "'\(printable(entry.file))' is not a file name in the photos' folder")
            }
            var cards: [Card] = []
            for name in entry.cards {
                guard let c = Card(name) else { throw .unreadable(path: path, reason: "unknown card '\(printable(name))' for \(printable(entry.file))") }
                cards.append(c)
            }
            if let boxes = entry.boxes {
                guard boxes.count == cards.count, boxes.allSatisfy(\.isValid) else {
                    throw .unreadable(path: path, reason: "\(printable(entry.file)) needs one box of finite numbers and a positive size per card")
                }
            }
            photos.append(PhotoLabels(name: entry.file, cards: cards, boxes: entry.boxes))
        }
        return photos
    }

    var count: Int { photos.count }

    /// Decodes one photo.
    func image(_ photo: PhotoLabels, codec: JPEGCodec) throws -> RGBImage {
        try ImageFile.load((folder as NSString).appendingPathComponent(photo.name), codec: codec)
    }

    /// Scores a reader on every photo, decoding them one at a time.
    func evaluate(_ reader: CardReader, hint: Bool) throws -> EvaluationSummary {
        let codec = JPEGCodec()
        return try Evaluation.photos(reader: reader, photos: photos, hint: hint) { try image($0, codec: codec) }
    }
}
