/// How many colours the terminal shows.
public enum ColorDepth: String, Sendable, Equatable {
    /// Any RGB colour (a terminal with direct colour: `COLORTERM=truecolor` or `24bit`).
    case direct
    /// xterm's 256 colours: a 6×6×6 cube and a grey ramp.
    case cube256
    /// The eight basic colours.
    case basic
    /// No colour: the picture is a brightness ramp of characters.
    case mono

    /// The depth a terminal gives: `colors` from its description, and whether it shows RGB
    /// colours directly.
    public static func of(colors: Int, direct: Bool) -> ColorDepth {
        if direct && colors >= 1 << 24 { return .direct }
        if colors >= 256 { return .cube256 }
        return colors >= 8 ? .basic : .mono
    }

    /// Whether the environment says the terminal shows 24-bit colour (`COLORTERM`).
    public static func wantsDirect(colorterm: String?) -> Bool {
        guard let c = colorterm?.lowercased() else { return false }
        return c == "truecolor" || c == "24bit"
    }

    /// How the help names it.
    public var name: String {
        switch self {
        case .direct: "true colour"
        case .cube256: "256 colours"
        case .basic: "8 colours"
        case .mono: "no colour"
        }
    }
}

/// Terminal colour numbers for the grid's colours: the only mapping the renderer needs, pure so
/// it is tested without a terminal.
public enum Palette {
    /// xterm's six levels of each channel in its colour cube.
    static let cubeLevels: [Int] = [0, 95, 135, 175, 215, 255]

    /// The colour number of `c` at `depth`; -1 is the terminal's default colour.
    public static func number(_ c: TermColor, depth: ColorDepth) -> Int {
        switch c {
        case .default: return -1
        case .basic(let n): return Int(n)
        case .rgb(let r, let g, let b):
            switch depth {
            case .direct:
                // 0…7 name the basic colours in direct mode: a near-black blue moves up by one.
                let v = Int(r) << 16 | Int(g) << 8 | Int(b)
                return max(v, 8)
            case .cube256: return cube(Int(r), Int(g), Int(b))
            case .basic, .mono: return basic(Int(r), Int(g), Int(b))
            }
        }
    }

    /// The nearest of xterm's cube (16…231) and grey ramp (232…255).
    static func cube(_ r: Int, _ g: Int, _ b: Int) -> Int {
        func level(_ v: Int) -> Int { cubeLevels.indices.min { abs(cubeLevels[$0] - v) < abs(cubeLevels[$1] - v) } ?? 0 }
        let (lr, lg, lb) = (level(r), level(g), level(b))
        let cubeError = sq(cubeLevels[lr] - r) + sq(cubeLevels[lg] - g) + sq(cubeLevels[lb] - b)
        let grey = min(23, max(0, ((r + g + b) / 3 - 8 + 5) / 10))
        let gv = 8 + 10 * grey
        let greyError = sq(gv - r) + sq(gv - g) + sq(gv - b)
        return greyError < cubeError ? 232 + grey : 16 + 36 * lr + 6 * lg + lb
    }

    /// The nearest of the eight basic colours, by hue and brightness.
    static func basic(_ r: Int, _ g: Int, _ b: Int) -> Int {
        let bright = (r + g + b) / 3
        let bit = { (v: Int) -> Int in v > bright / 2 + 40 ? 1 : 0 }
        let n = bit(r) | bit(g) << 1 | bit(b) << 2
        return n == 0 && bright > 100 ? 7 : n
    }

    private static func sq(_ x: Int) -> Int { x * x }
}
