@testable import QuiddlerApp
import QuiddlerGame
import QuiddlerTraining
import Testing

/// What `quiddler train`'s options make of the run's settings (`TrainCommand.hyperparameters`).
@Suite struct TrainSettingsTests {
    @Test func theFavourAndTheStepsGivenReachTheTraining() throws {
        let i = try #require(Card("i")), b = try #require(Card("b"))
        let favoured = try TrainCommand.parse(["--cards", "scans", "--favour", "i=3,b=2.5", "--steps", "50", "--classifier-steps", "60"]).hyperparameters()
        #expect(favoured.favoured == [i: 3, b: 2.5])
        #expect(favoured.detectorSteps == 50 && favoured.classifierSteps == 60)
        let plain = try TrainCommand.parse(["--cards", "scans"]).hyperparameters()
        #expect(plain.favoured.isEmpty)
        #expect(plain.detectorSteps == Hyperparameters().detectorSteps && plain.classifierSteps == Hyperparameters().classifierSteps)
    }
}
