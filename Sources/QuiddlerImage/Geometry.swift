import QuiddlerPlatform

/// A point in image coordinates (pixels, x right, y down).
public struct Point: Equatable, Sendable {
    public var x, y: Float
    public init(_ x: Float, _ y: Float) { (self.x, self.y) = (x, y) }

    /// `p` turned about this point by `angle` radians (clockwise on screen, since y points down).
    public func rotated(_ p: Point, by angle: Float) -> Point {
        let (c, s) = (cosf(angle), sinf(angle)), dx = p.x - x, dy = p.y - y
        return Point(x + c * dx - s * dy, y + s * dx + c * dy)
    }
}

extension Sequence where Element: Comparable {
    /// The least and the greatest element, in one pass; nil for an empty sequence.
    public func extremes() -> (min: Element, max: Element)? {
        var it = makeIterator()
        guard let first = it.next() else { return nil }
        var (lo, hi) = (first, first)
        while let v = it.next() { lo = Swift.min(lo, v); hi = Swift.max(hi, v) }
        return (lo, hi)
    }
}

/// A rectangle of `width × height` centred at `center`, turned by `angle` radians (clockwise on
/// screen, since y points down).
public struct RotatedBox: Equatable, Sendable {
    public var center: Point
    public var width, height: Float
    public var angle: Float

    public init(center: Point, width: Float, height: Float, angle: Float) {
        (self.center, self.width, self.height, self.angle) = (center, width, height, angle)
    }

    /// The four corners: top-left, top-right, bottom-right, bottom-left of the upright box, turned.
    public var corners: [Point] {
        let c = cosf(angle), s = sinf(angle)
        let unit: [(Float, Float)] = [(-0.5, -0.5), (0.5, -0.5), (0.5, 0.5), (-0.5, 0.5)]
        return unit.map { (u, v) in
            let dx = u * width, dy = v * height
            return Point(center.x + dx * c - dy * s, center.y + dx * s + dy * c)
        }
    }
}

extension RGBImage {
    /// The image resized to `width × height` with bilinear interpolation (pixel centres aligned).
    /// Each column's two source columns and weight are worked out once, not once per row.
    public func resized(width ow: Int, height oh: Int) -> RGBImage {
        var out = RGBImage(width: ow, height: oh)
        let sx = Float(width) / Float(ow), sy = Float(height) / Float(oh)
        var left = [Int](repeating: 0, count: ow), right = [Int](repeating: 0, count: ow), weight = [Float](repeating: 0, count: ow)
        for x in 0..<ow {
            let fx = max(0, (Float(x) + 0.5) * sx - 0.5)
            let x0 = min(Int(fx), width - 1)
            (left[x], right[x], weight[x]) = (3 * x0, 3 * min(x0 + 1, width - 1), fx - Float(x0))
        }
        pixels.withUnsafeBufferPointer { src in
            out.pixels.withUnsafeMutableBufferPointer { dst in
                for y in 0..<oh {
                    let fy = max(0, (Float(y) + 0.5) * sy - 0.5)
                    let y0 = min(Int(fy), height - 1), y1 = min(y0 + 1, height - 1)
                    let wy = fy - Float(y0)
                    let top = 3 * y0 * width, bottom = 3 * y1 * width
                    var o = 3 * y * ow
                    for x in 0..<ow {
                        let l = left[x], r = right[x], wx = weight[x]
                        for c in 0..<3 {
                            let a = Float(src[top + l + c]), b = Float(src[top + r + c])
                            let d = Float(src[bottom + l + c]), e = Float(src[bottom + r + c])
                            let v = (a + (b - a) * wx) * (1 - wy) + (d + (e - d) * wx) * wy
                            dst[o + c] = UInt8(min(255, max(0, v + 0.5)))
                        }
                        o += 3
                    }
                }
            }
        }
        return out
    }

    /// An upright `width × height` patch sampled around `center`, turned by `angle` and scaled so
    /// one output pixel covers `scale` source pixels; bilinear, with `fill` outside the image.
    /// The patch's x axis runs along the box's angle, so a card lying at angle a comes out upright.
    public func crop(center: Point, angle: Float, scale: Float, width ow: Int, height oh: Int, fill: RGB = RGB(128, 128, 128)) -> RGBImage {
        var out = RGBImage(width: ow, height: oh)
        let c = cosf(angle) * scale, s = sinf(angle) * scale
        let fillValues = [Float(fill.r), Float(fill.g), Float(fill.b)]
        pixels.withUnsafeBufferPointer { src in
            out.pixels.withUnsafeMutableBufferPointer { dst in
                for y in 0..<oh {
                    let v = Float(y) + 0.5 - Float(oh) / 2
                    for x in 0..<ow {
                        let u = Float(x) + 0.5 - Float(ow) / 2
                        let fx = center.x + u * c - v * s - 0.5
                        let fy = center.y + u * s + v * c - 0.5
                        let x0 = Int(floorf(fx)), y0 = Int(floorf(fy))
                        let wx = fx - Float(x0), wy = fy - Float(y0)
                        for ch in 0..<3 {
                            func at(_ px: Int, _ py: Int) -> Float {
                                px >= 0 && py >= 0 && px < width && py < height ? Float(src[3 * (py * width + px) + ch]) : fillValues[ch]
                            }
                            let top = at(x0, y0) * (1 - wx) + at(x0 + 1, y0) * wx
                            let bottom = at(x0, y0 + 1) * (1 - wx) + at(x0 + 1, y0 + 1) * wx
                            dst[3 * (y * ow + x) + ch] = UInt8(min(255, max(0, top * (1 - wy) + bottom * wy + 0.5)))
                        }
                    }
                }
            }
        }
        return out
    }

    /// The image turned and mirrored as an EXIF orientation tag (1–8) asks, so it shows upright.
    public func applyingOrientation(_ orientation: Int) -> RGBImage {
        guard (2...8).contains(orientation) else { return self }
        let swap = orientation >= 5
        let ow = swap ? height : width, oh = swap ? width : height
        var out = RGBImage(width: ow, height: oh)
        for y in 0..<oh {
            for x in 0..<ow {
                // Source coordinates of output pixel (x, y).
                let (sx, sy): (Int, Int)
                switch orientation {
                case 2: (sx, sy) = (width - 1 - x, y)
                case 3: (sx, sy) = (width - 1 - x, height - 1 - y)
                case 4: (sx, sy) = (x, height - 1 - y)
                case 5: (sx, sy) = (y, x)
                case 6: (sx, sy) = (y, height - 1 - x)
                case 7: (sx, sy) = (width - 1 - y, height - 1 - x)
                default: (sx, sy) = (width - 1 - y, x)
                }
                out[x, y] = self[sx, sy]
            }
        }
        return out
    }
}

extension RGBImage {
    /// The image at half its size, each pixel the mean of a 2×2 block (an odd last row or
    /// column is dropped): one step down an image pyramid, without aliasing.
    public func halved() -> RGBImage {
        let ow = max(1, width / 2), oh = max(1, height / 2)
        var out = RGBImage(width: ow, height: oh)
        guard width >= 2, height >= 2 else { return resized(width: ow, height: oh) }
        pixels.withUnsafeBufferPointer { src in
            out.pixels.withUnsafeMutableBufferPointer { dst in
                for y in 0..<oh {
                    let r0 = 2 * y * width, r1 = (2 * y + 1) * width
                    for x in 0..<ow {
                        for c in 0..<3 {
                            let s = Int(src[3 * (r0 + 2 * x) + c]) + Int(src[3 * (r0 + 2 * x + 1) + c])
                                + Int(src[3 * (r1 + 2 * x) + c]) + Int(src[3 * (r1 + 2 * x + 1) + c])
                            dst[3 * (y * ow + x) + c] = UInt8((s + 2) / 4)
                        }
                    }
                }
            }
        }
        return out
    }
}

extension RGBImage {
    /// The image shrunk to `width × height` as a smaller sensor would see it: halved (2×2 means)
    /// while that stays at least the target size, then resized bilinearly the rest of the way
    /// (under half), so every source pixel counts and nothing aliases. Not for enlarging.
    public func shrunk(width ow: Int, height oh: Int) -> RGBImage {
        var image = self
        while image.width / 2 >= ow, image.height / 2 >= oh { image = image.halved() }
        return image.width == ow && image.height == oh ? image : image.resized(width: ow, height: oh)
    }

    /// The image in the middle of a larger `width × height` frame, the frame around it filled
    /// with the mean colour of the image's outermost pixels (the table it was lying on, plain).
    /// An image at least as large as the frame comes back as it is.
    public func centred(inWidth fw: Int, height fh: Int) -> RGBImage {
        guard fw > width || fh > height, width > 0, height > 0 else { return self }
        var sum = (0, 0, 0), n = 0
        func add(_ x: Int, _ y: Int) {
            let i = 3 * (y * width + x)
            sum = (sum.0 + Int(pixels[i]), sum.1 + Int(pixels[i + 1]), sum.2 + Int(pixels[i + 2]))
            n += 1
        }
        for x in 0..<width { add(x, 0); add(x, height - 1) }
        for y in 0..<height { add(0, y); add(width - 1, y) }
        var out = RGBImage(width: max(fw, width), height: max(fh, height),
                           fill: RGB(UInt8(sum.0 / n), UInt8(sum.1 / n), UInt8(sum.2 / n)))
        let x0 = (out.width - width) / 2, y0 = (out.height - height) / 2
        for row in 0..<height {
            let s = 3 * row * width, d = 3 * ((y0 + row) * out.width + x0)
            for i in 0..<(3 * width) { out.pixels[d + i] = pixels[s + i] }
        }
        return out
    }
}

extension RGBImage {
    /// A copy of the pixels in a rectangle (clipped to the image).
    public func region(x: Int, y: Int, width w: Int, height h: Int) -> RGBImage {
        let x0 = max(0, min(x, width)), y0 = max(0, min(y, height))
        let cw = max(0, min(w, width - x0)), ch = max(0, min(h, height - y0))
        var out = RGBImage(width: cw, height: ch)
        pixels.withUnsafeBufferPointer { src in
            out.pixels.withUnsafeMutableBufferPointer { dst in
                for row in 0..<ch {
                    let s = 3 * ((y0 + row) * width + x0), d = 3 * row * cw
                    for i in 0..<(3 * cw) { dst[d + i] = src[s + i] }
                }
            }
        }
        return out
    }
}

/// An angle folded into (-π, π].
public func normalizedAngle(_ a: Float) -> Float {
    var x = fmodf(a, 2 * .pi)
    if x > .pi { x -= 2 * .pi }
    if x <= -.pi { x += 2 * .pi }
    return x
}
