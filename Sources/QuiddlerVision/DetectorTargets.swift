#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Training targets for the index detector, on its output grid (stride 4).
public struct DetectorTargets {
    public let gridWidth: Int
    public let gridHeight: Int
    /// (1, H, W): Gaussian bumps peaking at 1 on index centres.
    public var heat: [Float]
    /// (1, H, W): 0 around indices marked to ignore.
    public var heatWeight: [Float]
    /// (7, H, W): offset x, offset y, log size, cos, sin, card vector x, y.
    public var regression: [Float]
    /// (7, H, W): per-channel weights, non-zero on index centre cells.
    public var regressionWeight: [Float]
    /// Number of visible indices.
    public var count: Int

    static let channelWeights: [Float] = [1, 1, 1, 1, 1, 0.25, 0.25]

    /// Encodes labels given in detector-input pixels.
    public init(labels: [IndexLabel], inputWidth: Int, inputHeight: Int) {
        let s = DetectorModel.stride
        gridWidth = inputWidth / s
        gridHeight = inputHeight / s
        let n = gridWidth * gridHeight
        heat = [Float](repeating: 0, count: n)
        heatWeight = [Float](repeating: 1, count: n)
        regression = [Float](repeating: 0, count: 7 * n)
        regressionWeight = [Float](repeating: 0, count: 7 * n)
        count = 0
        for l in labels {
            let cx = l.center.x / Float(s), cy = l.center.y / Float(s)
            let ix = Int(floorf(cx)), iy = Int(floorf(cy))
            let sizeCells = l.size / Float(s)
            if l.visibility == .ignore {
                let r = Int(max(1, sizeCells * 0.6).rounded(.up))
                let y0 = max(0, iy - r), y1 = min(gridHeight - 1, iy + r), x0 = max(0, ix - r), x1 = min(gridWidth - 1, ix + r)
                guard y0 <= y1, x0 <= x1 else { continue }
                for y in y0...y1 { for x in x0...x1 { heatWeight[y * gridWidth + x] = 0 } }
                continue
            }
            guard ix >= 0, iy >= 0, ix < gridWidth, iy < gridHeight else { continue }
            count += 1
            let sigma = max(0.6, sizeCells * 0.25)
            let r = Int((3 * sigma).rounded(.up))
            for y in max(0, iy - r)...min(gridHeight - 1, iy + r) {
                for x in max(0, ix - r)...min(gridWidth - 1, ix + r) {
                    let dx = Float(x - ix), dy = Float(y - iy)
                    let g = expf(-(dx * dx + dy * dy) / (2 * sigma * sigma))
                    heat[y * gridWidth + x] = max(heat[y * gridWidth + x], g)
                }
            }
            let cell = iy * gridWidth + ix
            let values: [Float] = [
                cx - Float(ix), cy - Float(iy), logf(l.size / DetectorModel.sizeUnit), cosf(l.angle), sinf(l.angle),
                (l.cardCenter.x - l.center.x) / l.size, (l.cardCenter.y - l.center.y) / l.size,
            ]
            for c in 0..<7 {
                regression[c * n + cell] = values[c]
                regressionWeight[c * n + cell] = DetectorTargets.channelWeights[c]
            }
        }
    }
}
