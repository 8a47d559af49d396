import Foundation
import QuiddlerCapture
import QuiddlerGame
import QuiddlerNN
import QuiddlerImage
import QuiddlerReader
import QuiddlerSynthesis
import QuiddlerTraining

/// Loads the shipped card reader (`Assets/index-detector.qnn`, `Assets/card-classifier.qnn`) or one from `--model DIR`.
enum ModelLoading {
    static let detectorFile = "index-detector.qnn"
    static let classifierFile = "card-classifier.qnn"

    /// - Parameter folder: a folder holding both weight files; nil for the bundled `Assets/`.
    /// - Throws: `AppError` or `NNError` naming a missing, corrupt or mismatched file.
    static func reader(folder: String?) throws -> CardReader {
        let dir: String
        if let folder { dir = folder } else { dir = (try Resources.locate("Assets/" + detectorFile) as NSString).deletingLastPathComponent }
        try checkMetadata(dir)
        let detector = try network(dir, detectorFile, expected: try DetectorModel.detector())
        let classifier = try network(dir, classifierFile, expected: try DetectorModel.classifier())
        return CardReader(detector: detector, classifier: classifier)
    }

    /// What `model.json` must say for the networks to be read as this quiddler reads them.
    struct Metadata: Decodable {
        struct Detector: Decodable { let file: String; let stride: Int }
        struct Classifier: Decodable { let file: String; let input: [Int] }
        let classes: [String]
        let detector: Detector
        let classifier: Classifier
    }

    /// Checks `model.json` beside the weights, when there is one: its classes, the detector's
    /// stride and the classifier's input must be this reader's.
    /// - Throws: `AppError.unreadable` naming the file and what is wrong.
    static func checkMetadata(_ dir: String) throws {
        let path = (dir as NSString).appendingPathComponent("model.json")
        guard FileManager.default.fileExists(atPath: path) else { return }
        let meta: Metadata
        do { meta = try JSONDecoder().decode(Metadata.self, from: Data(try Resources.read(path, what: "model metadata"))) } catch let e as AppError {
            throw e
        } catch {
            throw AppError.unreadable(path: path, reason: "not the model metadata quiddler writes (classes, detector, classifier); rewrite it with 'quiddler train --stage score --out \(dir)'")
        }
        let classes = Card.all.map(\.name) + ["reject"]
        guard meta.classes == classes else { throw AppError.unreadable(path: path, reason: "its classes are not the 31 card kinds and reject, in order") }
        guard meta.detector.stride == DetectorHead.stride, meta.detector.file == detectorFile else {
            throw AppError.unreadable(path: path, reason: "its detector (\(meta.detector.file), stride \(meta.detector.stride)) is not \(detectorFile) at stride \(DetectorHead.stride)")
        }
        guard meta.classifier.input == [1, DetectorModel.cropSide, DetectorModel.cropSide], meta.classifier.file == classifierFile else {
            throw AppError.unreadable(path: path, reason: "its classifier input \(meta.classifier.input) is not [1, \(DetectorModel.cropSide), \(DetectorModel.cropSide)]")
        }
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
