/// A word list read from one-word-per-line text, with an account of the lines it skipped.
public struct WordList: Sendable {
    /// Why a line was skipped.
    public enum SkipReason: String, CaseIterable, Sendable {
        case blank = "blank"
        case notLetters = "not made of the letters a–z only"
        case tooShort = "shorter than two letters"
        case duplicate = "duplicates"
    }

    /// The words as 0–25 letter codes, sorted and unique.
    public let words: [[UInt8]]
    /// How many lines were skipped, by reason (blank lines are counted but not reported as a problem).
    public let skipped: [SkipReason: Int]

    /// The number of skipped lines that were not blank.
    public var skippedCount: Int { skipped.filter { $0.key != .blank }.values.reduce(0, +) }

    /// A one-line summary of what was skipped, e.g. `skipped 12 lines: 10 not made of the letters a–z only, 2 duplicates`.
    public var skipSummary: String? {
        let parts = SkipReason.allCases.compactMap { reason -> String? in
            guard reason != .blank, let n = skipped[reason], n > 0 else { return nil }
            return "\(n) \(reason.rawValue)"
        }
        guard !parts.isEmpty else { return nil }
        return "skipped \(skippedCount) line\(skippedCount == 1 ? "" : "s"): " + parts.joined(separator: ", ")
    }

    /// Reads a word list. Letters are lowercased; surrounding spaces and CR are trimmed.
    /// - Parameter bytes: the file's contents.
    /// - Throws: `GameError.emptyWordList` when no line holds a usable word.
    /// - Complexity: O(n log n) in the number of words when the list is not already sorted.
    public init(bytes: [UInt8]) throws(GameError) {
        var words: [[UInt8]] = []
        var skipped: [SkipReason: Int] = [:]
        var current: [UInt8] = []
        var bad = false
        words.reserveCapacity(bytes.count / 8)

        func endLine() {
            if current.isEmpty && !bad {
                skipped[.blank, default: 0] += 1
            } else if bad {
                skipped[.notLetters, default: 0] += 1
            } else if current.count < 2 {
                skipped[.tooShort, default: 0] += 1
            } else {
                words.append(current)
            }
            current.removeAll(keepingCapacity: true)
            bad = false
        }

        var pendingSpace = false
        for b in bytes {
            switch b {
            case UInt8(ascii: "\n"):
                pendingSpace = false
                endLine()
            case UInt8(ascii: "\r"), UInt8(ascii: " "), UInt8(ascii: "\t"):
                if !current.isEmpty { pendingSpace = true }
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"):
                if pendingSpace { bad = true }
                current.append((b | 0x20) - UInt8(ascii: "a"))
            default:
                bad = true
            }
        }
        if !current.isEmpty || bad { endLine() }

        if !words.isSorted() { words.sort { $0.lexicographicallyPrecedes($1) } }
        var unique: [[UInt8]] = []
        unique.reserveCapacity(words.count)
        for w in words {
            if let last = unique.last, last == w { skipped[.duplicate, default: 0] += 1 } else { unique.append(w) }
        }
        guard !unique.isEmpty else { throw .emptyWordList(skipped: skipped.values.reduce(0, +)) }
        self.words = unique
        self.skipped = skipped
    }

    /// A word list from strings, for tests and small tools.
    /// - Throws: `GameError.emptyWordList` when none is usable.
    public init(_ words: [String]) throws(GameError) {
        try self.init(bytes: Array(words.joined(separator: "\n").utf8))
    }
}

extension Array where Element == [UInt8] {
    fileprivate func isSorted() -> Bool {
        var i = 1
        while i < count {
            if !self[i - 1].lexicographicallyPrecedes(self[i]) && self[i - 1] != self[i] { return false }
            i += 1
        }
        return true
    }
}
