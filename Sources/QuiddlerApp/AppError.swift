/// Errors at the app's edges: files, options and resources.
public enum AppError: Error, CustomStringConvertible {
    /// A file that does not exist.
    case fileNotFound(path: String, what: String)
    /// A file that exists but cannot be read.
    case unreadable(path: String, reason: String)
    /// A bundled resource that cannot be found.
    case resourceMissing(name: String)
    /// A bad option value.
    case badOption(option: String, reason: String)
    /// An error from the game engine, with the option it came from.
    case game(option: String, error: Error)
    /// A file that cannot be written.
    case cannotWrite(path: String, reason: String)
    /// Words asked for that are neither defined nor in the word list: most likely misspelt.
    case unknownWords([String])

    public var description: String {
        switch self {
        case .fileNotFound(let path, let what):
            return "\(what) '\(path)' does not exist; check the path"
        case .unreadable(let path, let reason):
            return "cannot read '\(path)': \(reason)"
        case .resourceMissing(let name):
            return "cannot find the bundled \(name); run quiddler from its checkout or set QUIDDLER_HOME to the folder holding Dictionary/ and Assets/"
        case .badOption(let option, let reason):
            return "\(option): \(reason)"
        case .game(let option, let error):
            return "\(option): \(error)"
        case .cannotWrite(let path, let reason):
            return "cannot write '\(path)': \(reason)"
        case .unknownWords(let words):
            let list = words.map { "'\($0)'" }.joined(separator: ", ")
            let (has, isIn) = words.count == 1 ? ("has", "is") : ("have", "are")
            return "\(list) \(has) no definition and \(isIn) not in the word list; check the spelling"
        }
    }
}
