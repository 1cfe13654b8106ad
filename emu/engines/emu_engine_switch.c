/* emu_engine_switch.c: a switch over a predecoded store (function code + operand cached per line, re-decoded on STO). */
#include "emu.h"
#include "emu_predecode.h"
#include "emu_semantics.h"

/*
 * The decode is cached, the dispatch is still one shared switch: this
 * isolates what predecoding alone buys over the seed loop. The token per
 * line is the function code itself, or EMU_PD_BREAK for a break.
 */
#define SWITCH_TOK(k) ((const void *)(uintptr_t)(k))
static const void *const switch_tok[EMU_PD_STRIDE] = {
    SWITCH_TOK(0), SWITCH_TOK(1), SWITCH_TOK(2), SWITCH_TOK(3), SWITCH_TOK(4),
    SWITCH_TOK(5), SWITCH_TOK(6), SWITCH_TOK(7), SWITCH_TOK(EMU_PD_BREAK),
};
_Static_assert(EMU_PD_STRIDE == 9, "one token per function code and the break");

static void switch_load(void *ctx, const emu_machine *t)
{
    emu_pd_load(ctx, t, switch_tok, 0);
}

static void switch_run(void *ctx, uint64_t max_steps)
{
    emu_pd *p = ctx;
    if (p->m.halted)
        return;
    emu_pd_line *const code = p->code;
    uint32_t *const S = p->m.store;
    uint32_t a = p->m.a, ci = p->m.ci;
    uint64_t left = max_steps, redecodes = 0;

#define SEM_A a
#define SEM_CI ci
#define SEM_S S
#define SEM_STORED(k) EMU_PD_SEM_STORED(p, (k), a, redecodes)
#define SEM_HALT() goto halt
#define VMCASE(id) case SSEM_##id:
#define VMBREAK break
#define VMOPERAND n
    while (left) {
        left--;
        ci++;
        const emu_pd_line *e = &code[ssem_line_of(ci)];
        unsigned n = e->n;
        switch (e->h) {
            EMU_SEM_HANDLERS
        default:   /* EMU_PD_BREAK */
            ci--;
            left++;
            goto out;
        }
    }
    goto out;
    EMU_RUN_EXITS(&p->m, a, ci, max_steps - left);
    p->redecodes += redecodes;
#include "emu_semantics_end.h"
}

const emu_engine emu_engine_switch = {
    .name = "switch-predecoded",
    .summary = "switch over a predecoded store",
    .kind = EMU_KIND_INTERPRETER,
    .ctx_size = sizeof(emu_pd),
    .load = switch_load,
    .run = switch_run,
    .interp = emu_pd_interp,
    .counters = emu_pd_counters,
    .set_breaks = emu_pd_set_breaks,
};
EMU_ENGINE(emu_engine_switch);
