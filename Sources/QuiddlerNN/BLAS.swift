import COpenBLAS

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
