import Foundation
import QuiddlerCapture
import QuiddlerGame
import QuiddlerImage
import QuiddlerLexicon
import QuiddlerPlatform
import QuiddlerRandom
import QuiddlerReader
import QuiddlerSynthesis
import QuiddlerTUI
import Synchronization

/// Set by the signal handlers (an atomic store is safe there); the main loop checks it.
let quitSignal = Atomic<Int32>(0)

/// Messages posted from any thread, taken by the main loop.
final class Mailbox: Sendable {
    private let messages = Mutex<[Msg]>([])
    func post(_ msg: Msg) { messages.withLock { $0.append(msg) } }
    func drain() -> [Msg] { messages.withLock { m in defer { m = [] }; return m } }
}

/// Where the app draws and reads keys: the terminal (`NcursesRenderer`), or a fake in tests.
protocol Screen: AnyObject {
    /// The terminal's colours.
    var depth: ColorDepth { get }
    var size: (width: Int, height: Int) { get }
    /// The next key, or nil when none came within the screen's short timeout.
    func readKey() -> Key?
    func draw(_ grid: Grid)
    /// Whether the terminal has gone (its window closed): the app then ends.
    var isGone: Bool { get }
    func close()
}

/// Runs the app. The main thread owns the state: it reads keys, applies `update` (the only thing
/// that changes the state) and draws. The camera (`FrameGrabber`), the card reader
/// (`ReaderWorker`), the solver and the definitions work on their own threads and only post
/// messages, so nothing here is shared but what is `Sendable`.
final class Runtime {
    private(set) var state: AppState
    private let solver: Solver
    private let store: GameStore
    private let worker: ReaderWorker?
    private let grabber: FrameGrabber?
    private let art: CardArt?
    private let mailbox = Mailbox()
    private let solveQueue = DispatchQueue(label: "quiddler.solve")
    private let demoQueue = DispatchQueue(label: "quiddler.demo")
    /// Loads the definitions, then answers look-ups in order.
    private let defineQueue = DispatchQueue(label: "quiddler.define")
    private let definitions = Locked<Definitions?>(nil)
    /// When the last reads finished, for the frame rate (written by the reader's queue).
    private let readTimes = Locked<[Double]>([])
    /// The camera's reads fused over frames (fed on the reader's queue, in frame order).
    private let tracker = Locked(ConsensusTracker())
    /// The last read of a frame, for a still picture's repeats.
    private let lastRead = Locked<[Detection]?>(nil)
    private var lastContent: Int?
    private var running = true
    /// Full-resolution frames by sequence number: the latest few, and the one on screen (which
    /// a frozen hand keeps), for a confirmed hand to be kept with its picture.
    private var frames: [Int: RGBImage] = [:]
    private let captures: CaptureStore
    private let captureQueue = DispatchQueue(label: "quiddler.captures")

    init(solver: Solver, reader: sending CardReader?, source: FrameSource?, art: CardArt?, initial: AppState, store: GameStore = .standard(),
         captures: CaptureStore = .standard()) {
        self.solver = solver
        self.store = store
        self.captures = captures
        if let reader { worker = ReaderWorker(reader) } else { worker = nil }
        self.art = art
        state = initial
        grabber = source.map { FrameGrabber(source: $0) }
    }

    /// Seconds on a monotonic clock (the reading's age is measured on it).
    static func clock() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

    /// Adds a message from any thread.
    func post(_ msg: Msg) { mailbox.post(msg) }

    /// Ends the main loop at its next turn when SIGINT, SIGTERM, SIGHUP or SIGQUIT arrives.
    static func quitOnSignals() {
        // Whatever started us may have blocked these; the terminal must be restored on each.
        var quitSignals = sigset_t()
        sigemptyset(&quitSignals)
        for sig in [SIGINT, SIGTERM, SIGHUP, SIGQUIT] { sigaddset(&quitSignals, sig) }
        pthread_sigmask(SIG_UNBLOCK, &quitSignals, nil)
        for sig in [SIGINT, SIGTERM, SIGHUP, SIGQUIT] { signal(sig) { _ in quitSignal.store(1, ordering: .relaxed) } }
    }

    /// The main loop, until `q`, a quit signal or the terminal going away.
    func run(on screen: Screen, startDemo: Bool, startManual: Bool) {
        defer {
            screen.close()
            worker?.stop()
            grabber?.stop()
        }
        state.depth = screen.depth
        grabber?.start()
        // Loading the dictionaries takes a few hundred milliseconds: never on the UI thread.
        defineQueue.async { [definitions, mailbox] in
            let loaded = DefinitionsLoader.load()
            let empty = loaded.definitions.isEmpty
            definitions.withLock { $0 = loaded.definitions }
            if empty { mailbox.post(.definitionsUnavailable(DefinitionsLoader.howToInstall)) }
        }
        if startDemo { dispatch(.key(.char("r"))) }
        if startManual { dispatch(.key(.char("m"))) }
        var drawnState: AppState?
        var drawnSize = (0, 0)
        // A vanished terminal (its window closed with the hang-up signal blocked) also ends the app.
        while running && quitSignal.load(ordering: .relaxed) == 0 && !screen.isGone {
            if let key = screen.readKey() { dispatch(.key(key)) }
            for m in mailbox.drain() { dispatch(m) }
            // The clock moves the reading's age on screen, a tenth of a second at a time: only
            // while a camera's reading is shown (no redraws for a clock nobody sees).
            let now = Runtime.clock()
            if (state.live?.readAt ?? 0) > 0, now - state.now >= 0.1 { dispatch(.tick(now)) }
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
            defineQueue.async { [definitions, mailbox] in
                let glosses = definitions.withLock { d in d.map { d in Dictionary(uniqueKeysWithValues: words.map { ($0, d.gloss($0)) }) } }
                if let glosses { mailbox.post(.glossed(glosses)) }
            }
        case .define(let word):
            defineQueue.async { [definitions, mailbox] in
                var lines = DefineCommand.entryLines(word: word, entries: definitions.withLock { $0?.lookup(word, senses: 6) ?? [] })
                if lines.isEmpty { lines = ["\(word): no definition found; it is in the word list, so it is valid for play"] }
                mailbox.post(.defined(word: word, lines: lines))
            }
        case .solve(let id, let hand, let discard):
            solveQueue.async { [solver, mailbox] in
                do {
                    let result: SolveResult = try discard.map { .decision(try solver.decide(hand: hand, discard: $0)) }
                        ?? .split(solver.bestSplit(of: hand))
                    mailbox.post(.solved(id: id, result))
                } catch {
                    mailbox.post(.solveFailed(id: id, "\(error)"))
                }
            }
        case .checkLaidDown(let text):
            // Reading a few words against the trie takes microseconds: done here, answered as a message.
            let trie = solver.trie
            do {
                let laid = try LaidDown.parse(text, isWord: { trie.contains($0) })
                post(.laidDownChecked(LaidDownPreview(text: text, laid: laid, problem: nil)))
            } catch {
                post(.laidDownChecked(LaidDownPreview(text: text, laid: nil, problem: "\(error)")))
            }
        case .saveGame(let game):
            // Saved before the next key is read: a kill after this loses nothing entered.
            do { try store.save(game) } catch { post(.gameNotSaved("\(error)")) }
        case .newGame(let players):
            do {
                let game = try Game(id: store.newID(), players: players)
                try store.save(game)
                post(.gameStarted(game))
            } catch {
                post(.gameNotSaved("\(error)"))
            }
        case .keepCapture(let frameID, let cards):
            guard let image = frames[frameID] else {
                post(.failed("not kept: the picture of this hand is no longer held"))
                return
            }
            captureQueue.async { [captures, mailbox] in
                do { mailbox.post(.captureKept(try captures.save(image, cards: cards))) } catch { mailbox.post(.failed("not kept: \(error)")) }
            }
        case .bestDrop(let id, let hand, let drawn):
            solveQueue.async { [solver, mailbox] in
                let (split, drop, _) = solver.bestTake(hand: hand, discard: drawn)
                mailbox.post(.solved(id: id, .drop(split, drop: drop, drawn: drawn)))
            }
        case .demo(let seed, let hand, let discard):
            guard let art, let worker else {
                post(.failed("the demo needs the card reader model and Assets/fonts; see the README"))
                return
            }
            demoQueue.async { [mailbox] in
                var rng = SeededGenerator(seed: seed)
                let scene = SceneGenerator(art: art).demo(hand: hand, discard: discard, rng: &rng)
                let start = DispatchTime.now().uptimeNanoseconds
                let detections: [Detection]
                do { detections = try worker.read(scene.image, hint: hand.count + 1) } catch {
                    mailbox.post(.failed("card reader: \(error)"))
                    return
                }
                let ms = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
                let view = LiveView(thumbnail: scene.image.resized(width: 160, height: 120), frameWidth: scene.image.width, frameHeight: scene.image.height,
                                    detections: detections, frameID: 0)
                mailbox.post(.status(SourceStatus(name: "demo", state: .demo, fps: 0, latencyMs: ms)))
                mailbox.post(.demoDetected(view, hand: hand, discard: discard))
            }
        }
    }

    /// The pace a frame is read at: a picture from a file (`--source photo.jpg`, read once however
    /// often it is shown) and, while a round is scored, the camera looking at words lying still on
    /// the table are read closely, at fewer frames a second (`CardReader.Pace.still`); a camera's
    /// frames otherwise at its pace.
    static func pace(_ mode: Mode, picture: Bool) -> CardReader.Pace {
        if picture { return .still }
        if case .scoring = mode { return .still }
        return .live
    }

    /// Hands the newest camera frame to the reader worker (the latest frame wins there).
    private func pollFrames() {
        guard let grabber else { return }
        if case .disconnected(let n) = grabber.state, state.status.state != .disconnected(attempts: n) {
            var s = state.status
            s.state = .disconnected(attempts: n)
            dispatch(.status(s))
        }
        guard let frame = grabber.newFrame() else { return }
        let name = state.status.name
        // Held until a newer read is on screen: frames given to the reader (the latest few,
        // as reads finish after newer frames came in) and the one on screen.
        frames[frame.sequence] = frame.image
        let onScreen = state.live?.frameID
        for old in frames.keys.sorted().dropLast(8) where old != onScreen { frames[old] = nil }
        // A still picture played as video is read once, not ten times a second; each repeat
        // counts as one more frame agreeing with that read, until the reading has settled.
        let repeated = frame.contentID != nil && frame.contentID == lastContent
        if repeated, let live = state.live, live.settled != nil, live.settling == 0 { return }
        let thumb = repeated ? (state.live?.thumbnail ?? RGBImage(width: 1, height: 1))
            : frame.image.resized(width: 160, height: max(1, 160 * frame.image.height / max(1, frame.image.width)))
        let view = { @Sendable (detections: [Detection], settled: [Detection]?) in
            LiveView(thumbnail: thumb, frameWidth: frame.image.width, frameHeight: frame.image.height, detections: detections, frameID: frame.sequence,
                     settled: settled, readAt: Runtime.clock())
        }
        if repeated {
            if let last = lastRead.withLock({ $0 }) {
                let (all, settled) = tracker.withLock { t in
                    t.update(last)
                    return (t.all, t.settled)
                }
                dispatch(.detected(view(all, settled)))
            }
            return
        }
        lastContent = frame.contentID
        guard let worker else {
            dispatch(.detected(view([], nil)))
            return
        }
        // Read without the hand-size hint: the tracker settles the reading over frames.
        worker.submit(frame.image, hint: nil, pace: Self.pace(state.mode, picture: frame.contentID != nil)) { [mailbox, readTimes, tracker, lastRead] result, ms in
            switch result {
            case .success(let detections):
                lastRead.withLock { $0 = detections }
                let (all, settled) = tracker.withLock { t in
                    t.update(detections)
                    return (t.all, t.settled)
                }
                mailbox.post(.detected(view(all, settled)))
            case .failure(let error):
                mailbox.post(.failed("card reader: \(error)"))
                mailbox.post(.detected(view([], nil)))
            }
            let now = Date().timeIntervalSince1970
            let fps = readTimes.withLock { times in
                times = times.filter { now - $0 < 2 } + [now]
                return Double(times.count) / 2
            }
            mailbox.post(.status(SourceStatus(name: name, state: .running, fps: fps, latencyMs: ms)))
        }
    }
}
