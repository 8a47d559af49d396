/// Max pooling, average pooling, global average pooling and nearest upsampling over (N, C, H, W).
enum Pooling {
    /// Max pooling with a k×k window.
    /// - input: (N·C, H, W); output: (N·C, OH, OW); argmax: (N·C, OH, OW) index into the plane
    static func maxForward(_ output: UnsafeMutablePointer<Float>, _ argmax: UnsafeMutablePointer<Int32>?, _ input: UnsafePointer<Float>,
                           planes: Int, h: Int, w: Int, k: Int, stride: Int) {
        let oh = (h - k) / stride + 1, ow = (w - k) / stride + 1
        for p in 0..<planes {
            let src = input + p * h * w
            for oy in 0..<oh {
                for ox in 0..<ow {
                    var best = -Float.infinity
                    var at = 0
                    for ky in 0..<k {
                        for kx in 0..<k {
                            let i = (oy * stride + ky) * w + ox * stride + kx
                            if src[i] > best { best = src[i]; at = i }
                        }
                    }
                    let o = (p * oh + oy) * ow + ox
                    output[o] = best
                    argmax?[o] = Int32(at)
                }
            }
        }
    }

    /// - dOutput, argmax: (N·C, OH, OW); dInput: (N·C, H, W), accumulated into
    static func maxBackward(_ dOutput: UnsafePointer<Float>, _ argmax: UnsafePointer<Int32>, _ dInput: UnsafeMutablePointer<Float>,
                            planes: Int, h: Int, w: Int, oh: Int, ow: Int) {
        for p in 0..<planes {
            for o in 0..<(oh * ow) {
                dInput[p * h * w + Int(argmax[p * oh * ow + o])] += dOutput[p * oh * ow + o]
            }
        }
    }

    /// Average pooling with a k×k window and stride k.
    /// - input: (N·C, H, W); output: (N·C, H/k, W/k)
    static func avgForward(_ output: UnsafeMutablePointer<Float>, _ input: UnsafePointer<Float>, planes: Int, h: Int, w: Int, k: Int) {
        let oh = h / k, ow = w / k
        let scale = 1 / Float(k * k)
        for p in 0..<planes {
            for oy in 0..<oh {
                for ox in 0..<ow {
                    var s: Float = 0
                    for ky in 0..<k { for kx in 0..<k { s += input[(p * h + oy * k + ky) * w + ox * k + kx] } }
                    output[(p * oh + oy) * ow + ox] = s * scale
                }
            }
        }
    }

    /// - dOutput: (N·C, H/k, W/k); dInput: (N·C, H, W), accumulated into
    static func avgBackward(_ dOutput: UnsafePointer<Float>, _ dInput: UnsafeMutablePointer<Float>, planes: Int, h: Int, w: Int, k: Int) {
        let oh = h / k, ow = w / k
        let scale = 1 / Float(k * k)
        for p in 0..<planes {
            for oy in 0..<oh {
                for ox in 0..<ow {
                    let g = dOutput[(p * oh + oy) * ow + ox] * scale
                    for ky in 0..<k { for kx in 0..<k { dInput[(p * h + oy * k + ky) * w + ox * k + kx] += g } }
                }
            }
        }
    }

    /// Global average pooling.
    /// - input: (N·C, HW); output: (N·C)
    static func globalForward(_ output: UnsafeMutablePointer<Float>, _ input: UnsafePointer<Float>, planes: Int, hw: Int) {
        for p in 0..<planes {
            var s: Float = 0
            for i in 0..<hw { s += input[p * hw + i] }
            output[p] = s / Float(hw)
        }
    }

    /// - dOutput: (N·C); dInput: (N·C, HW), accumulated into
    static func globalBackward(_ dOutput: UnsafePointer<Float>, _ dInput: UnsafeMutablePointer<Float>, planes: Int, hw: Int) {
        for p in 0..<planes {
            let g = dOutput[p] / Float(hw)
            for i in 0..<hw { dInput[p * hw + i] += g }
        }
    }

    /// Nearest-neighbour upsampling by an integer factor.
    /// - input: (N·C, H, W); output: (N·C, H·f, W·f)
    static func upsampleForward(_ output: UnsafeMutablePointer<Float>, _ input: UnsafePointer<Float>, planes: Int, h: Int, w: Int, factor f: Int) {
        let ow = w * f
        for p in 0..<planes {
            for y in 0..<(h * f) {
                let src = input + (p * h + y / f) * w
                let dst = output + (p * h * f + y) * ow
                for x in 0..<ow { dst[x] = src[x / f] }
            }
        }
    }

    /// - dOutput: (N·C, H·f, W·f); dInput: (N·C, H, W), accumulated into
    static func upsampleBackward(_ dOutput: UnsafePointer<Float>, _ dInput: UnsafeMutablePointer<Float>, planes: Int, h: Int, w: Int, factor f: Int) {
        let ow = w * f
        for p in 0..<planes {
            for y in 0..<(h * f) {
                let src = dOutput + (p * h * f + y) * ow
                let dst = dInput + (p * h + y / f) * w
                for x in 0..<ow { dst[x / f] += src[x] }
            }
        }
    }
}
