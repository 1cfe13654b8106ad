/* test_asm.c: unit tests of the assembly language: statements, dialect forms, expressions, symbols, literals, macros. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ssem_isa.h"
#include "ssem_word.h"
#include "test_asm.h"

#define W(f, n) ssem_word_make((f), (n))

static ta_result ok(const char *src)
{
    ta_result r = ta_asm(src);
    cr_assert(r.ok, "failed to assemble:\n%s\n%s", src, r.diag);
    return r;
}

Test(asm_lang, every_mnemonic_and_alias_from_the_isa_table)
{
    for (int f = 0; f < SSEM_NFUNC; f++) {
        char names[128];
        snprintf(names, sizeof names, "%s %s", ssem_ops[f].mnemonic, ssem_ops[f].aliases);
        for (char *tok = strtok(names, " "); tok; tok = strtok(NULL, " ")) {
            char src[64], lower[64];
            snprintf(src, sizeof src, "%s 17\n", tok);
            ta_result r = ok(src);
            cr_assert_eq(r.word[0], W((unsigned)f, 17), "%s", tok);
            ta_free(&r);
            /* Mnemonics are case-insensitive. */
            size_t i;
            for (i = 0; src[i]; i++)
                lower[i] = (char)(src[i] >= 'A' && src[i] <= 'Z' ? src[i] + 32 : src[i]);
            lower[i] = 0;
            r = ok(lower);
            cr_assert_eq(r.word[0], W((unsigned)f, 17), "%s", lower);
            ta_free(&r);
        }
    }
}

Test(asm_lang, sub2_is_function_5)
{
    ta_result r = ok("SUB2 3\n");
    cr_assert_eq(r.word[0], 0x0000A003u);
    ta_free(&r);
}

Test(asm_lang, optional_operands)
{
    ta_result r = ok("CMP\nSTP\nSKN\nHLT\nSTOP\nCMP 4\n");
    cr_assert_eq(r.word[0], W(6, 0));
    cr_assert_eq(r.word[1], W(7, 0));
    cr_assert_eq(r.word[2], W(6, 0));
    cr_assert_eq(r.word[3], W(7, 0));
    cr_assert_eq(r.word[4], W(7, 0));
    cr_assert_eq(r.word[5], W(6, 4));
    ta_free(&r);
    ta_expect_error("LDN\n", "t.s:1:1: error: ", "LDN needs an operand");
    ta_expect_error("jmp\n", "t.s:1:1: error: ", "JMP needs an operand");
}

Test(asm_lang, sequential_from_zero)
{
    ta_result r = ok("LDN 1\nSUB 2\nSTO 3\n");
    cr_assert_eq(r.word[0], W(2, 1));
    cr_assert_eq(r.word[1], W(4, 2));
    cr_assert_eq(r.word[2], W(3, 3));
    ta_free(&r);
}

Test(asm_lang, line_number_forms)
{
    ta_result r = ok("5: NUM 5\n06: NUM 6\n0007 NUM 7\n08 NUM 8\n0x1F NUM 31\n0x1e: NUM 30\n"
                     "0010 NUM 10\n11 : NUM 11\n");
    for (int i = 5; i <= 8; i++)
        cr_assert_eq(r.word[i], (uint32_t)i, "line %d", i);
    cr_assert_eq(r.word[10], 10u, "Sharp's 0010 is ten: no octal");
    cr_assert_eq(r.word[11], 11u);
    cr_assert_eq(r.word[30], 30u);
    cr_assert_eq(r.word[31], 31u);
    ta_free(&r);
    /* A line number with no statement just moves the location. */
    r = ok("28:  -- comment\nNUM 1\n");
    cr_assert_eq(r.word[28], 1u);
    ta_free(&r);
}

Test(asm_lang, sharp_count_line)
{
    ta_result r = ok("3\r\n0001 LDN 3\r\n0002 STP\r\n0003 NUM -1\r\n");
    cr_assert_eq(r.warnings, 0, "%s", r.diag);
    cr_assert_eq(r.word[0], 0u);
    cr_assert_eq(r.word[1], W(2, 3));
    cr_assert_eq(r.word[3], 0xFFFFFFFFu);
    ta_free(&r);
    /* 32 is a count here, not a line number. */
    r = ok("32\n0001 STP\n");
    cr_assert_eq(r.warnings, 1);
    cr_assert(strstr(r.diag, "t.s:1:1: warning: count line says 32 lines follow, but there are 1"),
              "%s", r.diag);
    ta_free(&r);
    r = ta_asm_full("2\n1 NUM 1\n", 10, NULL, NULL, 0, true);
    cr_assert(!r.ok, "-Werror makes the count warning fatal");
    cr_assert(strstr(r.diag, "t.s:1:1: error: count line"), "%s", r.diag);
    ta_free(&r);
    /* Only the first line with content can be a count line. */
    ta_expect_error("NUM 1\n40\n", "t.s:2:1: error: ", "line number 40 is outside the store (0-31)");
}

Test(asm_lang, comments_and_line_ends)
{
    ta_result r = ok("; semicolon\n-- dashes\n// slashes\n# hash\n\n   \t\n"
                     "NUM 1 ; c\r\nNUM 2 -- c\nNUM 3 // c\nNUM 4 # c\nNUM 5");
    for (int i = 0; i < 5; i++)
        cr_assert_eq(r.word[i], (uint32_t)i + 1);
    ta_free(&r);
    /* Bytes that are not ASCII are fine inside comments. */
    r = ok("NUM 7 ; \xe2\x80\x93" "b value\n");
    cr_assert_eq(r.word[0], 7u);
    ta_free(&r);
}

Test(asm_lang, numbers)
{
    ta_result r = ok("NUM -2147483648\nNUM 4294967295\nNUM 0x7fffFFFF\nNUM 0b101\nNUM -1\n"
                     "NUM 0\nNUM 0010\n");
    cr_assert_eq(r.word[0], 0x80000000u);
    cr_assert_eq(r.word[1], 0xFFFFFFFFu);
    cr_assert_eq(r.word[2], 0x7FFFFFFFu);
    cr_assert_eq(r.word[3], 5u);
    cr_assert_eq(r.word[4], 0xFFFFFFFFu);
    cr_assert_eq(r.word[6], 10u);
    ta_free(&r);
    ta_expect_error("NUM 4294967296\n", "t.s:1:5: error: ",
                    "value 4294967296 is out of the 32-bit range");
    ta_expect_error("NUM -2147483649\n", "t.s:1:5: error: ",
                    "value -2147483649 is out of the 32-bit range");
    ta_expect_error("NUM 99999999999999999999\n", "t.s:1:5: error: ", "integer constant '99999999999999999999' is too large");
    ta_expect_error("NUM 12ab\n", "t.s:1:5: error: ", "invalid number '12ab'");
    ta_expect_error("NUM 0x\n", "t.s:1:5: error: ", "invalid number '0x'");
    ta_expect_error("NUM 9223372036854775807*2\n", "t.s:1:24: error: ", "value out of range");
}

Test(asm_lang, bit_strings)
{
    ta_result r = ok("BIN 1\nBINS 01\nBNUM 00000000000000000000000000000001\nbin 111\n"
                     "BIN 11111111111111111111111111111111\n");
    cr_assert_eq(r.word[0], 1u, "leftmost digit is bit 0");
    cr_assert_eq(r.word[1], 2u);
    cr_assert_eq(r.word[2], 0x80000000u);
    cr_assert_eq(r.word[3], 7u);
    cr_assert_eq(r.word[4], 0xFFFFFFFFu);
    ta_free(&r);
    ta_expect_error("BIN 0120\n", "t.s:1:7: error: ", "bad bit string '0120'");
    ta_expect_error("BIN 000000000000000000000000000000001\n", "t.s:1:37: error: ",
                    "bad bit string: 33 digits");
    ta_expect_error("BIN\n", "t.s:1:4: error: ", "syntax error");
}

Test(asm_lang, eja_and_instructions_as_data)
{
    ta_result r = ok("tab: NUM 1\nendw: LDN tab+5\nEJA endw\nJMP 2\n");
    cr_assert_eq(r.word[1], W(2, 5));
    cr_assert_eq(r.word[2], 0u, "EJA endw holds endw-1");
    ta_free(&r);
    r = ok("EJA 0\n");
    cr_assert_eq(r.word[0], 0xFFFFFFFFu);
    ta_free(&r);
}

Test(asm_lang, operand_range_never_masked)
{
    ta_expect_error("LDN 32\n", "t.s:1:5: error: ", "operand 32 is out of range");
    ta_expect_error("x EQU 40\nSTO x\n", "t.s:2:5: error: ", "operand 40 is out of range");
    ta_expect_error("JMP -1\n", "t.s:1:5: error: ", "operand -1 is out of range");
    ta_expect_error("SUB 0x2000\n", "t.s:1:5: error: ", "operand 8192 is out of range");
}

Test(asm_expr, arithmetic_and_precedence)
{
    ta_result r = ok("NUM 1+2*3\nNUM (1+2)*3\nNUM -3-4\nNUM 7/2\nNUM -7/2\nNUM 10-2-3\n"
                     "NUM 2*-3\nNUM -(4)\nNUM +5\nNUM 100/10/5\n");
    int32_t want[] = { 7, 9, -7, 3, -3, 5, -6, -4, 5, 2 };
    for (int i = 0; i < 10; i++)
        cr_assert_eq((int32_t)r.word[i], want[i], "line %d", i);
    ta_free(&r);
    ta_expect_error("NUM 1/0\n", "t.s:1:6: error: ", "division by zero");
    ta_expect_error("NUM 1+\n", "t.s:1:7: error: ", "syntax error");
    ta_expect_error("NUM (1\n", "t.s:1:7: error: ", "syntax error");
}

Test(asm_expr, labels_constants_forward_references)
{
    ta_result r = ok("start: LDN x\nSUB y+1\nJMP end-1\nx: NUM size\ny: NUM 0\nNUM 0\n"
                     "size EQU end-start\nend:\n");
    cr_assert_eq(r.word[0], W(2, 3));
    cr_assert_eq(r.word[1], W(4, 5));
    cr_assert_eq(r.word[2], W(0, 5));
    cr_assert_eq(r.word[3], 6u);
    ta_free(&r);
    r = ok("a EQU b*2\nb EQU c+1\nc EQU 3\nNUM a\n");
    cr_assert_eq(r.word[0], 8u);
    ta_free(&r);
}

Test(asm_expr, symbol_errors)
{
    ta_expect_error("LDN nowhere\n", "t.s:1:5: error: ", "undefined symbol 'nowhere'");
    ta_expect_error("a EQU b\nb EQU a\n", "t.s:2:7: error: ", "circular definition of 'a'");
    ta_expect_error("x: NUM 1\nx: NUM 2\n", "t.s:2:1: error: ", "duplicate label 'x'");
    ta_expect_error("x: NUM 1\nx EQU 2\n", "t.s:2:1: error: ", "duplicate symbol 'x'");
    /* A label may be spelt like a mnemonic (rileym65's "num:"); past the
     * statement's first word it is a name. */
    ta_result m = ta_asm("sub: NUM 1\nNUM: LDN sub\nSTO NUM\nSTP\n");
    cr_assert(m.ok, "%s", m.diag);
    cr_assert_eq(m.word[1], W(2, 0));
    cr_assert_eq(m.word[2], W(3, 1));
    ta_free(&m);
    /* A constant with an error is reported even when nothing uses it. */
    ta_expect_error("unused EQU 1/0\n", "t.s:1:13: error: ", "division by zero");
    ta_result r = ta_asm("x: NUM 1\nx: NUM 2\n");
    cr_assert(strstr(r.diag, "t.s:1:1: note: 'x' was first defined here"), "%s", r.diag);
    ta_free(&r);
}

Test(asm_expr, labels_are_case_sensitive)
{
    ta_result r = ok("Loop: NUM 1\nloop: NUM 2\nLDN Loop\nLDN loop\n");
    cr_assert_eq(r.word[2], W(2, 0));
    cr_assert_eq(r.word[3], W(2, 1));
    ta_free(&r);
    ta_expect_error("loop: NUM 1\nLDN LOOP\n", "t.s:2:5: error: ", "undefined symbol 'LOOP'");
}

Test(asm_expr, label_binding)
{
    /* Alone on a line: the next statement; several labels may share one;
     * before or after a line number. */
    ta_result r = ok("a:\n\n; c\nb: c:\nNUM 9\nd: 7: NUM 1\n9: e: NUM 2\nLDN a\nLDN b\nLDN c\n"
                     "LDN d\nLDN e\nf:\n");
    cr_assert_eq(r.word[10], W(2, 0));
    cr_assert_eq(r.word[11], W(2, 0));
    cr_assert_eq(r.word[12], W(2, 0));
    cr_assert_eq(r.word[13], W(2, 7));
    cr_assert_eq(r.word[14], W(2, 9));
    cr_assert(strstr(r.listing, "f  ") || strstr(r.listing, "f "), "%s", r.listing);
    ta_free(&r);
}

Test(asm_expr, command_line_defines)
{
    asm_define defs[] = { { "N", 5 }, { "NEG", -2 } };
    const char *src = "NUM N\nNUM NEG\nLDN N+1\n";
    ta_result r = ta_asm_full(src, strlen(src), NULL, defs, 2, false);
    cr_assert(r.ok, "%s", r.diag);
    cr_assert_eq(r.word[0], 5u);
    cr_assert_eq(r.word[1], 0xFFFFFFFEu);
    cr_assert_eq(r.word[2], W(2, 6));
    ta_free(&r);
    src = "N EQU 3\n";
    r = ta_asm_full(src, strlen(src), NULL, defs, 1, false);
    cr_assert(!r.ok);
    cr_assert(strstr(r.diag, "t.s:1:1: error: 'N' is already defined on the command line"),
              "%s", r.diag);
    ta_free(&r);
}

Test(asm_literal, pool_from_the_top_deduplicated)
{
    ta_result r = ok("NUM 0\nloop: LDN =5\nSUB =5\nJMP =loop-1\nSTO =-1\nLDN =4294967295\n");
    cr_assert_eq(r.word[1], W(2, 31));
    cr_assert_eq(r.word[2], W(4, 31));
    cr_assert_eq(r.word[3], W(0, 30));
    cr_assert_eq(r.word[4], W(3, 29));
    cr_assert_eq(r.word[5], W(2, 29), "-1 and 4294967295 are the same word");
    cr_assert_eq(r.word[31], 5u);
    cr_assert_eq(r.word[30], 0u, "=loop-1 is 0 here");
    cr_assert_eq(r.word[29], 0xFFFFFFFFu);
    ta_free(&r);
    /* It skips lines the program uses and takes forward references. */
    r = ok("JMP =target-1\n31: NUM 7\n5: target: STP\n");
    cr_assert_eq(r.word[0], W(0, 30));
    cr_assert_eq(r.word[30], 4u);
    cr_assert(strstr(r.listing, "literal pool"), "%s", r.listing);
    ta_free(&r);
}

Test(asm_literal, store_full)
{
    char src[2048] = "LDN =12345\n";
    for (int i = 1; i < 32; i++)
        strcat(src, "NUM 0\n");
    ta_expect_error(src, "t.s:1:5: error: ", "no free store line for the literal =12345");
    ta_expect_error("LDN =4294967296\n", "t.s:1:6: error: ", "value 4294967296 is out of the 32-bit range");
}

Test(asm_layout, two_statements_on_one_line)
{
    ta_expect_error("3: NUM 1\n3: NUM 2\n", "t.s:2:4: error: ", "two statements on store line 3");
    ta_result r = ta_asm("NUM 1\n0: NUM 2\n");
    cr_assert(strstr(r.diag, "t.s:1:1: note: line 0 was first given here"), "%s", r.diag);
    ta_free(&r);
}

Test(asm_layout, store_overflow)
{
    char src[2048] = "";
    for (int i = 0; i < 34; i++)
        strcat(src, "NUM 0\n");
    ta_result r = ta_asm(src);
    cr_assert(!r.ok);
    cr_assert(strstr(r.diag, "t.s:33:1: error: store overflow: no line 32"), "%s", r.diag);
    cr_assert_eq(r.errors, 1, "reported once:\n%s", r.diag);
    ta_free(&r);
    ta_expect_error("31: NUM 0\nNUM 1\n", "t.s:2:1: error: ", "store overflow");
    ta_expect_error("32: NUM 0\n", "t.s:1:1: error: ", "line number 32 is outside the store");
}

Test(asm_layout, every_error_in_one_run)
{
    ta_result r = ta_asm("FOO\nLDN 99\nNUM 1 2\nBIN 2\nLDN zz\n?\nNUM 5\n");
    cr_assert(!r.ok);
    cr_assert_eq(r.errors, 6, "%s", r.diag);
    const char *want[] = { "t.s:1:1: error: unknown mnemonic 'FOO'",
                           "t.s:2:5: error: operand 99",
                           "t.s:3:7: error: syntax error",
                           "t.s:4:5: error: bad bit string",
                           "t.s:5:5: error: undefined symbol 'zz'",
                           "t.s:6:1: error: unexpected character '?'" };
    const char *at = r.diag;
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        const char *p = strstr(at, want[i]);
        cr_assert(p, "wanted '%s' (in order) in:\n%s", want[i], r.diag);
        at = p;
    }
    ta_free(&r);
}

Test(asm_layout, empty_source)
{
    ta_result r = ok("");
    for (int i = 0; i < 32; i++)
        cr_assert_eq(r.word[i], 0u);
    ta_free(&r);
}

Test(asm_diag, caret_under_the_column)
{
    ta_result r = ta_asm("\tLDN  nothing\n");
    cr_assert(strstr(r.diag, "t.s:1:7: error: undefined symbol 'nothing'\n"
                             "     1 | \tLDN  nothing\n"
                             "       | \t     ^\n"),
              "%s", r.diag);
    ta_free(&r);
}

Test(asm_diag, junk_is_reported_once_per_line)
{
    ta_result r = ta_asm("NUM 1 \x01\x02\x03 $$$\nNUM 2\n\xff\xfe\n");
    cr_assert(!r.ok);
    cr_assert_eq(r.errors, 2, "%s", r.diag);
    cr_assert(strstr(r.diag, "t.s:1:7: error: unexpected byte 0x01"), "%s", r.diag);
    cr_assert(strstr(r.diag, "t.s:3:1: error: unexpected byte 0xff"), "%s", r.diag);
    ta_free(&r);
}

/* A name is quoted in a message however long it is, so a long one has its
 * middle cut: a 100,000-byte label makes a line of a few hundred bytes. */
Test(asm_diag, long_names_are_cut_in_messages)
{
    size_t n = 100000;
    char *src = malloc(n + 16);
    memcpy(src, "NUM ", 4);
    memset(src + 4, 'q', n);
    memcpy(src + 4 + n, "z\n", 3);
    ta_result r = ta_asm(src);
    cr_assert_eq(r.errors, 1);
    size_t first = strcspn(r.diag, "\n");
    cr_assert_lt(first, 450, "%zu bytes", first);
    cr_assert(strncmp(r.diag, "t.s:1:5: error: undefined symbol 'qqq", 37) == 0, "%.80s", r.diag);
    cr_assert(strstr(r.diag, "qqq...qqq"), "%.*s", (int)first, r.diag);
    cr_assert(strncmp(r.diag + first - 5, "qqqz'", 5) == 0, "the end stays: %.*s", (int)first, r.diag);
    ta_free(&r);
    free(src);
}

/* A line with a syntax error records nothing: before LAC, "0: LDN LDN"
 * reduced the first LDN as an operand-less statement, which added "LDN needs
 * an operand" and then took store line 0 from the NUM below. */
Test(asm_diag, a_syntax_error_is_the_lines_only_error)
{
    ta_result r = ta_asm("0: LDN 1 2\n0: NUM 1\n");
    cr_assert(!r.ok);
    cr_assert_eq(r.errors, 1, "%s", r.diag);
    cr_assert(strstr(r.diag, "t.s:1:10: error: syntax error, unexpected number, "
                             "expecting an operator or end of line\n"),
              "%s", r.diag);
    ta_free(&r);
    r = ta_asm("STP STP\nSTP\nJMP 0\n");
    cr_assert_eq(r.errors, 1, "%s", r.diag);
    ta_free(&r);
}

/* A name followed by a statement was meant as a label: the dialects all
 * write labels with a colon, and the note says so. */
Test(asm_diag, a_label_without_its_colon_gets_a_hint)
{
    const char *heads[] = { "loop LDN 5\n", "loop NUM 5\n", "loop EJA 5\n", "loop BIN 101\n" };
    for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++) {
        ta_result r = ta_asm(heads[i]);
        cr_assert_eq(r.errors, 1, "%s", r.diag);
        cr_assert(strstr(r.diag, "t.s:1:6: error: syntax error, unexpected "), "%s", r.diag);
        cr_assert(strstr(r.diag, "t.s:1:1: note: if 'loop' is a label, write 'loop:'\n"), "%s", r.diag);
        ta_free(&r);
    }
    /* Not after anything else that fails. */
    ta_result r = ta_asm("x EQU 3 LDN\nSTO LDN\n");
    cr_assert_eq(r.errors, 2, "%s", r.diag);
    cr_assert(!strstr(r.diag, "is a label"), "%s", r.diag);
    ta_free(&r);
}

/* The expected tokens are named in groups, so the list stays within the
 * four items a message can carry and says what was meant. */
Test(asm_diag, syntax_errors_say_what_was_expected)
{
    ta_expect_error("NUM 1 2\n", "t.s:1:7: error: ",
                    "syntax error, unexpected number, expecting an operator or end of line");
    ta_expect_error("STO (3\n", "t.s:1:7: error: ",
                    "syntax error, unexpected end of line, expecting an operator or ')'");
    ta_expect_error("LDN 5,6\n", "t.s:1:6: error: ",
                    "syntax error, unexpected ',', expecting an operator or end of line");
    ta_expect_error("LDN ++\n", "t.s:1:7: error: ",
                    "syntax error, unexpected end of line, expecting an expression");
    ta_expect_error("x EQU\n", "t.s:1:6: error: ",
                    "syntax error, unexpected end of line, expecting an expression");
    ta_expect_error("BIN\n", "t.s:1:4: error: ",
                    "syntax error, unexpected end of line, expecting bit string");
}

Test(asm_diag, at_most_100_shown_all_counted)
{
    char src[4096] = "";
    for (int i = 0; i < 150; i++)
        strcat(src, "FOO\n");
    ta_result r = ta_asm(src);
    cr_assert(!r.ok);
    cr_assert_eq(r.errors, 150);
    cr_assert(strstr(r.diag, "t.s:100:1: error: unknown mnemonic 'FOO'"), "%s", r.diag);
    cr_assert(!strstr(r.diag, "t.s:101:1:"), "%s", r.diag);
    cr_assert(strstr(r.diag, "t.s: note: 50 more errors and warnings not shown\n"), "%s", r.diag);
    ta_free(&r);
}

Test(asm_expr, deep_chains_fail_cleanly)
{
    /* 100k constants, each defined by the next: no stack overflow. */
    size_t n = 100000, cap = n * 32;
    char *src = malloc(cap), *p = src;
    for (size_t i = 0; i < n; i++)
        p += sprintf(p, "a%zu EQU a%zu+1\n", i, i + 1);
    p += sprintf(p, "a%zu EQU 0\nNUM a0\n", n);
    ta_result r = ta_asm_full(src, (size_t)(p - src), NULL, NULL, 0, false);
    cr_assert(!r.ok);
    cr_assert(strstr(r.diag, "nested more than 10000 deep"), "%.300s", r.diag);
    cr_assert_lt(r.errors, 5);
    ta_free(&r);
    /* A long flat sum is a deep tree too. */
    p = src;
    p += sprintf(p, "NUM 0");
    for (size_t i = 0; i < n; i++)
        p += sprintf(p, "+1");
    p += sprintf(p, "\n");
    r = ta_asm_full(src, (size_t)(p - src), NULL, NULL, 0, false);
    cr_assert(!r.ok);
    cr_assert(strstr(r.diag, "nested more than 10000 deep"), "%.300s", r.diag);
    ta_free(&r);
    /* 3000 constants (6000 evaluation levels) are fine. */
    p = src;
    for (size_t i = 0; i < 3000; i++)
        p += sprintf(p, "a%zu EQU a%zu+1\n", i, i + 1);
    p += sprintf(p, "a3000 EQU 0\nNUM a0\n");
    r = ta_asm_full(src, (size_t)(p - src), NULL, NULL, 0, false);
    cr_assert(r.ok, "%.300s", r.diag);
    cr_assert_eq(r.word[0], 3000u);
    ta_free(&r);
    free(src);
}
