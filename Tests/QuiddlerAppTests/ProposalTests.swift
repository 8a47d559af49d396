import Foundation
import QuiddlerNN
import QuiddlerRandom
import QuiddlerReader
import QuiddlerSynthesis
import QuiddlerTestSupport
import QuiddlerTraining
@testable import QuiddlerApp
import Testing

/// The classifier's second run reads the shipped detector's proposals.
@Suite struct ProposalTests {
    /// The crops at the detector's proposals are the reader's own: labelled with the kind of the
    /// index they sit on, the shipped classifier reads most of them as that kind (a crop taken at
    /// the wrong place, angle or size would read as something else); the rest are rejects, which
    /// it mostly rejects. Both lanes give the same labels and, to a rounding error, the same crops.
    @Test func cropsAtTheDetectorsProposalsAreTheReadersOwn() throws {
        let folder = TestPaths.root + "/Assets"
        var data = TrainingData(generators: [(SceneGenerator(art: TestArt.drawn), 1)], postProcess: { _, _ in })
        data.proposals = try TrainCommand.proposals(folder: folder)
        let classifier = try ModelLoading.network(folder, ModelLoading.classifierFile, expected: try DetectorModel.classifier())
        var kinds = 0, kindsRead = 0, rejects = 0, rejectsRead = 0
        for seed in 0..<6 {
            var a = SeededGenerator(seed: 40 + UInt64(seed)), b = a
            let examples = data.proposalExamples(rng: &a, lane: 0)
            let again = data.proposalExamples(rng: &b, lane: 1)
            // The labels alike, and the crops alike to a rounding error: the proposals come from
            // products whose OpenBLAS thread count is process-wide, and other suites change it while
            // this one runs, so a product may round differently and move a proposal a hair.
            #expect(examples.map(\.1) == again.map(\.1))
            #expect(examples.count == again.count && zip(examples, again).allSatisfy { cropsAgree($0.0, $1.0) })
            // Crops of two places do not agree: the tolerance tells them apart.
            if examples.count >= 2 { #expect(!cropsAgree(examples[0].0, examples[1].0)) }
            for (crop, label) in examples {
                let p = softmax(try classifier.run(crop, height: DetectorModel.cropSide, width: DetectorModel.cropSide))
                let read = p.indices.max { p[$0] < p[$1] }
                if label == DetectorModel.rejectClass { rejects += 1; if read == label { rejectsRead += 1 } } else { kinds += 1; if read == label { kindsRead += 1 } }
            }
        }
        try #require(kinds >= 20, "too few proposals on indices: \(kinds)")
        #expect(Float(kindsRead) >= 0.85 * Float(kinds), "\(kindsRead) of \(kinds) crops on indices read as their kind")
        try #require(rejects >= 5, "too few proposals where no index is: \(rejects)")
        #expect(Float(rejectsRead) >= 0.5 * Float(rejects), "\(rejectsRead) of \(rejects) rejects rejected")
    }
}

/// Two crops of the same place, equal but for rounding: their pixels differ by 0.001 on average
/// at most. Run at one OpenBLAS thread and at two, the two lanes' crops of these scenes differed by
/// 4·10⁻⁵ on average at most (0.016 at one pixel, on an edge moved a hair); crops of two places
/// differ by tenths.
private func cropsAgree(_ a: [Float], _ b: [Float]) -> Bool {
    a.count == b.count && zip(a, b).reduce(Float(0)) { $0 + abs($1.0 - $1.1) } <= 0.001 * Float(a.count)
}
