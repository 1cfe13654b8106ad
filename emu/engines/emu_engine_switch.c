/* emu_engine_switch.c: a switch over a predecoded store (function code + operand cached per line, re-decoded on STO). */
#include "emu.h"
#include "emu_predecode.h"
#include "emu_semantics.h"

/*
 * The decode is cached, the dispatch is still one shared switch: this
 * isolates what predecoding alone buys over the seed loop. The token per
 * line is the function code itself.
 */
static void switch_load(void *ctx, const emu_machine *t)
{
    uintptr_t tok[SSEM_NFUNC];
    for (unsigned f = 0; f < SSEM_NFUNC; f++)
        tok[f] = f;
    emu_pd_load(ctx, t, tok);
}

static void switch_run(void *ctx, uint64_t max_steps)
{
    emu_pd *p = ctx;
    if (p->halted)
        return;
    emu_pd_line *const code = p->code;
    uint32_t *const S = p->store;
    uint32_t a = p->a, ci = p->ci;
    uint64_t left = max_steps, redecodes = 0;

#define SEM_A a
#define SEM_CI ci
#define SEM_S S
#define SEM_STORED(k)                                \
    do {                                             \
        code[(k)].h = ssem_word_func(a);             \
        code[(k)].n = ssem_word_operand(a);          \
        redecodes++;                                 \
    } while (0)
#define SEM_HALT() goto halt
#define VMCASE(id) case SSEM_##id:
#define VMBREAK break
#define VMOPERAND n
    while (left) {
        left--;
        ci++;
        const emu_pd_line *e = &code[ssem_line_of(ci)];
        unsigned n = e->n;
        switch ((unsigned)e->h & 7) {
            EMU_SEM_HANDLERS
        }
    }
    goto out;
halt:
    p->halted = true;
out:
    p->a = a;
    p->ci = ci;
    p->steps += max_steps - left;
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
};
EMU_ENGINE(emu_engine_switch);
