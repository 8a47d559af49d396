/// Order statistics for benchmark timings.
struct Timings {
    private(set) var samples: [Double] = []

    mutating func add(_ ms: Double) { samples.append(ms) }

    /// The q-quantile (0…1), nearest rank.
    func quantile(_ q: Double) -> Double {
        guard !samples.isEmpty else { return 0 }
        let sorted = samples.sorted()
        let rank = Int((q * Double(sorted.count)).rounded(.up)) - 1
        return sorted[min(max(rank, 0), sorted.count - 1)]
    }

    var median: Double { quantile(0.5) }
    var p95: Double { quantile(0.95) }
    var p99: Double { quantile(0.99) }
}

/// Milliseconds taken by `body`.
func measureMs(_ body: () throws -> Void) rethrows -> Double {
    let start = ContinuousClock.now
    try body()
    let d = ContinuousClock.now - start
    return Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
}

/// Rounds to three decimals for reports.
func round3(_ x: Double) -> Double { (x * 1000).rounded() / 1000 }
