import Foundation
import QuiddlerCapture
import QuiddlerGame
import QuiddlerImage
import QuiddlerReader
import QuiddlerTraining

/// Labelled photos: a folder of images and a `labels.json` naming the cards in each. The labels
/// are read at once; each photo is decoded only when it is scored, so a folder of hundreds of
/// photos never sits in memory.
struct PhotoSet {
    /// The file format of `labels.json`.
    struct LabelsFile: Codable {
        struct Entry: Codable {
            let file: String
            let cards: [String]
            let kind: String?
            /// Each card's index box (captures kept by the app); absent in hand-made labels.
            var boxes: [IndexBox]? = nil
        }
        let about: String?
        let photos: [Entry]
    }

    let folder: String
    let labelPath: String
    let photos: [PhotoLabels]
    /// How each photo is shown to the reader (as it is, unless told).
    var view = PhotoView()

    /// - Throws: `AppError` naming the labels file and what is wrong with it.
    static func load(folder: String, labels: String? = nil) throws -> PhotoSet {
        let labelPath = labels ?? (folder as NSString).appendingPathComponent("labels.json")
        let bytes = try Resources.read(labelPath, what: "labels file")
        return PhotoSet(folder: folder, labelPath: labelPath, photos: try parse(bytes, path: labelPath))
    }

    /// The photos a `labels.json` names, with their cards.
    /// - Throws: `AppError.unreadable` naming `path` and what is wrong.
    static func parse(_ bytes: [UInt8], path: String) throws(AppError) -> [PhotoLabels] {
        let file: LabelsFile
        do { file = try JSONDecoder().decode(LabelsFile.self, from: Data(bytes)) } catch {
            throw .unreadable(path: path, reason: "expected {\"photos\": [{\"file\": …, \"cards\": [...]}]}")
        }
        var photos: [PhotoLabels] = []
        for entry in file.photos {
            // A name that leaves the folder (or is not a plain file name) is refused.
            guard !entry.file.isEmpty, !entry.file.contains("/"), entry.file != "..", entry.file != "." else {
                throw .unreadable(path: path, reason: "'\(printable(entry.file))' is not a file name in the photos' folder")
            }
            var cards: [Card] = []
            for name in entry.cards {
                guard let c = Card(name) else { throw .unreadable(path: path, reason: "unknown card '\(printable(name))' for \(printable(entry.file))") }
                cards.append(c)
            }
            if let boxes = entry.boxes {
                guard boxes.count == cards.count, boxes.allSatisfy(\.isValid) else {
                    throw .unreadable(path: path, reason: "\(printable(entry.file)) needs one box of finite numbers and a positive size per card")
                }
            }
            photos.append(PhotoLabels(name: entry.file, cards: cards, boxes: entry.boxes))
        }
        return photos
    }

    var count: Int { photos.count }

    /// Decodes one photo, shown as `view` says.
    func image(_ photo: PhotoLabels, codec: JPEGCodec) throws -> RGBImage {
        let path = (folder as NSString).appendingPathComponent(photo.name)
        return try view.apply(ImageFile.load(path, codec: codec), name: path)
    }

    /// Scores a reader on every photo, decoding them one at a time.
    func evaluate(_ reader: CardReader, hint: Bool) throws -> EvaluationSummary {
        let codec = JPEGCodec()
        return try Evaluation.photos(reader: reader, photos: photos, hint: hint) { try image($0, codec: codec) }
    }
}

/// A labelled photo shown to the reader as another camera would see it: turned clockwise by
/// `turn` degrees (a camera across the table sees the cards upside down), shrunk by `scale` (a
/// camera further off, as a smaller sensor's pixels: `RGBImage.shrunk`), and set in the middle of
/// a larger `frame` (a hand lying on the table, a small part of a tripod webcam's view), and its
/// light scaled by `light` (under 1: a webcam in a dim room; over 1: one that lets in too much
/// light, its whites clipped; `Exposure.scaled`), and its middle
/// tones darkened by `gamma` (over 1: cards in shade before a bright ceiling or window, or a
/// camera's harsh tone curve; its whites kept, `Exposure.toned`). The six
/// development photos have letters 30 to 50 pixels tall; shrunk they test the reader on real
/// cards at the small sizes the synthetic scenes test it on, without a new photo.
struct PhotoView {
    var turn = 0
    var scale: Float = 1
    var frame: (width: Int, height: Int)?
    var light: Float = 1
    var gamma: Float = 1

    /// The turns a photo can be given, clockwise, with the EXIF orientation that turns it so.
    static let turns: [Int: Int] = [0: 1, 90: 6, 180: 3, 270: 8]

    /// The most `light` may scale a photo's light by: four times, where any grey of a quarter of
    /// full brightness or more is clipped as white as the card.
    static let mostLight: Float = 4

    /// The smallest a shrunk photo may be on either side: smaller, the reader has nothing to read.
    static let smallestSide = 32

    var isIdentity: Bool { turn == 0 && scale == 1 && frame == nil && light == 1 && gamma == 1 }

    /// How the view reads in a title: "turned 180°, shrunk to 30% in a 640×480 frame, in 25% of
    /// the light, its middle tones darkened by a gamma of 2.0".
    var description: String {
        var parts: [String] = [], size: [String] = []
        if turn != 0 { parts.append("turned \(turn)°") }
        if scale != 1 { size.append("shrunk to \(Int((scale * 100).rounded()))%") }
        if let frame { size.append("in a \(frame.width)×\(frame.height) frame") }
        if !size.isEmpty { parts.append(size.joined(separator: " ")) }
        if light != 1 { parts.append("in \(Int((light * 100).rounded()))% of the light" + (light > 1 ? ", its whites clipped" : "")) }
        if gamma != 1 { parts.append("its middle tones darkened by a gamma of \(gamma)") }
        return parts.joined(separator: ", ")
    }

    /// - Throws: `AppError.unreadable` naming the photo when it would shrink below `smallestSide`
    ///   or not fit the frame.
    func apply(_ image: RGBImage, name: String) throws(AppError) -> RGBImage {
        guard !isIdentity else { return image }
        let image = image.applyingOrientation(Self.turns[turn] ?? 1)
        let w = max(1, Int((Float(image.width) * scale).rounded())), h = max(1, Int((Float(image.height) * scale).rounded()))
        guard w >= Self.smallestSide, h >= Self.smallestSide else {
            throw .unreadable(path: name, reason: "shrunk to \(w)×\(h) it is too small to read (at least \(Self.smallestSide) pixels a side): give a larger --photo-scale")
        }
        var out = scale == 1 ? image : image.shrunk(width: w, height: h)
        if let frame {
            guard frame.width >= w, frame.height >= h else {
                throw .unreadable(path: name, reason: "shrunk to \(w)×\(h) it does not fit a \(frame.width)×\(frame.height) frame: give a larger --photo-frame or a smaller --photo-scale")
            }
            out = out.centred(inWidth: frame.width, height: frame.height)
        }
        if light != 1 { out = Exposure.scaled(out, by: light) }
        return gamma == 1 ? out : Exposure.toned(out, exponent: gamma)
    }
}
