import QuiddlerRandom
import QuiddlerReader
import QuiddlerSynthesis
import QuiddlerTestSupport
import QuiddlerTraining
import Testing

/// Each network's training scenes are drawn in the lighting `TrainingData` gives it: the shipped
/// shares by default, and what a test sets.
@Suite struct TrainingLightingTests {
    static let none = TrainingData.Lighting(backlit: 0, overexposed: 0)
    static let overexposed = TrainingData.Lighting(backlit: 0, overexposed: 1)

    static func data(detector: TrainingData.Lighting, classifier: TrainingData.Lighting) -> TrainingData {
        var data = TrainingData(generators: [(SceneGenerator(art: TestArt.drawn), 1)], postProcess: { _, _ in })
        (data.detectorSceneLighting, data.classifierSceneLighting) = (detector, classifier)
        return data
    }

    @Test func theClassifierIsTaughtSomeBacklitAndOverexposedScenesByDefault() {
        let data = TrainingData(generators: [(SceneGenerator(art: TestArt.drawn), 1)], postProcess: { _, _ in })
        #expect(data.detectorSceneLighting == TrainingData.detectorLighting)
        #expect(data.classifierSceneLighting == TrainingData.classifierLighting)
        let lighting = TrainingData.classifierLighting
        #expect(lighting.overexposed > 0 && lighting.overexposed < 0.5, "a share of the scenes, not none or most")
        #expect(lighting.backlit > 0 && lighting.backlit < 0.5, "a share of the scenes, not none or most")
    }

    /// The detector's input from the same scenes, every one overexposed against none: brighter,
    /// with more of it clipped white.
    @Test func theDetectorsScenesAreDrawnInItsLighting() {
        let plain = Self.data(detector: Self.none, classifier: Self.none)
        let lit = Self.data(detector: Self.overexposed, classifier: Self.none)
        let white: Float = (250 - 128) / 64
        for seed in 0..<4 as Range<UInt64> {
            var r1 = SeededGenerator(seed: 90 + seed), r2 = SeededGenerator(seed: 90 + seed)
            let a = plain.detectorExample(rng: &r1).0, b = lit.detectorExample(rng: &r2).0
            let mean = { (x: [Float]) in x.reduce(0, +) / Float(x.count) }
            #expect(mean(b) > mean(a), "seed \(seed)")
            #expect(b.filter { $0 >= white }.count > a.filter { $0 >= white }.count, "seed \(seed)")
        }
    }

    /// The classifier's crops, normalised, keep no brightness, but clipping shows in them as a
    /// plateau: many pixels at the crop's very top value, where an unclipped card's white varies.
    @Test func theClassifiersScenesAreDrawnInItsLighting() {
        func plateau(_ lighting: TrainingData.Lighting) -> Float {
            let data = Self.data(detector: Self.none, classifier: lighting)
            var atTop = 0, pixels = 0
            for seed in 0..<6 as Range<UInt64> {
                var rng = SeededGenerator(seed: 40 + seed)
                for (crop, _) in data.classifierExamples(rng: &rng, perScene: 8) {
                    let top = crop.max() ?? 0
                    atTop += crop.filter { $0 >= top - 1e-4 }.count
                    pixels += crop.count
                }
            }
            return Float(atTop) / Float(pixels)
        }
        let (plain, lit) = (plateau(Self.none), plateau(Self.overexposed))
        #expect(lit > 2 * plain, "share of crop pixels at the crop's top: \(lit) lit, \(plain) plain")
    }
}
