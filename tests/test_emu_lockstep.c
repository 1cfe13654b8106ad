/* test_emu_lockstep.c: random stores under the interp/lockstep checker for every engine, exact step budgets, split runs. */
#include <criterion/criterion.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "emu.h"
#include "emu_predecode.h"
#include "ssem_isa.h"
#include "test_emu.h"

static unsigned scaled(unsigned n)
{
    return temu_san() ? n / 8 + 1 : n;
}

Test(emu_lockstep, random_stores_every_engine_every_step, .timeout = 120)
{
    size_t ne;
    const emu_engine *const *list = emu_engine_list(&ne);
    unsigned programs = scaled(3000);
    /* One failure per engine is reported; the other engines still run. */
    for (size_t k = 1; k < ne; k++) {   /* list[0] is the reference itself */
        temu_rng r = { 0x9E3779B97F4A7C15ull ^ k };
        for (unsigned i = 0; i < programs; i++) {
            emu_machine m;
            temu_random_machine(&r, &m);
            uint64_t steps = 200 + temu_below(&r, 800);
            char why[300];
            uint64_t bad = emu_lockstep(list[k], &m, steps, why, sizeof why);
            if (bad) {
                cr_expect(false, "random program %u (stream %zu): %s", i, k, why);
                break;
            }
        }
    }
}

/* Lockstep steps one at a time, which never lets an engine use a fused or
 * block handler; here V runs random chunks and interp(V) must still equal
 * T (and be consistent) after each chunk. */
Test(emu_lockstep, random_chunks_every_engine, .timeout = 120)
{
    size_t ne;
    const emu_engine *const *list = emu_engine_list(&ne);
    unsigned programs = scaled(1000);
    for (size_t k = 1; k < ne; k++) {
        temu_rng r = { 0xC0FFEEull + k };
        bool failed = false;
        for (unsigned i = 0; i < programs && !failed; i++) {
            emu_machine t, v;
            temu_random_machine(&r, &t);
            emu_vm vm;
            cr_assert_eq(emu_vm_open(&vm, list[k], &t), 0);
            for (unsigned chunk = 0; chunk < 40 && !failed; chunk++) {
                uint64_t n = 1 + temu_below(&r, 64);
                for (uint64_t s = 0; s < n; s++)
                    emu_step(&t);
                emu_vm_run(&vm, n);
                char why[300], diff[200];
                if (!emu_vm_state(&vm, &v, why, sizeof why)) {
                    cr_expect(false, "%s, program %u, chunk %u: %s", list[k]->name, i, chunk, why);
                    failed = true;
                } else if (!emu_machine_equal(&v, &t, diff, sizeof diff)) {
                    cr_expect(false, "%s, program %u, chunk %u (%" PRIu64 " steps): %s",
                              list[k]->name, i, chunk, n, diff);
                    failed = true;
                }
                if (t.halted)
                    break;
            }
            emu_vm_close(&vm);
        }
    }
}

/* The machine the checker starts from matters too: halted and mid-run states. */
Test(emu_lockstep, halted_start_and_running_start)
{
    size_t ne;
    const emu_engine *const *list = emu_engine_list(&ne);
    emu_machine m;
    emu_machine_init(&m, NULL);
    m.store[5] = ssem_word_make(SSEM_STP, 0);
    m.ci = 5;
    m.steps = 41;
    m.halted = true;
    for (size_t k = 0; k < ne; k++) {
        char why[300];
        cr_expect_eq(emu_lockstep(list[k], &m, 10, why, sizeof why), 0, "%s", why);
        emu_machine got = m;
        cr_assert_eq(emu_run(list[k], &got, 100), 0);
        cr_expect(emu_machine_equal(&got, &m, why, sizeof why), "%s: halted machine moved: %s",
                  list[k]->name, why);
    }
}

/* An engine stopped at N steps equals the reference stopped at N, and
 * run(a) then run(b) equals run(a + b). */
static bool budget_case(const emu_engine *e, unsigned i, const emu_machine *m,
                        const emu_machine *want, uint64_t n, uint64_t a)
{
    emu_machine got;
    char why[300], diff[200];
    if (!temu_run(e, m, n, &got, why, sizeof why)) {
        cr_expect(false, "%s, program %u: %s", e->name, i, why);
        return false;
    }
    if (!emu_machine_equal(&got, want, diff, sizeof diff)) {
        cr_expect(false, "%s, program %u, %" PRIu64 " steps: %s", e->name, i, n, diff);
        return false;
    }
    emu_vm vm;
    cr_assert_eq(emu_vm_open(&vm, e, m), 0);
    emu_vm_run(&vm, a);
    emu_vm_run(&vm, n - a);
    bool ok = emu_vm_state(&vm, &got, why, sizeof why);
    emu_vm_close(&vm);
    if (!ok) {
        cr_expect(false, "%s, program %u: %s", e->name, i, why);
        return false;
    }
    if (!emu_machine_equal(&got, want, diff, sizeof diff)) {
        cr_expect(false, "%s, program %u, run(%" PRIu64 ") + run(%" PRIu64 "): %s", e->name, i, a,
                  n - a, diff);
        return false;
    }
    return true;
}

Test(emu_lockstep, exact_step_budgets_and_split_runs, .timeout = 120)
{
    size_t ne;
    const emu_engine *const *list = emu_engine_list(&ne);
    bool failed[64] = { false };
    temu_rng r = { 12345 };
    unsigned programs = scaled(1500);
    for (unsigned i = 0; i < programs; i++) {
        emu_machine m, want;
        temu_random_machine(&r, &m);
        uint64_t n = temu_below(&r, 3000);
        uint64_t a = n ? temu_below(&r, (uint32_t)n + 1) : 0;
        want = m;
        for (uint64_t s = 0; s < n; s++)
            emu_step(&want);
        for (size_t k = 0; k < ne && k < 64; k++)
            if (!failed[k])
                failed[k] = !budget_case(list[k], i, &m, &want, n, a);
    }
}

/* Reloading an engine from a mid-run T-state continues as if uninterrupted. */
Test(emu_lockstep, reload_mid_run)
{
    size_t ne;
    const emu_engine *const *list = emu_engine_list(&ne);
    bool failed[64] = { false };
    temu_rng r = { 777 };
    for (unsigned i = 0; i < scaled(300); i++) {
        emu_machine m, want, got;
        char diff[200];
        temu_random_machine(&r, &m);
        want = m;
        for (int s = 0; s < 1000; s++)
            emu_step(&want);
        for (size_t k = 0; k < ne && k < 64; k++) {
            if (failed[k])
                continue;
            got = m;
            int rc1 = emu_run(list[k], &got, 400);
            int rc2 = emu_run(list[k], &got, 600);
            if (rc1 || rc2) {
                cr_expect(false, "%s, program %u: emu_run %d %d (-2: inconsistent)",
                          list[k]->name, i, rc1, rc2);
                failed[k] = true;
            } else if (!emu_machine_equal(&got, &want, diff, sizeof diff)) {
                cr_expect(false, "%s, program %u: %s", list[k]->name, i, diff);
                failed[k] = true;
            }
        }
    }
}

/* The predecoding engines count exactly one re-decode per executed STO. */
Test(emu_lockstep, redecodes_count_stores)
{
    static const char *const caching[] = { "threaded",   "switch-predecoded",   "call",
                                           "replicated", "tailcall", "tailcall-replicated" };
    temu_rng r = { 4242 };
    for (unsigned i = 0; i < scaled(200); i++) {
        emu_machine m, t;
        temu_random_machine(&r, &m);
        t = m;
        uint64_t stores = 0;
        for (int s = 0; s < 2000 && !t.halted; s++) {
            uint32_t w = t.store[ssem_line_of(t.ci + 1)];
            if (ssem_word_func(w) == SSEM_STO)
                stores++;
            emu_step(&t);
        }
        for (size_t k = 0; k < sizeof caching / sizeof caching[0]; k++) {
            const emu_engine *e = emu_engine_find(caching[k]);
            if (!e)
                continue;   /* tailcall is absent without musttail */
            emu_vm vm;
            emu_counters c;
            cr_assert_eq(emu_vm_open(&vm, e, &m), 0);
            emu_vm_run(&vm, 2000);
            cr_assert(e->counters);
            e->counters(vm.ctx, &c);
            emu_vm_close(&vm);
            cr_expect_eq(c.redecodes, stores, "%s: %" PRIu64 " re-decodes for %" PRIu64 " STOs",
                         e->name, c.redecodes, stores);
        }
    }
}

/* --- the checker itself must catch a stale cache ------------------------------
 * A deliberately broken V machine: predecoded like the real ones, but its
 * STO forgets to re-decode. The lockstep must name the step after which
 * the cache went stale, not merely some later wrong result. */
#define STALE_TOK(k) ((const void *)(uintptr_t)((k) + 1))
static const void *const stale_tok[EMU_PD_STRIDE] = {
    STALE_TOK(0), STALE_TOK(1), STALE_TOK(2), STALE_TOK(3), STALE_TOK(4),
    STALE_TOK(5), STALE_TOK(6), STALE_TOK(7), STALE_TOK(EMU_PD_BREAK),
};

static void stale_load(void *ctx, const emu_machine *t)
{
    emu_pd_load(ctx, t, stale_tok, 0);
}

static void stale_run(void *ctx, uint64_t max_steps)
{
    emu_pd *p = ctx;
    emu_machine *m = &p->m;
    for (uint64_t i = 0; i < max_steps && !m->halted; i++) {
        m->ci++;
        const emu_pd_line *e = &p->code[ssem_line_of(m->ci)];
        uint32_t n = e->n;
        m->steps++;
        switch (e->h - 1) {
        case SSEM_JMP: m->ci = m->store[n]; break;
        case SSEM_JRP: m->ci += m->store[n]; break;
        case SSEM_LDN: m->a = 0u - m->store[n]; break;
        case SSEM_STO: m->store[n] = m->a; break;   /* the bug: no re-decode */
        case SSEM_SUB: case SSEM_SUB2: m->a -= m->store[n]; break;
        case SSEM_CMP: m->ci += m->a >> 31; break;
        default: m->halted = true; break;
        }
    }
}

static const emu_engine stale_engine = {
    .name = "stale", .summary = "broken on purpose", .ctx_size = sizeof(emu_pd),
    .load = stale_load, .run = stale_run, .interp = emu_pd_interp, .counters = NULL,
};

Test(emu_lockstep, checker_catches_a_stale_cache)
{
    emu_machine m;
    emu_machine_init(&m, NULL);
    m.store[1] = ssem_word_make(SSEM_LDN, 20);
    m.store[2] = ssem_word_make(SSEM_SUB, 21);
    m.store[3] = ssem_word_make(SSEM_SUB, 21);
    m.store[4] = ssem_word_make(SSEM_STO, 6);    /* step 4 makes the cache stale */
    m.store[5] = ssem_word_make(SSEM_LDN, 21);
    m.store[6] = ssem_word_make(SSEM_JMP, 22);
    m.store[20] = 0u - ssem_word_make(SSEM_STP, 0);
    char why[300];
    uint64_t bad = emu_lockstep(&stale_engine, &m, 100, why, sizeof why);
    cr_expect_eq(bad, 4, "first difference reported at step %" PRIu64 ": %s", bad, why);
    cr_expect(strstr(why, "line 6") != NULL, "%s", why);

    /* emu_run refuses to hand back a state the engine cannot vouch for. */
    emu_machine copy = m;
    cr_expect_eq(emu_run(&stale_engine, &copy, 10), -2);
    cr_expect(emu_machine_equal(&copy, &m, why, sizeof why), "m changed: %s", why);

    /* And a corrupted cache in a real engine is reported by its interp. */
    const emu_engine *t = emu_engine_find("threaded");
    cr_assert(t);
    emu_vm vm;
    emu_machine got;
    cr_assert_eq(emu_vm_open(&vm, t, &m), 0);
    cr_expect(emu_vm_state(&vm, &got, why, sizeof why), "%s", why);
    ((emu_pd *)vm.ctx)->code[6].n ^= 1;
    cr_expect(!emu_vm_state(&vm, &got, why, sizeof why));
    cr_expect(strstr(why, "line 6") != NULL, "%s", why);
    emu_vm_close(&vm);

    /* In the replicated engine a handler copied for another line is stale
     * too, even though it runs the right instruction. */
    m.store[0] = ssem_word_make(SSEM_LDN, 20);   /* same function as line 1 */
    static const char *const replicated[] = { "replicated", "tailcall-replicated" };
    for (size_t k = 0; k < sizeof replicated / sizeof replicated[0]; k++) {
        const emu_engine *rep = emu_engine_find(replicated[k]);
        if (!rep)
            continue;   /* tailcall-replicated needs musttail */
        cr_assert_eq(emu_vm_open(&vm, rep, &m), 0);
        cr_expect(emu_vm_state(&vm, &got, why, sizeof why), "%s", why);
        ((emu_pd *)vm.ctx)->code[1].h = ((emu_pd *)vm.ctx)->code[0].h;
        cr_expect(!emu_vm_state(&vm, &got, why, sizeof why), "%s: line 0's LDN copy in line 1 "
                  "not caught", rep->name);
        cr_expect(strstr(why, "line 1") != NULL, "%s", why);
        emu_vm_close(&vm);
    }
}
