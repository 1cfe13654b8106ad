/* emu_debug_cli.h: ssememu's debugging options without the console: --break, --until, --history, --check, and the debug info of a file. */
#ifndef EMU_DEBUG_CLI_H
#define EMU_DEBUG_CLI_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "asm.h"
#include "emu_debug.h"

/* Exit status of a run stopped by --break or --until. */
enum { EMU_EXIT_STOPPED = 5, EMU_EXIT_DIFFERS = 6 };

/* Debug info of a program assembled from source text (len bytes). */
emu_dbg_info *emu_cli_source_info(const asm_program *p, const char *text, size_t len);
/* Debug info of an image from its sidecar (asm_symbols_path), with the
 * source text when the file it names is found; NULL when there is none.
 * A malformed sidecar is reported on stderr and ignored. */
emu_dbg_info *emu_cli_image_info(const char *image);

/* What stops a plain run. */
typedef struct emu_cli_stops {
    const char **breaks;      /* LOCs of --break */
    size_t nbreaks;
    const char *until;        /* --until COND, NULL none */
    uint64_t history;         /* --history N, 0 none */
} emu_cli_stops;

/* Any of them given? */
bool emu_cli_has_stops(const emu_cli_stops *st);

/* --debug: the console on a session from m (info taken over). Returns the
 * exit status. (It lives in emu_console.c, with libedit, so that this
 * file's code links into the suite.) */
int emu_cli_debug(const emu_engine *e, const emu_machine *m, emu_dbg_info *info, const char *program,
                  const char *script);

/*
 * Run engine e from *m (updated to the state reached) under the debugging
 * core for at most max_steps, stopping at a --break or --until; the stop
 * and, with --history, the last steps go to stderr. info is taken over.
 * Returns 0 (with *stopped true when a break or condition stopped it), 1 on
 * an error, 2 for a bad LOC or condition (a usage error).
 */
int emu_cli_run_stops(const emu_engine *e, emu_machine *m, emu_dbg_info *info, const emu_cli_stops *st,
                      uint64_t max_steps, volatile sig_atomic_t *intr, bool *stopped);

/*
 * --check: engine e in lockstep with the reference from m, for at most
 * max_steps steps (or to the STP). Prints "interp(V) = T at every one of N
 * steps", or the first step where they differ with both T-states side by
 * side. Returns 0, EMU_EXIT_DIFFERS, or 1 (out of memory); 130 after Ctrl-C.
 */
int emu_cli_check(const emu_engine *e, const emu_machine *m, uint64_t max_steps, volatile sig_atomic_t *intr,
                  FILE *out);

#endif
