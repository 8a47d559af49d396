import ArgumentParser
import Foundation
import QuiddlerCapture
import QuiddlerGame
import QuiddlerNN
import QuiddlerRandom
import QuiddlerImage
import QuiddlerReader
import QuiddlerSynthesis
import QuiddlerTraining
import QuiddlerPlatform

/// `quiddler train`: trains the card reader on synthetic scenes.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train the card reader (crop classifier, index detector, then the classifier again on the detector's proposals; optionally the detector refined) on synthetic scenes.",
        discussion: "Checkpoints go to --checkpoints every few dozen steps; --resume continues from them. The finished model is written to --out. With --finetune DIR it starts from a trained model instead and trains a few minutes on the photos of DIR (the hands kept with --keep-captures, or any folder with labels.json) mixed with synthetic scenes, then says on held-back photos whether it helped.")

    @Option(help: "Folder of card scans (a.png … th.png); to fine-tune, drawn cards stand in for them when not given.") var cards: String?
    @Option(parsing: .unconditional, help: "Detector training steps (default 10000; 100 to fine-tune).") var steps: Int?
    @Option(parsing: .unconditional, help: "Classifier training steps (default 8000; 150 to fine-tune).") var classifierSteps: Int?
    @Option(parsing: .unconditional, help: "Steps of the detector's refinement, a second run from its trained weights on fresh scenes at a lower rate (default 0: none).") var refineSteps: Int?
    @Option(parsing: .unconditional, help: "Steps of the classifier's second run, from its trained weights, half its crops where the trained detector proposes indices (default \(Hyperparameters().rereadSteps)).") var rereadSteps: Int?
    @Option(parsing: .unconditional, help: "Detector batch size.") var batch = 8
    @Option(parsing: .unconditional, help: "Classifier batch size.") var classifierBatch = 96
    @Option(parsing: .unconditional, help: "Seed for initial weights and data.") var seed: UInt64 = 7
    @Option(help: "Where checkpoints and the CSV log go (default .train; .train/finetune to fine-tune).") var checkpoints: String?
    @Option(help: "Where the finished model goes (default Assets; DIR/model to fine-tune).") var out: String?
    @Option(help: "Fine-tune a trained model on the labelled photos of this folder (the captures folder, say) instead of training from scratch.") var finetune: String?
    @Option(help: "The model to fine-tune (default: the shipped model).") var from: String?
    @Option(help: "Photos of the fine-tuning folder to hold back for the before/after check, by file name, comma-separated (default: every fifth).") var holdout: String?
    @Option(help: "Real photos with labels.json, for validation along the way.") var photos: String?
    @Option(parsing: .unconditional, help: "Validate every this many detector steps.") var validateEvery = 500
    @Option(help: "Which stage: all, classifier, detector, refine (from the detector in --out), reread (from the model in --out), or score (only re-score the model in --out and rewrite its model.json).") var stage = "all"
    @Option(help: "Draw these kinds more often in the training scenes, as KIND=WEIGHT pairs (i=3,b=2: an I three times as often as another kind where any kind is alike); the validation is unchanged (default: every kind alike).") var favour: String?
    @Flag(help: "Continue from the checkpoints.") var resume = false

    /// The settings once the mode is known: training from scratch, or fine-tuning.
    var detectorSteps: Int { steps ?? (finetune == nil ? Hyperparameters().detectorSteps : 100) }
    var classifierStepCount: Int { classifierSteps ?? (finetune == nil ? Hyperparameters().classifierSteps : 150) }
    var refineStepCount: Int { refineSteps ?? Hyperparameters().refineSteps }
    var rereadStepCount: Int { rereadSteps ?? (finetune == nil ? Hyperparameters().rereadSteps : 0) }
    var checkpointFolder: String { checkpoints ?? (finetune == nil ? ".train" : ".train/finetune") }
    /// The training data: 80% of scenes from the card scans and 20% from drawn cards (all drawn
    /// without scans), every frame with JPEG artefacts; real photos mixed in to fine-tune.
    /// `favoured`: kinds drawn more often (`SceneGenerator.favoured`).
    static func trainingData(cards: String?, real: [RealPhoto] = [], realShare: Float = 0, favoured: [Card: Float] = [:]) throws -> TrainingData {
        let drawn = SceneGenerator(art: try CardLoading.art(cards: nil), favoured: favoured)
        var generators: [(SceneGenerator, weight: Float)] = [(drawn, 1)]
        if let cards { generators = [(SceneGenerator(art: try CardLoading.art(cards: cards), favoured: favoured), 0.8), (drawn, 0.2)] }
        let jpeg = JPEGArtefacts()
        return TrainingData(generators: generators, postProcess: { img, rng in jpeg.apply(&img, rng: &rng) }, real: real, realShare: realShare)
    }

    /// The card scans, which training from scratch needs (`validate` makes sure they are given).
    func scans() throws -> String {
        guard let cards else { throw ValidationError("training needs the card scans: --cards DIR (a.png … th.png)") }
        return cards
    }
    var outFolder: String { out ?? finetune.map { ($0 as NSString).appendingPathComponent("model") } ?? "Assets" }

    func validate() throws {
        if finetune == nil, from != nil || holdout != nil { throw ValidationError("--from and --holdout go with --finetune DIR") }
        if finetune == nil, cards == nil { throw ValidationError("training needs the card scans: --cards DIR (a.png … th.png)") }
        guard ["all", "classifier", "detector", "refine", "reread", "score"].contains(stage) else {
            throw ValidationError("--stage must be all, classifier, detector, refine, reread or score, got '\(stage)'")
        }
        guard detectorSteps > 0, classifierStepCount > 0, batch > 0, classifierBatch > 0 else { throw ValidationError("steps and batch sizes must be positive") }
        guard refineStepCount >= 0 else { throw ValidationError("--refine-steps must be 0 or more, got \(refineStepCount)") }
        if stage == "refine", refineStepCount == 0 { throw ValidationError("--stage refine needs --refine-steps N (the refinement is off by default)") }
        if finetune != nil, refineSteps != nil { throw ValidationError("--refine-steps goes with training, not with --finetune") }
        guard rereadStepCount >= 0 else { throw ValidationError("--reread-steps must be 0 or more, got \(rereadStepCount)") }
        if stage == "reread", rereadStepCount == 0 { throw ValidationError("--stage reread needs --reread-steps N") }
        if finetune != nil, rereadSteps != nil { throw ValidationError("--reread-steps goes with training, not with --finetune") }
        guard validateEvery > 0 else { throw ValidationError("--validate-every must be at least 1, got \(validateEvery)") }
        guard batch <= 256, classifierBatch <= 4096 else { throw ValidationError("--batch must be at most 256 and --classifier-batch at most 4096") }
        if favour != nil, finetune != nil { throw ValidationError("--favour goes with training, not with --finetune") }
        _ = try favouredKinds()
    }

    /// The kinds `--favour` draws more often (none when it is not given).
    /// - Throws: `ValidationError` naming the pair that cannot be read.
    func favouredKinds() throws -> [Card: Float] {
        guard let favour else { return [:] }
        do { return try ModelMetadata.favoured(favour) } catch { throw ValidationError(error.description) }
    }

    /// The settings of this run, read once by `run`.
    func hyperparameters() throws -> Hyperparameters {
        var h = Hyperparameters()
        (h.detectorSteps, h.classifierSteps, h.detectorBatch, h.classifierBatch, h.seed) = (detectorSteps, classifierStepCount, batch, classifierBatch, seed)
        h.refineSteps = refineStepCount
        h.rereadSteps = rereadStepCount
        h.favoured = try favouredKinds()
        return h
    }

    func run() throws {
        BLAS.setThreads(2)
        let hyper = try hyperparameters()
        if let finetune {
            let holdout = self.holdout.map { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } }
            return try Finetune(photos: finetune, base: from, out: outFolder, cards: cards, checkpoints: checkpointFolder, hyper: hyper,
                                holdout: holdout, resume: resume).run()
        }
        let checkpoints = checkpointFolder, out = outFolder
        if stage == "score" { return try writeMetadata(hyper) }
        // Before the long work: the refinement alone needs a trained detector to start from.
        if stage == "refine", !resume { _ = try trainedDetector() }
        if stage == "reread" { for name in [ModelLoading.classifierFile, ModelLoading.detectorFile] { _ = try rereadStartingFile(name) } }
        try FileManager.default.createDirectory(atPath: checkpoints, withIntermediateDirectories: true)
        let data = try Self.trainingData(cards: try scans(), favoured: hyper.favoured)
        let logFile = try LogFile(path: (checkpoints as NSString).appendingPathComponent("train-log.csv"), resume: resume)
        let log = TrainingLog(clock: { Int(Date().timeIntervalSince1970) }, sink: logFile.append)
        let store = FileCheckpoints(folder: checkpoints)

        var detector: Network?
        for s in TrainingStage.allCases where stage == "all" || stage == s.rawValue {
            let total = hyper.settings(s).steps
            guard total > 0 else { continue }
            // The refinement starts from the detector just trained, or the one in --out; the reread
            // from the classifier in --out (just trained, or trained before), reading the
            // proposals of the detector there.
            var stageData = data
            if s == .reread { stageData.proposals = try Self.proposals(folder: out) }
            let trainer = Trainer(hyper: hyper, data: stageData, store: store)
            let initial = s == .refine ? try detector.map { Dictionary($0.namedTensors, uniquingKeysWith: { a, _ in a }) } ?? trainedDetector()
                : s == .reread ? try trainedNetwork(try rereadStartingFile(ModelLoading.classifierFile)) : nil
            var progress: Progress?
            let network = try trainer.train(
                s, resume: resume, initial: initial,
                onResume: { printError("resuming \(s.checkpointName) at step \($0)") },
                onStep: { r in
                    if progress == nil { progress = Progress(title: s.rawValue, total: total, start: r.step - 1) }
                    progress?.update(step: r.step, loss: r.loss, detail: r.parts.isEmpty ? "" : String(format: "heat %.3f reg %.3f", r.parts[0], r.parts[1]))
                    log.write(r)
                },
                every: s.network == .classifier ? 0 : validateEvery,
                onEvery: { network, _ in
                    try export(network, name: ModelLoading.detectorFile)
                    progress?.note(try validationLine())
                })
            progress?.finish()
            try export(network, name: ModelLoading.file(s))
            if s == .detector { detector = network }
        }
        print(log.plot())
        // After one stage, the other network must already be in --out for the scores.
        if stage == "all" || (try? ModelLoading.reader(folder: out)) != nil { try writeMetadata(hyper) }
    }

    /// The trained detector in --out, for `--stage refine`.
    private func trainedDetector() throws -> [String: Tensor] {
        try trainedNetwork(try startingFile(ModelLoading.detectorFile, stage: "refine", from: "the detector", trainFirst: "the detector first (--stage detector)"))
    }

    /// The path of a network file in --out that the reread starts from (it needs both).
    private func rereadStartingFile(_ name: String) throws -> String {
        try startingFile(name, stage: "reread", from: "the model", trainFirst: "the classifier and the detector first")
    }

    /// The path of a network file in --out that `--stage` starts from.
    /// - Throws: `AppError.badOption` when it does not exist, saying what to train first.
    private func startingFile(_ name: String, stage: String, from what: String, trainFirst: String) throws -> String {
        let path = (outFolder as NSString).appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: path) else {
            throw AppError.badOption(option: "--stage \(stage)", reason: "it starts from \(what) in --out, and \(path) does not exist: train \(trainFirst)")
        }
        return path
    }

    /// The weights of a network file.
    private func trainedNetwork(_ path: String) throws -> [String: Tensor] {
        let (_, tensors) = try WeightFile.decode(try Resources.read(path, what: "model file"), file: path)
        return Dictionary(tensors, uniquingKeysWith: { a, _ in a })
    }

    /// The proposals of the detector in `folder`: a reader per worker making data (its lane),
    /// each taking the peaks the reader classifies with a hand-size hint, the weakest it reads.
    static func proposals(folder: String) throws -> ProposalSource {
        let workers = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        let lanes = ProposalReaders(try (0..<workers).map { _ in
            let reader = try ModelLoading.reader(folder: folder)
            // The lanes are the data's threads already: each reader works on its own.
            reader.parallel = .serial
            // The proposals the shipped model's reread was taught on.
            reader.leavesNearCardArt = false
            return reader
        })
        return { frame, lane in lanes.candidates(frame, lane: lane) }
    }

    /// Scores the finished model and writes `model.json` beside it.
    private func writeMetadata(_ hyper: Hyperparameters) throws {
        let out = outFolder
        let reader = try ModelLoading.reader(folder: out)
        // Scored as `quiddler eval` scores a model: scenes and photos read still, as pictures.
        reader.pace = .still
        let generator = SceneGenerator(art: try CardLoading.art(cards: try scans()))
        let jpeg = JPEGArtefacts()
        let synthetic = Evaluation.synthetic(reader: reader, generator: generator, scenes: 200, seed: 4242,
                                             postProcess: { img, rng in jpeg.apply(&img, rng: &rng) })
        var meta = ModelMetadata(hyper: hyper)
        var scores = ModelMetadata.Scores(syntheticValidation: .init(
            scenes: 200, seed: 4242, hint: false, cards: synthetic.total, accuracy: synthetic.accuracy,
            byLayout: Dictionary(uniqueKeysWithValues: synthetic.byLayout.map { ($0.layout.rawValue, Double($0.correct) / Double(max(1, $0.total))) }),
            pace: reader.pace.rawValue))
        if let photos, let set = try? PhotoSet.load(folder: photos) {
            let hinted = try set.evaluate(reader, hint: true)
            let free = try set.evaluate(reader, hint: false)
            scores.photos = .init(images: set.count, cards: hinted.total, accuracyWithHint: hinted.accuracy, exactWithHint: hinted.exact,
                                  accuracyWithoutHint: free.accuracy, duplicatesWithoutHint: free.duplicates)
        }
        meta.scores = scores
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data = try encoder.encode(meta)
        let path = (out as NSString).appendingPathComponent("model.json")
        guard FileManager.default.createFile(atPath: path, contents: data) else { throw CaptureError.cannotWrite(path) }
        print("wrote \(path): synthetic \(String(format: "%.2f", 100 * synthetic.accuracy))% of \(synthetic.total) cards")
    }

    private func export(_ network: Network, name: String) throws {
        try ModelLoading.export(network, to: outFolder, name: name)
    }

    /// Scores the exported model on the synthetic validation set (and the photos, if given).
    private func validationLine() throws -> String {
        let out = outFolder
        guard let reader = try? ModelLoading.reader(folder: out) else { return "validation: no classifier yet" }
        let generator = SceneGenerator(art: try CardLoading.art(cards: try scans()))
        let synthetic = Evaluation.synthetic(reader: reader, generator: generator, scenes: 40, seed: 4242)
        var line = String(format: "validation: synthetic %.1f%% of %d cards", 100 * synthetic.accuracy, synthetic.total)
        if let photos, let set = try? PhotoSet.load(folder: photos) {
            let r = try set.evaluate(reader, hint: true)
            line += String(format: ", photos with hint %.1f%% of %d", 100 * r.accuracy, r.total)
        }
        return line
    }
}

/// The reread's readers, one per lane of the data's workers, each used by one thread at a time
/// (the lane's).
final class ProposalReaders: @unchecked Sendable {
    private let readers: [CardReader]
    init(_ readers: [CardReader]) { self.readers = readers }
    func candidates(_ frame: RGBImage, lane: Int) -> [IndexCandidate] {
        let reader = readers[lane % readers.count]
        return (try? reader.candidates(frame, threshold: reader.hintedPeakThreshold)) ?? []
    }
}

/// Checkpoints as files in a folder, each written to a temporary name and renamed, so a run
/// killed mid-write keeps its previous checkpoint.
final class FileCheckpoints: CheckpointStore {
    let folder: String
    init(folder: String) { self.folder = folder }

    func load(_ name: String) throws -> [UInt8]? {
        let path = (folder as NSString).appendingPathComponent(name)
        return FileManager.default.fileExists(atPath: path) ? try ImageFile.readBytes(path) : nil
    }

    func save(_ name: String, _ bytes: [UInt8]) throws {
        let path = (folder as NSString).appendingPathComponent(name)
        guard FileManager.default.createFile(atPath: path + ".tmp", contents: Data(bytes)) else { throw CaptureError.cannotWrite(path + ".tmp") }
        guard rename(path + ".tmp", path) == 0 else { throw CaptureError.cannotWrite(path) }
    }
}

/// The training log's file, appended to (or started afresh unless resuming).
final class LogFile {
    private let handle: FileHandle
    init(path: String, resume: Bool) throws {
        if !resume || !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: Data(TrainingLog.header.utf8)) else { throw CaptureError.cannotWrite(path) }
        }
        guard let h = FileHandle(forWritingAtPath: path) else { throw CaptureError.cannotWrite(path) }
        handle = h
        handle.seekToEndOfFile()
    }
    func append(_ line: String) { handle.write(Data(line.utf8)) }
}

/// A progress bar on standard error (a line every few percent when it is not a terminal).
struct Progress {
    let title: String
    let total: Int
    let started = Date()
    let startStep: Int
    var smoothed: Float?
    var lastPrinted = -1
    let tty = isatty(2) != 0

    init(title: String, total: Int, start: Int) {
        self.title = title
        self.total = total
        startStep = start
    }

    mutating func update(step: Int, loss: Float, detail: String) {
        smoothed = smoothed.map { 0.95 * $0 + 0.05 * loss } ?? loss
        let elapsed = Date().timeIntervalSince(started)
        let rate = Double(step - startStep) / max(elapsed, 1e-3)
        let eta = rate > 0 ? Double(total - step) / rate : 0
        let width = 30
        let filled = Int(Double(width) * Double(step) / Double(total))
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        let line = String(format: "%@ [%@] %d/%d loss %.4f %@ %.2f steps/s ETA %dm%02ds", title, bar, step, total, smoothed ?? loss, detail, rate, Int(eta) / 60, Int(eta) % 60)
        if tty {
            writeStandardError("\r" + line + "\u{1B}[K")
        } else if step * 50 / total != lastPrinted || step == total {
            lastPrinted = step * 50 / total
            printError(line)
        }
    }

    func note(_ text: String) {
        writeStandardError((tty ? "\n" : "") + text + "\n")
    }

    func finish() { if tty { writeStandardError("\n") } }
}

