/* bench_native.c: the bench's `native` row: Kilburn's routine (bench/kilburn.s) translated by hand to C, counting steps exactly as the machine does. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "bench.h"
#include "ssem_isa.h"

/*
 * What an emulator of this program could at best become: the same
 * instructions with the dispatch gone. The store lines the routine uses are
 * locals, each SSEM instruction is one C statement (marked with its line),
 * and the program's loops are C loops. No algebra: the inner loop still
 * subtracts b once per turn, as the machine did, so native does the same
 * work per SSEM instruction as every engine and the ratio engine/native
 * measures what interpretation costs.
 *
 * Steps are exact. Each basic block checks the budget once ("are the k
 * steps of this block left?"); when fewer are left, the same lines run one
 * at a time (the `sN` labels below, one per store line) until the budget
 * is spent, so a run of N steps ends in exactly the state the reference
 * reaches after N steps. The line-by-line code doubles as the way in: a
 * run resumes after any line CI of the routine, so run(a) then run(b) is
 * run(a + b) and emu_lockstep can step it one instruction at a time.
 */

/* Kilburn's store layout (bench/kilburn.s): code in lines 1-19, then data. */
enum {
    L_BACK = 20,   /* -3: JRP back returns to `trial` */
    L_ONE = 21,
    L_LOOP = 22,   /* again-1 = 4: JMP loop returns to `again` */
    L_NA = 23,     /* -P */
    L_B0 = 24,     /* P-1, the first divisor */
    L_R = 25,      /* the remainder */
    L_NB = 26,     /* -b */
    L_B = 27,      /* the divisor b */
    L_LAST_CODE = 19,
};

#define W(f, n) ((uint32_t)SSEM_##f << SSEM_FUNC_SHIFT | (n))   /* ssem_word_make, as a constant */
static const uint32_t kilburn_code[L_LAST_CODE + 1] = {
    [1] = W(LDN, L_B0),  [2] = W(STO, L_NB),  [3] = W(LDN, L_NB),  [4] = W(STO, L_B),
    [5] = W(LDN, L_NA),  [6] = W(SUB, L_B),   [7] = W(CMP, 0),     [8] = W(JRP, L_BACK),
    [9] = W(SUB, L_NB),  [10] = W(STO, L_R),  [11] = W(LDN, L_R),  [12] = W(CMP, 0),
    [13] = W(STP, 0),    [14] = W(LDN, L_NB), [15] = W(SUB, L_ONE), [16] = W(STO, L_B),
    [17] = W(LDN, L_B),  [18] = W(STO, L_NB), [19] = W(JMP, L_LOOP),
};
#undef W

bool bench_native_fits(const emu_machine *m, char *why, size_t whylen)
{
    char dummy[1];
    if (!why || !whylen) {
        why = dummy;
        whylen = sizeof dummy;
    }
    for (unsigned i = 1; i <= L_LAST_CODE; i++)
        if (m->store[i] != kilburn_code[i]) {
            snprintf(why, whylen, "line %u is %#" PRIx32 ", Kilburn's routine has %#" PRIx32, i,
                     m->store[i], kilburn_code[i]);
            return false;
        }
    /* The two jump words decide where control goes, and the C below has
     * that control flow built in; every other data word may hold anything. */
    if (m->store[L_BACK] != (uint32_t)-3 || m->store[L_LOOP] != 4) {
        snprintf(why, whylen, "the jump words (lines %d, %d) are not -3 and 4", L_BACK, L_LOOP);
        return false;
    }
    /* Resumable after any line of the routine (CI 0..18), CI kept whole. */
    if (m->halted ? m->ci != 13 : m->ci >= L_LAST_CODE) {
        snprintf(why, whylen, "CI %" PRIu32 " is not a point of the routine%s", m->ci,
                 m->halted ? " where it halts" : "");
        return false;
    }
    return true;
}

static inline bool negative(uint32_t a)
{
    return a >> 31;   /* CMP: A < 0 as a 32-bit two's complement number */
}

/* One line executed one at a time: before line L runs, CI holds L-1 (after
 * a straight step, after CMP's skip, after JRP back and JMP loop alike), so
 * that is the CI to leave with when the budget ends here. */
#define STEP(L)                  \
    do {                         \
        if (left == 0) {         \
            ci = (L) - 1;        \
            goto out;            \
        }                        \
        left--;                  \
    } while (0)

/* A block's budget check: take its k steps, or run it line by line from
 * `slow` when fewer are left. The borrow of the subtraction is the test. */
#define TAKE(k, slow)                                   \
    do {                                                \
        if (__builtin_sub_overflow(left, (k), &left)) { \
            left += (k);                                \
            goto slow;                                  \
        }                                               \
    } while (0)

int bench_native_kilburn(emu_machine *m, uint64_t max_steps)
{
    if (!bench_native_fits(m, NULL, 0))
        return -1;
    if (m->halted)
        return 0;
    uint32_t *s = m->store;
    const uint32_t one = s[L_ONE], na = s[L_NA], b0 = s[L_B0];
    uint32_t r = s[L_R], nb = s[L_NB], b = s[L_B];
    uint32_t a = m->a, ci;
    bool halted = false;
    uint64_t left = max_steps;

    switch (m->ci) {   /* resume with the line after CI */
    case 0: goto s1;
    case 1: goto s2;
    case 2: goto s3;
    case 3: goto s4;
    case 4: goto s5;
    case 5: goto s6;
    case 6: goto s7;
    case 7: goto s8;
    case 8: goto s9;
    case 9: goto s10;
    case 10: goto s11;
    case 11: goto s12;
    case 12: goto s13;
    case 13: goto s14;
    case 14: goto s15;
    case 15: goto s16;
    case 16: goto s17;
    case 17: goto s18;
    default: goto s19;   /* 18: bench_native_fits allows nothing else */
    }

    /* The blocks, each with one budget check. */
trial:   /* lines 6-8, the inner loop: subtract b until A goes negative */
    /* TAKE(3) a turn, giving one step back on the way out: gcc closes the
     * loop with the borrow test (sub, jae), one taken branch a turn. */
    while (!__builtin_sub_overflow(left, 3, &left)) {
        a -= b;                  /*  6 SUB b */
        if (negative(a)) {       /*  7 CMP: skips the JRP */
            left += 1;
            goto found;
        }
                                 /*  8 JRP back: CI += -3, to trial */
    }
    left += 3;
    goto s6;

found:   /* lines 9-12: the remainder; zero stops, otherwise the next divisor */
    TAKE(4, s9);
    a -= nb;                     /*  9 SUB nb: A + b, the remainder */
    r = a;                       /* 10 STO r */
    a = 0u - r;                  /* 11 LDN r */
    if (!negative(a))            /* 12 CMP: a zero remainder does not skip */
        goto s13;
    /* lines 14-19 and 5: b = b - 1, back to `again` */
    TAKE(7, s14);
    a = 0u - nb;                 /* 14 LDN nb */
    a -= one;                    /* 15 SUB one */
    b = a;                       /* 16 STO b */
    a = 0u - b;                  /* 17 LDN b */
    nb = a;                      /* 18 STO nb */
                                 /* 19 JMP loop: CI = 4, to again */
    a = 0u - na;                 /*  5 LDN na */
    goto trial;

    /* Line by line: the start, the end of a budget, and a resumed run.
     * Each returns to the blocks where one begins. */
s1: STEP(1);  a = 0u - b0;                  /* LDN b0 */
s2: STEP(2);  nb = a;                       /* STO nb */
s3: STEP(3);  a = 0u - nb;                  /* LDN nb */
s4: STEP(4);  b = a;                        /* STO b */
s5: STEP(5);  a = 0u - na;                  /* LDN na */
    goto trial;
s6: STEP(6);  a -= b;                       /* SUB b */
s7: STEP(7);  if (negative(a)) goto found;  /* CMP */
s8: STEP(8);  goto trial;                   /* JRP back */
s9: STEP(9);  a -= nb;                      /* SUB nb */
s10: STEP(10); r = a;                       /* STO r */
s11: STEP(11); a = 0u - r;                  /* LDN r */
s12: STEP(12); if (negative(a)) goto s14;   /* CMP */
s13: STEP(13); ci = 13; halted = true;      /* STP: CI stays on the STP line */
    goto out;
s14: STEP(14); a = 0u - nb;                 /* LDN nb */
s15: STEP(15); a -= one;                    /* SUB one */
s16: STEP(16); b = a;                       /* STO b */
s17: STEP(17); a = 0u - b;                  /* LDN b */
s18: STEP(18); nb = a;                      /* STO nb */
s19: STEP(19); goto s5;                     /* JMP loop */

out:
    s[L_R] = r;
    s[L_NB] = nb;
    s[L_B] = b;
    m->a = a;
    m->ci = ci;
    m->steps += max_steps - left;
    m->halted = halted;
    return 0;
}
#undef STEP
#undef TAKE

/* As an engine, so the bench checks and times it with the engines' code;
 * its context is the T-state itself. Not registered: it runs one program. */
static void native_run(void *ctx, uint64_t max_steps)
{
    if (bench_native_kilburn(ctx, max_steps) != 0) {
        char why[160];
        bench_native_fits(ctx, why, sizeof why);
        fprintf(stderr, "ssem-bench: native runs only Kilburn's routine: %s\n", why);
        abort();
    }
}

const emu_engine bench_native_engine = {
    .name = "native",
    .summary = "Kilburn's routine hand-translated to C (kilburn only)",
    .ctx_size = sizeof(emu_machine),
    .load = emu_machine_load,
    .run = native_run,
    .interp = emu_machine_interp,
    .counters = NULL,
    .fini = NULL,
};
