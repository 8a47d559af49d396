import QuiddlerImage
import QuiddlerPlatform

/// The index detector's output, defined once: what each channel means, how training labels are
/// encoded into it, and how a cell of it is decoded back into an index. CenterNet-style, at
/// output stride 4.
public enum DetectorHead {
    /// The output channels, in order.
    public enum Channel: Int, CaseIterable, Sendable {
        /// Logit that an index's centre is in this cell.
        case heat
        /// Where in the cell the centre is (0…1 of a cell).
        case offsetX, offsetY
        /// ln(letter height / `sizeUnit`), the height in detector pixels.
        case logSize
        /// The letters' baseline direction: 0 is upright, π upside down.
        case cos, sin
        /// The vector to the centre of the card the index belongs to, in letter heights.
        case cardDX, cardDY

        public var name: String { ["heatmap", "offsetX", "offsetY", "logSize", "cos", "sin", "cardDX", "cardDY"][rawValue] }
    }

    /// Detector pixels per output cell.
    public static let stride = 4
    /// The unit of the log-size channel, in detector pixels.
    public static let sizeUnit: Float = 8
    public static let channels = Channel.allCases.count
    /// Channels after the heatmap, trained by regression at index centres only.
    public static let regressionChannels = channels - 1
    /// Each regression channel's weight in the loss: the card vector matters less than the index.
    static let regressionWeights: [Float] = [1, 1, 1, 1, 1, 0.25, 0.25]

    /// One decoded cell: an index in detector-input pixels.
    public struct Decoded: Equatable, Sendable {
        public var logit: Float
        public var center: Point
        public var size: Float
        public var angle: Float
        public var cardCenter: Point
    }

    /// Decodes the cell (x, y) of an output of `gridWidth × gridHeight` cells per channel.
    /// - Returns: nil when any value is not finite (a broken model), so no NaN reaches geometry.
    public static func decode(_ out: UnsafeBufferPointer<Float>, x: Int, y: Int, gridWidth: Int, gridHeight: Int) -> Decoded? {
        let n = gridWidth * gridHeight, cell = y * gridWidth + x
        func value(_ c: Channel) -> Float { out[c.rawValue * n + cell] }
        let size = expf(min(max(value(.logSize), -5), 5)) * sizeUnit
        let s = Float(stride)
        let center = Point((Float(x) + value(.offsetX)) * s, (Float(y) + value(.offsetY)) * s)
        let card = Point(center.x + value(.cardDX) * size, center.y + value(.cardDY) * size)
        let d = Decoded(logit: value(.heat), center: center, size: size, angle: atan2f(value(.sin), value(.cos)), cardCenter: card)
        guard [d.logit, center.x, center.y, size, d.angle, card.x, card.y].allSatisfy(\.isFinite) else { return nil }
        return d
    }

    /// Training targets on the output grid, encoded from labels in detector-input pixels.
    public struct Targets: Sendable {
        public let gridWidth: Int
        public let gridHeight: Int
        /// (1, H, W): Gaussian bumps peaking at 1 on index centres.
        public var heat: [Float]
        /// (1, H, W): 0 around indices marked to ignore.
        public var heatWeight: [Float]
        /// (7, H, W): the regression channels, in `Channel` order after the heatmap.
        public var regression: [Float]
        /// (7, H, W): per-channel weights, non-zero on index centre cells.
        public var regressionWeight: [Float]
        /// Number of visible indices.
        public var count: Int

        public init(labels: [IndexLabel], inputWidth: Int, inputHeight: Int) {
            let s = DetectorHead.stride
            gridWidth = inputWidth / s
            gridHeight = inputHeight / s
            let n = gridWidth * gridHeight, r = DetectorHead.regressionChannels
            heat = [Float](repeating: 0, count: n)
            heatWeight = [Float](repeating: 1, count: n)
            regression = [Float](repeating: 0, count: r * n)
            regressionWeight = [Float](repeating: 0, count: r * n)
            count = 0
            var owner = [Float](repeating: 0, count: n)
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
                let radius = Int((3 * sigma).rounded(.up))
                for y in max(0, iy - radius)...min(gridHeight - 1, iy + radius) {
                    for x in max(0, ix - radius)...min(gridWidth - 1, ix + radius) {
                        let dx = Float(x - ix), dy = Float(y - iy)
                        let g = expf(-(dx * dx + dy * dy) / (2 * sigma * sigma))
                        heat[y * gridWidth + x] = max(heat[y * gridWidth + x], g)
                    }
                }
                // The regressions are taught at the centre cell and at its neighbours where the
                // bump is still high, so a peak one cell off (small letters straddle cells) still
                // decodes to the index's own centre, size and angle. An index's cells share one
                // unit of weight, so each index counts once in the loss, whatever its size.
                let cells = Self.regressionCells(ix: ix, iy: iy, sigma: sigma, gridWidth: gridWidth, gridHeight: gridHeight)
                let mass = cells.reduce(0) { $0 + $1.weight }
                for (x, y, g) in cells {
                    let cell = y * gridWidth + x
                    // A cell between two indices belongs to the one whose bump is higher there.
                    guard g > owner[cell] else { continue }
                    owner[cell] = g
                    let values = Self.encode(l, cellX: x, cellY: y)
                    for c in 0..<r {
                        regression[c * n + cell] = values[c + 1]
                        regressionWeight[c * n + cell] = DetectorHead.regressionWeights[c] * g / mass
                    }
                }
            }
        }

        /// Bumps below this height at a neighbour cell teach it no regression.
        static let regressionFloor: Float = 0.2

        /// The centre cell (weight 1) and those of its 3×3 neighbours inside the grid whose
        /// Gaussian bump is at least `regressionFloor`, with the bump's height as weight.
        static func regressionCells(ix: Int, iy: Int, sigma: Float, gridWidth: Int, gridHeight: Int) -> [(Int, Int, weight: Float)] {
            var cells: [(Int, Int, weight: Float)] = []
            for y in max(0, iy - 1)...min(gridHeight - 1, iy + 1) {
                for x in max(0, ix - 1)...min(gridWidth - 1, ix + 1) {
                    let dx = Float(x - ix), dy = Float(y - iy)
                    let g = expf(-(dx * dx + dy * dy) / (2 * sigma * sigma))
                    if x == ix && y == iy || g >= regressionFloor { cells.append((x, y, g)) }
                }
            }
            return cells
        }

        /// The inverse of `decode` at the cell (x, y), channel by channel: the offset is measured
        /// from that cell, so it lies outside 0…1 at a neighbour.
        static func encode(_ l: IndexLabel, cellX: Int, cellY: Int) -> [Float] {
            let s = Float(DetectorHead.stride)
            var values = [Float](repeating: 0, count: DetectorHead.channels)
            values[Channel.offsetX.rawValue] = l.center.x / s - Float(cellX)
            values[Channel.offsetY.rawValue] = l.center.y / s - Float(cellY)
            values[Channel.logSize.rawValue] = logf(l.size / DetectorHead.sizeUnit)
            values[Channel.cos.rawValue] = cosf(l.angle)
            values[Channel.sin.rawValue] = sinf(l.angle)
            values[Channel.cardDX.rawValue] = (l.cardCenter.x - l.center.x) / l.size
            values[Channel.cardDY.rawValue] = (l.cardCenter.y - l.center.y) / l.size
            return values
        }
    }
}
