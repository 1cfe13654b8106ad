/* emu_engine_goto.c: token-threaded computed goto that still decodes every fetched word. */
#include "emu.h"
#include "emu_semantics.h"

/*
 * No cache: each handler ends by fetching S[CI mod 32], extracting the
 * function code and jumping through a table indexed by it. Compared with
 * "threaded" this isolates the cost of decoding on every step; compared
 * with "seed" the gain of one indirect jump per handler over a switch.
 */
/* No representation of its own: the context is the T-state. */
static void goto_run(void *ctx, uint64_t max_steps)
{
    static const void *const labels[SSEM_NFUNC] = { EMU_SEM_LABELS };
    emu_machine *g = ctx;
    if (g->halted || !max_steps)
        return;
    uint32_t *const S = g->store;
    uint32_t a = g->a, ci = g->ci, w;
    uint64_t left = max_steps;

#define SEM_A a
#define SEM_CI ci
#define SEM_S S
#define SEM_STORED(k) ((void)0)
#define SEM_HALT() goto halt
#define VMCASE(id) op_##id:
#define VMOPERAND ssem_word_operand(w)
#define VMNEXT(k)                                   \
    do {                                            \
        if (__builtin_expect(left == 0, 0))         \
            goto out;                               \
        left--;                                     \
        ci++;                                       \
        w = S[ssem_line_of(ci)];                    \
        const void *to_ = labels[ssem_word_func(w)]; \
        EMU_SEM_DISTINCT(k, to_);                   \
        goto *to_;                                  \
    } while (0)

    VMNEXT(SSEM_NFUNC);
    EMU_SEM_HANDLERS_NEXT

    EMU_RUN_EXITS(g, a, ci, max_steps - left);
#include "emu_semantics_end.h"
}

const emu_engine emu_engine_goto = {
    .name = "goto",
    .summary = "token-threaded computed goto, decoding every fetched word",
    .kind = EMU_KIND_INTERPRETER,
    .ctx_size = sizeof(emu_machine),
    .load = emu_machine_load,
    .run = goto_run,
    .interp = emu_machine_interp,
    .counters = NULL,
};
EMU_ENGINE(emu_engine_goto);
