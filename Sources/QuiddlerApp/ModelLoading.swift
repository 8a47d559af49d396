import ArgumentParser
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
    /// Checks `--finer-letters` (eval and bench detect): 0 turns the finer look off, else 4–20 pixels.
    static func checkFinerLetters(_ value: Float?) throws {
        if let value, !(value == 0 || (value >= 4 && value <= 20)) {
            throw ValidationError("--finer-letters must be 0 (off) or between 4 and 20 pixels, got \(value)")
        }
    }

    /// Checks `--turn-search-heat` (eval and bench detect): 0 or more, above 1 off.
    static func checkTurnSearchHeat(_ value: Float?) throws {
        if let value, !(value >= 0) { throw ValidationError("--turn-search-heat must be 0 or more (above 1 turns it off), got \(value)") }
    }

    /// `--turn-search-heat`'s help (eval and bench detect).
    static let turnSearchHelp = "Read detector peaks at or above this heat that read as no index at other angles too (above 1: off; default: the pace's, \(CardReader.turnSearchHeat(.still)) still, off live)."

    /// `--pace`'s help (eval, detect and bench detect), before each command's default.
    static let paceHelp = "How to read: 'live', a camera frame read in time for the next (no turn search), or 'still', a picture read once, with the turn search"

    static let detectorFile = ModelMetadata.detectorFile
    static let classifierFile = ModelMetadata.classifierFile

    /// - Parameter folder: a folder holding both weight files; nil for the bundled `Assets/`.
    /// - Throws: `AppError` or `NNError` naming a missing, corrupt or mismatched file.
    static func reader(folder: String?) throws -> CardReader {
        let dir = try self.folder(folder)
        try checkMetadata(dir)
        let detector = try network(dir, detectorFile, expected: try DetectorModel.detector())
        let classifier = try network(dir, classifierFile, expected: try DetectorModel.classifier())
        let reader = CardReader(detector: detector, classifier: classifier)
        reader.parallel = readerLanes
        return reader
    }

    /// The reader's work shared between every core.
    static let readerLanes = readerLanes(workers: Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))

    /// The reader's work shared between `workers` threads, each calling OpenBLAS on its own thread
    /// only: candidates read side by side, and a pyramid level's large layers band by band. A
    /// 32×32 crop's products are too small for OpenBLAS to share well between its threads, and
    /// its threads leave the rest (cropping, unfolding, activating) to one core.
    static func readerLanes(workers: Int) -> Parallel {
        Parallel(workers: workers) { count, body in
            BLAS.singleThreaded { DispatchQueue.concurrentPerform(iterations: count, execute: body) }
        }
    }

    /// The model's folder: the one given, or the shipped `Assets/`.
    /// - Throws: `AppError` when the shipped model cannot be found.
    static func folder(_ folder: String?) throws -> String {
        if let folder { return folder }
        return (try Resources.locate("Assets/" + detectorFile) as NSString).deletingLastPathComponent
    }

    /// The weight file of a training stage's network.
    static func file(_ stage: TrainingStage) -> String { stage.network == .classifier ? classifierFile : detectorFile }

    /// Writes a trained network's weights (half precision) into a model folder, atomically.
    static func export(_ network: Network, to folder: String, name: String) throws {
        do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
            throw AppError.cannotWrite(path: folder, reason: "cannot create the folder")
        }
        let bytes = WeightFile.encode(spec: network.spec, tensors: network.namedTensors, storage: .float16)
        try AtomicFile.write(Data(bytes), to: (folder as NSString).appendingPathComponent(name))
    }

    /// Checks `model.json` beside the weights, when there is one: its classes, the detector's
    /// stride and the classifier's input must be this reader's.
    /// - Throws: `AppError.unreadable` naming the file and what is wrong.
    static func checkMetadata(_ dir: String) throws {
        let path = (dir as NSString).appendingPathComponent("model.json")
        guard FileManager.default.fileExists(atPath: path) else { return }
        let meta: ModelMetadata
        do { meta = try JSONDecoder().decode(ModelMetadata.self, from: Data(try Resources.read(path, what: "model metadata"))) } catch let e as AppError {
            throw e
        } catch {
            throw AppError.unreadable(path: path, reason: "not the model metadata quiddler writes (classes, detector, classifier); rewrite it with 'quiddler train --stage score --out \(dir)'")
        }
        if let mismatch = meta.mismatch { throw AppError.unreadable(path: path, reason: mismatch) }
    }

    static func network(_ dir: String, _ name: String, expected: NetworkSpec) throws -> InferenceNetwork {
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

extension CardReader.Pace: ExpressibleByArgument {}
