/* emu_engine_tailcall.c: the tail-call engines: each handler tail-calls the next (musttail), state in argument registers; plain and replicated per line; absent without musttail. */
#include <stdio.h>

#include "emu.h"
#include "emu_predecode.h"
#include "emu_semantics.h"

/*
 * The wasm3 / protobuf-upb style: handlers are functions with the whole
 * hot state (A, CI, remaining budget, operand) as arguments, and each ends
 * by jumping - a guaranteed tail call - to the handler of the next line,
 * so the state never leaves registers and there is no central loop.
 * gcc 12 has no musttail, so the Makefile builds this file with clang; any
 * compiler without the attribute compiles it to nothing and the engine is
 * simply not registered.
 */
#if defined(__has_attribute)
#if __has_attribute(musttail)
#define EMU_HAVE_MUSTTAIL 1
#endif
#endif

#ifdef EMU_HAVE_MUSTTAIL

/* Returns the budget left, so the exit path needs no extra state. */
typedef uint64_t tc_fn(emu_pd *p, uint32_t a, uint32_t ci, uint64_t left, unsigned n);

#define TC_X_DECL(id, f, sem, opnd, al, m) static tc_fn tc_##id;
SSEM_ISA(TC_X_DECL)
#define TC_X_TAB(id, f, sem, opnd, al, m) [f] = tc_##id,
static tc_fn *const tc_tab[SSEM_NFUNC] = { SSEM_ISA(TC_X_TAB) };

#define SEM_A a
#define SEM_CI ci
#define SEM_S p->store
#define SEM_STORED(k)                                       \
    do {                                                    \
        p->code[(k)].h = (uintptr_t)tc_tab[ssem_word_func(a)]; \
        p->code[(k)].n = ssem_word_operand(a);              \
        p->redecodes++;                                     \
    } while (0)
#define SEM_HALT()       \
    do {                 \
        p->halted = true; \
        p->a = a;        \
        p->ci = ci;      \
        return left;     \
    } while (0)
#define TC_NEXT()                                                             \
    do {                                                                      \
        if (__builtin_expect(left == 0, 0)) {                                 \
            p->a = a;                                                         \
            p->ci = ci;                                                       \
            return 0;                                                         \
        }                                                                     \
        ci++;                                                                 \
        const emu_pd_line *e_ = &p->code[ssem_line_of(ci)];                   \
        __attribute__((musttail)) return ((tc_fn *)e_->h)(p, a, ci, left - 1, e_->n); \
    } while (0)

#define TC_X_HANDLER(id, f, sem, opnd, al, m)                                     \
    static uint64_t tc_##id(emu_pd *p, uint32_t a, uint32_t ci, uint64_t left, unsigned n) \
    {                                                                             \
        EMU_SEM_##sem(n);                                                         \
        TC_NEXT();                                                                \
    }
SSEM_ISA(TC_X_HANDLER)

/* Enters the chain with a handler that executes nothing and dispatches. */
static uint64_t tc_enter(emu_pd *p, uint32_t a, uint32_t ci, uint64_t left, unsigned n)
{
    (void)n;
    TC_NEXT();
}

#include "emu_semantics_end.h"

static void tc_load(void *ctx, const emu_machine *t)
{
    uintptr_t tok[SSEM_NFUNC];
    for (unsigned f = 0; f < SSEM_NFUNC; f++)
        tok[f] = (uintptr_t)tc_tab[f];
    emu_pd_load(ctx, t, tok);
}

static void tc_run(void *ctx, uint64_t max_steps)
{
    emu_pd *p = ctx;
    if (p->halted || !max_steps)
        return;
    uint64_t left = tc_enter(p, p->a, p->ci, max_steps, 0);
    p->steps += max_steps - left;
}

const emu_engine emu_engine_tailcall = {
    .name = "tailcall",
    .summary = "each handler tail-calls the next (musttail), state in registers",
    .kind = EMU_KIND_INTERPRETER,
    .ctx_size = sizeof(emu_pd),
    .load = tc_load,
    .run = tc_run,
    .interp = emu_pd_interp,
    .counters = emu_pd_counters,
};
EMU_ENGINE(emu_engine_tailcall);

/*
 * "tailcall-replicated": the same, with every handler copied per store
 * line as in emu_engine_replicated.c (which explains the successor
 * formula): 256 functions, each ending in its own indirect jump. gcc's
 * "replicated" gets its 225 jump sites from computed goto; clang folds
 * those into one, but cannot fold tail calls, so this is clang's way to
 * the same code shape.
 */
typedef uint64_t tr_fn(emu_pd *p, uint32_t a, uint32_t ci, uint64_t left, unsigned n);

#define TR_DECL1(id, sem, L) static tr_fn tr_##id##_##L;
#define TR_X_DECL(id, f, sem, opnd, al, m) EMU_PD_LINES(TR_DECL1, id, sem)
SSEM_ISA(TR_X_DECL)
#define TR_TAB1(id, f, L) [L][f] = tr_##id##_##L,
#define TR_X_TAB(id, f, sem, opnd, al, m) EMU_PD_LINES(TR_TAB1, id, f)
static tr_fn *const tr_tab[SSEM_WORDS][SSEM_NFUNC] = { SSEM_ISA(TR_X_TAB) };

#define SEM_A a
#define SEM_CI ci
#define SEM_S p->store
#define SEM_STORED(k)                                               \
    do {                                                            \
        p->code[(k)].h = (uintptr_t)tr_tab[(k)][ssem_word_func(a)]; \
        p->code[(k)].n = ssem_word_operand(a);                      \
        p->redecodes++;                                             \
    } while (0)
#define SEM_HALT()        \
    do {                  \
        p->halted = true; \
        p->a = a;         \
        p->ci = ci;       \
        return left;      \
    } while (0)
#define TR_NEXT(line)                                                                    \
    do {                                                                                 \
        const emu_pd_line *e_ = &p->code[(line) & SSEM_LINE_MASK];                       \
        if (__builtin_expect(left == 0, 0)) {                                            \
            p->a = a;                                                                    \
            p->ci = ci;                                                                  \
            return 0;                                                                    \
        }                                                                                \
        __attribute__((musttail)) return ((tr_fn *)e_->h)(p, a, ci + 1, left - 1, e_->n); \
    } while (0)
#define TR_H1(id, sem, L)                                                            \
    static uint64_t tr_##id##_##L(emu_pd *p, uint32_t a, uint32_t ci, uint64_t left, unsigned n) \
    {                                                                                \
        const uint32_t ci0_ = ci;                                                    \
        EMU_SEM_##sem(n);                                                            \
        TR_NEXT((L) + 1u + (ci - ci0_));                                             \
    }
#define TR_X_H(id, f, sem, opnd, al, m) EMU_PD_LINES(TR_H1, id, sem)
SSEM_ISA(TR_X_H)

static uint64_t tr_enter(emu_pd *p, uint32_t a, uint32_t ci, uint64_t left, unsigned n)
{
    (void)n;
    TR_NEXT(ci + 1);
}

static void tr_load(void *ctx, const emu_machine *t)
{
    uintptr_t tok[SSEM_NFUNC];
    for (unsigned f = 0; f < SSEM_NFUNC; f++)
        tok[f] = (uintptr_t)tr_tab[0][f];
    emu_pd *p = ctx;
    emu_pd_load(p, t, tok);
    for (unsigned i = 0; i < SSEM_WORDS; i++)
        p->code[i].h = (uintptr_t)tr_tab[i][ssem_word_func(p->store[i])];
}

static void tr_run(void *ctx, uint64_t max_steps)
{
    emu_pd *p = ctx;
    if (p->halted || !max_steps)
        return;
    uint64_t left = tr_enter(p, p->a, p->ci, max_steps, 0);
    p->steps += max_steps - left;
}

static bool tr_interp(const void *ctx, emu_machine *t, char *why, size_t whylen)
{
    const emu_pd *p = ctx;
    emu_pd line0 = *p;
    for (unsigned i = 0; i < SSEM_WORDS; i++) {
        uint32_t w = p->store[i];
        if (p->code[i].h != (uintptr_t)tr_tab[i][ssem_word_func(w)]) {
            snprintf(why, whylen, "stale cache at line %u: handler is not line %u's copy of %s", i,
                     i, ssem_ops[ssem_word_func(w)].mnemonic);
            return false;
        }
        line0.code[i].h = (uintptr_t)tr_tab[0][ssem_word_func(w)];
    }
    return emu_pd_interp(&line0, t, why, whylen);
}

const emu_engine emu_engine_tailrep = {
    .name = "tailcall-replicated",
    .summary = "tail-call threading, handlers replicated per line",
    .kind = EMU_KIND_INTERPRETER,
    .ctx_size = sizeof(emu_pd),
    .load = tr_load,
    .run = tr_run,
    .interp = tr_interp,
    .counters = emu_pd_counters,
};
EMU_ENGINE(emu_engine_tailrep);
#include "emu_semantics_end.h"

#else
/* No musttail here: no engine (and ISO C wants a non-empty unit). */
typedef int emu_engine_tailcall_absent;
#endif
