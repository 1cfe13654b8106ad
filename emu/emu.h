/* emu.h: the machine state (a plain struct, no I/O) and the engine interface every dispatch technique implements. */
#ifndef EMU_H
#define EMU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ssem_word.h"

/* The T-state of the lecture: everything the real machine has. */
typedef struct emu_machine {
    uint32_t store[SSEM_WORDS];
    uint32_t a;        /* accumulator, two's complement */
    uint32_t ci;       /* control, a full 32-bit register */
    uint64_t steps;    /* executed instructions, the final STP included */
    bool halted;       /* STP executed; CI still names the STP line */
} emu_machine;

/* CI = 0, A = 0, zero steps, not halted. */
void emu_machine_init(emu_machine *m, const uint32_t store[SSEM_WORDS]);

/*
 * Every engine's context holds the T-state once, as an emu_machine member,
 * and adds only its own representation (caches, code). A run keeps A and CI
 * in locals and, however it ends, gives them back here with the steps it
 * ran. An engine's run function ends with
 *
 *     EMU_RUN_EXITS(&ctx->m, a, ci, max_steps - left);
 *
 * where STP jumps to `halt` and a spent budget (or a break) to `out`.
 */
static inline void emu_machine_leave(emu_machine *m, uint32_t a, uint32_t ci, uint64_t ran)
{
    m->a = a;
    m->ci = ci;
    m->steps += ran;
}
#define EMU_RUN_EXITS(m, a, ci, ran)    \
    halt: __attribute__((unused));      \
    (m)->halted = true;                 \
    out: __attribute__((unused));       \
    emu_machine_leave((m), (a), (ci), (ran))

/* Per-engine counters the CLI's --stats and the bench report. */
typedef struct emu_counters {
    uint64_t redecodes;      /* cache entries rebuilt after a STO */
    uint64_t translations;   /* jit: blocks translated */
    uint64_t invalidations;  /* jit: translations thrown away */
    uint64_t translate_ns;   /* jit: time spent translating (CLOCK_MONOTONIC) */
} emu_counters;

/*
 * An engine is a V machine. Its context (ctx_size bytes, suitably aligned,
 * owned by the caller) holds whatever representation the technique wants:
 * a predecoded store, threaded code, fused superinstructions.
 *
 *   load    V <- the representation of T-state t
 *   run     execute at most max_steps further steps, stopping exactly
 *           there or after an STP; never does I/O
 *   interp  the lecture's interp: the T-state that V stands for. It returns
 *           false (with a reason) when V is internally inconsistent, e.g. a
 *           cached decode that no longer matches the word it came from.
 *   fini    release what load acquired besides the context itself (the
 *           jit's code buffer); NULL when there is nothing
 *   set_breaks
 *           breakpoints kept in V, as a debugger's int3: bit L of `lines`
 *           set means that run must stop before executing the instruction
 *           it fetches from line L. Such a run returns early with the
 *           T-state exactly as after the previous step ((CI + 1) mod 32 = L,
 *           the word at L not executed, not counted). It stops there even
 *           when that is its first step: a debugger steps off a break with
 *           the breaks cleared. The breaks live in the engine's own
 *           representation: the store keeps its words, interp still returns
 *           the true T-state and a STO into a break line keeps the break.
 *           0 clears them. NULL: the engine cannot, and the debugging core
 *           single-steps it instead.
 */
/*
 * What kind of technique an engine is, for --list-engines --long and the
 * bench's grouping. Zero is no kind, so an engine that forgets to say is
 * caught by the registry test.
 *   reference    the T machine itself
 *   interpreter  dispatches over the store's words, whatever the form
 *   translator   generates host code at run time
 *   algebraic    changes the algorithm (a loop run in closed form)
 */
typedef enum emu_kind {
    EMU_KIND_REFERENCE = 1,
    EMU_KIND_INTERPRETER,
    EMU_KIND_TRANSLATOR,
    EMU_KIND_ALGEBRAIC,
} emu_kind;

/* "reference", "interpreter", "translator", "algebraic"; "?" otherwise. */
const char *emu_kind_name(emu_kind k);

typedef struct emu_engine {
    const char *name;
    const char *summary;
    emu_kind kind;
    size_t ctx_size;
    void (*load)(void *ctx, const emu_machine *t);
    void (*run)(void *ctx, uint64_t max_steps);
    bool (*interp)(const void *ctx, emu_machine *t, char *why, size_t whylen);
    void (*counters)(const void *ctx, emu_counters *c);   /* may be NULL */
    void (*fini)(void *ctx);                              /* may be NULL */
    void (*set_breaks)(void *ctx, uint32_t lines);        /* may be NULL */
} emu_engine;

/*
 * Engines register themselves: each engine file says EMU_ENGINE(x) for its
 * `const emu_engine x`, which puts a pointer in the "emu_engines" linker
 * section, so adding a technique touches no central table. An engine that
 * cannot be built here (tail calls without musttail, the jit off x86-64)
 * simply compiles to nothing and is absent from the list.
 */
#define EMU_ENGINE(x) \
    static const emu_engine *const emu_engine_ptr_##x \
        __attribute__((used, section("emu_engines"), aligned(sizeof(void *)))) = &(x)

/* The registered engines, "reference" first, then by name; n set to the count. */
const emu_engine *const *emu_engine_list(size_t *n);
/* NULL when no engine has that name. */
const emu_engine *emu_engine_find(const char *name);
extern const emu_engine emu_engine_reference;
/* The engine ssememu runs when none is named: the fastest of the design's
 * shape (a predecoded, computed-goto threaded store re-decoded on STO). */
#define EMU_ENGINE_DEFAULT "super"

/* The T machine itself: one step of the reference semantics on m in place
 * (CI += 1, fetch S[CI mod 32], execute; STP sets halted). Returns false,
 * doing nothing, when m is already halted. */
bool emu_step(emu_machine *m);

/* The execute half of emu_step: function f on operand line n (0..31), with
 * the reference semantics (STP sets halted). CI's increment, the fetch and
 * the step count are the caller's: the control panel executes what its
 * staticisor switches let through. */
void emu_execute(emu_machine *m, unsigned f, unsigned n);

/* A running engine: context plus the engine that owns it. */
typedef struct emu_vm {
    const emu_engine *engine;
    void *ctx;
} emu_vm;

/* Allocate a context for `e` and load t into it. Returns 0, -1 on ENOMEM. */
int emu_vm_open(emu_vm *vm, const emu_engine *e, const emu_machine *t);
void emu_vm_run(emu_vm *vm, uint64_t max_steps);
/* interp(V) into t; aborts via the return value if V is inconsistent. */
bool emu_vm_state(const emu_vm *vm, emu_machine *t, char *why, size_t whylen);
void emu_vm_close(emu_vm *vm);

/* Convenience: run engine e on m in place for at most max_steps steps.
 * Returns 0; -1 out of memory; -2 the engine's interp found it inconsistent
 * (m then unchanged). */
int emu_run(const emu_engine *e, emu_machine *m, uint64_t max_steps);

/*
 * The lecture's correctness condition made executable: run V (engine e) and
 * T (the reference) from the same state one step at a time for at most
 * max_steps steps, comparing interp(V) with T after every step.
 * Returns 0 when they agree throughout; otherwise the 1-based step at which
 * they first differ, with a description in why (a load that already
 * disagrees, or an inconsistent cache right after load, counts as step 1).
 * Stepping one at a time never lets an engine use a fused handler: the
 * tests also compare after random run lengths for that.
 */
uint64_t emu_lockstep(const emu_engine *e, const emu_machine *start, uint64_t max_steps,
                      char *why, size_t whylen);

/* load and interp for engines whose context is an emu_machine itself
 * (reference, seed): there V and T have the same representation. */
void emu_machine_load(void *ctx, const emu_machine *t);
bool emu_machine_interp(const void *ctx, emu_machine *t, char *why, size_t whylen);

/* Compare two T-states; false with a description of the first difference. */
bool emu_machine_equal(const emu_machine *x, const emu_machine *y, char *why, size_t whylen);

#endif
