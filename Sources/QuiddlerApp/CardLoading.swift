import Foundation
import QuiddlerCapture
import QuiddlerGame
import QuiddlerRandom
import QuiddlerImage
import QuiddlerReader
import QuiddlerSynthesis
import QuiddlerTraining

/// Loads card art: scans from a folder, or drawn faces from the bundled serif glyphs.
enum CardLoading {
    /// Scans from `folder` (a.png … th.png), or drawn faces when `folder` is nil.
    static func art(cards folder: String?) throws -> CardArt {
        guard let folder else { return CardArt(drawnWith: try glyphs()) }
        guard ImageFile.isFolder(folder) else { throw CaptureError.fileNotFound(folder) }
        let codec = JPEGCodec()
        var scans: [RGBImage] = []
        for card in Card.all {
            let path = (folder as NSString).appendingPathComponent(card.name + ".png")
            guard FileManager.default.fileExists(atPath: path) else { throw VisionError.missingCardScan(path) }
            scans.append(try ImageFile.load(path, codec: codec))
        }
        return try CardArt(scans: scans)
    }

    /// The bundled serif glyph sheet.
    static func glyphs() throws -> GlyphSheet {
        GlyphSheet(sheet: try ImageFile.load(try Resources.locate("Assets/fonts/serif-glyphs.png")))
    }
}
