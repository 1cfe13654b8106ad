/* emu_super_exec.h: the superinstruction handlers, written once and bound per store line by computed goto or by tail calls. */

/*
 * Every step's work is the shared body from emu_semantics.h; a fused
 * handler is several bodies in a row with one dispatch at the end, so a
 * pattern of k words saves k-1 indirect jumps and k-1 budget checks.
 *
 * Each handler exists once per store line L (as in the `replicated`
 * engine): the copy knows its line, so its operands and, after a straight
 * run, its successor entry are at constant addresses, off the CI chain
 * (CI is still kept exactly). Lines are tokens: SUP_LINES(M, ...) calls
 * M(L, L+1, L+2, L+3, L+4, ...) mod 32 for every line, so a handler can
 * name the line it falls through to.
 *
 * A binding (emu_engine_super.c: labels and `goto *`; emu_engine_super_tail.c:
 * functions and musttail calls) defines, before expanding SUP_HANDLERS:
 *   SUP_HLINES(M, ...)  optional: the lines to instantiate for, SUP_LINES
 *                   by default; the shared binding passes one line whose
 *                   number is a variable (then the successor tokens are
 *                   dummies and its SUP_FALL dispatches from CI)
 *   SUP_OPEN(K, L) SUP_CLOSE   open and close the handler of kind K at line L
 *   SUP_FALL(M)     continue at the entry of line M (a token)
 *   SUP_JUMP(E)     continue at line CI + 1, after a jump at line E
 *   SUP_STO_OUT(k, back)  a STO changed the function of line k: re-derive,
 *                   giving back `back` steps of the pattern not run
 *   SUP_HALT_OUT()  STP;  SUP_BREAK_OUT()  stop before this line
 * with a, ci, left (the budget) and c (the sup_ctx) in scope.
 *
 * Budget: dispatch falls back to the single-word handler of the line when
 * fewer steps are left than the entry's len, so a run of N steps stops
 * after exactly N, fused or not. Each handler takes its full length from
 * `left` on entry and gives back what an early exit (a CMP that skips, a
 * STO that changes a function) did not run.
 *
 * Operands are read from the store just before each step, so a STO
 * earlier in a pattern that rewrites a later word's operand is seen; one
 * that rewrites its function leaves through SUP_STO_OUT.
 */

#define SUP_LINES(M, ...)                                                          \
    M(0, 1, 2, 3, 4, __VA_ARGS__) M(1, 2, 3, 4, 5, __VA_ARGS__)                    \
    M(2, 3, 4, 5, 6, __VA_ARGS__) M(3, 4, 5, 6, 7, __VA_ARGS__)                    \
    M(4, 5, 6, 7, 8, __VA_ARGS__) M(5, 6, 7, 8, 9, __VA_ARGS__)                    \
    M(6, 7, 8, 9, 10, __VA_ARGS__) M(7, 8, 9, 10, 11, __VA_ARGS__)                 \
    M(8, 9, 10, 11, 12, __VA_ARGS__) M(9, 10, 11, 12, 13, __VA_ARGS__)            \
    M(10, 11, 12, 13, 14, __VA_ARGS__) M(11, 12, 13, 14, 15, __VA_ARGS__)         \
    M(12, 13, 14, 15, 16, __VA_ARGS__) M(13, 14, 15, 16, 17, __VA_ARGS__)         \
    M(14, 15, 16, 17, 18, __VA_ARGS__) M(15, 16, 17, 18, 19, __VA_ARGS__)         \
    M(16, 17, 18, 19, 20, __VA_ARGS__) M(17, 18, 19, 20, 21, __VA_ARGS__)         \
    M(18, 19, 20, 21, 22, __VA_ARGS__) M(19, 20, 21, 22, 23, __VA_ARGS__)         \
    M(20, 21, 22, 23, 24, __VA_ARGS__) M(21, 22, 23, 24, 25, __VA_ARGS__)         \
    M(22, 23, 24, 25, 26, __VA_ARGS__) M(23, 24, 25, 26, 27, __VA_ARGS__)         \
    M(24, 25, 26, 27, 28, __VA_ARGS__) M(25, 26, 27, 28, 29, __VA_ARGS__)         \
    M(26, 27, 28, 29, 30, __VA_ARGS__) M(27, 28, 29, 30, 31, __VA_ARGS__)         \
    M(28, 29, 30, 31, 0, __VA_ARGS__) M(29, 30, 31, 0, 1, __VA_ARGS__)            \
    M(30, 31, 0, 1, 2, __VA_ARGS__) M(31, 0, 1, 2, 3, __VA_ARGS__)

#define S (c->m.store)
#define SEM_A a
#define SEM_CI ci
#define SEM_S S
/* A STO that keeps the word's function code changes no entry (operands
 * are read from the store); one that changes it leaves the pattern. */
#define SEM_STORED(k)                                                \
    do {                                                             \
        if (__builtin_expect(c->fn[(k)] != ssem_word_func(a), 0))    \
            SUP_STO_OUT((k), back_);                                 \
    } while (0)
#define SEM_HALT() SUP_HALT_OUT()

/* the operand of word i of the pattern at line L: a constant address */
#define SUP_OPND(L, i) ssem_word_operand(S[((L) + (i)) & SSEM_LINE_MASK])
/* Word i (0-based) of an N-word pattern at line L, read just before its
 * step and held once (STO's body names it twice). */
#define SUP_W(L, i, body)                    \
    {                                        \
        ci++;                                \
        const unsigned n_ = SUP_OPND(L, i);  \
        body                                 \
    }

/* A word inside a pattern; M1, M2: the tokens of the two lines after it. */
#define SUP_MID_LDN(n, back, M1, M2) EMU_SEM_LDN(n);
#define SUP_MID_SUB(n, back, M1, M2) EMU_SEM_SUB(n);
#define SUP_MID_STO(n, back, M1, M2)   \
    {                                  \
        const unsigned back_ = (back); \
        EMU_SEM_STO(n);                \
    }
#define SUP_MID_CMP(n, back, M1, M2)                      \
    {                                                     \
        const uint32_t ci0_ = ci;                         \
        EMU_SEM_CMP(n);                                   \
        if (ci != ci0_) { /* skipped: the rest is not run */ \
            left += (back);                               \
            SUP_FALL(M2);                                 \
        }                                                 \
    }

/* The last word, at line E; M1, M2: the tokens of the lines after it. */
#define SUP_LAST_LDN(n, E, M1, M2) EMU_SEM_LDN(n); SUP_FALL(M1);
#define SUP_LAST_SUB(n, E, M1, M2) EMU_SEM_SUB(n); SUP_FALL(M1);
#define SUP_LAST_STO(n, E, M1, M2) SUP_MID_STO(n, 0, M1, M2) SUP_FALL(M1);
/* both successors of a closing CMP are constants: a conditional branch
 * and a dispatch whose target only a STO changes */
#define SUP_LAST_CMP(n, E, M1, M2) SUP_MID_CMP(n, 0, M1, M2) SUP_FALL(M1);
#define SUP_LAST_JMP(n, E, M1, M2) EMU_SEM_JMP(n); SUP_JUMP(E);
#define SUP_LAST_JRP(n, E, M1, M2) EMU_SEM_JRP(n); SUP_JUMP(E);
#define SUP_LAST_STP(n, E, M1, M2) EMU_SEM_STP(n); __builtin_unreachable();

#define SUP_H1(L, L1, L2, L3, L4, id, sem)            \
    SUP_OPEN(one_##id, L)                             \
    left--;                                           \
    SUP_W(L, 0, SUP_LAST_##sem(n_, L, L1, L2))        \
    SUP_CLOSE
#define SUP_X_H1(id, f, sem, opnd, al, m) SUP_HLINES(SUP_H1, id, sem)

#define SUP_H2(L, L1, L2, L3, L4, x, y)               \
    SUP_OPEN(x##_##y, L)                              \
    left -= 2;                                        \
    SUP_W(L, 0, SUP_MID_##x(n_, 1, L1, L2))           \
    SUP_W(L, 1, SUP_LAST_##y(n_, L1, L2, L3))         \
    SUP_CLOSE
#define SUP_X_H2(x, y) SUP_HLINES(SUP_H2, x, y)

#define SUP_H3(L, L1, L2, L3, L4, x, y, z)            \
    SUP_OPEN(x##_##y##_##z, L)                        \
    left -= 3;                                        \
    SUP_W(L, 0, SUP_MID_##x(n_, 2, L1, L2))           \
    SUP_W(L, 1, SUP_MID_##y(n_, 1, L2, L3))           \
    SUP_W(L, 2, SUP_LAST_##z(n_, L2, L3, L4))         \
    SUP_CLOSE
#define SUP_X_H3(x, y, z) SUP_HLINES(SUP_H3, x, y, z)

/*
 * Kilburn's inner loop: SUB d; CMP; JRP j. When j brings control back to
 * the SUB (j = -3 mod 32) and nothing in the loop writes the store, k more
 * full turns are a - k*d and CI + k*(j+3): super-loop runs as many turns as
 * stay non-negative and fit the budget at once, and the last one (that goes
 * negative and falls out) through the normal path.
 */
#define SUP_HSCJ(L, L1, L2, L3, L4, unused)                                   \
    SUP_OPEN(SUB_CMP_JRP, L)                                                  \
    left -= 3;                                                                \
    SUP_W(L, 0, SUP_MID_SUB(n_, 2, L1, L2))                                   \
    SUP_W(L, 1, SUP_MID_CMP(n_, 1, L2, L3))                                   \
    ci++;                                                                     \
    EMU_SEM_JRP(SUP_OPND(L, 2));                                              \
    if (c->loops) {                                                           \
        uint32_t turn = S[SUP_OPND(L, 2)] + 3u, d = S[SUP_OPND(L, 0)];        \
        if ((turn & SSEM_LINE_MASK) == 0 && (int32_t)a >= 0) {                \
            uint64_t k = left / 3;                                            \
            if ((int32_t)d > 0) {                                             \
                uint32_t fit = a / d; /* turns with a - d >= 0 */             \
                if (fit < k)                                                  \
                    k = fit;                                                  \
            } else if (d != 0) {                                              \
                k = 0; /* A grows or wraps: no closed form, step it */        \
            }                                                                 \
            a -= (uint32_t)k * d;                                             \
            ci += (uint32_t)k * turn;                                         \
            left -= 3 * k;                                                    \
        }                                                                     \
    }                                                                         \
    SUP_JUMP(L2);                                                             \
    SUP_CLOSE

/* A line a STO undid: derive its pattern now that it runs as code. */
#define SUP_HDIRTY(L, L1, L2, L3, L4, unused) \
    SUP_OPEN(DIRTY, L)                        \
    sup_derive_out(c, (L));                   \
    SUP_FALL(L);                              \
    SUP_CLOSE

/* A break line: stop before it, nothing run or counted. */
#define SUP_HBREAK(L, L1, L2, L3, L4, unused) \
    SUP_OPEN(BREAK, L)                        \
    SUP_BREAK_OUT();                          \
    SUP_CLOSE

/* The lines the handlers are instantiated for: every line, or (the
 * shared binding) once for a line held in a variable. */
#ifndef SUP_HLINES
#define SUP_HLINES SUP_LINES
#endif

#define SUP_HANDLERS            \
    SSEM_ISA(SUP_X_H1)          \
    SUP_PAIRS(SUP_X_H2)         \
    SUP_TRIPLES(SUP_X_H3)       \
    SUP_HLINES(SUP_HSCJ, 0)     \
    SUP_HLINES(SUP_HDIRTY, 0)   \
    SUP_HLINES(SUP_HBREAK, 0)

/* The initialiser of tab[line][kind], given SUP_ADDR(K, L). */
#define SUP_T1(L, L1, L2, L3, L4, id) [L][SSEM_##id] = SUP_ADDR(one_##id, L),
#define SUP_X_T1(id, f, sem, opnd, al, m) SUP_LINES(SUP_T1, id)
#define SUP_T2(L, L1, L2, L3, L4, x, y) [L][SUP_K_##x##_##y] = SUP_ADDR(x##_##y, L),
#define SUP_X_T2(x, y) SUP_LINES(SUP_T2, x, y)
#define SUP_T3(L, L1, L2, L3, L4, x, y, z) [L][SUP_K_##x##_##y##_##z] = SUP_ADDR(x##_##y##_##z, L),
#define SUP_X_T3(x, y, z) SUP_LINES(SUP_T3, x, y, z)
#define SUP_TK(L, L1, L2, L3, L4, k) [L][SUP_K_##k] = SUP_ADDR(k, L),
#define SUP_TABLE                                                                  \
    {                                                                              \
        SSEM_ISA(SUP_X_T1) SUP_PAIRS(SUP_X_T2) SUP_TRIPLES(SUP_X_T3)               \
        SUP_LINES(SUP_TK, SUB_CMP_JRP) SUP_LINES(SUP_TK, DIRTY) SUP_LINES(SUP_TK, BREAK) \
    }
