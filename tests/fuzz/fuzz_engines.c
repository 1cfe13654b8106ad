/* fuzz_engines.c: libFuzzer differential target: a random machine state run on every engine must match the reference exactly. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emu.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Budgets go to 5000 steps; the step-by-step interp check (the expensive
 * part: a full state comparison per step) covers the first LOCKSTEP_MAX of
 * them, the whole-run and split-run comparisons all of them. */
enum { MAX_BUDGET = 5000, LOCKSTEP_MAX = 512 };

static uint32_t take32(const uint8_t **p, size_t *n)
{
    uint32_t v = 0;
    for (int i = 0; i < 4; i++) {
        v |= (uint32_t)(*n ? **p : 0) << (8 * i);
        if (*n) {
            (*p)++;
            (*n)--;
        }
    }
    return v;
}

static void die(const char *engine, const char *what, uint64_t step, const char *why)
{
    fprintf(stderr, "engine %s differs from reference (%s) at step %llu: %s\n", engine, what,
            (unsigned long long)step, why);
    abort();
}

/* FUZZ_SKIP_ENGINES=a,b leaves known-broken engines out of a campaign so the
 * others keep being searched while a finding waits for its fix. */
static char skip_list[256];
static bool skip_ready;

static void init_skip(void)
{
    if (skip_ready)
        return;
    skip_ready = true;
    const char *s = getenv("FUZZ_SKIP_ENGINES");
    if (s)
        snprintf(skip_list, sizeof skip_list, ",%s,", s);
}

static bool skipped(const char *name)
{
    char key[80];
    snprintf(key, sizeof key, ",%s,", name);
    return skip_list[0] && strstr(skip_list, key) != NULL;
}

/* emu_run's -2 means interp(V) was inconsistent: a finding, not a skip. */
static void run_or_die(const emu_engine *e, emu_machine *m, uint64_t steps)
{
    int rc = emu_run(e, m, steps);
    if (rc == -1) {
        fprintf(stderr, "out of memory\n");
        abort();
    }
    if (rc != 0)
        die(e->name, "emu_run: interp found the engine state inconsistent", steps, "");
}

/*
 * Input layout (short inputs are zero-padded, so every byte string is a
 * state): 32 little-endian store words, A, CI, a 16-bit step budget
 * (mod MAX_BUDGET + 1), a 16-bit split point. Store first means the seeds
 * can be plain 128-byte .bin images.
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *p = data;
    size_t n = size;
    uint32_t store[SSEM_WORDS];
    for (int i = 0; i < SSEM_WORDS; i++)
        store[i] = take32(&p, &n);
    emu_machine start;
    emu_machine_init(&start, store);
    start.a = take32(&p, &n);
    start.ci = take32(&p, &n);
    uint32_t ctl = take32(&p, &n);
    uint64_t budget = (ctl & 0xFFFFu) % (MAX_BUDGET + 1);
    uint64_t split = budget ? (ctl >> 16) % (budget + 1) : 0;

    /* T: the reference, run in one go. */
    emu_machine want = start;
    run_or_die(&emu_engine_reference, &want, budget);

    size_t ne = 0;
    init_skip();
    /* The step-by-step check is most of the cost: one input in eight runs
     * it on every engine, the others on one engine picked by the input's
     * bytes (so coverage of each engine's paths still steers the search). */
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < size; i++)
        h = (h ^ data[i]) * 16777619u;
    const emu_engine *const *engines = emu_engine_list(&ne);
    if (ne < 2)
        return 0;   /* only the reference: nothing to compare */
    char why[512];
    for (size_t k = 0; k < ne; k++) {
        const emu_engine *e = engines[k];
        if (e == &emu_engine_reference || skipped(e->name))
            continue;

        /* Step by step, interp(V) == T after every step. */
        if ((h & 7) == 0 || k == 1 + (h >> 3) % (ne - 1)) {
            why[0] = '\0';
            uint64_t bad = emu_lockstep(e, &start, budget < LOCKSTEP_MAX ? budget : LOCKSTEP_MAX, why, sizeof why);
            if (bad)
                die(e->name, "lockstep", bad, why);
        }

        /* One long run: engines that fuse or translate blocks take paths
         * that single steps never reach. */
        emu_machine got = start;
        run_or_die(e, &got, budget);
        if (!emu_machine_equal(&got, &want, why, sizeof why))
            die(e->name, "single run", budget, why);

        /* The same budget in two pieces: stopping at an arbitrary step and
         * resuming from interp(V) must not change anything. */
        emu_vm vm;
        if (emu_vm_open(&vm, e, &start) != 0)
            abort();
        emu_vm_run(&vm, split);
        emu_machine mid;
        if (!emu_vm_state(&vm, &mid, why, sizeof why))
            die(e->name, "interp after split", split, why);
        emu_vm_run(&vm, budget - split);
        emu_machine fin;
        if (!emu_vm_state(&vm, &fin, why, sizeof why))
            die(e->name, "interp after resume", budget, why);
        emu_vm_close(&vm);
        if (!emu_machine_equal(&fin, &want, why, sizeof why))
            die(e->name, "split run", budget, why);

        emu_machine half = start;
        run_or_die(&emu_engine_reference, &half, split);
        if (!emu_machine_equal(&mid, &half, why, sizeof why))
            die(e->name, "state at split", split, why);
    }
    return 0;
}
