import ArgumentParser
import Foundation
import QuiddlerGame
import QuiddlerLexicon

/// `quiddler define`: what words mean, offline, from WordNet and GCIDE.
struct DefineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "define", abstract: "Say what words mean: base form, part of speech and first senses (WordNet, then GCIDE).",
        discussion: "Definitions come from Debian's wordnet-base and dict-gcide packages. --coverage counts the words of the word list that have a definition.")

    @Argument(help: "Words to define.") var words: [String] = []
    @Option(parsing: .unconditional, help: "Senses to show for each part of speech.") var senses = 3
    @Flag(help: "Count how many words of the word list have a definition.") var coverage = false
    @Option(help: "A word list (default: the bundled list).") var dictionary: String?
    @Flag(help: "Print one JSON object.") var json = false

    func validate() throws {
        guard coverage || !words.isEmpty else { throw ValidationError("name a word to define, or ask for --coverage") }
        guard (1...20).contains(senses) else { throw ValidationError("--senses must be 1 to 20, got \(senses)") }
        for w in words where w.isEmpty || w.count > 40 || !w.allSatisfy({ $0.isLetter || $0 == "-" || $0 == "'" }) {
            throw ValidationError("'\(printable(w))' is not a word: use letters only")
        }
    }

    struct WordReport: Codable {
        let word: String
        let inWordList: Bool
        let entries: [Definition]
    }

    struct CoverageReport: Codable {
        let words: Int
        let defined: Int
        let byWordNet: Int
        let byGCIDEOnly: Int
        let share: Double
    }

    func run() throws {
        let loaded = DefinitionsLoader.load()
        for note in loaded.notes where !loaded.definitions.isEmpty { printError("note: \(note)") }
        guard !loaded.definitions.isEmpty else { throw AppError.badOption(option: "definitions", reason: DefinitionsLoader.howToInstall) }
        let list = try DictionaryLoader.load(path: dictionary)
        if coverage { return try runCoverage(loaded.definitions, list: list) }
        var reports: [WordReport] = []
        for w in words {
            let entries = loaded.definitions.lookup(w, senses: senses)
            reports.append(WordReport(word: w.lowercased(), inWordList: list.trie.contains(w.lowercased()), entries: entries))
        }
        if json {
            try printJSON(["words": reports])
        } else {
            for r in reports { print(Self.text(r)) }
        }
        // Every word is reported above; one that is neither defined nor playable is most likely
        // misspelt, and the exit status says so to scripts (as grep's does for no match).
        let unknown = reports.filter { $0.entries.isEmpty && !$0.inWordList }.map(\.word)
        if !unknown.isEmpty { throw AppError.unknownWords(unknown) }
    }

    /// The entry as a few lines: "clomping → clomp, verb (WordNet)" then numbered senses.
    static func text(_ r: WordReport) -> String {
        guard !r.entries.isEmpty else {
            return "\(r.word): no definition found" + (r.inWordList ? "; it is in the word list, so it is still valid for play" : ", and it is not in the word list")
        }
        var lines = entryLines(word: r.word, entries: r.entries)
        if !r.inWordList { lines.append("  (not in the word list: not valid for play)") }
        return lines.joined(separator: "\n")
    }

    /// A word's entries as lines, for the command line and the app's entry panel alike: a head
    /// line per entry ("clomping → clomp, verb (WordNet)"), then its senses numbered, escaped.
    static func entryLines(word: String, entries: [Definition]) -> [String] {
        entries.flatMap { e in
            ["\(e.base == word ? word : "\(word) → \(e.base)"), \(e.partOfSpeech) (\(e.source))"]
                + e.senses.enumerated().map { "  \($0.offset + 1). \(printable($0.element))" }
        }
    }

    func runCoverage(_ d: Definitions, list: LoadedDictionary) throws {
        let words = try DictionaryLoader.words(path: dictionary)
        var defined = 0, wordNet = 0
        for w in words {
            let entries = d.lookup(w, senses: 1)
            guard !entries.isEmpty else { continue }
            defined += 1
            if entries[0].source == "WordNet" { wordNet += 1 }
        }
        let report = CoverageReport(words: words.count, defined: defined, byWordNet: wordNet, byGCIDEOnly: defined - wordNet,
                                    share: words.isEmpty ? 0 : Double(defined) / Double(words.count))
        if json {
            try printJSON(report)
        } else {
            print(String(format: "%d of %d words in %@ have a definition (%.1f%%): %d from WordNet, %d more from GCIDE",
                         defined, words.count, list.path, 100 * report.share, wordNet, defined - wordNet))
        }
    }
}
