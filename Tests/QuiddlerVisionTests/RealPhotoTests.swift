import Foundation
import QuiddlerGame
import QuiddlerImage
import QuiddlerNN
import QuiddlerRandom
import QuiddlerReader
import QuiddlerSynthesis
import QuiddlerTestSupport
import QuiddlerTraining
import Testing

/// Real photos mixed into training: their labels follow the views cut from them.
@Suite struct RealPhotoTests {
    /// A dark 800×600 photo with a bright dot at each index centre.
    static func dots(_ points: [Point]) -> RGBImage {
        var img = RGBImage(width: 800, height: 600)
        for p in points {
            for dy in -2...2 { for dx in -2...2 { img[Int(p.x) + dx, Int(p.y) + dy] = RGB(255, 255, 255) } }
        }
        return img
    }

    static let boxes = [IndexBox(center: Point(200, 150), size: 24, angle: 0.2, cardCenter: Point(260, 260)),
                        IndexBox(center: Point(520, 400), size: 26, angle: -0.4, cardCenter: Point(560, 520))]

    @Test func aDetectorViewCarriesItsLabelsToWhereTheirIndicesAre() {
        let photo = RealPhoto(image: Self.dots(Self.boxes.map(\.center)), cards: [(Card("a")!, Self.boxes[0]), (Card("qu")!, Self.boxes[1])], others: [])
        var rng = SeededGenerator(seed: 3)
        var checked = 0
        for _ in 0..<20 {
            let (view, labels) = photo.detectorView(rng: &rng)
            #expect(view.width == DetectorModel.detectorWidth && view.height == DetectorModel.detectorHeight)
            for l in labels where l.center.x >= 3 && l.center.y >= 3 && l.center.x < Float(view.width - 3) && l.center.y < Float(view.height - 3) {
                // The dot is under the moved label (it may shrink to a pixel or two).
                let around = (-1...1).flatMap { dy in (-1...1).map { dx in Int(view[Int(l.center.x) + dx, Int(l.center.y) + dy].r) } }
                #expect(around.max() ?? 0 > 60, "no dot under label \(l.card) at \(l.center)")
                // Letters are 8 to 30 pixels at the detector, the band it is taught.
                #expect(l.size >= 7 && l.size <= 33)
                checked += 1
            }
        }
        #expect(checked >= 10)
    }

    @Test func aBigPhotoIsScaledDownWithItsBoxes() {
        let big = [IndexBox(center: Point(400, 300), size: 120, angle: 0, cardCenter: Point(600, 800))]
        let photo = RealPhoto(image: RGBImage(width: 1600, height: 1200), cards: [(Card("b")!, big[0])], others: [(Point(900, 900), 110, 3)])
        #expect(photo.image.width == 533 && photo.labels[0].size == 40)
        #expect(abs(photo.labels[0].center.x - 400.0 / 3) < 1e-3 && abs(photo.labels[0].center.y - 100) < 1e-3)
        #expect(photo.others[0].visibility == .ignore && abs(photo.others[0].size - 110.0 / 3) < 1e-3)
    }

    @Test func classifierExamplesAreTheConfirmedKindsAndRejectsAwayFromEveryIndex() {
        let photo = RealPhoto(image: Self.dots(Self.boxes.map(\.center)), cards: [(Card("a")!, Self.boxes[0]), (Card("qu")!, Self.boxes[1])],
                              others: [(Point(700, 100), 24, 3.1)])
        var rng = SeededGenerator(seed: 9)
        let examples = photo.classifierExamples(rng: &rng, count: 16)
        #expect(examples.count == 16)
        let kinds = Set(examples.map(\.1))
        #expect(kinds.isSubset(of: [Card("a")!.index, Card("qu")!.index, DetectorModel.rejectClass]))
        #expect(examples.filter { $0.1 == DetectorModel.rejectClass }.count == 8)
    }

    @Test func withoutRealPhotosTrainingDataIsUnchangedAndWithThemTheyAreMixedIn() {
        let art = TestArt.drawn
        let plain = TrainingData(generators: [(SceneGenerator(art: art), 1)], postProcess: { _, _ in })
        let photo = RealPhoto(image: Self.dots(Self.boxes.map(\.center)), cards: [(Card("a")!, Self.boxes[0]), (Card("qu")!, Self.boxes[1])], others: [])
        let none = TrainingData(generators: [(SceneGenerator(art: art), 1)], postProcess: { _, _ in }, real: [photo], realShare: 0)
        let a = plain.classifierBatch(seed: 5, step: 2, size: 24), b = none.classifierBatch(seed: 5, step: 2, size: 24)
        #expect(a.inputs == b.inputs && a.labels == b.labels, "a share of 0 changed the synthetic data")
        let all = TrainingData(generators: [(SceneGenerator(art: art), 1)], postProcess: { _, _ in }, real: [photo], realShare: 1)
        let real = all.classifierBatch(seed: 5, step: 2, size: 24)
        #expect(Set(real.labels).isSubset(of: [Card("a")!.index, Card("qu")!.index, DetectorModel.rejectClass]))
        let detector = all.detectorBatch(seed: 5, step: 0, size: 2)
        #expect(detector.targets.allSatisfy { $0.count <= 2 })
    }

    /// Fine-tuning starts from the given weights, not from a fresh network.
    @Test func fineTuningStartsFromTheModelItIsGiven() throws {
        var hyper = Hyperparameters()
        (hyper.classifierSteps, hyper.classifierBatch, hyper.rateScale) = (1, 8, 0)
        let data = TrainingData(generators: [(SceneGenerator(art: TestArt.drawn), 1)], postProcess: { _, _ in })
        let start = try Trainer(hyper: hyper, data: data, store: MemoryCheckpoints()).train(.classifier, resume: false, stopAt: 0)
        let initial = Dictionary(uniqueKeysWithValues: start.namedTensors.map { name, t in
            var halved = t
            halved.data = t.data.map { $0 * 0.5 }
            return (name, halved)
        })
        // A learning rate of zero leaves the weights where they started.
        let tuned = try Trainer(hyper: hyper, data: data, store: MemoryCheckpoints()).train(.classifier, resume: false, initial: initial)
        let after = Dictionary(uniqueKeysWithValues: tuned.namedTensors)
        let name = try #require(start.parameters.first?.name)
        #expect(after[name]?.data == initial[name]?.data)
    }
}
