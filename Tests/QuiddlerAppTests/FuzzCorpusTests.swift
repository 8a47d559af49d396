import Foundation
import QuiddlerApp
import QuiddlerTestSupport
import Testing

/// Every seed and every saved crash of the fuzz corpus goes through its target in the ordinary
/// test run, so a parser regression on any of them fails `swift test`, not only a fuzz run.
@Suite struct FuzzCorpusTests {
    @Test(arguments: FuzzTargets.all.map(\.name))
    func theCorpusGoesThroughWithoutACrash(target: String) throws {
        let folder = TestPaths.root + "/Tests/FuzzCorpus/" + target
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        #expect(!files.isEmpty, "no seeds in \(folder)")
        let run = try #require(FuzzTargets.named(target))
        for f in files {
            let bytes = [UInt8](try #require(FileManager.default.contents(atPath: folder + "/" + f)))
            run(bytes)
        }
    }

    @Test func everyTargetHasACorpusAndTheToolNamesThem() throws {
        let folders = try FileManager.default.contentsOfDirectory(atPath: TestPaths.root + "/Tests/FuzzCorpus").sorted()
        #expect(folders == FuzzTargets.all.map(\.name).sorted())
        #expect(FuzzTargets.named("no such target") == nil)
    }
}
