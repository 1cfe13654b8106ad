/* emu_super_exec.h: the superinstruction dispatch loop: every pattern's handler replicated per store line. */

/*
 * Included once by emu_engine_super.c, which defines SUP_NO_TAIL_MERGE.
 *
 * Every step's work is the shared body from emu_semantics.h; a fused
 * handler is several bodies in a row with one dispatch at the end, so a
 * pattern of k words saves k-1 indirect jumps and k-1 budget checks.
 *
 * Each handler also exists once per store line L (as in the `replicated`
 * engine), for two reasons measured on this machine:
 *  - every line's pattern has its own indirect jump, so the branch
 *    predictor sees the program's own control flow, not a mix of every
 *    place the same pattern occurs;
 *  - the copy knows its line, so its operands and, after a straight run,
 *    its successor entry are at constant addresses: the next dispatch does
 *    not wait for the CI chain (CI is still kept exactly, off that path).
 *
 * Budget: a handler may run up to ip->len steps, so dispatch falls back to
 * the single-word handler of the line when fewer steps are left; a run of
 * N steps thus stops after exactly N, fused or not. Each handler takes its
 * full length from `left` on entry and gives back what an early exit
 * (a CMP that skips, a STO into the rest of the pattern) did not run.
 */

#define SUP_LINES(M, ...)                                                              \
    M(0, __VA_ARGS__) M(1, __VA_ARGS__) M(2, __VA_ARGS__) M(3, __VA_ARGS__)            \
    M(4, __VA_ARGS__) M(5, __VA_ARGS__) M(6, __VA_ARGS__) M(7, __VA_ARGS__)            \
    M(8, __VA_ARGS__) M(9, __VA_ARGS__) M(10, __VA_ARGS__) M(11, __VA_ARGS__)          \
    M(12, __VA_ARGS__) M(13, __VA_ARGS__) M(14, __VA_ARGS__) M(15, __VA_ARGS__)        \
    M(16, __VA_ARGS__) M(17, __VA_ARGS__) M(18, __VA_ARGS__) M(19, __VA_ARGS__)        \
    M(20, __VA_ARGS__) M(21, __VA_ARGS__) M(22, __VA_ARGS__) M(23, __VA_ARGS__)        \
    M(24, __VA_ARGS__) M(25, __VA_ARGS__) M(26, __VA_ARGS__) M(27, __VA_ARGS__)        \
    M(28, __VA_ARGS__) M(29, __VA_ARGS__) M(30, __VA_ARGS__) M(31, __VA_ARGS__)

SUP_NO_TAIL_MERGE static const void *const *sup_exec(sup_ctx *c, uint64_t max_steps)
{
#define SUP_T1(L, id) [L][SSEM_##id] = &&op1_##id##_##L,
#define SUP_X_T1(id, f, sem, opnd, al, m) SUP_LINES(SUP_T1, id)
#define SUP_T2(L, x, y) [L][SUP_K_##x##_##y] = &&op_##x##_##y##_##L,
#define SUP_X_T2(x, y) SUP_LINES(SUP_T2, x, y)
#define SUP_T3(L, x, y, z) [L][SUP_K_##x##_##y##_##z] = &&op_##x##_##y##_##z##_##L,
#define SUP_X_T3(x, y, z) SUP_LINES(SUP_T3, x, y, z)
#define SUP_TK(L, k) [L][SUP_K_##k] = &&op_##k##_##L,
    static const void *const tab[SSEM_WORDS][SUP_NKINDS] = {
        SSEM_ISA(SUP_X_T1)
        SUP_PAIRS(SUP_X_T2)
        SUP_TRIPLES(SUP_X_T3)
        SUP_LINES(SUP_TK, SUB_CMP_JRP)
        SUP_LINES(SUP_TK, DIRTY)
    };
#undef SUP_T1
#undef SUP_X_T1
#undef SUP_T2
#undef SUP_X_T2
#undef SUP_T3
#undef SUP_X_T3
#undef SUP_TK
    if (!c)
        return &tab[0][0];
    if (c->halted || !max_steps)
        return &tab[0][0];

    /* Only c, a, ci, left and ip live across dispatches: the store and
     * the code are at fixed offsets from c, which keeps `left` and A out
     * of memory (gcc spilled them when S and code had registers of their
     * own). */
#define code (c->code)
#define S (c->store)
    uint32_t a = c->a, ci = c->ci;
    uint64_t left = max_steps;
    const sup_ins *ip;
    unsigned sto_n = 0;

#define SEM_A a
#define SEM_CI ci
#define SEM_S S
/* A STO that keeps the word's function code changes no entry (operands
 * are read from the store); one that changes it leaves the pattern (giving
 * back back_ unrun steps) for sto_slow, which re-derives and dispatches. */
#define SEM_STORED(k)                                                        \
    do {                                                                     \
        if (__builtin_expect(c->fn[(k)] != ssem_word_func(a), 0)) {          \
            sto_n = (k);                                                     \
            left += back_;                                                   \
            goto sto_slow;                                                   \
        }                                                                    \
    } while (0)
#define SEM_HALT() goto halt

/* Dispatch to the entry of line M (a constant after a straight run). */
#define SUP_GO(M)                                        \
    do {                                                 \
        ip = &code[(M) & SSEM_LINE_MASK];                \
        if (__builtin_expect(left < ip->len, 0))         \
            goto slow;                                   \
        goto *ip->h;                                     \
    } while (0)

/* After the last word of a pattern ending at line E (a constant): */
#define SUP_NEXT_LDN(E) SUP_GO((E) + 1)
#define SUP_NEXT_SUB(E) SUP_GO((E) + 1)
#define SUP_NEXT_STO(E) SUP_GO((E) + 1)
#define SUP_NEXT_CMP(E) SUP_GO(ci + 1)   /* E+1 or E+2: CMP's body said which */
#define SUP_NEXT_JMP(E) SUP_GO(ci + 1)
#define SUP_NEXT_JRP(E) SUP_GO(ci + 1)
#define SUP_NEXT_STP(E) __builtin_unreachable()   /* SEM_HALT left already */

/* The body of a word that leaves back_ unrun steps if it must bail out. */
#define SUP_BODY_LDN(n, back) EMU_SEM_LDN(n);
#define SUP_BODY_SUB(n, back) EMU_SEM_SUB(n);
#define SUP_BODY_CMP(n, back) EMU_SEM_CMP(n);
#define SUP_BODY_JMP(n, back) EMU_SEM_JMP(n);
#define SUP_BODY_JRP(n, back) EMU_SEM_JRP(n);
#define SUP_BODY_STP(n, back) EMU_SEM_STP(n);
#define SUP_BODY_STO(n, back)                 \
    {                                         \
        const unsigned back_ = (back);        \
        EMU_SEM_STO(n);                       \
    }

/* Word i (0-based) of an N-word pattern at line L, not the last one. */
#define SUP_MID_LDN(L, n, i, N) EMU_SEM_LDN(n);
#define SUP_MID_SUB(L, n, i, N) EMU_SEM_SUB(n);
#define SUP_MID_STO(L, n, i, N)                                                         \
    SUP_BODY_STO(n, (N) - (i) - 1)                                                      \
    if (__builtin_expect((((n) - (L) - (i) - 1) & SSEM_LINE_MASK) < (N) - (i) - 1u, 0)) { \
        left += (N) - (i) - 1; /* it wrote a word still ahead */                        \
        SUP_GO((L) + (i) + 1);                                                          \
    }
#define SUP_MID_CMP(L, n, i, N)                                              \
    {                                                                        \
        uint32_t ci0_ = ci;                                                  \
        EMU_SEM_CMP(n);                                                      \
        if (ci != ci0_) { /* skipped: the rest is not run */                 \
            left += (N) - (i) - 1;                                           \
            SUP_GO((L) + (i) + 2);                                           \
        }                                                                    \
    }
#define SUP_STEP(sem, L, n, i, N) ci++; SUP_MID_##sem(L, n, i, N)
#define SUP_LAST(sem, E, n) ci++; SUP_BODY_##sem(n, 0) SUP_NEXT_##sem(E);

/* the operand of word i of the pattern at line L: a constant address */
#define SUP_OPND(L, i) ssem_word_operand(S[((L) + (i)) & SSEM_LINE_MASK])

/* Each word's operand is read just before its step (a STO earlier in the
 * pattern may have rewritten it) and held once: STO's body names it twice. */
#define SUP_W(L, i, body)                                      \
    {                                                         \
        const unsigned n_ = SUP_OPND(L, i);                   \
        body                                                  \
    }

#define SUP_H1(L, id, sem)                                    \
    op1_##id##_##L: {                                         \
        left--;                                               \
        SUP_W(L, 0, SUP_LAST(sem, L, n_))                        \
    }
#define SUP_X_H1(id, f, sem, opnd, al, m) SUP_LINES(SUP_H1, id, sem)

#define SUP_H2(L, x, y)                                                       \
    op_##x##_##y##_##L: {                                                     \
        left -= 2;                                                            \
        SUP_W(L, 0, SUP_STEP(x, L, n_, 0, 2))                                    \
        SUP_W(L, 1, SUP_LAST(y, (L) + 1, n_))                                    \
    }
#define SUP_X_H2(x, y) SUP_LINES(SUP_H2, x, y)

#define SUP_H3(L, x, y, z)                                                    \
    op_##x##_##y##_##z##_##L: {                                               \
        left -= 3;                                                            \
        SUP_W(L, 0, SUP_STEP(x, L, n_, 0, 3))                                    \
        SUP_W(L, 1, SUP_STEP(y, L, n_, 1, 3))                                    \
        SUP_W(L, 2, SUP_LAST(z, (L) + 2, n_))                                    \
    }
#define SUP_X_H3(x, y, z) SUP_LINES(SUP_H3, x, y, z)

/*
 * Kilburn's inner loop: SUB d; CMP; JRP j. When j brings control back to
 * the SUB (j = -3 mod 32) and nothing in the loop writes the store, k more
 * full turns are a - k*d and CI + k*(j+3): super-loop runs as many turns as
 * stay non-negative and fit the budget at once, and the last one (that goes
 * negative and falls out) through the normal path.
 */
#define SUP_HSCJ(L, unused)                                                   \
    op_SUB_CMP_JRP_##L: {                                                     \
        left -= 3;                                                            \
        SUP_W(L, 0, SUP_STEP(SUB, L, n_, 0, 3))                                  \
        SUP_W(L, 1, SUP_STEP(CMP, L, n_, 1, 3))                                  \
        ci++;                                                                 \
        EMU_SEM_JRP(SUP_OPND(L, 2));                                          \
        if (c->loops) {                                                       \
            uint32_t turn = S[SUP_OPND(L, 2)] + 3u, d = S[SUP_OPND(L, 0)];    \
            if ((turn & SSEM_LINE_MASK) == 0 && (int32_t)a >= 0) {            \
                uint64_t k = left / 3;                                        \
                if ((int32_t)d > 0) {                                         \
                    uint32_t fit = a / d; /* turns with a - d >= 0 */         \
                    if (fit < k)                                              \
                        k = fit;                                              \
                } else if (d != 0) {                                          \
                    k = 0; /* A grows or wraps: no closed form, step it */    \
                }                                                             \
                a -= (uint32_t)k * d;                                         \
                ci += (uint32_t)k * turn;                                     \
                left -= 3 * k;                                                \
            }                                                                 \
        }                                                                     \
        SUP_GO(ci + 1);                                                       \
    }

/* A line a STO undid: derive its pattern now that it runs as code. */
#define SUP_HDIRTY(L, unused)          \
    op_DIRTY_##L:                      \
    sup_derive_out(c, (L));            \
    SUP_GO(L);

    SUP_GO(ci + 1);   /* the first dispatch */

sto_slow:
    sup_refunc(c, sto_n, sup_derive);
    SUP_GO(ci + 1);

slow:
    if (left == 0)
        goto out;
    /* too few steps left for the pattern: its first word alone */
    goto *tab[ip - code][ip->f0];

    SSEM_ISA(SUP_X_H1)
    SUP_PAIRS(SUP_X_H2)
    SUP_TRIPLES(SUP_X_H3)
    SUP_LINES(SUP_HSCJ, 0)
    SUP_LINES(SUP_HDIRTY, 0)

halt:
    c->halted = true;
out:
    c->a = a;
    c->ci = ci;
    c->steps += max_steps - left;
    return &tab[0][0];

#undef code
#undef S
#include "emu_semantics_end.h"
#undef SUP_GO
#undef SUP_NEXT_LDN
#undef SUP_NEXT_SUB
#undef SUP_NEXT_STO
#undef SUP_NEXT_CMP
#undef SUP_NEXT_JMP
#undef SUP_NEXT_JRP
#undef SUP_NEXT_STP
#undef SUP_MID_LDN
#undef SUP_BODY_LDN
#undef SUP_BODY_SUB
#undef SUP_BODY_CMP
#undef SUP_BODY_JMP
#undef SUP_BODY_JRP
#undef SUP_BODY_STP
#undef SUP_BODY_STO
#undef SUP_MID_SUB
#undef SUP_MID_STO
#undef SUP_MID_CMP
#undef SUP_STEP
#undef SUP_LAST
#undef SUP_OPND
#undef SUP_W
#undef SUP_H1
#undef SUP_X_H1
#undef SUP_H2
#undef SUP_X_H2
#undef SUP_H3
#undef SUP_X_H3
#undef SUP_HSCJ
#undef SUP_HDIRTY
}
