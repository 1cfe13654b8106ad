/* emu_engine_super_tail.c: `super-tail`: the superinstruction handlers of emu_super_exec.h as functions that tail-call the next (musttail); absent without musttail. */
#include "emu.h"
#include "emu_semantics.h"
#include "emu_super.h"

/*
 * clang keeps one shared indirect branch for all the `goto *` of a
 * function, so under clang the computed-goto `super` loses what its
 * per-line handlers are for (its own jump per site) and runs no faster
 * than the seed. Tail calls cannot be merged: here each of the same
 * handlers (same text, same table shape, same load, interp and breaks)
 * is a function whose state is its arguments and which ends in a
 * guaranteed tail call through the entry of the line it falls through
 * to. gcc 12 has no musttail, so the Makefile builds this file with
 * clang; without the attribute it compiles to nothing.
 */
#if defined(__has_attribute)
#if __has_attribute(musttail)
#define SUP_HAVE_MUSTTAIL 1
#endif
#endif

#ifdef SUP_HAVE_MUSTTAIL

/* Returns the budget left, so the exit path needs no extra state. */
typedef uint64_t sup_fn(sup_ctx *c, uint32_t a, uint32_t ci, uint64_t left);

#define SUP_OUT()        \
    do {                 \
        c->m.a = a;      \
        c->m.ci = ci;    \
        return left;     \
    } while (0)

/* Too few steps left for the pattern at the next line: its first word
 * alone (or the end of the run). */
__attribute__((noinline)) static uint64_t sup_t_slow(sup_ctx *c, uint32_t a, uint32_t ci, uint64_t left)
{
    unsigned line = (ci + 1) & SSEM_LINE_MASK;
    if (left == 0)
        SUP_OUT();
    __attribute__((musttail)) return ((sup_fn *)c->tab[line * SUP_NKINDS + c->code[line].f0])(
        c, a, ci, left);
}

#define SUP_GO(line)                                                                    \
    do {                                                                                \
        const sup_ins *ip_ = &c->code[(line)];                                          \
        if (__builtin_expect(left < ip_->len, 0))                                       \
            __attribute__((musttail)) return sup_t_slow(c, a, ci, left);                \
        __attribute__((musttail)) return ((sup_fn *)ip_->h)(c, a, ci, left);            \
    } while (0)

/*
 * A STO (at line CI) changed the function of the word it wrote. A call in
 * a handler would make it save and restore the callee-saved registers on
 * every run, so handlers tail-call this instead, which cannot take the
 * line written as an argument: it is the STO's operand, unless the STO
 * overwrote itself (then its line holds A). When that cannot be told
 * apart both lines are updated: updating a line whose function did not
 * change is harmless.
 */
__attribute__((noinline)) static uint64_t sup_t_sto(sup_ctx *c, uint32_t a, uint32_t ci, uint64_t left)
{
    unsigned self = ci & SSEM_LINE_MASK;
    sup_refunc(c, ssem_word_operand(c->m.store[self]), sup_derive_out);
    if (c->m.store[self] == a)
        sup_refunc(c, self, sup_derive_out);
    SUP_GO((ci + 1) & SSEM_LINE_MASK);
}

#define SUP_OPEN(K, L) static uint64_t sup_t_##K##_##L(sup_ctx *c, uint32_t a, uint32_t ci, uint64_t left) {
#define SUP_CLOSE }
#define SUP_FALL(M) SUP_GO(M)
#define SUP_JUMP(E) SUP_GO((ci + 1) & SSEM_LINE_MASK)
#define SUP_STO_OUT(k, back)                                       \
    do {                                                           \
        left += (back);                                            \
        __attribute__((musttail)) return sup_t_sto(c, a, ci, left); \
    } while (0)
#define SUP_HALT_OUT()        \
    do {                      \
        c->m.halted = true;   \
        SUP_OUT();            \
    } while (0)
#define SUP_BREAK_OUT() SUP_OUT()
#define SUP_ADDR(K, L) (const void *)sup_t_##K##_##L

#include "emu_super_exec.h"

SUP_HANDLERS

static const void *const sup_t_tab[SSEM_WORDS][SUP_NKINDS] = SUP_TABLE;

static uint64_t sup_t_enter(sup_ctx *c, uint32_t a, uint32_t ci, uint64_t left)
{
    SUP_GO((ci + 1) & SSEM_LINE_MASK);
}
#include "emu_semantics_end.h"

static void sup_t_load(void *ctx, const emu_machine *t)
{
    sup_load(ctx, t, &sup_t_tab[0][0], false);
}

static void sup_t_run(void *ctx, uint64_t max_steps)
{
    sup_ctx *c = ctx;
    if (c->m.halted || !max_steps)
        return;
    uint64_t left = sup_t_enter(c, c->m.a, c->m.ci, max_steps);
    c->m.steps += max_steps - left;
}

const emu_engine emu_engine_super_tail = {
    .name = "super-tail",
    .summary = "super's handlers as functions that tail-call the next (musttail): clang's super",
    .kind = EMU_KIND_INTERPRETER,
    .ctx_size = sizeof(sup_ctx),
    .load = sup_t_load,
    .run = sup_t_run,
    .interp = sup_interp,
    .counters = sup_counters,
    .set_breaks = sup_set_breaks,
};
EMU_ENGINE(emu_engine_super_tail);

#else
/* No musttail here: no engine (and ISO C wants a non-empty unit). */
typedef int emu_engine_super_tail_absent;
#endif
