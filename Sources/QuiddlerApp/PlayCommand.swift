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

    func validate() throws {
        guard (1...8).contains(round) else { throw ValidationError("--round must be 1 to 8, got \(round)") }
    }

    func run() throws {
        guard isatty(0) != 0, isatty(1) != 0 else {
            throw AppError.badOption(option: "play", reason: "standard input and output must be a terminal; for scripts use 'quiddler solve' or 'quiddler detect'")
        }
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
        let runtime = Runtime(solver: solver, reader: reader, source: frameSource, art: art,
                              initial: AppState(round: round, status: status, demoSeed: UInt64(Date().timeIntervalSince1970)))
        if let modelProblem { runtime.post(.failed("card reader unavailable: \(modelProblem)")) }
        let startDemo = frameSource == nil && !manual
        try runtime.run(startDemo: startDemo, startManual: manual)
        // The terminal is restored and nothing is left to save: leave at once, so no library's
        // exit-time work (OpenBLAS joins its worker threads then) can keep a quitting player
        // waiting. In one test run the app did not end within 40 s of a Ctrl-C, after its
        // terminal was restored.
        fflush(stdout)
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

/// Set by the signal handler; the main loop checks it.
nonisolated(unsafe) var quitSignal: sig_atomic_t = 0

/// Runs the app: the main loop reads keys and draws; the camera, the detector and the solver work
/// on background queues and post messages; `update` is the only thing that changes the state.
final class Runtime: @unchecked Sendable {
    private var state: AppState
    private let solver: Solver
    private let reader: CardReader?
    private let grabber: FrameGrabber?
    private let art: CardArt?
    private let inboxLock = NSLock()
    private var inbox: [Msg] = []
    private let solveQueue = DispatchQueue(label: "quiddler.solve")
    private let detectQueue = DispatchQueue(label: "quiddler.detect")
    /// Loads the definitions, then answers look-ups in order; `definitions` is only touched on it.
    private let defineQueue = DispatchQueue(label: "quiddler.define")
    private var definitions: Definitions?
    private var detecting = false
    private var lastFrame = 0
    private var lastContent: Int?
    private var frameTimes: [Double] = []
    private var running = true

    init(solver: Solver, reader: CardReader?, source: FrameSource?, art: CardArt?, initial: AppState) {
        self.solver = solver
        self.reader = reader
        self.art = art
        state = initial
        grabber = source.map { FrameGrabber(source: $0) }
    }

    /// Adds a message from any thread.
    func post(_ msg: Msg) {
        inboxLock.lock()
        inbox.append(msg)
        inboxLock.unlock()
    }

    private func drain() -> [Msg] {
        inboxLock.lock()
        defer { inboxLock.unlock() }
        let m = inbox
        inbox = []
        return m
    }

    func run(startDemo: Bool, startManual: Bool) throws {
        // Whatever started us may have blocked these; the terminal must be restored on each.
        var quitSignals = sigset_t()
        sigemptyset(&quitSignals)
        for sig in [SIGINT, SIGTERM, SIGHUP, SIGQUIT] { sigaddset(&quitSignals, sig) }
        pthread_sigmask(SIG_UNBLOCK, &quitSignals, nil)
        signal(SIGINT) { _ in quitSignal = 1 }
        signal(SIGTERM) { _ in quitSignal = 1 }
        signal(SIGHUP) { _ in quitSignal = 1 }
        signal(SIGQUIT) { _ in quitSignal = 1 }
        let screen = NcursesRenderer()
        defer {
            screen.close()
            grabber?.stop()
        }
        state.color = screen.hasColor
        grabber?.start()
        // Loading the dictionaries takes a few hundred milliseconds: never on the UI thread.
        defineQueue.async {
            let loaded = DefinitionsLoader.load()
            self.definitions = loaded.definitions
            if loaded.definitions.isEmpty { self.post(.definitionsUnavailable(DefinitionsLoader.howToInstall)) }
        }
        if startDemo { dispatch(.key(.char("r"))) }
        if startManual { dispatch(.key(.char("m"))) }
        var drawnState: AppState?
        var drawnSize = (0, 0)
        // A vanished terminal (its window closed with the hang-up signal blocked) also ends the app.
        while running && quitSignal == 0 && isatty(0) != 0 {
            if let key = screen.readKey() { dispatch(.key(key)) }
            for m in drain() { dispatch(m) }
            pollFrames()
            let (w, h) = screen.size
            if drawnState != state || drawnSize != (w, h) {
                screen.draw(view(state, width: w, height: h))
                drawnState = state
                drawnSize = (w, h)
            }
        }
    }

    private func dispatch(_ msg: Msg) {
        let (next, effects) = update(state, msg)
        state = next
        for e in effects { perform(e) }
    }

    private func perform(_ effect: Effect) {
        switch effect {
        case .quit: running = false
        case .gloss(let words):
            defineQueue.async {
                guard let d = self.definitions else { return }
                self.post(.glossed(Dictionary(uniqueKeysWithValues: words.map { ($0, d.gloss($0)) })))
            }
        case .define(let word):
            defineQueue.async {
                var lines = DefineCommand.entryLines(word: word, entries: self.definitions?.lookup(word, senses: 6) ?? [])
                if lines.isEmpty { lines = ["\(word): no definition found; it is in the word list, so it is valid for play"] }
                self.post(.defined(word: word, lines: lines))
            }
        case .solve(let id, let hand, let discard):
            solveQueue.async { [solver] in
                do {
                    let result: SolveResult = try discard.map { .decision(try solver.decide(hand: hand, discard: $0)) }
                        ?? .split(solver.bestSplit(of: hand))
                    self.post(.solved(id: id, result))
                } catch {
                    self.post(.solveFailed(id: id, "\(error)"))
                }
            }
        case .bestDrop(let id, let hand, let drawn):
            solveQueue.async { [solver] in
                let (split, drop, _) = solver.bestTake(hand: hand, discard: drawn)
                self.post(.solved(id: id, .drop(split, drop: drop, drawn: drawn)))
            }
        case .demo(let seed, let hand, let discard):
            guard let art, let reader else {
                post(.failed("the demo needs the card reader model and Assets/fonts; see the README"))
                return
            }
            detectQueue.async {
                var rng = SeededGenerator(seed: seed)
                let scene = SceneGenerator(art: art).demo(hand: hand, discard: discard, rng: &rng)
                let start = Date()
                let detections: [Detection]
                do { detections = try reader.read(scene.image, hint: hand.count + 1) } catch {
                    self.post(.failed("card reader: \(error)"))
                    return
                }
                let ms = Date().timeIntervalSince(start) * 1000
                let view = LiveView(thumbnail: scene.image.resized(width: 160, height: 120), frameWidth: scene.image.width, frameHeight: scene.image.height,
                                    detections: detections, frameID: 0)
                self.post(.status(SourceStatus(name: "demo", state: .demo, fps: 0, latencyMs: ms)))
                self.post(.demoDetected(view, hand: hand, discard: discard))
            }
        }
    }

    /// Sends the newest frame to the detector when it is free (latest frame wins).
    private func pollFrames() {
        guard let grabber else { return }
        if case .disconnected(let n) = grabber.state, state.status.state != .disconnected(attempts: n) {
            var s = state.status
            s.state = .disconnected(attempts: n)
            dispatch(.status(s))
        }
        guard !isDetecting, let frame = grabber.frame(newerThan: lastFrame) else { return }
        lastFrame = frame.sequence
        // A still picture played as video is read once, not ten times a second.
        if let id = frame.contentID, id == lastContent { return }
        lastContent = frame.contentID
        setDetecting(true)
        let hint = state.handSize
        let reader = self.reader
        let name = state.status.name
        detectQueue.async {
            let start = Date()
            var detections: [Detection] = []
            do { detections = try reader?.read(frame.image, hint: hint) ?? [] } catch { self.post(.failed("card reader: \(error)")) }
            let ms = Date().timeIntervalSince(start) * 1000
            let thumb = frame.image.resized(width: 160, height: max(1, 160 * frame.image.height / max(1, frame.image.width)))
            self.post(.detected(LiveView(thumbnail: thumb, frameWidth: frame.image.width, frameHeight: frame.image.height,
                                         detections: detections, frameID: frame.sequence)))
            self.post(self.rateStatus(name: name, latency: ms))
            self.setDetecting(false)
        }
    }

    private var isDetecting: Bool { inboxLock.lock(); defer { inboxLock.unlock() }; return detecting }
    private func setDetecting(_ v: Bool) { inboxLock.lock(); detecting = v; inboxLock.unlock() }

    private func rateStatus(name: String, latency: Double) -> Msg {
        let now = Date().timeIntervalSince1970
        frameTimes.append(now)
        frameTimes = frameTimes.filter { now - $0 < 2 }
        let fps = Double(frameTimes.count) / 2
        return .status(SourceStatus(name: name, state: .running, fps: fps, latencyMs: latency))
    }
}
