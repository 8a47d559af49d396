/// One dictionary entry for a word: its base form, part of speech and senses.
public struct Definition: Sendable, Codable, Equatable {
    /// The word asked for, and the base form the entry is for (`clomping` → `clomp`).
    public let word: String
    public let base: String
    public let partOfSpeech: String
    /// Senses, most common first; each a definition, examples dropped.
    public let senses: [String]
    /// Which dictionary: "WordNet" or "GCIDE".
    public let source: String
}

/// Definitions of words from WordNet (modern, with parts of speech and short glosses) and, for
/// words WordNet does not have (function words such as `thy`, many rare words), GCIDE.
/// Either may be missing. Pure: built from the files' bytes, looked up in memory.
public struct Definitions: Sendable {
    public let wordNet: WordNet?
    public let gcide: GCIDE?

    public init(wordNet: WordNet?, gcide: GCIDE?) {
        self.wordNet = wordNet
        self.gcide = gcide
    }

    /// Whether any dictionary was loaded.
    public var isEmpty: Bool { wordNet == nil && gcide == nil }

    /// The entries for `word`: WordNet's for each part of speech it has (the word itself before
    /// reduced forms), else GCIDE's. At most `senses` senses each.
    /// - Complexity: a few binary searches and, for GCIDE, inflating one or two 64 KB chunks.
    public func lookup(_ word: String, senses: Int = 3) -> [Definition] {
        let w = word.lowercased()
        var out: [Definition] = []
        if let wn = wordNet {
            var found: [(exact: Bool, Definition)] = []
            for pos in WordNet.PartOfSpeech.allCases {
                for base in wn.baseForms(w, pos) {
                    let s = wn.senses(base, pos).map(Definitions.definitionPart)
                    if !s.isEmpty { found.append((base == w, Definition(word: w, base: base, partOfSpeech: pos.label, senses: Array(s.prefix(senses)), source: "WordNet"))) }
                }
            }
            out = found.filter(\.exact).map(\.1) + found.filter { !$0.exact }.map(\.1)
        }
        if out.isEmpty, let g = gcide {
            for base in gcideBases(w, g) {
                for e in g.senses(base).prefix(3) {
                    out.append(Definition(word: w, base: base, partOfSpeech: Definitions.posName(e.pos), senses: Array(e.senses.prefix(senses)), source: "GCIDE"))
                }
                if !out.isEmpty { break }
            }
        }
        return out
    }

    /// A short gloss for a word beside a suggestion: its first sense up to the first semicolon.
    public func gloss(_ word: String) -> String? {
        guard let first = lookup(word, senses: 1).first?.senses.first else { return nil }
        let cut = first.split(separator: ";", maxSplits: 1).first.map(String.init) ?? first
        return cut.trimmingSpaces()
    }

    /// The word and what Morphy's rules leave of it, that GCIDE has.
    private func gcideBases(_ w: String, _ g: GCIDE) -> [String] {
        var candidates = [w]
        for pos in WordNet.PartOfSpeech.allCases {
            for (suffix, ending) in WordNet.rules[pos] ?? [] where w.hasSuffix(suffix) && w.count > suffix.count + 1 {
                candidates.append(String(w.dropLast(suffix.count)) + ending)
            }
        }
        var seen = Set<String>()
        return candidates.filter { seen.insert($0).inserted && g.has($0) }
    }

    /// A WordNet gloss without its quoted examples: `a Greek letter; "nu is …"` → `a Greek letter`.
    static func definitionPart(_ gloss: String) -> String {
        var parts: [Substring] = []
        for p in gloss.split(separator: ";") {
            if p.drop(while: { $0 == " " }).hasPrefix("\"") { break }
            parts.append(p)
        }
        let text = parts.joined(separator: ";").trimmingSpaces()
        return text.isEmpty ? gloss : text
    }

    /// GCIDE's abbreviations spelled out.
    static func posName(_ abbreviation: String) -> String {
        let a = abbreviation.lowercased().filter { $0 != " " }
        let names: [(String, String)] = [("v.t.", "verb"), ("v.i.", "verb"), ("v.", "verb"), ("n.", "noun"), ("a.", "adjective"),
                                         ("adv.", "adverb"), ("pron.", "pronoun"), ("prep.", "preposition"), ("conj.", "conjunction"),
                                         ("interj.", "interjection"), ("p.p.", "past participle"), ("p.pr.", "present participle")]
        for (k, v) in names where a.hasPrefix(k) { return v }
        return abbreviation
    }
}
