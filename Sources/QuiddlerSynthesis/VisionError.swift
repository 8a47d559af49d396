/// Errors from reading the card scans.
public enum VisionError: Error, Equatable, CustomStringConvertible {
    case indexNotFound(String)
    case missingCardScan(String)

    public var description: String {
        switch self {
        case .indexNotFound(let c): return "cannot find the corner letters on the scan of '\(c)'"
        case .missingCardScan(let path): return "missing card scan \(path); the folder needs a.png … z.png, qu.png, in.png, er.png, cl.png, th.png"
        }
    }
}
