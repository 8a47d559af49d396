import Foundation
import QuiddlerCapture
import QuiddlerNN
import QuiddlerReader
import QuiddlerSynthesis
import QuiddlerTraining

/// `quiddler train --finetune DIR`: starts from a trained model and trains it a little more on
/// real photos (the hands a player kept at the table) mixed with synthetic scenes, and says on a
/// held-back part of the photos whether it helped.
struct Finetune {
    let photos: String
    let base: String?
    let out: String
    /// Card scans for the synthetic scenes; nil: drawn cards only.
    let cards: String?
    let checkpoints: String
    let hyper: Hyperparameters
    /// File names to hold back for the before/after check; nil: every fifth photo.
    let holdout: [String]?
    let resume: Bool

    /// The share of training examples taken from the real photos.
    static let realShare: Float = 0.5
    /// Fine-tuning moves a trained model gently: this share of the training from scratch's rates.
    static let rateScale: Float = 0.2

    /// Which photos train and which are held back.
    static func split(_ photos: [PhotoLabels], holdout: [String]?) throws(AppError) -> (train: [PhotoLabels], held: [PhotoLabels]) {
        if let holdout {
            let names = Set(photos.map(\.name))
            for n in holdout where !names.contains(n) {
                throw .badOption(option: "--holdout", reason: "'\(n)' is not a photo of the folder's labels.json")
            }
            return (photos.filter { !holdout.contains($0.name) }, photos.filter { holdout.contains($0.name) })
        }
        guard photos.count >= 2 else { return (photos, []) }
        let held = photos.indices.filter { $0 % 5 == 4 || (photos.count < 5 && $0 == photos.count - 1) }
        return (photos.indices.filter { !held.contains($0) }.map { photos[$0] }, held.map { photos[$0] })
    }

    func run() throws {
        let set = try PhotoSet.load(folder: photos)
        let (train, held) = try Self.split(set.photos, holdout: holdout)
        guard !train.isEmpty else { throw AppError.badOption(option: "--finetune", reason: "no photos left to train on in \(photos)") }
        let baseReader = try ModelLoading.reader(folder: base)
        let heldSet = PhotoSet(folder: set.folder, labelPath: set.labelPath, photos: held)
        let before = held.isEmpty ? nil : try (hint: heldSet.evaluate(baseReader, hint: true), free: heldSet.evaluate(baseReader, hint: false))

        // The real examples: each photo's confirmed boxes, or the reader's with the hint when
        // a hand-labelled photo has none (its kinds still come from the labels).
        var real: [RealPhoto] = []
        let codec = JPEGCodec()
        for photo in train {
            let image = try set.image(photo, codec: codec)
            let confirmed: [IndexBox]
            if let boxes = photo.boxes {
                confirmed = boxes
            } else {
                let reads = try baseReader.read(image, hint: photo.cards.count)
                guard reads.count == photo.cards.count else {
                    printError("\(photo.name): the reader found \(reads.count) of its \(photo.cards.count) cards, so their boxes are unknown; left out")
                    continue
                }
                confirmed = reads.map(IndexBox.init)
            }
            let others = RealPhoto.unconfirmed(try baseReader.candidates(image), confirmed: confirmed)
            real.append(RealPhoto(image: image, cards: zip(photo.cards, confirmed).map { ($0, $1) }, others: others))
        }
        guard !real.isEmpty else { throw AppError.badOption(option: "--finetune", reason: "no photo in \(photos) has boxes to learn from") }
        printError("fine-tuning on \(real.count) photo\(real.count == 1 ? "" : "s") (\(real.reduce(0) { $0 + $1.labels.count }) cards) mixed with synthetic scenes; \(held.count) held back")

        let data = try TrainCommand.trainingData(cards: cards, real: real, realShare: Self.realShare)
        var hyper = self.hyper
        hyper.rateScale = Self.rateScale
        do { try FileManager.default.createDirectory(atPath: checkpoints, withIntermediateDirectories: true) } catch {
            throw AppError.cannotWrite(path: checkpoints, reason: "cannot create the folder; give another with --checkpoints")
        }
        let trainer = Trainer(hyper: hyper, data: data, store: FileCheckpoints(folder: checkpoints))
        let baseFolder = try ModelLoading.folder(base)
        for stage in [TrainingStage.classifier, .detector] {
            let file = ModelLoading.file(stage)
            let path = (baseFolder as NSString).appendingPathComponent(file)
            let (_, tensors) = try WeightFile.decode(try Resources.read(path, what: "model file"), file: path)
            var progress: Progress?
            let network = try trainer.train(stage, resume: resume, initial: Dictionary(tensors, uniquingKeysWith: { a, _ in a }),
                                            onResume: { printError("resuming \(stage.checkpointName) at step \($0)") },
                                            onStep: { r in
                if progress == nil { progress = Progress(title: "fine-tune \(stage.rawValue)", total: r.total, start: r.step - 1) }
                progress?.update(step: r.step, loss: r.loss, detail: "")
            })
            progress?.finish()
            try ModelLoading.export(network, to: out, name: file)
        }
        // The base model's metadata describes the same network; the new scores are below.
        let baseMeta = (baseFolder as NSString).appendingPathComponent("model.json")
        if let meta = FileManager.default.contents(atPath: baseMeta) { try AtomicFile.write(meta, to: (out as NSString).appendingPathComponent("model.json")) }

        print("fine-tuned model: \(out) (use it with --model \(out))")
        guard let before else {
            print("no photos held back, so no before/after check: keep more hands, or name some with --holdout")
            return
        }
        let tuned = try ModelLoading.reader(folder: out)
        let after = (hint: try heldSet.evaluate(tuned, hint: true), free: try heldSet.evaluate(tuned, hint: false))
        print("held back: \(held.map(\.name).joined(separator: ", "))")
        print(Self.line("before", before.free, before.hint))
        print(Self.line("after", after.free, after.hint))
    }

    static func line(_ title: String, _ free: EvaluationSummary, _ hint: EvaluationSummary) -> String {
        "  \(title.padding(toLength: 7, withPad: " ", startingAt: 0)) without the hint \(free.correct)/\(free.total) cards right, \(free.exact)/\(free.results.count) photos exact;"
            + " with it \(hint.correct)/\(hint.total), \(hint.exact)/\(hint.results.count) exact"
    }
}
