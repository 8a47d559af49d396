import QuiddlerNN
import QuiddlerRandom
import Testing

@Suite struct WeightFileTests {
    let spec = try! NetworkSpec(text: "input 3\nconv 4 k3 s1 p1 nobias\nbn\nrelu\ngap\ndense 5")

    func trained() throws -> Network {
        let net = try Network(spec: spec, height: 6, width: 6, seed: 1)
        var rng = SeededGenerator(seed: 2)
        _ = try net.forward((0..<(2 * 108)).map { _ in rng.normal() }, batch: 2, height: 6, width: 6, training: true)
        return net
    }

    @Test func specTextRoundTrips() throws {
        #expect(try NetworkSpec(text: spec.description) == spec)
    }

    @Test(arguments: [
        ("conv 4 k3 s1 p1", "must start with 'input C'"),
        ("input 3\nconv 4 k3 p1", "'conv' needs sN"),
        ("input 3\nwarp 2", "unknown layer 'warp'"),
    ])
    func badSpecsAreNamed(text: String, fragment: String) {
        do {
            _ = try NetworkSpec(text: text)
            Issue.record("accepted a bad description")
        } catch {
            #expect(error.description.contains(fragment), "\(error)")
        }
    }

    @Test func saveLoadRoundTripsExactly() throws {
        let net = try trained()
        let bytes = WeightFile.encode(spec: net.spec, tensors: net.namedTensors)
        let (spec2, tensors) = try WeightFile.decode(bytes, file: "w.qnn")
        #expect(spec2 == net.spec)
        let copy = try Network(spec: spec2, height: 6, width: 6, seed: 99)
        try copy.load(Dictionary(tensors, uniquingKeysWith: { a, _ in a }))
        for (a, b) in zip(net.namedTensors, copy.namedTensors) {
            #expect(a.0 == b.0)
            #expect(a.1 == b.1)
        }
    }

    @Test func float16StorageIsCloseAndHalfTheSize() throws {
        let net = try Network(spec: try NetworkSpec(text: "input 3\nconv 64 k3 s1 p1\ngap\ndense 5"), height: 6, width: 6, seed: 1)
        let full = WeightFile.encode(spec: net.spec, tensors: net.namedTensors)
        let half = WeightFile.encode(spec: net.spec, tensors: net.namedTensors, storage: .float16)
        #expect(half.count < full.count * 6 / 10)
        let (_, tensors) = try WeightFile.decode(half, file: "h.qnn")
        for ((_, a), (_, b)) in zip(net.namedTensors, tensors) {
            for (x, y) in zip(a.data, b.data) { #expect(abs(x - y) <= 1e-3 * max(1, abs(x))) }
        }
    }

    @Test func brokenFilesGiveErrorsNamingTheFile() throws {
        let good = WeightFile.encode(spec: try trained().spec, tensors: try trained().namedTensors)
        var corrupted = good
        corrupted[good.count / 2] ^= 0x40
        var wrongVersion = good
        wrongVersion[4] = 9
        let cases: [([UInt8], String)] = [
            (Array(good.prefix(good.count - 100)), "checksum mismatch"),
            (Array(good.prefix(10)), "truncated"),
            ([], "not a quiddler weight file"),
            (Array("hello world, not weights".utf8), "not a quiddler weight file"),
            (corrupted, "checksum mismatch"),
            (wrongVersion, "format version 9"),
        ]
        for (bytes, fragment) in cases {
            do {
                _ = try WeightFile.decode(bytes, file: "model.qnn")
                Issue.record("accepted a broken file (\(fragment))")
            } catch {
                #expect(error.description.contains("model.qnn"))
                #expect(error.description.contains(fragment), "\(error)")
            }
        }
    }

    /// Mutated files whose checksum is recomputed, so the parser behind the checksum sees them:
    /// each one decodes to consistent tensors or is refused with an error, never a crash.
    @Test func mutatedFilesReachTheParserAndNeverCrash() {
        var rng = SeededGenerator(seed: 5)
        let good = WeightFile.encode(spec: spec, tensors: [("x", Tensor(shape: [3], data: [1, 2, 3])), ("y", Tensor(shape: [2, 2], data: [4, 5, 6, 7]))])
        var decoded = 0, refusedByParser = 0
        for round in 0..<600 {
            var b = good
            for _ in 0..<Int(1 + rng.next() % 3) { b[Int(rng.next() % UInt64(b.count - 8))] = UInt8(truncatingIfNeeded: rng.next()) }
            if round % 3 == 0 { b = Array(b.prefix(8 + Int(rng.next() % UInt64(b.count - 8)))) + [0, 0, 0, 0, 0, 0, 0, 0] }
            let sum = fnv1a64(Array(b[0..<(b.count - 8)]))
            for i in 0..<8 { b[b.count - 8 + i] = UInt8((sum >> (8 * UInt64(i))) & 0xFF) }
            do {
                let (_, tensors) = try WeightFile.decode(b, file: "f.qnn")
                decoded += 1
                for (_, t) in tensors { #expect(t.data.count == t.shape.reduce(1, *)) }
            } catch {
                #expect("\(error)".contains("f.qnn"))
                if !"\(error)".contains("checksum") { refusedByParser += 1 }
            }
        }
        // The parser itself ran: it refused most mutations on its own grounds and let some through.
        #expect(refusedByParser > 300, "only \(refusedByParser) mutations reached the parser")
        #expect(decoded > 0)
    }

    @Test func wrongArchitectureIsRejected() throws {
        let net = try trained()
        let other = try Network(spec: try NetworkSpec(text: "input 3\nconv 8 k3 s1 p1 nobias\nbn\nrelu\ngap\ndense 5"), height: 6, width: 6, seed: 1)
        #expect(throws: NNError.self) { try other.load(Dictionary(net.namedTensors, uniquingKeysWith: { a, _ in a })) }
    }
}

/// Shapes read from a file cannot overflow or allocate past the file, even with a valid checksum.
@Suite struct WeightFileShapeTests {
    /// A file of one 2×3 tensor, its shape bytes replaced by `patch`, checksum recomputed.
    func patched(_ patch: [UInt8]) -> [UInt8] {
        let spec = try! NetworkSpec(text: "input 3\ndense 2")
        var bytes = WeightFile.encode(spec: spec, tensors: [("w", Tensor(shape: [2, 3], data: [1, 2, 3, 4, 5, 6]))])
        let shape: [UInt8] = [2, 2, 0, 0, 0, 3, 0, 0, 0]
        let at = (0..<(bytes.count - shape.count)).first { Array(bytes[$0..<($0 + shape.count)]) == shape }!
        bytes.replaceSubrange(at..<(at + shape.count), with: patch)
        let sum = fnv1a64(Array(bytes[0..<(bytes.count - 8)]))
        for i in 0..<8 { bytes[bytes.count - 8 + i] = UInt8((sum >> (8 * UInt64(i))) & 0xFF) }
        return bytes
    }

    @Test(arguments: [
        [3, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF] as [UInt8],  // 2^96 elements
        [2, 0, 0, 0, 0x80, 0, 0, 0, 0x80] as [UInt8],  // 2^62: fits an Int, not the file
        [255, 2, 0, 0, 0, 3, 0, 0, 0] as [UInt8],  // rank 255
    ])
    func hugeShapesAreErrorsNamingTheFile(patch: [UInt8]) {
        #expect(throws: NNError.self) { try WeightFile.decode(patched(patch), file: "huge.qnn") }
        do { _ = try WeightFile.decode(patched(patch), file: "huge.qnn") } catch { #expect("\(error)".contains("huge.qnn"), "\(error)") }
    }

    /// Found by fuzzing: a rank-0 tensor (one value) as the last thing in the file, with no value
    /// left to read, trapped on a force unwrap.
    @Test func aScalarPastTheEndIsAnError() {
        let spec = try! NetworkSpec(text: "input 3\ndense 2")
        var bytes = WeightFile.encode(spec: spec, tensors: [("w", Tensor(shape: [0], data: []))])
        // The last tensor's rank (1) and its one dimension (0) become rank 0: one value, not there.
        let tail: [UInt8] = [1, 0, 0, 0, 0]
        let at = bytes.count - 8 - tail.count
        #expect(Array(bytes[at..<(bytes.count - 8)]) == tail)
        bytes.replaceSubrange(at..<(bytes.count - 8), with: [0])
        let sum = fnv1a64(Array(bytes[0..<(bytes.count - 8)]))
        for i in 0..<8 { bytes[bytes.count - 8 + i] = UInt8((sum >> (8 * UInt64(i))) & 0xFF) }
        #expect(throws: NNError.self) { try WeightFile.decode(bytes, file: "scalar.qnn") }
    }

    @Test func theUnpatchedFileStillReads() throws {
        let (_, tensors) = try WeightFile.decode(patched([2, 2, 0, 0, 0, 3, 0, 0, 0]), file: "ok.qnn")
        #expect(tensors.first?.1.shape == [2, 3])
    }
}
