/* test_asm_debuginfo.c: what the assembler tells a debugger: symbols, and the source line of every store line. */
#include <criterion/criterion.h>
#include <string.h>

#include "asm.h"

static asm_program *assemble(const char *src)
{
    ssem_diag d;
    ssem_diag_init(&d, stderr);
    asm_program *p = asm_assemble(src, strlen(src), "dbg.s", NULL, &d);
    cr_assert(p, "did not assemble");
    return p;
}

Test(asm_debuginfo, lines_and_symbols)
{
    asm_program *p = assemble("; a comment line\n"
                              "two MACRO x\n"
                              "  SUB x\n"
                              "  SUB x\n"
                              "  ENDM\n"
                              "k EQU 3\n"
                              "start: LDN =k\n"
                              "  two one\n"
                              "  STP\n"
                              "one: NUM 1\n");
    cr_assert_str_eq(asm_program_file(p), "dbg.s");
    cr_assert_eq(asm_program_line_of(p, 0), 7);
    cr_assert_eq(asm_program_line_of(p, 1), 8);   /* a macro's output: the invoking line */
    cr_assert_eq(asm_program_line_of(p, 2), 8);
    cr_assert_eq(asm_program_line_of(p, 3), 9);
    cr_assert_eq(asm_program_line_of(p, 4), 10);
    cr_assert_eq(asm_program_line_of(p, 5), 0);   /* nothing assembled there */
    cr_assert_eq(asm_program_line_of(p, 31), 7);  /* the literal: its first use */
    cr_assert_eq(asm_program_line_of(p, 32), 0);

    bool saw_start = false, saw_k = false, saw_one = false;
    for (size_t i = 0; i < asm_program_nsymbols(p); i++) {
        asm_symbol s = asm_program_symbol(p, i);
        if (!strcmp(s.name, "start")) {
            saw_start = true;
            cr_assert_eq(s.kind, ASM_SYMBOL_LABEL);
            cr_assert_eq(s.value, 0);
            cr_assert_eq(s.line, 7);
        } else if (!strcmp(s.name, "k")) {
            saw_k = true;
            cr_assert_eq(s.kind, ASM_SYMBOL_CONSTANT);
            cr_assert_eq(s.value, 3);
            cr_assert_eq(s.line, 6);
        } else if (!strcmp(s.name, "one")) {
            saw_one = true;
            cr_assert_eq(s.value, 4);
        }
    }
    cr_assert(saw_start && saw_k && saw_one);
    asm_program_free(p);
}
