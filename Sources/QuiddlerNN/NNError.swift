/// Errors from building networks and reading weight files.
public enum NNError: Error, Equatable, CustomStringConvertible {
    /// A network description that cannot be parsed or built.
    case badSpec(line: Int, reason: String)
    /// A shape that does not fit a layer.
    case shapeMismatch(String)
    /// A weight file that cannot be used; `file` names it.
    case badWeightFile(file: String, reason: String)

    public var description: String {
        switch self {
        case .badSpec(let line, let reason): return "network description line \(line): \(reason)"
        case .shapeMismatch(let s): return "shape mismatch: \(s)"
        case .badWeightFile(let file, let reason): return "weight file '\(file)': \(reason)"
        }
    }
}
