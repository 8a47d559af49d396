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

/// `quiddler train`: trains the card reader on synthetic scenes.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train the card reader (crop classifier, then index detector) on synthetic scenes.",
        discussion: "Checkpoints go to --checkpoints every few dozen steps; --resume continues from them. The finished model is written to --out.")

    @Option(help: "Folder of card scans (a.png … th.png).") var cards: String
    @Option(parsing: .unconditional, help: "Detector training steps.") var steps = 7000
    @Option(parsing: .unconditional, help: "Classifier training steps.") var classifierSteps = 3000
    @Option(parsing: .unconditional, help: "Detector batch size.") var batch = 8
    @Option(parsing: .unconditional, help: "Classifier batch size.") var classifierBatch = 96
    @Option(parsing: .unconditional, help: "Seed for initial weights and data.") var seed: UInt64 = 7
    @Option(help: "Where checkpoints and the CSV log go.") var checkpoints = ".train"
    @Option(help: "Where the finished model goes.") var out = "Assets"
    @Option(help: "Real photos with labels.json, for validation along the way.") var photos: String?
    @Option(parsing: .unconditional, help: "Validate every this many detector steps.") var validateEvery = 500
    @Option(help: "Which stage: all, classifier, detector, or score (only re-score the model in --out and rewrite its model.json).") var stage = "all"
    @Flag(help: "Continue from the checkpoints.") var resume = false

    func validate() throws {
        guard ["all", "classifier", "detector", "score"].contains(stage) else { throw ValidationError("--stage must be all, classifier, detector or score, got '\(stage)'") }
        guard steps > 0, classifierSteps > 0, batch > 0, classifierBatch > 0 else { throw ValidationError("steps and batch sizes must be positive") }
        guard validateEvery > 0 else { throw ValidationError("--validate-every must be at least 1, got \(validateEvery)") }
        guard batch <= 256, classifierBatch <= 4096 else { throw ValidationError("--batch must be at most 256 and --classifier-batch at most 4096") }
    }

    func run() throws {
        BLAS.setThreads(2)
        if stage == "score" { return try writeMetadata() }
        try FileManager.default.createDirectory(atPath: checkpoints, withIntermediateDirectories: true)
        let scans = try CardLoading.art(cards: cards)
        let drawn = try CardLoading.art(cards: nil)
        let jpeg = JPEGArtefacts()
        let data = TrainingData(
            generators: [(SceneGenerator(art: scans), 0.8), (SceneGenerator(art: drawn), 0.2)],
            postProcess: { img, rng in jpeg.apply(&img, rng: &rng) })
        let log = try TrainingLog(path: (checkpoints as NSString).appendingPathComponent("train-log.csv"), resume: resume)

        if stage != "detector" {
            let run = try makeRun(spec: try DetectorModel.classifier(), height: DetectorModel.cropSide, width: DetectorModel.cropSide,
                                  settings: TrainingSettings(steps: classifierSteps, batch: classifierBatch, peakRate: 3e-3, warmup: 100, seed: seed),
                                  checkpoint: "classifier.ckpt")
            var progress = Progress(title: "classifier", total: classifierSteps, start: run.step)
            let prefetch = Prefetcher { step in data.classifierBatch(seed: run.settings.seed, step: step, size: classifierBatch) }
            while run.step < classifierSteps {
                let loss = try run.classifierStep(prefetch.take(step: run.step, next: run.step + 1 < classifierSteps))
                progress.update(step: run.step, loss: loss, detail: "")
                log.write(stage: "classifier", step: run.step, loss: loss, parts: [], rate: run.schedule.rate(at: run.step))
                if run.step % 100 == 0 || run.step == classifierSteps { try save(run, "classifier.ckpt") }
            }
            progress.finish()
            try export(run.network, name: "card-classifier.qnn")
        }
        if stage != "classifier" {
            let run = try makeRun(spec: try DetectorModel.detector(), height: DetectorModel.detectorHeight, width: DetectorModel.detectorWidth,
                                  settings: TrainingSettings(steps: steps, batch: batch, peakRate: 2e-3, warmup: 200, seed: seed &+ 1),
                                  checkpoint: "detector.ckpt")
            if run.step == 0 { DetectorModel.initializeDetectorHead(run.network) }
            var progress = Progress(title: "detector", total: steps, start: run.step)
            let prefetch = Prefetcher { step in data.detectorBatch(seed: run.settings.seed, step: step, size: batch) }
            while run.step < steps {
                let loss = try run.detectorStep(prefetch.take(step: run.step, next: run.step + 1 < steps))
                progress.update(step: run.step, loss: loss.total, detail: String(format: "heat %.3f reg %.3f", loss.heat, loss.regression))
                log.write(stage: "detector", step: run.step, loss: loss.total, parts: [loss.heat, loss.regression], rate: run.schedule.rate(at: run.step))
                if run.step % 50 == 0 || run.step == steps { try save(run, "detector.ckpt") }
                if run.step % validateEvery == 0 || run.step == steps {
                    try export(run.network, name: "index-detector.qnn")
                    progress.note(try validationLine())
                }
            }
            progress.finish()
            try export(run.network, name: "index-detector.qnn")
        }
        print(log.plot())
        // After one stage, the other network must already be in --out for the scores.
        if stage == "all" || (try? ModelLoading.reader(folder: out)) != nil { try writeMetadata() }
    }

    /// Scores the finished model and writes `model.json` beside it.
    private func writeMetadata() throws {
        let reader = try ModelLoading.reader(folder: out)
        let generator = SceneGenerator(art: try CardLoading.art(cards: cards))
        let jpeg = JPEGArtefacts()
        let synthetic = Evaluation.synthetic(reader: reader, generator: generator, scenes: 200, seed: 4242,
                                             postProcess: { img, rng in jpeg.apply(&img, rng: &rng) })
        var scores: [String: Any] = ["syntheticValidation": ["scenes": 200, "seed": 4242, "hint": false, "cards": synthetic.total, "accuracy": synthetic.accuracy,
                                                              "byLayout": Dictionary(uniqueKeysWithValues: synthetic.byLayout.map { ($0.layout.rawValue, Double($0.correct) / Double(max(1, $0.total))) })]]
        if let photos, let set = try? PhotoSet.load(folder: photos) {
            let hinted = Evaluation.photos(reader: reader, set: set, hint: true)
            let free = Evaluation.photos(reader: reader, set: set, hint: false)
            scores["photos"] = ["images": set.count, "cards": hinted.total, "accuracyWithHint": hinted.accuracy,
                                "exactWithHint": hinted.exact, "accuracyWithoutHint": free.accuracy, "duplicatesWithoutHint": free.duplicates]
        }
        let meta: [String: Any] = [
            "format": "quiddler card reader, two stages",
            "classes": Card.all.map(\.name) + ["reject"],
            "detector": ["file": ModelLoading.detectorFile, "input": [3, DetectorModel.detectorHeight, DetectorModel.detectorWidth],
                         "stride": DetectorHead.stride, "outputs": DetectorHead.Channel.allCases.map(\.name),
                         "lettersAtInput": [5, 36], "pyramid": "finest level: 10 px letters at 6.5 px; each next level halves it"],
            "classifier": ["file": ModelLoading.classifierFile, "input": [1, DetectorModel.cropSide, DetectorModel.cropSide],
                           "cropSpanInIndexSizes": DetectorModel.cropSpan],
            "training": ["command": "quiddler train --cards ../shared/cards --photos ../shared/photos" + (steps != 7000 ? " --steps \(steps)" : "")
                            + (classifierSteps != 3000 ? " --classifier-steps \(classifierSteps)" : "") + (seed != 7 ? " --seed \(seed)" : ""),
                         "seed": seed, "detectorSteps": steps, "classifierSteps": classifierSteps,
                         "detectorBatch": batch, "classifierBatch": classifierBatch, "data": "synthetic scenes of six layouts (held fans, fans on the table, hand and discard, single cards, words laid down, deck piles), letters 5-36 px at the detector; 80% card scans, 20% drawn cards; 30% of the classifier's scenes backlit; photos only for validation"],
            "scores": scores,
        ]
        let data = try JSONSerialization.data(withJSONObject: meta, options: [.prettyPrinted, .sortedKeys])
        let path = (out as NSString).appendingPathComponent("model.json")
        guard FileManager.default.createFile(atPath: path, contents: data) else { throw CaptureError.cannotWrite(path) }
        print("wrote \(path): synthetic \(String(format: "%.2f", 100 * synthetic.accuracy))% of \(synthetic.total) cards")
    }

    private func makeRun(spec: NetworkSpec, height: Int, width: Int, settings: TrainingSettings, checkpoint: String) throws -> TrainingRun {
        let run = TrainingRun(network: try Network(spec: spec, height: height, width: width, seed: settings.seed), settings: settings)
        let path = (checkpoints as NSString).appendingPathComponent(checkpoint)
        if resume, FileManager.default.fileExists(atPath: path) {
            let (_, tensors) = try WeightFile.decode(try ImageFile.readBytes(path), file: path)
            try run.restore(Dictionary(tensors, uniquingKeysWith: { a, _ in a }))
            printError("resuming \(checkpoint) at step \(run.step)")
        }
        return run
    }

    private func save(_ run: TrainingRun, _ name: String) throws {
        let path = (checkpoints as NSString).appendingPathComponent(name)
        let bytes = WeightFile.encode(spec: run.network.spec, tensors: run.checkpointTensors)
        FileManager.default.createFile(atPath: path + ".tmp", contents: Data(bytes))
        _ = try? FileManager.default.removeItem(atPath: path)
        try FileManager.default.moveItem(atPath: path + ".tmp", toPath: path)
    }

    private func export(_ network: Network, name: String) throws {
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let bytes = WeightFile.encode(spec: network.spec, tensors: network.namedTensors, storage: .float16)
        let path = (out as NSString).appendingPathComponent(name)
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else { throw CaptureError.cannotWrite(path) }
    }

    /// Scores the exported model on the synthetic validation set (and the photos, if given).
    private func validationLine() throws -> String {
        guard let reader = try? ModelLoading.reader(folder: out) else { return "validation: no classifier yet" }
        let generator = SceneGenerator(art: try CardLoading.art(cards: cards))
        let synthetic = Evaluation.synthetic(reader: reader, generator: generator, scenes: 40, seed: 4242)
        var line = String(format: "validation: synthetic %.1f%% of %d cards", 100 * synthetic.accuracy, synthetic.total)
        if let photos, let set = try? PhotoSet.load(folder: photos) {
            let r = Evaluation.photos(reader: reader, set: set, hint: true)
            line += String(format: ", photos with hint %.1f%% of %d", 100 * r.accuracy, r.total)
        }
        return line
    }
}

/// Makes the next batch on a background thread while the current one trains, so scene rendering
/// (single-threaded) overlaps the network's work.
final class Prefetcher<Batch>: @unchecked Sendable {
    private let make: (Int) -> Batch
    private let queue = DispatchQueue(label: "quiddler.prefetch")
    private var pending: (step: Int, group: DispatchGroup)?
    private var ready: Batch?

    init(make: @escaping (Int) -> Batch) { self.make = make }

    /// The batch of `step` (made now unless it was made ahead), starting on `step + 1` if `next`.
    func take(step: Int, next: Bool) -> Batch {
        var batch: Batch
        if let p = pending, p.step == step {
            p.group.wait()
            batch = ready ?? make(step)
        } else {
            pending?.group.wait()
            batch = make(step)
        }
        pending = nil
        if next {
            let group = DispatchGroup()
            pending = (step + 1, group)
            queue.async(group: group) { self.ready = self.make(step + 1) }
        }
        return batch
    }
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

/// The CSV log of a training run, and a loss plot drawn from it in text.
final class TrainingLog {
    let path: String
    private let handle: FileHandle
    private var losses: [String: [Float]] = [:]

    init(path: String, resume: Bool) throws {
        self.path = path
        if !resume || !FileManager.default.fileExists(atPath: path) {
            FileManager.default.createFile(atPath: path, contents: Data("stage,step,loss,heat,regression,learning_rate,time\n".utf8))
        }
        guard let h = FileHandle(forWritingAtPath: path) else { throw CaptureError.cannotWrite(path) }
        handle = h
        handle.seekToEndOfFile()
    }

    func write(stage: String, step: Int, loss: Float, parts: [Float], rate: Float) {
        losses[stage, default: []].append(loss)
        let p = parts.map { String(format: "%.5f", $0) } + Array(repeating: "", count: max(0, 2 - parts.count))
        let line = "\(stage),\(step),\(String(format: "%.5f", loss)),\(p.joined(separator: ",")),\(String(format: "%.6f", rate)),\(Int(Date().timeIntervalSince1970))\n"
        handle.write(Data(line.utf8))
    }

    /// A small text chart of each stage's loss, smoothed, on a log scale.
    func plot(height: Int = 8, width: Int = 60) -> String {
        var out: [String] = []
        for (stage, values) in losses.sorted(by: { $0.key < $1.key }) where values.count > 1 {
            let buckets = min(width, values.count)
            let per = values.count / buckets
            let means = (0..<buckets).map { b in values[(b * per)..<min(values.count, (b + 1) * per)].reduce(0, +) / Float(per) }
            let logs = means.map { log10(max($0, 1e-6)) }
            let lo = logs.min()!, hi = max(logs.max()!, lo + 1e-6)
            out.append("\(stage) loss, \(values.count) steps (log scale, \(String(format: "%.3g", means.max()!)) → \(String(format: "%.3g", means.last!)))")
            for row in (0..<height).reversed() {
                let line = logs.map { v -> Character in Int((v - lo) / (hi - lo) * Float(height - 1) + 0.5) == row ? "*" : " " }
                out.append("  |" + String(line))
            }
            out.append("  +" + String(repeating: "-", count: buckets))
        }
        return out.joined(separator: "\n")
    }
}
