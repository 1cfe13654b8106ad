/* test_isa.c: the ISA table, mnemonic lookup and word field accessors. */
#include <criterion/criterion.h>
#include <string.h>

#include "ssem_isa.h"
#include "ssem_word.h"

/* The facts the table must encode, written out independently of it. */
static const struct {
    const char *name;
    int func, sem;
    enum ssem_operand_kind opnd;
} want[SSEM_NFUNC] = {
    { "JMP", 0, 0, SSEM_OPND_REQ }, { "JRP", 1, 1, SSEM_OPND_REQ },
    { "LDN", 2, 2, SSEM_OPND_REQ }, { "STO", 3, 3, SSEM_OPND_REQ },
    { "SUB", 4, 4, SSEM_OPND_REQ }, { "SUB2", 5, 4, SSEM_OPND_REQ },
    { "CMP", 6, 6, SSEM_OPND_OPT }, { "STP", 7, 7, SSEM_OPND_OPT },
};

Test(isa_table, every_function_code)
{
    for (int f = 0; f < SSEM_NFUNC; f++) {
        cr_assert_str_eq(ssem_ops[f].mnemonic, want[f].name, "function %d", f);
        cr_assert_eq((int)ssem_ops[f].func, want[f].func);
        cr_assert_eq((int)ssem_ops[f].sem, want[f].sem, "semantics of %s", want[f].name);
        cr_assert_eq(ssem_ops[f].operand, want[f].opnd, "operand kind of %s", want[f].name);
        cr_assert(ssem_ops[f].meaning && *ssem_ops[f].meaning, "meaning of %s", want[f].name);
        cr_assert(ssem_ops[f].aliases != NULL);
    }
}

Test(isa_table, enum_matches_codes)
{
    cr_assert_eq(SSEM_JMP, 0);
    cr_assert_eq(SSEM_JRP, 1);
    cr_assert_eq(SSEM_LDN, 2);
    cr_assert_eq(SSEM_STO, 3);
    cr_assert_eq(SSEM_SUB, 4);
    cr_assert_eq(SSEM_SUB2, 5);
    cr_assert_eq(SSEM_CMP, 6);
    cr_assert_eq(SSEM_STP, 7);
    cr_assert_eq(ssem_ops[SSEM_SUB2].sem, SSEM_SUB, "function 5 runs SUB");
}

Test(isa_lookup, canonical_names)
{
    for (int f = 0; f < SSEM_NFUNC; f++)
        cr_assert_eq(ssem_op_lookup(want[f].name, strlen(want[f].name)), f, "%s", want[f].name);
}

Test(isa_lookup, aliases)
{
    static const struct { const char *s; int f; } al[] = {
        { "JPR", 1 }, { "JMR", 1 }, { "SKN", 6 }, { "STOP", 7 }, { "HLT", 7 },
    };
    for (size_t i = 0; i < sizeof al / sizeof al[0]; i++)
        cr_assert_eq(ssem_op_lookup(al[i].s, strlen(al[i].s)), al[i].f, "%s", al[i].s);
}

Test(isa_lookup, case_insensitive)
{
    static const struct { const char *s; int f; } cs[] = {
        { "ldn", 2 }, { "Ldn", 2 }, { "lDN", 2 }, { "sub2", 5 }, { "Sub2", 5 },
        { "skn", 6 }, { "sKn", 6 }, { "stop", 7 }, { "hlt", 7 }, { "jpr", 1 }, { "cmp", 6 },
    };
    for (size_t i = 0; i < sizeof cs / sizeof cs[0]; i++)
        cr_assert_eq(ssem_op_lookup(cs[i].s, strlen(cs[i].s)), cs[i].f, "%s", cs[i].s);
}

Test(isa_lookup, length_bounded)
{
    /* The lexer passes a token inside a longer line: only len bytes count. */
    cr_assert_eq(ssem_op_lookup("LDN 24", 3), 2);
    cr_assert_eq(ssem_op_lookup("STOP", 3), 3, "STO is a prefix of STOP");
    cr_assert_eq(ssem_op_lookup("SUB2", 3), 4);
    cr_assert_eq(ssem_op_lookup("SUB2", 4), 5);
}

Test(isa_lookup, unknown_names)
{
    static const char *const bad[] = {
        "", "L", "LD", "LDNN", "LDN ", " LDN", "NUM", "BIN", "EJA", "FOO", "JM", "JMPX",
        "SUB3", "SUB1", "ST", "HL", "STOPP", "JP", "SK", "J\0P",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        size_t n = i == sizeof bad / sizeof bad[0] - 1 ? 3 : strlen(bad[i]);
        cr_assert_eq(ssem_op_lookup(bad[i], n), -1, "'%s' must not be an instruction", bad[i]);
    }
}

Test(isa_word, field_layout)
{
    cr_assert_eq(SSEM_OPERAND_MASK, 0x1Fu);
    cr_assert_eq(SSEM_FUNC_MASK, 0xE000u);
    cr_assert_eq(SSEM_IGNORED_MASK, 0xFFFF1FE0u);
    cr_assert_eq(SSEM_WORDS, 32);
    cr_assert_eq(SSEM_BITS, 32);
}

Test(isa_word, accessors)
{
    cr_assert_eq(ssem_word_operand(0x4018u), 24);   /* LDN 24 */
    cr_assert_eq(ssem_word_func(0x4018u), 2);
    cr_assert_eq(ssem_word_operand(0xFFFFFFFFu), 31);
    cr_assert_eq(ssem_word_func(0xFFFFFFFFu), 7);
    cr_assert_eq(ssem_word_operand(0xFFFF1FE0u), 0, "ignored bits do not leak into n");
    cr_assert_eq(ssem_word_func(0xFFFF1FE0u), 0, "ignored bits do not leak into f");
    cr_assert_eq(ssem_word_func(0xA000u), 5);
}

Test(isa_word, make_round_trip)
{
    for (unsigned f = 0; f < 8; f++)
        for (unsigned n = 0; n < 32; n++) {
            uint32_t w = ssem_word_make(f, n);
            cr_assert_eq(w, (f << 13) | n);
            cr_assert_eq(ssem_word_func(w), f);
            cr_assert_eq(ssem_word_operand(w), n);
            cr_assert(ssem_word_is_clean(w));
        }
    cr_assert_eq(ssem_word_make(9, 33), ssem_word_make(1, 1), "fields are masked");
}

Test(isa_word, clean)
{
    cr_assert(ssem_word_is_clean(0));
    cr_assert(ssem_word_is_clean(0xE01Fu));
    cr_assert_not(ssem_word_is_clean(0x20u), "bit 5");
    cr_assert_not(ssem_word_is_clean(0x1000u), "bit 12");
    cr_assert_not(ssem_word_is_clean(0x10000u), "bit 16");
    cr_assert_not(ssem_word_is_clean(0x80000000u), "bit 31");
    cr_assert_not(ssem_word_is_clean(0xFFFFFFFFu));
}

Test(isa_word, line_of)
{
    cr_assert_eq(ssem_line_of(0), 0);
    cr_assert_eq(ssem_line_of(31), 31);
    cr_assert_eq(ssem_line_of(32), 0, "CI 32 fetches line 0 (CIRollover)");
    cr_assert_eq(ssem_line_of(0xFFFFFFFFu), 31);
}
