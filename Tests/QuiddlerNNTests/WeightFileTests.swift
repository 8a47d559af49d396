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

    @Test func randomBytesNeverCrash() {
        var rng = SeededGenerator(seed: 5)
        let good = WeightFile.encode(spec: spec, tensors: [("x", Tensor(shape: [3], data: [1, 2, 3]))])
        for _ in 0..<300 {
            var b = good
            for _ in 0..<3 { b[Int(rng.next() % UInt64(b.count))] = UInt8(truncatingIfNeeded: rng.next()) }
            _ = try? WeightFile.decode(b, file: "f")
            _ = try? WeightFile.decode(Array(b.prefix(Int(rng.next() % UInt64(b.count)))), file: "f")
        }
    }

    @Test func wrongArchitectureIsRejected() throws {
        let net = try trained()
        let other = try Network(spec: try NetworkSpec(text: "input 3\nconv 8 k3 s1 p1 nobias\nbn\nrelu\ngap\ndense 5"), height: 6, width: 6, seed: 1)
        #expect(throws: NNError.self) { try other.load(Dictionary(net.namedTensors, uniquingKeysWith: { a, _ in a })) }
    }
}
