/// WordNet 3.0 read from its documented database files (wndb(5WN)): `index.POS` finds a lemma's
/// synsets, `data.POS` holds each synset's gloss at a byte offset, and `POS.exc` with Morphy's
/// detachment rules (morphy(7WN)) reduce inflected forms (`clomping` → `clomp`).
public struct WordNet: Sendable {
    /// A part of speech, as WordNet's files name it.
    public enum PartOfSpeech: String, Sendable, CaseIterable, Codable {
        case noun, verb, adj, adv

        /// How a dictionary prints it.
        public var label: String {
            switch self {
            case .noun: "noun"
            case .verb: "verb"
            case .adj: "adjective"
            case .adv: "adverb"
            }
        }
    }

    /// The files of one part of speech.
    public struct Files: Sendable {
        public let index: [UInt8]
        public let data: [UInt8]
        public let exceptions: [UInt8]

        public init(index: [UInt8], data: [UInt8], exceptions: [UInt8]) {
            (self.index, self.data, self.exceptions) = (index, data, exceptions)
        }
    }

    private let index: [PartOfSpeech: SortedLines]
    private let data: [PartOfSpeech: [UInt8]]
    private let exceptions: [PartOfSpeech: SortedLines]

    public init(files: [PartOfSpeech: Files]) {
        index = files.mapValues { SortedLines($0.index) }
        data = files.mapValues(\.data)
        exceptions = files.mapValues { SortedLines($0.exceptions) }
    }

    /// Morphy's detachment rules: (suffix, ending) pairs tried in order.
    static let rules: [PartOfSpeech: [(String, String)]] = [
        .noun: [("s", ""), ("ses", "s"), ("xes", "x"), ("zes", "z"), ("ches", "ch"), ("shes", "sh"), ("men", "man"), ("ies", "y")],
        .verb: [("s", ""), ("ies", "y"), ("es", "e"), ("es", ""), ("ed", "e"), ("ed", ""), ("ing", "e"), ("ing", "")],
        .adj: [("er", ""), ("est", ""), ("er", "e"), ("est", "e")],
        .adv: [],
    ]

    /// The base forms of `word` that WordNet has as `pos`: the word itself, its exception-list
    /// bases, and what the detachment rules leave, in that order, without repeats.
    public func baseForms(_ word: String, _ pos: PartOfSpeech) -> [String] {
        let w = word.lowercased()
        var candidates = [w]
        if let line = exceptions[pos]?.line(forKey: Array(w.utf8)) {
            candidates += String(decoding: line, as: UTF8.self).split(separator: " ").dropFirst().map(String.init)
        }
        for (suffix, ending) in WordNet.rules[pos] ?? [] where w.hasSuffix(suffix) && w.count > suffix.count {
            candidates.append(String(w.dropLast(suffix.count)) + ending)
        }
        var seen = Set<String>()
        return candidates.filter { seen.insert($0).inserted && index[pos]?.line(forKey: Array($0.utf8)) != nil }
    }

    /// The glosses of `lemma` as `pos`, most frequent sense first.
    public func senses(_ lemma: String, _ pos: PartOfSpeech) -> [String] {
        guard let line = index[pos]?.line(forKey: Array(lemma.utf8)), let data = data[pos] else { return [] }
        // lemma pos synset_cnt p_cnt [ptr_symbol…] sense_cnt tagsense_cnt synset_offset…
        let fields = line.split(separator: 0x20)
        guard fields.count >= 4, let pointers = Int(String(decoding: fields[3], as: UTF8.self)) else { return [] }
        let offsets = fields.dropFirst(4 + pointers + 2).compactMap { Int(String(decoding: $0, as: UTF8.self)) }
        return offsets.compactMap { gloss(in: data, at: $0) }
    }

    /// The gloss of the synset at `offset`: the text after " | " on its line.
    private func gloss(in data: [UInt8], at offset: Int) -> String? {
        guard offset >= 0, offset < data.count else { return nil }
        var end = offset
        while end < data.count && data[end] != 0x0A { end += 1 }
        let line = data[offset..<end]
        guard let bar = line.firstIndex(of: 0x7C) else { return nil }
        let text = String(decoding: data[(bar + 1)..<end], as: UTF8.self).trimmingSpaces()
        return text.isEmpty ? nil : text
    }
}

extension String {
    /// Without leading and trailing spaces and newlines.
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\n" || f == "\r" || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\n" || l == "\r" || l == "\t" { s = s.dropLast() }
        return String(s)
    }
}
