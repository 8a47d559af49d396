import QuiddlerGame
import QuiddlerReader

/// `model.json`, written beside the weights: what the networks expect, how they were trained and
/// how they scored. The reader checks the first three before it loads the weights.
public struct ModelMetadata: Codable, Equatable, Sendable {
    public struct Detector: Codable, Equatable, Sendable {
        public var file: String
        public var input: [Int]
        public var stride: Int
        public var outputs: [String]?
        public var lettersAtInput: [Int]?
        public var pyramid: String?
    }
    public struct Classifier: Codable, Equatable, Sendable {
        public var file: String
        public var input: [Int]
        public var cropSpanInIndexSizes: Float?
    }
    public struct Training: Codable, Equatable, Sendable {
        public var command: String
        public var seed: UInt64
        public var detectorSteps: Int
        public var classifierSteps: Int
        /// The detector's second run from its trained weights (absent in older models: none).
        public var refineSteps: Int?
        /// The classifier's second run on the detector's proposals (absent in older models: none).
        public var rereadSteps: Int?
        public var detectorBatch: Int
        public var classifierBatch: Int
        /// Kinds the training scenes drew more often, by weight (absent when none were).
        public var favoured: [String: Float]?
        public var data: String
    }
    public struct Synthetic: Codable, Equatable, Sendable {
        public var scenes: Int
        public var seed: UInt64
        public var hint: Bool
        public var cards: Int
        public var accuracy: Double
        public var byLayout: [String: Double]
        /// How the scenes were read (`CardReader.Pace`: still, as `quiddler eval` reads them; absent
        /// in older models, which were scored live).
        public var pace: String?
        public init(scenes: Int, seed: UInt64, hint: Bool, cards: Int, accuracy: Double, byLayout: [String: Double], pace: String? = nil) {
            (self.scenes, self.seed, self.hint, self.cards, self.accuracy, self.byLayout) = (scenes, seed, hint, cards, accuracy, byLayout)
            self.pace = pace
        }
    }
    public struct Photos: Codable, Equatable, Sendable {
        public var images: Int
        public var cards: Int
        public var accuracyWithHint: Double
        public var exactWithHint: Int
        public var accuracyWithoutHint: Double
        public var duplicatesWithoutHint: Int
        public init(images: Int, cards: Int, accuracyWithHint: Double, exactWithHint: Int, accuracyWithoutHint: Double, duplicatesWithoutHint: Int) {
            (self.images, self.cards, self.accuracyWithHint, self.exactWithHint) = (images, cards, accuracyWithHint, exactWithHint)
            (self.accuracyWithoutHint, self.duplicatesWithoutHint) = (accuracyWithoutHint, duplicatesWithoutHint)
        }
    }
    public struct Scores: Codable, Equatable, Sendable {
        public var syntheticValidation: Synthetic
        public var photos: Photos?
        public init(syntheticValidation: Synthetic, photos: Photos? = nil) {
            self.syntheticValidation = syntheticValidation
            self.photos = photos
        }
    }

    public var format: String?
    public var classes: [String]
    public var detector: Detector
    public var classifier: Classifier
    public var training: Training?
    public var scores: Scores?

    public static let detectorFile = "index-detector.qnn"
    public static let classifierFile = "card-classifier.qnn"
    /// The classes this quiddler's classifier has, in order.
    public static let classes = Card.all.map(\.name) + ["reject"]

    /// The metadata of this quiddler's networks, trained with `hyper`, before scores.
    public init(hyper: Hyperparameters) {
        format = "quiddler card reader, two stages"
        classes = Self.classes
        detector = Detector(file: Self.detectorFile, input: [3, DetectorModel.detectorHeight, DetectorModel.detectorWidth], stride: DetectorHead.stride,
                            outputs: DetectorHead.Channel.allCases.map(\.name), lettersAtInput: [5, 36],
                            pyramid: "finest level: 10 px letters at 6.5 px (a frame whose finest level would pass 1.5 million pixels: the frame halved, 5 px); each next level halves it")
        classifier = Classifier(file: Self.classifierFile, input: [1, DetectorModel.cropSide, DetectorModel.cropSide], cropSpanInIndexSizes: DetectorModel.cropSpan)
        let defaults = Hyperparameters()
        var command = "quiddler train --cards ../shared/cards --photos ../shared/photos"
        if hyper.detectorSteps != defaults.detectorSteps { command += " --steps \(hyper.detectorSteps)" }
        if hyper.classifierSteps != defaults.classifierSteps { command += " --classifier-steps \(hyper.classifierSteps)" }
        if hyper.refineSteps != defaults.refineSteps { command += " --refine-steps \(hyper.refineSteps)" }
        if hyper.rereadSteps != defaults.rereadSteps { command += " --reread-steps \(hyper.rereadSteps)" }
        if hyper.detectorBatch != defaults.detectorBatch { command += " --batch \(hyper.detectorBatch)" }
        if hyper.classifierBatch != defaults.classifierBatch { command += " --classifier-batch \(hyper.classifierBatch)" }
        if hyper.seed != defaults.seed { command += " --seed \(hyper.seed)" }
        if !hyper.favoured.isEmpty { command += " --favour " + Self.favourArgument(hyper.favoured) }
        training = Training(command: command, seed: hyper.seed, detectorSteps: hyper.detectorSteps, classifierSteps: hyper.classifierSteps,
                            refineSteps: hyper.refineSteps, rereadSteps: hyper.rereadSteps, detectorBatch: hyper.detectorBatch, classifierBatch: hyper.classifierBatch,
                            favoured: hyper.favoured.isEmpty ? nil : Dictionary(uniqueKeysWithValues: hyper.favoured.map { ($0.key.name, $0.value) }),
                            data: "synthetic scenes of six layouts (held fans, fans on the table, hand and discard, single cards, words laid down, deck piles), letters 5-36 px at the detector; 80% card scans, 20% drawn cards; \(Self.percent(TrainingData.classifierLighting.backlit)) of the classifier's scenes backlit and \(Self.percent(TrainingData.classifierLighting.overexposed)) overexposed (their white clipped), a fifth of its rejects the points and border curl under an index, three in twenty the edge or next index beside one; the detector's regressions taught at the peak cell's neighbours too; \(hyper.refineSteps > 0 ? "the detector then refined from its weights on fresh scenes at \(Hyperparameters.refineRateShare) of its peak rate; " : "")\(hyper.rereadSteps > 0 ? "the classifier then trained on from its weights at \(Hyperparameters.rereadRateShare) of its peak rate, half its crops where the trained detector proposes indices in scenes drawn as the validation's (labelled by the index there, or reject); " : "")photos only for validation")
    }

    /// A share as the model's description gives it: 0.15 as "15%".
    static func percent(_ share: Float) -> String { "\(Int((share * 100).rounded()))%" }

    /// `--favour`'s argument for these weights: `KIND=WEIGHT` pairs, comma-separated, in card order.
    public static func favourArgument(_ favoured: [Card: Float]) -> String {
        favoured.sorted { $0.key < $1.key }.map { "\($0.key.name)=\(number($0.value))" }.joined(separator: ",")
    }

    /// `--favour`'s argument read back: `KIND=WEIGHT` pairs, comma-separated, each weight above 0
    /// and at most `favourMost`, no kind twice.
    /// - Throws: `ModelMetadata.FavourError` naming the pair that cannot be read.
    public static func favoured(_ text: String) throws(FavourError) -> [Card: Float] {
        var out: [Card: Float] = [:]
        for pair in text.split(separator: ",", omittingEmptySubsequences: false) {
            let parts = pair.split(separator: "=", omittingEmptySubsequences: false)
            guard parts.count == 2, let card = Card(parts[0].filter { $0 != " " }),
                  let weight = Float(parts[1].filter { $0 != " " }), weight.isFinite, weight > 0, weight <= favourMost else {
                throw FavourError(pair: String(pair))
            }
            guard out[card] == nil else { throw FavourError(pair: String(pair)) }
            out[card] = weight
        }
        return out
    }
    /// A weight as written: 3 for 3.0, 2.5 as it is.
    static func number(_ v: Float) -> String { v == v.rounded() && abs(v) < 1e6 ? String(Int(v)) : String(v) }

    /// The most weight `--favour` gives a kind.
    public static let favourMost: Float = 10

    /// A `--favour` pair that cannot be read.
    public struct FavourError: Error, Equatable, CustomStringConvertible {
        public let pair: String
        public init(pair: String) { self.pair = pair }
        public var description: String {
            "--favour takes KIND=WEIGHT pairs, comma-separated (i=3,b=2), each kind once, a weight above 0 and at most \(ModelMetadata.number(ModelMetadata.favourMost)); cannot read '\(pair)'"
        }
    }

    /// Why this metadata does not describe networks this quiddler can read, or nil when it does.
    public var mismatch: String? {
        guard classes == Self.classes else { return "its classes are not the 31 card kinds and reject, in order" }
        guard detector.stride == DetectorHead.stride, detector.file == Self.detectorFile else {
            return "its detector (\(detector.file), stride \(detector.stride)) is not \(Self.detectorFile) at stride \(DetectorHead.stride)"
        }
        guard classifier.input == [1, DetectorModel.cropSide, DetectorModel.cropSide], classifier.file == Self.classifierFile else {
            return "its classifier input \(classifier.input) is not [1, \(DetectorModel.cropSide), \(DetectorModel.cropSide)]"
        }
        return nil
    }
}
