import QuiddlerGame
import QuiddlerImage
import QuiddlerReader

/// A card in the hand panel: read by the camera (with its confidence) or typed.
public struct HandCard: Equatable, Sendable {
    public var card: Card
    /// nil when typed or corrected by hand.
    public var confidence: Float?
    /// Whether the reader was sure of it (typed cards are).
    public var sure: Bool
    /// Where the camera saw it (its index box), kept through a correction so a confirmed hand
    /// can be saved as labelled data; nil for a typed card.
    public var read: Detection?

    public init(_ card: Card, confidence: Float? = nil, sure: Bool = true, read: Detection? = nil) {
        self.card = card
        self.confidence = confidence
        self.sure = sure
        self.read = read
    }

    /// A camera's read.
    public init(_ d: Detection) { self.init(d.card, confidence: d.confidence, sure: d.sure, read: d) }

    /// The same place, corrected to `card` by the player (sure from now on).
    public func corrected(to card: Card) -> HandCard {
        HandCard(card, read: read.map { r in
            Detection(card: card, confidence: r.confidence, center: r.center, size: r.size, angle: r.angle, cardCenter: r.cardCenter,
                      classProbability: r.classProbability, sure: true)
        })
    }

    /// A read the player should check: one the reader was not sure of.
    public var shaky: Bool { !sure }
}

/// What the keyboard is doing.
public enum Mode: Equatable, Sendable {
    case live
    case help
    /// Typing the hand and the discard; `field` 0 is the hand, 1 the discard.
    case manual(field: Int, hand: String, discard: String)
    /// Typing the right kind for hand card `index` (`hand.count` is the discard).
    case correcting(index: Int, text: String)
    /// After a blind draw was accepted: typing the card drawn.
    case drawn(text: String)
    /// A word's dictionary entry over the suggestion (Esc closes it).
    case entry(word: String)
    /// End of a round: typing (or reading from the camera) what `player` laid down.
    case scoring(player: Int, text: String, wentOut: Bool)
    /// The game's score sheet.
    case sheet
    /// Typing the players' names to start a game.
    case players(text: String)
}

/// A checked reading of what a player typed at the scoring prompt.
public struct LaidDownPreview: Equatable, Sendable {
    public let text: String
    public let laid: LaidDown?
    /// Why the text cannot be read (an unknown card), if so.
    public let problem: String?
    public init(text: String, laid: LaidDown?, problem: String?) { (self.text, self.laid, self.problem) = (text, laid, problem) }
}

/// The latest frame as the camera panel shows it.
public struct LiveView: Equatable, Sendable {
    /// A small copy of the frame.
    public var thumbnail: RGBImage
    public var frameWidth: Int
    public var frameHeight: Int
    /// The cards on the picture: from a camera, every card the consensus tracker follows, with its
    /// voted kind (`sure` once settled); from a single read, that read.
    public var detections: [Detection]
    public var frameID: Int
    /// From a camera: the tracker's settled reading, which the hand follows until `c` freezes it
    /// (nil for a frame read on its own, as the demo's).
    public var settled: [Detection]?
    /// The card of the settled reading lying apart from the hand: the discard (set by `update`).
    public var discard: Detection?
    /// When the frame was read, in seconds on the runtime's clock (`AppState.now`).
    public var readAt: Double

    public init(thumbnail: RGBImage, frameWidth: Int, frameHeight: Int, detections: [Detection], frameID: Int, settled: [Detection]? = nil,
                readAt: Double = 0) {
        (self.thumbnail, self.frameWidth, self.frameHeight, self.detections, self.frameID) = (thumbnail, frameWidth, frameHeight, detections, frameID)
        self.settled = settled
        self.readAt = readAt
    }

    /// Cards still settling on the picture.
    public var settling: Int { settled == nil ? 0 : detections.filter { !$0.sure }.count }
}

/// Where frames come from and how it is going.
public struct SourceStatus: Equatable, Sendable {
    public enum State: Equatable, Sendable { case running, disconnected(attempts: Int), none(String), demo }
    public var name: String
    public var state: State
    public var fps: Double
    public var latencyMs: Double

    public init(name: String, state: State, fps: Double = 0, latencyMs: Double = 0) {
        (self.name, self.state, self.fps, self.latencyMs) = (name, state, fps, latencyMs)
    }
}

/// A finished round.
public struct RoundRecord: Equatable, Sendable {
    public let round: Int
    public let score: Int
    public let words: [String]

    public init(round: Int, score: Int, words: [String]) {
        (self.round, self.score, self.words) = (round, score, words)
    }
}

/// What the solver answered.
public enum SolveResult: Equatable, Sendable {
    case decision(Decision)
    case split(Split)
    /// After a blind draw: the card to drop and the resulting split.
    case drop(Split, drop: Card, drawn: Card)
}

/// A line shown under the panels.
public struct Notice: Equatable, Sendable {
    public let text: String
    public let isError: Bool
    public init(_ text: String, error: Bool = false) { self.text = text; isError = error }
}

/// The parts of the state that undo restores.
public struct Snapshot: Equatable, Sendable {
    var hand: [HandCard]
    var discard: HandCard?
    var round: Int
    var records: [RoundRecord]
}

/// Everything the table-side app shows and remembers.
public struct AppState: Equatable, Sendable {
    public var mode: Mode = .live
    public var round: Int
    public var records: [RoundRecord] = []
    public var hand: [HandCard] = []
    public var discard: HandCard?
    public var frozen = false
    public var selected = 0
    public var live: LiveView?
    public var status: SourceStatus
    public var suggestion: SolveResult?
    public var pendingSolve: Int?
    public var nextRequest = 1
    public var notice: Notice?
    public var history: [Snapshot] = []
    public var demoDeals = 0
    public var demoSeed: UInt64
    /// The terminal's colours: the picture is half-block colour art, or a brightness ramp
    /// without colour.
    public var depth: ColorDepth
    /// Whether the picture is in colour.
    public var color: Bool {
        get { depth != .mono }
        set { depth = newValue ? (depth == .mono ? .cube256 : depth) : .mono }
    }
    /// Short glosses of suggested words, as they arrive (nil: no definition).
    public var glosses: [String: String?] = [:]
    /// Why there are no definitions, when there are none.
    public var definitionsProblem: String?
    /// The suggested word `w` points at (its place in the split), if any.
    public var wordFocus: Int?
    /// The open dictionary entry's lines (nil while it is being looked up).
    public var entryLines: [String]?
    /// The game being scored, if players were named.
    public var game: Game?
    /// The scoring prompt's text, checked against the dictionary.
    public var preview: LaidDownPreview?
    /// Text to commit once its check comes back (Enter pressed before it had).
    public var pendingCommit: String?
    /// The runtime's clock, seconds (from `.tick`): how old the reading is.
    public var now: Double = 0
    /// Whether each hand the player confirms is kept as a labelled photo (`k` toggles it).
    public var keepCaptures = false
    /// Hands kept this session.
    public var kept = 0
    /// Where kept hands go, for the help and the notices.
    public var capturesFolder = "~/.local/share/quiddler/captures"

    public init(round: Int = 1, status: SourceStatus, color: Bool = true, demoSeed: UInt64 = 1) {
        self.round = min(8, max(1, round))
        self.status = status
        depth = color ? .cube256 : .mono
        self.demoSeed = demoSeed
    }

    /// The words of the current suggestion, in order.
    public var suggestedWords: [String] {
        switch suggestion {
        case .decision(let d)?: d.split.words.map(\.word)
        case .split(let split)?: split.words.map(\.word)
        default: []
        }
    }

    /// The suggested word `w` points at, if any.
    public var focusedWord: String? {
        guard let f = wordFocus, f < suggestedWords.count else { return nil }
        return suggestedWords[f]
    }

    /// Cards in the hand this round: round + 2.
    public var handSize: Int { round + 2 }
    /// The running total of recorded rounds.
    public var total: Int { records.reduce(0) { $0 + $1.score } }

    var snapshot: Snapshot { Snapshot(hand: hand, discard: discard, round: round, records: records) }
}
