import Foundation
import QuiddlerCapture
import Testing

@Suite struct LatestTests {
    @Test func theNewestValueOverwritesOneNotYetTaken() {
        let box = Latest<Int>()
        #expect(box.take() == nil)
        box.put(1)
        box.put(2)
        box.put(3)
        #expect(box.take() == 3)
        #expect(box.take() == nil, "a value is taken once")
        box.put(4)
        #expect(box.take() == 4)
        #expect(box.putCount == 4)
    }

    @Test func cancelDropsTheHeldValueAndRefusesLaterOnes() {
        let box = Latest<String>()
        #expect(box.put("frame 1"))
        box.cancel()
        #expect(box.isCancelled)
        #expect(box.take() == nil)
        #expect(!box.put("frame 2"))
        #expect(box.take() == nil)
    }

    /// Producers on other threads racing a consumer: every value the consumer sees is newer than
    /// the one before from the same producer, and the last value put is the one left.
    @Test func concurrentProducersNeverGoBackInTime() async {
        let box = Latest<(producer: Int, n: Int)>()
        await withTaskGroup(of: Void.self) { group in
            for p in 0..<2 {
                group.addTask { for n in 1...5000 { box.put((p, n)) } }
            }
            group.addTask {
                var last = [0, 0]
                for _ in 0..<5000 {
                    if let v = box.take() {
                        #expect(v.n > last[v.producer])
                        last[v.producer] = v.n
                    }
                }
            }
        }
        #expect(box.putCount == 10000)
        box.put((0, 5001))
        #expect(box.take()?.n == 5001)
    }
}
