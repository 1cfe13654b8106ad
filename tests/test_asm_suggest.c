/* test_asm_suggest.c: the "did you mean" of unknown mnemonics and undefined symbols, and its bounds. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_asm.h"

Test(asm_suggest, mnemonics_from_the_isa_table_and_macros)
{
    ta_expect_error("LDM 5\n", "t.s:1:1: error: ", "unknown mnemonic 'LDM'; did you mean 'LDN'?");
    ta_expect_error("ldm 5\n", "t.s:1:1: error: ", "unknown mnemonic 'ldm'; did you mean 'LDN'?");
    ta_expect_error("SOTP\n", "t.s:1:1: error: ", "unknown mnemonic 'SOTP'; did you mean 'STOP'?");
    ta_expect_error("addto MACRO a\nNUM a\nENDM\naddot 1\n", "t.s:4:1: error: ",
                    "unknown mnemonic 'addot'; did you mean 'addto'?");
    /* Macro names are matched without case, as mnemonics are. */
    ta_expect_error("Addto MACRO\nENDM\nadto\n", "t.s:3:1: error: ",
                    "unknown mnemonic 'adto'; did you mean 'Addto'?");
    /* One edit from a short name: "y" for "yy", but "x" is no "y". */
    ta_expect_error("yy: NUM 1\nSUB y\nSTP\n", "t.s:2:5: error: ",
                    "undefined symbol 'y'; did you mean 'yy'?");
    ta_result r = ta_asm("y: NUM 1\nSUB x\nSTP\n");
    cr_assert(strstr(r.diag, "t.s:2:5: error: undefined symbol 'x'\n"), "%s", r.diag);
    ta_free(&r);
    r = ta_asm("FROB 5\n");
    cr_assert(strstr(r.diag, "t.s:1:1: error: unknown mnemonic 'FROB'\n"), "%s", r.diag);
    ta_free(&r);
}

Test(asm_suggest, symbols)
{
    ta_expect_error("loop: NUM 1\nJMP lop\n", "t.s:2:5: error: ",
                    "undefined symbol 'lop'; did you mean 'loop'?");
    ta_expect_error("loop: NUM 1\nJMP Loop\n", "t.s:2:5: error: ",
                    "undefined symbol 'Loop'; did you mean 'loop'?");
    ta_expect_error("limit EQU 3\nNUM limti\n", "t.s:2:5: error: ",
                    "undefined symbol 'limti'; did you mean 'limit'?");
    /* One letter is no typo of another, and a macro's local labels are
     * nobody's spelling. */
    const char *none[] = { "x EQU 1\nNUM y\n", "m MACRO\nlp: NUM 0\nENDM\nm\nNUM lp1\n" };
    for (size_t i = 0; i < sizeof none / sizeof none[0]; i++) {
        ta_result r = ta_asm(none[i]);
        cr_assert(!r.ok);
        cr_assert(strstr(r.diag, "error: undefined symbol '"), "%s", r.diag);
        cr_assert(!strstr(r.diag, "did you mean"), "%s", r.diag);
        ta_free(&r);
    }
}

/* The search is bounded: with 50,000 symbols the work allowed for a run is
 * spent after a few misses, and the rest are reported without a guess. */
Test(asm_suggest, bounded_work)
{
    size_t cap = 50000 * 20 + 64 * 16;
    char *src = malloc(cap), *p = src;
    for (int i = 0; i < 50000; i++)
        p += sprintf(p, "s%05d EQU %d\n", i, i);
    for (int i = 0; i < 30; i++)
        p += sprintf(p, "NUM s%05dx\n", i);
    ta_result r = ta_asm(src);
    cr_assert(!r.ok);
    cr_assert_eq(r.errors, 30, "%s", r.diag);
    cr_assert(strstr(r.diag, "undefined symbol 's00000x'; did you mean '"), "%s", r.diag);
    cr_assert(strstr(r.diag, "undefined symbol 's00029x'\n"), "the last one still got a guess");
    ta_free(&r);
    free(src);
}
