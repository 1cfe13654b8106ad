/* emu_dump.h: the final-state dump formats of ssememu (crt, bits, dec, asm, json, none) and the --trace line. */
#ifndef EMU_DUMP_H
#define EMU_DUMP_H

#include <stdio.h>

#include "emu.h"
#include "emu_debug.h"

typedef enum emu_dump_format {
    EMU_DUMP_CRT,    /* emu_crt_render: the CRT as text with A, CI and a summary */
    EMU_DUMP_BITS,   /* the store as a bare-bits image (32 lines, bit 0 first) */
    EMU_DUMP_DEC,    /* the store as 32 lines of signed decimal */
    EMU_DUMP_ASM,    /* disassembly that reassembles to the store, registers in comments */
    EMU_DUMP_JSON,   /* one line: {"halted": .., "steps": .., "ci": .., "a": .., "store": [..]} */
    EMU_DUMP_NONE,
    EMU_DUMP_INVALID = -1
} emu_dump_format;

/* "crt", "bits", "dec", "asm", "json", "none"; EMU_DUMP_INVALID otherwise. */
emu_dump_format emu_dump_format_from_name(const char *name);
/* The names, comma separated, for --help and error messages. */
extern const char emu_dump_format_names[];

/* Write the state in a format. Returns 0, or -1 when the stream failed. */
int emu_dump(const emu_machine *m, emu_dump_format fmt, FILE *out);

/*
 * One --trace line for the step that took `before` to `after`:
 *   step 1  ci 1  word 0x0000401b  LDN 27  a -5
 * (step number, the CI the word was fetched with, the word, what it executed
 * as, A afterwards in signed decimal), then what a STO wrote ("[31] <- -8").
 * Returns 0, or -1 on a stream error.
 */
int emu_trace_step(const emu_machine *before, const emu_machine *after, FILE *out);
/* The same with labels when info (may be NULL) knows them:
 *   step 3  ci 3  word 0x0000601f  STO 31    a -8  [31] <- -8  ; start+2: STO sum */
int emu_trace_step_info(const emu_machine *before, const emu_machine *after, const emu_dbg_info *info, FILE *out);

#endif
