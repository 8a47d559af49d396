/// A colour of the terminal palette: the 16 basic colours, or an RGB colour that a 256-colour
/// terminal shows from its 6×6×6 cube.
public enum TermColor: Hashable, Sendable {
    case `default`
    case basic(UInt8)  // 0 black, 1 red, 2 green, 3 yellow, 4 blue, 5 magenta, 6 cyan, 7 white
    case rgb(UInt8, UInt8, UInt8)

    public static let black = TermColor.basic(0), red = TermColor.basic(1), green = TermColor.basic(2)
    public static let yellow = TermColor.basic(3), blue = TermColor.basic(4), magenta = TermColor.basic(5), cyan = TermColor.basic(6), white = TermColor.basic(7)
}

/// One character cell.
public struct Cell: Equatable, Sendable {
    public var char: Character
    public var fg: TermColor
    public var bg: TermColor
    public var bold: Bool
    public var reverse: Bool

    public init(_ char: Character = " ", fg: TermColor = .default, bg: TermColor = .default, bold: Bool = false, reverse: Bool = false) {
        (self.char, self.fg, self.bg, self.bold, self.reverse) = (char, fg, bg, bold, reverse)
    }
}

/// An in-memory screen: what `view` draws and the renderer copies to the terminal.
public struct Grid: Equatable, Sendable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: Cell(), count: self.width * self.height)
    }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set { if x >= 0, y >= 0, x < width, y < height { cells[y * width + x] = newValue } }
    }

    /// Writes text from (x, y), clipped to the grid and to `maxWidth`.
    public mutating func put(_ text: String, x: Int, y: Int, fg: TermColor = .default, bg: TermColor = .default,
                             bold: Bool = false, reverse: Bool = false, maxWidth: Int? = nil) {
        guard y >= 0, y < height else { return }
        let limit = min(width, x + (maxWidth ?? width))
        var cx = x
        for ch in text {
            guard cx < limit else { break }
            if cx >= 0 { self[cx, y] = Cell(ch, fg: fg, bg: bg, bold: bold, reverse: reverse) }
            cx += 1
        }
    }

    /// A box outline with a title in its top edge.
    public mutating func box(x: Int, y: Int, width w: Int, height h: Int, title: String = "", color: TermColor = .default) {
        guard w >= 2, h >= 2 else { return }
        for i in 1..<(w - 1) { self[x + i, y] = Cell("─", fg: color); self[x + i, y + h - 1] = Cell("─", fg: color) }
        for j in 1..<(h - 1) { self[x, y + j] = Cell("│", fg: color); self[x + w - 1, y + j] = Cell("│", fg: color) }
        self[x, y] = Cell("┌", fg: color); self[x + w - 1, y] = Cell("┐", fg: color)
        self[x, y + h - 1] = Cell("└", fg: color); self[x + w - 1, y + h - 1] = Cell("┘", fg: color)
        if !title.isEmpty && w > 4 { put(" \(title) ", x: x + 1, y: y, fg: color, bold: true, maxWidth: w - 2) }
    }

    /// The characters only, one line per row, trailing spaces kept: for snapshot tests.
    public var text: String {
        (0..<height).map { y in String((0..<width).map { self[$0, y].char }) }.joined(separator: "\n")
    }

    /// The cells' colours and attributes, one letter per cell and one line per row, then a
    /// legend naming each letter's style: for snapshot tests of colours.
    public var styles: String {
        let letters = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        var legend: [String] = []
        var codes: [String: Character] = [:]
        func name(_ c: TermColor) -> String {
            switch c {
            case .default: "default"
            case .basic(let n): ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"][Int(n) & 7]
            case .rgb(let r, let g, let b): "#" + [r, g, b].map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
            }
        }
        let rows = (0..<height).map { y in
            String((0..<width).map { x -> Character in
                let c = self[x, y]
                let style = "\(name(c.fg)) on \(name(c.bg))\(c.bold ? " bold" : "")\(c.reverse ? " reverse" : "")"
                if let code = codes[style] { return code }
                guard codes.count < letters.count else { return "~" }
                let code = letters[codes.count]
                codes[style] = code
                legend.append("\(code) \(style)")
                return code
            })
        }
        return (rows + legend + (codes.count == letters.count ? ["~ any other style"] : [])).joined(separator: "\n")
    }
}

