import Foundation
import QuiddlerCapture
import QuiddlerGame
import QuiddlerImage
import QuiddlerRandom
import QuiddlerReader
import QuiddlerSynthesis
import QuiddlerTestSupport
import QuiddlerTraining
import Testing

/// `quiddler train --finetune`: from kept hands to a model `--model` loads, with a before/after check.
@Suite(.serialized) struct FinetuneCommandTests {
    /// A folder of kept hands as the app writes it: photos and labels.json with index boxes.
    static func captures(count: Int) throws -> String {
        let folder = temporaryFolder()
        var rng = SeededGenerator(seed: 77)
        var entries: [String] = []
        for i in 0..<count {
            var request = SceneGenerator.Request(layout: .hand, clean: true)
            request.indexSize = 20...26
            let scene = SceneGenerator(art: TestArt.drawn).render(request, rng: &rng)
            let tops = scene.cards.indices.compactMap { id in scene.indices.first { $0.cardID == id && !$0.isBottomRight && $0.visibility == .visible } }
                .sorted { $0.center.x < $1.center.x }
            try ImageFile.writeJPEG(scene.image, to: folder + "/hand-\(i + 1).jpg")
            let boxes = tops.map { l in
                "{\"x\": \(l.center.x), \"y\": \(l.center.y), \"size\": \(l.size), \"angle\": \(l.angle), \"cardX\": \(l.cardCenter.x), \"cardY\": \(l.cardCenter.y)}"
            }
            entries.append("{\"file\": \"hand-\(i + 1).jpg\", \"kind\": \"hand\", \"cards\": [\(tops.map { "\"\($0.card.name)\"" }.joined(separator: ", "))], \"boxes\": [\(boxes.joined(separator: ", "))]}")
        }
        try "{\"photos\": [\(entries.joined(separator: ",\n"))]}".write(toFile: folder + "/labels.json", atomically: true, encoding: .utf8)
        return folder
    }

    @Test func keptHandsFineTuneAModelThatLoadsAndTheHeldBackOnesJudgeIt() throws {
        let folder = try Self.captures(count: 3)
        let r = try runQuiddler(["train", "--finetune", folder, "--steps", "2", "--classifier-steps", "2", "--batch", "1", "--classifier-batch", "8",
                                 "--checkpoints", folder + "/ckpt"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("fine-tuned model: \(folder)/model"), "\(r.stdout)")
        #expect(r.stdout.contains("held back: hand-3.jpg"), "the last of three photos is held back:\n\(r.stdout)")
        #expect(r.stdout.contains("before ") && r.stdout.contains("after "), "\(r.stdout)")
        #expect(r.stderr.contains("fine-tuning on 2 photos"), "\(r.stderr)")
        let detect = try runQuiddler(["detect", "--model", folder + "/model", folder + "/hand-1.jpg"])
        #expect(detect.status == 0, "the fine-tuned model does not load: \(detect.stderr)")
    }

    @Test func aHoldoutThatIsNoPhotoOrAFolderWithoutLabelsIsOneClearLine() throws {
        let folder = try Self.captures(count: 1)
        let bad = try runQuiddler(["train", "--finetune", folder, "--holdout", "nope.jpg"])
        #expect(bad.status != 0 && bad.stderr.contains("--holdout") && bad.stderr.contains("nope.jpg"), "\(bad.stderr)")
        let empty = try runQuiddler(["train", "--finetune", temporaryFolder()])
        #expect(empty.status != 0 && empty.stderr.contains("labels.json"), "\(empty.stderr)")
        #expect(empty.stderr.split(separator: "\n").count == 1, "\(empty.stderr)")
        let noScans = try runQuiddler(["train"])
        #expect(noScans.status != 0 && noScans.stderr.contains("--cards"), "\(noScans.stderr)")
    }
}
