import Foundation
import QuiddlerTestSupport
import Testing

/// `quiddler define` against Debian's wordnet-base and dict-gcide (installed by .ci/run).
@Suite struct DefineCommandTests {
    @Test func definesTheSuggestedWordsNamingBaseForms() throws {
        let r = try runQuiddler(["define", "thy", "nu", "clomping", "xenon"])
        #expect(r.status == 0, "\(r.stderr)")
        for fragment in ["thy, pronoun (GCIDE)", "nu, noun (WordNet)", "clomping → clomp, verb (WordNet)", "xenon, noun (WordNet)",
                         "13th letter of the Greek alphabet", "walk clumsily"] {
            #expect(r.stdout.contains(fragment), "missing '\(fragment)' in:\n\(r.stdout)")
        }
    }

    @Test func aWordWithNoEntrySaysSoAndWhetherItIsPlayable() throws {
        let r = try runQuiddler(["define", "aah", "zzyzx"])
        #expect(r.stdout.contains("aah, "), "\(r.stdout)")
        #expect(r.stdout.contains("zzyzx: no definition found, and it is not in the word list"), "\(r.stdout)")
        // A word that is neither defined nor playable is a failure, named on one line.
        #expect(r.status == 1)
        #expect(r.stderr == "error: 'zzyzx' has no definition and is not in the word list; check the spelling\n", "\(r.stderr)")
    }

    @Test func aPlayableWordWithNoEntryIsNotAFailure() throws {
        let r = try runQuiddler(["define", "antipoverty"])
        #expect(r.stdout.contains("antipoverty: no definition found; it is in the word list"), "\(r.stdout)")
        #expect(r.status == 0, "\(r.stderr)")
    }

    @Test func unknownWordsFailInJSONToo() throws {
        let r = try runQuiddler(["define", "qwxz", "zzyzx", "--json"])
        #expect(r.status == 1)
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect((obj["words"] as? [[String: Any]])?.count == 2)
        #expect(r.stderr.contains("'qwxz', 'zzyzx' have no definition"), "\(r.stderr)")
    }

    @Test func jsonHasBaseFormsAndSenses() throws {
        let r = try runQuiddler(["define", "clomping", "--json"])
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let words = try #require(obj["words"] as? [[String: Any]])
        let entries = try #require(words.first?["entries"] as? [[String: Any]])
        #expect(entries.first?["base"] as? String == "clomp")
        #expect(entries.first?["partOfSpeech"] as? String == "verb")
        #expect((entries.first?["senses"] as? [String])?.isEmpty == false)
        #expect(words.first?["inWordList"] as? Bool == true)
    }

    @Test func withoutDictionariesOneLineSaysHowToInstallThem() throws {
        let none = temporaryFolder()
        let r = try runQuiddler(["define", "thy"], environment: ["QUIDDLER_WORDNET": none, "QUIDDLER_GCIDE": none])
        #expect(r.status != 0)
        #expect(r.stderr.contains("apt-get install wordnet-base dict-gcide"), "\(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
    }

    @Test(arguments: [["define"], ["define", "x1y"], ["define", "thy", "--senses", "0"]])
    func badArgumentsAreOneLineErrors(args: [String]) throws {
        let r = try runQuiddler(args)
        #expect(r.status != 0)
        #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
    }
}
