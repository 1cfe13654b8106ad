/* bench.h: the dispatch-technique benchmark's shared pieces: workloads, profile, indirect-jump counting. */
#ifndef BENCH_H
#define BENCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "emu.h"

/* How big a workload is run: timed (>= 0.3 s per engine), under
 * callgrind (a few hundred thousand steps), or the CI's quick check. */
typedef enum bench_size { BENCH_FULL, BENCH_CALLGRIND, BENCH_QUICK } bench_size;

typedef struct bench_prog {
    const char *name;
    const char *source;      /* bench/NAME.s, or NULL for the historic one */
    const char *param;       /* the -D name that scales it */
    int64_t value[3];        /* its value per bench_size */
    uint64_t budget[3];      /* step budget per size (UINT64_MAX: until STP) */
    const char *what;        /* one line for the report */
} bench_prog;

extern const bench_prog bench_progs[];
extern const size_t bench_nprogs;

/* Directories: the bench sources (bench/), and the corpus or NULL. */
extern const char *bench_srcdir;
extern const char *bench_corpus;

/* The start state of program p at size sz; origin says where it came from
 * (the source with its -D, or the corpus file). Returns 0, or -1 after
 * printing why to stderr. */
int bench_load(const bench_prog *p, bench_size sz, emu_machine *m, char *origin,
               size_t originlen);

/* --profile: sequence frequencies over the corpus and the bench programs. */
int bench_profile(uint64_t max_steps_each);

/* Indirect jump/call sites (objdump -d of exe) in the code each engine's
 * run and load reach; -1 per engine when objdump is not there. */
int bench_sites(const char *exe, const emu_engine *const *engines, size_t n, int *sites);

/* The corpus' expected.json, "initial" stores: calls fn for each image. */
int bench_corpus_images(void (*fn)(const char *name, const uint32_t store[SSEM_WORDS], void *arg),
                        void *arg);

#endif
