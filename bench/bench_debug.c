/* bench_debug.c: the `debug` row: the default engine under the debugging core, continuing past breakpoints that are never hit. */
#include <stdio.h>
#include <string.h>

#include "bench.h"
#include "emu_debug.h"
#include "ssem_dis.h"

/* Breakpoints set on lines the program's code never reaches (by the
 * disassembler's flow analysis), so that continue runs flat out with the
 * breaks in the engine's V-state; a hit all the same just goes on, so the
 * row still ends exactly where the reference does. */
enum { BREAKS = 3 };

typedef struct bench_debug {
    emu_dbg *d;
} bench_debug;

const emu_engine *bench_debug_base(void)
{
    return emu_engine_find(EMU_ENGINE_DEFAULT);
}

static void debug_load(void *ctx, const emu_machine *t)
{
    bench_debug *b = ctx;
    b->d = emu_dbg_open(t, bench_debug_base(), NULL);
    if (!b->d)
        return;
    ssem_dis_flow fl;
    ssem_dis_flow_analyse(t->store, t->ci, &fl);
    int set = 0;
    for (unsigned n = SSEM_WORDS; n-- > 0 && set < BREAKS;)
        if (!fl.code[n] && emu_dbg_break(b->d, n, NULL, false, NULL, 0) > 0)
            set++;
}

static void debug_run(void *ctx, uint64_t max_steps)
{
    bench_debug *b = ctx;
    uint64_t end = emu_dbg_state(b->d)->steps + max_steps;
    while (emu_dbg_state(b->d)->steps < end) {
        emu_dbg_stop s = emu_dbg_continue(b->d, end - emu_dbg_state(b->d)->steps);
        if (s.reason != EMU_DBG_BREAKPOINT)
            break;
    }
}

static bool debug_interp(const void *ctx, emu_machine *t, char *why, size_t whylen)
{
    const bench_debug *b = ctx;
    if (!b->d) {
        snprintf(why, whylen, "out of memory");
        return false;
    }
    *t = *emu_dbg_state(b->d);
    return true;
}

static void debug_fini(void *ctx)
{
    emu_dbg_close(((bench_debug *)ctx)->d);
}

const emu_engine bench_debug_engine = {
    .name = "debug",
    .summary = "the default engine under the debugger: continue past unhit breakpoints",
    .kind = EMU_KIND_INTERPRETER,
    .ctx_size = sizeof(bench_debug),
    .load = debug_load,
    .run = debug_run,
    .interp = debug_interp,
    .fini = debug_fini,
};

void bench_debug_print(const char *prog, double debug_ns, double plain_ns)
{
    double x = debug_ns / plain_ns;
    printf("\ndebug on %s: continue with %d unhit breakpoints takes %.2fx the time of plain %s "
           "(goal: within 2x: %s)\n",
           prog, BREAKS, x, bench_debug_base()->name, x <= 2 ? "met" : "NOT met");
}
