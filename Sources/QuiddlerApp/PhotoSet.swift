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
        let file: LabelsFile
        do { file = try JSONDecoder().decode(LabelsFile.self, from: Data(bytes)) } catch {
            throw AppError.unreadable(path: labelPath, reason: "expected {\"photos\": [{\"file\": …, \"cards\": [...]}]}")
        }
        let photos = try file.photos.map { entry in
            let cards = try entry.cards.map { name -> Card in
                guard let c = Card(name) else { throw AppError.unreadable(path: labelPath, reason: "unknown card '\(printable(name))' for \(printable(entry.file))") }
                return c
            }
            return PhotoLabels(name: entry.file, cards: cards)
        }
        return PhotoSet(folder: folder, labelPath: labelPath, photos: photos)
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
