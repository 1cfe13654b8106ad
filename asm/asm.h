/* asm.h: the assembler as a library (used by ssemasm and by ssememu for source files). */
#ifndef ASM_H
#define ASM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ssem_diag.h"
#include "ssem_image.h"

typedef struct asm_define {
    const char *name;   /* from -D NAME=VALUE */
    int64_t value;
} asm_define;

typedef struct asm_options {
    const asm_define *defines;
    size_t ndefines;
} asm_options;

typedef struct asm_program asm_program;

/*
 * Assemble `len` bytes of source named `name` (used in diagnostics).
 * Every diagnostic goes to d (d->werror makes warnings fatal). Returns the
 * program, or NULL when any error was reported.
 */
asm_program *asm_assemble(const char *src, size_t len, const char *name,
                          const asm_options *opt, ssem_diag *d);

/* The store image the program assembles to (registers zero). */
void asm_program_image(const asm_program *p, ssem_image *img);

/* The listing: per store line its bits as the CRT shows them, hex, signed
 * decimal, disassembly and source text; then the literal pool and symbols. */
int asm_program_listing(const asm_program *p, FILE *out);

/*
 * What a debugger needs from a run: the names and where each store line came
 * from. The strings live as long as the program.
 */
typedef enum asm_symbol_kind { ASM_SYMBOL_LABEL, ASM_SYMBOL_CONSTANT, ASM_SYMBOL_DEFINE } asm_symbol_kind;
typedef struct asm_symbol {
    const char *name;
    int64_t value;           /* a label's value is its store line */
    asm_symbol_kind kind;
    int line;                /* source line of the definition; 0 for -D */
} asm_symbol;

/* The name diagnostics use for the source ("-" is "<stdin>"). */
const char *asm_program_file(const asm_program *p);
/* Number of symbols, and symbol i (0 <= i < count) in definition order. */
size_t asm_program_nsymbols(const asm_program *p);
asm_symbol asm_program_symbol(const asm_program *p, size_t i);
/* The 1-based source line that put store line n (0..31) there: the line of
 * the statement (for a macro's output, the line that invoked it), or of a
 * literal's first use; 0 when nothing was assembled into line n. */
int asm_program_line_of(const asm_program *p, unsigned n);

/* The sidecar symbol file of `ssemasm -g` (docs/debugging.md): the line
 * table and the symbols, so a debugger knows an image's source. Returns 0,
 * or -1 on a stream error. */
int asm_program_write_symbols(const asm_program *p, FILE *out);
/* Where the sidecar of an image lives: its path with the extension
 * replaced by .sym (malloc'd; NULL on ENOMEM). */
char *asm_symbols_path(const char *image);

void asm_program_free(asm_program *p);

#endif
