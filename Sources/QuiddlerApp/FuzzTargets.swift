import Foundation
import QuiddlerCapture
import QuiddlerGame
import QuiddlerImage
import QuiddlerNN

/// The parsers that read bytes from outside, as fuzz targets: each takes any bytes, must never
/// crash, hang or take unbounded memory, and checks what it can of a result it accepts.
/// `quiddler-fuzz` runs them under libFuzzer (`scripts/fuzz.sh`) or replays files through them.
public enum FuzzTargets {
    public typealias Target = @Sendable ([UInt8]) -> Void

    public static let all: [(name: String, run: Target)] = [
        ("png", png), ("jpeg", jpeg), ("weights", weights), ("dictionary", dictionary), ("cards", cards), ("labels", labels),
    ]

    public static func named(_ name: String) -> Target? { all.first { $0.name == name }?.run }

    static func png(_ bytes: [UInt8]) {
        guard let image = try? PNGCodec.decode(bytes) else { return }
        precondition(image.width > 0 && image.height > 0 && image.width * image.height <= RGBImage.maxPixels)
        precondition(image.pixels.count == 3 * image.width * image.height)
    }

    static func jpeg(_ bytes: [UInt8]) {
        let codec = JPEGCodec()
        guard let image = try? codec.decode(bytes) else { return }
        precondition(image.width * image.height <= RGBImage.maxPixels)
        precondition(image.pixels.count == 3 * image.width * image.height)
    }

    static func weights(_ bytes: [UInt8]) {
        _ = try? WeightFile.decode(bytes, file: "fuzz.qnn")
        // The checksum rejects nearly every mutation; with it recomputed the parser behind it is reached.
        var fixed = bytes
        if fixed.count >= 16 {
            let sum = fnv1a64(Array(fixed[0..<(fixed.count - 8)]))
            for k in 0..<8 { fixed[fixed.count - 8 + k] = UInt8(truncatingIfNeeded: sum >> (8 * UInt64(k))) }
        }
        guard let (spec, tensors) = try? WeightFile.decode(fixed, file: "fuzz.qnn") else { return }
        for (_, t) in tensors { precondition(t.data.count == t.shape.reduce(1, *)) }
        // A file that decodes must also either build a network or be refused cleanly.
        _ = try? InferenceNetwork(spec: spec, tensors: Dictionary(tensors, uniquingKeysWith: { a, _ in a }))
    }

    static func dictionary(_ bytes: [UInt8]) {
        guard let list = try? WordList(bytes: bytes) else { return }
        precondition(!list.words.isEmpty)
        // Every word accepted is found again in the trie built from the list.
        let trie = Trie(list)
        for word in list.words.prefix(50) { precondition(trie.contains(String(decoding: word.map { $0 + 97 }, as: UTF8.self))) }
    }

    static func cards(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let cards = try? CardParser.cards(text) else { return }
        // What was read, written back and read again, is the same hand.
        let again = try? CardParser.cards(cards.map(\.name).joined(separator: "/"))
        precondition(cards.isEmpty || again == cards)
    }

    static func labels(_ bytes: [UInt8]) {
        guard let photos = try? PhotoSet.parse(bytes, path: "labels.json") else { return }
        for p in photos { precondition(!p.name.isEmpty && !p.name.contains("/")) }
    }
}
