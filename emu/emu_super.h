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
 * Pairs that some program runs, triples that carry at least a few per
 * cent of some program's steps (each costs a handler, an indirect jump
 * site and compile time). The names are SEM columns
 * of SSEM_ISA, so function 5 matches wherever SUB does.
 */
#define SUP_PAIRS(X)                                                            \
    X(LDN, JMP) X(LDN, JRP) X(LDN, LDN) X(LDN, STO) X(LDN, SUB) X(LDN, CMP)    \
    X(STO, JMP) X(STO, JRP) X(STO, LDN) X(STO, SUB) X(STO, CMP)                \
    X(SUB, JMP) X(SUB, JRP) X(SUB, LDN) X(SUB, STO) X(SUB, SUB) X(SUB, CMP)    \
    X(CMP, JMP) X(CMP, JRP) X(CMP, LDN) X(CMP, SUB) X(CMP, STP)

/* Triples: the frequent ones only. SUB CMP JRP, Kilburn's inner loop, has
 * a hand-written handler (it may close the whole loop), so it is not in
 * this list. */
#define SUP_TRIPLES(X)                                                    \
    X(SUB, CMP, JMP) X(LDN, SUB, STO) X(LDN, SUB, CMP) X(LDN, CMP, JRP)   \
    X(LDN, CMP, JMP) X(SUB, STO, LDN) X(STO, LDN, SUB) X(STO, LDN, STO)   \
    X(STO, SUB, STO) X(LDN, STO, LDN) X(LDN, STO, JMP) X(SUB, STO, JMP)   \
    X(STO, LDN, CMP) X(SUB, STO, SUB) X(SUB, SUB, SUB) X(LDN, LDN, LDN)   \
    X(SUB, SUB, STO) X(STO, CMP, JRP) X(LDN, STO, CMP) X(LDN, STO, SUB)   \
    X(STO, SUB, CMP)

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
    uint8_t n[SUP_MAXLEN];   /* operands of lines L, L+1, L+2 (mod 32); the first len count */
    uint8_t len;             /* words covered = most steps the handler takes */
    uint8_t f0;              /* function code of line L: the single-step fallback */
    uint8_t kind;            /* enum sup_kind, for interp's consistency check */
} sup_ins;

typedef struct sup_ctx {
    sup_ins code[SSEM_WORDS];   /* first: the hot loop indexes it */
    uint32_t store[SSEM_WORDS];
    uint8_t fn[SSEM_WORDS];     /* function code of every word, kept by STO */
    uint32_t live;              /* bit i: code[i] is derived (not DIRTY) */
    uint32_t a, ci;
    uint64_t steps;
    uint64_t redecodes;
    bool halted;
    bool loops;                 /* super-loop: close Kilburn's loop in one go */
    const void *const *tab;     /* the handler of every kind */
} sup_ctx;

/* kind of the pattern that starts with functions f0 f1 f2 (codes 0..7) */
extern uint8_t sup_pick[SSEM_NFUNC][SSEM_NFUNC][SSEM_NFUNC];
extern const uint8_t sup_len[SUP_NKINDS];
extern const char *const sup_kind_name[SUP_NKINDS];

/* Derive the entry of line i (the pattern starting there): its kind is a
 * function of the three function codes from i on, its operands are read
 * from the store. */
static inline void sup_derive(sup_ctx *c, unsigned i)
{
    const uint32_t *S = c->store;
    unsigned i1 = (i + 1) & SSEM_LINE_MASK, i2 = (i + 2) & SSEM_LINE_MASK;
    unsigned k = sup_pick[c->fn[i]][c->fn[i1]][c->fn[i2]];
    sup_ins *p = &c->code[i];
    p->h = c->tab[k];
    p->n[0] = (uint8_t)ssem_word_operand(S[i]);
    p->n[1] = (uint8_t)ssem_word_operand(S[i1]);
    p->n[2] = (uint8_t)ssem_word_operand(S[i2]);
    p->len = sup_len[k];
    p->f0 = c->fn[i];
    p->kind = (uint8_t)k;
    c->live |= 1u << i;
    c->redecodes++;
}

/*
 * After STO wrote line i. The entries that depend on word i are those of
 * lines i, i-1 and i-2 (a pattern's kind looks at three function codes).
 *  - The function code did not change (data words, and the address walks
 *    of 1948 code that rewrite an operand): no kind changes; the operand
 *    is patched into the entries whose pattern covers word i.
 *  - It changed: those three entries are undone (marked DIRTY) and derived
 *    again only when control dispatches to one of them, which for data
 *    lines never happens.
 */
/* Line i's entry undone: derive it on its first dispatch. */
static inline void sup_dirty(sup_ctx *c, unsigned i)
{
    c->code[i] = (sup_ins){ .h = c->tab[SUP_K_DIRTY], .len = 1,
                            .kind = SUP_K_DIRTY };
    c->live &= ~(1u << i);
}

void sup_undo(sup_ctx *c, unsigned i);   /* the cold half: the function changed */

static inline void sup_stored(sup_ctx *c, unsigned i)
{
    uint32_t w = c->store[i];
    unsigned f = ssem_word_func(w);
    if (__builtin_expect(c->fn[i] != f, 0)) {
        /* Entries start DIRTY and are derived when first dispatched, so
         * the entries around a data word are usually not derived at all:
         * then only the function code is noted. */
        unsigned r = (i - 2) & SSEM_LINE_MASK;   /* bits i-2, i-1, i */
        uint32_t around = 7u << r | 7u >> ((32 - r) & SSEM_LINE_MASK);
        if (c->live & around)
            sup_undo(c, i);
        else
            c->fn[i] = (uint8_t)f;
        return;
    }
    uint8_t op = (uint8_t)ssem_word_operand(w);
    c->code[i].n[0] = op;
    c->code[(i - 1) & SSEM_LINE_MASK].n[1] = op;   /* harmless where len < 2 or */
    c->code[(i - 2) & SSEM_LINE_MASK].n[2] = op;   /* DIRTY: not part of the entry */
}

#endif
