/* emu_super_exec_shared.h: the superinstruction loop with one handler per pattern (not per line), for compilers that choke on the replicated one. */

/*
 * Included by emu_engine_super.c instead of emu_super_exec.h when
 * SUP_SHARED is 1 (clang: it takes minutes over the 1150 labels of the
 * replicated loop and merges their jumps into a few anyway, so
 * replication buys it nothing). Same representation: tab[line][kind] is
 * filled with the same label on every line, and operands are read from
 * the store, from the word CI has just reached. Same budget, bail-out and
 * STO rules as emu_super_exec.h, whose comments explain them.
 */
SUP_NO_TAIL_MERGE static const void *const *sup_exec(sup_ctx *c, uint64_t max_steps)
{
    static const void *tab[SSEM_WORDS][SUP_NKINDS];
    if (!tab[0][SUP_K_DIRTY]) {
        /* Filling it on every call would race; this is done before the
         * first load by the constructor below (sup_exec(NULL, 0)). */
#define SUP_X_TAB1(id, f, sem, opnd, al, m) tab[0][f] = &&op1_##id;
#define SUP_X_TAB2(x, y) tab[0][SUP_K_##x##_##y] = &&op_##x##_##y;
#define SUP_X_TAB3(x, y, z) tab[0][SUP_K_##x##_##y##_##z] = &&op_##x##_##y##_##z;
        SSEM_ISA(SUP_X_TAB1)
        SUP_PAIRS(SUP_X_TAB2)
        SUP_TRIPLES(SUP_X_TAB3)
        tab[0][SUP_K_SUB_CMP_JRP] = &&op_SUB_CMP_JRP;
        tab[0][SUP_K_DIRTY] = &&op_DIRTY;
#undef SUP_X_TAB1
#undef SUP_X_TAB2
#undef SUP_X_TAB3
        for (unsigned i = 1; i < SSEM_WORDS; i++)
            memcpy(tab[i], tab[0], sizeof tab[0]);
    }
    if (!c || c->halted || !max_steps)
        return (const void *const *)&tab[0][0];

#define code (c->code)
#define S (c->store)
    uint32_t a = c->a, ci = c->ci;
    uint64_t left = max_steps;
    const sup_ins *ip;
    unsigned sto_n = 0;

#define SEM_A a
#define SEM_CI ci
#define SEM_S S
#define SEM_STORED(k)                                                        \
    do {                                                                     \
        if (__builtin_expect(c->fn[(k)] != ssem_word_func(a), 0)) {          \
            sto_n = (k);                                                     \
            left += back_;                                                   \
            goto sto_slow;                                                   \
        }                                                                    \
    } while (0)
#define SEM_HALT() goto halt

#define SUP_DISPATCH()                                   \
    do {                                                 \
        ip = &code[(ci + 1) & SSEM_LINE_MASK];           \
        if (__builtin_expect(left < ip->len, 0))         \
            goto slow;                                   \
        goto *ip->h;                                     \
    } while (0)

/* the operand of the word CI has just reached */
#define SUP_N ssem_word_operand(S[ci & SSEM_LINE_MASK])

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

#define SUP_MID_LDN(n, i, N) EMU_SEM_LDN(n);
#define SUP_MID_SUB(n, i, N) EMU_SEM_SUB(n);
#define SUP_MID_STO(n, i, N)                                                        \
    SUP_BODY_STO(n, (N) - (i) - 1)                                                  \
    if (__builtin_expect((((n) - ci - 1) & SSEM_LINE_MASK) < (N) - (i) - 1u, 0)) {  \
        left += (N) - (i) - 1;                                                      \
        SUP_DISPATCH();                                                             \
    }
#define SUP_MID_CMP(n, i, N)                                           \
    {                                                                  \
        uint32_t ci0_ = ci;                                            \
        EMU_SEM_CMP(n);                                                \
        if (ci != ci0_) {                                              \
            left += (N) - (i) - 1;                                     \
            SUP_DISPATCH();                                            \
        }                                                              \
    }
#define SUP_STEP(sem, i, N)              \
    ci++;                                \
    {                                    \
        const unsigned n_ = SUP_N;       \
        SUP_MID_##sem(n_, i, N)          \
    }
#define SUP_LAST(sem)                    \
    ci++;                                \
    {                                    \
        const unsigned n_ = SUP_N;       \
        SUP_BODY_##sem(n_, 0)            \
    }                                    \
    SUP_DISPATCH();

#define SUP_X_H1(id, f, sem, opnd, al, m) \
    op1_##id : left--;                    \
    SUP_LAST(sem)
#define SUP_X_PAIR(x, y)       \
    op_##x##_##y : left -= 2;  \
    SUP_STEP(x, 0, 2)          \
    SUP_LAST(y)
#define SUP_X_TRIPLE(x, y, z)          \
    op_##x##_##y##_##z : left -= 3;    \
    SUP_STEP(x, 0, 3)                  \
    SUP_STEP(y, 1, 3)                  \
    SUP_LAST(z)

    SUP_DISPATCH();

sto_slow:
    sup_refunc(c, sto_n, sup_derive_out);
    SUP_DISPATCH();

slow:
    if (left == 0)
        goto out;
    goto *tab[0][ip->f0];

op_DIRTY:
    sup_derive_out(c, (unsigned)(ip - code));
    SUP_DISPATCH();

    SSEM_ISA(SUP_X_H1)
    SUP_PAIRS(SUP_X_PAIR)
    SUP_TRIPLES(SUP_X_TRIPLE)

op_SUB_CMP_JRP: {
        unsigned l0 = (ci + 1) & SSEM_LINE_MASK;
        left -= 3;
        SUP_STEP(SUB, 0, 3)
        SUP_STEP(CMP, 1, 3)
        ci++;
        unsigned n2 = SUP_N;
        EMU_SEM_JRP(n2);
        if (c->loops) {
            uint32_t turn = S[n2] + 3u, d = S[ssem_word_operand(S[l0])];
            if ((turn & SSEM_LINE_MASK) == 0 && (int32_t)a >= 0) {
                uint64_t k = left / 3;
                if ((int32_t)d > 0) {
                    uint32_t fit = a / d;
                    if (fit < k)
                        k = fit;
                } else if (d != 0) {
                    k = 0;
                }
                a -= (uint32_t)k * d;
                ci += (uint32_t)k * turn;
                left -= 3 * k;
            }
        }
        SUP_DISPATCH();
    }

halt:
    c->halted = true;
out:
    c->a = a;
    c->ci = ci;
    c->steps += max_steps - left;
    return (const void *const *)&tab[0][0];

#undef code
#undef S
#include "emu_semantics_end.h"
#undef SUP_DISPATCH
#undef SUP_N
#undef SUP_BODY_LDN
#undef SUP_BODY_SUB
#undef SUP_BODY_CMP
#undef SUP_BODY_JMP
#undef SUP_BODY_JRP
#undef SUP_BODY_STP
#undef SUP_BODY_STO
#undef SUP_MID_LDN
#undef SUP_MID_SUB
#undef SUP_MID_STO
#undef SUP_MID_CMP
#undef SUP_STEP
#undef SUP_LAST
#undef SUP_X_H1
#undef SUP_X_PAIR
#undef SUP_X_TRIPLE
}
