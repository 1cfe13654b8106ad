/* test_asm_util.c: the assembler suites' helpers (assemble from a string, a minimal JSON number reader). */
#include "test_asm.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

ta_result ta_asm_full(const char *src, size_t len, const char *name, const asm_define *defs,
                      size_t ndefs, bool werror)
{
    return ta_asm_set(src, len, name, defs, ndefs, NULL, werror);
}

ta_result ta_asm_set(const char *src, size_t len, const char *name, const asm_define *defs,
                     size_t ndefs, const asm_settings *set, bool werror)
{
    ta_result r = { 0 };
    FILE *mem = open_memstream(&r.diag, &r.dlen);
    cr_assert_not_null(mem);
    ssem_diag d;
    ssem_diag_init(&d, mem);
    d.werror = werror;
    asm_options opt = { defs, ndefs };
    asm_program *p = asm_assemble_ex(src, len, name ? name : "t.s", &opt, set, &d);
    fclose(mem);
    r.errors = d.errors;
    r.warnings = d.warnings;
    if (p) {
        r.ok = true;
        ssem_image img;
        asm_program_image(p, &img);
        memcpy(r.word, img.word, sizeof r.word);
        FILE *lm = open_memstream(&r.listing, &r.llen);
        cr_assert_not_null(lm);
        cr_assert_eq(asm_program_listing(p, lm), 0);
        fclose(lm);
        asm_program_free(p);
    }
    return r;
}

ta_result ta_asm(const char *src)
{
    return ta_asm_full(src, strlen(src), NULL, NULL, 0, false);
}

void ta_free(ta_result *r)
{
    free(r->diag);
    free(r->listing);
    memset(r, 0, sizeof *r);
}

void ta_expect_error(const char *src, const char *where, const char *msg)
{
    ta_result r = ta_asm(src);
    cr_assert(!r.ok, "assembled although it should fail with '%s':\n%s", msg, src);
    cr_assert(r.errors > 0);
    char want[512];
    snprintf(want, sizeof want, "%s%s", where, msg);
    cr_assert(strstr(r.diag, want), "wanted '%s' in:\n%s", want, r.diag);
    ta_free(&r);
}
