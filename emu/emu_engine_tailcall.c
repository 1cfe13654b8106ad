/* emu_engine_tailcall.c: each handler tail-calls the next one (musttail), state in argument registers; absent without musttail. */
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

#undef SEM_A
#undef SEM_CI
#undef SEM_S
#undef SEM_STORED
#undef SEM_HALT

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
    .ctx_size = sizeof(emu_pd),
    .load = tc_load,
    .run = tc_run,
    .interp = emu_pd_interp,
    .counters = emu_pd_counters,
};
EMU_ENGINE(emu_engine_tailcall);

#else
/* No musttail here: no engine (and ISO C wants a non-empty unit). */
typedef int emu_engine_tailcall_absent;
#endif
