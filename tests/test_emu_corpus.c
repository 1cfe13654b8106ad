/* test_emu_corpus.c: every engine on every SIMH-checked corpus image: final states, 5M-step checkpoints, Kilburn's 2^18. */
#include <criterion/criterion.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emu.h"
#include "test_emu.h"
#include "test_util.h"

static int load_corpus(tu_case **cases)
{
    const char *dir = tu_corpus_dir();
    if (!dir)
        cr_skip_test("no corpus ($SSEM_CORPUS)");
    char why[256];
    int n = tu_corpus_load(dir, cases, why, sizeof why);
    cr_assert(n > 0, "corpus: %s", n < 0 ? why : "no cases");
    return n;
}

/* Checks one engine against one case; returns false after reporting. */
static bool check_case(const emu_engine *e, const tu_case *c)
{
    emu_machine m, got;
    char why[256];
    emu_machine_init(&m, c->initial);
    /* A halting program gets a generous budget: it must stop by itself. */
    uint64_t budget = c->halted ? c->steps + 1000 : c->steps;
    if (!temu_run(e, &m, budget, &got, why, sizeof why)) {
        cr_expect(false, "%s on %s: inconsistent: %s", e->name, c->files[0], why);
        return false;
    }
    bool ok = true;
#define EXPECT(cond, ...)            \
    do {                             \
        if (!(cond)) {               \
            cr_expect(false, __VA_ARGS__); \
            ok = false;              \
        }                            \
    } while (0)
    EXPECT(got.halted == c->halted, "%s on %s: halted %d, want %d", e->name, c->files[0], got.halted,
           c->halted);
    EXPECT(got.steps == c->steps, "%s on %s: steps %" PRIu64 ", want %" PRIu64, e->name, c->files[0],
           got.steps, c->steps);
    /* SIMH keeps CI mod 32; the corpus keeps it whole: compare the line. */
    EXPECT(ssem_line_of(got.ci) == ssem_line_of(c->ci),
           "%s on %s: CI %" PRIu32 ", want %" PRIu32 " (mod 32)", e->name, c->files[0], got.ci, c->ci);
    EXPECT(got.a == c->a, "%s on %s: A %" PRIu32 ", want %" PRIu32, e->name, c->files[0], got.a, c->a);
    for (unsigned i = 0; i < SSEM_WORDS && ok; i++)
        EXPECT(got.store[i] == c->store[i], "%s on %s: line %u = %" PRIu32 ", want %" PRIu32,
               e->name, c->files[0], i, got.store[i], c->store[i]);
#undef EXPECT
    return ok;
}

Test(emu_corpus, every_engine_every_image, .timeout = 240)
{
    tu_case *cases;
    int n = load_corpus(&cases);
    size_t ne;
    const emu_engine *const *list = emu_engine_list(&ne);
    unsigned checked = 0;
    for (size_t k = 0; k < ne; k++)
        for (int i = 0; i < n; i++) {
            check_case(list[k], &cases[i]);
            checked++;
        }
    cr_expect_eq(checked, (unsigned)n * ne);
    free(cases);
}

Test(emu_corpus, kilburn_2_18_halts_with_131072)
{
    tu_case *cases;
    int n = load_corpus(&cases);
    const tu_case *k = NULL;
    for (int i = 0; i < n && !k; i++)
        if (strcasestr(cases[i].files[0], "factor") && cases[i].halted && cases[i].steps > 1000000)
            k = &cases[i];
    cr_assert(k, "no Kilburn highest-factor image for 2^18 in the corpus");
    size_t ne;
    const emu_engine *const *list = emu_engine_list(&ne);
    for (size_t e = 0; e < ne; e++) {
        emu_machine m;
        emu_machine_init(&m, k->initial);
        cr_assert_eq(emu_run(list[e], &m, UINT64_MAX), 0, "%s", list[e]->name);
        cr_expect(m.halted, "%s: not halted", list[e]->name);
        cr_expect_eq(m.steps, 2097154, "%s: %" PRIu64 " steps", list[e]->name, m.steps);
        cr_expect_eq(m.store[27], 131072, "%s: line 27 = %" PRIu32, list[e]->name, m.store[27]);
    }
    free(cases);
}

/* Chunked runs, as the CLI does them, reach the same checkpoint. */
Test(emu_corpus, chunked_runs_reach_the_same_state, .timeout = 120)
{
    tu_case *cases;
    int n = load_corpus(&cases);
    size_t ne;
    const emu_engine *const *list = emu_engine_list(&ne);
    uint64_t chunk = temu_san() ? 99991 : 9973;
    for (size_t e = 0; e < ne; e++)
        for (int i = 0; i < n; i++) {
            if (cases[i].steps > 200000)
                continue;
            emu_machine m, got;
            char why[256];
            emu_machine_init(&m, cases[i].initial);
            emu_vm vm;
            cr_assert_eq(emu_vm_open(&vm, list[e], &m), 0);
            for (uint64_t done = 0; done < cases[i].steps + 10; done += chunk % 97 + 1)
                emu_vm_run(&vm, chunk % 97 + 1);
            bool ok = emu_vm_state(&vm, &got, why, sizeof why);
            emu_vm_close(&vm);
            cr_assert(ok, "%s: %s", list[e]->name, why);
            cr_expect(got.halted == cases[i].halted && got.steps == cases[i].steps &&
                          got.a == cases[i].a && !memcmp(got.store, cases[i].store, sizeof got.store),
                      "%s on %s: chunked run differs", list[e]->name, cases[i].files[0]);
            chunk = chunk * 31 + 7;
        }
    free(cases);
}
