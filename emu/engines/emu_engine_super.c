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

uint8_t sup_pick[SSEM_NFUNC][SSEM_NFUNC][SSEM_NFUNC];
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
#define SUP_X_NAME3(x, y, z) [SUP_K_##x##_##y##_##z] = #x " " #y " " #z,
    SUP_TRIPLES(SUP_X_NAME3)
#undef SUP_X_NAME3
};

/* The pattern table is a pure function of the lists above; it is filled
 * before main so that loading never races on it. Longest match wins. */
__attribute__((constructor)) static void sup_init_pick(void)
{
    for (unsigned f0 = 0; f0 < SSEM_NFUNC; f0++)
        for (unsigned f1 = 0; f1 < SSEM_NFUNC; f1++)
            for (unsigned f2 = 0; f2 < SSEM_NFUNC; f2++) {
                unsigned s0 = ssem_ops[f0].sem, s1 = ssem_ops[f1].sem, s2 = ssem_ops[f2].sem;
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

/* Out of line, like the derivation the DIRTY handler calls: keeping the
 * rare paths out of the dispatch loop keeps gcc from spilling A and the
 * budget to the stack for the sake of their temporaries. */
__attribute__((noinline)) static void sup_derive_out(sup_ctx *c, unsigned i)
{
    sup_derive(c, i);
}

/* Threading only pays if every handler keeps its own dispatch jump (its
 * own branch-predictor entry). gcc's cross-jumping and GCSE merge the
 * identical dispatch tails of the fused handlers into a few shared
 * `jmp *` sites, so they are turned off for the dispatch loop. */
#if defined(__GNUC__) && !defined(__clang__)
#define SUP_NO_TAIL_MERGE __attribute__((optimize("no-crossjumping", "no-gcse")))
#else
#define SUP_NO_TAIL_MERGE
#endif

/* clang takes minutes over the replicated loop's 1150 labels and merges
 * their jumps anyway, so it builds the one-handler-per-pattern loop; so
 * does an ASan build (gcc needs a minute for it there, and the sanitizer
 * run checks semantics, which both loops share, not speed). */
#ifndef SUP_SHARED
#if defined(__clang__) || defined(__SANITIZE_ADDRESS__)
#define SUP_SHARED 1
#else
#define SUP_SHARED 0
#endif
#endif
#if SUP_SHARED
#include "emu_super_exec_shared.h"
#else
#include "emu_super_exec.h"
#endif

/* The shared loop fills its label table on the first call: make that
 * call before main, so that loads never race on it. */
__attribute__((constructor)) static void sup_init_tab(void)
{
    (void)sup_exec(NULL, 0);
}

static void sup_load_with(void *ctx, const emu_machine *t, bool loops)
{
    sup_ctx *c = ctx;
    memset(c, 0, sizeof *c);
    memcpy(c->store, t->store, sizeof c->store);
    c->a = t->a;
    c->ci = t->ci;
    c->steps = t->steps;
    c->halted = t->halted;
    c->loops = loops;
    c->tab = sup_exec(NULL, 0);
    /* Nothing is derived until control first reaches a line: data lines
     * never are, so a STO there has no entries to undo. */
    for (unsigned i = 0; i < SSEM_WORDS; i++) {
        c->fn[i] = (uint8_t)ssem_word_func(c->store[i]);
        sup_dirty(c, i);
    }
}

static void sup_load_fused(void *ctx, const emu_machine *t)
{
    sup_load_with(ctx, t, false);
}

static void sup_load_loops(void *ctx, const emu_machine *t)
{
    sup_load_with(ctx, t, true);
}

static void sup_run(void *ctx, uint64_t max_steps)
{
    sup_exec(ctx, max_steps);
}

/* interp: the T-state is kept as it is; every entry not undone must be
 * exactly what the store derives now, or a STO failed to undo a fusion
 * that covers the word it wrote (a stale fusion). */
static bool sup_interp(const void *ctx, emu_machine *t, char *why, size_t whylen)
{
    const sup_ctx *c = ctx;
    emu_machine_set(t, c->store, c->a, c->ci, c->steps, c->halted);
    sup_ctx fresh;
    memcpy(fresh.store, c->store, sizeof fresh.store);
    fresh.tab = c->tab;
    for (unsigned i = 0; i < SSEM_WORDS; i++) {
        fresh.fn[i] = (uint8_t)ssem_word_func(c->store[i]);
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

static void sup_counters(const void *ctx, emu_counters *cnt)
{
    const sup_ctx *c = ctx;
    memset(cnt, 0, sizeof *cnt);
    cnt->redecodes = c->redecodes;
}

const emu_engine emu_engine_super = {
    .name = "super",
    .summary = "superinstructions: fused pairs and triples from the profile, per-line handlers",
    .kind = EMU_KIND_INTERPRETER,
    .ctx_size = sizeof(sup_ctx),
    .load = sup_load_fused,
    .run = sup_run,
    .interp = sup_interp,
    .counters = sup_counters,
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
};
EMU_ENGINE(emu_engine_super_loop);
