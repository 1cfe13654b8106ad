/* emu_engine_super.c: threaded code with superinstructions (`super`) and with Kilburn's loop in closed form (`super-loop`). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "emu.h"
#include "emu_semantics.h"
#include "emu_super.h"

/*
 * Each line's entry is the longest pattern of SUP_TRIPLES / SUB CMP JRP /
 * SUP_PAIRS that starts there (else the single word), so a jump into the
 * middle of a pattern simply finds the pattern that starts where it lands:
 * nothing has to be split or undone. A STO re-derives the entries of the
 * three lines whose patterns can cover the word it wrote.
 */

uint8_t sup_pick[SSEM_NFUNC][SSEM_NFUNC + 1][SSEM_NFUNC + 1];
uint32_t sup_vary2;
uint64_t sup_vary3;

const uint8_t sup_len[SUP_NKINDS] = {
#define SUP_X_LEN1(id, f, sem, opnd, al, m) [f] = 1,
    SSEM_ISA(SUP_X_LEN1)
#undef SUP_X_LEN1
#define SUP_X_LEN2(x, y) [SUP_K_##x##_##y] = 2,
    SUP_PAIRS(SUP_X_LEN2)
#undef SUP_X_LEN2
    [SUP_K_SUB_CMP_JRP] = 3,
    [SUP_K_DIRTY] = 1,
    [SUP_K_BREAK] = 0,
#define SUP_X_LEN3(x, y, z) [SUP_K_##x##_##y##_##z] = 3,
    SUP_TRIPLES(SUP_X_LEN3)
#undef SUP_X_LEN3
};

const char *const sup_kind_name[SUP_NKINDS] = {
#define SUP_X_NAME1(id, f, sem, opnd, al, m) [f] = #id,
    SSEM_ISA(SUP_X_NAME1)
#undef SUP_X_NAME1
#define SUP_X_NAME2(x, y) [SUP_K_##x##_##y] = #x " " #y,
    SUP_PAIRS(SUP_X_NAME2)
#undef SUP_X_NAME2
    [SUP_K_SUB_CMP_JRP] = "SUB CMP JRP",
    [SUP_K_DIRTY] = "(undone by a STO)",
    [SUP_K_BREAK] = "(break)",
#define SUP_X_NAME3(x, y, z) [SUP_K_##x##_##y##_##z] = #x " " #y " " #z,
    SUP_TRIPLES(SUP_X_NAME3)
#undef SUP_X_NAME3
};

/* The pattern table is a pure function of the lists above; it is filled
 * before main so that loading never races on it. Longest match wins; a
 * barrier (a break line) matches nothing. */
__attribute__((constructor)) static void sup_init_pick(void)
{
    for (unsigned f0 = 0; f0 < SSEM_NFUNC; f0++)
        for (unsigned f1 = 0; f1 <= SUP_BARRIER; f1++)
            for (unsigned f2 = 0; f2 <= SUP_BARRIER; f2++) {
                unsigned s0 = ssem_ops[f0].sem;
                unsigned s1 = f1 < SSEM_NFUNC ? ssem_ops[f1].sem : SSEM_NFUNC;
                unsigned s2 = f2 < SSEM_NFUNC ? ssem_ops[f2].sem : SSEM_NFUNC;
                unsigned k = f0;
#define SUP_X_PICK2(x, y)                     \
    if (s0 == SSEM_##x && s1 == SSEM_##y)     \
        k = SUP_K_##x##_##y;
                SUP_PAIRS(SUP_X_PICK2)
#undef SUP_X_PICK2
#define SUP_X_PICK3(x, y, z)                                       \
    if (s0 == SSEM_##x && s1 == SSEM_##y && s2 == SSEM_##z)        \
        k = SUP_K_##x##_##y##_##z;
                SUP_TRIPLES(SUP_X_PICK3)
#undef SUP_X_PICK3
                if (s0 == SSEM_SUB && s1 == SSEM_CMP && s2 == SSEM_JRP)
                    k = SUP_K_SUB_CMP_JRP;
                sup_pick[f0][f1][f2] = (uint8_t)k;
            }
    for (unsigned f0 = 0; f0 < SSEM_NFUNC; f0++)
        for (unsigned f1 = 0; f1 < SSEM_NFUNC; f1++)
            for (unsigned f2 = 0; f2 < SSEM_NFUNC; f2++) {
                if (sup_pick[f0][f1][f2] != sup_pick[f0][0][0])
                    sup_vary2 |= 1u << f0;
                if (sup_pick[f0][f1][f2] != sup_pick[f0][f1][0])
                    sup_vary3 |= 1ull << (f0 * SSEM_NFUNC + f1);
            }
}

/* Out of line: keeping the rare paths out of the dispatch loop keeps gcc
 * from spilling A and the budget to the stack for their temporaries. */
__attribute__((noinline)) void sup_derive_out(sup_ctx *c, unsigned i)
{
    sup_derive(c, i);
}

/* After a STO changed the function of line i; out of line, so that it is
 * built at -O2 (the loop is not, see below). */
__attribute__((noinline)) static void sup_refunc_out(sup_ctx *c, unsigned i)
{
    sup_refunc(c, i, sup_derive);
}

/* Threading only pays if every dispatch site keeps its own indirect jump
 * (its own branch-predictor entry). gcc's cross-jumping and GCSE merge
 * identical dispatch tails into a few shared `jmp *` sites, so they are
 * turned off for the dispatch loop. Its ~1,200 handlers, whose blocks all
 * have 66 abnormal predecessors, cost gcc's -O2 RTL passes (REE, x86's
 * STV, which cannot be turned off per function) most of 400 MB and 10 s:
 * the loop is built at -O1 plus what its code wants (-O1 alone would
 * leave the computed gotos factored into one jump). */
#if defined(__GNUC__) && !defined(__clang__)
#define SUP_LOOP_OPT                                                                  \
    __attribute__((optimize("O1", "expensive-optimizations", "strict-aliasing", "peephole2",  \
                            "schedule-insns2", "no-crossjumping", "no-gcse")))
#else
#define SUP_LOOP_OPT
#endif

/* clang merges every `goto *` of a function into one indirect branch
 * (so per-line handlers buy it nothing) and takes minutes over the
 * replicated handlers: it instantiates them once, for a line held in a
 * variable (its fast super is super-tail). So does gcc with ASan, which
 * needs 600 MB for the per-line loop. The sanitizer and fuzz builds thus
 * run the handler text that ships, per line in super-tail (clang) and
 * once here. */
#ifndef SUP_SHARED
#if defined(__clang__) || defined(__SANITIZE_ADDRESS__)
#define SUP_SHARED 1
#else
#define SUP_SHARED 0
#endif
#endif

#if SUP_SHARED
#define SUP_HLINES(M, ...) M(sup_l, x, x, x, x, __VA_ARGS__)
#endif
#include "emu_super_exec.h"

/*
 * The computed-goto binding. Dispatch sites are per successor line, not
 * per handler: a handler that falls through to line M jumps to the block
 * sup_d_M, one that ends in a jump at line E to sup_j_E. The target of
 * sup_d_M is code[M].h, which only a STO changes, so each of those 32
 * sites is monomorphic; the 32 sup_j_E see the program's own jumps. With
 * one `goto *` per handler (1,152 of them) gcc took 48 s and 730 MB to
 * compile the loop. EMU_SEM_DISTINCT keeps the blocks apart.
 */
#define SUP_DISPATCH(line, site)                         \
    do {                                                 \
        ip = &c->code[(line)];                           \
        if (__builtin_expect(left < ip->len, 0))         \
            goto slow;                                   \
        const void *h_ = ip->h;                          \
        EMU_SEM_DISTINCT(site, h_);                      \
        goto *h_;                                        \
    } while (0)
#define SUP_CLOSE }
#define SUP_STO_OUT(k, back) \
    do {                     \
        sto_n = (k);         \
        left += (back);      \
        goto sto_slow;       \
    } while (0)
#define SUP_HALT_OUT() goto halt
#define SUP_BREAK_OUT() goto out
#if SUP_SHARED
#define SUP_OPEN(K, L) op_##K##_##L: {
#define SUP_FALL(M) goto sup_go
#define SUP_JUMP(E) goto sup_go
#define SUP_ADDR(K, L) &&op_##K##_sup_l
#define SUP_SITES(L, L1, L2, L3, L4, unused)
#else
#define SUP_OPEN(K, L) op_##K##_##L: {
#define SUP_FALL(M) goto sup_d_##M
#define SUP_JUMP(E) goto sup_j_##E
#define SUP_ADDR(K, L) &&op_##K##_##L
#define SUP_SITES(L, L1, L2, L3, L4, unused)     \
    sup_d_##L: SUP_DISPATCH(L, L);               \
    sup_j_##L: SUP_DISPATCH((ci + 1) & SSEM_LINE_MASK, 32 + L);
#endif

SUP_LOOP_OPT static const void *const *sup_exec(sup_ctx *c, uint64_t max_steps)
{
    static const void *const tab[SSEM_WORDS][SUP_NKINDS] = SUP_TABLE;
    if (!c || c->m.halted || !max_steps)
        return &tab[0][0];
    /* Only c, a, ci, left and ip live across dispatches: the store and
     * the code are at fixed offsets from c, which keeps `left` and A out
     * of memory. */
    uint32_t a = c->m.a, ci = c->m.ci;
    uint64_t left = max_steps;
    const sup_ins *ip;
    unsigned sto_n = 0;
#if SUP_SHARED
    unsigned sup_l;   /* the line of the handler running */
#define SUP_ENTER() sup_l = (ci + 1) & SSEM_LINE_MASK; SUP_DISPATCH(sup_l, 0)
#else
#define SUP_ENTER() SUP_DISPATCH((ci + 1) & SSEM_LINE_MASK, 64)
#endif

sup_go:
    SUP_ENTER();
sto_slow:
    sup_refunc_out(c, sto_n);
    goto sup_go;
slow:
    if (left == 0)
        goto out;
    /* too few steps left for the pattern: its first word alone */
    goto *tab[ip - c->code][ip->f0];

    SUP_LINES(SUP_SITES, 0)
    SUP_HANDLERS

halt:
    c->m.halted = true;
out:
    c->m.a = a;
    c->m.ci = ci;
    c->m.steps += max_steps - left;
    return &tab[0][0];
}
#include "emu_semantics_end.h"

void sup_load(sup_ctx *c, const emu_machine *t, const void *const *tab, bool loops)
{
    memset(c, 0, sizeof *c);
    c->m = *t;
    c->loops = loops;
    c->tab = tab;
    /* Nothing is derived until control first reaches a line: data lines
     * never are, so a STO there has no entries to undo. */
    for (unsigned i = 0; i < SSEM_WORDS; i++) {
        c->fn[i] = (uint8_t)ssem_word_func(c->m.store[i]);
        sup_dirty(c, i);
    }
}

static void sup_load_fused(void *ctx, const emu_machine *t)
{
    sup_load(ctx, t, sup_exec(NULL, 0), false);
}

static void sup_load_loops(void *ctx, const emu_machine *t)
{
    sup_load(ctx, t, sup_exec(NULL, 0), true);
}

static void sup_run(void *ctx, uint64_t max_steps)
{
    sup_exec(ctx, max_steps);
}

/* Breaks live in the entries: a break line's is BREAK, and the entries
 * that could run into one are derived again to stop short of it. */
void sup_set_breaks(void *ctx, uint32_t lines)
{
    sup_ctx *c = ctx;
    uint32_t redo = c->live | c->brk | lines;
    c->brk = lines;
    for (unsigned i = 0; i < SSEM_WORDS; i++)
        if (redo >> i & 1)
            sup_derive(c, i);
}

/* interp: the T-state is kept as it is; every entry not undone must be
 * exactly what the store (and the breaks) derive now, or a STO failed to
 * undo a fusion that covers the word it wrote (a stale fusion). */
bool sup_interp(const void *ctx, emu_machine *t, char *why, size_t whylen)
{
    const sup_ctx *c = ctx;
    *t = c->m;
    sup_ctx fresh;
    fresh.m = c->m;
    fresh.tab = c->tab;
    fresh.brk = c->brk;
    for (unsigned i = 0; i < SSEM_WORDS; i++) {
        fresh.fn[i] = (uint8_t)ssem_word_func(c->m.store[i]);
        if (c->fn[i] != fresh.fn[i]) {
            if (why && whylen)
                snprintf(why, whylen, "line %u: cached function %u, the word has %u", i,
                         c->fn[i], fresh.fn[i]);
            return false;
        }
    }
    for (unsigned i = 0; i < SSEM_WORDS; i++) {
        const sup_ins *x = &c->code[i], *y = &fresh.code[i];
        if (!(c->live >> i & 1) != (x->kind == SUP_K_DIRTY)) {
            if (why && whylen)
                snprintf(why, whylen, "line %u: live mask says %sderived, the entry disagrees", i,
                         c->live >> i & 1 ? "" : "not ");
            return false;
        }
        if (x->kind == SUP_K_DIRTY) {
            if (x->h == c->tab[i * SUP_NKINDS + SUP_K_DIRTY] && x->len == 1)
                continue;   /* nothing cached for this line */
            if (why && whylen)
                snprintf(why, whylen, "line %u: malformed undone entry", i);
            return false;
        }
        sup_derive(&fresh, i);
        if (x->h != y->h || x->kind != y->kind || x->len != y->len || x->f0 != y->f0) {
            if (why && whylen)
                snprintf(why, whylen,
                         "stale fusion at line %u: cached %s (%u words), the store now gives %s",
                         i, x->kind < SUP_NKINDS ? sup_kind_name[x->kind] : "?", x->len,
                         sup_kind_name[y->kind]);
            return false;
        }
    }
    return true;
}

void sup_counters(const void *ctx, emu_counters *cnt)
{
    const sup_ctx *c = ctx;
    memset(cnt, 0, sizeof *cnt);
    cnt->redecodes = c->redecodes;
}

const emu_engine emu_engine_super = {
    .name = "super",
    .summary = "superinstructions: fused pairs and triples from the profile, per-line handlers (the default)",
    .kind = EMU_KIND_INTERPRETER,
    .ctx_size = sizeof(sup_ctx),
    .load = sup_load_fused,
    .run = sup_run,
    .interp = sup_interp,
    .counters = sup_counters,
    .set_breaks = sup_set_breaks,
};
EMU_ENGINE(emu_engine_super);

const emu_engine emu_engine_super_loop = {
    .name = "super-loop",
    .summary = "super, plus Kilburn's SUB CMP JRP loop run in closed form",
    .kind = EMU_KIND_ALGEBRAIC,
    .ctx_size = sizeof(sup_ctx),
    .load = sup_load_loops,
    .run = sup_run,
    .interp = sup_interp,
    .counters = sup_counters,
    .set_breaks = sup_set_breaks,
};
EMU_ENGINE(emu_engine_super_loop);
