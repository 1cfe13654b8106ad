/* emu_watch.h: --watch: the panel's view-only mode in a terminal that can draw it, plain CRT frames elsewhere. */
#ifndef EMU_WATCH_H
#define EMU_WATCH_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "emu.h"
#include "emu_panel.h"

#define EMU_WATCH_DEFAULT_IPS EMU_PANEL_DEFAULT_IPS

typedef struct emu_watch_opts {
    double ips;                        /* instructions per second, > 0 */
    uint64_t max_steps;                /* further steps allowed (UINT64_MAX: no limit) */
    const char *title;                 /* shown on the status line (file name) */
    volatile sig_atomic_t *stop;       /* set by the host's signal handler */
    int in_fd, out_fd;                 /* keys are read from in_fd when it is a terminal */
} emu_watch_opts;

typedef enum emu_watch_end {
    EMU_WATCH_HALTED,    /* the program executed STP */
    EMU_WATCH_LIMIT,     /* max_steps reached */
    EMU_WATCH_QUIT,      /* the user pressed q */
    EMU_WATCH_STOPPED,   /* *stop was set (Ctrl-C or another signal) */
    EMU_WATCH_ERROR,     /* the engine's state was inconsistent (why says how) or output failed */
} emu_watch_end;

/*
 * Run vm's machine at the requested rate. Where standard output is a
 * terminal that can move the cursor, this is the control panel
 * (emu_panel_tui) in its view-only mode: the live CRT, lamp and registers,
 * q quits. Elsewhere (a pipe, a file, TERM=dumb or unset) it writes plain
 * text, no escape sequences: the CRT as text when the run starts and then
 * at most once a second; q still quits when standard input is a terminal.
 * The terminal is restored before returning, whatever the reason. `state`
 * receives the final T-state.
 */
emu_watch_end emu_watch(emu_vm *vm, const emu_watch_opts *o, emu_machine *state, char *why, size_t whylen);

#endif
