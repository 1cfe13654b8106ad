/* emu_watch.h: the live CRT in a terminal (--watch), paced to a given instructions-per-second rate. */
#ifndef EMU_WATCH_H
#define EMU_WATCH_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "emu.h"

/* The 1948 machine's speed (Nature 162, 1948: 3.5 million operations in 52 minutes). */
#define EMU_WATCH_DEFAULT_IPS 700.0

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
 * Run vm at the requested rate, redrawing the CRT in place on the
 * alternate screen (cursor home, erase to end of line: no full-screen clear,
 * so no flicker) about 30 times a second. The terminal (raw mode on in_fd,
 * alternate screen, cursor) is restored before returning, whatever the
 * reason. `state` receives the final T-state.
 */
emu_watch_end emu_watch(emu_vm *vm, const emu_watch_opts *o, emu_machine *state, char *why, size_t whylen);

#endif
