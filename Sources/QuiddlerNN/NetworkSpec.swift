/// One layer of a network description. Each layer reads the output of the layer before it (the
/// network's input for the first); `concat`, `add` and `branch` also name an earlier layer by
/// index (-1 is the network's input).
public enum LayerSpec: Equatable, Sendable {
    case conv(out: Int, k: Int, stride: Int, pad: Int, bias: Bool)
    case batchNorm
    case relu
    case leakyRelu(slope: Float)
    case maxPool(k: Int, stride: Int)
    case avgPool(k: Int)
    case globalAvgPool
    case upsample(factor: Int)
    /// Channels of the previous output followed by those of layer `from`.
    case concat(from: Int)
    /// The previous output plus layer `from`'s (a residual connection).
    case add(from: Int)
    /// Starts a new path from layer `from`'s output.
    case branch(from: Int)
    case dense(out: Int)
    case dropout(p: Float)
}

/// A network described once, as text or values; the same description serves training and
/// inference and is stored in weight files.
///
/// Text form, one layer per line after `input C`:
/// `conv 32 k3 s2 p1 [nobias]`, `bn`, `relu`, `leaky 0.1`, `maxpool 2 s2`, `avgpool 2`, `gap`,
/// `up 2`, `concat 4`, `add 4`, `branch 4`, `dense 32`, `dropout 0.1`. `#` starts a comment.
public struct NetworkSpec: Equatable, Sendable, CustomStringConvertible {
    public let inputChannels: Int
    public let layers: [LayerSpec]

    public init(inputChannels: Int, layers: [LayerSpec]) {
        self.inputChannels = inputChannels
        self.layers = layers
    }

    /// Parses the text form.
    /// - Throws: `NNError.badSpec` naming the line and what is wrong with it.
    public init(text: String) throws(NNError) {
        var input: Int?
        var layers: [LayerSpec] = []
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard let op = words.first else { continue }
            let args = Array(words.dropFirst())
            let lineNo = i + 1
            func int(_ j: Int, prefix: String = "") throws(NNError) -> Int {
                guard j < args.count, args[j].hasPrefix(prefix), let v = Int(args[j].dropFirst(prefix.count)) else {
                    throw .badSpec(line: lineNo, reason: "'\(op)' needs \(prefix.isEmpty ? "a number" : prefix + "N") as argument \(j + 1)")
                }
                return v
            }
            func float(_ j: Int) throws(NNError) -> Float {
                guard j < args.count, let v = Float(args[j]) else { throw .badSpec(line: lineNo, reason: "'\(op)' needs a number") }
                return v
            }
            if op == "input" { input = try int(0); continue }
            guard input != nil else { throw .badSpec(line: lineNo, reason: "the description must start with 'input C'") }
            switch op {
            case "conv":
                layers.append(.conv(out: try int(0), k: try int(1, prefix: "k"), stride: try int(2, prefix: "s"),
                                    pad: try int(3, prefix: "p"), bias: !args.contains("nobias")))
            case "bn": layers.append(.batchNorm)
            case "relu": layers.append(.relu)
            case "leaky": layers.append(.leakyRelu(slope: try float(0)))
            case "maxpool": layers.append(.maxPool(k: try int(0), stride: try int(1, prefix: "s")))
            case "avgpool": layers.append(.avgPool(k: try int(0)))
            case "gap": layers.append(.globalAvgPool)
            case "up": layers.append(.upsample(factor: try int(0)))
            case "concat": layers.append(.concat(from: try int(0)))
            case "add": layers.append(.add(from: try int(0)))
            case "branch": layers.append(.branch(from: try int(0)))
            case "dense": layers.append(.dense(out: try int(0)))
            case "dropout": layers.append(.dropout(p: try float(0)))
            default: throw .badSpec(line: lineNo, reason: "unknown layer '\(op)'")
            }
        }
        guard let input, input > 0 else { throw .badSpec(line: 1, reason: "the description must start with 'input C'") }
        self.init(inputChannels: input, layers: layers)
    }

    /// The text form, which parses back to the same description.
    public var description: String {
        var lines = ["input \(inputChannels)"]
        for l in layers {
            switch l {
            case .conv(let o, let k, let s, let p, let b): lines.append("conv \(o) k\(k) s\(s) p\(p)\(b ? "" : " nobias")")
            case .batchNorm: lines.append("bn")
            case .relu: lines.append("relu")
            case .leakyRelu(let a): lines.append("leaky \(a)")
            case .maxPool(let k, let s): lines.append("maxpool \(k) s\(s)")
            case .avgPool(let k): lines.append("avgpool \(k)")
            case .globalAvgPool: lines.append("gap")
            case .upsample(let f): lines.append("up \(f)")
            case .concat(let f): lines.append("concat \(f)")
            case .add(let f): lines.append("add \(f)")
            case .branch(let f): lines.append("branch \(f)")
            case .dense(let o): lines.append("dense \(o)")
            case .dropout(let p): lines.append("dropout \(p)")
            }
        }
        return lines.joined(separator: "\n")
    }

    /// The output shape (C, H, W) of every layer for an input of (inputChannels, H, W).
    /// - Throws: `NNError.shapeMismatch` when a layer does not fit its input.
    public func shapes(height: Int, width: Int) throws(NNError) -> [Shape3] {
        var out: [Shape3] = []
        let input = Shape3(c: inputChannels, h: height, w: width)
        func at(_ i: Int) throws(NNError) -> Shape3 {
            if i == -1 { return input }
            guard i >= 0 && i < out.count else { throw .shapeMismatch("layer \(out.count) refers to layer \(i), which does not come before it") }
            return out[i]
        }
        for (i, l) in layers.enumerated() {
            let x = try at(i - 1)
            let y: Shape3
            switch l {
            case .conv(let o, let k, let s, let p, _):
                guard o > 0, k > 0, s > 0, p >= 0, x.h + 2 * p >= k, x.w + 2 * p >= k else {
                    throw .shapeMismatch("layer \(i) (conv k\(k)) does not fit input \(x)")
                }
                y = Shape3(c: o, h: (x.h + 2 * p - k) / s + 1, w: (x.w + 2 * p - k) / s + 1)
            case .batchNorm, .relu, .leakyRelu, .dropout: y = x
            case .maxPool(let k, let s):
                guard k > 0, s > 0, x.h >= k, x.w >= k else { throw .shapeMismatch("layer \(i) (maxpool) does not fit input \(x)") }
                y = Shape3(c: x.c, h: (x.h - k) / s + 1, w: (x.w - k) / s + 1)
            case .avgPool(let k):
                guard k > 0, x.h >= k, x.w >= k else { throw .shapeMismatch("layer \(i) (avgpool) does not fit input \(x)") }
                y = Shape3(c: x.c, h: x.h / k, w: x.w / k)
            case .globalAvgPool: y = Shape3(c: x.c, h: 1, w: 1)
            case .upsample(let f):
                guard f > 0 else { throw .shapeMismatch("layer \(i) (up) needs a positive factor") }
                y = Shape3(c: x.c, h: x.h * f, w: x.w * f)
            case .concat(let f):
                let z = try at(f)
                guard z.h == x.h, z.w == x.w else { throw .shapeMismatch("layer \(i) concatenates \(x) with layer \(f)'s \(z)") }
                y = Shape3(c: x.c + z.c, h: x.h, w: x.w)
            case .add(let f):
                let z = try at(f)
                guard z == x else { throw .shapeMismatch("layer \(i) adds \(x) to layer \(f)'s \(z)") }
                y = x
            case .branch(let f): y = try at(f)
            case .dense(let o):
                guard o > 0 else { throw .shapeMismatch("layer \(i) (dense) needs a positive width") }
                y = Shape3(c: o, h: 1, w: 1)
            }
            out.append(y)
        }
        return out
    }
}

/// The shape of one image-like activation: channels, height, width.
public struct Shape3: Equatable, Sendable, CustomStringConvertible {
    public let c, h, w: Int
    public init(c: Int, h: Int, w: Int) { (self.c, self.h, self.w) = (c, h, w) }
    public var count: Int { c * h * w }
    public var description: String { "\(c)×\(h)×\(w)" }
}
