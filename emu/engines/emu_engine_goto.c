/* emu_engine_goto.c: token-threaded computed goto that still decodes every fetched word. */
#include <string.h>

#include "emu.h"
#include "emu_semantics.h"

/*
 * No cache: each handler ends by fetching S[CI mod 32], extracting the
 * function code and jumping through a table indexed by it. Compared with
 * "threaded" this isolates the cost of decoding on every step; compared
 * with "seed" the gain of one indirect jump per handler over a switch.
 */
typedef struct goto_ctx {
    uint32_t store[SSEM_WORDS];
    uint32_t a, ci;
    uint64_t steps;
    bool halted;
} goto_ctx;

static void goto_load(void *ctx, const emu_machine *t)
{
    goto_ctx *g = ctx;
    memcpy(g->store, t->store, sizeof g->store);
    g->a = t->a;
    g->ci = t->ci;
    g->steps = t->steps;
    g->halted = t->halted;
}

static void goto_run(void *ctx, uint64_t max_steps)
{
    static const void *const labels[SSEM_NFUNC] = { EMU_SEM_LABELS };
    goto_ctx *g = ctx;
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

halt:
    g->halted = true;
out:
    g->a = a;
    g->ci = ci;
    g->steps += max_steps - left;
#include "emu_semantics_end.h"
}

static bool goto_interp(const void *ctx, emu_machine *t, char *why, size_t whylen)
{
    const goto_ctx *g = ctx;
    (void)why;
    (void)whylen;
    memcpy(t->store, g->store, sizeof t->store);
    t->a = g->a;
    t->ci = g->ci;
    t->steps = g->steps;
    t->halted = g->halted;
    return true;
}

const emu_engine emu_engine_goto = {
    .name = "goto",
    .summary = "token-threaded computed goto, decoding every fetched word",
    .kind = EMU_KIND_INTERPRETER,
    .ctx_size = sizeof(goto_ctx),
    .load = goto_load,
    .run = goto_run,
    .interp = goto_interp,
    .counters = NULL,
};
EMU_ENGINE(emu_engine_goto);
