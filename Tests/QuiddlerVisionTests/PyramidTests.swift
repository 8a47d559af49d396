import QuiddlerGame
import QuiddlerImage
import QuiddlerReader
import QuiddlerSynthesis
import QuiddlerTraining
import Testing

@Suite struct PyramidTests {
    @Test func aWebcamFrameIsSeenAtTwoLevels() {
        let levels = Pyramid.levels(width: 640, height: 480)
        #expect(levels == [Pyramid.Level(width: 416, height: 312), Pyramid.Level(width: 208, height: 156)])
    }

    @Test(arguments: [(320, 240), (640, 480), (1588, 716), (1280, 960), (4032, 3024), (3024, 4032)])
    func everyLetterSizeReachesTheDetectorInItsBand(width: Int, height: Int) {
        let levels = Pyramid.levels(width: width, height: height)
        #expect(!levels.isEmpty)
        // The finest level makes 10-pixel letters at least 6 pixels tall (5 for a photo, whose
        // finest level is the frame halved), and the coarsest makes the largest letters that fit
        // the frame at most 26.
        let finest = Float(levels[0].width) / Float(width), coarsest = Float(levels.last!.width) / Float(width)
        #expect(10 * finest >= 6 || levels[0] == Pyramid.Level(width: width / 2, height: height / 2))
        #expect(10 * finest >= 4.99)
        #expect(0.15 * Float(min(width, height)) * coarsest <= 26.5)
        for (a, b) in zip(levels, levels.dropFirst()) { #expect(b.width == a.width / 2 && b.height == a.height / 2) }
    }

    /// A phone photo of a hand held close can show letters of 200–450 pixels (a card as tall as
    /// the frame): its coarsest level makes them at most 26 pixels, in the detector's band.
    @Test func aPhotoIsLookedAtCoarselyEnoughForACardAsTallAsTheFrame() {
        let levels = Pyramid.levels(width: 4032, height: 3024)
        #expect(levels.count == 5)
        #expect(450 * Float(levels.last!.width) / 4032 <= 26)
    }

    /// A phone photo's finest level at 6.5-pixel letters would be looked at tile by tile (most of
    /// the time reading it takes): it is the frame halved instead. A frame whose finest level
    /// fits whole keeps it.
    @Test(arguments: [(4032, 3024), (3024, 4032), (4031, 3023), (2592, 1944)])
    func aPhotosFinestLevelIsTheFrameHalved(width: Int, height: Int) {
        let levels = Pyramid.levels(width: width, height: height)
        #expect(levels.first == Pyramid.Level(width: width / 2, height: height / 2))
        #expect(levels.first!.width * levels.first!.height < width * height * 65 * 65 / 100 / 100)
    }

    @Test(arguments: [(2016, 1512), (1588, 716), (1920, 1080)])
    func aFrameWhoseFinestLevelFitsKeepsIt(width: Int, height: Int) {
        let finest = Pyramid.levels(width: width, height: height)[0]
        #expect(finest.width * finest.height <= Pyramid.tiledLevelPixels)
        #expect(finest == Pyramid.Level(width: Int((Float(width) * 0.65).rounded()), height: Int((Float(height) * 0.65).rounded())))
    }

    @Test func aTinyFrameHasNoLevelTooSmallToRun() {
        #expect(Pyramid.levels(width: 20, height: 20).isEmpty)
        #expect(Pyramid.levels(width: 0, height: 10).isEmpty)
        for l in Pyramid.levels(width: 64, height: 48) { #expect(l.width >= 16 && l.height >= 16) }
    }

    @Test func halvingAveragesBlocks() {
        var img = RGBImage(width: 4, height: 2)
        img[0, 0] = RGB(0, 0, 0); img[1, 0] = RGB(100, 0, 0); img[0, 1] = RGB(0, 100, 0); img[1, 1] = RGB(0, 0, 100)
        img[2, 0] = RGB(255, 255, 255); img[3, 0] = RGB(255, 255, 255); img[2, 1] = RGB(255, 255, 255); img[3, 1] = RGB(255, 255, 255)
        let half = img.halved()
        #expect(half.width == 2 && half.height == 1)
        #expect(half[0, 0] == RGB(25, 25, 25))
        #expect(half[1, 0] == RGB(255, 255, 255))
    }

    func candidate(_ x: Float, _ y: Float, heat: Float, size: Float = 10) -> IndexCandidate {
        IndexCandidate(heat: heat, center: Point(x, y), size: size, angle: 0, cardCenter: Point(x + 20, y + 40))
    }

    @Test func oneIndexSeenAtTwoLevelsIsKeptOnceButNeighboursStay() {
        let same = [candidate(100, 100, heat: 0.6, size: 10), candidate(102, 101, heat: 0.9, size: 11)]
        let kept = Pyramid.suppress(same)
        #expect(kept.count == 1 && kept[0].heat == 0.9)
        // Indices of a word laid down sit about 1.7 letters apart: both stay.
        let word = [candidate(100, 100, heat: 0.8), candidate(117, 100, heat: 0.7), candidate(134, 100, heat: 0.9)]
        #expect(Pyramid.suppress(word).count == 3)
    }

    @Test func theFinerLookCoversEverySmallIndexWithACardsLengthAroundIt() throws {
        #expect(Pyramid.finerRegion(around: [], width: 640, height: 480) == nil)
        // One 10-pixel index in the middle: ten letters every way.
        let middle: [(center: Point, size: Float)] = [(Point(300, 200), 10)]
        let one = try #require(Pyramid.finerRegion(around: middle, width: 640, height: 480))
        #expect(one == Pyramid.Rect(x: 200, y: 100, width: 200, height: 200))
        // Two apart: one rectangle holding both, clipped to the frame.
        let apart: [(center: Point, size: Float)] = [(Point(30, 40), 12), (Point(600, 300), 8)]
        let two = try #require(Pyramid.finerRegion(around: apart, width: 640, height: 480))
        #expect(two == Pyramid.Rect(x: 0, y: 0, width: 640, height: 380))
        // An index at the very edge with a sliver of frame beside it: too little to look at.
        let edge: [(center: Point, size: Float)] = [(Point(-20, -20), 1)]
        #expect(Pyramid.finerRegion(around: edge, width: 640, height: 480) == nil)
    }

    @Test func aFlatTableHasNoTileWorthReadingAndInkMarksItsTile() {
        var img = RGBImage(width: 1500, height: 1100, fill: RGB(120, 90, 60))
        #expect(Pyramid.inkedTiles(img).isEmpty)
        // A light card with a dark letter in the middle of the second tile of the second row.
        img.fillRect(x: 700, y: 700, width: 60, height: 90, color: RGB(235, 230, 220))
        img.fillRect(x: 720, y: 720, width: 8, height: 20, color: RGB(20, 20, 20))
        let tiles = Pyramid.inkedTiles(img)
        #expect(tiles.map(\.core) == [Pyramid.Rect(x: 512, y: 512, width: 512, height: 512)])
        let outer = tiles[0].outer
        #expect(outer == Pyramid.Rect(x: 464, y: 464, width: 608, height: 608))
    }

    @Test func regionCopiesPixelsAndClips() {
        var img = RGBImage(width: 10, height: 8)
        img[3, 2] = RGB(9, 8, 7)
        let r = img.region(x: 2, y: 1, width: 4, height: 3)
        #expect(r.width == 4 && r.height == 3 && r[1, 1] == RGB(9, 8, 7))
        let clipped = img.region(x: 8, y: 6, width: 5, height: 5)
        #expect(clipped.width == 2 && clipped.height == 2)
    }
}
