/* test_emu_unit.c: per-instruction unit tests on tiny programs, stepped one at a time, for every registered engine. */
#include <criterion/criterion.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "emu.h"
#include "ssem_isa.h"
#include "test_emu.h"

#define W(f, n) ssem_word_make(SSEM_##f, (n))

/* After each of `nsteps` single steps the engine must agree with `want`
 * (checked after the last); the whole run in one call must agree too. */
typedef struct expect {
    uint32_t a, ci;
    uint64_t steps;
    bool halted;
    int line;          /* -1: no store check */
    uint32_t value;    /* expected store[line] */
} expect;

static void check_all_engines(const char *what, const emu_machine *start, unsigned nsteps,
                              const expect *want)
{
    size_t ne;
    const emu_engine *const *list = emu_engine_list(&ne);
    for (size_t k = 0; k < ne; k++) {
        const emu_engine *e = list[k];
        for (int mode = 0; mode < 2; mode++) {
            emu_vm vm;
            emu_machine got;
            char why[256];
            cr_assert_eq(emu_vm_open(&vm, e, start), 0);
            if (mode == 0)
                for (unsigned i = 0; i < nsteps; i++)
                    emu_vm_run(&vm, 1);
            else
                emu_vm_run(&vm, nsteps);
            bool ok = emu_vm_state(&vm, &got, why, sizeof why);
            emu_vm_close(&vm);
            const char *how = mode ? "one run" : "stepped";
            cr_assert(ok, "%s, %s, %s: interp: %s", what, e->name, how, why);
            cr_expect_eq(got.a, want->a, "%s, %s, %s: A = %#" PRIx32 ", want %#" PRIx32, what,
                         e->name, how, got.a, want->a);
            cr_expect_eq(got.ci, want->ci, "%s, %s, %s: CI = %#" PRIx32 ", want %#" PRIx32, what,
                         e->name, how, got.ci, want->ci);
            cr_expect_eq(got.steps, want->steps, "%s, %s, %s: steps = %" PRIu64 ", want %" PRIu64,
                         what, e->name, how, got.steps, want->steps);
            cr_expect_eq(got.halted, want->halted, "%s, %s, %s: halted = %d", what, e->name, how,
                         got.halted);
            if (want->line >= 0)
                cr_expect_eq(got.store[want->line], want->value,
                             "%s, %s, %s: line %d = %#" PRIx32 ", want %#" PRIx32, what, e->name,
                             how, want->line, got.store[want->line], want->value);
        }
    }
}

static emu_machine prog(uint32_t a, uint32_t ci)
{
    emu_machine m;
    emu_machine_init(&m, NULL);
    m.a = a;
    m.ci = ci;
    return m;
}

Test(emu_unit, ldn_negates)
{
    emu_machine m = prog(0, 0);
    m.store[1] = W(LDN, 20);
    m.store[20] = 5;
    check_all_engines("LDN", &m, 1, &(expect){ 0xFFFFFFFBu, 1, 1, false, 20, 5 });
    m.store[20] = 0x80000000u;   /* -INT32_MIN wraps to itself */
    check_all_engines("LDN INT32_MIN", &m, 1, &(expect){ 0x80000000u, 1, 1, false, -1, 0 });
}

Test(emu_unit, sub_subtracts_and_wraps)
{
    emu_machine m = prog(10, 0);
    m.store[1] = W(SUB, 20);
    m.store[20] = 3;
    check_all_engines("SUB", &m, 1, &(expect){ 7, 1, 1, false, -1, 0 });
    m.a = 0x80000000u;
    m.store[20] = 1;
    check_all_engines("SUB overflow", &m, 1, &(expect){ 0x7FFFFFFFu, 1, 1, false, -1, 0 });
    m.a = 0;
    check_all_engines("SUB below zero", &m, 1, &(expect){ 0xFFFFFFFFu, 1, 1, false, -1, 0 });
}

Test(emu_unit, function_5_is_sub)
{
    emu_machine m = prog(100, 0);
    m.store[1] = W(SUB2, 21);
    m.store[2] = W(SUB2, 21) | 0xABCD0000u;
    m.store[21] = 30;
    check_all_engines("SUB2", &m, 2, &(expect){ 40, 2, 2, false, -1, 0 });
}

Test(emu_unit, sto_stores_a)
{
    emu_machine m = prog(0x12345678u, 0);
    m.store[1] = W(STO, 20);
    check_all_engines("STO", &m, 1, &(expect){ 0x12345678u, 1, 1, false, 20, 0x12345678u });
}

Test(emu_unit, jmp_is_indirect_absolute)
{
    emu_machine m = prog(0, 0);
    m.store[1] = W(JMP, 20);
    m.store[20] = 9;            /* CI <- 9, so line 10 runs next */
    m.store[10] = W(LDN, 21);
    m.store[21] = 1;
    check_all_engines("JMP", &m, 1, &(expect){ 0, 9, 1, false, -1, 0 });
    check_all_engines("JMP then LDN", &m, 2, &(expect){ 0xFFFFFFFFu, 10, 2, false, -1, 0 });
}

Test(emu_unit, jrp_is_indirect_relative)
{
    emu_machine m = prog(0, 4);
    m.store[5] = W(JRP, 20);
    m.store[20] = 3;            /* CI 5 + 3 = 8 */
    check_all_engines("JRP", &m, 1, &(expect){ 0, 8, 1, false, -1, 0 });
    m.store[20] = 0xFFFFFFFEu;  /* backwards: 5 - 2 = 3 */
    check_all_engines("JRP back", &m, 1, &(expect){ 0, 3, 1, false, -1, 0 });
}

Test(emu_unit, cmp_skips_when_negative)
{
    emu_machine m = prog(0xFFFFFFFFu, 0);
    m.store[1] = W(CMP, 0);
    check_all_engines("CMP -1", &m, 1, &(expect){ 0xFFFFFFFFu, 2, 1, false, -1, 0 });
    m.a = 0x80000000u;
    check_all_engines("CMP INT32_MIN", &m, 1, &(expect){ 0x80000000u, 2, 1, false, -1, 0 });
    m.a = 0;
    check_all_engines("CMP 0", &m, 1, &(expect){ 0, 1, 1, false, -1, 0 });
    m.a = 0x7FFFFFFFu;
    check_all_engines("CMP INT32_MAX", &m, 1, &(expect){ 0x7FFFFFFFu, 1, 1, false, -1, 0 });
}

Test(emu_unit, stp_halts_and_counts)
{
    emu_machine m = prog(7, 0);
    m.store[1] = W(LDN, 20);
    m.store[2] = W(STP, 0);
    m.store[20] = 1;
    /* Asking for more steps changes nothing: a halted machine does nothing. */
    check_all_engines("STP", &m, 2, &(expect){ 0xFFFFFFFFu, 2, 2, true, -1, 0 });
    check_all_engines("STP, then more", &m, 5, &(expect){ 0xFFFFFFFFu, 2, 2, true, -1, 0 });
}

Test(emu_unit, zero_steps_does_nothing)
{
    emu_machine m = prog(3, 17);
    m.store[18] = W(STP, 0);
    check_all_engines("0 steps", &m, 0, &(expect){ 3, 17, 0, false, -1, 0 });
}

Test(emu_unit, ci_wraps_through_the_store)
{
    emu_machine m = prog(0, 31);   /* CI 32 fetches line 0 */
    m.store[0] = W(LDN, 20);
    m.store[20] = 2;
    check_all_engines("CI 31 -> 32", &m, 1, &(expect){ 0xFFFFFFFEu, 32, 1, false, -1, 0 });
    m.ci = 0xFFFFFFFFu;            /* and CI itself wraps mod 2^32 */
    check_all_engines("CI 2^32-1 -> 0", &m, 1, &(expect){ 0xFFFFFFFEu, 0, 1, false, -1, 0 });
    m.ci = 100;                    /* 101 mod 32 = 5 */
    m.store[5] = W(STP, 0);
    check_all_engines("CI 100", &m, 1, &(expect){ 0, 101, 1, true, -1, 0 });
}

Test(emu_unit, jmp_to_a_large_value_keeps_ci_whole)
{
    emu_machine m = prog(0, 0);
    m.store[1] = W(JMP, 20);
    m.store[20] = 0xFFFFFFFFu;      /* next fetch: CI 0, line 0 */
    m.store[0] = W(STP, 0);
    check_all_engines("JMP 2^32-1", &m, 2, &(expect){ 0, 0, 2, true, -1, 0 });
    m.store[20] = 0x12345661u;      /* + 1 = ...62, line 2 */
    m.store[2] = W(STP, 0);
    check_all_engines("JMP big", &m, 2, &(expect){ 0, 0x12345662u, 2, true, -1, 0 });
}

Test(emu_unit, ignored_bits_are_ignored)
{
    emu_machine m = prog(0, 0);
    m.store[1] = W(LDN, 20) | SSEM_IGNORED_MASK;   /* every ignored bit set */
    m.store[2] = W(SUB, 21) | 0x00001FE0u;          /* bits 5..12 */
    m.store[3] = W(STP, 9) | 0xFFFF0000u;           /* bits 16..31 */
    m.store[20] = 5;
    m.store[21] = 6;
    check_all_engines("ignored bits", &m, 3, &(expect){ 0xFFFFFFF5u, 3, 3, true, -1, 0 });
}

/* A STO that writes an instruction into the line about to run. */
Test(emu_unit, sto_into_the_next_line_is_seen)
{
    emu_machine m = prog(0, 0);
    m.store[1] = W(LDN, 20);      /* A = -S[20] = the STP word */
    m.store[2] = W(STO, 3);       /* line 3 becomes STP */
    m.store[3] = W(JMP, 21);      /* would loop back to 1 */
    m.store[20] = 0u - (W(STP, 0) | 0xF0000000u);
    m.store[21] = 0;
    check_all_engines("STO next", &m, 3, &(expect){ W(STP, 0) | 0xF0000000u, 3, 3, true, 3,
                                                    W(STP, 0) | 0xF0000000u });
}

/* A STO into the very line that executes it, then a loop back to it. */
Test(emu_unit, sto_into_itself_then_loop)
{
    emu_machine m = prog(0, 0);
    m.store[1] = W(LDN, 20);      /* A = LDN 22 as a word */
    m.store[2] = W(STO, 2);       /* line 2 overwrites itself with LDN 22 */
    m.store[3] = W(JMP, 21);      /* back to line 2 (CI <- 1) */
    m.store[20] = 0u - W(LDN, 22);
    m.store[21] = 1;
    m.store[22] = 0xFFFFFFF9u;    /* LDN 22 gives 7 */
    check_all_engines("STO self", &m, 4, &(expect){ 7, 2, 4, false, 2, W(LDN, 22) });
}

/* Data stored into a line that held code, and code made from data. */
Test(emu_unit, sto_changes_function_and_operand)
{
    emu_machine m = prog(0, 0);
    m.store[1] = W(LDN, 20);
    m.store[2] = W(STO, 4);       /* line 4: SUB 23 -> CMP, ignored bits set */
    m.store[3] = W(LDN, 21);      /* A = -1: the CMP will skip */
    m.store[4] = W(SUB, 23);
    m.store[5] = W(STP, 0);
    m.store[6] = W(STP, 0);
    m.store[20] = 0u - (W(CMP, 7) | 0x00AB0100u);
    m.store[21] = 1;
    check_all_engines("STO -> CMP", &m, 5, &(expect){ 0xFFFFFFFFu, 6, 5, true, 4,
                                                      W(CMP, 7) | 0x00AB0100u });
}
