/* bench_profile.c: --profile: which instruction sequences real programs run, the data the superinstructions were chosen from. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "emu_super.h"
#include "ssem_isa.h"

/*
 * Counted on the T machine (emu_step), one step at a time. A pair or
 * triple is a run of executed words on consecutive lines (mod 32): what a
 * fused handler can cover, since only a straight run can be fused. Words
 * are named by their SEM column, so function 5 counts as SUB.
 *
 * The same walk also replays the `super` engine's dispatch decisions
 * (the pattern its table picks at each dispatch, given the store at that
 * moment), which gives SSEM instructions per dispatch without a timer.
 */
typedef struct prof {
    uint64_t steps;
    uint64_t pair[SSEM_NFUNC][SSEM_NFUNC];
    uint64_t triple[SSEM_NFUNC][SSEM_NFUNC][SSEM_NFUNC];
    uint64_t dispatches;   /* super's, replayed */
} prof;

static unsigned sem_of(uint32_t w)
{
    return ssem_ops[ssem_word_func(w)].sem;
}

static void profile_one(prof *pr, const uint32_t store[SSEM_WORDS], uint64_t max_steps)
{
    emu_machine m;
    emu_machine_init(&m, store);
    unsigned hist_line[2] = { 99, 99 }, hist_sem[2] = { 0, 0 };
    unsigned rem = 0, expect = 99;   /* super: words left in this dispatch, next line */
    for (uint64_t i = 0; i < max_steps && !m.halted; i++) {
        unsigned L = ssem_line_of(m.ci + 1);
        uint32_t w = m.store[L];
        unsigned s = sem_of(w);
        if (rem > 0 && L == expect) {
            rem--;
        } else {
            const uint32_t *S = m.store;
            unsigned k = sup_pick[ssem_word_func(S[L])][ssem_word_func(S[(L + 1) & 31])]
                                 [ssem_word_func(S[(L + 2) & 31])];
            rem = sup_len[k] - 1u;
            pr->dispatches++;
        }
        expect = (L + 1) & 31;
        if (s == SSEM_STO && rem > 0 &&
            ((ssem_word_operand(w) - L - 1) & SSEM_LINE_MASK) < rem)
            rem = 0;   /* super leaves a pattern whose rest it overwrote */

        if (hist_line[1] == ((L - 1) & 31)) {
            pr->pair[hist_sem[1]][s]++;
            if (hist_line[0] == ((L - 2) & 31))
                pr->triple[hist_sem[0]][hist_sem[1]][s]++;
        }
        hist_line[0] = hist_line[1];
        hist_sem[0] = hist_sem[1];
        hist_line[1] = L;
        hist_sem[1] = s;
        emu_step(&m);
        pr->steps++;
    }
}

typedef struct row {
    uint64_t n;
    unsigned a, b, c;
} row;

static int row_cmp(const void *x, const void *y)
{
    const row *p = x, *q = y;
    return p->n < q->n ? 1 : p->n > q->n ? -1 : 0;
}

static void print_top(const prof *pr, const char *title, unsigned top)
{
    static row rows[SSEM_NFUNC * SSEM_NFUNC * SSEM_NFUNC];
    printf("\n%s: %" PRIu64 " steps; super replay: %.2f SSEM instructions per dispatch\n",
           title, pr->steps, pr->dispatches ? (double)pr->steps / (double)pr->dispatches : 0.0);
    for (int len = 2; len <= 3; len++) {
        size_t nr = 0;
        for (unsigned a = 0; a < SSEM_NFUNC; a++)
            for (unsigned b = 0; b < SSEM_NFUNC; b++)
                for (unsigned c = 0; c < (len == 3 ? SSEM_NFUNC : 1u); c++) {
                    uint64_t n = len == 3 ? pr->triple[a][b][c] : pr->pair[a][b];
                    if (n)
                        rows[nr++] = (row){ n, a, b, c };
                }
        qsort(rows, nr, sizeof rows[0], row_cmp);
        printf("  | %-13s | %12s | %6s |\n  |---|---:|---:|\n", len == 2 ? "pair" : "triple",
               "executions", "steps");
        for (size_t i = 0; i < nr && i < top; i++) {
            char name[32];
            if (len == 2)
                snprintf(name, sizeof name, "%s %s", ssem_ops[rows[i].a].mnemonic,
                         ssem_ops[rows[i].b].mnemonic);
            else
                snprintf(name, sizeof name, "%s %s %s", ssem_ops[rows[i].a].mnemonic,
                         ssem_ops[rows[i].b].mnemonic, ssem_ops[rows[i].c].mnemonic);
            printf("  | %-13s | %12" PRIu64 " | %5.1f%% |\n", name, rows[i].n,
                   100.0 * (double)rows[i].n / (double)pr->steps);
        }
    }
}

typedef struct corpus_arg {
    prof *total;
    uint64_t max_steps;
} corpus_arg;

static void corpus_one(const char *name, const uint32_t store[SSEM_WORDS], void *arg)
{
    (void)name;
    corpus_arg *ca = arg;
    profile_one(ca->total, store, ca->max_steps);
}

int bench_profile(uint64_t max_steps_each)
{
    prof *all = calloc(1, sizeof *all), *one = calloc(1, sizeof *one);
    if (!all || !one) {
        free(all);
        free(one);
        return -1;
    }
    printf("# Instruction-sequence profile (straight runs on consecutive lines), "
           "at most %" PRIu64 " steps per program\n", max_steps_each);
    for (size_t i = 0; i < bench_nprogs; i++) {
        emu_machine m;
        char origin[512];
        if (bench_load(&bench_progs[i], BENCH_CALLGRIND, &m, origin, sizeof origin) != 0)
            continue;
        memset(one, 0, sizeof *one);
        profile_one(one, m.store, max_steps_each);
        char title[600];
        snprintf(title, sizeof title, "bench %s (%s)", bench_progs[i].name, origin);
        print_top(one, title, 8);
    }
    corpus_arg ca = { all, max_steps_each };
    int n = bench_corpus_images(corpus_one, &ca);
    if (n > 0) {
        char title[128];
        snprintf(title, sizeof title, "corpus: %d distinct images from expected.json", n);
        print_top(all, title, 16);
    } else {
        printf("\n(no corpus: set SSEM_CORPUS to profile it too)\n");
    }
    free(all);
    free(one);
    return 0;
}
