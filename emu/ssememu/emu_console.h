/* emu_console.h: the debugger console of ssememu --debug: GDB's command names with SIMH's aliases, on the debugging core. */
#ifndef EMU_CONSOLE_H
#define EMU_CONSOLE_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "emu_debug.h"

typedef struct emu_console {
    emu_dbg *d;
    FILE *out;                 /* what commands print */
    FILE *err;                 /* error messages (out is flushed first, so a transcript keeps its order) */
    bool allow_files;          /* `source` may read files (the fuzzer says no) */
    uint64_t run_cap;          /* steps one command may run at most (UINT64_MAX: no cap) */
    int depth;                 /* `source` nesting */
    bool failed;               /* some command failed */
} emu_console;

enum { EMU_CONSOLE_GO_ON = 0, EMU_CONSOLE_QUIT = 1 };

/* Sets the fields to their defaults around session d. */
void emu_console_init(emu_console *c, emu_dbg *d, FILE *out, FILE *err);
/* Run one command line (no newline needed). Returns EMU_CONSOLE_QUIT after
 * quit, else EMU_CONSOLE_GO_ON; a bad command prints why on err, sets
 * c->failed and goes on. */
int emu_console_exec(emu_console *c, const char *line);
/* Run a file of commands; likewise. */
int emu_console_source(emu_console *c, const char *path);
/* Print a stop as every run command does (the stop, then the source line). */
void emu_console_show_stop(emu_console *c, const emu_dbg_stop *s);

/*
 * The interactive loop of ssememu --debug: libedit line editing and history
 * when standard input is a terminal (with a prompt and a banner), plain
 * lines otherwise; `script` (may be NULL) runs first; Ctrl-C stops a run at
 * an instruction boundary. Returns the exit status: 0, or 1 when a command
 * of a non-interactive session failed.
 */
int emu_console_run(emu_dbg *d, const char *program, const char *script);

#endif
