/* emu_engine_tailcall.c: the tail-call engines: each handler tail-calls the next (musttail), state in argument registers; plain and replicated per line; absent without musttail. */
#include "emu.h"
#include "emu_predecode.h"
#include "emu_semantics.h"

/*
 * The wasm3 / protobuf-upb style: handlers are functions with the whole
 * hot state (A, CI, remaining budget, operand) as arguments, and each ends
 * by jumping - a guaranteed tail call - to the handler of the next line,
 * so the state never leaves registers and there is no central loop.
 * Not every gcc has musttail, so the Makefile builds this file with clang; any
 * compiler without the attribute compiles it to nothing and the engine is
 * simply not registered.
 */
#if defined(__has_attribute)
#if __has_attribute(musttail)
#define EMU_HAVE_MUSTTAIL 1
#endif
#endif

#ifdef EMU_HAVE_MUSTTAIL

/* Returns the budget left, so the exit path needs no extra state. A
 * handler that leaves the chain gives A and CI back (EMU_RUN_EXITS's job in
 * the goto engines, done here by emu_machine_leave with no steps: tc_run
 * and tr_run count them from the budget returned). */
typedef uint64_t tc_fn(emu_pd *p, uint32_t a, uint32_t ci, uint64_t left, unsigned n);

#define TC_LEAVE(halt_, ci_, ret_)                  \
    do {                                            \
        p->m.halted |= (halt_);                     \
        emu_machine_leave(&p->m, a, (ci_), 0);      \
        return (ret_);                              \
    } while (0)

/* A break on the line just entered: undo the dispatch that reached it. */
static uint64_t tc_break(emu_pd *p, uint32_t a, uint32_t ci, uint64_t left, unsigned n)
{
    (void)n;
    TC_LEAVE(false, ci - 1, left + 1);
}

/* One run of a chain: enter, and count what the handlers left unspent. */
static void tc_run_chain(emu_pd *p, tc_fn *enter, uint64_t max_steps)
{
    if (p->m.halted || !max_steps)
        return;
    uint64_t left = enter(p, p->m.a, p->m.ci, max_steps, 0);
    p->m.steps += max_steps - left;
}

#define SEM_A a
#define SEM_CI ci
#define SEM_S p->m.store
#define SEM_STORED(k) EMU_PD_SEM_STORED(p, (k), a, p->redecodes)
#define SEM_HALT() TC_LEAVE(true, ci, left)

#define TC_X_DECL(id, f, sem, opnd, al, m) static tc_fn tc_##id;
SSEM_ISA(TC_X_DECL)
#define TC_X_TAB(id, f, sem, opnd, al, m) [f] = (const void *)tc_##id,
static const void *const tc_tab[EMU_PD_STRIDE] = { SSEM_ISA(TC_X_TAB)[EMU_PD_BREAK] =
                                                       (const void *)tc_break };

#define TC_NEXT()                                                             \
    do {                                                                      \
        if (__builtin_expect(left == 0, 0))                                   \
            TC_LEAVE(false, ci, 0);                                           \
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

static void tc_load(void *ctx, const emu_machine *t)
{
    emu_pd_load(ctx, t, tc_tab, 0);
}

static void tc_run(void *ctx, uint64_t max_steps)
{
    tc_run_chain(ctx, tc_enter, max_steps);
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
    .set_breaks = emu_pd_set_breaks,
};
EMU_ENGINE(emu_engine_tailcall);

/*
 * "tailcall-replicated": the same, with every handler copied per store
 * line as in emu_engine_replicated.c (which explains the successor
 * formula): 256 functions, each ending in its own indirect jump. gcc's
 * "replicated" gets its 225 jump sites from computed goto; clang folds
 * those into one, but cannot fold tail calls, so this is clang's way to
 * the same code shape. Its load and interp are replicated's: the shared
 * emu_pd ones over a per-line token table.
 */
#define TR_DECL1(id, sem, L) static tc_fn tr_##id##_##L;
#define TR_X_DECL(id, f, sem, opnd, al, m) EMU_PD_LINES(TR_DECL1, id, sem)
SSEM_ISA(TR_X_DECL)
#define TR_TAB1(id, f, L) [L][f] = (const void *)tr_##id##_##L,
#define TR_X_TAB(id, f, sem, opnd, al, m) EMU_PD_LINES(TR_TAB1, id, f)
#define TR_TABB(a_, b_, L) [L][EMU_PD_BREAK] = (const void *)tc_break,
static const void *const tr_tab[SSEM_WORDS][EMU_PD_STRIDE] = {
    SSEM_ISA(TR_X_TAB) EMU_PD_LINES(TR_TABB, 0, 0)
};

#define TR_NEXT(line)                                                                    \
    do {                                                                                 \
        const emu_pd_line *e_ = &p->code[(line) & SSEM_LINE_MASK];                       \
        if (__builtin_expect(left == 0, 0))                                              \
            TC_LEAVE(false, ci, 0);                                                      \
        __attribute__((musttail)) return ((tc_fn *)e_->h)(p, a, ci + 1, left - 1, e_->n); \
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
    emu_pd_load(ctx, t, &tr_tab[0][0], EMU_PD_STRIDE);
}

static void tr_run(void *ctx, uint64_t max_steps)
{
    tc_run_chain(ctx, tr_enter, max_steps);
}

const emu_engine emu_engine_tailrep = {
    .name = "tailcall-replicated",
    .summary = "tail-call threading, handlers replicated per line",
    .kind = EMU_KIND_INTERPRETER,
    .ctx_size = sizeof(emu_pd),
    .load = tr_load,
    .run = tr_run,
    .interp = emu_pd_interp,
    .counters = emu_pd_counters,
    .set_breaks = emu_pd_set_breaks,
};
EMU_ENGINE(emu_engine_tailrep);
#include "emu_semantics_end.h"

#else
/* No musttail here: no engine (and ISO C wants a non-empty unit). */
typedef int emu_engine_tailcall_absent;
#endif
