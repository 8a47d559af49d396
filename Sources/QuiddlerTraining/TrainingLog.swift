import QuiddlerPlatform

/// The CSV log of a training run, one line per step, and a loss plot drawn from it in text. The
/// lines go to `sink` (a file, in `quiddler train`).
public final class TrainingLog {
    public static let header = "stage,step,loss,heat,regression,learning_rate,time\n"
    private let sink: (String) -> Void
    private let clock: () -> Int
    private var losses: [String: [Float]] = [:]

    /// - Parameter clock: seconds since 1970, for the time column.
    public init(clock: @escaping () -> Int, sink: @escaping (String) -> Void) {
        self.clock = clock
        self.sink = sink
    }

    public func write(_ r: StepReport) {
        losses[r.stage.rawValue, default: []].append(r.loss)
        let p = r.parts.map { cFormat("%.5f", $0) } + Array(repeating: "", count: max(0, 2 - r.parts.count))
        sink("\(r.stage.rawValue),\(r.step),\(cFormat("%.5f", r.loss)),\(p.joined(separator: ",")),\(cFormat("%.6f", r.learningRate)),\(clock())\n")
    }
    /// A small text chart of each stage's loss, smoothed, on a log scale.
    public func plot(height: Int = 8, width: Int = 60) -> String {
        var out: [String] = []
        for (stage, values) in losses.sorted(by: { $0.key < $1.key }) where values.count > 1 {
            let buckets = min(width, values.count)
            let per = values.count / buckets
            let means = (0..<buckets).map { b in values[(b * per)..<min(values.count, (b + 1) * per)].reduce(0, +) / Float(per) }
            let logs = means.map { log10(max($0, 1e-6)) }
            guard let lo = logs.min(), let top = logs.max(), let highest = means.max(), let last = means.last else { continue }
            let hi = max(top, lo + 1e-6)
            out.append("\(stage) loss, \(values.count) steps (log scale, \(cFormat("%.3g", highest)) → \(cFormat("%.3g", last)))")
            for row in (0..<height).reversed() {
                let line = logs.map { v -> Character in Int((v - lo) / (hi - lo) * Float(height - 1) + 0.5) == row ? "*" : " " }
                out.append("  |" + String(line))
            }
            out.append("  +" + String(repeating: "-", count: buckets))
        }
        return out.joined(separator: "\n")
    }
}
