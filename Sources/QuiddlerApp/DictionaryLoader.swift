import Foundation
import QuiddlerGame

/// A dictionary ready to solve with, and what loading it found.
public struct LoadedDictionary: Sendable {
    public let trie: Trie
    public let path: String
    /// A one-line account of skipped lines, if any were skipped.
    public let skipSummary: String?
}

/// Loads word lists. Building the trie from the bundled list takes about 20 ms in a release
/// build (`quiddler bench load`), so no compiled form is cached.
public enum DictionaryLoader {
    /// Loads `path`, or the bundled `Dictionary/words.txt` when nil.
    /// - Throws: `AppError` for a missing or unreadable file or a list with no usable word.
    public static func load(path: String?) throws(AppError) -> LoadedDictionary {
        let file: String
        if let path { file = path } else { file = try Resources.locate("Dictionary/words.txt") }
        let bytes = try readCapped(file)
        let list: WordList
        do { list = try WordList(bytes: bytes) } catch { throw .game(option: file, error: error) }
        return LoadedDictionary(trie: Trie(list), path: file, skipSummary: list.skipSummary)
    }

    /// The words of `path` (or the bundled list), as text.
    public static func words(path: String?) throws(AppError) -> [String] {
        let file: String
        if let path { file = path } else { file = try Resources.locate("Dictionary/words.txt") }
        let list: WordList
        do { list = try WordList(bytes: try readCapped(file)) } catch let e as AppError { throw e } catch { throw .game(option: file, error: error) }
        return list.words.map { String(decoding: $0.map { $0 + 97 }, as: UTF8.self) }
    }

    /// The largest word list read: a few times any real one (SCOWL's largest is about 7 MB).
    static let maxBytes = 20 << 20

    /// Reads a word list, refusing one past `maxBytes` before reading it.
    static func readCapped(_ file: String) throws(AppError) -> [UInt8] {
        let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
        guard size <= maxBytes else {
            throw .badOption(option: file, reason: "the word list is \(size >> 20) MB; at most \(maxBytes >> 20) MB is read (one word per line)")
        }
        return try Resources.read(file, what: "word list")
    }
}
