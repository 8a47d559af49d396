import CZlib
import QuiddlerLexicon
import Testing

/// A tiny WordNet in its file format: synsets laid out in data files at their byte offsets.
enum TinyWordNet {
    static let header = "  1 This is a license header line.  \n  2 Another one.  \n"

    /// An 8-digit offset, as the files write them.
    static func pad8(_ v: Int) -> String { let d = String(v); return String(repeating: "0", count: max(0, 8 - d.count)) + d }

    /// data file text and each gloss's offset.
    static func data(_ glosses: [(String, String)]) -> (String, [Int]) {
        var text = header, offsets: [Int] = []
        for (i, (word, gloss)) in glosses.enumerated() {
            let offset = text.utf8.count
            offsets.append(offset)
            text += pad8(offset) + " 10 n 01 \(word) 0 000 | \(gloss)  \n"
            _ = i
        }
        return (text, offsets)
    }

    static func make() -> WordNet {
        let (nouns, no) = data([("nu", "the 13th letter of the Greek alphabet"), ("xenon", "a colorless odorless inert gas; \"xenon lamps\""),
                                ("run", "a score in baseball"), ("run", "a race run on foot")])
        var nounIndex = header + "nu n 1 1 @ 1 0 \(pad8(no[0]))  \n"
        nounIndex += "run n 2 1 @ 2 0 \(pad8(no[2])) \(pad8(no[3]))  \n"
        nounIndex += "xenon n 1 2 @ #s 1 1 \(pad8(no[1]))  \n"
        let (verbs, vo) = data([("clomp", "walk clumsily"), ("run", "move fast by using one's feet")])
        var verbIndex = header + "clomp v 1 1 @ 1 1 \(pad8(vo[0]))  \n"
        verbIndex += "run v 1 1 @ 1 1 \(pad8(vo[1]))  \n"
        func f(_ s: String) -> [UInt8] { Array(s.utf8) }
        return WordNet(files: [
            .noun: .init(index: f(nounIndex), data: f(nouns), exceptions: []),
            .verb: .init(index: f(verbIndex), data: f(verbs), exceptions: f("ran run\nrunning run\n")),
        ])
    }
}

@Suite struct WordNetTests {
    let wn = TinyWordNet.make()

    @Test func findsALemmasGlosses() {
        #expect(wn.senses("nu", .noun) == ["the 13th letter of the Greek alphabet"])
        #expect(wn.senses("run", .noun) == ["a score in baseball", "a race run on foot"])
        #expect(wn.senses("nub", .noun).isEmpty)
        #expect(wn.senses("n", .noun).isEmpty)
        #expect(wn.senses("zzz", .noun).isEmpty)
    }

    @Test(arguments: [("clomping", ["clomp"]), ("clomps", ["clomp"]), ("ran", ["run"]), ("runs", ["run"]), ("walked", [])])
    func reducesInflectedVerbs(word: String, bases: [String]) {
        #expect(wn.baseForms(word, .verb) == bases)
    }

    @Test func definitionsPreferTheWordItselfAndDropExamples() {
        let d = Definitions(wordNet: wn, gcide: nil)
        let xenon = d.lookup("Xenon")
        #expect(xenon.first?.base == "xenon" && xenon.first?.partOfSpeech == "noun")
        #expect(xenon.first?.senses == ["a colorless odorless inert gas"])
        let clomping = d.lookup("clomping")
        #expect(clomping.map(\.base) == ["clomp"] && clomping.first?.partOfSpeech == "verb")
        #expect(d.lookup("run").map(\.partOfSpeech) == ["noun", "verb"])
        #expect(d.lookup("thy").isEmpty)
        #expect(d.gloss("nu") == "the 13th letter of the Greek alphabet")
    }
}

@Suite struct GCIDETests {
    static let thy = """
        Thy \\Thy\\, pron. [OE. thi, shortened from thin. See {Thine},
           {Thou}.]
           Of thee, or belonging to thee; the more common form of thine,
           possessive case of thou; -- used always attributively.
           [1913 Webster]

                 Our father which art in heaven, Hallowed be thy name.
           [1913 Webster]

        """

    @Test func parsesAnEntrysPartOfSpeechAndSense() {
        let e = GCIDE.parse(GCIDETests.thy)
        #expect(e.headword == "Thy")
        #expect(e.pos == "pron.")
        #expect(e.senses.first?.hasPrefix("Of thee, or belonging to thee;") == true)
        #expect(e.senses.allSatisfy { !$0.contains("Hallowed") && !$0.contains("Webster") && !$0.contains("{") })
    }

    @Test func aPronunciationBeforeThePartOfSpeechIsSkipped() {
        let e = GCIDE.parse("Gyve \\Gyve\\ (j[imac]v), n.\n   A shackle; especially, one to confine the legs.\n   [1913 Webster]\n")
        #expect(e.pos == "n.")
        #expect(e.senses == ["A shackle; especially, one to confine the legs."])
    }

    @Test func numberedSensesAreSplit() {
        let e = GCIDE.parse("Clomp \\Clomp\\, v. i.\n   1. To walk heavily.\n   [Webster]\n\n   2. To clatter.\n   [Webster]\n")
        #expect(e.senses == ["To walk heavily.", "To clatter."])
    }

    /// A dictzip file: each chunk deflated on its own (full flush), the chunk table in the header.
    static func dictzip(_ text: [UInt8], chunk: Int) -> [UInt8] {
        var chunks: [[UInt8]] = []
        var stream = z_stream()
        deflateInit2_(&stream, 6, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        defer { deflateEnd(&stream) }
        for start in stride(from: 0, to: text.count, by: chunk) {
            var piece = Array(text[start..<min(text.count, start + chunk)])
            var out = [UInt8](repeating: 0, count: chunk * 2 + 64)
            piece.withUnsafeMutableBufferPointer { p in
                out.withUnsafeMutableBufferPointer { o in
                    stream.next_in = p.baseAddress; stream.avail_in = UInt32(p.count)
                    stream.next_out = o.baseAddress; stream.avail_out = UInt32(o.count)
                    _ = deflate(&stream, start + chunk >= text.count ? Z_FINISH : Z_FULL_FLUSH)
                }
            }
            chunks.append(Array(out[0..<(out.count - Int(stream.avail_out))]))
        }
        func u16(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8)] }
        let field: [UInt8] = [0x52, 0x41] + u16(6 + 2 * chunks.count) + u16(1) + u16(chunk) + u16(chunks.count) + chunks.flatMap { u16($0.count) }
        return [0x1F, 0x8B, 8, 4, 0, 0, 0, 0, 0, 3] + u16(field.count) + field + chunks.flatMap { $0 }
    }

    @Test func dictzipReadsAnyRangeAcrossChunks() throws {
        let text = Array((0..<5000).map { "line \($0)\n" }.joined().utf8)
        let dz = try Dictzip(GCIDETests.dictzip(text, chunk: 1000))
        for (offset, count) in [(0, 10), (995, 20), (12345, 3000), (text.count - 5, 50)] {
            let expected = Array(text[offset..<min(text.count, offset + count)])
            #expect(try dz.read(offset: offset, count: count) == expected)
        }
    }

    @Test func notDictzipIsAnError() {
        #expect(throws: Dictzip.Failure.self) { try Dictzip(Array("plain text, not gzip at all".utf8)) }
        #expect(throws: Dictzip.Failure.self) { try Dictzip([0x1F, 0x8B, 8, 0] + [UInt8](repeating: 0, count: 30)) }
    }

    @Test func indexAndTextTogether() throws {
        let body = Array(GCIDETests.thy.utf8)
        let dz = GCIDETests.dictzip(body, chunk: 64)
        func b64(_ v: Int) -> String {
            let a = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
            var v = v, s = ""
            repeat { s = String(a[v % 64]) + s; v /= 64 } while v > 0
            return s
        }
        let index = Array("00-database-short\tA\tB\nThy\t\(b64(0))\t\(b64(body.count))\n".utf8)
        let g = try GCIDE(index: index, text: dz)
        #expect(g.has("thy") && !g.has("thee"))
        let d = Definitions(wordNet: TinyWordNet.make(), gcide: g).lookup("thy")
        #expect(d.first?.source == "GCIDE" && d.first?.partOfSpeech == "pronoun")
        #expect(d.first?.senses.first?.hasPrefix("Of thee") == true)
    }
}
