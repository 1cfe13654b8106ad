/* emu_panel_tui_impl.h: what the terminal panel's loop and its drawing share: the session, the controls, the click map. */
#ifndef EMU_PANEL_TUI_IMPL_H
#define EMU_PANEL_TUI_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "emu_panel.h"
#include "emu_panel_tui.h"

/* Everything a key or a click can do. */
typedef enum tui_action {
    TA_NONE,
    TA_RUN, TA_KC, TA_MANUAL, TA_ERASE,
    TA_L,            /* arg: switch 0..4 */
    TA_F,            /* arg: switch 0..2 */
    TA_SHOW,         /* arg: emu_panel_display */
    TA_KLC, TA_KSC, TA_KAC, TA_KCC,
    TA_TYPE,         /* arg: typewriter button 0..39 */
    TA_CURSOR,       /* arg: -1 or +1, the typewriter button chosen */
    TA_HOLD, TA_HOLD_KLC,
    TA_LOOK,         /* arg: -1 or +1, the line inspected */
    TA_LOOK_AT,      /* arg: line */
    TA_SET_L,        /* the L switches to the inspected line */
    TA_STEP, TA_BACK,
    TA_FASTER, TA_SLOWER, TA_MAX, TA_1948,
    TA_MENU, TA_MENU_PICK,   /* arg: entry */
    TA_QUIT,
} tui_action;

typedef struct tui_hit {
    int y, x0, x1;   /* a clickable span of one row, x1 exclusive */
    tui_action action;
    int arg;
} tui_hit;

enum { TUI_MAX_HITS = 128, TUI_MAX_EXAMPLES = 64 };

typedef struct tui {
    emu_panel p;
    emu_panel_history hist;
    emu_panel_pace pace;
    const emu_panel_tui_opts *o;
    char title[720];
    char msg[80];
    unsigned cursor;        /* the typewriter button the arrows choose, 0..39 */
    unsigned look;          /* the store line inspected (a modern aid, not a 1948 control) */
    double seen;            /* measured speed while running */
    uint64_t ran;           /* RUN steps so far, for max_steps */
    bool limit;             /* max_steps reached */
    bool menu;              /* the examples menu is open */
    size_t nexamples, sel;
    char *examples[TUI_MAX_EXAMPLES];   /* file names in the menu's folder */
    char dir[512];
    tui_hit hits[TUI_MAX_HITS];
    size_t nhits;
} tui;

/* The smallest terminal the panel draws in, and the one where the CRT
 * gets a row per store line. */
enum { TUI_MIN_COLS = 80, TUI_MIN_ROWS = 24, TUI_FULL_COLS = 100, TUI_FULL_ROWS = 36 };

/* Draw the whole screen into curses' buffer (refresh sends only what changed). */
void tui_draw(tui *t);

#endif
