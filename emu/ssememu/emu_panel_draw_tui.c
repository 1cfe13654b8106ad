/* emu_panel_draw_tui.c: the terminal panel's layouts (80x24 compact, large, too small) drawn with ncurses, and its click map. */
#include <curses.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "emu_crt.h"
#include "emu_panel_tui_impl.h"
#include "ssem_dis.h"

/* Right of the CRT: the switches, the registers, the typewriter. */
enum { COMPACT_PANEL_X = 40, FULL_PANEL_X = 64, PANEL_ROWS = 17 };

static void hit(tui *t, int y, int x0, int x1, tui_action a, int arg)
{
    if (t->nhits < TUI_MAX_HITS)
        t->hits[t->nhits++] = (tui_hit){ y, x0, x1, a, arg };
}

static void __attribute__((format(printf, 4, 5))) put(int y, int x, int w, const char *fmt, ...)
{
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    mvaddnstr(y, x, buf, w);
}

/* A control: its text, bold when `on`, clickable. Returns the column after it. */
static int control(tui *t, int y, int x, const char *text, bool on, tui_action a, int arg)
{
    int n = (int)strlen(text);
    if (on)
        attron(A_BOLD | A_REVERSE);
    mvaddstr(y, x, text);
    if (on)
        attroff(A_BOLD | A_REVERSE);
    hit(t, y, x, x + n, a, arg);
    return x + n;
}

static void bits(int y, int x, uint32_t w)
{
    char s[SSEM_BITS + 1];
    for (unsigned i = 0; i < SSEM_BITS; i++)
        s[i] = (w >> i) & 1u ? EMU_CRT_ONE : EMU_CRT_ZERO;
    s[SSEM_BITS] = '\0';
    mvaddstr(y, x, s);
}

static bool shown(const tui *t, unsigned r)
{
    switch (t->p.display) {
    case EMU_PANEL_SHOW_S: return true;
    case EMU_PANEL_SHOW_A: return r == 0;
    case EMU_PANEL_SHOW_C: return r <= 1;
    }
    return false;
}

static void selector(tui *t, int y, int x)
{
    static const char *const names[] = { "Sc", "A", "C" };
    for (int d = 0; d < 3; d++) {
        bool on = t->p.display == (emu_panel_display)d;
        char s[8];
        snprintf(s, sizeof s, on ? "[%s]" : " %s ", names[d]);
        x = control(t, y, x, s, on, TA_SHOW, d) + 1;
    }
}

/* The CRT a row per store line, bit 0 on the left as the Baby drew it. */
static void crt_full(tui *t, int y)
{
    const emu_panel *p = &t->p;
    unsigned ci = ssem_line_of(p->m.ci);
    mvaddstr(y, 0, "CRT");
    selector(t, y, 4);
    mvaddstr(y + 1, 0, "line     0         1         2         3");
    mvaddstr(y + 2, 0, "         01234567890123456789012345678901");
    for (unsigned r = 0; r < SSEM_WORDS; r++) {
        int row = y + 3 + (int)r;
        bool mark = p->display == EMU_PANEL_SHOW_S && r == ci;
        put(row, 0, 9, " %2u %c   ", r, mark ? '>' : ' ');
        hit(t, row, 0, 4, TA_LOOK_AT, (int)r);
        if (!shown(t, r))
            continue;
        uint32_t w = emu_panel_crt_line(p, r);
        bits(row, 9, w);
        if (p->display == EMU_PANEL_SHOW_S && r == t->look)
            mvaddch(row, 41, '<');
        char dis[32];
        ssem_dis_instr(w, dis, sizeof dis);
        put(row, 42, FULL_PANEL_X - 44, " %11ld %s", (long)(int32_t)w, dis);
    }
}

/* The CRT in 16 rows: two store lines a row, the upper line's bit as ' and
 * the lower's as . (both :), so all 32x32 bits fit an 80x24 terminal. */
static void crt_compact(tui *t, int y)
{
    const emu_panel *p = &t->p;
    unsigned ci = ssem_line_of(p->m.ci);
    mvaddstr(y, 0, "CRT");
    selector(t, y, 4);
    mvaddstr(y, 17, "'=even .=odd :=both");
    for (unsigned r = 0; r < SSEM_WORDS; r += 2) {
        int row = y + 1 + (int)(r / 2);
        uint32_t hi = shown(t, r) ? emu_panel_crt_line(p, r) : 0;
        uint32_t lo = shown(t, r + 1) ? emu_panel_crt_line(p, r + 1) : 0;
        char s[SSEM_BITS + 1];
        for (unsigned i = 0; i < SSEM_BITS; i++) {
            unsigned u = (hi >> i) & 1u, l = (lo >> i) & 1u;
            s[i] = u && l ? ':' : u ? '\'' : l ? '.' : ' ';
        }
        s[SSEM_BITS] = '\0';
        bool mark = p->display == EMU_PANEL_SHOW_S && (ci == r || ci == r + 1);
        put(row, 0, 6, "%2u/%-2u%c", r, r + 1, mark ? '>' : ' ');
        hit(t, row, 0, 5, TA_LOOK_AT, (int)r);
        mvaddch(row, 5, mark ? '>' : '|');
        mvaddstr(row, 6, s);
        bool look = p->display == EMU_PANEL_SHOW_S && (t->look == r || t->look == r + 1);
        mvaddch(row, 38, look ? '<' : '|');
    }
}

static void speed(const tui *t, char *buf, size_t size)
{
    if (t->p.ips <= 0)
        snprintf(buf, size, "max");
    else
        snprintf(buf, size, "%.0f/s", t->p.ips);
}

static void panel(tui *t, int y, int x)
{
    emu_panel *p = &t->p;
    int w = COLS - x;
    int c = x;
    mvaddstr(y, c, "stop lamp ");
    c = control(t, y, c + 10, p->m.halted ? "(*)" : "( )", p->m.halted, TA_KC, 0) + 2;
    c = control(t, y, c, p->run ? "RUN " : "STOP", p->run, TA_RUN, 0) + 2;
    control(t, y, c, "KC", false, TA_KC, 0);
    c = control(t, y + 1, x, p->manual ? "MANUAL" : "AUTO  ", p->manual, TA_MANUAL, 0) + 2;
    control(t, y + 1, c, p->erase ? "ERASE" : "WRITE", p->erase, TA_ERASE, 0);
    mvaddstr(y + 2, x, "L  1  2  4  8 16   F 13 14 15");
    for (unsigned i = 0; i < EMU_PANEL_L_SWITCHES; i++)
        control(t, y + 3, x + 1 + 3 * (int)i, (p->l_switches >> i) & 1u ? "[1]" : "[0]",
                !((p->l_switches >> i) & 1u), TA_L, (int)i);
    for (unsigned i = 0; i < EMU_PANEL_F_SWITCHES; i++)
        control(t, y + 3, x + 20 + 3 * (int)i, (p->f_switches >> i) & 1u ? "[1]" : "[0]",
                !((p->f_switches >> i) & 1u), TA_F, (int)i);
    char dis[32];
    ssem_dis_instr(p->pi, dis, sizeof dis);
    put(y + 4, x, w, "CI %-11" PRIu32 " (line %2u)", p->m.ci, ssem_line_of(p->m.ci));
    put(y + 5, x, w, "PI %-11s (0x%08" PRIx32 ")", dis, p->pi);
    put(y + 6, x, w, "A  %ld", (long)(int32_t)p->m.a);
    unsigned al = emu_panel_action_line(p);
    put(y + 7, x, w, "action line %2u %11ld", al, (long)(int32_t)p->m.store[al]);
    bits(y + 8, x + 2, p->m.store[al]);
    for (int b = 0; b < SSEM_BITS; b++)
        hit(t, y + 8, x + 2 + b, x + 3 + b, TA_TYPE, b);
    if (t->cursor < SSEM_BITS)
        put(y + 9, x, w, "%*s^ button %u", (int)t->cursor + 2, "", t->cursor);
    else
        put(y + 9, x, w, "  button %u (not connected)", t->cursor);
    const char *held = "";
    char hk[24];
    if (p->key_held != EMU_PANEL_NO_KEY) {
        snprintf(hk, sizeof hk, " held %d", p->key_held);
        held = hk;
    }
    put(y + 10, x, w, "typewriter %s%s%s", p->erase ? "ERASE" : "WRITE", held, p->klc_held ? " KLC held" : "");
    mvaddstr(y + 11, x, "clear");
    c = control(t, y + 11, x + 6, "KLC", p->klc_held, TA_KLC, 0) + 1;
    c = control(t, y + 11, c, "KSC", false, TA_KSC, 0) + 1;
    c = control(t, y + 11, c, "KAC", false, TA_KAC, 0) + 1;
    control(t, y + 11, c, "KCC", false, TA_KCC, 0);
    ssem_dis_instr(p->m.store[t->look], dis, sizeof dis);
    put(y + 12, x, w, "line %2u %11ld %s", t->look, (long)(int32_t)p->m.store[t->look], dis);
    bits(y + 13, x + 2, p->m.store[t->look]);
    char sp[32];
    speed(t, sp, sizeof sp);
    put(y + 14, x, w, "steps %" PRIu64, p->m.steps);
    c = x + 24;
    mvaddstr(y + 14, c, "speed ");
    control(t, y + 14, c + 6, sp, false, TA_1948, 0);
    if (p->run && !p->m.halted && t->seen > 0)
        put(y + 15, x, w, "running, %.0f/s seen", t->seen);
    else
        put(y + 15, x, w, "%s", p->m.halted ? "stopped at STP" : p->run ? "RUN" : "stopped");
    if (t->msg[0]) {
        attron(A_BOLD);
        put(y + 16, x, w, "%s", t->msg);
        attroff(A_BOLD);
    }
}

typedef struct key_help {
    const char *key, *what;
} key_help;

static const key_help keymap[] = {
    { "r/F5", "STOP/RUN" }, { "k/F10", "KC" },      { "m", "MANUAL/AUTO" }, { "w", "WRITE/ERASE" },
    { "1-5", "L switches" }, { "6-8", "F switches" }, { "s a c", "display" },  { "<- ->", "button" },
    { "Enter", "type bit" }, { "h", "hold button" }, { "H", "hold KLC" },    { "L", "KLC" },
    { "S", "KSC" },          { "A", "KAC" },         { "C", "KCC" },          { "up dn", "line" },
    { "g", "L = line" },     { "n", "step" },        { "b", "step back" },    { "+ -", "speed" },
    { "x", "max speed" },    { "=", "700/s" },       { "o", "load" },         { "q", "quit" },
};

/* The key map, flowed down columns of a box. */
static void keys(tui *t, int y, int x, int h, int w)
{
    if (t->o->view_only) {
        put(y, x, w, "view only (--watch): q quits; ssememu --panel FILE has the controls");
        return;
    }
    enum { COLW = 16 };
    size_t n = sizeof keymap / sizeof keymap[0];
    int cols = w / COLW;
    if (cols < 1 || h < 1)
        return;
    for (size_t i = 0; i < n; i++) {
        int r = (int)i % h, col = (int)i / h;
        if (col >= cols)
            break;
        attron(A_BOLD);
        mvaddstr(y + r, x + col * COLW, keymap[i].key);
        attroff(A_BOLD);
        addch(' ');
        addnstr(keymap[i].what, COLW - 2 - (int)strlen(keymap[i].key));
    }
}

static void menu(tui *t)
{
    int cols = COLS >= 80 ? 3 : 1, colw = 24;
    int rows = ((int)t->nexamples + cols - 1) / cols;
    if (rows < 1)
        rows = 1;
    int h = rows + 3, w = cols * colw + 2;
    if (h > LINES)
        h = LINES;
    int y0 = (LINES - h) / 2, x0 = (COLS - w) / 2;
    for (int r = 0; r < h; r++)
        mvhline(y0 + r, x0, ' ', w);
    attron(A_BOLD);
    put(y0, x0 + 1, w - 2, "Load an example from %s/", t->dir);
    attroff(A_BOLD);
    if (!t->nexamples)
        mvaddstr(y0 + 1, x0 + 1, "(no .s files there)");
    for (size_t i = 0; i < t->nexamples; i++) {
        int r = y0 + 1 + (int)i % rows, c = x0 + 1 + (int)i / rows * colw;
        if (r >= y0 + h - 1)
            continue;
        char s[64];
        snprintf(s, sizeof s, "%c %-.*s", i == t->sel ? '>' : ' ', colw - 3, t->examples[i]);
        control(t, r, c, s, i == t->sel, TA_MENU_PICK, (int)i);
    }
    put(y0 + h - 1, x0 + 1, w - 2, "arrows or a letter choose, Enter loads, Esc closes");
}

void tui_draw(tui *t)
{
    t->nhits = 0;
    erase();
    if (COLS < TUI_MIN_COLS || LINES < TUI_MIN_ROWS) {
        char size[64];
        snprintf(size, sizeof size, "It is %dx%d; it needs %dx%d.", COLS, LINES, TUI_MIN_COLS, TUI_MIN_ROWS);
        mvaddnstr(0, 0, "Terminal too small for the panel.", COLS);
        mvaddnstr(1, 0, size, COLS);
        mvaddnstr(2, 0, "Make it larger, or q quits.", COLS);
        return;
    }
    bool full = COLS >= TUI_FULL_COLS && LINES >= TUI_FULL_ROWS;
    attron(A_BOLD);
    put(0, 0, COLS, "ssememu %s  %s", t->o->view_only ? "--watch" : "--panel", t->title);
    attroff(A_BOLD);
    if (full) {
        crt_full(t, 1);
        panel(t, 1, FULL_PANEL_X);
        keys(t, 2 + PANEL_ROWS, FULL_PANEL_X, LINES - 3 - PANEL_ROWS, COLS - FULL_PANEL_X);
    } else {
        crt_compact(t, 1);
        panel(t, 1, COMPACT_PANEL_X);
        keys(t, 2 + PANEL_ROWS, 0, LINES - 2 - PANEL_ROWS, COLS);
    }
    if (t->menu)
        menu(t);
}
