// quiddler-fuzz: the parsers of outside bytes as fuzz targets (see QuiddlerApp's FuzzTargets).
//
// Built normally, it replays files through a target: `quiddler-fuzz TARGET FILE...` (the corpus
// check CI runs). Built by `scripts/fuzz.sh` with `-sanitize=fuzzer -D FUZZING`, it is a libFuzzer
// binary that hands its arguments to libFuzzer's driver; the target is named by QUIDDLER_FUZZ_TARGET.
import QuiddlerApp
import QuiddlerPlatform

#if FUZZING
import CFuzzer

/// The target QUIDDLER_FUZZ_TARGET names (a global, so set once, before the first input).
let fuzzTarget: FuzzTargets.Target = {
    let name = getenv("QUIDDLER_FUZZ_TARGET").map { String(cString: $0) } ?? ""
    guard let t = FuzzTargets.named(name) else {
        print("set QUIDDLER_FUZZ_TARGET to one of: \(FuzzTargets.all.map(\.name).joined(separator: ", "))")
        exit(2)
    }
    return t
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    fuzzTarget(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
    return 0
}

@main
enum Fuzz {
    static func main() {
        _ = fuzzTarget
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzOne(data, size) })
    }
}
#else
@main
enum Replay {
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        guard let name = arguments.first, let target = FuzzTargets.named(name) else {
            print("usage: quiddler-fuzz TARGET FILE...   (targets: \(FuzzTargets.all.map(\.name).joined(separator: ", ")))")
            exit(2)
        }
        var replayed = 0
        for path in arguments.dropFirst() {
            guard let file = fopen(path, "rb") else {
                print("cannot read \(path)")
                exit(1)
            }
            var bytes: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let n = fread(&chunk, 1, chunk.count, file)
                if n <= 0 { break }
                bytes += chunk.prefix(n)
            }
            fclose(file)
            target(bytes)
            replayed += 1
        }
        print("\(name): \(replayed) inputs replayed, no crash")
    }
}
#endif
