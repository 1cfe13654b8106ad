/* test_asm.h: helpers shared by the assembler suites: assemble a string, capture words, diagnostics, listing. */
#ifndef TEST_ASM_H
#define TEST_ASM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "asm.h"

typedef struct ta_result {
    bool ok;                  /* asm_assemble returned a program */
    uint32_t word[32];
    char *diag;               /* everything reported, NUL-terminated */
    size_t dlen;
    char *listing;            /* NULL unless ok */
    size_t llen;
    int errors, warnings;
} ta_result;

/* Assemble src (named "t.s" in diagnostics unless name is given). */
ta_result ta_asm_full(const char *src, size_t len, const char *name, const asm_define *defs,
                      size_t ndefs, bool werror);
/* The same with settings (dialect, warnings; NULL: the defaults). */
ta_result ta_asm_set(const char *src, size_t len, const char *name, const asm_define *defs,
                     size_t ndefs, const asm_settings *set, bool werror);
ta_result ta_asm(const char *src);
void ta_free(ta_result *r);

/* Assert that src fails with a diagnostic containing `msg` (and the
 * FILE:LINE:COL prefix `where`, e.g. "t.s:3:9: error: "). */
void ta_expect_error(const char *src, const char *where, const char *msg);


#endif
