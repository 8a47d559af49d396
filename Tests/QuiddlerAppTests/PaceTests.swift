@testable import QuiddlerApp
import QuiddlerReader
import QuiddlerTUI
import Testing

/// Which pace each way into the reader reads at (`CardReader.Pace`): a picture alone closely,
/// a camera's frames in time for the next.
@Suite struct PaceTests {
    @Test func detectReadsAPictureStillAndASequenceLive() throws {
        #expect(try DetectCommand.parse(["a.jpg"]).readingPace == .still)
        #expect(try DetectCommand.parse(["frames/", "--consensus"]).readingPace == .live)
        #expect(try DetectCommand.parse(["frames/", "--consensus", "--pace", "still"]).readingPace == .still)
        #expect(try DetectCommand.parse(["a.jpg", "--pace", "live"]).readingPace == .live)
    }

    @Test func theAppReadsItsCameraLiveExceptWhileARoundIsScoredAndAPictureStill() {
        let scoring = Mode.scoring(player: 0, text: "", wentOut: false)
        #expect(Runtime.pace(.live, picture: false) == .live)
        #expect(Runtime.pace(.manual(field: 0, hand: "", discard: ""), picture: false) == .live)
        #expect(Runtime.pace(scoring, picture: false) == .still)
        #expect(Runtime.pace(.live, picture: true) == .still)
        #expect(Runtime.pace(scoring, picture: true) == .still)
    }

    @Test func benchDetectTimesTheCamerasPaceUnlessTold() throws {
        #expect(try BenchDetect.parse([]).pace == .live)
        #expect(try BenchDetect.parse(["--pace", "still"]).pace == .still)
    }
}
