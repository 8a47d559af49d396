import ArgumentParser
import Foundation
import QuiddlerCapture
import QuiddlerGame
import QuiddlerRandom
import QuiddlerImage
import QuiddlerReader
import QuiddlerSynthesis
import QuiddlerTraining

/// `quiddler eval`: scores the card reader on labelled photos and on a synthetic validation set.
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval", abstract: "Score the card reader on labelled photos and synthetic scenes.")

    @Option(help: "A folder of photos with labels.json.") var photos: String?
    @Option(help: "The labels file (default: DIR/labels.json).") var labels: String?
    @Option(help: "Turn each photo clockwise first: 90, 180 or 270 degrees (180: as a camera across the table sees the cards) (default: 0).") var photoTurn = 0
    @Option(help: "Shrink each photo to this fraction of its size first (above 0, at most 1; 0.3 is 30%), as a camera further off sees the cards (default: 1).") var photoScale: Float = 1
    @Option(help: "Set each (shrunk) photo in the middle of a frame this size, WIDTHxHEIGHT, the rest plain table, as a tripod webcam sees a hand lying on the table (default: the photo's own size).") var photoFrame: String?
    @Option(help: "Scale each photo's light by this first (above 0, at most 4): under 1 as a webcam in a dim room sees the cards (0.25 is a quarter of the light), over 1 as one that lets in too much, its whites clipped (1.5 is half as much again) (default: 1).") var photoLight: Float = 1
    @Option(help: "Darken each photo's middle tones by this gamma, its blacks and whites kept (at least 1, at most 4; 2 takes a mid grey of 128 to 64), as cards in shade before a bright ceiling or window are seen (default: 1).") var photoGamma: Float = 1
    @Flag(help: "Give the reader each image's card count, as the round would (default: no hint).") var hint = false
    @Option(parsing: .unconditional, help: "Synthetic validation scenes to score (0 to skip).") var synthetic = 200
    @Option(parsing: .unconditional, help: "Synthetic frame sequences to run the consensus tracker over (0 to skip).") var sequences = 0
    @Option(parsing: .unconditional, help: "Synthetic scoring tables (words laid down, leftovers, one or two players) to group into words (0 to skip).") var grouping = 0
    @Option(parsing: .unconditional, help: "Synthetic webcam frames (a fan with a discard lying apart, or a fan alone) to tell the discard from the hand in (0 to skip).") var discard = 0
    @Option(help: "Card scans for the synthetic scenes (default: drawn cards).") var cards: String?
    @Option(help: "Every synthetic validation scene at this frame size, WIDTHxHEIGHT (e.g. 4032x3024), letters from 10 px to the most it fits (default: the set's mix of 320x240 to 4032x3024).") var size: String?
    @Option(parsing: .unconditional, help: "Show this share of the synthetic scenes backlit (0 to 1): the cards in shade before a bright, washed-out background, as a hand held up against a ceiling light or a window is seen (default: 0).") var backlit: Float = 0
    @Option(parsing: .unconditional, help: "Show this share of the synthetic scenes overexposed (0 to 1): taken with an exposure 1.2 to 2.5 times too long, their white clipped, as a webcam metering a dark table sees the cards (default: 0).") var overexposed: Float = 0
    @Option(parsing: .unconditional, help: "Seed of the synthetic validation set.") var seed: UInt64 = 4242
    @Option(help: "Where to write crops of every error.") var errors = "eval-errors"
    @Option(help: "A model folder (default: the shipped model).") var model: String?
    @Flag(help: "Print one JSON object.") var json = false
    @Option(parsing: .unconditional, help: "Report reads at or above this confidence (default: the reader's).") var minConfidence: Float?
    @Option(parsing: .unconditional, help: "Classify detector peaks at or above this heat (default: the reader's).") var minPeak: Float?
    @Option(parsing: .unconditional, help: "Weight of the detector's heat in a read's confidence, heat^w × class probability (default: the reader's).") var heatWeight: Float?
    @Option(parsing: .unconditional, help: "Give indices with letters shorter than this (frame pixels) a closer look, the detector run again on the frame around them enlarged (0: off; default: the reader's).") var closerLookBelow: Float?
    @Option(parsing: .unconditional, help: ArgumentHelp(ModelLoading.turnSearchHelp)) var turnSearchHeat: Float?
    @Option(help: ArgumentHelp(ModelLoading.paceHelp + " (default: still for photos, scenes and tables, as 'quiddler detect' and 'score' read a picture; live for sequences and discards, as the app reads its camera).")) var pace: CardReader.Pace?
    @Option(parsing: .unconditional, help: "How tall 10-pixel letters are at the pyramid's finest level, in detector pixels (default: the reader's).") var finestLetters: Float?
    @Option(parsing: .unconditional, help: "How tall 10-pixel letters are in the finer look at regions with small letters, in detector pixels; 0 turns it off (default: the reader's).") var finerLetters: Float?

    func validate() throws {
        guard synthetic >= 0, sequences >= 0 else { throw ValidationError("--synthetic and --sequences must be 0 or more") }
        guard photos != nil || synthetic > 0 || sequences > 0 || grouping > 0 || discard > 0 else {
            throw ValidationError("nothing to score: give --photos DIR, or --synthetic N, --sequences N, --grouping N or --discard N above 0")
        }
        for (name, v) in [("--min-confidence", minConfidence), ("--min-peak", minPeak)] {
            if let v, !(v > 0 && v < 1) { throw ValidationError("\(name) must be between 0 and 1, got \(v)") }
        }
        try ModelLoading.checkTurnSearchHeat(turnSearchHeat)
        if let finestLetters, !(finestLetters >= 4 && finestLetters <= 20) {
            throw ValidationError("--finest-letters must be between 4 and 20 pixels, got \(finestLetters)")
        }
        try ModelLoading.checkFinerLetters(finerLetters)
        guard photoScale > 0 && photoScale <= 1 else {
            throw ValidationError("--photo-scale must be above 0 and at most 1 (0.3 shrinks each photo to 30%), got \(photoScale)")
        }
        guard PhotoView.turns[photoTurn] != nil else {
            throw ValidationError("--photo-turn must be 0, 90, 180 or 270 (degrees clockwise), got \(photoTurn)")
        }
        guard photoLight > 0 && photoLight <= PhotoView.mostLight else {
            throw ValidationError("--photo-light must be above 0 and at most \(Int(PhotoView.mostLight)) (0.25 is a quarter of the light, 1.5 half as much again), got \(photoLight)")
        }
        guard photoGamma >= 1 && photoGamma <= 4 else {
            throw ValidationError("--photo-gamma must be at least 1 and at most 4 (2 takes a mid grey of 128 to 64), got \(photoGamma)")
        }
        if photoTurn != 0 || photoScale != 1 || photoFrame != nil || photoLight != 1 || photoGamma != 1, photos == nil {
            throw ValidationError("--photo-turn, --photo-scale, --photo-frame, --photo-light and --photo-gamma change how the photos are shown: give --photos DIR too")
        }
        if let photoFrame { _ = try parseSize(photoFrame, option: "--photo-frame") }
        guard backlit >= 0 && backlit <= 1 else {
            throw ValidationError("--backlit must be a share from 0 to 1 (0.3 shows three scenes in ten backlit), got \(backlit)")
        }
        if backlit > 0, synthetic == 0 { throw ValidationError("--backlit changes how the synthetic scenes are drawn: give --synthetic N above 0 too") }
        guard overexposed >= 0 && overexposed <= 1 else {
            throw ValidationError("--overexposed must be a share from 0 to 1 (0.3 shows three scenes in ten overexposed), got \(overexposed)")
        }
        if overexposed > 0, synthetic == 0 { throw ValidationError("--overexposed changes how the synthetic scenes are drawn: give --synthetic N above 0 too") }
        if let size {
            let (w, h) = try parseSize(size)
            guard w >= 64, h >= 48 else { throw ValidationError("--size must be at least 64x48, got \(size)") }
        }
    }

    func run() throws {
        let reader = try ModelLoading.reader(folder: model)
        if let minConfidence { reader.confidenceThreshold = minConfidence }
        if let minPeak { reader.peakThreshold = minPeak }
        if let heatWeight { reader.heatWeight = heatWeight }
        if let finestLetters { reader.finestLetters = finestLetters }
        if let finerLetters { reader.finerLetters = finerLetters }
        if let closerLookBelow { reader.closerLookBelow = closerLookBelow }
        if let turnSearchHeat { reader.turnSearchHeat = turnSearchHeat }
        var report = EvalReport()
        // Each part reads at its own pace unless told: pictures (photos, scenes, tables) still, as
        // `detect` and `score` read them; sequences and discards (webcam frames of a hand) live,
        // as the app reads its camera.
        func readAt(_ usual: CardReader.Pace) { reader.pace = pace ?? usual }
        if let photos {
            readAt(.still)
            var set = try PhotoSet.load(folder: photos, labels: labels)
            set.view = PhotoView(turn: photoTurn, scale: photoScale, frame: try photoFrame.map { text in let (w, h) = try parseSize(text, option: "--photo-frame"); return (w, h) },
                                 light: photoLight, gamma: photoGamma)
            let summary = try set.evaluate(reader, hint: hint)
            let shown = set.view.isIdentity ? "" : " " + set.view.description
            if !json { print(table(summary, title: "Photos in \(photos)\(shown), read \(reader.pace.rawValue)\(hint ? " (with the hand-size hint)" : "")")) }
            try writeErrors(summary, set: set)
            report.photos = numbers(summary)
            if !set.view.isIdentity { report.photosShown = set.view.description }
        }
        if synthetic > 0 {
            readAt(.still)
            let (generator, jpeg) = try sceneSource()
            var missed = 0, misread = 0, faults = Evaluation.BoxFaults(), causes = Evaluation.MisreadCauses()
            var failure: Error?
            let frame = try size.map { text in let (w, h) = try parseSize(text); return (width: w, height: h) }
            let summary = Evaluation.synthetic(reader: reader, generator: generator, scenes: synthetic, seed: seed, hint: hint, frame: frame,
                                               backlit: backlit, overexposed: overexposed, postProcess: { img, rng in jpeg.apply(&img, rng: &rng) },
                                               inspect: { scene, result in
                guard !result.exact, failure == nil else { return }
                let candidates = (try? reader.candidates(scene.image, threshold: reader.hintedPeakThreshold)) ?? []
                let why = Evaluation.missedCards(scene: scene, detections: result.detections, candidates: candidates.map(\.center))
                missed += why.missed.count
                misread += why.misread.count
                // Would the classifier have read it from the label's own box, or from the detector's with one part put right?
                faults += Evaluation.boxFaults(why.misread, scene: scene, candidates: candidates) { l, center, angle, size in
                    guard let p = try? reader.classify(scene.image, center: center, angle: angle, size: size),
                          let (card, _, reject) = CardReader.kind(p) else { return false }
                    return card == l.card && !reject
                }
                // Each proposal's read before the reads are merged into cards and settled (with the
                // hint, the reader's proposals are the ones found above).
                if !why.misread.isEmpty, let found = hint ? candidates : try? reader.candidates(scene.image, threshold: reader.peakThreshold) {
                    let reads = found.compactMap { try? reader.read(scene.image, candidate: $0) }
                    causes += Evaluation.misreadCauses(why.misread, scene: scene, reads: reads, threshold: reader.confidenceThreshold)
                }
                do { try writeSyntheticErrors(scene, result, [("not-proposed", why.missed), ("misread", why.misread)]) } catch { failure = error }
            })
            if let failure { throw failure }
            if !json {
                print(table(summary, title: "Synthetic validation: \(synthetic) scenes\(size.map { " of \($0)" } ?? "")\(backlit > 0 ? ", \(Int((backlit * 100).rounded()))% backlit" : "")\(overexposed > 0 ? ", \(Int((overexposed * 100).rounded()))% overexposed" : ""), seed \(seed), \(cards == nil ? "drawn cards" : "scans"), read \(reader.pace.rawValue)\(hint ? " (with the hint)" : "")", perImage: false))
                print("  cards not read: \(missed) never proposed by the detector, \(misread) proposed but misread or rejected"
                      + " (\(faults.labelBox) of those the classifier reads right from the label's own box; from the detector's box as it is"
                      + " \(faults.proposalBox), with only its angle put right \(faults.angle), its centre \(faults.center), its size \(faults.size))")
                print("  the misread: \(causes.otherKind) read as another kind or rejected, \(causes.underThreshold) read right under the confidence bar,"
                      + " \(causes.merged) read right and then merged into another card")
                let hidden = summary.partlyHiddenReads, hiddenOther = summary.partlyHiddenMisreads
                print("  reads of cards left out, every index partly hidden: \(hidden.count - hiddenOther.count) of their own kind, \(hiddenOther.count) of another, "
                      + "\(hiddenOther.filter(\.sure).count) of them sure" + (hiddenOther.isEmpty ? "" : " (" + confusionList(hiddenOther.map { ($0.card, $0.read) }) + ")"))
                let otherByLayout = summary.partlyHiddenMisreadsByLayout
                if !otherByLayout.isEmpty {
                    print("    of another kind, by layout: " + otherByLayout.map { "\($0.layout.rawValue) \($0.count)" }.joined(separator: " · "))
                }
                print("  by layout:    " + summary.byLayout.map { "\($0.layout.rawValue) " + ratio($0.correct, $0.total) }.joined(separator: " · "))
                print("  by what shows of the card: " + summary.byCover.map { "\($0.cover.rawValue) " + ratio($0.correct, $0.total) }.joined(separator: " · "))
                print("  by letters' height: " + summary.bySize.map { "\(bandName($0.band)) px " + ratio($0.correct, $0.total) }.joined(separator: " · "))
                let legible = summary.atLegibleSizes
                print("  letters \(Int(EvaluationSummary.legibleFloor)) px and up: " + ratio(legible.correct, legible.total))
                let weakest = summary.byKind.filter { $0.correct < $0.total }.prefix(Self.weakestKinds)
                if !weakest.isEmpty {
                    print("  weakest kinds: " + weakest.map { "\($0.card) " + ratio($0.correct, $0.total) }.joined(separator: " · "))
                }
                if summary.exact < summary.results.count { print("  scenes with errors and crops of them: \(errors)/") }
            }
            var n = numbers(summary)
            n.notProposed = missed
            n.misread = misread
            n.misreadButRightFromLabelBox = faults.labelBox
            n.misreadButRightFromProposalBox = faults.proposalBox
            (n.misreadButRightAtLabelAngle, n.misreadButRightAtLabelCenter, n.misreadButRightAtLabelSize) = (faults.angle, faults.center, faults.size)
            (n.misreadAsOtherKind, n.misreadUnderConfidence, n.misreadMerged) = (causes.otherKind, causes.underThreshold, causes.merged)
            n.byCover = Dictionary(uniqueKeysWithValues: summary.byCover.map { ($0.cover.rawValue, EvalReport.Count(correct: $0.correct, cards: $0.total)) })
            n.byLayout = Dictionary(uniqueKeysWithValues: summary.byLayout.map { ($0.layout.rawValue, EvalReport.Count(correct: $0.correct, cards: $0.total)) })
            n.bySize = Dictionary(uniqueKeysWithValues: summary.bySize.map { (bandName($0.band), EvalReport.Count(correct: $0.correct, cards: $0.total)) })
            n.byKind = Dictionary(uniqueKeysWithValues: summary.byKind.map { ($0.card.name, EvalReport.Count(correct: $0.correct, cards: $0.total)) })
            n.atLegibleSizes = EvalReport.Count(correct: summary.atLegibleSizes.correct, cards: summary.atLegibleSizes.total)
            let misreads = summary.partlyHiddenMisreads
            n.partlyHiddenReadRight = summary.partlyHiddenReads.count - misreads.count
            n.partlyHiddenReadOther = misreads.count
            n.partlyHiddenReadOtherSure = misreads.filter(\.sure).count
            report.synthetic = n
            if backlit > 0 { report.syntheticBacklit = backlit }
            if overexposed > 0 { report.syntheticOverexposed = overexposed }
        }
        if sequences > 0 {
            readAt(.live)
            let (generator, jpeg) = try sceneSource()
            var failure: Error?
            // Each sequence read wrong leaves its last wrong frame, annotated with the settled reading, and crops.
            var lastWrong: [Int: (Scene, ReadResult)] = [:]
            let c = Evaluation.consensus(reader: reader, generator: generator, sequences: sequences, seed: seed,
                                         postProcess: { img, rng in jpeg.apply(&img, rng: &rng) },
                                         inspect: { sequence, scene, r in lastWrong[sequence] = (scene, r) })
            for (scene, r) in lastWrong.values where failure == nil {
                // With no candidates, every card the settled reading lacks is `missed`.
                let notRead = Evaluation.missedCards(scene: scene, detections: r.detections, candidates: []).missed
                do { try writeSyntheticErrors(scene, r, [("not-read", notRead)]) } catch { failure = error }
            }
            if let failure { throw failure }
            let ci = wilsonInterval(c.correct, c.cards)
            if !json {
                print("Consensus over \(sequences) synthetic sequences of 24 frames (\(FrameSequence.Motion.allCases.map(\.rawValue).joined(separator: ", "))), seed \(seed), read \(reader.pace.rawValue), scored after 6 frames")
                print(String(format: "  cards right: %d/%d = %.2f%% (95%% CI %.2f–%.2f%%), reads of no card there: %d", c.correct, c.cards, 100 * c.accuracy, 100 * ci.low, 100 * ci.high, c.wrong))
                print("  by motion: " + FrameSequence.Motion.allCases.compactMap { m in c.byMotion[m].map { "\(m.rawValue) " + ratio($0.correct, $0.cards) } }.joined(separator: " · "))
                print(String(format: "  flicker while still: %d changes in %.1f s = %.2f per second", c.stillChanges, c.stillSeconds, c.flicker))
                if c.misses.contains(where: { $0.wrongFrames > 0 }) {
                    print("  the last frame each sequence was read wrong on, annotated with the settled reading, and crops: \(errors)/")
                }
                func names(_ cards: [Card]) -> String { cards.map(\.name).joined(separator: " ") }
                for m in c.misses {
                    var line = "  sequence \(m.sequence) (\(m.motion.rawValue)) wrong in \(m.wrongFrames) of \(m.scoredFrames) frames"
                    if m.wrongFrames > 0 {
                        line += " (\(m.cardsMissed) cards not read right, \(m.wrongReads) reads of no card there); last: expected \(names(m.expected)), read \(names(m.read))"
                    }
                    if let change = m.lastChange {
                        line += "; \(m.stillChanges) changes of reading while still, the last at frame \(change.frame): \(names(change.before)) → \(names(change.after))"
                    }
                    print(line)
                }
            }
            let misses = c.misses.map { m in
                EvalReport.Consensus.Miss(sequence: m.sequence, motion: m.motion.rawValue, wrongFrames: m.wrongFrames, scoredFrames: m.scoredFrames,
                                          cardsMissed: m.cardsMissed, wrongReads: m.wrongReads, expected: m.expected.map(\.name), read: m.read.map(\.name),
                                          stillChanges: m.stillChanges)
            }
            report.consensus = EvalReport.Consensus(cards: c.cards, correct: c.correct, accuracy: c.accuracy, wrongReads: c.wrong,
                                                    stillChanges: c.stillChanges, stillSeconds: c.stillSeconds, flickerPerSecond: c.flicker, misses: misses)
        }
        if grouping > 0 {
            readAt(.still)
            let (generator, jpeg) = try sceneSource()
            let g = Evaluation.grouping(reader: reader, generator: generator, scenes: grouping, seed: seed, postProcess: { img, rng in jpeg.apply(&img, rng: &rng) })
            if !json {
                print("Grouping words on \(grouping) synthetic scoring tables (one or two players, rows and stacks, leftovers, any rotation), seed \(seed), read \(reader.pace.rawValue)")
                print("  from the labels (the grouping alone): " + ratio(g.exactFromLabels, g.layouts) + " of layouts exactly right")
                print("  from the reader: " + ratio(g.exactFromReader, g.layouts) + " exactly right; the reader read " + ratio(g.readExactly, g.layouts)
                      + " of layouts exactly, and of those " + ratio(g.groupedWhenReadExactly, g.readExactly) + " were grouped exactly")
                let kinds = g.failures.sorted { $0.value > $1.value }.map { "\($0.key) ×\($0.value)" }
                print("  mistakes from the labels: " + (kinds.isEmpty ? "none" : kinds.joined(separator: ", ") + " (scenes \(g.failedScenes.prefix(12).map(String.init).joined(separator: ", ")))"))
                let readerKinds = g.readerFailures.sorted { $0.value > $1.value }.map { "\($0.key) ×\($0.value)" }
                print("  mistakes grouping the reader's reads of layouts it read exactly: " + (readerKinds.isEmpty ? "none" : readerKinds.joined(separator: ", ")))
            }
            report.grouping = EvalReport.Grouping(layouts: g.layouts, exactFromLabels: g.exactFromLabels, exactFromReader: g.exactFromReader,
                                                  readExactly: g.readExactly, groupedWhenReadExactly: g.groupedWhenReadExactly, failures: g.failures)
        }
        if discard > 0 {
            readAt(.live)
            let (generator, jpeg) = try sceneSource()
            let d = Evaluation.discard(reader: reader, generator: generator, scenes: discard, seed: seed, postProcess: { img, rng in jpeg.apply(&img, rng: &rng) })
            if !json {
                print("The discard apart from the hand, on \(discard) synthetic webcam frames, seed \(seed)")
                print("  a fan and a discard lying clear of it: found from the labels " + ratio(d.foundFromLabels, d.apart) + ", from the reader " + ratio(d.foundFromReader, d.apart))
                print("  a fan alone, a card of it taken for a discard: from the labels " + ratio(d.falseFromLabels, d.fansAlone) + ", from the reader " + ratio(d.falseFromReader, d.fansAlone))
            }
            report.discard = EvalReport.Discard(apart: d.apart, foundFromLabels: d.foundFromLabels, foundFromReader: d.foundFromReader,
                                                fansAlone: d.fansAlone, falseFromLabels: d.falseFromLabels, falseFromReader: d.falseFromReader)
        }
        if json { try printJSON(report) }
    }

    /// The synthetic scenes' generator (scans or drawn cards) and the JPEG artefacts every
    /// synthetic frame goes through, as a camera's would.
    func sceneSource() throws -> (SceneGenerator, JPEGArtefacts) {
        (SceneGenerator(art: try CardLoading.art(cards: cards)), JPEGArtefacts())
    }

    /// How many of the kinds read least well `eval` names (those with a card missed).
    static let weakestKinds = 6

    func ratio(_ k: Int, _ n: Int) -> String { n == 0 ? "–" : String(format: "%d/%d = %.1f%%", k, n, 100 * Double(k) / Double(n)) }

    func bandName(_ band: Range<Float>) -> String {
        band.upperBound >= 1000 ? "\(Int(band.lowerBound))+" : "\(Int(band.lowerBound))–\(Int(band.upperBound))"
    }

    func numbers(_ s: EvaluationSummary) -> EvalReport.Numbers {
        let c = wilsonInterval(s.correct, s.total), e = wilsonInterval(s.exact, s.results.count)
        return EvalReport.Numbers(cards: s.total, correct: s.correct, accuracy: s.accuracy, accuracyLow: c.low, accuracyHigh: c.high,
                                  images: s.results.count, exact: s.exact, exactLow: e.low, exactHigh: e.high, duplicates: s.duplicates, wrongReads: s.wrong)
    }

    func table(_ s: EvaluationSummary, title: String, perImage: Bool = true) -> String {
        var lines = [title]
        if perImage {
            let w = max(12, s.results.map(\.name.count).max() ?? 0)
            lines.append("  " + "image".padding(toLength: w, withPad: " ", startingAt: 0) + "  right  expected / read")
            for r in s.results {
                let mark = r.exact ? "yes" : "NO "
                lines.append("  " + r.name.padding(toLength: w, withPad: " ", startingAt: 0) + "  \(mark)    "
                             + r.expected.map(\.name).joined(separator: " ") + " / " + r.read.map(\.name).joined(separator: " "))
            }
        }
        let c = wilsonInterval(s.correct, s.total), e = wilsonInterval(s.exact, s.results.count)
        lines.append(String(format: "  cards right: %d/%d = %.1f%% (95%% CI %.1f–%.1f%%)", s.correct, s.total, 100 * s.accuracy, 100 * c.low, 100 * c.high))
        lines.append(String(format: "  images exactly right: %d/%d (95%% CI %.1f–%.1f%%)", s.exact, s.results.count, 100 * e.low, 100 * e.high))
        lines.append("  reads of no card there: \(s.wrong) (of them, cards counted twice: \(s.duplicates))")
        lines.append("  confusions: " + (s.confusions.isEmpty ? "none" : confusionList(s.confusions)))
        return lines.joined(separator: "\n")
    }

    /// Pairs (card, read) as "p→i ×3, cl→c ×2", most often first.
    func confusionList(_ pairs: [(Card, Card)]) -> String {
        let names: [String] = pairs.map { "\($0.0.name)→\($0.1.name)" }
        let counts: [(name: String, count: Int)] = Dictionary(grouping: names, by: { $0 }).map { (name: $0.key, count: $0.value.count) }
        let ordered = counts.sorted { a, b in a.count != b.count ? a.count > b.count : a.name < b.name }
        return ordered.map { "\($0.name) ×\($0.count)" }.joined(separator: ", ")
    }

    /// Writes a synthetic scene that was read wrong, annotated, with crops of the indices of the
    /// cards not read (named by why) and of every card read that was not there.
    func writeSyntheticErrors(_ scene: Scene, _ r: ReadResult, _ why: [(reason: String, labels: [IndexLabel])]) throws {
        try FileManager.default.createDirectory(atPath: errors, withIntermediateDirectories: true)
        let codec = JPEGCodec()
        let base = (errors as NSString).appendingPathComponent(r.name)
        try ImageFile.writeJPEG(Annotation.draw(r.detections, on: scene.image), to: base + "-annotated.jpg", codec: codec)
        for (reason, labels) in why {
            for l in labels {
                let crop = scene.image.crop(center: l.center, angle: l.angle, scale: l.size * 3 / 96, width: 96, height: 96)
                try ImageFile.writeJPEG(crop, to: "\(base)-\(l.card.name)-\(reason).jpg", codec: codec)
            }
        }
        let mustRead = Evaluation.mustReadCards(scene)
        for d in r.detections {
            // Reads where no index is, or of a card that must be read, as another kind.
            let at = Evaluation.label(at: d.center, in: scene)
            guard at == nil || (mustRead.contains(at!.cardID) && at!.card != d.card) else { continue }
            let crop = scene.image.crop(center: d.center, angle: d.angle, scale: d.size * 3 / 96, width: 96, height: 96)
            try ImageFile.writeJPEG(crop, to: "\(base)-read-\(d.card.name)-\(at.map { "on-\($0.card.name)" } ?? "where-no-index-is").jpg", codec: codec)
        }
    }

    /// Annotated photos and crops of every error; each photo is decoded again, one at a time.
    func writeErrors(_ s: EvaluationSummary, set: PhotoSet) throws {
        let wrong = s.results.filter { !$0.exact }
        guard !wrong.isEmpty else { return }
        try FileManager.default.createDirectory(atPath: errors, withIntermediateDirectories: true)
        let codec = JPEGCodec()
        for r in wrong {
            guard let photo = set.photos.first(where: { $0.name == r.name }) else { continue }
            let image = try set.image(photo, codec: codec)
            let base = (errors as NSString).appendingPathComponent((r.name as NSString).deletingPathExtension)
            try ImageFile.writeJPEG(Annotation.draw(r.detections, on: image), to: base + "-annotated.jpg", codec: codec)
            for (k, d) in r.detections.enumerated() where k >= r.expected.count || r.expected[k] != d.card {
                let crop = image.crop(center: d.center, angle: d.angle, scale: d.size * 3 / 96, width: 96, height: 96)
                let expected = k < r.expected.count ? r.expected[k].name : "none"
                try ImageFile.writeJPEG(crop, to: "\(base)-\(k + 1)-expected-\(expected)-read-\(d.card.name).jpg", codec: codec)
            }
        }
        if !json { print("  crops of the errors: \(errors)/") }
    }
}

/// `eval --json`: one object, with the parts that were run.
struct EvalReport: Encodable {
    struct Count: Encodable { let correct: Int; let cards: Int }
    struct Numbers: Encodable {
        let cards: Int, correct: Int, accuracy: Double, accuracyLow: Double, accuracyHigh: Double
        let images: Int, exact: Int, exactLow: Double, exactHigh: Double, duplicates: Int, wrongReads: Int
        var notProposed: Int?
        var misread: Int?
        /// Of the misread, those the classifier reads right from the label's own box (the detector's box was off).
        var misreadButRightFromLabelBox: Int?
        /// Of the misread, those it reads right from the detector's box as it is (lost after the
        /// crop), and with only its angle, centre or size put right (`Evaluation.boxFaults`).
        var misreadButRightFromProposalBox: Int?
        var misreadButRightAtLabelAngle: Int?
        var misreadButRightAtLabelCenter: Int?
        var misreadButRightAtLabelSize: Int?
        /// Of the misread, by what their proposals' own reads were (`Evaluation.misreadCauses`):
        /// another kind or reject only; the right kind under the confidence bar; the right kind
        /// above it, then merged into another card.
        var misreadAsOtherKind: Int?
        var misreadUnderConfidence: Int?
        var misreadMerged: Int?
        /// By what shows of the card (`EvaluationSummary.Cover`): only its index strip, part of its face, its face.
        var byCover: [String: Count]?
        var byLayout: [String: Count]?
        var bySize: [String: Count]?
        /// By the card's kind (`EvaluationSummary.byKind`), the kinds the scenes hold.
        var byKind: [String: Count]?
        /// Cards whose letters are at least `EvaluationSummary.legibleFloor` tall.
        var atLegibleSizes: Count?
        /// Reads on cards left out of the score, every index partly hidden: of their own kind, of another.
        var partlyHiddenReadRight: Int?
        var partlyHiddenReadOther: Int?
        var partlyHiddenReadOtherSure: Int?
    }
    struct Consensus: Encodable {
        /// A sequence read wrong (`SequenceMiss`), its last wrong frame's cards by name.
        struct Miss: Encodable {
            let sequence: Int, motion: String, wrongFrames: Int, scoredFrames: Int, cardsMissed: Int, wrongReads: Int
            let expected: [String], read: [String]
            let stillChanges: Int
        }
        let cards: Int, correct: Int, accuracy: Double, wrongReads: Int, stillChanges: Int, stillSeconds: Double, flickerPerSecond: Double
        let misses: [Miss]
    }
    var photos: Numbers?
    /// How the photos were shown when not as they are (`--photo-turn`, `--photo-scale`, `--photo-frame`, `--photo-light`, `--photo-gamma`), e.g. "turned 180°, shrunk to 30% in a 640×480 frame".
    var photosShown: String?
    var synthetic: Numbers?
    /// The share of the synthetic scenes shown backlit (`--backlit`), when any.
    var syntheticBacklit: Float?
    /// The share of the synthetic scenes shown overexposed (`--overexposed`), when any.
    var syntheticOverexposed: Float?
    var consensus: Consensus?
    struct Grouping: Encodable {
        let layouts: Int, exactFromLabels: Int, exactFromReader: Int, readExactly: Int, groupedWhenReadExactly: Int
        let failures: [String: Int]
    }
    var grouping: Grouping?
    struct Discard: Codable {
        let apart, foundFromLabels, foundFromReader, fansAlone, falseFromLabels, falseFromReader: Int
    }
    var discard: Discard?
}
