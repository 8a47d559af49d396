import Foundation
@testable import QuiddlerImage
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
        #expect(abs(Exposure.survey(frame(whiteShare: 0.01)).levels.white - 250) <= 3)
        #expect(abs(Exposure.survey(frame(whiteShare: 0.0002)).levels.white - 90) <= 3)
        #expect(Exposure.survey(RGBImage(width: 0, height: 0)).levels.white == 0)
        // A phone photo's size is sampled, not read whole, and gives the same point.
        var large = RGBImage(width: 4032, height: 3024, fill: RGB(80, 80, 80))
        for y in 0..<large.height where y % 400 < 12 { for x in 0..<large.width { large[x, y] = RGB(240, 240, 240) } }
        #expect(Exposure.survey(large).levels.white == 240)
    }

    /// A frame in ordinary light is read as it is; the same frame with a quarter of the light is
    /// brought back to the target white, each pixel scaled alike, so its pixels come back to within
    /// the rounding of the darkening; correcting it again changes nothing.
    @Test(arguments: [0.6, 0.4, 0.25, 0.15] as [Float])
    func anUnderexposedFrameIsBroughtBack(light: Float) {
        let lit = frame(whiteShare: 0.05)
        let litKept = Self.unchanged(lit)
        #expect(litKept, "a frame in ordinary light was changed")
        let dim = Exposure.scaled(lit, by: light)
        let white = Exposure.survey(dim).levels.white
        let back = Exposure.corrected(dim)
        if white >= Exposure.dimWhite {
            // Its white is in range; only a middle darker than the detector's range is lifted.
            let same = Self.unchanged(dim), middle = Exposure.survey(dim).levels.middle
            #expect(same == (middle >= Exposure.darkMiddle), "a frame of white point \(white) and middle \(middle)")
            return
        }
        #expect(abs(Float(Exposure.survey(back).levels.white) - Exposure.targetWhite) <= 4, "white \(white) → \(Exposure.survey(back).levels.white)")
        let gain = Exposure.targetWhite / Float(white)
        var worst: Float = 0
        for (a, b) in zip(lit.pixels, back.pixels) { worst = max(worst, abs(Float(a) * gain * light - Float(b))) }
        #expect(worst <= gain * 0.5 + 1, "a pixel off by \(worst) after a gain of \(gain)")
        let backKept = Self.unchanged(back)
        #expect(backKept, "a corrected frame was corrected again")
    }

    /// A few cards lying small in a large frame of dark table (a tripod webcam's view: the cards
    /// under one percent of it) are not taken for an underexposed frame: brightening the table
    /// would blow the cards' white out.
    @Test func aFewCardsOnADarkTableAreNotBlownOut() {
        let table = frame(whiteShare: 0.004)
        let tableKept = Self.unchanged(table)
        #expect(tableKept, "the table was brightened: white point \(Exposure.survey(table).levels.white)")
        // The same frame with its cards' white a third as bright is underexposed.
        let dimKept = Self.unchanged(Exposure.scaled(table, by: 0.33))
        #expect(!dimKept, "a dim table was left dim")
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

    /// A frame of pixels of luma `dark` (a `share` of it) and `light` (the rest), scattered.
    func twoTone(dark: UInt8, light: UInt8, share: Float, seed: UInt64 = 2) -> RGBImage {
        var rng = SeededGenerator(seed: seed)
        var image = RGBImage(width: 320, height: 240)
        for i in 0..<(image.width * image.height) {
            let v = rng.nextFloat() < share ? dark : light
            image.pixels[3 * i] = v; image.pixels[3 * i + 1] = v; image.pixels[3 * i + 2] = v
        }
        return image
    }

    /// The middle is the median luma: the darker tone when it is more than half the frame, the
    /// lighter when it is less.
    @Test func theMiddleIsTheMedian() {
        #expect(Exposure.survey(twoTone(dark: 30, light: 220, share: 0.6)).levels == Exposure.Levels(white: 220, middle: 30))
        #expect(Exposure.survey(twoTone(dark: 30, light: 220, share: 0.4)).levels == Exposure.Levels(white: 220, middle: 220))
        #expect(Exposure.survey(RGBImage(width: 0, height: 0)).levels == Exposure.Levels(white: 0, middle: 0))
    }

    /// A frame dark through its middle tones (cards in shade before a bright ceiling: its values
    /// spread as 255 · u^`gamma` for u even on 0–1) is lifted: its middle comes up to the target
    /// (within what sampling each tile on its own gives), its blacks stay black and its whites
    /// white, no pixel is darkened, and correcting it again changes nothing. A frame whose middle
    /// is in the detector's range is left as it is.
    @Test(arguments: [1, 1.6, 2.5, 4] as [Float])
    func aFrameDarkThroughItsMiddleIsLifted(gamma: Float) {
        var rng = SeededGenerator(seed: 9)
        var dark = RGBImage(width: 320, height: 240)
        for i in 0..<(dark.width * dark.height) {
            let v = UInt8((255 * powf(rng.nextFloat(), gamma)).rounded())
            dark.pixels[3 * i] = v; dark.pixels[3 * i + 1] = v; dark.pixels[3 * i + 2] = v
        }
        let before = Exposure.survey(dark).levels
        let back = Exposure.corrected(dark)
        let same = back == dark
        if before.middle >= Exposure.darkMiddle {
            #expect(same, "a frame of middle \(before.middle) was changed")
            return
        }
        let after = Exposure.survey(back).levels
        #expect(abs(Float(after.middle) - Exposure.targetMiddle) <= 4, "middle \(before.middle) → \(after.middle)")
        #expect(after.white >= before.white)
        var blacksKept = true, whitesKept = true, darkened = false
        for i in dark.pixels.indices {
            if dark.pixels[i] == 0 && back.pixels[i] != 0 { blacksKept = false }
            if dark.pixels[i] == 255 && back.pixels[i] != 255 { whitesKept = false }
            if back.pixels[i] < dark.pixels[i] { darkened = true }
        }
        #expect(blacksKept, "the lift greyed a black")
        #expect(whitesKept, "the lift dimmed a white")
        #expect(!darkened, "the lift darkened a pixel")
        let again = Exposure.corrected(back) == back
        #expect(again, "a lifted frame was lifted again")
    }

    /// The lift is none at or above the dark middle, grows as the middle darkens, and is bounded.
    @Test func theLiftIsBounded() {
        #expect(Exposure.lift(middle: Float(Exposure.darkMiddle)) == 1)
        #expect(Exposure.lift(middle: 200) == 1)
        let a = Exposure.lift(middle: Float(Exposure.darkMiddle) - 1), b = Exposure.lift(middle: 10)
        #expect(a < 1 && b < a)
        #expect(Exposure.lift(middle: 0) == Exposure.strongestLift)
        // A dim frame is first brought up by its gain, and only lifted if its middle is still
        // dark: a frame of white 50 and middle 30 is brought up fourfold, to a middle of 120.
        let dim = twoTone(dark: 30, light: 50, share: 0.6)
        let back = Exposure.corrected(dim) == Exposure.scaled(dim, by: 4)
        #expect(back, "the dim frame was not brought up fourfold alone")
    }

    /// A dark fan held before a bright ceiling that fills most of the frame: the fan's part of the
    /// frame is lifted (its middle to the target), the ceiling far from it is left as it is, and
    /// the lift fades from tile to tile with no step.
    @Test func aDarkPartOfABrightFrameIsLiftedAlone() {
        var rng = SeededGenerator(seed: 4)
        var image = RGBImage(width: 640, height: 480)
        let fan = (x: 240..<400, y: 180..<300)  // a sixteenth of the frame: the middle is the ceiling's
        for y in 0..<image.height {
            for x in 0..<image.width {
                let v: UInt8 = fan.x.contains(x) && fan.y.contains(y) ? UInt8((255 * powf(rng.nextFloat(), 3)).rounded()) : UInt8(215 + rng.next() % 20)
                image[x, y] = RGB(v, v, v)
            }
        }
        #expect(Exposure.survey(image).levels.middle >= Exposure.darkMiddle)
        let back = Exposure.corrected(image)
        func middle(_ img: RGBImage, _ xs: Range<Int>, _ ys: Range<Int>) -> Int {
            var values: [UInt8] = []
            for y in ys { for x in xs { values.append(img[x, y].r) } }
            return Int(values.sorted()[values.count / 2])
        }
        let inner = (x: 280..<360, y: 210..<270)
        let before = middle(image, inner.x, inner.y), after = middle(back, inner.x, inner.y)
        #expect(before < Exposure.darkMiddle && abs(Float(after) - Exposure.targetMiddle) <= 6, "the fan's middle \(before) → \(after)")
        var cornerKept = true
        for y in 0..<60 { for x in 0..<80 where back[x, y] != image[x, y] { cornerKept = false } }
        #expect(cornerKept, "the ceiling in the corner was changed")
        // Along a row through the fan, a pixel of one value never jumps between neighbours.
        var worst = 0
        var row = RGBImage(width: 640, height: 1, fill: RGB(20, 20, 20))
        row = Exposure.blended(row, tables: (0..<(Exposure.tilesPerSide * Exposure.tilesPerSide)).map { t in
            (0..<256).map { v in 255 * powf(Float(v) / 255, t % 2 == 0 ? 0.5 : 1) }
        })
        for x in 1..<640 { worst = max(worst, abs(Int(row[x, 0].r) - Int(row[x - 1, 0].r))) }
        #expect(worst <= 2, "a step of \(worst) between neighbours")
    }
}
