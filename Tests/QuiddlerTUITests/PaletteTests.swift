import QuiddlerTUI
import Testing

/// The grid's colours as terminal colour numbers, for each kind of terminal.
@Suite struct PaletteTests {
    @Test func directColourKeepsEveryRGBValue() {
        #expect(Palette.number(.rgb(0x12, 0x34, 0x56), depth: .direct) == 0x123456)
        #expect(Palette.number(.rgb(0, 0, 3), depth: .direct) == 8, "0…7 are the basic colours in direct mode")
        #expect(Palette.number(.green, depth: .direct) == 2 && Palette.number(.default, depth: .direct) == -1)
    }

    @Test(arguments: [((255, 0, 0), 196), ((0, 0, 0), 16), ((255, 255, 255), 231), ((128, 128, 128), 244), ((95, 135, 175), 67), ((175, 95, 0), 130), ((180, 100, 10), 130)])
    func theCubeTakesTheNearestOfItsColoursAndGreys(rgb: (Int, Int, Int), expected: Int) {
        #expect(Palette.number(.rgb(UInt8(rgb.0), UInt8(rgb.1), UInt8(rgb.2)), depth: .cube256) == expected)
    }

    @Test func eightColoursTakeTheNearestHue() {
        #expect(Palette.number(.rgb(220, 30, 30), depth: .basic) == 1)
        #expect(Palette.number(.rgb(30, 30, 220), depth: .basic) == 4)
        #expect(Palette.number(.rgb(200, 200, 200), depth: .basic) == 7)
        #expect(Palette.number(.rgb(10, 10, 10), depth: .basic) == 0)
    }

    @Test func theDepthFollowsTheTerminalAndCOLORTERM() {
        #expect(ColorDepth.of(colors: 1 << 24, direct: true) == .direct)
        #expect(ColorDepth.of(colors: 256, direct: false) == .cube256)
        #expect(ColorDepth.of(colors: 8, direct: false) == .basic)
        #expect(ColorDepth.of(colors: 0, direct: false) == .mono)
        #expect(ColorDepth.wantsDirect(colorterm: "truecolor") && ColorDepth.wantsDirect(colorterm: "24bit"))
        #expect(!ColorDepth.wantsDirect(colorterm: nil) && !ColorDepth.wantsDirect(colorterm: "yes"))
    }
}
