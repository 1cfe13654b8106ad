/* emu_engine_replicated.c: direct threading with every handler replicated per store line (256 copies), so sequential code dispatches without CI arithmetic. */
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
 * dispatch tails. clang emits computed goto as one shared indirect
 * branch and only re-duplicates it into blocks with few predecessors, so
 * there this engine keeps the static successors but has one dispatch jump.
 */
static const void *const *rep_exec(emu_pd *p, uint64_t max_steps)
{
#define REP_TAB1(id, f, L) [L][f] = &&op_##id##_##L,
#define REP_X_TAB(id, f, sem, opnd, al, m) EMU_PD_LINES(REP_TAB1, id, f)
#define REP_TABB(a_, b_, L) [L][EMU_PD_BREAK] = &&op_BREAK,
    static const void *const tab[SSEM_WORDS][EMU_PD_STRIDE] = {
        SSEM_ISA(REP_X_TAB) EMU_PD_LINES(REP_TABB, 0, 0)
    };
    if (!p || p->m.halted || !max_steps)
        return &tab[0][0];

    emu_pd_line *const code = p->code;
    uint32_t *const S = p->m.store;
    uint32_t a = p->m.a, ci = p->m.ci;
    uint64_t left = max_steps, redecodes = 0;
    unsigned n;
    const emu_pd_line *e;

#define SEM_A a
#define SEM_CI ci
#define SEM_S S
#define SEM_STORED(k) EMU_PD_SEM_STORED(p, (k), a, redecodes)
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

op_BREAK:
    ci--;
    left++;
    goto out;

    EMU_RUN_EXITS(&p->m, a, ci, max_steps - left);
    p->redecodes += redecodes;
    return &tab[0][0];

#include "emu_semantics_end.h"
#undef REP_NEXT
#undef REP_H1
#undef REP_X_H
#undef REP_TAB1
#undef REP_X_TAB
#undef REP_TABB
}

/* Each line's tokens are its own copies (stride EMU_PD_STRIDE), so the
 * shared interp also catches a handler copied for another line. */
static void rep_load(void *ctx, const emu_machine *t)
{
    emu_pd_load(ctx, t, rep_exec(NULL, 0), EMU_PD_STRIDE);
}

static void rep_run(void *ctx, uint64_t max_steps)
{
    rep_exec(ctx, max_steps);
}

const emu_engine emu_engine_replicated = {
    .name = "replicated",
    .summary = "direct threading with handlers replicated per line (static successors)",
    .kind = EMU_KIND_INTERPRETER,
    .ctx_size = sizeof(emu_pd),
    .load = rep_load,
    .run = rep_run,
    .interp = emu_pd_interp,
    .counters = emu_pd_counters,
    .set_breaks = emu_pd_set_breaks,
};
EMU_ENGINE(emu_engine_replicated);
