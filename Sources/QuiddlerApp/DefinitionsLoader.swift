import Foundation
import QuiddlerLexicon

/// Loads the definitions dictionaries from Debian's packages: WordNet (`wordnet-base`, in
/// /usr/share/wordnet) and GCIDE (`dict-gcide`, in /usr/share/dictd). Either may be missing;
/// `QUIDDLER_WORDNET` and `QUIDDLER_GCIDE` name other folders.
enum DefinitionsLoader {
    /// What to tell a user who has neither.
    static let howToInstall = "no definitions installed: run 'apt-get install wordnet-base dict-gcide' (or set QUIDDLER_WORDNET / QUIDDLER_GCIDE to their folders)"

    struct Loaded {
        let definitions: Definitions
        /// One line per dictionary that could not be used, and why.
        let notes: [String]
    }

    static var wordNetFolder: String { ProcessInfo.processInfo.environment["QUIDDLER_WORDNET"] ?? "/usr/share/wordnet" }
    static var gcideFolder: String { ProcessInfo.processInfo.environment["QUIDDLER_GCIDE"] ?? "/usr/share/dictd" }

    static func load() -> Loaded {
        var notes: [String] = []
        var wordNet: WordNet?
        do { wordNet = try loadWordNet(wordNetFolder) } catch { notes.append("WordNet: \(error)") }
        var gcide: GCIDE?
        do { gcide = try loadGCIDE(gcideFolder) } catch { notes.append("GCIDE: \(error)") }
        if wordNet == nil && gcide == nil { notes.append(howToInstall) }
        return Loaded(definitions: Definitions(wordNet: wordNet, gcide: gcide), notes: notes)
    }

    static func loadWordNet(_ folder: String) throws -> WordNet {
        var files: [WordNet.PartOfSpeech: WordNet.Files] = [:]
        for pos in WordNet.PartOfSpeech.allCases {
            func path(_ name: String) -> String { (folder as NSString).appendingPathComponent(name) }
            let index = try Resources.read(path("index.\(pos.rawValue)"), what: "WordNet index")
            let data = try Resources.read(path("data.\(pos.rawValue)"), what: "WordNet data file")
            let exceptions = (try? Resources.read(path("\(pos.rawValue).exc"), what: "WordNet exception list")) ?? []
            files[pos] = WordNet.Files(index: index, data: data, exceptions: exceptions)
        }
        return WordNet(files: files)
    }

    static func loadGCIDE(_ folder: String) throws -> GCIDE {
        let index = try Resources.read((folder as NSString).appendingPathComponent("gcide.index"), what: "GCIDE index")
        let text = try Resources.read((folder as NSString).appendingPathComponent("gcide.dict.dz"), what: "GCIDE text")
        do { return try GCIDE(index: index, text: text) } catch { throw AppError.unreadable(path: folder + "/gcide.dict.dz", reason: "\(error)") }
    }
}
