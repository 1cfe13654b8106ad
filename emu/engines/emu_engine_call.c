/* emu_engine_call.c: call threading: the predecoded store holds a handler function per line, called from a central loop. */
#include "emu.h"
#include "emu_predecode.h"
#include "emu_semantics.h"

/*
 * Each handler is a small function over the context; the loop does the
 * budget, CI += 1 and an indirect call. The machine state has to live in
 * memory (handlers reach it through p), which is what call threading costs
 * against goto-based threading; a handler returns nonzero to stop (STP).
 */
typedef int call_fn(emu_pd *p, unsigned n);

#define SEM_A p->a
#define SEM_CI p->ci
#define SEM_S p->store
#define SEM_STORED(k)           \
    do {                        \
        emu_pd_decode(p, (k));  \
        p->redecodes++;         \
    } while (0)
#define SEM_HALT() return 1

#define CALL_X_HANDLER(id, f, sem, opnd, al, m)   \
    static int call_##id(emu_pd *p, unsigned n)   \
    {                                             \
        (void)p;                                  \
        EMU_SEM_##sem(n);                         \
        return 0;                                 \
    }
SSEM_ISA(CALL_X_HANDLER)

#include "emu_semantics_end.h"

#define CALL_X_TAB(id, f, sem, opnd, al, m) [f] = call_##id,
static call_fn *const call_tab[SSEM_NFUNC] = { SSEM_ISA(CALL_X_TAB) };

static void call_load(void *ctx, const emu_machine *t)
{
    uintptr_t tok[SSEM_NFUNC];
    for (unsigned f = 0; f < SSEM_NFUNC; f++)
        tok[f] = (uintptr_t)call_tab[f];
    emu_pd_load(ctx, t, tok);
}

static void call_run(void *ctx, uint64_t max_steps)
{
    emu_pd *p = ctx;
    if (p->halted)
        return;
    uint64_t left = max_steps;
    while (left) {
        left--;
        p->ci++;
        const emu_pd_line *e = &p->code[ssem_line_of(p->ci)];
        if (((call_fn *)e->h)(p, e->n)) {
            p->halted = true;
            break;
        }
    }
    p->steps += max_steps - left;
}

const emu_engine emu_engine_call = {
    .name = "call",
    .summary = "call threading: a handler function per predecoded line",
    .kind = EMU_KIND_INTERPRETER,
    .ctx_size = sizeof(emu_pd),
    .load = call_load,
    .run = call_run,
    .interp = emu_pd_interp,
    .counters = emu_pd_counters,
};
EMU_ENGINE(emu_engine_call);
