import ArgumentParser
import Foundation
import QuiddlerLexicon
import QuiddlerRandom

/// `quiddler bench define`: the cost of the definitions: loading them, their memory, one look-up.
struct BenchDefine: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "define", abstract: "Time loading the definitions (and their memory) and looking up words of the word list.")

    @Option(parsing: .unconditional, help: "Loads to time.") var loads = 5
    @Option(parsing: .unconditional, help: "Look-ups to time (random words of the word list).") var lookups = 2000
    @Option(parsing: .unconditional, help: "Seed for the words.") var seed: UInt64 = 1
    @Flag(help: "Print one JSON object.") var json = false

    func validate() throws {
        guard loads > 0, lookups > 0 else { throw ValidationError("--loads and --lookups must be at least 1") }
    }

    struct Report: Codable {
        let loadMedianMs: Double
        let loadP95Ms: Double
        let memoryMB: Double
        let lookupMedianMs: Double
        let lookupP95Ms: Double
        let lookupP99Ms: Double
        let wordNet: Bool
        let gcide: Bool
    }

    func run() throws {
        let before = residentMB()
        var load = Timings()
        var loaded = DefinitionsLoader.load()
        let after = residentMB()
        for _ in 0..<loads { load.add(measureMs { loaded = DefinitionsLoader.load() }) }
        guard !loaded.definitions.isEmpty else { throw AppError.badOption(option: "definitions", reason: DefinitionsLoader.howToInstall) }
        let words = try DictionaryLoader.words(path: nil)
        var rng = SeededGenerator(seed: seed)
        var lookup = Timings()
        for _ in 0..<lookups {
            let w = words[Int(rng.next() % UInt64(words.count))]
            lookup.add(measureMs { _ = loaded.definitions.lookup(w) })
        }
        let report = Report(loadMedianMs: round3(load.median), loadP95Ms: round3(load.p95), memoryMB: round3(after - before),
                            lookupMedianMs: round3(lookup.median), lookupP95Ms: round3(lookup.p95), lookupP99Ms: round3(lookup.p99),
                            wordNet: loaded.definitions.wordNet != nil, gcide: loaded.definitions.gcide != nil)
        if json {
            try printJSON(report)
        } else {
            print("load: median \(report.loadMedianMs) ms, p95 \(report.loadP95Ms) ms; memory \(report.memoryMB) MB")
            print("look-up: median \(report.lookupMedianMs) ms, p95 \(report.lookupP95Ms) ms, p99 \(report.lookupP99Ms) ms over \(lookups) words")
        }
    }

    /// The process's resident memory, from /proc/self/statm.
    func residentMB() -> Double {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Double(fields[1]) else { return 0 }
        return pages * Double(sysconf(Int32(_SC_PAGESIZE))) / 1_048_576
    }
}
