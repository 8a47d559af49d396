import Foundation
import QuiddlerImage
import QuiddlerReader
import QuiddlerSynthesis
import QuiddlerCapture

/// The drawn card faces, from the bundled glyph sheet (no scans needed).
public enum TestArt {
    public static let drawn: CardArt = {
        let bytes = [UInt8](FileManager.default.contents(atPath: TestPaths.root + "/Assets/fonts/serif-glyphs.png") ?? Data())
        let sheet = (try? PNGCodec.decode(bytes)) ?? RGBImage(width: 6, height: 6)
        return CardArt(drawnWith: GlyphSheet(sheet: sheet))
    }()
}
