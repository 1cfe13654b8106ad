/* emu_engine_threaded.c: the readable model engine: direct-threaded computed goto over a predecoded store (handler address + operand per line). */
#include "emu.h"
#include "emu_predecode.h"
#include "emu_semantics.h"

/*
 * The store's cache (emu_pd.code) holds, per line, the address of the
 * label that runs its function and its operand. A step is: count down the
 * budget, CI += 1, jump through code[CI mod 32]. Each handler ends with the
 * next dispatch, so there is one indirect jump per handler (what threading
 * buys over a switch's single shared jump). STO writes the word and
 * re-decodes that line, the only cache entry derived from it. A break
 * (emu_engine.set_breaks) is one more label: the dispatch lands there
 * instead of on the line's handler and undoes itself.
 *
 * The label addresses exist only inside threaded_exec, so load asks it
 * for them with p == NULL.
 */
static const void *const *threaded_exec(emu_pd *p, uint64_t max_steps)
{
    static const void *const labels[EMU_PD_STRIDE] = { EMU_SEM_LABELS[EMU_PD_BREAK] = &&op_BREAK };
    if (!p || p->m.halted || !max_steps)
        return labels;

    emu_pd_line *const code = p->code;
    uint32_t *const S = p->m.store;
    uint32_t a = p->m.a, ci = p->m.ci;
    uint64_t left = max_steps, redecodes = 0;
    unsigned n;

#define SEM_A a
#define SEM_CI ci
#define SEM_S S
#define SEM_STORED(k) EMU_PD_SEM_STORED(p, (k), a, redecodes)
#define SEM_HALT() goto halt
#define VMCASE(id) op_##id:
#define VMOPERAND n
/* Budget first: a run of N steps stops after exactly N. Site k is kept
 * apart from the others (see emu_semantics.h). */
#define VMNEXT(k)                                            \
    do {                                                     \
        if (__builtin_expect(left == 0, 0))                  \
            goto out;                                        \
        left--;                                              \
        ci++;                                                \
        const emu_pd_line *e_ = &code[ssem_line_of(ci)];     \
        EMU_SEM_DISTINCT(k, e_);                             \
        n = e_->n;                                           \
        goto *(const void *)e_->h;                           \
    } while (0)

    VMNEXT(SSEM_NFUNC);   /* the first dispatch */
    EMU_SEM_HANDLERS_NEXT

op_BREAK:
    ci--;
    left++;
    goto out;

    EMU_RUN_EXITS(&p->m, a, ci, max_steps - left);
    p->redecodes += redecodes;
    return labels;

#include "emu_semantics_end.h"
}

static void threaded_load(void *ctx, const emu_machine *t)
{
    emu_pd_load(ctx, t, threaded_exec(NULL, 0), 0);
}

static void threaded_run(void *ctx, uint64_t max_steps)
{
    threaded_exec(ctx, max_steps);
}

const emu_engine emu_engine_threaded = {
    .name = "threaded",
    .summary = "direct-threaded computed goto over a predecoded store (the model engine)",
    .kind = EMU_KIND_INTERPRETER,
    .ctx_size = sizeof(emu_pd),
    .load = threaded_load,
    .run = threaded_run,
    .interp = emu_pd_interp,
    .counters = emu_pd_counters,
    .set_breaks = emu_pd_set_breaks,
};
EMU_ENGINE(emu_engine_threaded);
