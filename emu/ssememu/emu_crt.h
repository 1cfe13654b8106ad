/* emu_crt.h: the machine as the Baby's CRT showed it, rendered as text (for dumps and the live --watch view). */
#ifndef EMU_CRT_H
#define EMU_CRT_H

#include <stddef.h>

#include "emu.h"

/* Characters for a 1 bit and a 0 bit (the CRT drew 1s as bright dashes, 0s as dots). */
#define EMU_CRT_ONE '#'
#define EMU_CRT_ZERO '.'

enum emu_crt_flags {
    EMU_CRT_ANSI = 1u << 0,   /* erase to end of line before each newline (redraw in place) */
    EMU_CRT_NO_SUMMARY = 1u << 1,
};

/* Upper bound of the text emu_crt_render produces, NUL included. */
#define EMU_CRT_TEXT_MAX 4096

/*
 * The CRT text: a bit-number ruler, the 32 store lines (bit 0 on the left,
 * the line CI selects marked with '>', each followed by its signed decimal
 * value and the instruction it executes as), then the A and CI lines and a
 * summary "halted: yes  steps: N  CI: n  A: n".
 * Writes at most size bytes (always NUL-terminated when size > 0) and
 * returns the full length, like snprintf.
 */
size_t emu_crt_render(const emu_machine *m, unsigned flags, char *buf, size_t size);

/* The summary line alone, without newline (same snprintf contract). */
size_t emu_crt_summary(const emu_machine *m, char *buf, size_t size);

#endif
