/// Errors from cameras, image files and the JPEG codec. Each names the device or file.
public enum CaptureError: Error, Equatable, CustomStringConvertible {
    case noSuchDevice(String)
    case permissionDenied(String)
    case notACaptureDevice(String)
    case deviceBusy(String)
    case disconnected(String)
    case noUsableFormat(String, offered: [String])
    case ioctlFailed(String, call: String, errno: Int32)
    case badJPEG(String)
    case unsupportedImage(String)
    case fileNotFound(String)
    case unreadable(String, reason: String)
    case emptyFolder(String)
    case cannotWrite(String)

    public var description: String {
        switch self {
        case .noSuchDevice(let p):
            return "no camera at \(p); list cameras with 'quiddler cameras' or pass --device /dev/videoN"
        case .permissionDenied(let p):
            return "permission denied opening \(p); add yourself to the video group (sudo usermod -aG video $USER, then log in again)"
        case .notACaptureDevice(let p):
            return "\(p) is not a video capture device; list cameras with 'quiddler cameras'"
        case .deviceBusy(let p):
            return "\(p) is busy: another program is using the camera; close it and try again"
        case .disconnected(let p):
            return "the camera at \(p) was disconnected"
        case .noUsableFormat(let p, let offered):
            return "\(p) offers no format quiddler can read (it offers \(offered.joined(separator: ", ")))"
        case .ioctlFailed(let p, let call, let e):
            return "\(p): \(call) failed (\(String(cString: strerror(e))))"
        case .badJPEG(let reason):
            return "not a readable JPEG: \(reason)"
        case .unsupportedImage(let p):
            return "\(p) is not a JPEG or PNG image"
        case .fileNotFound(let p):
            return "\(p) does not exist; check the path"
        case .unreadable(let p, let reason):
            return "cannot read \(p): \(reason)"
        case .emptyFolder(let p):
            return "\(p) holds no .jpg, .jpeg or .png images"
        case .cannotWrite(let p):
            return "cannot write \(p); check that its folder exists and is writable"
        }
    }
}

import QuiddlerPlatform
