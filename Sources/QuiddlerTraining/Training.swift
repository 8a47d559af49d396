import QuiddlerImage
import QuiddlerReader
import QuiddlerSynthesis
import QuiddlerGame
import QuiddlerNN
import QuiddlerRandom
import QuiddlerPlatform

/// Settings of one training run.
public struct TrainingSettings: Sendable {
    public var steps: Int
    public var batch: Int
    public var peakRate: Float
    public var warmup: Int
    public var seed: UInt64

    public init(steps: Int, batch: Int, peakRate: Float, warmup: Int, seed: UInt64) {
        (self.steps, self.batch, self.peakRate, self.warmup, self.seed) = (steps, batch, peakRate, warmup, seed)
    }
}

/// A network being trained, with its optimizer and step: everything a checkpoint holds.
public final class TrainingRun {
    public let network: Network
    public var optimizer: AdamW
    public private(set) var step = 0
    public let settings: TrainingSettings
    public let schedule: LearningRateSchedule

    public init(network: Network, settings: TrainingSettings) {
        self.network = network
        self.settings = settings
        optimizer = AdamW(weightDecay: 1e-4, clipNorm: 10)
        schedule = LearningRateSchedule(peak: settings.peakRate, warmup: settings.warmup, total: settings.steps)
    }

    /// One optimizer step from a loss gradient already in the network.
    func apply() {
        optimizer.update(network.parameters, learningRate: schedule.rate(at: step))
        step += 1
    }

    /// A generator for the data of step `step`, item `item`: the same whenever a run is resumed.
    static func rng(seed: UInt64, step: Int, item: Int) -> SeededGenerator {
        SeededGenerator(seed: seed &* 0x9E37_79B9 &+ UInt64(step) &* 1_000_003 &+ UInt64(item))
    }

    /// Tensors for a checkpoint: weights, optimizer state, step.
    public var checkpointTensors: [(String, Tensor)] {
        let names = network.parameters.map(\.name)
        // The dropout generator's 256 bits as sixteen 16-bit pieces, each exact in a Float.
        var pieces: [Float] = []
        for word in network.dropoutState { for k in 0..<4 { pieces.append(Float((word >> UInt64(16 * k)) & 0xFFFF)) } }
        return network.namedTensors + optimizer.state(names: names)
            + [("run.step", Tensor(shape: [1], data: [Float(step)])), ("run.dropoutRNG", Tensor(shape: [16], data: pieces))]
    }

    /// Restores a checkpoint written from `checkpointTensors`.
    /// - Throws: `NNError.shapeMismatch` when it belongs to another network.
    public func restore(_ tensors: [String: Tensor]) throws(NNError) {
        try network.load(tensors)
        optimizer.restore(tensors, names: network.parameters.map(\.name))
        step = Int(tensors["run.step"]?.data.first ?? 0)
        if let pieces = tensors["run.dropoutRNG"]?.data, pieces.count == 16 {
            var words: [UInt64] = []
            for w in 0..<4 {
                var word: UInt64 = 0
                for k in 0..<4 { word |= UInt64(pieces[4 * w + k]) << UInt64(16 * k) }
                words.append(word)
            }
            network.dropoutState = words
        }
    }
}

/// The index candidates a trained detector proposes in a frame, made on lane `lane` (each worker
/// making data has a lane, with networks of its own): where the classifier's second run
/// (`TrainingStage.reread`) takes half its crops.
public typealias ProposalSource = @Sendable (_ frame: RGBImage, _ lane: Int) -> [IndexCandidate]

/// Makes training data for both stages from scene generators: scans for most scenes, drawn
/// cards for the rest, so the model also reads the drawn cards of the demo and tests.
public struct TrainingData: Sendable {
    public let generators: [(SceneGenerator, weight: Float)]
    /// A trained detector's proposals, for the classifier's second run.
    public var proposals: ProposalSource?
    /// The lighting each network's scenes are drawn in (`detectorLighting`, `classifierLighting`).
    public var detectorSceneLighting = TrainingData.detectorLighting
    public var classifierSceneLighting = TrainingData.classifierLighting
    /// Applied to every rendered frame, e.g. JPEG compression (lives outside this pure module).
    public let postProcess: @Sendable (inout RGBImage, inout SeededGenerator) -> Void

    /// Real photos to mix in (fine-tuning), and the share of examples taken from them.
    public let real: [RealPhoto]
    public let realShare: Float

    public init(generators: [(SceneGenerator, weight: Float)], postProcess: @escaping @Sendable (inout RGBImage, inout SeededGenerator) -> Void,
                real: [RealPhoto] = [], realShare: Float = 0) {
        self.generators = generators
        self.postProcess = postProcess
        self.real = real.filter { !$0.labels.isEmpty }
        self.realShare = realShare
    }

    /// A real photo for this example, drawn with probability `realShare` (nothing is drawn from
    /// `rng` without real photos or with a share of 0, so synthetic training stays as it was).
    private func pickReal(_ rng: inout SeededGenerator) -> RealPhoto? {
        guard !real.isEmpty, realShare > 0, rng.nextFloat() < realShare else { return nil }
        return real[Int(rng.next() % UInt64(real.count))]
    }

    private func pick(_ rng: inout SeededGenerator) -> SceneGenerator {
        let total = generators.reduce(0) { $0 + $1.weight }
        var r = rng.nextFloat() * total
        for (g, w) in generators { r -= w; if r < 0 { return g } }
        return generators[generators.count - 1].0
    }

    /// A training scene: `request` in `lighting`, drawn by one of the generators (picked by their
    /// weights), then post-processed.
    func scene(_ request: SceneGenerator.Request = SceneGenerator.Request(), width: Int, height: Int, lighting: Lighting,
               rng: inout SeededGenerator) -> Scene {
        var request = request
        lighting.apply(to: &request)
        var scene = pick(&rng).render(request, width: width, height: height, rng: &rng)
        postProcess(&scene.image, &rng)
        return scene
    }

    /// One detector example: the planar input (3, 240, 320) and its targets. Letters are 5 to 36
    /// pixels tall at this size: the band each level of the reader's pyramid looks for.
    public func detectorExample(rng: inout SeededGenerator) -> ([Float], DetectorHead.Targets) {
        let w = DetectorModel.detectorWidth, h = DetectorModel.detectorHeight
        if let photo = pickReal(&rng) {
            var (view, labels) = photo.detectorView(rng: &rng)
            postProcess(&view, &rng)
            var input: [Float] = []
            _ = CardReader.detectorInput(view, into: &input)
            return (input, DetectorHead.Targets(labels: labels, inputWidth: w, inputHeight: h))
        }
        let scene = self.scene(width: w, height: h, lighting: detectorSceneLighting, rng: &rng)
        var input: [Float] = []
        _ = CardReader.detectorInput(scene.image, into: &input)
        return (input, DetectorHead.Targets(labels: scene.indices, inputWidth: w, inputHeight: h))
    }

    /// Classifier examples from one 640×480 scene: jittered crops of visible indices and as many
    /// crops of other things (background, card art, borders, the big centre letters).
    public func classifierExamples(rng: inout SeededGenerator, perScene: Int = 16) -> [([Float], Int)] {
        if let photo = pickReal(&rng) { return photo.classifierExamples(rng: &rng, count: perScene) }
        let scene = self.scene(width: 640, height: 480, lighting: classifierSceneLighting, rng: &rng)
        var out: [([Float], Int)] = []
        var crop = [Float](repeating: 0, count: DetectorModel.cropSide * DetectorModel.cropSide)
        let visible = scene.indices.filter { $0.visibility == .visible }.shuffled(using: &rng)
        for l in visible.prefix(perScene / 2) {
            // As far off as the detector can be on real photos, so its errors do not turn into rejects.
            let jitter = Point(l.center.x + rng.normal() * 0.16 * l.size, l.center.y + rng.normal() * 0.16 * l.size)
            let angle = l.angle + rng.normal() * 0.12
            let size = l.size * expf(rng.normal() * 0.15)
            CardReader.classifierCrop(scene.image, center: jitter, angle: angle, size: size, into: &crop)
            out.append((crop, l.card.index))
        }
        var negatives = 0, tries = 0
        while negatives < max(perScene - out.count, perScene / 2) && tries < 50 {
            tries += 1
            let (center, angle, size) = negativeSpot(scene, rng: &rng)
            let tooClose = scene.indices.contains { hypotf($0.center.x - center.x, $0.center.y - center.y) < 0.7 * $0.size }
            guard !tooClose else { continue }
            CardReader.classifierCrop(scene.image, center: center, angle: angle, size: size, into: &crop)
            out.append((crop, DetectorModel.rejectClass))
            negatives += 1
        }
        return out
    }

    /// Classifier examples where a trained detector proposes indices in a scene drawn as the
    /// reader meets them (`proposalScene`), at most `count`: each crop as the reader takes it
    /// (the detector's centre, size and angle), labelled with the kind of the index it sits on,
    /// or reject where no index is. None without `proposals`.
    public func proposalExamples(rng: inout SeededGenerator, lane: Int, count: Int = 16) -> [([Float], Int)] {
        guard let proposals else { return [] }
        let (request, width, height) = Self.proposalScene(rng: &rng)
        let scene = self.scene(request, width: width, height: height, lighting: classifierSceneLighting, rng: &rng)
        var out: [([Float], Int)] = []
        var crop = [Float](repeating: 0, count: DetectorModel.cropSide * DetectorModel.cropSide)
        for c in proposals(scene.image, lane).shuffled(using: &rng) where out.count < count {
            guard let (angle, label) = Self.proposalLabel(c, in: scene) else { continue }
            CardReader.classifierCrop(scene.image, center: c.center, angle: angle, size: c.size, into: &crop)
            out.append((crop, label))
        }
        return out
    }

    /// What a crop at a proposal should read, and at which angle: the kind of the index it sits on
    /// (`Evaluation.label`), at the detector's angle or half a turn from it (the reader reads both
    /// ways), when that index shows whole and the box is near its angle and size; reject where no
    /// index is within 1.2 letters. Nil for the doubtful rest (a half-hidden index, a box at a
    /// slant or of a quite different size), which teach nothing sure.
    public static func proposalLabel(_ c: IndexCandidate, in scene: Scene) -> (angle: Float, label: Int)? {
        guard let l = Evaluation.label(at: c.center, in: scene) else {
            let near = scene.indices.contains { hypotf($0.center.x - c.center.x, $0.center.y - c.center.y) < 1.2 * max($0.size, c.size) }
            return near ? nil : (c.angle, DetectorModel.rejectClass)
        }
        guard Evaluation.mustBeRead(l, in: scene), (0.6...1.7).contains(c.size / l.size) else { return nil }
        let turn = abs(normalizedAngle(c.angle - l.angle))
        if turn < proposalSlant { return (c.angle, l.card.index) }
        if turn > .pi - proposalSlant { return (normalizedAngle(c.angle + .pi), l.card.index) }
        return nil
    }

    /// How far a proposal's angle may be off its index's (or off half a turn from it) for its crop to teach the kind.
    static let proposalSlant: Float = 0.6

    /// The frames proposals are read in, with how often each is drawn: the validation's sizes
    /// but the phone sizes, whose pyramids cost more than the crops they give are worth.
    static let proposalFrames: [(width: Int, height: Int, weight: Float)] = [(320, 240, 0.2), (640, 480, 0.55), (1280, 960, 0.25)]

    /// A scene as the reader meets them: any layout, a frame of `proposalFrames`, letters drawn
    /// log-uniformly from 10 pixels to the most that fits the frame, legible (as the validation's).
    public static func proposalScene(rng: inout SeededGenerator) -> (SceneGenerator.Request, width: Int, height: Int) {
        let layouts = SceneGenerator.Layout.allCases
        var request = SceneGenerator.Request(layout: layouts[Int(rng.next() % UInt64(layouts.count))])
        let frame = Evaluation.legibleFrame(&request, frames: proposalFrames, rng: &rng)
        return (request, frame.width, frame.height)
    }

    /// A spot just under an index, in its own frame: the card's points (a digit or two about half
    /// a letter tall, 1.5 letters below the letters' centre, under their left edge) or the curl of
    /// the border below them, which a detector proposes now and then and which read as letters
    /// (10 as O, 3 as E, 8 as S) unless the classifier learns to reject them.
    public static func underIndex(_ index: IndexLabel, rng: inout SeededGenerator) -> (center: Point, angle: Float, size: Float) {
        let letters = Float(index.card.name.count)
        // Letter heights from the letters' centre: right along the baseline, down across it.
        let along = -0.27 * letters + rng.normal() * 0.12
        let down = (rng.nextFloat() < 0.7 ? 1.5 : 2.1) + rng.normal() * 0.12
        return (index.offset(along: along, down: down), index.angle + rng.normal() * 0.15, index.size * rng.uniform(0.45...1.1))
    }

    /// A spot beside an index along its baseline, a fifth to four fifths of a letter past its last
    /// (or before its first) letter: part of a letter and the card's edge, or the next card's index
    /// in a word laid down or a pile. Detectors propose such spots now and then, and they read as
    /// the letter in view (an E's stem, or an edge, as I) unless the classifier learns to reject them.
    public static func besideIndex(_ index: IndexLabel, rng: inout SeededGenerator) -> (center: Point, angle: Float, size: Float) {
        let halfWidth = 0.4 * Float(index.card.name.count)
        let along = (rng.nextFloat() < 0.5 ? -1 : 1) * (halfWidth + rng.uniform(0.2...0.8))
        let down = rng.normal() * 0.15
        return (index.offset(along: along, down: down), index.angle + rng.normal() * 0.12, index.size * expf(rng.normal() * 0.15))
    }

    /// The lighting a network's training scenes are drawn in: the shares of them backlit and
    /// overexposed (`SceneGenerator.Request.backlitChance`, `.overexposedChance`).
    public struct Lighting: Equatable, Sendable {
        public let backlit: Float
        public let overexposed: Float

        public init(backlit: Float, overexposed: Float) { (self.backlit, self.overexposed) = (backlit, overexposed) }

        /// Sets the request's shares.
        public func apply(to request: inout SceneGenerator.Request) {
            request.backlitChance = backlit
            request.overexposedChance = overexposed
        }
    }

    /// The classifier's scenes. Backlit (cards in shade before a bright ceiling or window): the
    /// crops are normalised, but a background brighter than the card changes how an index looks
    /// after normalisation, and hands held up to a webcam are often seen that way. Overexposed,
    /// their white clipped: what clipping washes out (an A's thin strokes, an I's serifs)
    /// normalisation does not bring back, and a webcam metering a dark table or a lamp-lit card
    /// takes them so.
    public static let classifierLighting = Lighting(backlit: 0.3, overexposed: 0.15)

    /// The detector's scenes: lit as the generator draws them, none backlit or overexposed. (Taught
    /// 10% of each, it read backlit scenes far better and the plain ones a little worse: the
    /// README's experiment, not shipped.)
    public static let detectorLighting = Lighting(backlit: 0, overexposed: 0)

    private func negativeSpot(_ scene: Scene, rng: inout SeededGenerator) -> (Point, Float, Float) {
        let size = expf(rng.uniform(logf(10)...logf(72)))
        let r = rng.nextFloat()
        if r < 0.25 || scene.cards.isEmpty {
            return (Point(rng.uniform(0...640), rng.uniform(0...480)), rng.uniform(-.pi ... .pi), size)
        }
        if r < 0.45, let index = scene.indices.randomElement(using: &rng) {
            return Self.underIndex(index, rng: &rng)
        }
        if r < 0.6, let index = scene.indices.randomElement(using: &rng) {
            return Self.besideIndex(index, rng: &rng)
        }
        let card = scene.cards[Int(rng.next() % UInt64(scene.cards.count))]
        if r < 0.7 {
            // The big centre letter, upright like an index.
            let c = Point(card.center.x + rng.normal() * card.height * 0.05, card.center.y + rng.normal() * card.height * 0.05)
            return (c, card.angle + rng.normal() * 0.1, card.height * rng.uniform(0.15...0.35))
        }
        // Somewhere else on the card: borders, points, art.
        let u = rng.uniform(-0.45...0.45) * card.height * 0.66, v = rng.uniform(-0.45...0.45) * card.height
        let c = Point(card.center.x + u * cosf(card.angle) - v * sinf(card.angle), card.center.y + u * sinf(card.angle) + v * cosf(card.angle))
        return (c, card.angle + (rng.nextFloat() < 0.5 ? 0 : .pi) + rng.normal() * 0.2, card.height * 0.1 * rng.uniform(0.7...1.4))
    }
}

extension IndexLabel {
    /// The point `along` letters' heights from the letters' centre along the baseline (to the
    /// right as the index reads) and `down` across it, in frame pixels.
    func offset(along: Float, down: Float) -> Point {
        let (c, s) = (cosf(angle), sinf(angle))
        return Point(center.x + (along * c - down * s) * size, center.y + (along * s + down * c) * size)
    }
}

/// The losses of one detector step.
public struct DetectorLoss: Sendable {
    public var heat: Float = 0
    public var regression: Float = 0
    public var total: Float { heat + regression }
}

/// One batch of detector data: inputs (N, 3, 240, 320) and targets.
public struct DetectorBatch: Sendable {
    public let inputs: [Float]
    public let targets: [DetectorHead.Targets]
}

/// One batch of classifier data: crops (N, 1, 32, 32) and labels.
public struct ClassifierBatch: Sendable {
    public let inputs: [Float]
    public let labels: [Int]
}

extension TrainingData {
    /// The detector batch of a step: a pure function of the seed and the step, so it can be made
    /// ahead on another thread and is the same when a run resumes. `parallel` makes its items
    /// (each from a generator of its own) side by side; the batch is the same either way.
    public func detectorBatch(seed: UInt64, step: Int, size n: Int, parallel: Parallel = .serial) -> DetectorBatch {
        let examples = parallel.map(0..<n) { i in
            var r = TrainingRun.rng(seed: seed, step: step, item: i)
            return detectorExample(rng: &r)
        }
        return DetectorBatch(inputs: examples.flatMap(\.0), targets: examples.map(\.1))
    }

    /// The classifier batch of a step: the examples of items 0, 1, 2… in turn, until there are
    /// `size`. With `parallel`, items are made a few at a time side by side (those past the last
    /// one needed are dropped), so the batch is the same either way. With `proposals`, each item
    /// adds the examples of a second scene where the detector proposes indices (on the lane of
    /// its place in the wave, so no two items of a wave share a lane).
    public func classifierBatch(seed: UInt64, step: Int, size n: Int, parallel: Parallel = .serial, proposals: Bool = false) -> ClassifierBatch {
        var inputs: [Float] = []
        var labels: [Int] = []
        var item = 0
        while labels.count < n {
            let wave = parallel.map(item..<(item + parallel.workers)) { i in
                var r = TrainingRun.rng(seed: seed, step: step, item: i)
                let examples = classifierExamples(rng: &r)
                return proposals ? examples + proposalExamples(rng: &r, lane: i % parallel.workers) : examples
            }
            item += parallel.workers
            for examples in wave {
                for (x, y) in examples where labels.count < n {
                    inputs += x
                    labels.append(y)
                }
            }
        }
        return ClassifierBatch(inputs: inputs, labels: labels)
    }
}

extension TrainingRun {
    /// One detector step.
    public func detectorStep(_ batch: DetectorBatch) throws(NNError) -> DetectorLoss {
        let out = try network.forward(batch.inputs, batch: batch.targets.count, height: DetectorModel.detectorHeight,
                                      width: DetectorModel.detectorWidth, training: true)
        let (loss, grad) = DetectorLossFunction.evaluate(output: out, targets: batch.targets)
        network.zeroGrad()
        network.backward(grad)
        apply()
        return loss
    }

    /// One classifier step.
    public func classifierStep(_ batch: ClassifierBatch) throws(NNError) -> Float {
        let side = DetectorModel.cropSide
        let logits = try network.forward(batch.inputs, batch: batch.labels.count, height: side, width: side, training: true)
        let (loss, grad) = Loss.softmaxCrossEntropy(logits: logits, labels: batch.labels, classes: DetectorModel.classCount, smoothing: 0.05)
        network.zeroGrad()
        network.backward(grad)
        apply()
        return loss
    }
}

/// The detector's loss over a batch: focal loss on the heatmap, smooth-L1 on the regressions at
/// index centres, each normalised by the batch's number of indices.
public enum DetectorLossFunction {
    public static func evaluate(output: [Float], targets: [DetectorHead.Targets]) -> (DetectorLoss, [Float]) {
        let n = targets.count
        guard let first = targets.first else { return (DetectorLoss(), []) }
        let plane = first.gridWidth * first.gridHeight
        let per = DetectorHead.channels * plane, r = DetectorHead.regressionChannels
        var grad = [Float](repeating: 0, count: output.count)
        var heatLogits: [Float] = [], heat: [Float] = [], weight: [Float] = []
        var pred: [Float] = [], target: [Float] = [], rweight: [Float] = []
        var objects: Float = 0
        for (b, t) in targets.enumerated() {
            heatLogits += output[(b * per)..<(b * per + plane)]
            heat += t.heat
            weight += t.heatWeight
            pred += output[(b * per + plane)..<(b * per + per)]
            target += t.regression
            rweight += t.regressionWeight
            objects += Float(t.count)
        }
        let (heatLoss, heatGrad) = Loss.focal(logits: heatLogits, target: heat, weight: weight)
        let (regLoss, regGrad) = Loss.regression(prediction: pred, target: target, weight: rweight, smoothBeta: 0.1, normalizer: objects)
        for b in 0..<n {
            for i in 0..<plane { grad[b * per + i] = heatGrad[b * plane + i] }
            for i in 0..<(r * plane) { grad[b * per + plane + i] = regGrad[b * r * plane + i] }
        }
        return (DetectorLoss(heat: heatLoss, regression: regLoss), grad)
    }
}
