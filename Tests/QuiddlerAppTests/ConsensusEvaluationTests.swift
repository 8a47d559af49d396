import QuiddlerReader
import QuiddlerSynthesis
import QuiddlerTestSupport
import QuiddlerTraining
@testable import QuiddlerApp
import Testing

/// The consensus evaluation's list of sequences read wrong, with the shipped model.
@Suite struct ConsensusEvaluationTests {
    func run(_ reader: CardReader) -> ConsensusSummary {
        Evaluation.consensus(reader: reader, generator: SceneGenerator(art: TestArt.drawn), sequences: 3, frames: 6, warmup: 2, seed: 31)
    }

    /// Each sequence's misses add up to the summary's, so the list names every card the score lost.
    func expectMissesAddUp(_ s: ConsensusSummary, sequences: Int) {
        #expect(s.misses.reduce(0) { $0 + $1.cardsMissed } == s.cards - s.correct)
        #expect(s.misses.reduce(0) { $0 + $1.wrongReads } == s.wrong)
        #expect(s.misses.reduce(0) { $0 + $1.stillChanges } == s.stillChanges)
        #expect(s.misses.map(\.sequence) == s.misses.map(\.sequence).sorted() && Set(s.misses.map(\.sequence)).count == s.misses.count)
        for m in s.misses {
            #expect((1...sequences).contains(m.sequence))
            #expect(m.motion == FrameSequence.Motion.allCases[(m.sequence - 1) % FrameSequence.Motion.allCases.count])
            #expect((m.wrongFrames > 0 || m.stillChanges > 0) && m.wrongFrames <= m.scoredFrames && m.scoredFrames == 4)
            #expect(m.cardsMissed + m.wrongReads >= m.wrongFrames)
            // Only a still hand's changes count, and the last one is named.
            #expect(m.stillChanges == 0 || [.still, .flicker].contains(m.motion))
            #expect((m.stillChanges > 0) == (m.lastChange != nil))
            if let c = m.lastChange { #expect(c.before != c.after && (1...6).contains(c.frame)) }
        }
    }

    @Test func aReaderThatReportsNothingSureMissesEverySequence() throws {
        let reader = try ModelLoading.reader(folder: TestPaths.root + "/Assets")
        // Only reads surer than any the model gives are reported: every card of every frame is lost.
        reader.confidenceThreshold = 1.01
        let s = run(reader)
        #expect(s.cards > 0 && s.correct == 0)
        #expect(s.misses.map(\.sequence) == [1, 2, 3])
        #expect(s.misses.allSatisfy { $0.wrongFrames == 4 && $0.read.isEmpty && !$0.expected.isEmpty })
        expectMissesAddUp(s, sequences: 3)
    }

    @Test func theShippedReadersMissesAddUpToItsScore() throws {
        let s = run(try ModelLoading.reader(folder: TestPaths.root + "/Assets"))
        #expect(s.cards > 0)
        expectMissesAddUp(s, sequences: 3)
    }
}
