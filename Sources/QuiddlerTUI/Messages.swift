import QuiddlerGame
import QuiddlerReader

/// A key press, decoded by the renderer.
public enum Key: Equatable, Sendable {
    case char(Character)
    case enter, escape, backspace, tab, left, right, up, down
}

/// What can happen to the app.
public enum Msg: Equatable, Sendable {
    case key(Key)
    /// A new frame read by the detector (camera, file or demo).
    case detected(LiveView)
    /// A demo frame: the dealt cards and what the detector read in the rendered frame.
    case demoDetected(LiveView, hand: [Card], discard: Card)
    case status(SourceStatus)
    case solved(id: Int, SolveResult)
    /// A background job failed; the text says why.
    case failed(String)
    /// The solver failed on request `id`; the text says why.
    case solveFailed(id: Int, String)
    /// Short glosses of words (nil: the dictionary has none); or why there are none at all.
    case glossed([String: String?])
    case definitionsUnavailable(String)
    /// A word's full entry, as lines to show.
    case defined(word: String, lines: [String])
    /// The scoring prompt's text, read and checked against the dictionary.
    case laidDownChecked(LaidDownPreview)
    /// A new game, named and saved.
    case gameStarted(Game)
    /// Saving the game failed; the text says why (the game in memory is kept).
    case gameNotSaved(String)
    /// The runtime's clock moved on (seconds): for the reading's age.
    case tick(Double)
    /// A confirmed hand was kept as a labelled photo under this file name.
    case captureKept(String)
}

/// Work for the runtime to do off the UI thread; results come back as messages.
public enum Effect: Equatable, Sendable {
    case solve(id: Int, hand: [Card], discard: Card?)
    case bestDrop(id: Int, hand: [Card], drawn: Card)
    case demo(seed: UInt64, hand: [Card], discard: Card)
    /// Look up short glosses of these words (answered with `.glossed`).
    case gloss([String])
    /// Look up a word's full entry (answered with `.defined`).
    case define(String)
    /// Read and check the scoring prompt's text (answered with `.laidDownChecked`).
    case checkLaidDown(String)
    /// Save the game (atomically, to the user's data folder).
    case saveGame(Game)
    /// Start a game with these players: name it, save it, answer with `.gameStarted`.
    case newGame(players: [String])
    /// Keep frame `frameID` as a labelled photo of these cards (their index boxes, the kinds
    /// the player confirmed), in reading order.
    case keepCapture(frameID: Int, cards: [Detection])
    case quit
}
