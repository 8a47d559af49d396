import COpenBLAS
import Synchronization

/// Thin wrappers over OpenBLAS for row-major single-precision products.
public enum BLAS {
    /// Sets the number of threads OpenBLAS uses (at most 256). Training sets it to the core count;
    /// the prefetcher's scene rendering runs beside it, so the cores are shared while a batch is
    /// made ahead.
    public static func setThreads(_ n: Int) {
        openblas_set_num_threads(Int32(min(max(1, n), 256)))
    }

    /// The number of threads OpenBLAS uses now.
    public static var threads: Int { Int(openblas_get_num_threads()) }

    /// Runs `body` with OpenBLAS on one thread, for work shared between threads of its own, each
    /// with products too small for OpenBLAS to share. The count is process-wide, so overlapping
    /// calls (from several threads) share one such period: the first in sets one thread, the last
    /// out sets back the count the first found. (Each saving and restoring on its own, the second
    /// would find one thread and leave it so, and the first would give the second's work back its
    /// threads while it still ran.)
    public static func singleThreaded<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        try singleThreaded(period: singleThreadedPeriod, threads: { threads }, setThreads: setThreads, body)
    }

    /// `singleThreaded` on a period and thread count of the caller's (tests give it their own).
    static func singleThreaded<T, E: Error>(period: borrowing Mutex<SingleThreadedPeriod>, threads: () -> Int, setThreads: (Int) -> Void,
                                            _ body: () throws(E) -> T) throws(E) -> T {
        period.withLock { p in
            if let set = p.enter(finding: threads()) { setThreads(set) }
        }
        defer {
            period.withLock { p in
                if let restore = p.leave() { setThreads(restore) }
            }
        }
        return try body()
    }

    private static let singleThreadedPeriod = Mutex(SingleThreadedPeriod())

    /// C(m×n) = A(m×k) · B(k×n), all row-major, B and C with row strides of their own (a block of
    /// columns of larger matrices).
    @inline(__always)
    static func gemm(m: Int, n: Int, k: Int, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, ldb: Int, _ c: UnsafeMutablePointer<Float>, ldc: Int) {
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(m), Int32(n), Int32(k), 1, a, Int32(k), b, Int32(ldb), 0, c, Int32(ldc))
    }

    /// C(m×n) = alpha · op(A) · op(B) + beta · C, all row-major.
    /// - Parameters:
    ///   - transA: A is stored k×m and used transposed.
    ///   - transB: B is stored n×k and used transposed.
    @inline(__always)
    static func gemm(
        transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int, alpha: Float = 1,
        _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, beta: Float = 0, _ c: UnsafeMutablePointer<Float>
    ) {
        cblas_sgemm(
            CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
            Int32(m), Int32(n), Int32(k), alpha, a, Int32(transA ? m : k), b, Int32(transB ? k : n),
            beta, c, Int32(n))
    }
}

/// The bookkeeping of `BLAS.singleThreaded` calls that overlap: how many are running, and the
/// thread count the first of them found.
public struct SingleThreadedPeriod: Sendable {
    public private(set) var callers = 0
    public private(set) var saved = 1

    public init() {}

    /// A call starts, finding OpenBLAS on `current` threads.
    /// - Returns: the thread count to set now (one, for the first call in), or nil to leave it.
    public mutating func enter(finding current: Int) -> Int? {
        callers += 1
        guard callers == 1 else { return nil }
        saved = current
        return 1
    }

    /// A call ends.
    /// - Returns: the thread count to set back (the last call out), or nil to leave it.
    public mutating func leave() -> Int? {
        precondition(callers > 0, "a single-threaded period left more often than entered")
        callers -= 1
        return callers == 0 ? saved : nil
    }
}
