import Dispatch
@testable import QuiddlerNN
import Synchronization
import Testing

@Suite struct SingleThreadedPeriodTests {
    /// Two reads overlapping on two threads: the first in finds two OpenBLAS threads and sets
    /// one; the second finds that one and sets nothing; the first out leaves the second its one
    /// thread; the last out sets back the two the first found.
    @Test func overlappingCallsShareOnePeriodAndRestoreWhatTheFirstFound() {
        var p = SingleThreadedPeriod()
        #expect(p.enter(finding: 2) == 1)
        #expect(p.enter(finding: 1) == nil)
        #expect(p.leave() == nil)
        #expect(p.callers == 1)
        #expect(p.leave() == 2)
        #expect(p.callers == 0)
    }

    /// Periods one after another each restore what they found.
    @Test(arguments: [1, 2, 8])
    func aPeriodAloneRestoresWhatItFound(threads: Int) {
        var p = SingleThreadedPeriod()
        for _ in 0..<3 {
            #expect(p.enter(finding: threads) == 1)
            #expect(p.leave() == threads)
        }
        #expect(p.callers == 0)
    }

    /// Two calls overlapping on two threads, on a thread count of the test's own (the process's
    /// OpenBLAS count is shared with every other test): the first in sets one thread, the second
    /// keeps its one thread after the first is out, and the last out sets back the four found.
    @Test func overlappingCallsOnTwoThreadsKeepOneThreadUntilTheLastIsOut() {
        final class Fake: Sendable {
            let period = Mutex(SingleThreadedPeriod())
            let count = Mutex(4)
            func threads() -> Int { count.withLock { $0 } }
            func call(_ body: () -> Void) { BLAS.singleThreaded(period: period, threads: threads, setThreads: { n in self.count.withLock { $0 = n } }, body) }
        }
        let fake = Fake()
        let firstIn = DispatchSemaphore(value: 0), secondIn = DispatchSemaphore(value: 0), firstOut = DispatchSemaphore(value: 0)
        let seen = Mutex<[String: Int]>([:])
        let done = DispatchGroup()
        DispatchQueue.global().async(group: done) {
            fake.call {
                seen.withLock { $0["first inside"] = fake.threads() }
                firstIn.signal()
                secondIn.wait()
            }
            firstOut.signal()
        }
        DispatchQueue.global().async(group: done) {
            firstIn.wait()
            fake.call {
                secondIn.signal()
                firstOut.wait()
                seen.withLock { $0["second inside, first out"] = fake.threads() }
            }
        }
        done.wait()
        #expect(seen.withLock { $0 } == ["first inside": 1, "second inside, first out": 1])
        #expect(fake.threads() == 4)
        #expect(fake.period.withLock { $0.callers } == 0)
    }

    /// Inside a period OpenBLAS runs on one thread, and a period nested in it keeps it so.
    @Test func insideAPeriodOpenBLASHasOneThread() {
        let inner = BLAS.singleThreaded { () -> (Int, Int) in
            let before = BLAS.threads
            return (before, BLAS.singleThreaded { BLAS.threads })
        }
        #expect(inner == (1, 1))
    }
}
