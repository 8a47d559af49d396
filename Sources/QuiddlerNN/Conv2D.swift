/// Shape of one 2-D convolution over a batch.
public struct ConvGeometry: Equatable, Sendable {
    public let n, c, h, w: Int
    public let oc, k, stride, pad: Int

    public init(n: Int, c: Int, h: Int, w: Int, oc: Int, k: Int, stride: Int, pad: Int) {
        (self.n, self.c, self.h, self.w, self.oc, self.k, self.stride, self.pad) = (n, c, h, w, oc, k, stride, pad)
    }

    public var oh: Int { (h + 2 * pad - k) / stride + 1 }
    public var ow: Int { (w + 2 * pad - k) / stride + 1 }
    /// Rows of the im2col matrix: C·K·K.
    var colRows: Int { c * k * k }
    /// Columns of the im2col matrix for the whole batch: N·OH·OW.
    var colCols: Int { n * oh * ow }
    /// Whether the convolution is a plain 1×1 product needing no im2col.
    var isPointwise: Bool { k == 1 && stride == 1 && pad == 0 }
    /// Multiply-accumulates of one forward pass.
    public var macs: Int { n * oc * oh * ow * c * k * k }
}

// MARK: - im2col

/// Unfolds a batch of images into columns, one column per output pixel.
/// - input: (N, C, H, W)
/// - col: (C·K·K, N·OH·OW)
/// - outputRows: only the columns of these output rows (of every image); all by default
func im2col(_ input: UnsafePointer<Float>, _ col: UnsafeMutablePointer<Float>, _ g: ConvGeometry, outputRows: Range<Int>? = nil) {
    let (oh, ow) = (g.oh, g.ow)
    let ohw = oh * ow
    let cols = g.n * ohw
    for ch in 0..<g.c {
        for ky in 0..<g.k {
            for kx in 0..<g.k {
                let row = (ch * g.k + ky) * g.k + kx
                // Output columns whose input x lies inside the image.
                let ox0 = max(0, (g.pad - kx + g.stride - 1) / g.stride)
                let ox1 = min(ow, (g.w - 1 + g.pad - kx) / g.stride + 1)
                for img in 0..<g.n {
                    let src = input + (img * g.c + ch) * g.h * g.w
                    let dstRow = col + row * cols + img * ohw
                    for oy in outputRows ?? 0..<oh {
                        let dst = dstRow + oy * ow
                        let iy = oy * g.stride - g.pad + ky
                        if iy < 0 || iy >= g.h || ox0 >= ox1 {
                            dst.update(repeating: 0, count: ow)
                            continue
                        }
                        if ox0 > 0 { dst.update(repeating: 0, count: ox0) }
                        if ox1 < ow { (dst + ox1).update(repeating: 0, count: ow - ox1) }
                        let line = src + iy * g.w
                        let ix0 = ox0 * g.stride - g.pad + kx
                        if g.stride == 1 {
                            (dst + ox0).update(from: line + ix0, count: ox1 - ox0)
                        } else {
                            var ix = ix0
                            for ox in ox0..<ox1 { dst[ox] = line[ix]; ix += g.stride }
                        }
                    }
                }
            }
        }
    }
}

/// Folds columns back into images, adding overlapping contributions: the adjoint of `im2col`.
/// - col: (C·K·K, N·OH·OW)
/// - input: (N, C, H, W), accumulated into
func col2im(_ col: UnsafePointer<Float>, _ input: UnsafeMutablePointer<Float>, _ g: ConvGeometry) {
    let (oh, ow) = (g.oh, g.ow)
    let ohw = oh * ow
    let cols = g.n * ohw
    for ch in 0..<g.c {
        for ky in 0..<g.k {
            for kx in 0..<g.k {
                let row = (ch * g.k + ky) * g.k + kx
                let ox0 = max(0, (g.pad - kx + g.stride - 1) / g.stride)
                let ox1 = min(ow, (g.w - 1 + g.pad - kx) / g.stride + 1)
                guard ox0 < ox1 else { continue }
                for img in 0..<g.n {
                    let dstImg = input + (img * g.c + ch) * g.h * g.w
                    let srcRow = col + row * cols + img * ohw
                    for oy in 0..<oh {
                        let iy = oy * g.stride - g.pad + ky
                        if iy < 0 || iy >= g.h { continue }
                        let src = srcRow + oy * ow
                        let line = dstImg + iy * g.w
                        var ix = ox0 * g.stride - g.pad + kx
                        for ox in ox0..<ox1 { line[ix] += src[ox]; ix += g.stride }
                    }
                }
            }
        }
    }
}

// MARK: - forward / backward

/// Convolution forward: im2col, one sgemm for the whole batch, then bias.
/// - input: (N, C, H, W)
/// - weight: (OC, C, K, K)
/// - bias: (OC) or nil
/// - output: (N, OC, OH, OW)
/// - scratch: at least `conv2dScratch(g)` floats
func conv2dForward(
    _ output: UnsafeMutablePointer<Float>, _ input: UnsafePointer<Float>, _ weight: UnsafePointer<Float>,
    _ bias: UnsafePointer<Float>?, _ g: ConvGeometry, scratch: UnsafeMutablePointer<Float>
) {
    let ohw = g.oh * g.ow
    let col: UnsafePointer<Float>
    if g.isPointwise && g.n == 1 {
        col = input
    } else {
        im2col(input, scratch, g)
        col = UnsafePointer(scratch)
    }
    if g.n == 1 {
        // out (OC, OHW) = W (OC, CKK) · col (CKK, OHW)
        BLAS.gemm(m: g.oc, n: ohw, k: g.colRows, weight, col, output)
    } else {
        // tmp (OC, N·OHW), then reorder to (N, OC, OHW).
        let tmp = scratch + g.colRows * g.colCols
        BLAS.gemm(m: g.oc, n: g.colCols, k: g.colRows, weight, col, tmp)
        for img in 0..<g.n {
            for o in 0..<g.oc {
                (output + (img * g.oc + o) * ohw).update(from: tmp + o * g.colCols + img * ohw, count: ohw)
            }
        }
    }
    if let bias {
        for img in 0..<g.n {
            for o in 0..<g.oc {
                let p = output + (img * g.oc + o) * ohw
                let b = bias[o]
                for i in 0..<ohw { p[i] += b }
            }
        }
    }
}

/// Convolution forward of one image, band by band of output rows side by side: each band is
/// unfolded, multiplied and activated by one worker (OpenBLAS on that worker's thread alone), so
/// every step of the layer is shared, not the product only.
/// - input: (1, C, H, W)
/// - weight: (OC, C, K, K) (bias and BatchNorm folded into `bias`)
/// - bias: (OC)
/// - output: (1, OC, OH, OW), each value plus its channel's bias, then leaky-ReLU'd with `slope` if given
/// - scratch: at least `conv2dScratch(g)` floats
func conv2dForwardBands(
    _ output: UnsafeMutablePointer<Float>, _ input: UnsafePointer<Float>, _ weight: UnsafePointer<Float>,
    _ bias: UnsafePointer<Float>, slope: Float?, _ g: ConvGeometry, scratch: UnsafeMutablePointer<Float>, parallel: Parallel
) {
    precondition(g.n == 1, "one image at a time")
    let ohw = g.oh * g.ow
    let bands = min(parallel.workers, g.oh)
    nonisolated(unsafe) let (out, x, w, b, col) = (output, input, weight, bias, scratch)
    parallel.forEach(bands) { k in
        let rows = Parallel.share(k, of: bands, g.oh)
        let first = rows.lowerBound * g.ow, count = rows.count * g.ow
        // This band's columns of the unfolded input, in place in the whole matrix (row stride OH·OW).
        let source: UnsafePointer<Float>
        let stride: Int
        if g.isPointwise {
            (source, stride) = (x + first, ohw)
        } else {
            im2col(x, col, g, outputRows: rows)
            (source, stride) = (UnsafePointer(col + first), ohw)
        }
        BLAS.gemm(m: g.oc, n: count, k: g.colRows, w, source, ldb: stride, out + first, ldc: ohw)
        addBias(out + first, b, channels: g.oc, count: count, channelStride: ohw, slope: slope)
    }
}

/// Adds each channel's bias to `count` values of its plane (planes `channelStride` apart), then
/// leaky-ReLUs them with `slope` if given: a folded convolution's output pass.
func addBias(_ output: UnsafeMutablePointer<Float>, _ bias: UnsafePointer<Float>, channels: Int, count: Int, channelStride: Int, slope: Float?) {
    for o in 0..<channels {
        let q = output + o * channelStride
        let bo = bias[o]
        if let slope {
            for j in 0..<count { let v = q[j] + bo; q[j] = v > 0 ? v : v * slope }
        } else {
            for j in 0..<count { q[j] += bo }
        }
    }
}

/// Floats of scratch space one convolution needs.
func conv2dScratch(_ g: ConvGeometry) -> Int {
    g.colRows * g.colCols + g.oc * g.colCols
}

/// Convolution backward.
/// - dOutput: (N, OC, OH, OW)
/// - input: (N, C, H, W), as given to the forward pass
/// - weight: (OC, C, K, K)
/// - dWeight: (OC, C, K, K), accumulated into
/// - dBias: (OC) or nil, accumulated into
/// - dInput: (N, C, H, W) or nil (the first layer needs none), accumulated into
func conv2dBackward(
    _ dOutput: UnsafePointer<Float>, _ input: UnsafePointer<Float>, _ weight: UnsafePointer<Float>,
    _ dWeight: UnsafeMutablePointer<Float>, _ dBias: UnsafeMutablePointer<Float>?, _ dInput: UnsafeMutablePointer<Float>?,
    _ g: ConvGeometry, scratch: UnsafeMutablePointer<Float>
) {
    let ohw = g.oh * g.ow
    let col = scratch
    let dOut = scratch + g.colRows * g.colCols  // (OC, N·OHW)
    im2col(input, col, g)
    for img in 0..<g.n {
        for o in 0..<g.oc {
            (dOut + o * g.colCols + img * ohw).update(from: dOutput + (img * g.oc + o) * ohw, count: ohw)
        }
    }
    if let dBias {
        for o in 0..<g.oc {
            var s: Float = 0
            let p = dOut + o * g.colCols
            for i in 0..<g.colCols { s += p[i] }
            dBias[o] += s
        }
    }
    // dW (OC, CKK) += dOut (OC, N·OHW) · colᵀ
    BLAS.gemm(transB: true, m: g.oc, n: g.colRows, k: g.colCols, dOut, col, beta: 1, dWeight)
    guard let dInput else { return }
    // dCol (CKK, N·OHW) = Wᵀ · dOut, written over col, then folded back.
    BLAS.gemm(transA: true, m: g.colRows, n: g.colCols, k: g.oc, weight, dOut, col)
    col2im(col, dInput, g)
}

/// The textbook convolution, six nested loops: the oracle for the fast one.
/// - input: (N, C, H, W); weight: (OC, C, K, K); bias: (OC) or nil; output: (N, OC, OH, OW)
public func conv2dNaive(input: [Float], weight: [Float], bias: [Float]?, _ g: ConvGeometry) -> [Float] {
    var out = [Float](repeating: 0, count: g.n * g.oc * g.oh * g.ow)
    for img in 0..<g.n {
        for o in 0..<g.oc {
            for oy in 0..<g.oh {
                for ox in 0..<g.ow {
                    var s: Float = bias?[o] ?? 0
                    for ch in 0..<g.c {
                        for ky in 0..<g.k {
                            for kx in 0..<g.k {
                                let iy = oy * g.stride - g.pad + ky, ix = ox * g.stride - g.pad + kx
                                guard iy >= 0, iy < g.h, ix >= 0, ix < g.w else { continue }
                                s += input[((img * g.c + ch) * g.h + iy) * g.w + ix] * weight[((o * g.c + ch) * g.k + ky) * g.k + kx]
                            }
                        }
                    }
                    out[((img * g.oc + o) * g.oh + oy) * g.ow + ox] = s
                }
            }
        }
    }
    return out
}
