import Foundation
import QuiddlerCapture
import QuiddlerNN
import QuiddlerImage
import QuiddlerReader
import QuiddlerSynthesis
import QuiddlerTraining
import QuiddlerTestSupport
import Testing

/// Reproducers from the bad-input campaign: each was a crash; each must now be one clear line
/// on standard error and a non-zero exit.
@Suite struct BadInputTests {
    @Test(arguments: [
        (["bench", "nn", "--runs", "1", "--train-runs", "1", "--threads", "99999999999"], "--threads"),
        (["synth", "--count", "1", "--out", "/tmp/quiddler-x", "--size", "3000000000x3000000000"], "too large"),
        (["synth", "--count", "1", "--out", "/tmp/quiddler-x", "--size", "9223372036854775807x2"], "too large"),
        (["synth", "--count", "1", "--out", "/tmp/quiddler-x", "--size", "100000x100000"], "too large"),
        (["frames", "--source", "/nonexistent.jpg", "--count", "2", "--out", "/tmp/quiddler-f", "--fps", "1e300"], "--fps"),
        (["frames", "--source", "/nonexistent.jpg", "--count", "2", "--out", "/tmp/quiddler-f", "--fps", "inf"], "--fps"),
        (["train", "--cards", "/nonexistent", "--steps", "1", "--classifier-steps", "1", "--batch", "1", "--classifier-batch", "1",
          "--validate-every", "0", "--out", "/tmp/quiddler-t", "--checkpoints", "/tmp/quiddler-c"], "--validate-every"),
        (["train", "--cards", "/nonexistent", "--refine-steps", "-1", "--out", "/tmp/quiddler-t", "--checkpoints", "/tmp/quiddler-c"], "--refine-steps must be 0 or more"),
        (["train", "--cards", "/nonexistent", "--stage", "refine", "--out", "/tmp/quiddler-t", "--checkpoints", "/tmp/quiddler-c"], "--stage refine needs --refine-steps N"),
        (["train", "--cards", "/nonexistent", "--stage", "refine", "--refine-steps", "10", "--out", "/nonexistent/model", "--checkpoints", "/tmp/quiddler-c"],
         "/nonexistent/model/index-detector.qnn does not exist: train the detector first"),
        (["train", "--cards", "/nonexistent", "--reread-steps", "-1", "--out", "/tmp/quiddler-t", "--checkpoints", "/tmp/quiddler-c"], "--reread-steps must be 0 or more"),
        (["train", "--cards", "/nonexistent", "--stage", "reread", "--reread-steps", "0", "--out", "/tmp/quiddler-t", "--checkpoints", "/tmp/quiddler-c"],
         "--stage reread needs --reread-steps N"),
        (["train", "--cards", "/nonexistent", "--stage", "reread", "--out", "/nonexistent/model", "--checkpoints", "/tmp/quiddler-c"],
         "/nonexistent/model/card-classifier.qnn does not exist: train the classifier and the detector first"),
        (["train", "--cards", "/nonexistent", "--favour", "zz=2", "--out", "/tmp/quiddler-t", "--checkpoints", "/tmp/quiddler-c"],
         "--favour takes KIND=WEIGHT pairs, comma-separated (i=3,b=2), each kind once, a weight above 0 and at most 10; cannot read 'zz=2'"),
        (["train", "--cards", "/nonexistent", "--favour", "i=3,i=2", "--out", "/tmp/quiddler-t", "--checkpoints", "/tmp/quiddler-c"], "cannot read 'i=2'"),
        (["train", "--finetune", "/nonexistent", "--favour", "i=3"], "--favour goes with training, not with --finetune"),
        (["bench", "detect", "--size", "100000x3"], "--size"),
        (["eval", "--synthetic", "0"], "nothing to score"),
        (["eval", "--synthetic", "1", "--size", "4032"], "--size"),
        (["eval", "--synthetic", "1", "--size", "32x32"], "--size must be at least 64x48"),
        (["eval", "--synthetic", "1", "--turn-search-heat", "-1"], "--turn-search-heat must be 0 or more"),
        (["bench", "detect", "--turn-search-heat", "-0.5"], "--turn-search-heat must be 0 or more"),
        (["detect", "/nonexistent.jpg", "--pace", "slow"], "Please provide one of 'live' and 'still'"),
        (["eval", "--synthetic", "1", "--pace", "fast"], "Please provide one of 'live' and 'still'"),
        (["detect", "/nonexistent.jpg", "--annotate", "x.png"], "name the file .jpg"),
        // A negative number is read as the option's value, and refused by name.
        (["bench", "solve", "--hands", "-5"], "--hands must be at least 1, got -5"),
        (["bench", "decode", "--runs", "-5"], "--runs must be at least 1"),
        (["bench", "load", "--runs", "-1"], "--runs must be at least 1"),
        (["bench", "ui", "--keys", "-1"], "--keys must be at least 1"),
        (["bench", "latency", "--fps", "500"], "--fps must be 1 to 120"),
        (["synth", "--count", "-2", "--out", "/tmp/quiddler-x"], "--count must be at least 1"),
        (["frames", "--source", "x", "--out", "/tmp/quiddler-f", "--timeout", "-5"], "--timeout"),
    ])
    func optionsOutOfRangeAreOneLineErrors(args: [String], fragment: String) throws {
        let r = try runQuiddler(args)
        #expect(r.status != 0 && r.status < 128, "\(args): exit \(r.status)")
        #expect(r.stderr.contains(fragment), "\(args): \(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1, "\(args): \(r.stderr)")
    }

    @Test(arguments: ["2>/dev/full", "2>&-"])
    func anUnwritableStandardErrorIsNoCrash(redirect: String) throws {
        let r = try spawn("/bin/sh", ["-c", "'\(TestPaths.binary)' solve --hand zz \(redirect)"])
        #expect(r.status == 1, "exit \(r.status): \(r.stderr)")
    }

    @Test func anUnwritableStandardOutputFails() throws {
        let r = try spawn("/bin/sh", ["-c", "'\(TestPaths.binary)' solve --hand a/b/c >/dev/full"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("cannot write to standard output"), "\(r.stderr)")
    }

    /// A detector whose outputs are NaN or infinite (a broken head bias, or every weight at
    /// float16's largest value) reads no card instead of crashing.
    @Test(arguments: [Float.nan, Float.infinity, 65504])
    func aDetectorGoneWrongReadsNothingAndDoesNotCrash(value: Float) throws {
        let folder = temporaryFolder()
        let (spec, tensors) = try WeightFile.decode(try ImageFile.readBytes(TestPaths.root + "/Assets/index-detector.qnn"), file: "index-detector.qnn")
        let broken = tensors.map { name, t in
            (name, value == 65504 ? Tensor(shape: t.shape, data: [Float](repeating: value, count: t.data.count))
                                  : name == tensors.last!.0 ? Tensor(shape: t.shape, data: [Float](repeating: value, count: t.data.count)) : t)
        }
        try Data(WeightFile.encode(spec: spec, tensors: broken)).write(to: URL(fileURLWithPath: folder + "/index-detector.qnn"))
        try FileManager.default.copyItem(atPath: TestPaths.root + "/Assets/card-classifier.qnn", toPath: folder + "/card-classifier.qnn")
        let image = folder + "/table.jpg"
        try ImageFile.writeJPEG(RGBImage(width: 640, height: 480, fill: RGB(200, 190, 180)), to: image)
        let r = try runQuiddler(["detect", image, "--model", folder])
        #expect(r.status == 0, "exit \(r.status): \(r.stderr)")
        #expect(r.stdout.contains("no cards"), "\(r.stdout)")
    }

    @Test func aHugeWordListIsRefusedBeforeItIsRead() throws {
        let path = temporaryFolder() + "/huge.txt"
        try Data(repeating: UInt8(ascii: "a"), count: 21 << 20).write(to: URL(fileURLWithPath: path))
        let r = try runQuiddler(["solve", "--hand", "a/b/c", "--dictionary", path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("the word list is 21 MB; at most 20 MB"), "\(r.stderr)")
    }

    @Test(arguments: ["{\"classes\": 5}", "not json", "{\"classes\": [\"a\"], \"detector\": {\"file\": \"index-detector.qnn\", \"stride\": 4}, \"classifier\": {\"file\": \"card-classifier.qnn\", \"input\": [1, 32, 32]}}"])
    func garbageModelMetadataIsNamed(json: String) throws {
        let folder = temporaryFolder()
        for f in ["index-detector.qnn", "card-classifier.qnn"] { try FileManager.default.copyItem(atPath: TestPaths.root + "/Assets/" + f, toPath: folder + "/" + f) }
        try json.write(toFile: folder + "/model.json", atomically: true, encoding: .utf8)
        let image = folder + "/table.jpg"
        try ImageFile.writeJPEG(RGBImage(width: 64, height: 48, fill: RGB(100, 100, 100)), to: image)
        let r = try runQuiddler(["detect", image, "--model", folder])
        #expect(r.status == 1)
        #expect(r.stderr.contains("model.json"), "\(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1)
    }

    @Test func theShippedModelMetadataIsAccepted() throws {
        let image = temporaryFolder() + "/table.jpg"
        try ImageFile.writeJPEG(RGBImage(width: 64, height: 48, fill: RGB(100, 100, 100)), to: image)
        #expect(try runQuiddler(["detect", image]).status == 0)
    }
}
