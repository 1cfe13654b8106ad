/* bench_native_check.c: ssem-bench --quick's check of the native row: Kilburn's routine in C against the reference for every budget, many P, and in lockstep. */
#include <inttypes.h>
#include <stdio.h>

#include "bench.h"

static bool native_agrees(const emu_machine *start, const emu_machine *t, uint64_t budget,
                          const char *origin)
{
    emu_machine v = *start;
    char why[256];
    if (bench_native_kilburn(&v, budget) != 0) {
        bench_native_fits(&v, why, sizeof why);
        fprintf(stderr, "ssem-bench: native refused %s: %s\n", origin, why);
        return false;
    }
    if (emu_machine_equal(&v, t, why, sizeof why))
        return true;
    fprintf(stderr, "ssem-bench: native on %s, budget %" PRIu64 ": %s (native vs reference)\n",
            origin, budget, why);
    return false;
}

/* Kilburn's routine on P, run by native from the start for budget n and
 * compared with the reference after n steps: for every n up to `every`,
 * then every `stride` steps, and at the end (the STP, or `cap` steps for a
 * P on which the routine never halts); then stepped one instruction at a
 * time in lockstep when `lockstep`. */
static bool check_p(const bench_prog *k, int64_t p, uint64_t cap, uint64_t every,
                    uint64_t stride, bool lockstep, uint64_t *budgets)
{
    bench_prog q = *k;
    q.value[BENCH_QUICK] = p;
    emu_machine start, t;
    char origin[600], why[256];
    if (bench_load(&q, BENCH_QUICK, &start, origin, sizeof origin) != 0)
        return false;
    if (!bench_native_fits(&start, why, sizeof why)) {
        fprintf(stderr, "ssem-bench: %s is not the routine native translates: %s\n", origin, why);
        return false;
    }
    t = start;
    for (uint64_t n = 0;; n++) {
        bool end = t.halted || n == cap;
        if (n <= every || n % stride == 0 || end) {
            if (!native_agrees(&start, &t, n, origin))
                return false;
            ++*budgets;
        }
        if (end)
            break;
        emu_step(&t);
    }
    /* a budget past the STP stops at it, like a run until STP */
    for (uint64_t extra = 1; t.halted && extra <= 40; extra++, ++*budgets)
        if (!native_agrees(&start, &t, t.steps + extra, origin))
            return false;
    if (t.halted && !native_agrees(&start, &t, UINT64_MAX, origin))
        return false;
    if (lockstep) {
        uint64_t bad = emu_lockstep(&bench_native_engine, &start, t.steps + 1, why, sizeof why);
        if (bad) {
            fprintf(stderr, "ssem-bench: native on %s in lockstep: %s\n", origin, why);
            return false;
        }
    }
    return true;
}

bool bench_native_check(const bench_prog *kilburn)
{
    static const struct {
        int64_t p;
        uint64_t cap, every, stride;
        bool lockstep;
    } runs[] = {
        { 1009, UINT64_MAX, UINT64_MAX, 1, true },      /* the quick size: every budget */
        { 10007, UINT64_MAX, 2000, 9973, true },        /* the callgrind size */
        { 262144, UINT64_MAX, 300, 99991, false },      /* the 1948 run, 2,097,154 steps */
        { 2, UINT64_MAX, UINT64_MAX, 1, true },         /* tiny primes and composites */
        { 3, UINT64_MAX, UINT64_MAX, 1, true },
        { 4, UINT64_MAX, UINT64_MAX, 1, true },
        { 9, UINT64_MAX, UINT64_MAX, 1, true },
        { 97, UINT64_MAX, UINT64_MAX, 1, true },
        /* no proper divisor to find: b = 0 or negative, never halts */
        { 1, 3000, UINT64_MAX, 1, true },
        { 0, 3000, UINT64_MAX, 1, true },
        { -5, 3000, UINT64_MAX, 1, true },
    };
    uint64_t budgets = 0;
    for (size_t i = 0; i < sizeof runs / sizeof runs[0]; i++)
        if (!check_p(kilburn, runs[i].p, runs[i].cap, runs[i].every, runs[i].stride,
                     runs[i].lockstep, &budgets))
            return false;
    printf("native: ends exactly as reference on kilburn for %" PRIu64 " budgets "
           "(P = 1009 every budget to the STP, 10007, 262144, 2, 3, 4, 9, 97; 1, 0, -5 for "
           "3000 steps), and in lockstep\n",
           budgets);
    return true;
}
