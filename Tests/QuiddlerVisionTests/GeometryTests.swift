import QuiddlerRandom
import QuiddlerImage
import QuiddlerReader
import QuiddlerSynthesis
import QuiddlerTraining
import Testing

@Suite struct GeometryTests {
    /// A small image whose every pixel is different.
    func pattern(_ w: Int, _ h: Int) -> RGBImage {
        var img = RGBImage(width: w, height: h)
        for y in 0..<h { for x in 0..<w { img[x, y] = RGB(UInt8(x * 10), UInt8(y * 10), UInt8((x * 7 + y * 13) % 256)) } }
        return img
    }

    @Test func resizeKeepsFlatColoursAndAveragesBlocks() {
        let flat = RGBImage(width: 30, height: 20, fill: RGB(12, 200, 99))
        #expect(flat.resized(width: 7, height: 5) == RGBImage(width: 7, height: 5, fill: RGB(12, 200, 99)))
        var checker = RGBImage(width: 4, height: 4)
        for y in 0..<4 { for x in 0..<4 where (x + y) % 2 == 0 { checker[x, y] = .white } }
        let half = checker.resized(width: 2, height: 2)
        for y in 0..<2 { for x in 0..<2 { #expect(abs(Int(half[x, y].r) - 128) <= 1) } }
    }

    /// Bilinear with pixel centres aligned, pixel by pixel from its definition: the reference
    /// `resized` must match exactly (the reader's pyramid levels depend on it).
    func bilinear(_ img: RGBImage, _ ow: Int, _ oh: Int) -> RGBImage {
        var out = RGBImage(width: ow, height: oh)
        let sx = Float(img.width) / Float(ow), sy = Float(img.height) / Float(oh)
        for y in 0..<oh {
            for x in 0..<ow {
                let fx = max(0, (Float(x) + 0.5) * sx - 0.5), fy = max(0, (Float(y) + 0.5) * sy - 0.5)
                let x0 = min(Int(fx), img.width - 1), y0 = min(Int(fy), img.height - 1)
                let x1 = min(x0 + 1, img.width - 1), y1 = min(y0 + 1, img.height - 1)
                let wx = fx - Float(x0), wy = fy - Float(y0)
                func mix(_ v: (RGB) -> UInt8) -> UInt8 {
                    let a = Float(v(img[x0, y0])), b = Float(v(img[x1, y0])), d = Float(v(img[x0, y1])), e = Float(v(img[x1, y1]))
                    return UInt8(min(255, max(0, (a + (b - a) * wx) * (1 - wy) + (d + (e - d) * wx) * wy + 0.5)))
                }
                out[x, y] = RGB(mix(\.r), mix(\.g), mix(\.b))
            }
        }
        return out
    }

    @Test(arguments: [(37, 23, 24, 15), (10, 7, 23, 17), (16, 12, 16, 12), (1, 9, 4, 3), (25, 25, 13, 1)])
    func resizeIsBilinearWithCentresAligned(w: Int, h: Int, ow: Int, oh: Int) {
        var rng = SeededGenerator(seed: UInt64(w * 100 + ow))
        var img = RGBImage(width: w, height: h)
        for y in 0..<h { for x in 0..<w { img[x, y] = RGB(UInt8(rng.next() % 256), UInt8(rng.next() % 256), UInt8(rng.next() % 256)) } }
        #expect(img.resized(width: ow, height: oh) == bilinear(img, ow, oh))
    }

    /// Shrinking counts every source pixel: a one-pixel checkerboard shrunk to a quarter or a fifth
    /// is an even grey everywhere (bilinear alone, sampling two pixels of every four or five,
    /// leaves black and white blotches at a fifth), and the sizes come out as asked.
    @Test(arguments: [(64, 48, 16, 12), (64, 48, 13, 10), (40, 40, 7, 5)])
    func shrinkingAveragesWithoutAliasing(w: Int, h: Int, ow: Int, oh: Int) {
        var checker = RGBImage(width: w, height: h)
        for y in 0..<h { for x in 0..<w where (x + y) % 2 == 0 { checker[x, y] = .white } }
        let small = checker.shrunk(width: ow, height: oh)
        #expect(small.width == ow && small.height == oh)
        for y in 0..<oh { for x in 0..<ow { #expect(abs(Int(small[x, y].g) - 128) <= 2, "at \(x),\(y): \(small[x, y])") } }
        if (ow, oh) == (13, 10) { #expect(checker.resized(width: ow, height: oh).pixels.contains { $0 < 60 || $0 > 196 }, "bilinear alone aliases") }
        let img = pattern(9, 7)
        #expect(img.shrunk(width: 9, height: 7) == img)
    }

    /// A picture set in a larger frame keeps every pixel, in the middle, and the frame around it
    /// is the mean colour of the picture's outermost pixels; a frame no larger leaves it as it is.
    @Test func centringKeepsThePictureOnItsOwnGround() {
        var img = RGBImage(width: 6, height: 4, fill: RGB(90, 60, 30))
        img[2, 1] = .white
        img[3, 2] = RGB(0, 0, 0)
        let framed = img.centred(inWidth: 16, height: 10)
        #expect(framed.width == 16 && framed.height == 10)
        for y in 0..<4 { for x in 0..<6 { #expect(framed[5 + x, 3 + y] == img[x, y]) } }
        #expect(framed[0, 0] == RGB(90, 60, 30) && framed[15, 9] == RGB(90, 60, 30))
        var edged = img
        for x in 0..<6 { edged[x, 0] = RGB(0, 0, 0) }
        // 8 of the 20 border samples (the top row's 6, and the top of each side column) are black: 90 × 12 / 20.
        #expect(edged.centred(inWidth: 8, height: 6)[0, 0] == RGB(54, 36, 18))
        #expect(img.centred(inWidth: 6, height: 4) == img)
        #expect(img.centred(inWidth: 3, height: 3) == img)
    }

    @Test func uprightCropCopiesTheRegion() {
        let img = pattern(20, 16)
        let crop = img.crop(center: Point(10, 8), angle: 0, scale: 1, width: 6, height: 4)
        for y in 0..<4 { for x in 0..<6 { #expect(crop[x, y] == img[7 + x, 6 + y]) } }
    }

    @Test func quarterTurnCropRotates() {
        let img = pattern(20, 16)
        // A box turned a quarter turn clockwise: its x axis runs down the image.
        let crop = img.crop(center: Point(10, 8), angle: .pi / 2, scale: 1, width: 4, height: 4)
        for y in 0..<4 { for x in 0..<4 { #expect(crop[x, y] == img[11 - y, 6 + x], "(\(x), \(y))") } }
    }

    @Test func cropOutsideIsFilled() {
        let crop = pattern(10, 10).crop(center: Point(-50, -50), angle: 0.3, scale: 2, width: 5, height: 5, fill: RGB(1, 2, 3))
        #expect(crop == RGBImage(width: 5, height: 5, fill: RGB(1, 2, 3)))
    }

    @Test(arguments: 1...8)
    func orientationsAreRotationsAndMirrors(o: Int) {
        let img = pattern(5, 3)
        let out = img.applyingOrientation(o)
        #expect(out.width == (o >= 5 ? 3 : 5))
        // EXIF: 6 means the stored image must turn 90° clockwise to show upright.
        if o == 6 { #expect(out[0, 0] == img[0, 2] && out[2, 0] == img[0, 0]) }
        if o == 8 { #expect(out[0, 0] == img[4, 0]) }
        if o == 3 { #expect(out[0, 0] == img[4, 2]) }
        let inverse = [1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 6: 8, 7: 7, 8: 6][o]!
        #expect(out.applyingOrientation(inverse) == img)
    }

    @Test func rotatedBoxCorners() {
        let box = RotatedBox(center: Point(10, 10), width: 4, height: 2, angle: .pi / 2)
        let c = box.corners
        #expect(abs(c[0].x - 11) < 1e-4 && abs(c[0].y - 8) < 1e-4)
    }

    @Test func drawingStaysInsideAndClips() {
        var img = RGBImage(width: 20, height: 20)
        img.drawRect(x: 2, y: 3, width: 10, height: 8, color: .white)
        #expect(img[2, 3] == .white && img[11, 10] == .white && img[11, 3] == .white)
        #expect(img[6, 6] == .black)
        // Shapes reaching past the image are clipped: what lies inside is drawn, nothing else moves.
        img.drawBox(RotatedBox(center: Point(-5, 30), width: 50, height: 50, angle: 0.7), color: .red)
        #expect(img.pixels.count == 20 * 20 * 3)
        #expect((0..<400).contains { img[$0 % 20, $0 / 20] == .red }, "no part of the clipped box was drawn")
        let before = img
        img.fillRect(x: 100, y: 100, width: 5, height: 5, color: .red)
        #expect(img == before)
        img.drawText("qu 9", x: 15, y: 15, color: .yellow, background: .black, scale: 1)
        #expect(img[15, 15] != before[15, 15] || img[16, 16] != before[16, 16])
        var text = RGBImage(width: 40, height: 12)
        text.drawText("TH", x: 1, y: 1, color: .white, scale: 1)
        let lit = stride(from: 0, to: text.pixels.count, by: 3).filter { text.pixels[$0] == 255 }.count
        #expect(lit > 10)
    }
}
