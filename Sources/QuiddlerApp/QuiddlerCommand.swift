import ArgumentParser
import QuiddlerCapture
import QuiddlerGame
import QuiddlerNN
import Foundation
import QuiddlerPlatform

/// The `quiddler` command: the table-side assistant and its engine.
public struct QuiddlerCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "quiddler",
        abstract: "A table-side assistant for the card game Quiddler: reads your cards and suggests the best play.",
        discussion: "Run without a subcommand to open the table-side app (quiddler play).",
        subcommands: [PlayCommand.self, SolveCommand.self, CamerasCommand.self, FramesCommand.self, SynthCommand.self, TrainCommand.self, DetectCommand.self, EvalCommand.self, DefineCommand.self, ScoreCommand.self, GamesCommand.self, SheetCommand.self, BenchCommand.self],
        defaultSubcommand: PlayCommand.self
    )

    public init() {}

    /// Runs the command line and returns the process exit code. Every error is printed as one
    /// line on standard error.
    public static func run(arguments: [String]) -> Int32 {
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
            // Output that could not be written (a full disk, a closed pipe) is a failure.
            if !flushStandardOutput() {
                printError("error: cannot write to standard output")
                return 1
            }
            return 0
        } catch {
            let code = exitCode(for: error)
            if code == .success || error is CleanExit {
                let text = fullMessage(for: error)
                if !text.isEmpty { print(text) }
                return code.rawValue
            }
            printError(oneLine(for: error, arguments: arguments))
            return code == .success ? 1 : code.rawValue
        }
    }

    /// The one-line message for an error, naming how to get help for parse errors.
    static func oneLine(for error: Error, arguments: [String]) -> String {
        if error is AppError || error is CaptureError || error is NNError || error is GameError { return "error: \(error)" }
        let message = message(for: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
        let sub = arguments.first.flatMap { a in configuration.subcommands.first { $0._commandName == a } }
        let help = sub.map { "quiddler \($0._commandName) --help" } ?? "quiddler --help"
        return "error: \(message) (see '\(help)')"
    }
}

/// Prints a value as one line of JSON, keys sorted.
func printJSON<T: Encodable>(_ value: T) throws { print(try jsonLine(value)) }

/// A value as one line of JSON, keys sorted.
func jsonLine<T: Encodable>(_ value: T) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(value), as: UTF8.self)
}

/// Prints one line on standard error.
func printError(_ line: String) { writeStandardError(line + "\n") }

/// Writes to standard error, ignoring failure: with standard error closed or full there is
/// nowhere left to report it (FileHandle.write would trap instead).
func writeStandardError(_ text: String) {
    var bytes = Array(text.utf8)
    var done = 0
    while done < bytes.count {
        let n = bytes.withUnsafeMutableBytes { write(2, $0.baseAddress! + done, $0.count - done) }
        if n < 0 && errno == EINTR { continue }
        guard n > 0 else { return }
        done += n
    }
}
