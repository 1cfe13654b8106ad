/* emu_engine_replicated.c: direct threading with every handler replicated per store line (256 copies), so sequential code dispatches without CI arithmetic. */
#include <stdio.h>

#include "emu.h"
#include "emu_predecode.h"
#include "emu_semantics.h"

/*
 * Like "threaded", but the cache entry of line L points at the copy of its
 * handler made for line L. Two things follow:
 *  - each line has its own indirect jump, so the branch predictor keys on
 *    the store line (as it would on a real program counter);
 *  - a copy knows its own line, so its successor is computed from what
 *    the body did to CI rather than from CI itself: LDN, SUB and STO load
 *    code[L + 1] at a constant address, off the CI dependency chain.
 * STO re-decodes the written line with that line's own handler copies.
 *
 * The successors' constant addresses keep gcc from merging the 225
 * dispatch tails. clang (14) emits computed goto as one shared indirect
 * branch and only re-duplicates it into blocks with few predecessors, so
 * there this engine keeps the static successors but has one dispatch jump.
 */
typedef emu_pd rep_ctx;

static const void *const (*rep_exec(rep_ctx *p, uint64_t max_steps))[SSEM_NFUNC]
{
#define REP_TAB1(id, f, L) [L][f] = &&op_##id##_##L,
#define REP_X_TAB(id, f, sem, opnd, al, m) EMU_PD_LINES(REP_TAB1, id, f)
    static const void *const tab[SSEM_WORDS][SSEM_NFUNC] = { SSEM_ISA(REP_X_TAB) };
    if (!p || p->halted || !max_steps)
        return tab;

    emu_pd_line *const code = p->code;
    uint32_t *const S = p->store;
    uint32_t a = p->a, ci = p->ci;
    uint64_t left = max_steps, redecodes = 0;
    unsigned n;
    const emu_pd_line *e;

#define SEM_A a
#define SEM_CI ci
#define SEM_S S
#define SEM_STORED(k)                                          \
    do {                                                       \
        code[(k)].h = (uintptr_t)tab[(k)][ssem_word_func(a)];  \
        code[(k)].n = ssem_word_operand(a);                    \
        redecodes++;                                           \
    } while (0)
#define SEM_HALT() goto halt
/* CI mod 32 was L when this copy was entered, so the next line is
 * L + 1 + (what the body added to CI): a constant for LDN, SUB and STO,
 * the skip bit for CMP, S[n] for JRP. Nothing waits for the CI chain
 * except JMP, and no instruction needs its own case here. */
#define REP_NEXT(line)                                         \
    do {                                                       \
        e = &code[(line) & SSEM_LINE_MASK];                    \
        if (__builtin_expect(left == 0, 0))                    \
            goto out;                                          \
        left--;                                                \
        ci++;                                                  \
        n = e->n;                                              \
        goto *(const void *)e->h;                              \
    } while (0)
#define REP_H1(id, sem, L)                                     \
    op_##id##_##L : {                                          \
        const uint32_t ci0_ = ci;                              \
        EMU_SEM_##sem(n);                                      \
        REP_NEXT((L) + 1u + (ci - ci0_));                      \
    }
#define REP_X_H(id, f, sem, opnd, al, m) EMU_PD_LINES(REP_H1, id, sem)

    REP_NEXT(ci + 1);   /* the first dispatch goes by CI */
    SSEM_ISA(REP_X_H)

halt:
    p->halted = true;
out:
    p->a = a;
    p->ci = ci;
    p->steps += max_steps - left;
    p->redecodes += redecodes;
    return tab;

#include "emu_semantics_end.h"
#undef REP_NEXT
#undef REP_H1
#undef REP_X_H
#undef REP_TAB1
#undef REP_X_TAB
}

static void rep_load(void *ctx, const emu_machine *t)
{
    const void *const (*tab)[SSEM_NFUNC] = rep_exec(NULL, 0);
    uintptr_t tok[SSEM_NFUNC];
    for (unsigned f = 0; f < SSEM_NFUNC; f++)
        tok[f] = (uintptr_t)tab[0][f];
    rep_ctx *p = ctx;
    emu_pd_load(p, t, tok);   /* line 0's copies; then each line its own */
    for (unsigned i = 0; i < SSEM_WORDS; i++)
        p->code[i].h = (uintptr_t)tab[i][ssem_word_func(p->store[i])];
}

static void rep_run(void *ctx, uint64_t max_steps)
{
    rep_exec(ctx, max_steps);
}

/* emu_pd_interp checks against one token table; here every line has its own. */
static bool rep_interp(const void *ctx, emu_machine *t, char *why, size_t whylen)
{
    const rep_ctx *p = ctx;
    const void *const (*tab)[SSEM_NFUNC] = rep_exec(NULL, 0);
    rep_ctx line0 = *p;
    for (unsigned i = 0; i < SSEM_WORDS; i++) {
        uint32_t w = p->store[i];
        if (p->code[i].h != (uintptr_t)tab[i][ssem_word_func(w)]) {
            snprintf(why, whylen, "stale cache at line %u: handler is not line %u's copy of %s", i,
                     i, ssem_ops[ssem_word_func(w)].mnemonic);
            return false;
        }
        line0.code[i].h = (uintptr_t)tab[0][ssem_word_func(w)];
    }
    return emu_pd_interp(&line0, t, why, whylen);   /* operands and the T-state */
}

const emu_engine emu_engine_replicated = {
    .name = "replicated",
    .summary = "direct threading with handlers replicated per line (static successors)",
    .kind = EMU_KIND_INTERPRETER,
    .ctx_size = sizeof(rep_ctx),
    .load = rep_load,
    .run = rep_run,
    .interp = rep_interp,
    .counters = emu_pd_counters,
};
EMU_ENGINE(emu_engine_replicated);
