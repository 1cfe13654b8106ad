/* emu_panel_tui.h: the control panel in a terminal (ssememu --panel, and --watch as its view-only mode), drawn with ncurses. */
#ifndef EMU_PANEL_TUI_H
#define EMU_PANEL_TUI_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "emu.h"

typedef struct emu_panel_tui_opts {
    double ips;                    /* instructions a second; 0: as fast as possible */
    uint64_t max_steps;            /* RUN steps allowed (UINT64_MAX: no limit) */
    const char *title;             /* the file shown in the header */
    volatile sig_atomic_t *stop;   /* set by the host's signal handler (Ctrl-C) */
    bool view_only;                /* --watch: runs at once, no controls but q, ends at STP */
    const char *examples;          /* the load menu's folder; NULL: $SSEM_EXAMPLES or examples/ */
} emu_panel_tui_opts;

typedef enum emu_panel_tui_end {
    EMU_PANEL_TUI_HALTED,    /* view-only: the program executed STP */
    EMU_PANEL_TUI_LIMIT,     /* view-only: max_steps reached */
    EMU_PANEL_TUI_QUIT,      /* q */
    EMU_PANEL_TUI_STOPPED,   /* *stop was set (Ctrl-C or another signal) */
    EMU_PANEL_TUI_ERROR,     /* the terminal could not be used (why says how) */
} emu_panel_tui_end;

/* True when standard output is a terminal whose TERM can move the cursor
 * (not "dumb", not unknown): where the panel can be drawn. */
bool emu_panel_tui_can_draw(void);

/*
 * Run the panel on machine m (in place: it receives the final state, which
 * is the last program loaded when the menu loaded another). The terminal is
 * restored before returning, whatever the reason.
 */
emu_panel_tui_end emu_panel_tui(emu_machine *m, const emu_panel_tui_opts *o, char *why, size_t whylen);

#endif
