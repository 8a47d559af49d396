import Foundation
import QuiddlerCapture
import QuiddlerGame
import QuiddlerNN
import QuiddlerVision

/// Loads the shipped card reader (`Assets/index-detector.qnn`, `Assets/card-classifier.qnn`) or one from `--model DIR`.
enum ModelLoading {
    static let detectorFile = "index-detector.qnn"
    static let classifierFile = "card-classifier.qnn"

    /// - Parameter folder: a folder holding both weight files; nil for the bundled `Assets/`.
    /// - Throws: `AppError` or `NNError` naming a missing, corrupt or mismatched file.
    static func reader(folder: String?) throws -> CardReader {
        let dir: String
        if let folder { dir = folder } else { dir = (try Resources.locate("Assets/" + detectorFile) as NSString).deletingLastPathComponent }
        let detector = try network(dir, detectorFile, expected: try DetectorModel.detector())
        let classifier = try network(dir, classifierFile, expected: try DetectorModel.classifier())
        return CardReader(detector: detector, classifier: classifier)
    }

    private static func network(_ dir: String, _ name: String, expected: NetworkSpec) throws -> InferenceNetwork {
        let path = (dir as NSString).appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: path) else {
            throw AppError.fileNotFound(path: path, what: "model file")
        }
        let (spec, tensors) = try WeightFile.decode(try Resources.read(path, what: "model file"), file: path)
        guard spec == expected else {
            throw NNError.badWeightFile(file: path, reason: "wrong architecture: it holds another network than this quiddler expects")
        }
        do {
            return try InferenceNetwork(spec: spec, tensors: Dictionary(tensors, uniquingKeysWith: { a, _ in a }))
        } catch {
            throw NNError.badWeightFile(file: path, reason: "wrong architecture: \(error)")
        }
    }
}

/// Labelled photos: a folder of images and a `labels.json` naming the cards in each.
enum PhotoSet {
    static func load(folder: String, labels: String? = nil) throws -> [LabelledPhoto] {
        let labelPath = labels ?? (folder as NSString).appendingPathComponent("labels.json")
        let bytes = try Resources.read(labelPath, what: "labels file")
        guard let root = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any],
              let photos = root["photos"] as? [[String: Any]] else {
            throw AppError.unreadable(path: labelPath, reason: "expected {\"photos\": [{\"file\": …, \"cards\": [...]}]}")
        }
        let codec = JPEGCodec()
        return try photos.map { entry in
            guard let file = entry["file"] as? String, let names = entry["cards"] as? [String] else {
                throw AppError.unreadable(path: labelPath, reason: "an entry lacks \"file\" or \"cards\"")
            }
            let cards = try names.map { name -> Card in
                guard let c = Card(name) else { throw AppError.unreadable(path: labelPath, reason: "unknown card '\(name)' for \(file)") }
                return c
            }
            let image = try ImageFile.load((folder as NSString).appendingPathComponent(file), codec: codec)
            return LabelledPhoto(name: file, image: image, cards: cards)
        }
    }
}
