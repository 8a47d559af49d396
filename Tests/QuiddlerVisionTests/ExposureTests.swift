import QuiddlerImage
import QuiddlerRandom
import Testing

/// The exposure correction the reader gives a frame before its detector looks at it.
@Suite struct ExposureTests {
    /// A frame of `share` white (250) pixels, scattered, the rest a mid grey (90), with a little noise.
    func frame(whiteShare share: Float, seed: UInt64 = 1) -> RGBImage {
        var rng = SeededGenerator(seed: seed)
        var image = RGBImage(width: 320, height: 240)
        for i in 0..<(image.width * image.height) {
            let white = rng.nextFloat() < share
            let v = UInt8(clamping: (white ? 250 : 90) + Int(rng.next() % 7) - 3)
            image.pixels[3 * i] = v; image.pixels[3 * i + 1] = v; image.pixels[3 * i + 2] = v
        }
        return image
    }

    /// Whether the correction leaves a frame as it is (a Bool, so a failure does not print the frame).
    static func unchanged(_ image: RGBImage) -> Bool { Exposure.corrected(image) == image }

    /// The white point is what the brightest thousandth of the frame reaches: the white cards when
    /// they are more of it than that, the grey ground when they are fewer.
    @Test func theWhitePointIsTheBrightestThousandth() {
        #expect(abs(Exposure.whitePoint(frame(whiteShare: 0.01)) - 250) <= 3)
        #expect(abs(Exposure.whitePoint(frame(whiteShare: 0.0002)) - 90) <= 3)
        #expect(Exposure.whitePoint(RGBImage(width: 0, height: 0)) == 0)
        // A phone photo's size is sampled, not read whole, and gives the same point.
        var large = RGBImage(width: 4032, height: 3024, fill: RGB(80, 80, 80))
        for y in 0..<large.height where y % 400 < 12 { for x in 0..<large.width { large[x, y] = RGB(240, 240, 240) } }
        #expect(Exposure.whitePoint(large) == 240)
    }

    /// A frame in ordinary light is read as it is; the same frame with a quarter of the light is
    /// brought back to the target white, each pixel scaled alike, so its pixels come back to within
    /// the rounding of the darkening; correcting it again changes nothing.
    @Test(arguments: [0.6, 0.4, 0.25, 0.15] as [Float])
    func anUnderexposedFrameIsBroughtBack(light: Float) {
        let lit = frame(whiteShare: 0.05)
        #expect(Self.unchanged(lit), "a frame in ordinary light was changed")
        let dim = Exposure.scaled(lit, by: light)
        let white = Exposure.whitePoint(dim)
        let back = Exposure.corrected(dim)
        if white >= Exposure.dimWhite {
            #expect(Self.unchanged(dim), "a frame of white point \(white) was changed")
            return
        }
        #expect(abs(Float(Exposure.whitePoint(back)) - Exposure.targetWhite) <= 4, "white \(white) → \(Exposure.whitePoint(back))")
        let gain = Exposure.targetWhite / Float(white)
        var worst: Float = 0
        for (a, b) in zip(lit.pixels, back.pixels) { worst = max(worst, abs(Float(a) * gain * light - Float(b))) }
        #expect(worst <= gain * 0.5 + 1, "a pixel off by \(worst) after a gain of \(gain)")
        #expect(Self.unchanged(back), "a corrected frame was corrected again")
    }

    /// A few cards lying small in a large frame of dark table (a tripod webcam's view: the cards
    /// under one percent of it) are not taken for an underexposed frame: brightening the table
    /// would blow the cards' white out.
    @Test func aFewCardsOnADarkTableAreNotBlownOut() {
        let table = frame(whiteShare: 0.004)
        #expect(Self.unchanged(table), "the table was brightened: white point \(Exposure.whitePoint(table))")
        // The same frame with its cards' white a third as bright is underexposed.
        #expect(!Self.unchanged(Exposure.scaled(table, by: 0.33)), "a dim table was left dim")
    }

    /// A nearly black frame is scaled up by at most the largest gain, and the scale clips at white.
    @Test func theGainIsBoundedAndClips() {
        #expect(Exposure.gain(white: 200) == 1)
        #expect(Exposure.gain(white: Exposure.dimWhite) == 1)
        #expect(Exposure.gain(white: Exposure.dimWhite - 1) > 1)
        #expect(Exposure.gain(white: 2) == Exposure.largestGain)
        #expect(Exposure.gain(white: 0) == Exposure.largestGain)
        let clipped = Exposure.scaled(RGBImage(width: 2, height: 2, fill: RGB(100, 20, 200)), by: 2)
        #expect(clipped[1, 1] == RGB(200, 40, 255))
    }
}
