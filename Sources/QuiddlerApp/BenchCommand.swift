import ArgumentParser
import Foundation
import QuiddlerGame
import QuiddlerRandom

/// `quiddler bench`: the project's own speed measurements.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure the speed of the engine.",
        subcommands: [BenchSolve.self, BenchLoad.self, BenchNN.self, BenchDecode.self, BenchDetect.self, BenchUI.self, BenchLatency.self, BenchDemo.self, BenchDefine.self]
    )
}

/// Deals hands from a shuffled deck and times the solver's decisions.
struct BenchSolve: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "solve", abstract: "Time take-only and full (keep + take + blind) decisions on dealt hands.")

    @Option(parsing: .unconditional, help: "How many hands to deal.") var hands = 1000
    @Option(parsing: .unconditional, help: "Cards per hand (3-10).") var size = 10
    @Option(parsing: .unconditional, help: "Seed for the shuffles.") var seed: UInt64 = 1
    @Option(help: "A word list (default: the bundled list).") var dictionary: String?
    @Flag(help: "Print one JSON object.") var json = false

    func validate() throws {
        guard (3...10).contains(size) else { throw ValidationError("--size must be 3 to 10, got \(size)") }
        guard hands > 0 else { throw ValidationError("--hands must be at least 1, got \(hands)") }
    }

    func run() throws {
        let solver = Solver(trie: try DictionaryLoader.load(path: dictionary).trie)
        var rng = SeededGenerator(seed: seed)
        var take = Timings(), full = Timings()
        var taken = 0
        for _ in 0..<hands {
            let deck = CardCounts.deck.cards.shuffled(using: &rng)
            let hand = Array(deck[0..<size]), discard = deck[size]
            take.add(measureMs { _ = solver.bestTake(hand: hand, discard: discard) })
            var decision: Decision?
            full.add(try measureMs { decision = try solver.decide(hand: hand, discard: discard) })
            if decision?.action == .takeDiscard { taken += 1 }
        }
        if json {
            try printJSON(["hands": Double(hands), "size": Double(size), "seed": Double(seed), "takeMedianMs": round3(take.median), "takeP99Ms": round3(take.p99),
                           "fullMedianMs": round3(full.median), "fullP95Ms": round3(full.p95), "fullP99Ms": round3(full.p99)])
        } else {
            print("\(hands) hands of \(size) cards (seed \(seed)); \(taken) take the discard")
            print("take-only decision: median \(round3(take.median)) ms, p95 \(round3(take.p95)) ms, p99 \(round3(take.p99)) ms")
            print("full decision:      median \(round3(full.median)) ms, p95 \(round3(full.p95)) ms, p99 \(round3(full.p99)) ms")
        }
    }
}

/// Times loading the word list until the solver is ready.
struct BenchLoad: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load", abstract: "Time reading the word list and building its trie, until ready to solve.")

    @Option(parsing: .unconditional, help: "How many loads.") var runs = 20
    @Option(help: "A word list (default: the bundled list).") var dictionary: String?
    @Flag(help: "Print one JSON object.") var json = false

    func validate() throws {
        guard runs > 0 else { throw ValidationError("--runs must be at least 1, got \(runs)") }
    }

    func run() throws {
        var times = Timings()
        for _ in 0..<max(runs, 1) {
            times.add(try measureMs { _ = try DictionaryLoader.load(path: dictionary) })
        }
        if json {
            try printJSON(["loadMedianMs": round3(times.median), "loadP95Ms": round3(times.p95)])
        } else {
            print("load word list: median \(round3(times.median)) ms, p95 \(round3(times.p95)) ms")
        }
    }
}
