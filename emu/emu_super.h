/* emu_super.h: the superinstruction engines' representation: per line, the longest fused pattern starting there. */
#ifndef EMU_SUPER_H
#define EMU_SUPER_H

#include <stdbool.h>
#include <stdint.h>

#include "ssem_isa.h"
#include "ssem_word.h"

/*
 * The patterns, chosen from the instruction-sequence profile of the corpus
 * and the bench programs (`ssem-bench --profile`, table in bench/README.md).
 * A pattern is a run of words on consecutive lines (mod 32) that execution
 * walks straight through; only its last member may transfer control
 * (JMP, JRP, STP), a CMP inside it leaves early when it skips, and a STO
 * inside it leaves early when it writes a later member of the pattern.
 *
 * Pairs: every sequential pair whose first member falls through. The names
 * are SEM columns of SSEM_ISA, so function 5 matches wherever SUB does.
 */
#define SUP_PAIRS(X)                                                                     \
    X(LDN, JMP) X(LDN, JRP) X(LDN, LDN) X(LDN, STO) X(LDN, SUB) X(LDN, CMP) X(LDN, STP) \
    X(STO, JMP) X(STO, JRP) X(STO, LDN) X(STO, STO) X(STO, SUB) X(STO, CMP) X(STO, STP) \
    X(SUB, JMP) X(SUB, JRP) X(SUB, LDN) X(SUB, STO) X(SUB, SUB) X(SUB, CMP) X(SUB, STP) \
    X(CMP, JMP) X(CMP, JRP) X(CMP, LDN) X(CMP, STO) X(CMP, SUB) X(CMP, CMP) X(CMP, STP)

/* Triples: the frequent ones only (each costs a handler and an indirect
 * jump site). SUB CMP JRP, Kilburn's inner loop, has a hand-written
 * handler (it may close the whole loop), so it is not in this list. */
#define SUP_TRIPLES(X)                                                    \
    X(SUB, CMP, JMP) X(LDN, SUB, STO) X(LDN, SUB, CMP) X(LDN, CMP, JRP)   \
    X(LDN, CMP, JMP) X(SUB, STO, LDN) X(STO, LDN, SUB) X(STO, LDN, STO)   \
    X(STO, SUB, STO) X(LDN, STO, LDN) X(LDN, STO, JMP) X(SUB, STO, JMP)   \
    X(STO, LDN, CMP) X(SUB, STO, SUB) X(SUB, SUB, SUB) X(LDN, LDN, LDN)   \
    X(SUB, SUB, STO) X(CMP, SUB, STO) X(SUB, STO, CMP) X(LDN, SUB, SUB)   \
    X(STO, LDN, JMP) X(STO, SUB, JMP) X(SUB, CMP, STP) X(LDN, CMP, STP)

/* Kinds: one per function code (single words, indexed by the code itself),
 * then the pairs, Kilburn's loop and the triples. */
enum sup_kind {
#define SUP_X_K1(id, f, sem, opnd, al, m) SUP_K_##id = f,
    SSEM_ISA(SUP_X_K1)
#undef SUP_X_K1
#define SUP_X_K2(x, y) SUP_K_##x##_##y,
    SUP_PAIRS(SUP_X_K2)
#undef SUP_X_K2
    SUP_K_SUB_CMP_JRP,
#define SUP_X_K3(x, y, z) SUP_K_##x##_##y##_##z,
    SUP_TRIPLES(SUP_X_K3)
#undef SUP_X_K3
    SUP_K_DIRTY,   /* not derived since a STO: derive on first dispatch */
    SUP_NKINDS
};

enum { SUP_MAXLEN = 3 };

/* One line's threaded code: the handler for the pattern starting here and
 * the operands of the words it covers. 16 bytes, so indexing is a shift. */
typedef struct sup_ins {
    const void *h;
    uint8_t n[SUP_MAXLEN];   /* operands of lines L, L+1, L+2 (mod 32) */
    uint8_t len;             /* words covered = most steps the handler takes */
    uint8_t f0;              /* function code of line L: the single-step fallback */
    uint8_t kind;            /* enum sup_kind, for interp's consistency check */
} sup_ins;

typedef struct sup_ctx {
    sup_ins code[SSEM_WORDS];   /* first: the hot loop indexes it */
    uint32_t store[SSEM_WORDS];
    uint32_t a, ci;
    uint64_t steps;
    uint64_t redecodes;
    bool halted;
    const void *const *tab;     /* the handler address of every kind, per engine */
    sup_ins dirty;              /* the entry a STO leaves: kind DIRTY, len 1 */
} sup_ctx;

/* kind of the pattern that starts with functions f0 f1 f2 (codes 0..7) */
extern uint8_t sup_pick[SSEM_NFUNC][SSEM_NFUNC][SSEM_NFUNC];
extern const uint8_t sup_len[SUP_NKINDS];
extern const char *const sup_kind_name[SUP_NKINDS];

/* Re-derive the entry of line i (the pattern starting there) from the store. */
static inline void sup_derive(sup_ctx *c, unsigned i)
{
    const uint32_t *S = c->store;
    uint32_t w0 = S[i], w1 = S[(i + 1) & SSEM_LINE_MASK], w2 = S[(i + 2) & SSEM_LINE_MASK];
    unsigned k = sup_pick[ssem_word_func(w0)][ssem_word_func(w1)][ssem_word_func(w2)];
    sup_ins *p = &c->code[i];
    p->h = c->tab[k];
    /* Only the covered words' operands: the entry must not depend on
     * words it does not cover, which a STO does not undo it for. */
    p->len = sup_len[k];
    p->n[0] = (uint8_t)ssem_word_operand(w0);
    p->n[1] = p->len > 1 ? (uint8_t)ssem_word_operand(w1) : 0;
    p->n[2] = p->len > 2 ? (uint8_t)ssem_word_operand(w2) : 0;
    p->f0 = (uint8_t)ssem_word_func(w0);
    p->kind = (uint8_t)k;
    c->redecodes++;
}

/* After STO wrote line i: every entry whose pattern covers i (it starts
 * at i, or at i-1 with two words, or at i-2 with three) is undone, i.e.
 * marked DIRTY, and derived again only if control ever dispatches to it.
 * Most STOs write data, whose entries are never dispatched, so a STO costs
 * one 16-byte store and two compares instead of three derivations. */
static inline void sup_stored(sup_ctx *c, unsigned i)
{
    sup_ins *code = c->code;
    unsigned i1 = (i - 1) & SSEM_LINE_MASK, i2 = (i - 2) & SSEM_LINE_MASK;
    code[i] = c->dirty;
    if (code[i1].len >= 2)
        code[i1] = c->dirty;
    if (code[i2].len >= 3)
        code[i2] = c->dirty;
}

#endif
