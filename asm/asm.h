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

void asm_program_free(asm_program *p);

#endif
