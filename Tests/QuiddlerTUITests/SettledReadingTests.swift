import QuiddlerGame
import QuiddlerImage
import QuiddlerReader
import QuiddlerTUI
import Testing

/// The hand follows the camera's settled reading, and the suggestion comes without a key.
@Suite struct SettledReadingTests {
    static func view(_ names: String, settled: String?, frame: Int) -> LiveView {
        func dets(_ text: String, sure: Bool) -> [Detection] {
            text.split(separator: " ").enumerated().map { i, n in
                Detection(card: Card(n)!, confidence: 0.9, center: Point(Float(40 + 30 * i), 50), size: 12, angle: 0,
                          cardCenter: Point(Float(60 + 30 * i), 90), classProbability: 0.9, sure: sure)
            }
        }
        return LiveView(thumbnail: RGBImage(width: 8, height: 6), frameWidth: 640, frameHeight: 480, detections: dets(names, sure: settled != nil),
                        frameID: frame, settled: settled.map { dets($0, sure: true) })
    }

    @Test func theSettledHandOfTheRoundsSizeIsSolvedWithoutAKey() {
        var s = AppState(round: 1, status: SourceStatus(name: "cam", state: .running))
        var effects: [Effect]
        (s, effects) = update(s, .detected(Self.view("c a t", settled: "c a", frame: 1)))
        #expect(s.hand.map(\.card.name) == ["c", "a"] && effects.isEmpty, "two of three settled: no suggestion yet")
        (s, effects) = update(s, .detected(Self.view("c a t", settled: "c a t", frame: 2)))
        #expect(s.hand.map(\.card.name) == ["c", "a", "t"])
        #expect(effects.contains { if case .solve(_, let hand, nil) = $0 { return hand.map(\.name) == ["c", "a", "t"] } else { return false } })
        // The same reading again asks nothing more; a change asks again.
        (s, effects) = update(s, .detected(Self.view("c a t", settled: "c a t", frame: 3)))
        #expect(effects.isEmpty)
        (s, effects) = update(s, .detected(Self.view("c a r", settled: "c a r", frame: 4)))
        #expect(effects.contains { if case .solve = $0 { return true } else { return false } })
        // c freezes: the camera no longer moves the hand.
        (s, _) = update(s, .key(.char("c")))
        #expect(s.frozen)
        (s, effects) = update(s, .detected(Self.view("x y z", settled: "x y z", frame: 5)))
        #expect(s.hand.map(\.card.name) == ["c", "a", "r"] && effects.isEmpty)
        #expect(statusLine(s).contains("frozen"))
    }

    @Test func theStatusSaysWhetherTheReadingIsSettling() {
        var s = AppState(round: 1, status: SourceStatus(name: "cam", state: .running))
        var settling = Self.view("c a t", settled: "c a", frame: 1)
        settling.detections[2].sure = false
        (s, _) = update(s, .detected(settling))
        #expect(statusLine(s).contains("settling (1)"))
        (s, _) = update(s, .detected(Self.view("c a t", settled: "c a t", frame: 2)))
        #expect(statusLine(s).contains("settled"))
    }
}
