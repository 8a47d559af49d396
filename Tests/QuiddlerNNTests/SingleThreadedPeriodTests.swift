import QuiddlerNN
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

    /// Inside a period OpenBLAS runs on one thread, and a period nested in it keeps it so.
    @Test func insideAPeriodOpenBLASHasOneThread() {
        let inner = BLAS.singleThreaded { () -> (Int, Int) in
            let before = BLAS.threads
            return (before, BLAS.singleThreaded { BLAS.threads })
        }
        #expect(inner == (1, 1))
    }
}
