import QuiddlerGame
import QuiddlerImage
import QuiddlerRandom
import QuiddlerReader
import QuiddlerSynthesis
import QuiddlerTestSupport
@testable import QuiddlerApp
import Testing

/// The reader in a dim room, with the shipped model.
@Suite struct DimLightTests {
    /// Hands held to a webcam in a seventh to a quarter of the light (every pixel scaled, as a
    /// shorter exposure takes them) are read brightened, every read the same to the last digit of
    /// its confidence as the brightened frame's, and read as the same hands in full light are:
    /// every card read sure, in order, and no other. (A doubtful read sits at the confidence bar,
    /// where any change of the pixels, even the frame saved as a JPEG, can tip it either way.)
    @Test(arguments: [0.25, 0.15] as [Float])
    func aHandInADimRoomReadsAsInFullLight(light: Float) throws {
        let reader = try ModelLoading.reader(folder: TestPaths.root + "/Assets")
        var rng = SeededGenerator(seed: 77)
        var hands = 0, same = 0, misses: [String] = []
        for _ in 0..<4 {
            let hand = Array(CardCounts.deck.cards.shuffled(using: &rng).prefix(3 + Int(rng.next() % 5)))
            var request = SceneGenerator.Request(layout: .hand, hand: hand, clean: true)
            request.indexSize = 18...30
            let scene = SceneGenerator(art: TestArt.drawn).render(request, rng: &rng)
            let lit = try reader.read(scene.image).filter(\.sure).map(\.card)
            let dimFrame = Exposure.scaled(scene.image, by: light), brightened = Exposure.corrected(dimFrame)
            #expect(brightened != dimFrame, "a frame in \(Int(light * 100))% of the light was not brightened")
            let dimReads = try reader.read(dimFrame), brightenedReads = try reader.read(brightened)
            #expect(dimReads.map(\.card) == brightenedReads.map(\.card) && dimReads.map(\.confidence) == brightenedReads.map(\.confidence))
            let dim = dimReads.filter(\.sure).map(\.card)
            hands += 1
            if dim == lit && !lit.isEmpty { same += 1 } else { misses.append("\(lit.map(\.name)) → \(dim.map(\.name))") }
        }
        #expect(same == hands, "in \(Int(light * 100))% of the light: \(misses)")
    }

    /// Hands whose middle tones are dark (cards in shade before a bright ceiling or window, or a
    /// webcam's harsh tone curve: a gamma of 2.5, the whites kept) read as the same hands do in
    /// ordinary light: every card, in order.

    /// A frame dark through its middle tones (a hand in shade before a bright ceiling, its whites
    /// kept: a gamma of 2.5) is read as the tone curve lifts it, every read the same to the last
    /// digit of its confidence, and the hands read as they do in ordinary light. (The drawn cards
    /// read even unlifted; the real photos do not: see the README's figures for
    /// `quiddler eval --photo-gamma`.)
    @Test func aHandInShadeIsReadLifted() throws {
        let reader = try ModelLoading.reader(folder: TestPaths.root + "/Assets")
        var rng = SeededGenerator(seed: 78)
        var lifted = 0
        for _ in 0..<3 {
            let hand = Array(CardCounts.deck.cards.shuffled(using: &rng).prefix(3 + Int(rng.next() % 5)))
            var request = SceneGenerator.Request(layout: .hand, hand: hand, clean: true)
            request.indexSize = 18...30
            let scene = SceneGenerator(art: TestArt.drawn).render(request, rng: &rng)
            let shaded = Exposure.toned(Exposure.scaled(scene.image, by: 0.8), exponent: 2.5)
            let corrected = Exposure.corrected(shaded)
            let changed = corrected != shaded
            #expect(changed, "a frame of middle \(Exposure.survey(shaded).levels.middle) was not lifted")
            if changed { lifted += 1 }
            let dark = try reader.read(shaded), asLifted = try reader.read(corrected)
            #expect(dark.map(\.card) == asLifted.map(\.card) && dark.map(\.confidence) == asLifted.map(\.confidence),
                    "\(dark.map(\.card.name)) against \(asLifted.map(\.card.name))")
            #expect(dark.map(\.card) == (try reader.read(scene.image)).map(\.card))
        }
        #expect(lifted == 3)
    }

    /// `eval --photo-light` over 1 shows the reader each photo overexposed: every channel scaled
    /// and clipped at white, so greys that differed come out the same white; the title says so.
    @Test func aPhotoViewOverexposesAndClips() throws {
        var photo = RGBImage(width: 48, height: 32)
        for i in photo.pixels.indices { photo.pixels[i] = UInt8(i % 256) }
        let bright = PhotoView(light: 1.5)
        #expect(!bright.isIdentity && bright.description == "in 150% of the light, its whites clipped")
        let shown = try bright.apply(photo, name: "p.jpg")
        #expect(shown == Exposure.scaled(photo, by: 1.5))
        // Channel k holds k % 256: 100 becomes 150; 170 and 250 both reach white.
        #expect(shown.pixels[100] == 150 && shown.pixels[170] == 255 && shown.pixels[250] == 255)
        #expect(PhotoView(light: 0.25).description == "in 25% of the light")
    }

    /// `eval --photo-gamma` shows the reader each photo with its middle tones darkened, after its
    /// light is scaled (`--photo-light`), and says so in the title.
    @Test func aPhotoViewDarkensTheMiddleTonesAfterTheLight() throws {
        var rng = SeededGenerator(seed: 3)
        var photo = RGBImage(width: 64, height: 48)
        for i in photo.pixels.indices { photo.pixels[i] = UInt8(rng.next() % 256) }
        let shade = PhotoView(gamma: 2), both = PhotoView(light: 0.5, gamma: 2)
        #expect(!shade.isIdentity && shade.description == "its middle tones darkened by a gamma of 2.0")
        let shaded = try shade.apply(photo, name: "p.jpg"), dimShaded = try both.apply(photo, name: "p.jpg")
        let sameShade = shaded == Exposure.toned(photo, exponent: 2)
        let sameOrder = dimShaded == Exposure.toned(Exposure.scaled(photo, by: 0.5), exponent: 2)
        #expect(sameShade && sameOrder)
        #expect(Exposure.survey(shaded).levels.middle * 4 < Exposure.survey(photo).levels.middle * 3, "the middle tones were not darkened")
    }
}
