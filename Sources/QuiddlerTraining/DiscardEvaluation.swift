import QuiddlerImage
import QuiddlerPlatform
import QuiddlerRandom
import QuiddlerReader
import QuiddlerSynthesis

/// How well the discard lying apart is told from the hand, on synthetic frames.
public struct DiscardSummary: Sendable {
    /// Frames of a fan and a discard lying clear of it (its index showing), and those whose
    /// discard came out as that card: from the labels (the separation alone) and from the reader.
    public var apart = 0
    public var foundFromLabels = 0
    public var foundFromReader = 0
    /// Frames of a fan alone, and those where a card of it was taken for a discard.
    public var fansAlone = 0
    public var falseFromLabels = 0
    public var falseFromReader = 0
}

extension Evaluation {
    /// Frame `i` of the discard check: a held fan with a discard lying apart (even `i`), or a
    /// fan alone (odd `i`), in webcam frames (640×480, 1280×960), letters 12 to 40 pixels.
    public static func discardScene(_ i: Int, generator: SceneGenerator, rng: inout SeededGenerator) -> Scene {
        var request = SceneGenerator.Request(layout: i % 2 == 0 ? .handAndDiscard : .hand)
        let (w, h) = rng.nextFloat() < 0.6 ? (640, 480) : (1280, 960)
        request.indexPixels = 12...(w == 640 ? 28 : 40)
        request.legibleLetters = 12
        return generator.render(request, width: w, height: h, rng: &rng)
    }

    /// The card of `scene` that lies apart from its fan, if one does: not in the hand, an index
    /// showing, and its centre at least a card's height from every card of the fan, of which at
    /// least two show an index (one card showing is no fan to tell it from).
    static func discardApart(_ scene: Scene) -> Int? {
        guard let id = scene.cards.indices.first(where: { !scene.cards[$0].inHand }),
              let label = scene.indices.first(where: { $0.cardID == id && $0.visibility == .visible }) else { return nil }
        let fan = scene.indices.filter { scene.cards[$0.cardID].inHand }
        guard Set(fan.filter { $0.visibility == .visible }.map(\.cardID)).count >= 2 else { return nil }
        let clear = fan.allSatisfy { hypotf($0.cardCenter.x - label.cardCenter.x, $0.cardCenter.y - label.cardCenter.y) >= 10 * max($0.size, label.size) }
        return clear ? id : nil
    }

    /// Separates hand and discard in `scenes` synthetic frames: from the labels (one index of
    /// each card showing one) and from the reader's reads.
    public static func discard(reader: CardReader?, generator: SceneGenerator, scenes: Int, seed: UInt64,
                               postProcess: ((inout RGBImage, inout SeededGenerator) -> Void)? = nil) -> DiscardSummary {
        var rng = SeededGenerator(seed: seed)
        var summary = DiscardSummary()
        for i in 0..<scenes {
            var scene = discardScene(i, generator: generator, rng: &rng)
            postProcess?(&scene.image, &rng)
            let truth = discardApart(scene)
            let withDiscard = i % 2 == 0
            // A discard hidden under the fan is no discard lying apart: that frame proves nothing.
            if withDiscard && truth == nil { continue }
            if withDiscard { summary.apart += 1 } else { summary.fansAlone += 1 }
            let shown = scene.cards.indices.compactMap { id in
                scene.indices.first { $0.cardID == id && $0.visibility == .visible && !$0.isBottomRight }
                    ?? scene.indices.first { $0.cardID == id && $0.visibility == .visible }
            }
            let (_, fromLabels) = HandLayout.separate(shown.map { ($0.center, $0.cardCenter, $0.size) })
            let labelled = fromLabels.map { shown[$0].cardID }
            if withDiscard, labelled == truth { summary.foundFromLabels += 1 }
            if !withDiscard, labelled != nil { summary.falseFromLabels += 1 }
            guard let reader else { continue }
            let (_, read) = HandLayout.separate((try? reader.read(scene.image)) ?? [])
            let readID = read.flatMap { d in label(at: d.center, in: scene).map(\.cardID) }
            if withDiscard, let read, readID == truth, read.card == scene.cards[truth ?? 0].card { summary.foundFromReader += 1 }
            if !withDiscard, read != nil { summary.falseFromReader += 1 }
        }
        return summary
    }
}
