import Foundation
import QuiddlerGame
import QuiddlerPlatform

/// Saved games: one JSON file per game in `$XDG_DATA_HOME/quiddler/games/` (by default
/// `~/.local/share/quiddler/games/`). A game is written to a temporary file in the same folder,
/// flushed to disk and renamed over the old one, so a crash or a kill at any moment leaves
/// either the old game or the new one, never half of one. A file that cannot be read is reported
/// and left as it is.
struct GameStore {
    let folder: String

    /// The user's games folder.
    static func standard() -> GameStore { GameStore(folder: AtomicFile.dataFolder + "/games") }

    func path(_ id: String) -> String { folder + "/" + id + ".json" }

    /// A name for a game started now, not yet used in the folder.
    func newID(now: Date = Date()) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.dateFormat = "yyyy-MM-dd-HHmm"
        let base = f.string(from: now)
        var id = base, n = 2
        while FileManager.default.fileExists(atPath: path(id)) { id = "\(base)-\(n)"; n += 1 }
        return id
    }

    /// Writes the game atomically.
    /// - Throws: `AppError.cannotWrite` naming the file and why.
    func save(_ game: Game) throws(AppError) {
        let target = path(game.id)
        do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
            throw .cannotWrite(path: folder, reason: "cannot create the folder")
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        guard let data = try? encoder.encode(game) else { throw .cannotWrite(path: target, reason: "the game could not be encoded") }
        try AtomicFile.write(data, to: target)
    }

    /// Reads a game by its name or its file's path.
    /// - Throws: `AppError` naming the file: missing, unreadable, not a game.
    func load(_ name: String) throws(AppError) -> Game {
        let file = name.contains("/") ? name : path(name)
        guard FileManager.default.fileExists(atPath: file) else {
            throw .fileNotFound(path: file, what: "saved game ('quiddler games' lists them)")
        }
        let bytes = try Resources.read(file, what: "saved game")
        let game: Game
        do { game = try JSONDecoder().decode(Game.self, from: Data(bytes)) } catch {
            throw .unreadable(path: file, reason: "not a quiddler game file, or damaged; it is left as it is")
        }
        if let problem = game.problem { throw .unreadable(path: file, reason: "\(problem); it is left as it is") }
        return game
    }

    /// The names of the game files in the folder (temporary files left out).
    private func names() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.map { String($0.dropLast(5)) }
    }

    /// When a game's file was last written.
    private func modified(_ id: String) -> Date {
        (try? FileManager.default.attributesOfItem(atPath: path(id))[.modificationDate] as? Date) ?? .distantPast
    }

    /// The saved games, newest change first, and the files that could not be read.
    func list() -> (games: [(game: Game, modified: Date)], unreadable: [String]) {
        var games: [(Game, Date)] = [], bad: [String] = []
        for id in names() {
            if let g = try? load(id) { games.append((g, modified(id))) } else { bad.append(path(id)) }
        }
        return (games.sorted { $0.1 > $1.1 }, bad.sorted())
    }

    /// The game changed last (even when its file turns out unreadable: that is then the error).
    /// - Throws: `AppError` when there is none, or the newest file cannot be read.
    func latest() throws(AppError) -> Game {
        guard let newest = names().max(by: { modified($0) < modified($1) }) else {
            throw .badOption(option: "--continue", reason: "no saved game in \(folder); start one with --players anna,ben")
        }
        return try load(newest)
    }
}
