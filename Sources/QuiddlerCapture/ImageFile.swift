import Foundation
import QuiddlerImage

/// Reading and writing image files: JPEG through libturbojpeg, PNG through libpng.
public enum ImageFile {
    /// The file extensions quiddler reads.
    public static let extensions: Set<String> = ["jpg", "jpeg", "png"]

    /// Reads a JPEG or PNG file, turned upright by its EXIF orientation.
    /// - Throws: `CaptureError` naming the file: missing, unreadable, not an image, corrupt.
    public static func load(_ path: String, codec: JPEGCodec = JPEGCodec()) throws(CaptureError) -> RGBImage {
        let bytes = try readBytes(path)
        if PNGCodec.isPNG(bytes) {
            do { return try PNGCodec.decode(bytes) } catch { throw .unreadable(path, reason: error.description) }
        }
        guard bytes.count >= 2, bytes[0] == 0xFF, bytes[1] == 0xD8 else { throw .unsupportedImage(path) }
        do { return try codec.decode(bytes) } catch { throw .unreadable(path, reason: error.description) }
    }

    /// Reads a whole file.
    public static func readBytes(_ path: String) throws(CaptureError) -> [UInt8] {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else { throw .fileNotFound(path) }
        guard !isDir.boolValue else { throw .unreadable(path, reason: "it is a folder") }
        guard let data = FileManager.default.contents(atPath: path) else { throw .unreadable(path, reason: "permission denied or I/O error") }
        return [UInt8](data)
    }

    /// Writes an image as a JPEG file.
    public static func writeJPEG(_ image: RGBImage, to path: String, quality: Int = 90, codec: JPEGCodec = JPEGCodec()) throws(CaptureError) {
        let bytes = try codec.encode(image, quality: quality)
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else { throw .cannotWrite(path) }
    }

    /// The images in a folder, sorted by name.
    /// - Throws: `CaptureError.emptyFolder` when it holds none.
    public static func imagesInFolder(_ path: String) throws(CaptureError) -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { throw .unreadable(path, reason: "cannot list the folder") }
        let images = names.filter { extensions.contains(($0 as NSString).pathExtension.lowercased()) }
            .sorted { $0.localizedStandardCompare($1) == .orderedAscending }
        guard !images.isEmpty else { throw .emptyFolder(path) }
        return images.map { (path as NSString).appendingPathComponent($0) }
    }

    /// Whether a path is a folder.
    public static func isFolder(_ path: String) -> Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && isDir.boolValue
    }
}
