/* emu_super_exec.h: the superinstruction dispatch loop (direct threading, one handler per pattern). */

/*
 * Included once by emu_engine_super.c, which defines SUP_NO_TAIL_MERGE.
 *
 * Every step's work is the shared body from emu_semantics.h; a fused
 * handler is just several bodies in a row with one dispatch at the end,
 * so a pattern of k words saves k-1 indirect jumps and k-1 budget checks.
 * (Handlers replicated per store line were tried too: see bench/README.md.)
 *
 * Budget: a handler may run up to ip->len steps, so dispatch falls back to
 * the single-word handler of the line when fewer steps are left; a run of
 * N steps thus stops after exactly N, fused or not. Each handler takes its
 * full length from `left` on entry and gives back what an early exit
 * (a CMP that skips, a STO into the rest of the pattern) did not run.
 */
SUP_NO_TAIL_MERGE static const void *const *sup_exec(sup_ctx *c, uint64_t max_steps)
{
#define SUP_X_TAB1(id, f, sem, opnd, al, m) [f] = &&op1_##id,
#define SUP_X_TAB2(x, y) [SUP_K_##x##_##y] = &&op_##x##_##y,
#define SUP_X_TAB3(x, y, z) [SUP_K_##x##_##y##_##z] = &&op_##x##_##y##_##z,
    static const void *const tab[SUP_NKINDS] = {
        SSEM_ISA(SUP_X_TAB1)
        SUP_PAIRS(SUP_X_TAB2)
        [SUP_K_SUB_CMP_JRP] = &&op_SUB_CMP_JRP,
        SUP_TRIPLES(SUP_X_TAB3)
        [SUP_K_DIRTY] = &&op_DIRTY,
    };
#undef SUP_X_TAB1
#undef SUP_X_TAB2
#undef SUP_X_TAB3
    if (!c)
        return tab;
    if (c->halted || !max_steps)
        return tab;

    /* Only c, a, ci, left and ip live across dispatches: the store and
     * the code are at fixed offsets from c, which keeps `left` and A out
     * of memory (gcc spilled them when S and code had registers of their
     * own, and when the rare paths were inline). */
#define code (c->code)
#define S (c->store)
    uint32_t a = c->a, ci = c->ci;
    uint64_t left = max_steps;
    const sup_ins *ip;

#define SEM_A a
#define SEM_CI ci
#define SEM_S S
#define SEM_STORED(k) sup_stored(c, (k))
#define SEM_HALT() goto halt

#define SUP_DISPATCH()                                   \
    do {                                                 \
        ip = &code[(ci + 1) & SSEM_LINE_MASK];           \
        if (__builtin_expect(left < ip->len, 0))         \
            goto slow;                                   \
        goto *ip->h;                                     \
    } while (0)

/* The single-word handlers are the shared ones, as the threaded engine's. */
#define VMCASE(id) \
    op1_##id:      \
    ci++;          \
    left--;
#define VMOPERAND ip->n[0]
#define VMBREAK SUP_DISPATCH()

/* Step i (0-based) of an N-word pattern, through the shared bodies. */
#define SUP_MID_LDN(n, i, N) EMU_SEM_LDN(n);
#define SUP_MID_SUB(n, i, N) EMU_SEM_SUB(n);
#define SUP_MID_STO(n, i, N)                                           \
    EMU_SEM_STO(n);                                                    \
    if ((((n) - ci - 1) & SSEM_LINE_MASK) < (N) - (i) - 1u) {          \
        left += (N) - (i) - 1; /* it wrote a word still ahead */       \
        SUP_DISPATCH();                                                \
    }
#define SUP_MID_CMP(n, i, N)                                           \
    {                                                                  \
        uint32_t ci0_ = ci;                                            \
        EMU_SEM_CMP(n);                                                \
        if (ci != ci0_) { /* skipped: the rest is not run */           \
            left += (N) - (i) - 1;                                     \
            SUP_DISPATCH();                                            \
        }                                                              \
    }
#define SUP_STEP(sem, n, i, N) ci++; SUP_MID_##sem(n, i, N)
#define SUP_LAST(sem, n) ci++; EMU_SEM_##sem(n); SUP_DISPATCH();

#define SUP_X_PAIR(x, y)                                 \
    op_##x##_##y: {                                      \
        const unsigned n0_ = ip->n[0], n1_ = ip->n[1];   \
        left -= 2;                                       \
        SUP_STEP(x, n0_, 0, 2)                           \
        SUP_LAST(y, n1_)                                 \
    }
#define SUP_X_TRIPLE(x, y, z)                                                 \
    op_##x##_##y##_##z: {                                                     \
        const unsigned n0_ = ip->n[0], n1_ = ip->n[1], n2_ = ip->n[2];        \
        left -= 3;                                                            \
        SUP_STEP(x, n0_, 0, 3)                                                \
        SUP_STEP(y, n1_, 1, 3)                                                \
        SUP_LAST(z, n2_)                                                      \
    }

    SUP_DISPATCH();   /* the first dispatch */

slow:
    if (left == 0)
        goto out;
    goto *tab[ip->f0];   /* too few steps left for the pattern: one word */

    /* A line a STO undid: derive its pattern now that it runs as code. */
op_DIRTY:
    sup_derive_out(c, (unsigned)(ip - code));
    SUP_DISPATCH();

    EMU_SEM_HANDLERS
    SUP_PAIRS(SUP_X_PAIR)
    SUP_TRIPLES(SUP_X_TRIPLE)

    /* Kilburn's inner loop: SUB d; CMP; JRP j. When j brings control back
     * to the SUB (j = -3 mod 32) and nothing in the loop writes the store,
     * k more full turns are a - k*d and CI + k*(j+3): super-loop runs as
     * many turns as stay non-negative and fit the budget at once, and the
     * last (the one that goes negative and falls out) the normal way. */
op_SUB_CMP_JRP: {
        const unsigned n0_ = ip->n[0], n1_ = ip->n[1], n2_ = ip->n[2];
        left -= 3;
        SUP_STEP(SUB, n0_, 0, 3)
        SUP_STEP(CMP, n1_, 1, 3)
        ci++;
        EMU_SEM_JRP(n2_);
        if (c->loops) {
            uint32_t turn = S[n2_] + 3u, d = S[n0_];
            if ((turn & SSEM_LINE_MASK) == 0 && (int32_t)a >= 0) {
                uint64_t k = left / 3;
                if ((int32_t)d > 0) {
                    uint32_t fit = a / d;   /* turns with a - d >= 0 */
                    if (fit < k)
                        k = fit;
                } else if (d != 0) {
                    k = 0;   /* A grows or wraps: no closed form, step it */
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
    return tab;

#undef code
#undef S
#undef SEM_A
#undef SEM_CI
#undef SEM_S
#undef SEM_STORED
#undef SEM_HALT
#undef SUP_DISPATCH
#undef VMCASE
#undef VMOPERAND
#undef VMBREAK
#undef SUP_MID_LDN
#undef SUP_MID_SUB
#undef SUP_MID_STO
#undef SUP_MID_CMP
#undef SUP_STEP
#undef SUP_LAST
#undef SUP_X_PAIR
#undef SUP_X_TRIPLE
}
