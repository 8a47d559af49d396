import QuiddlerGame
import QuiddlerRandom
import Testing

@Suite struct CardTests {
    @Test func deckHas118CardsOf31Kinds() {
        #expect(Card.all.count == 31)
        #expect(CardCounts.deck.total == Card.deckSize)
        #expect(Card("qu")!.points == 9 && Card("qu")!.copies == 2)
        #expect(Card("e")!.points == 2 && Card("e")!.copies == 12)
        #expect(Card("z")!.points == 14)
    }

    @Test(arguments: [
        ("a/cl/g/in/th", ["a", "cl", "g", "in", "th"]),
        ("a cl g in th", ["a", "cl", "g", "in", "th"]),
        ("A/CL/G/In/tH", ["a", "cl", "g", "in", "th"]),
        ("  q u ,qu; x ", ["q", "u", "qu", "x"]),
    ])
    func parsesCardLists(text: String, expected: [String]) throws {
        #expect(try CardParser.cards(text).map(\.name) == expected)
    }

    @Test(arguments: [
        ("a/b/zz", GameError.unknownCard(token: "zz")),
        ("a/b", GameError.handSize(count: 2)),
        ("a b c d e f g h i j k", GameError.handSize(count: 11)),
        ("j/j/j/a", GameError.tooManyCopies(card: Card("j")!, count: 3)),
    ])
    func rejectsBadHands(text: String, error: GameError) {
        #expect(throws: error) { try CardParser.hand(text) }
    }

    @Test(arguments: [
        // Letters run together: the message shows them separated.
        ("abc", "unknown card 'abc': separate the cards, e.g. a/b/c"),
        ("a/THIN", "unknown card 'THIN': separate the cards, e.g. t/h/i/n"),
        // Anything else: the message says what the cards are.
        ("a/7/b", "unknown card '7': cards are a–z and the double-letter cards qu, in, er, cl, th"),
        ("a/é", "unknown card 'é': cards are a–z and the double-letter cards qu, in, er, cl, th"),
    ])
    func unknownCardSaysHowToWriteIt(text: String, message: String) {
        #expect { try CardParser.cards(text) } throws: { ($0 as? GameError)?.description == message }
    }

    @Test func countsAcrossHandDiscardAndSeen() {
        let hand = try! CardParser.hand("q/a/b")
        #expect(throws: GameError.tooManyCopies(card: Card("q")!, count: 3)) {
            try CardParser.checkAgainstDeck([hand, [Card("q")!], [Card("q")!]])
        }
    }

    @Test func randomStringsNeverCrashAndGiveOneLineErrors() {
        var rng = SeededGenerator(seed: 7)
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzQUINERCLTH/ ,;\t\n\r-_.é😀0123456789'\"\\")
        for _ in 0..<3000 {
            let n = Int(rng.next() % 40)
            let text = String((0..<n).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] })
            do {
                let hand = try CardParser.hand(text)
                #expect((3...10).contains(hand.count))
            } catch {
                #expect(!error.description.contains("\n"))
                #expect(!error.description.isEmpty)
            }
        }
    }
}
