#define _XOPEN_SOURCE_EXTENDED 1
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <ncursesw/curses.h>
#include <ncursesw/term.h>
#include <stdio.h>

// Macros and variadic functions Swift cannot call directly.
static inline WINDOW *qd_stdscr(void) { return stdscr; }
static inline int qd_lines(void) { return LINES; }
static inline int qd_cols(void) { return COLS; }
static inline int qd_colors(void) { return COLORS; }
static inline int qd_color_pairs(void) { return COLOR_PAIRS; }
static inline int qd_color_pair(int n) { return COLOR_PAIR(n); }
static inline int qd_addstr(int y, int x, const char *s) { return mvaddstr(y, x, s); }
static inline int qd_key_resize(void) { return KEY_RESIZE; }
static inline int qd_key_left(void) { return KEY_LEFT; }
static inline int qd_key_right(void) { return KEY_RIGHT; }
static inline int qd_key_up(void) { return KEY_UP; }
static inline int qd_key_down(void) { return KEY_DOWN; }
static inline int qd_key_backspace(void) { return KEY_BACKSPACE; }
static inline int qd_key_enter(void) { return KEY_ENTER; }
static inline int qd_key_dc(void) { return KEY_DC; }
static inline unsigned int qd_a_bold(void) { return A_BOLD; }
static inline unsigned int qd_a_reverse(void) { return A_REVERSE; }
static inline int qd_set_locale(void) { return setlocale(LC_ALL, "") != 0; }

/// The terminal's real size from the kernel (rows, cols), or 0 when unknown.
static inline void qd_term_size(int *rows, int *cols) {
    struct winsize ws;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0) { *rows = ws.ws_row; *cols = ws.ws_col; } else { *rows = 0; *cols = 0; }
}

/// Sets the attributes and an extended colour pair (beyond COLOR_PAIR's 256) for what follows.
static inline int qd_attr_set(unsigned int attrs, int pair) { return attr_set((attr_t)attrs, (short)(pair < 32768 ? pair : 0), &pair); }
static inline int qd_init_pair(int pair, int fg, int bg) { return init_extended_pair(pair, fg, bg); }
/// Starts curses on the terminal named `name` (stdin/stdout); 0 when there is no such entry.
static inline int qd_newterm(const char *name) {
    SCREEN *s = newterm(name, stdout, stdin);
    if (!s) return 0;
    set_term(s);
    return 1;
}
/// Whether the terminal description has the RGB flag (direct colour).
static inline int qd_has_rgb(void) { return tigetflag("RGB") > 0; }

