import CNcurses
import Foundation
import QuiddlerTUI
import QuiddlerPlatform

/// The only code that calls ncurses: copies a `Grid` to the terminal and reads keys.
final class NcursesRenderer: Screen {
    private var pairs: [Int: Int32] = [:]
    private var nextPair: Int32 = 1
    private let maxPairs: Int
    private var open = true
    /// The terminal's colours.
    let depth: ColorDepth

    /// A vanished terminal (its window closed with the hang-up signal blocked).
    var isGone: Bool { isatty(0) == 0 }

    /// Takes over the terminal. With `COLORTERM=truecolor` (or `24bit`) the picture is drawn in
    /// direct colour: from the terminal's own description when it has the RGB flag, otherwise
    /// from a copy of it with direct colour added (`DirectColorTerminfo`).
    init(keyTimeoutMs: Int32 = 30, environment: [String: String] = ProcessInfo.processInfo.environment) {
        _ = qd_set_locale()
        CrashRestore.install()
        var direct = false
        if ColorDepth.wantsDirect(colorterm: environment["COLORTERM"]), let term = environment["TERM"],
           let name = DirectColorTerminfo.prepare(base: term), qd_newterm(name) != 0 {
            direct = true
        } else {
            initscr()
        }
        // Esc must answer at once, not wait a second for an escape sequence that never comes.
        set_escdelay(25)
        cbreak()
        // Ctrl-S must not freeze the screen (XON/XOFF flow control), as htop does.
        var modes = termios()
        if tcgetattr(0, &modes) == 0 {
            modes.c_iflag &= ~tcflag_t(IXON)
            tcsetattr(0, TCSANOW, &modes)
        }
        noecho()
        keypad(qd_stdscr(), true)
        curs_set(0)
        timeout(keyTimeoutMs)
        if has_colors() {
            start_color()
            use_default_colors()
        }
        let colors = has_colors() ? Int(qd_colors()) : 0
        depth = ColorDepth.of(colors: colors, direct: direct || qd_has_rgb() != 0)
        maxPairs = Int(qd_color_pairs())
    }

    /// Gives the terminal back: always call before exiting.
    func close() {
        guard open else { return }
        open = false
        endwin()
    }

    deinit { close() }

    /// The terminal's size, following resizes even when no SIGWINCH reached ncurses.
    var size: (width: Int, height: Int) {
        var rows: Int32 = 0, cols: Int32 = 0
        qd_term_size(&rows, &cols)
        if rows > 0, cols > 0, rows != qd_lines() || cols != qd_cols() { resizeterm(rows, cols) }
        return (Int(qd_cols()), Int(qd_lines()))
    }

    /// The next key, or nil when none came within the timeout. `resize` is reported as nil too.
    func readKey() -> Key? {
        let k = getch()
        switch k {
        case ERR, qd_key_resize(): return nil
        case 27: return .escape
        case 10, 13, qd_key_enter(): return .enter
        case 127, 8, qd_key_backspace(), qd_key_dc(): return .backspace
        case 9: return .tab
        case qd_key_left(): return .left
        case qd_key_right(): return .right
        case qd_key_up(): return .up
        case qd_key_down(): return .down
        case 32...126: return .char(Character(UnicodeScalar(UInt8(k))))
        default: return nil
        }
    }

    /// Draws a grid.
    func draw(_ grid: Grid) {
        erase()
        for y in 0..<grid.height {
            for x in 0..<grid.width {
                let c = grid[x, y]
                var attrs: UInt32 = 0
                if c.bold { attrs |= qd_a_bold() }
                if c.reverse { attrs |= qd_a_reverse() }
                qd_attr_set(attrs, depth == .mono ? 0 : pair(c.fg, c.bg))
                // The bottom-right cell cannot be written without scrolling on some terminals.
                if y == grid.height - 1 && x == grid.width - 1 { continue }
                _ = qd_addstr(Int32(y), Int32(x), String(c.char))
            }
        }
        qd_attr_set(0, 0)
        refresh()
    }

    /// The colour pair of a foreground and background, made on first use (extended pairs, so
    /// direct colours and more than 256 pairs work). When the terminal's pairs run out they are
    /// made afresh: the whole screen is drawn again every time anyway.
    private func pair(_ fg: TermColor, _ bg: TermColor) -> Int32 {
        let f = Palette.number(fg, depth: depth), b = Palette.number(bg, depth: depth)
        if f == -1 && b == -1 { return 0 }
        let key = (f + 1) << 25 | (b + 1)
        if let p = pairs[key] { return p }
        if Int(nextPair) >= maxPairs - 1 {
            pairs.removeAll()
            nextPair = 1
        }
        let p = nextPair
        nextPair += 1
        qd_init_pair(p, Int32(f), Int32(b))
        pairs[key] = p
        return p
    }
}

/// The terminal's modes before the app took it, for a crash to put back: a trap (a failed
/// precondition, a force unwrap) must not leave the player's terminal raw with no cursor. The
/// handler does only async-signal-safe things (tcsetattr, write), then dies by the same signal,
/// as htop's CRT_handleSIGSEGV does.
enum CrashRestore {
    nonisolated(unsafe) static var saved = termios()
    nonisolated(unsafe) static var haveSaved = false

    static func install() {
        guard tcgetattr(0, &saved) == 0 else { return }
        haveSaved = true
        for sig in [SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT] {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { sig in
                if CrashRestore.haveSaved { tcsetattr(0, TCSANOW, &CrashRestore.saved) }
                // Leave the alternate screen, show the cursor, reset colours, new line.
                let reset: StaticString = "\u{1B}[?1049l\u{1B}[?25h\u{1B}[0m\r\n"
                _ = write(1, reset.utf8Start, reset.utf8CodeUnitCount)
                signal(sig, SIG_DFL)
                raise(sig)
            }
            sigemptyset(&action.sa_mask)
            sigaction(sig, &action, nil)
        }
    }
}
