/* test_asm_macro.c: MACRO/ENDM: parameters, labels local to each expansion, nesting limits, misuse, diagnostics inside expansions. */
#include <criterion/criterion.h>
#include <string.h>

#include "ssem_word.h"
#include "test_asm.h"

#define W(f, n) ssem_word_make((f), (n))

Test(asm_macro, parameters_are_substituted)
{
    ta_result r = ta_asm("add MACRO x, y, sum\n"
                         "        LDN x\n"
                         "        SUB y\n"
                         "        STO sum\n"
                         "        ENDM\n"
                         "        add a, b+0, (c)\n"
                         "        STP\n"
                         "a: NUM 1\nb: NUM 2\nc: NUM 0\n");
    cr_assert(r.ok, "%s", r.diag);
    cr_assert_eq(r.word[0], W(2, 4));
    cr_assert_eq(r.word[1], W(4, 5));
    cr_assert_eq(r.word[2], W(3, 6));
    cr_assert_eq(r.word[3], W(7, 0));
    ta_free(&r);
}

Test(asm_macro, names_are_case_insensitive_keywords_and_bits_params)
{
    ta_result r = ta_asm("word macro bits\nBIN bits\nendm\nword 0001\nword 1\n");
    cr_assert(r.ok, "%s", r.diag);
    cr_assert_eq(r.word[0], 8u);
    cr_assert_eq(r.word[1], 1u);
    ta_free(&r);
}

Test(asm_macro, labels_local_to_each_expansion)
{
    ta_result r = ta_asm("count MACRO n\n"
                         "top:    LDN n\n"
                         "        JMP back\n"
                         "back:   EJA top\n"
                         "        ENDM\n"
                         "        count 30\n"
                         "        count 31\n");
    cr_assert(r.ok, "%s", r.diag);
    cr_assert_eq(r.word[0], W(2, 30));
    cr_assert_eq(r.word[1], W(0, 2));
    cr_assert_eq(r.word[2], 0xFFFFFFFFu);   /* top-1 = -1 */
    cr_assert_eq(r.word[3], W(2, 31));
    cr_assert_eq(r.word[4], W(0, 5));
    cr_assert_eq(r.word[5], 2u);
    cr_assert(strstr(r.listing, "top@1"), "%s", r.listing);
    cr_assert(strstr(r.listing, "top@2"), "%s", r.listing);
    ta_free(&r);
}

Test(asm_macro, labels_and_line_number_on_the_invocation)
{
    ta_result r = ta_asm("two MACRO\nNUM 1\nNUM 2\nENDM\n10: here: two\nLDN here\n");
    cr_assert(r.ok, "%s", r.diag);
    cr_assert_eq(r.word[10], 1u);
    cr_assert_eq(r.word[11], 2u);
    cr_assert_eq(r.word[12], W(2, 10));
    ta_free(&r);
}

Test(asm_macro, nested_invocations)
{
    ta_result r = ta_asm("neg MACRO s, d\nLDN s\nSTO d\nENDM\n"
                         "copy MACRO s, d\nneg s, d\nneg d, d\nENDM\n"
                         "copy 20, 21\n");
    cr_assert(r.ok, "%s", r.diag);
    cr_assert_eq(r.word[0], W(2, 20));
    cr_assert_eq(r.word[1], W(3, 21));
    cr_assert_eq(r.word[2], W(2, 21));
    cr_assert_eq(r.word[3], W(3, 21));
    ta_free(&r);
}

Test(asm_macro, recursion_is_bounded)
{
    ta_result r = ta_asm("loop MACRO\nNUM 1\nloop\nENDM\nloop\n");
    cr_assert(!r.ok);
    cr_assert(strstr(r.diag, "t.s:3:1: error: macro 'loop' nested more than 32 deep"), "%s", r.diag);
    ta_free(&r);
    /* Fan-out recursion stops too, quickly. */
    r = ta_asm("f MACRO\nf\nf\nENDM\nf\n");
    cr_assert(!r.ok);
    cr_assert(r.errors < 5, "%s", r.diag);
    ta_free(&r);
}

Test(asm_macro, misuse)
{
    ta_expect_error("m MACRO a\nNUM a\nENDM\nm\n", "t.s:4:1: error: ",
                    "macro 'm' takes 1 argument, 0 given");
    ta_expect_error("m MACRO a\nNUM a\nENDM\nm 1, 2\n", "t.s:4:1: error: ",
                    "macro 'm' takes 1 argument, 2 given");
    ta_expect_error("m MACRO a, b\nNUM a\nENDM\nm 1,\n", "t.s:4:5: error: ",
                    "empty argument 2 to macro 'm'");
    ta_expect_error("ENDM\n", "t.s:1:1: error: ", "ENDM without MACRO");
    ta_expect_error("m MACRO\nNUM 1\n", "t.s:1:1: error: ", "macro 'm' has no ENDM");
    ta_expect_error("m MACRO\nENDM\nm MACRO\nENDM\n", "t.s:3:1: error: ", "macro 'm' redefined");
    ta_expect_error("m MACRO a a\nENDM\n", "t.s:1:11: error: ", "bad macro definition: expected ','");
    ta_expect_error("m MACRO a, a\nENDM\n", "t.s:1:12: error: ", "duplicate macro parameter 'a'");
    ta_expect_error("m MACRO 5\nENDM\n", "t.s:1:9: error: ", "bad macro definition: expected a parameter name");
    ta_expect_error("m MACRO\nn MACRO\nENDM\n", "t.s:2:1: error: ", "macro definitions cannot be nested");
    ta_expect_error("x: m MACRO\nENDM\n", "t.s:1:1: error: ", "a MACRO line cannot carry a line number or a label");
    ta_expect_error("m MACRO\nENDM 3\n", "t.s:2:6: error: ", "ENDM stands alone on its line");
    ta_expect_error("m 1\n", "t.s:1:1: error: ", "unknown mnemonic 'm'");
}

/* Expansion happens in one pass, so a use above the definition is an error;
 * it says what was meant and where the definition is. */
Test(asm_macro, used_before_its_definition)
{
    ta_result r = ta_asm("  m 1\nNUM 2\nm MACRO a\nNUM a\nENDM\n m 3\n");
    cr_assert(!r.ok);
    cr_assert_eq(r.errors, 1, "%s", r.diag);
    cr_assert(strstr(r.diag, "t.s:1:3: error: macro 'm' is used before its definition\n"), "%s", r.diag);
    cr_assert(strstr(r.diag, "t.s:3:1: note: 'm' is defined here; a macro must be defined "
                             "before it is used\n"),
              "%s", r.diag);
    ta_free(&r);
    /* A name defined nowhere is still an unknown mnemonic. */
    ta_expect_error("n 1\nm MACRO\nENDM\n", "t.s:1:1: error: ", "unknown mnemonic 'n'");
}

Test(asm_macro, errors_inside_an_expansion_name_the_body_and_the_call)
{
    ta_result r = ta_asm("ld MACRO x\n        LDN x\n        ENDM\n        NUM 0\n        ld 40\n");
    cr_assert(!r.ok);
    cr_assert(strstr(r.diag, "t.s:2:13: error: operand 40 is out of range (a store line, 0-31)\n"
                             "     2 |         LDN 40\n"
                             "       |             ^\n"
                             "t.s:5:9: note: in expansion of macro 'ld'\n"
                             "     5 |         ld 40\n"
                             "       |         ^\n"),
              "%s", r.diag);
    ta_free(&r);
}
