/* emu_super.h: the superinstruction engines' representation: per line, the longest fused pattern starting there. */
#ifndef EMU_SUPER_H
#define EMU_SUPER_H

#include <stdbool.h>
#include <stdint.h>

#include "emu.h"
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
 * Every handler exists once per store line (see emu_super_exec.h), so
 * each pattern costs 32 handlers and compile time: the lists hold only
 * the pairs and triples that carry at least a few per cent of the steps
 * of some bench or corpus program. The names are SEM columns
 * of SSEM_ISA, so function 5 matches wherever SUB does.
 */
#define SUP_PAIRS(X)                                                   \
    X(LDN, SUB) X(LDN, STO) X(LDN, CMP) X(LDN, JMP)                   \
    X(STO, LDN) X(STO, SUB) X(STO, CMP) X(STO, JMP) X(STO, JRP)       \
    X(SUB, STO) X(SUB, SUB) X(SUB, CMP) X(SUB, JMP)                   \
    X(CMP, JMP) X(CMP, JRP)

/* Triples: the ones that carry a few per cent of some program's steps.
 * SUB CMP JRP, Kilburn's inner loop, has a hand-written handler (it may
 * close the whole loop), so it is not in this list. */
#define SUP_TRIPLES(X)                                                 \
    X(LDN, SUB, STO) X(LDN, SUB, CMP) X(LDN, STO, JMP)                 \
    X(SUB, STO, LDN) X(SUB, STO, SUB) X(SUB, SUB, SUB) X(SUB, SUB, STO) \
    X(SUB, CMP, JMP) X(STO, LDN, STO) X(STO, SUB, STO) X(STO, CMP, JRP)

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
    SUP_K_BREAK,   /* a breakpoint: the run stops before this line */
    SUP_NKINDS
};

enum { SUP_MAXLEN = 3 };

/* One line's threaded code: the handler for the pattern starting here.
 * Operands are not cached: each handler belongs to one line, so it reads
 * them from the store at constant addresses, and a STO that changes an
 * operand (the address walks of 1948 code) changes no entry at all.
 * 16 bytes, so indexing is a shift. */
typedef struct sup_ins {
    const void *h;
    uint8_t len;             /* words covered = most steps the handler takes */
    uint8_t f0;              /* function code of line L: the single-step fallback */
    uint8_t kind;            /* enum sup_kind, for interp's consistency check */
} sup_ins;

typedef struct sup_ctx {
    emu_machine m;              /* the T-state, held as it is */
    sup_ins code[SSEM_WORDS];
    uint8_t fn[SSEM_WORDS];     /* function code of every word, kept by STO */
    uint32_t live;              /* bit i: code[i] is derived (not DIRTY) */
    uint32_t brk;               /* bit i: a breakpoint at line i (set_breaks) */
    uint64_t redecodes;
    bool loops;                 /* super-loop: close Kilburn's loop in one go */
    const void *const *tab;     /* handler of kind k at line i: tab[i * SUP_NKINDS + k] */
} sup_ctx;

/* kind of the pattern that starts with functions f0 f1 f2 (codes 0..7;
 * f1 or f2 = SUP_BARRIER for a break line, which no pattern covers) */
enum { SUP_BARRIER = SSEM_NFUNC };
extern uint8_t sup_pick[SSEM_NFUNC][SSEM_NFUNC + 1][SSEM_NFUNC + 1];
extern const uint8_t sup_len[SUP_NKINDS];
extern const char *const sup_kind_name[SUP_NKINDS];
/* bit f0: sup_pick[f0][x][y] depends on x or y; bit f0*8+f1: on y. */
extern uint32_t sup_vary2;
extern uint64_t sup_vary3;

/* Derive the entry of line i (the pattern starting here): its kind is a
 * function of the three function codes from i on, and of the breaks:
 * a break line gets BREAK, and no pattern runs into one. */
static inline void sup_derive(sup_ctx *c, unsigned i)
{
    unsigned i1 = (i + 1) & SSEM_LINE_MASK, i2 = (i + 2) & SSEM_LINE_MASK;
    uint32_t b = c->brk;
    unsigned k = SUP_K_BREAK;
    if (!(b >> i & 1))
        k = sup_pick[c->fn[i]][b >> i1 & 1 ? SUP_BARRIER : c->fn[i1]]
                    [b >> i2 & 1 ? SUP_BARRIER : c->fn[i2]];
    sup_ins *p = &c->code[i];
    p->h = c->tab[i * SUP_NKINDS + k];
    p->len = sup_len[k];
    p->f0 = c->fn[i];
    p->kind = (uint8_t)k;
    c->live |= 1u << i;
    c->redecodes++;
}

/*
 * After STO wrote line i. The entries that depend on word i are those of
 * lines i, i-1 and i-2 (a pattern's kind looks at three function codes),
 * and only its function code: when that did not change (data words, and
 * the address walks of 1948 code that rewrite an operand) nothing is to
 * be done.
 */
/* Line i's entry undone: derive it on its first dispatch. */
static inline void sup_dirty(sup_ctx *c, unsigned i)
{
    c->code[i] = (sup_ins){ .h = c->tab[i * SUP_NKINDS + SUP_K_DIRTY], .len = 1,
                            .kind = SUP_K_DIRTY };
    c->live &= ~(1u << i);
}


/*
 * After a STO changed the function code of line i (fn[i] still has the old
 * one): only entries that ran as code (live) matter: i itself, and i-1 or
 * i-2 when a pattern starting there can look at word i. The others are
 * DIRTY or never cover i, so a data word that changes function (nightmare's
 * counters) costs a few bit tests. Live entries are derived again at once
 * (by `derive`, out of line): nightmare rewrites the function of its line 1
 * twice a turn, and a DIRTY entry would cost an extra dispatch (a
 * mispredicted jump) each time.
 */
static inline void sup_refunc(sup_ctx *c, unsigned i, void (*derive)(sup_ctx *, unsigned))
{
    unsigned i1 = (i - 1) & SSEM_LINE_MASK, i2 = (i - 2) & SSEM_LINE_MASK;
    unsigned f1 = c->fn[i1], f2 = c->fn[i2];
    uint32_t live = c->live;
    c->fn[i] = (uint8_t)ssem_word_func(c->m.store[i]);
    if (live >> i & 1)
        derive(c, i);
    if ((live >> i1 & 1) && (sup_vary2 >> f1 & 1))
        derive(c, i1);
    if ((live >> i2 & 1) && (sup_vary3 >> (f2 * SSEM_NFUNC + f1) & 1))
        derive(c, i2);
}

/* Shared by the computed-goto (emu_engine_super.c) and tail-call
 * (emu_engine_super_tail.c) bindings of the one handler text: they differ
 * only in tab, the handlers' addresses. */
__attribute__((noinline)) void sup_derive_out(sup_ctx *c, unsigned i);
void sup_load(sup_ctx *c, const emu_machine *t, const void *const *tab, bool loops);
bool sup_interp(const void *ctx, emu_machine *t, char *why, size_t whylen);
void sup_counters(const void *ctx, emu_counters *cnt);
void sup_set_breaks(void *ctx, uint32_t lines);

#endif
