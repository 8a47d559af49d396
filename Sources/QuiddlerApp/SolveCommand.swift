import ArgumentParser
import Foundation
import QuiddlerGame

/// `quiddler solve`: the best play for a hand and the face-up discard.
struct SolveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "solve",
        abstract: "Find the best play for a hand: take the discard or draw blind, what to drop, and the word split.",
        discussion: """
        Cards are a-z and the double-letter cards qu, in, er, cl, th, separated by '/' or spaces: \
        --hand a/cl/g/in/th/m/p/o/u/y --discard n
        """
    )

    @Option(name: .long, help: "The cards in your hand (3-10), e.g. a/cl/g/in/th.")
    var hand: String

    @Option(name: .long, help: "The face-up discard. Without it, the best split of the hand alone.")
    var discard: String?

    @Option(name: .long, help: "Other cards known to be out of the deck, e.g. played words.")
    var seen: String = ""

    @Option(name: .long, help: "A word list, one word per line (default: the bundled list).")
    var dictionary: String?

    @Flag(name: .long, help: "Print one JSON object.")
    var json = false

    func run() throws {
        let cards: [Card]
        do { cards = try CardParser.hand(hand) } catch { throw AppError.game(option: "--hand", error: error) }
        let discardCard: Card?
        do { discardCard = try discard.map { try CardParser.card($0, what: "the discard") } } catch {
            throw AppError.game(option: "--discard", error: error)
        }
        let seenCards: [Card]
        do { seenCards = try CardParser.cards(seen) } catch { throw AppError.game(option: "--seen", error: error) }
        do { try CardParser.checkAgainstDeck([cards, discardCard.map { [$0] } ?? [], seenCards]) } catch {
            throw AppError.game(option: "--hand, --discard and --seen together", error: error)
        }

        let dict = try DictionaryLoader.load(path: dictionary)
        if let summary = dict.skipSummary, dictionary != nil { printError("note: \(dict.path): \(summary)") }
        let solver = Solver(trie: dict.trie)

        if let d = discardCard {
            let decision = try solver.decide(hand: cards, discard: d, seen: seenCards)
            print(json ? SolveReport.json(decision: decision, hand: cards) : SolveReport.text(decision: decision, hand: cards))
        } else {
            let split = solver.bestSplit(of: cards)
            print(json ? SolveReport.json(split: split) : SolveReport.text(split: split, hand: cards))
        }
    }
}
