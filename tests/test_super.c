/* test_super.c: the superinstruction engines: fused patterns against the T machine at every chunk boundary, self-modification, budgets, stale-fusion detection. */
#include <criterion/criterion.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "asm.h"
#include "emu.h"
#include "emu_super.h"
#include "ssem_isa.h"
#include "test_emu.h"
#include "test_util.h"

/*
 * The generic engine tests (tests/test_emu*.c) already run super and
 * super-loop through the corpus, random lockstep and budgets. Lockstep
 * there runs one step per call, which never lets a fused handler run (a
 * pattern needs its whole length in the budget), so these tests run the
 * engines in chunks of 1..9 steps and compare with the reference at every
 * chunk boundary, on programs built to be full of patterns, with STOs
 * into the words a pattern covers, CI wrapping through a pattern, function
 * 5 inside patterns and Kilburn's loop in every variation.
 */

static const char *const sup_engines[] = { "super", "super-loop" };
/* ... and every engine built from the same handler text (super-tail
 * exists where clang's musttail does). */
static const char *const sup_text_engines[] = { "super", "super-loop", "super-tail" };
#define SUP_NTEXT (sizeof sup_text_engines / sizeof sup_text_engines[0])

static uint32_t w(unsigned f, unsigned n)
{
    return ssem_word_make(f, n);
}

static bool san(void)
{
    const char *s = getenv("SSEM_SAN");
    return s && strcmp(s, "1") == 0;
}

static void check_all(const uint32_t store[SSEM_WORDS], uint64_t total, uint64_t seed,
                      unsigned maxchunk, const char *what)
{
    emu_machine m;
    emu_machine_init(&m, store);
    for (size_t i = 0; i < SUP_NTEXT; i++) {
        const emu_engine *e = emu_engine_find(sup_text_engines[i]);
        if (!e && i >= 2)
            continue;   /* super-tail: no musttail in this build */
        cr_assert_not_null(e, "engine %s is not registered", sup_text_engines[i]);
        char why[400] = "";
        cr_assert(temu_chunked(e, &m, total, seed, maxchunk, why, sizeof why), "%s: %s", what, why);
    }
    /* What breaks a fusing engine breaks a translating one too. */
    const emu_engine *jit = emu_engine_find("jit");
    char why[400] = "";
    if (jit)
        cr_assert(temu_chunked(jit, &m, total, seed, maxchunk, why, sizeof why), "%s: %s", what, why);
}

Test(super_chunks, random_pattern_stores)
{
    uint64_t s = 0x5eed5eed1234ull;
    int n = san() ? 300 : 3000;
    for (int i = 0; i < n; i++) {
        uint32_t st[SSEM_WORDS];
        temu_pattern_store(&s, st);
        char what[64];
        snprintf(what, sizeof what, "random store #%d", i);
        check_all(st, 400, s, 9, what);
    }
}

Test(super_chunks, whole_runs_equal_reference)
{
    /* Long single runs: the fused handlers and super-loop's closed form
     * run unhindered by small budgets. */
    uint64_t s = 0xfeedbeefull;
    int n = san() ? 200 : 1500;
    for (int i = 0; i < n; i++) {
        uint32_t st[SSEM_WORDS];
        temu_pattern_store(&s, st);
        emu_machine t;
        emu_machine_init(&t, st);
        emu_run(&emu_engine_reference, &t, 5000);
        for (size_t k = 0; k < 2; k++) {
            emu_machine v;
            emu_machine_init(&v, st);
            cr_assert_eq(emu_run(emu_engine_find(sup_engines[k]), &v, 5000), 0);
            char why[256];
            cr_assert(emu_machine_equal(&v, &t, why, sizeof why), "%s, store #%d: %s",
                      sup_engines[k], i, why);
        }
    }
}

Test(super_selfmod, sto_rewrites_the_word_ahead_in_its_pattern)
{
    /* 1: LDN 20  2: STO 3  3: (rewritten) ... : the pattern at 1 covers 3,
     * so after the STO the engine must run the new word at 3, not the old. */
    uint32_t st[SSEM_WORDS] = { 0 };
    st[1] = w(SSEM_LDN, 20);
    st[2] = w(SSEM_STO, 3);
    st[3] = w(SSEM_SUB, 21);   /* replaced by -(S[20]) = STP */
    st[4] = w(SSEM_STP, 0);
    st[20] = (uint32_t)-(int32_t)w(SSEM_STP, 0);
    st[21] = 5;
    for (unsigned chunk = 1; chunk <= 5; chunk++)
        check_all(st, 10, chunk, chunk, "STO into a later word of the same pattern");
    emu_machine m;
    emu_machine_init(&m, st);
    cr_assert_eq(emu_run(emu_engine_find("super"), &m, 100), 0);
    cr_assert(m.halted);
    cr_assert_eq(m.steps, 3);
    cr_assert_eq(ssem_line_of(m.ci), 3);
}

Test(super_selfmod, sto_changes_only_an_operand_of_a_covered_word)
{
    /* An address walk: each turn rewrites the operand of the SUB at line 5
     * (inside the LDN SUB STO pattern at 4), through all 32 lines. */
    uint32_t st[SSEM_WORDS] = { 0 };
    st[1] = w(SSEM_LDN, 5);    /* A = -walk */
    st[2] = w(SSEM_SUB, 25);   /* A = -walk - 1 */
    st[3] = w(SSEM_STO, 26);
    st[4] = w(SSEM_LDN, 26);   /* A = walk + 1: next operand (carry into ignored bits) */
    st[5] = w(SSEM_SUB, 0);    /* the walked word: replaced next by the STO at 6 */
    st[6] = w(SSEM_STO, 5);
    st[7] = w(SSEM_LDN, 27);
    st[8] = w(SSEM_SUB, 28);
    st[9] = w(SSEM_JMP, 29);
    st[25] = 1;
    st[27] = 0;
    st[28] = 0;
    st[29] = 0;   /* JMP back to line 1 */
    check_all(st, 3000, 7, 9, "operand walk");
}

Test(super_selfmod, sto_changes_the_function_of_a_covered_word)
{
    /* Nightmare style: a STO turns the word after a pattern's first into
     * a different instruction every turn (SUB <-> CMP), so the pattern
     * starting before it must be undone and re-derived. */
    uint32_t st[SSEM_WORDS] = { 0 };
    st[1] = w(SSEM_LDN, 4);    /* A = -W */
    st[2] = w(SSEM_SUB, 20);   /* A = K - W: the other word */
    st[3] = w(SSEM_STO, 4);    /* rewrite line 4 */
    st[4] = w(SSEM_SUB, 21);   /* SUB 21 <-> CMP */
    st[5] = w(SSEM_LDN, 22);
    st[6] = w(SSEM_STO, 23);
    st[7] = w(SSEM_JMP, 24);
    st[20] = (uint32_t)-(int32_t)(w(SSEM_SUB, 21) + w(SSEM_CMP, 21));
    st[21] = 1;
    st[22] = 7;
    st[24] = 0;
    check_all(st, 2000, 11, 9, "function rewrite");
}

Test(super_budget, every_budget_stops_exactly)
{
    /* Stop at every step count inside fused runs, then continue. */
    uint32_t st[SSEM_WORDS] = { 0 };
    st[1] = w(SSEM_LDN, 20);
    st[2] = w(SSEM_SUB, 21);
    st[3] = w(SSEM_STO, 22);
    st[4] = w(SSEM_LDN, 22);
    st[5] = w(SSEM_SUB, 21);
    st[6] = w(SSEM_CMP, 0);
    st[7] = w(SSEM_JRP, 23);
    st[8] = w(SSEM_STP, 0);
    st[20] = 100;
    st[21] = 3;
    st[23] = (uint32_t)-7;   /* back to line 1 */
    emu_machine start;
    emu_machine_init(&start, st);
    for (size_t k = 0; k < 2; k++) {
        const emu_engine *e = emu_engine_find(sup_engines[k]);
        for (uint64_t n = 0; n <= 40; n++) {
            emu_machine t = start, v = start;
            for (uint64_t i = 0; i < n; i++)
                emu_step(&t);
            cr_assert_eq(emu_run(e, &v, n), 0);
            char why[256];
            cr_assert(emu_machine_equal(&v, &t, why, sizeof why), "%s stopped at %" PRIu64 ": %s",
                      e->name, n, why);
        }
    }
}

Test(super_wrap, pattern_across_line_31)
{
    /* 30: LDN 20  31: SUB 21  0: STO 22  1: JMP 23 -> 29: the triple at
     * 30 covers 30, 31, 0; CI keeps growing by 32 each turn. */
    uint32_t st[SSEM_WORDS] = { 0 };
    st[0] = w(SSEM_STO, 22);
    st[1] = w(SSEM_JRP, 23);
    st[30] = w(SSEM_LDN, 20);
    st[31] = w(SSEM_SUB2, 21);   /* function 5 inside the pattern */
    st[20] = 5;
    st[21] = 1;
    st[23] = 28;                 /* CI = 1 + 28 = 29 -> next line 30, CI grows */
    check_all(st, 500, 3, 9, "wrap");
    emu_machine m, t;
    emu_machine_init(&m, st);
    m.ci = 29;
    t = m;
    for (int i = 0; i < 400; i++)
        emu_step(&t);
    cr_assert_eq(emu_run(emu_engine_find("super"), &m, 400), 0);
    cr_assert_eq(m.ci, t.ci, "full-width CI %u vs %u", m.ci, t.ci);
    cr_assert_gt(t.ci, 1000u);
}

/* Kilburn's loop SUB d; CMP; JRP j at lines 2..4 with A from line 1. */
static void kilburn_loop(uint32_t st[SSEM_WORDS], uint32_t a0, uint32_t d, uint32_t j)
{
    memset(st, 0, SSEM_WORDS * sizeof st[0]);
    st[1] = w(SSEM_LDN, 20);
    st[2] = w(SSEM_SUB, 21);
    st[3] = w(SSEM_CMP, 0);
    st[4] = w(SSEM_JRP, 22);
    st[5] = w(SSEM_STP, 0);
    st[20] = (uint32_t)-a0;
    st[21] = d;
    st[22] = j;
}

Test(super_loop, closed_form_matches_every_variation)
{
    static const uint32_t a0s[] = { 0, 1, 2, 1000, 999999, 0x7fffffffu, 0x80000000u, 0xfffffff0u };
    static const uint32_t ds[] = { 1, 2, 3, 7, 1000, 0x40000000u, 0, 0xffffffffu, 0x80000000u };
    static const uint32_t js[] = { (uint32_t)-3, 29, 61, (uint32_t)-35, (uint32_t)-4, 5 };
    for (size_t x = 0; x < sizeof a0s / sizeof a0s[0]; x++)
        for (size_t y = 0; y < sizeof ds / sizeof ds[0]; y++)
            for (size_t z = 0; z < sizeof js / sizeof js[0]; z++) {
                uint32_t st[SSEM_WORDS];
                kilburn_loop(st, a0s[x], ds[y], js[z]);
                emu_machine start;
                emu_machine_init(&start, st);
                for (uint64_t budget = 1; budget < 30000; budget = budget * 3 + 1) {
                    emu_machine t = start, v = start;
                    emu_run(&emu_engine_reference, &t, budget);
                    cr_assert_eq(emu_run(emu_engine_find("super-loop"), &v, budget), 0);
                    char why[256];
                    cr_assert(emu_machine_equal(&v, &t, why, sizeof why),
                              "a0 %u d %u j %u budget %" PRIu64 ": %s", a0s[x], ds[y], js[z],
                              budget, why);
                }
                check_all(st, 200, x * 100 + y * 10 + z, 9, "kilburn loop chunks");
            }
}

Test(super_loop, a_long_loop_runs_to_its_end)
{
    uint32_t st[SSEM_WORDS];
    kilburn_loop(st, 999999, 1, (uint32_t)-3);
    emu_machine t, v;
    emu_machine_init(&t, st);
    v = t;
    emu_run(&emu_engine_reference, &t, UINT64_MAX);
    cr_assert(t.halted);
    cr_assert_eq(emu_run(emu_engine_find("super-loop"), &v, UINT64_MAX), 0);
    char why[256];
    cr_assert(emu_machine_equal(&v, &t, why, sizeof why), "%s", why);
}

Test(super_loop, kilburn_on_a_prime_from_the_bench_source)
{
    ssem_image img;
    cr_assert(temu_assemble("bench/kilburn.s", "P", 1009, img.word),
              "bench/kilburn.s (tests run from the top of the tree)");
    emu_machine t;
    emu_machine_init(&t, img.word);
    emu_run(&emu_engine_reference, &t, UINT64_MAX);
    cr_assert(t.halted);
    cr_assert_eq(t.store[27], 1, "1009 is prime: highest factor 1");
    for (size_t k = 0; k < 2; k++) {
        emu_machine v;
        emu_machine_init(&v, img.word);
        cr_assert_eq(emu_run(emu_engine_find(sup_engines[k]), &v, UINT64_MAX), 0);
        char why[256];
        cr_assert(emu_machine_equal(&v, &t, why, sizeof why), "%s: %s", sup_engines[k], why);
    }
    check_all(img.word, 20000, 99, 9, "kilburn 1009 in chunks");
}

Test(super_interp, detects_a_stale_fusion)
{
    uint32_t st[SSEM_WORDS] = { 0 };
    st[1] = w(SSEM_LDN, 20);
    st[2] = w(SSEM_SUB, 21);
    st[3] = w(SSEM_STO, 22);
    st[4] = w(SSEM_STP, 0);
    emu_machine m, v;
    emu_machine_init(&m, st);
    const emu_engine *e = emu_engine_find("super");
    emu_vm vm;
    cr_assert_eq(emu_vm_open(&vm, e, &m), 0);
    emu_vm_run(&vm, 1);   /* dispatching line 1 derives its pattern */
    emu_vm_close(&vm);
    cr_assert_eq(emu_vm_open(&vm, e, &m), 0);
    sup_ctx *c = vm.ctx;
    emu_vm_run(&vm, 3);
    char why[256];
    cr_assert(emu_vm_state(&vm, &v, why, sizeof why), "%s", why);
    cr_assert_neq(c->code[1].kind, SUP_K_DIRTY, "line 1 ran as code: derived");
    cr_assert_geq(c->code[1].len, 2, "LDN SUB ... is fused");
    /* A store change behind the engine's back: the cached pattern at 1
     * still says SUB at line 2. */
    c->m.store[2] = w(SSEM_LDN, 21);
    c->fn[2] = SSEM_LDN;
    cr_assert_not(emu_vm_state(&vm, &v, why, sizeof why));
    cr_assert(strstr(why, "stale fusion at line 1"), "why: %s", why);
    /* An operand change needs nothing (operands are read from the store). */
    c->m.store[2] = w(SSEM_SUB, 7);
    c->fn[2] = SSEM_SUB;
    cr_assert(emu_vm_state(&vm, &v, why, sizeof why), "%s", why);
    /* A function the store does not have. */
    c->m.store[2] = w(SSEM_CMP, 7);
    cr_assert_not(emu_vm_state(&vm, &v, why, sizeof why));
    cr_assert(strstr(why, "line 2: cached function"), "why: %s", why);
    emu_vm_close(&vm);
}

Test(super_profile, the_table_fuses_the_patterns_it_lists)
{
    /* Every listed pattern is picked, longest first, and no pattern puts a
     * control transfer anywhere but last. */
    cr_assert_eq(sup_pick[SSEM_SUB][SSEM_CMP][SSEM_JRP], SUP_K_SUB_CMP_JRP);
    cr_assert_eq(sup_pick[SSEM_SUB2][SSEM_CMP][SSEM_JRP], SUP_K_SUB_CMP_JRP, "function 5 is SUB");
    cr_assert_eq(sup_pick[SSEM_LDN][SSEM_SUB][SSEM_STO], SUP_K_LDN_SUB_STO);
    cr_assert_eq(sup_pick[SSEM_LDN][SSEM_SUB][SSEM_JMP], SUP_K_LDN_SUB);
    cr_assert_eq(sup_pick[SSEM_JMP][SSEM_LDN][SSEM_SUB], SUP_K_JMP);
    for (unsigned a = 0; a < SSEM_NFUNC; a++)
        for (unsigned b = 0; b < SSEM_NFUNC; b++)
            for (unsigned c = 0; c < SSEM_NFUNC; c++) {
                unsigned k = sup_pick[a][b][c], f[3] = { a, b, c };
                cr_assert_lt(k, SUP_NKINDS);
                cr_assert_neq(k, SUP_K_DIRTY);
                for (unsigned i = 0; i + 1 < sup_len[k]; i++) {
                    unsigned s = ssem_ops[f[i]].sem;
                    cr_assert(s == SSEM_LDN || s == SSEM_SUB || s == SSEM_STO || s == SSEM_CMP,
                              "%s: word %u of %u transfers control", sup_kind_name[k], i,
                              sup_len[k]);
                }
            }
}

/*
 * Breakpoints (emu_engine.set_breaks). The reference: before each step, a
 * run stops if the line it would fetch from is a break line, even on its
 * first step; the T-state is then as after the previous step.
 */
static uint64_t ref_run_breaks(emu_machine *m, uint32_t lines, uint64_t budget)
{
    uint64_t n = 0;
    while (n < budget && !m->halted && !(lines >> ((m->ci + 1) & SSEM_LINE_MASK) & 1)) {
        emu_step(m);
        n++;
    }
    return n;
}

/* A debugger's session on engine e: run with the breaks to a stop (budget
 * up to maxrun), compare with the reference, step off the break with the
 * breaks cleared, set them again, and so on; sometimes change the breaks. */
static void check_breaks(const char *ename, const uint32_t store[SSEM_WORDS], uint32_t lines,
                         uint64_t seed, unsigned rounds, unsigned maxrun, const char *what)
{
    const emu_engine *e = emu_engine_find(ename);
    if (!e)
        return;   /* super-tail: no musttail in this build */
    cr_assert_not_null(e->set_breaks, "%s has no set_breaks", ename);
    emu_machine t, v;
    emu_machine_init(&t, store);
    emu_vm vm;
    cr_assert_eq(emu_vm_open(&vm, e, &t), 0);
    char why[400];
    for (unsigned r = 0; r < rounds && !t.halted; r++) {
        uint64_t budget = 1 + temu_xorshift(&seed) % maxrun;
        e->set_breaks(vm.ctx, lines);
        ref_run_breaks(&t, lines, budget);
        emu_vm_run(&vm, budget);
        cr_assert(emu_vm_state(&vm, &v, why, sizeof why), "%s, %s, round %u: %s", ename, what, r,
                  why);
        cr_assert(emu_machine_equal(&v, &t, why, sizeof why),
                  "%s, %s, round %u (breaks %08x, budget %" PRIu64 "): %s", ename, what, r, lines,
                  budget, why);
        /* step off the break, as a debugger does */
        e->set_breaks(vm.ctx, 0);
        emu_step(&t);
        emu_vm_run(&vm, 1);
        if (temu_xorshift(&seed) % 8 == 0)
            lines ^= 1u << temu_xorshift(&seed) % SSEM_WORDS;
    }
    emu_vm_close(&vm);
}

Test(super_breaks, random_programs_and_breaks_match_the_reference)
{
    uint64_t s = 0xb4eab4eaull;
    int n = san() ? 100 : 800;
    for (int i = 0; i < n; i++) {
        uint32_t st[SSEM_WORDS];
        temu_pattern_store(&s, st);
        uint32_t lines = 0;
        for (unsigned k = temu_xorshift(&s) % 4; k > 0; k--)
            lines |= 1u << (1 + temu_xorshift(&s) % 27);
        char what[64];
        snprintf(what, sizeof what, "random store #%d", i);
        for (size_t k = 0; k < SUP_NTEXT; k++)
            check_breaks(sup_text_engines[k], st, lines, s + k, 40, 60, what);
    }
}

/* Open engine k of sup_text_engines on store; false when it is not built. */
static bool open_text_engine(size_t k, const uint32_t store[SSEM_WORDS], emu_vm *vm)
{
    const emu_engine *e = emu_engine_find(sup_text_engines[k]);
    if (!e)
        return false;
    emu_machine m;
    emu_machine_init(&m, store);
    cr_assert_eq(emu_vm_open(vm, e, &m), 0);
    return true;
}

/* Set the breaks, run, and read the T-state back (which must be sound). */
static void run_breaks(emu_vm *vm, uint32_t lines, uint64_t budget, emu_machine *v)
{
    vm->engine->set_breaks(vm->ctx, lines);
    emu_vm_run(vm, budget);
    char why[256];
    cr_assert(emu_vm_state(vm, v, why, sizeof why), "%s: %s", vm->engine->name, why);
}

Test(super_breaks, a_break_on_the_first_step_stops_before_it)
{
    uint32_t st[SSEM_WORDS] = { 0 };
    st[1] = w(SSEM_LDN, 20);
    st[2] = w(SSEM_SUB, 21);
    st[3] = w(SSEM_STO, 22);
    st[4] = w(SSEM_STP, 0);
    emu_machine m, v;
    emu_machine_init(&m, st);
    for (size_t k = 0; k < SUP_NTEXT; k++) {
        emu_vm vm;
        if (!open_text_engine(k, st, &vm))
            continue;
        run_breaks(&vm, 1u << 1, 100, &v);
        char why[256];
        cr_assert(emu_machine_equal(&v, &m, why, sizeof why), "%s: %s", vm.engine->name, why);
        cr_assert_eq(v.steps, 0, "%s ran past a break on its first step", vm.engine->name);
        emu_vm_close(&vm);
    }
}

Test(super_breaks, a_fused_pattern_stops_at_a_break_in_its_middle)
{
    /* LDN SUB STO at 1..3 is one fused handler; a break at 2 or 3 must stop
     * it after 1 or 2 steps, however large the budget. */
    uint32_t st[SSEM_WORDS] = { 0 };
    st[1] = w(SSEM_LDN, 20);
    st[2] = w(SSEM_SUB, 21);
    st[3] = w(SSEM_STO, 22);
    st[4] = w(SSEM_JMP, 23);   /* back to 1 */
    st[20] = 9;
    st[21] = 2;
    for (unsigned brk = 2; brk <= 3; brk++)
        for (size_t k = 0; k < SUP_NTEXT; k++) {
            emu_vm vm;
            if (!open_text_engine(k, st, &vm))
                continue;
            emu_machine t, v;
            emu_machine_init(&t, st);
            ref_run_breaks(&t, 1u << brk, 1000);
            cr_assert_eq(t.steps, brk - 1);
            run_breaks(&vm, 1u << brk, 1000, &v);
            char why[256];
            cr_assert(emu_machine_equal(&v, &t, why, sizeof why), "%s, break at %u: %s",
                      vm.engine->name, brk, why);
            /* the same once a turn without breaks has derived the fused entry */
            run_breaks(&vm, 0, 4 - (brk - 1), &v);   /* to the end of the first turn */
            run_breaks(&vm, 1u << brk, 1000, &v);
            cr_assert_eq(v.steps, 4 + brk - 1, "%s, break at %u, second turn", vm.engine->name,
                         brk);
            cr_assert_eq(ssem_line_of(v.ci), brk - 1);
            emu_vm_close(&vm);
        }
    check_breaks("super", st, 1u << 3, 5, 30, 20, "LDN SUB STO, break at 3");
}

Test(super_breaks, a_sto_into_a_break_line_keeps_the_break)
{
    /* 1: LDN 20  2: STO 5  3: SUB 21  4: SUB 21  5: (rewritten to STP)
     * break at 5: the STO changes its word and function, the run must
     * still stop before it; interp shows the new word. */
    uint32_t st[SSEM_WORDS] = { 0 };
    st[1] = w(SSEM_LDN, 20);
    st[2] = w(SSEM_STO, 5);
    st[3] = w(SSEM_SUB, 21);
    st[4] = w(SSEM_SUB, 21);
    st[5] = w(SSEM_SUB, 21);
    st[20] = (uint32_t)-(int32_t)w(SSEM_STP, 0);
    for (size_t k = 0; k < SUP_NTEXT; k++) {
        emu_vm vm;
        if (!open_text_engine(k, st, &vm))
            continue;
        emu_machine v;
        run_breaks(&vm, 1u << 5, 1000, &v);
        cr_assert_eq(v.steps, 4, "%s", vm.engine->name);
        cr_assert_eq(ssem_line_of(v.ci), 4);
        cr_assert_eq(v.store[5], w(SSEM_STP, 0));
        cr_assert_not(v.halted);
        /* cleared, the new word runs */
        run_breaks(&vm, 0, 1000, &v);
        cr_assert(v.halted, "%s", vm.engine->name);
        cr_assert_eq(v.steps, 5);
        emu_vm_close(&vm);
    }
    check_breaks("super", st, 1u << 5, 1, 10, 50, "STO into a break line");
    check_breaks("super-loop", st, (1u << 5) | (1u << 3), 2, 10, 50, "STO into a break line");
}

Test(super_breaks, kilburn_loop_with_a_break_inside_stops_every_turn)
{
    uint32_t st[SSEM_WORDS];
    kilburn_loop(st, 1000, 7, (uint32_t)-3);
    for (unsigned brk = 2; brk <= 4; brk++)
        for (size_t k = 0; k < SUP_NTEXT; k++)
            check_breaks(sup_text_engines[k], st, 1u << brk, brk, 60, 1000, "kilburn loop");
}
