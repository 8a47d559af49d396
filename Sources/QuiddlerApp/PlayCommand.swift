import ArgumentParser
import Foundation
import QuiddlerCapture
import QuiddlerGame
import QuiddlerLexicon
import QuiddlerRandom
import QuiddlerTUI
import QuiddlerImage
import QuiddlerReader
import QuiddlerSynthesis
import QuiddlerTraining
import QuiddlerPlatform

/// `quiddler play` (and `quiddler` alone): the table-side app.
struct PlayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "play", abstract: "Open the table-side app: live camera, recognised cards, suggested play.")

    @Option(help: "The webcam.") var device = "/dev/video0"
    @Option(help: "An image file or folder of images in place of the camera.") var source: String?
    @Flag(help: "Start with a random demo hand, without a camera.") var demo = false
    @Flag(help: "Start by typing the hand.") var manual = false
    @Option(parsing: .unconditional, help: "The round, 1-8 (hand size = round + 2).") var round = 1
    @Option(help: "A word list (default: the bundled list).") var dictionary: String?
    @Option(help: "A model folder (default: the shipped model).") var model: String?
    @Option(help: "Start a game with these players, to score every round: --players anna,ben,cleo.") var players: String?
    @Flag(name: .customLong("continue"), help: "Go on with the last saved game.") var continueGame = false
    @Flag(help: "Keep each hand you accept, its picture and the cards as you confirmed them, in $XDG_DATA_HOME/quiddler/captures (default ~/.local/share/quiddler/captures) for 'quiddler train --finetune'; k toggles it in the app.") var keepCaptures = false

    func validate() throws {
        guard (1...8).contains(round) else { throw ValidationError("--round must be 1 to 8, got \(round)") }
        if players != nil && continueGame { throw ValidationError("--players starts a new game and --continue goes on with the last: give one") }
    }

    func run() throws {
        // A game to score: started now (and saved at once) or the last one, read before the
        // terminal is taken so a problem is one line on standard error.
        let store = GameStore.standard()
        var game: Game?
        if let players {
            do { game = try Game(id: store.newID(), players: players.split(separator: ",").map(String.init)) } catch {
                throw AppError.game(option: "--players", error: error)
            }
        } else if continueGame {
            game = try store.latest()
        }
        guard isatty(0) != 0, isatty(1) != 0 else {
            throw AppError.badOption(option: "play", reason: "standard input and output must be a terminal; for scripts use 'quiddler solve' or 'quiddler detect'")
        }
        if players != nil, let game { try store.save(game) }
        let solver = Solver(trie: try DictionaryLoader.load(path: dictionary).trie)
        var modelProblem: String?
        var reader: CardReader?
        do { reader = try ModelLoading.reader(folder: model) } catch { modelProblem = "\(error)" }
        if model != nil, let modelProblem { throw AppError.badOption(option: "--model", reason: modelProblem) }

        var frameSource: FrameSource?
        var status = SourceStatus(name: "demo", state: .demo)
        if let source {
            frameSource = try ImageSequenceSource(path: source, framesPerSecond: 10)
            status = SourceStatus(name: (source as NSString).lastPathComponent, state: .running)
        } else if !demo {
            do {
                frameSource = try CameraSource(path: device)
                status = SourceStatus(name: device, state: .running)
            } catch {
                status = SourceStatus(name: device, state: .none(Self.short(error)))
            }
        }
        let art = (try? CardLoading.art(cards: nil))
        var initial = AppState(round: game?.round ?? round, status: status, demoSeed: UInt64(Date().timeIntervalSince1970))
        initial.game = game
        initial.keepCaptures = keepCaptures
        initial.capturesFolder = CaptureStore.standard().folder
        if let game {
            initial.notice = Notice(game.isFinished ? "game \(game.id) is over: S shows the sheet"
                                    : "game \(game.id): \(game.players.joined(separator: ", ")), round \(game.round); s scores the round, S shows the sheet")
        }
        let runtime = Runtime(solver: solver, reader: reader, source: frameSource, art: art, initial: initial, store: store)
        if let modelProblem { runtime.post(.failed("card reader unavailable: \(modelProblem)")) }
        let startDemo = frameSource == nil && !manual
        Runtime.quitOnSignals()
        runtime.run(on: NcursesRenderer(), startDemo: startDemo, startManual: manual)
        // The terminal is restored and nothing is left to save: leave at once, so no library's
        // exit-time work (OpenBLAS joins its worker threads then) can keep a quitting player
        // waiting. In one test run the app did not end within 40 s of a Ctrl-C, after its
        // terminal was restored.
        _ = flushStandardOutput()
        _exit(0)
    }

    static func short(_ error: Error) -> String {
        if let e = error as? CaptureError {
            switch e {
            case .noSuchDevice(let p): return "\(p) not found"
            case .permissionDenied(let p): return "no permission for \(p)"
            case .notACaptureDevice(let p): return "\(p) is not a camera"
            case .deviceBusy(let p): return "\(p) busy"
            default: return "\(e)"
            }
        }
        return "\(error)"
    }
}
