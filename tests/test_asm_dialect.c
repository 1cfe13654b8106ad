/* test_asm_dialect.c: what each dialect of docs/language.md adds, where two dialects disagree, DEFAULT and -D. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ssem_word.h"
#include "test_asm.h"

#define W(f, n) ssem_word_make((f), (n))

static ta_result with(const char *src, asm_dialect dialect)
{
    asm_settings set = { .dialect = dialect };
    return ta_asm_set(src, strlen(src), NULL, NULL, 0, &set, false);
}

/* gobaby numbers its lines for the reader; Sharp, pfaivre and emuStudio
 * place words by them. The same text, two meanings: --dialect decides. */
Test(asm_dialect, gobaby_line_numbers_place_nothing)
{
    const char *src = "01 LDN 3\n02 STP\n03 NUM 7\n";
    ta_result r = with(src, ASM_DIALECT_AUTO);
    cr_assert(r.ok, "%s", r.diag);
    cr_assert_eq(r.word[1], W(2, 3));
    cr_assert_eq(r.word[3], 7u);
    ta_free(&r);
    r = with(src, ASM_DIALECT_GOBABY);
    cr_assert(r.ok, "%s", r.diag);
    cr_assert_eq(r.word[0], W(2, 3));
    cr_assert_eq(r.word[1], W(7, 0));
    cr_assert_eq(r.word[2], 7u);
    ta_free(&r);
    cr_assert_eq(asm_dialect_from_name("gobaby"), ASM_DIALECT_GOBABY);
    cr_assert_eq(asm_dialect_from_name("klingon"), -1);
    cr_assert_str_eq(asm_dialect_name(ASM_DIALECT_RILEYM65), "rileym65");
}

/* SUB2 is pfaivre's function 5 unless the file defines a macro of that
 * name, as babyutils' programs do: then the macro wins. */
Test(asm_dialect, a_macro_shadows_an_alias)
{
    ta_result r = ta_asm("NUM 0\nSUB2 5\nSTP\n");
    cr_assert_eq(r.word[1], W(5, 5), "%s", r.diag);
    ta_free(&r);
    r = ta_asm("sub2 MACRO x\nSUB x\nSUB x\nENDM\nNUM 0\nSUB2 5\nSTP\n");
    cr_assert(r.ok, "%s", r.diag);
    cr_assert_eq(r.word[1], W(4, 5));
    cr_assert_eq(r.word[2], W(4, 5));
    ta_free(&r);
    /* Names are found without case, so two spellings are one macro. */
    ta_expect_error("m MACRO\nENDM\nM MACRO\nENDM\n", "t.s:3:1: error: ", "macro 'M' redefined");
}

Test(asm_dialect, babyutils_continuation_and_dollar)
{
    ta_result r = ta_asm("NUM $\\\n  + 1\nhere EQU $\nNUM here\nNUM $*2 ; a comment \\\nSTP\n");
    cr_assert(r.ok, "%s", r.diag);
    cr_assert_eq(r.word[0], 1u);
    cr_assert_eq(r.word[1], 1u);
    cr_assert_eq(r.word[2], 4u, "a backslash inside a comment continues nothing");
    cr_assert_eq(r.word[3], W(7, 0));
    ta_free(&r);
    /* The continued line is reported at its first line. */
    ta_expect_error("NUM 1 \\\n 2\n", "t.s:1:9: error: ", "syntax error");
}

Test(asm_dialect, rileym65_reference_table)
{
    /* The table may come before the uses; its words hold x itself. */
    ta_result r = ta_asm("org 0\ndw 0\njmp [a]\nrefs\njmp [b+1]\njmp [ a ]\na: dw 9\nb: equ 20\n");
    cr_assert(r.ok, "%s", r.diag);
    cr_assert_eq(r.word[1], W(0, 2));
    cr_assert_eq(r.word[2], 6u, "[a]");
    cr_assert_eq(r.word[3], 21u, "[b+1]");
    cr_assert_eq(r.word[4], W(0, 3));
    cr_assert_eq(r.word[5], W(0, 2), "[ a ] is [a]");
    cr_assert_eq(r.word[6], 9u);
    ta_free(&r);
    ta_expect_error("NUM 0\njmp [x]\nx: STP\n", "t.s:2:5: error: ",
                    "'[x]' refers to a reference table, but there is no 'refs' line");
    ta_expect_error("jmp [x]\nrefs\nrefs\nx: STP\n", "t.s:3:1: error: ", "a second 'refs' table");
    ta_expect_error("NUM 0\n.lst\nSTP\n", "t.s:2:1: error: ",
                    "unknown directive '.lst'; did you mean '.list'?");
    ta_expect_error("NUM 0\n.nowarn missing-stop\nSTP\n", "t.s:2:9: error: ",
                    "unknown warning 'missing-stop'; did you mean 'missing-stp'?");
    ta_expect_error("NUM 0\n  equ 5\n", "t.s:2:3: error: ", "EQU needs a name");
}

Test(asm_dialect, dundee_var_and_labels_like_mnemonics)
{
    ta_result r = ta_asm("VAR 0\nSTART: LDN X\nSTP\nX: VAR -2\nnum: dw 1\nsto: LDN num\n"
                         "default: LDN equ\nequ: SUB default\n");
    cr_assert(r.ok, "%s", r.diag);
    cr_assert_eq(r.word[1], W(2, 3));
    cr_assert_eq(r.word[3], (uint32_t)-2);
    cr_assert_eq(r.word[5], W(2, 4));
    cr_assert_eq(r.word[6], W(2, 7));
    cr_assert_eq(r.word[7], W(4, 6));
    ta_free(&r);
}

/* "NAME DEFAULT v" is v unless -D NAME=V says otherwise; EQU clashes. */
Test(asm_dialect, defaults_give_way_to_defines)
{
    const char *src = "size DEFAULT 5\nk: DEFAULT 2\nNUM size\nNUM k\n";
    ta_result r = ta_asm_full(src, strlen(src), NULL, NULL, 0, false);
    cr_assert(r.ok, "%s", r.diag);
    cr_assert_eq(r.word[0], 5u);
    cr_assert_eq(r.word[1], 2u);
    ta_free(&r);
    asm_define d = { "size", 9 };
    r = ta_asm_full(src, strlen(src), NULL, &d, 1, false);
    cr_assert(r.ok, "%s", r.diag);
    cr_assert_eq(r.word[0], 9u);
    ta_free(&r);
    const char *equ = "size EQU 5\nNUM size\n";
    r = ta_asm_full(equ, strlen(equ), NULL, &d, 1, false);
    cr_assert(!r.ok);
    cr_assert(strstr(r.diag, "t.s:1:1: error: 'size' is already defined on the command line (-D)"),
              "%s", r.diag);
    cr_assert(strstr(r.diag, "t.s:1:1: note: write 'size DEFAULT ...'"), "%s", r.diag);
    ta_free(&r);
}

Test(asm_dialect, store_images_are_not_source)
{
    const char *snp = "2\r\n0001:00000000000001110000000000000000\r\n0002:1\r\n";
    ta_result r = ta_asm_full(snp, strlen(snp), "p.snp", NULL, 0, false);
    cr_assert(!r.ok);
    cr_assert_eq(r.errors, 1, "%s", r.diag);
    cr_assert(strstr(r.diag, "p.snp: error: this is a store image (snp); ssemasm reads source\n"),
              "%s", r.diag);
    ta_free(&r);
}

Test(asm_dialect, warning_options)
{
    asm_warn_opts w = { 0 };
    cr_assert_eq(asm_warn_option(&w, "all"), 0);
    cr_assert_eq(asm_warn_option(&w, "no-jmp-label"), 0);
    cr_assert_eq(asm_warn_option(&w, "unused-macro"), 0);
    cr_assert_eq(asm_warn_option(&w, "jmp-lable"), -1);
    cr_assert(w.all);
    cr_assert_eq(w.set[ASM_W_JMP_LABEL], -1);
    cr_assert_eq(w.set[ASM_W_UNUSED_MACRO], 1);
    cr_assert_str_eq(asm_warning_suggest("jmp-lable"), "jmp-label");
}
