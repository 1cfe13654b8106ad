/* emu_engine_call.c: call threading: the predecoded store holds a handler function per line, called from a central loop. */
#include "emu.h"
#include "emu_predecode.h"
#include "emu_semantics.h"

/*
 * Each handler is a small function over the context; the loop does the
 * budget, CI += 1 and an indirect call. The machine state has to live in
 * memory (handlers reach it through p), which is what call threading costs
 * against goto-based threading. A handler returns CALL_GO, or CALL_HALT
 * (STP), or CALL_BREAK (a break on the line: nothing executed).
 */
enum { CALL_GO, CALL_HALT, CALL_BREAK };
typedef int call_fn(emu_pd *p, unsigned n);

#define SEM_A p->m.a
#define SEM_CI p->m.ci
#define SEM_S p->m.store
#define SEM_STORED(k) EMU_PD_SEM_STORED(p, (k), p->m.a, p->redecodes)
#define SEM_HALT() return CALL_HALT

#define CALL_X_HANDLER(id, f, sem, opnd, al, m)   \
    static int call_##id(emu_pd *p, unsigned n)   \
    {                                             \
        (void)p;                                  \
        EMU_SEM_##sem(n);                         \
        return CALL_GO;                           \
    }
SSEM_ISA(CALL_X_HANDLER)

#include "emu_semantics_end.h"

static int call_break(emu_pd *p, unsigned n)
{
    (void)p;
    (void)n;
    return CALL_BREAK;
}

#define CALL_X_TAB(id, f, sem, opnd, al, m) [f] = (const void *)call_##id,
static const void *const call_tab[EMU_PD_STRIDE] = { SSEM_ISA(CALL_X_TAB)[EMU_PD_BREAK] =
                                                         (const void *)call_break };

static void call_load(void *ctx, const emu_machine *t)
{
    emu_pd_load(ctx, t, call_tab, 0);
}

static void call_run(void *ctx, uint64_t max_steps)
{
    emu_pd *p = ctx;
    if (p->m.halted)
        return;
    uint64_t left = max_steps;
    while (left) {
        left--;
        p->m.ci++;
        const emu_pd_line *e = &p->code[ssem_line_of(p->m.ci)];
        int r = ((call_fn *)e->h)(p, e->n);
        if (__builtin_expect(r != CALL_GO, 0)) {
            if (r == CALL_HALT) {
                p->m.halted = true;
            } else {
                p->m.ci--;
                left++;
            }
            break;
        }
    }
    p->m.steps += max_steps - left;
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
    .set_breaks = emu_pd_set_breaks,
};
EMU_ENGINE(emu_engine_call);
