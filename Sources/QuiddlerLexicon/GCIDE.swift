/// The Collaborative International Dictionary of English (GCIDE, from Webster's 1913 and
/// WordNet) as dictd ships it: `gcide.index` (headword, base-64 offset and length, tab-separated)
/// and the dictzip text `gcide.dict.dz`.
public struct GCIDE: Sendable {
    private let text: Dictzip
    /// Lowercased headword → where its entries are.
    private let entries: [String: [(offset: Int, length: Int)]]

    public var headwordCount: Int { entries.count }

    /// Parses the index (about 200,000 lines).
    /// - Throws: `Dictzip.Failure` when the text is not a dictzip file.
    public init(index: [UInt8], text: [UInt8]) throws(Dictzip.Failure) {
        self.text = try Dictzip(text)
        var entries: [String: [(offset: Int, length: Int)]] = [:]
        entries.reserveCapacity(200_000)
        var lineStart = 0
        for i in 0...index.count where i == index.count || index[i] == 0x0A {
            defer { lineStart = i + 1 }
            guard i > lineStart else { continue }
            let line = index[lineStart..<i]
            let fields = line.split(separator: 0x09, maxSplits: 3, omittingEmptySubsequences: false)
            guard fields.count >= 3, let o = GCIDE.base64(fields[1]), let l = GCIDE.base64(fields[2]) else { continue }
            let word = String(decoding: fields[0], as: UTF8.self).lowercased()
            guard !word.hasPrefix("00-database") else { continue }
            entries[word, default: []].append((o, l))
        }
        self.entries = entries
    }

    /// dictd's base-64 numbers.
    static func base64(_ s: ArraySlice<UInt8>) -> Int? {
        guard !s.isEmpty, s.count <= 10 else { return nil }
        var v = 0
        for c in s {
            let d: Int
            switch c {
            case 0x41...0x5A: d = Int(c) - 0x41
            case 0x61...0x7A: d = Int(c) - 0x61 + 26
            case 0x30...0x39: d = Int(c) - 0x30 + 52
            case 0x2B: d = 62
            case 0x2F: d = 63
            default: return nil
            }
            v = v * 64 + d
        }
        return v
    }

    /// Whether the dictionary has a headword.
    public func has(_ word: String) -> Bool { entries[word.lowercased()] != nil }

    /// The raw entry texts of a headword.
    public func entryTexts(_ word: String) -> [String] {
        (entries[word.lowercased()] ?? []).prefix(6).compactMap { e in
            guard let bytes = try? text.read(offset: e.offset, count: min(e.length, 64_000)) else { return nil }
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    /// A headword's entries as part of speech and senses: its own entries, or if it has none,
    /// the entries of other words that list it (as `thou` lists `thy`).
    public func senses(_ word: String) -> [(pos: String, senses: [String])] {
        let parsed = entryTexts(word).map { GCIDE.parse($0) }
        let own = parsed.filter { $0.headword.lowercased() == word.lowercased() && !$0.senses.isEmpty }
        return (own.isEmpty ? parsed.filter { !$0.senses.isEmpty } : own).map { ($0.pos, $0.senses) }
    }

    /// Splits one entry into its headword, part of speech and senses: etymologies in brackets,
    /// source notes (`[1913 Webster]`), quotations and cross-reference braces are dropped.
    public static func parse(_ entry: String) -> (headword: String, pos: String, senses: [String]) {
        let headword = String(entry.prefix { $0 != " " && $0 != "\n" })
        // The part of speech follows the pronunciation: `Thy \Thy\, pron. [...]`.
        var pos = ""
        if let slash = entry.firstIndex(of: "\\"), let close = entry[entry.index(after: slash)...].firstIndex(of: "\\") {
            var after = entry[entry.index(after: close)...].drop { $0 == "," || $0 == " " }
            // A pronunciation in parentheses may come first: `\thou\ ([th]ou), pron.`.
            if after.first == "(", let end = after.firstIndex(of: ")") { after = after[after.index(after: end)...].drop { $0 == "," || $0 == " " } }
            pos = String(after.prefix { $0 != "[" && $0 != "\n" && $0 != ";" }).trimmingSpaces()
            if pos.count > 24 { pos = "" }
        }
        // Body: drop the first line's head, bracketed text and quotations (indented 9 spaces or more).
        var body = ""
        for (i, line) in entry.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.hasPrefix("         ") { body += "\n"; continue }
            var l = Substring(line)
            if i == 0, let close = l.lastIndex(of: "\\") {
                // Past the pronunciation: `\Gyve\ (j[imac]v), n. A shackle` → `A shackle`.
                l = l[l.index(after: close)...].drop { $0 == "," || $0 == " " }
                if l.first == "(", let end = l.firstIndex(of: ")") { l = l[l.index(after: end)...].drop { $0 == "," || $0 == " " } }
                if !pos.isEmpty, l.hasPrefix(pos) { l = l.dropFirst(pos.count) }
            }
            body += l + "\n"
        }
        var plain = "", depth = 0
        for ch in body {
            if ch == "[" { depth += 1; continue }
            if ch == "]" { depth = max(0, depth - 1); continue }
            if depth == 0 && ch != "{" && ch != "}" { plain.append(ch) }
        }
        // Senses: numbered paragraphs ("2. …"), or the first paragraph.
        let paragraphs = plain.components(separatedByBlankLines: ())
        var senses: [String] = []
        for p in paragraphs {
            var t = p.split(whereSeparator: { $0 == "\n" || $0 == " " }).joined(separator: " ")
            if let dot = t.firstIndex(of: "."), let n = Int(t[..<dot]), n < 100 { t = String(t[t.index(after: dot)...]).trimmingSpaces() }
            if t.hasPrefix("Syn.") || t.hasPrefix("Note:") || t.hasPrefix("--") || t.count < 3 { continue }
            senses.append(t)
        }
        return (headword, pos, senses)
    }
}

extension String {
    /// The text split at blank lines.
    func components(separatedByBlankLines: Void) -> [String] {
        var out: [String] = [], current = ""
        for line in split(separator: "\n", omittingEmptySubsequences: false) {
            if line.allSatisfy({ $0 == " " }) {
                if !current.isEmpty { out.append(current); current = "" }
            } else {
                current += line + "\n"
            }
        }
        if !current.isEmpty { out.append(current) }
        return out
    }
}
