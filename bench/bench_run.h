/* bench_run.h: what ssem-bench measured, shared by its driver (bench_main.c) and its report (bench_report.c). */
#ifndef BENCH_RUN_H
#define BENCH_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bench.h"

enum { BENCH_MAXE = 32, BENCH_MAXP = 8, BENCH_MAXRUNS = 101 };

typedef struct bench_cell {
    double ns[BENCH_MAXRUNS];   /* per SSEM instruction, per timed run */
    double median, lo, hi;
    double host_insn;     /* callgrind Ir per SSEM instruction, < 0 unknown */
    /* translation cost (the jit's counters), per run of the program */
    double tns[BENCH_MAXRUNS];  /* ns translating inside run, per timed run */
    double tns_median;
    double load_tns;      /* ns translating inside load (not timed), largest seen */
    uint64_t translations, invalidations;
    bool translates;      /* the engine's counters reported any of it */
} bench_cell;

/* What one compiler's build measured: ours (sides[0]) and, with --peer,
 * the other compiler's ssem-bench (sides[1]), which times on request. */
typedef struct bench_side {
    char compiler[600];
    size_t n;
    char name[BENCH_MAXE][64];
    emu_kind kind[BENCH_MAXE];   /* 0: native */
    int sites[BENCH_MAXE];
    bench_cell res[BENCH_MAXE][BENCH_MAXP];
    size_t seed, native;   /* indexes, BENCH_MAXE when absent */
} bench_side;

/* One whole run: the programs, the reference's end state on each, and
 * every side's results. The native row runs on program p only where
 * has_native[p] (Kilburn's routine). */
typedef struct bench_run {
    const bench_prog *prog[BENCH_MAXP];
    size_t nprog;
    emu_machine expect[BENCH_MAXP];
    char origin[BENCH_MAXP][512];
    bool has_native[BENCH_MAXP];
    bench_side sides[2];
    size_t nsides;
} bench_run;

bool bench_side_runs_on(const bench_run *b, const bench_side *sd, size_t e, size_t p);
/* The index of engine name in sd, BENCH_MAXE when absent. */
size_t bench_side_find(const bench_side *sd, const char *name);
/* A kind's name in the tables, "native" for 0. */
const char *bench_kind_label(emu_kind k);
/* The compiler that built us, "gcc 12.2.0" or "clang 14.0.6". */
const char *bench_compiler_name(void);
bool bench_have_tool(const char *tool);

/* Print the report (header, per-program tables, summary and goals), and
 * write results.csv, spectrum.svg and results.svg to outdir. no_cg says why
 * there are no callgrind counts (NULL: measured); peer_exe is sides[1]'s. */
void bench_report(const bench_run *b, const char *outdir, long runs, const char *no_cg,
                  const char *peer_exe);

#endif
