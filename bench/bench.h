/* bench.h: the dispatch-technique benchmark's shared pieces: workloads, profile, indirect-jump counting. */
#ifndef BENCH_H
#define BENCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "asm.h"
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
    const char *file;        /* a program named with -p FILE: source or image, else NULL */
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

/* -p FILE: the program in FILE (assembly source, assembled with the -D
 * defines, or a store image in any format ssememu reads), run for `steps`
 * steps, or until its STP when steps is UINT64_MAX. Fills p (name, budgets)
 * and checks with the reference that a program without --steps halts
 * within BENCH_USER_MAX_STEPS. Returns 0, or -1 after saying why. */
enum { BENCH_USER_CALLGRIND_STEPS = 2000000 };
#define BENCH_USER_MAX_STEPS 500000000ull
extern const asm_define *bench_defines;
extern size_t bench_ndefines;
int bench_user_prog(bench_prog *p, const char *file, uint64_t steps);

/* --profile: sequence frequencies over the corpus and the bench programs. */
int bench_profile(uint64_t max_steps_each);

/* Indirect jump/call sites (objdump -d of exe) in the code each engine's
 * run and load reach; -1 per engine when objdump is not there. */
int bench_sites(const char *exe, const emu_engine *const *engines, size_t n, int *sites);

/* The corpus' expected.json, "initial" stores: calls fn for each image. */
int bench_corpus_images(void (*fn)(const char *name, const uint32_t store[SSEM_WORDS], void *arg),
                        void *arg);

/* The `native` row (bench_native.c): Kilburn's routine (bench/kilburn.s)
 * hand-translated to C. bench_native_fits says whether m holds that routine
 * at a point it can run from (the load state, or after any step of it);
 * bench_native_kilburn then runs at most max_steps steps on m in place and
 * ends exactly where the reference would (0), or refuses (-1, m unchanged). */
bool bench_native_fits(const emu_machine *m, char *why, size_t whylen);
int bench_native_kilburn(emu_machine *m, uint64_t max_steps);
/* The same as an unregistered engine named "native", for the bench's checks
 * and timing; its run aborts on any other program. */
extern const emu_engine bench_native_engine;
/* --quick: native against reference on Kilburn's routine for many P and
 * every budget up to the STP (or a cap); prints a summary line. */
bool bench_native_check(const bench_prog *kilburn);

/* One point of the spectrum chart (bench_chart.c): an engine built by one
 * compiler (series 0 or 1), its ns and host instructions per SSEM
 * instruction (geometric means over the programs). */
typedef struct bench_point {
    const char *label;
    int series;
    double ns, insn;
    bool native;
} bench_point;
/* Write the chart to path; series[i] names series i (NULL: absent). */
int bench_spectrum_svg(const char *path, const bench_point *pt, size_t n, const char *const series[2],
                       const char *note);

/* The `debug` row (bench_debug.c): the default engine (bench_debug_base)
 * under the debugging core with breakpoints that are never hit, and the
 * line comparing its time with the plain engine's (goal: within 2x). */
extern const emu_engine bench_debug_engine;
const emu_engine *bench_debug_base(void);
void bench_debug_print(const char *prog, double debug_ns, double plain_ns);

#endif
