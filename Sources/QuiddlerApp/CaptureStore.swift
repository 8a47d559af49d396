import Foundation
import QuiddlerCapture
import QuiddlerImage
import QuiddlerReader
import QuiddlerTraining

/// Hands the player confirmed, kept as labelled real data for `quiddler train --finetune`: each
/// one the full-resolution frame (JPEG) and an entry in the folder's `labels.json`, in the
/// format of a hand-labelled photo folder, with each card's index box from the reader and the
/// kind the player confirmed. `quiddler eval --photos` reads the folder as it is.
struct CaptureStore {
    let folder: String

    /// `$XDG_DATA_HOME/quiddler/captures`, by default `~/.local/share/quiddler/captures`.
    static func standard() -> CaptureStore { CaptureStore(folder: AtomicFile.dataFolder + "/captures") }

    var labelsPath: String { folder + "/labels.json" }

    /// What the folder's labels say so far (none when there is no file yet).
    /// - Throws: `AppError.unreadable` when the file is there but is not a labels file: it is
    ///   then left as it is, never overwritten.
    func entries() throws(AppError) -> [PhotoSet.LabelsFile.Entry] {
        guard FileManager.default.fileExists(atPath: labelsPath) else { return [] }
        guard let data = FileManager.default.contents(atPath: labelsPath),
              let file = try? JSONDecoder().decode(PhotoSet.LabelsFile.self, from: data) else {
            throw .unreadable(path: labelsPath, reason: "not a labels file; move it away to keep new captures")
        }
        return file.photos
    }

    /// Saves a confirmed frame and its cards (each with its index box), in reading order.
    /// - Returns: the new photo's file name.
    /// - Throws: `AppError` naming the file that could not be read or written.
    func save(_ image: RGBImage, cards: [Detection], now: Date = Date(), codec: JPEGCodec = JPEGCodec()) throws(AppError) -> String {
        let old = try entries()
        do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
            throw .cannotWrite(path: folder, reason: "cannot create the folder")
        }
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.dateFormat = "yyyyMMdd-HHmmss"
        let taken = Set(old.map(\.file))
        var name = "capture-\(f.string(from: now)).jpg", n = 2
        while taken.contains(name) || FileManager.default.fileExists(atPath: folder + "/" + name) {
            name = "capture-\(f.string(from: now))-\(n).jpg"
            n += 1
        }
        let jpeg: [UInt8]
        do { jpeg = try codec.encode(image, quality: 95) } catch { throw .cannotWrite(path: folder + "/" + name, reason: "\(error)") }
        // The photo first: labels never name a photo that is not there.
        try AtomicFile.write(Data(jpeg), to: folder + "/" + name)
        let entry = PhotoSet.LabelsFile.Entry(file: name, cards: cards.map(\.card.name), kind: "hand", boxes: cards.map(IndexBox.init))
        let about = "Hands confirmed at the table by the quiddler app: each card's index box as the reader found it, its kind as the player confirmed it."
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        guard let data = try? encoder.encode(PhotoSet.LabelsFile(about: about, photos: old + [entry])) else {
            throw .cannotWrite(path: labelsPath, reason: "the labels could not be encoded")
        }
        try AtomicFile.write(data, to: labelsPath)
        return name
    }
}
