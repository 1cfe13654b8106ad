/* emu_jit.h: the jit engine's context, shared by its run loop (emu_engine_jit.c) and its translator (emu_jit_translate.c). */
#ifndef EMU_JIT_H
#define EMU_JIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "emu.h"
#include "emu_jit_buf.h"
#include "ssem_word.h"

/*
 * The context is what native code sees: rbx holds its address, so every
 * field the code touches is [rbx + constant]. The first block is that
 * interface and its layout is fixed by the offsets below; the rest is the
 * run loop's bookkeeping.
 *
 * Registers in translated code: rbx the context, r12d A, r13d CI (all 32
 * bits, exact at every exit), r14 the steps still allowed. A translation
 * for head line L is entered with CI + 1 = L (mod 32).
 *
 * Invariants (checked by interp):
 *   - heads[L] is the entry of the live translation for L, or the generic
 *     stub when line L is generic, or else the miss stub;
 *   - deps[w] has bit L set iff the live translation for L assumed the
 *     value of word w (ran it as code, or jumped through it); watch[w] is
 *     nonzero iff deps[w] is, and then assumed[w] == store[w].
 * A STO into a watched word that changes its value therefore leaves the
 * native code, and the run loop drops every translation in deps[w].
 */
enum {
    JIT_BUF_SIZE = 1 << 20,
    JIT_TRACE_ROOM = 16 << 10,  /* more than the largest trace (32 lines) needs */
    JIT_HOT_WRITES = 4,         /* changes of a watched word before it goes generic */
    JIT_GUARD_MISSES = 8,       /* a dynamic slot's guard failing this often drops its trace */
    JIT_GUARD_DROPS = 4,        /* after this many such drops a line gets no dynamic slot */
};

/* Why native code returned to the run loop (jit_ctx.reason). */
enum jit_reason {
    JIT_R_MISS,     /* heads[(CI+1) & 31] has no translation yet */
    JIT_R_BUDGET,   /* fewer steps left than the next trace holds */
    JIT_R_HALT,     /* an STP ran; CI names it */
    JIT_R_STORED,   /* a STO changed watched word `arg` */
    JIT_R_GUARD,    /* a dynamic slot found another function: arg = head | line << 8 */
};

typedef struct jit_ctx {
    /* --- seen by native code --- */
    emu_machine m;                  /* the T-state, held once: store, A, CI here */
    uint32_t assumed[SSEM_WORDS];   /* the value translations assumed, where watched */
    uint8_t watch[SSEM_WORDS];
    const void *heads[SSEM_WORDS];  /* where to enter for head line L (in rx) */
    const void *gen_table[8];       /* the generic stub's handler per function code */
    uint32_t gen_last[SSEM_WORDS];  /* the word the generic stub last ran at each line */
    uint64_t left;                  /* steps still allowed in this run */
    uint32_t reason, arg;

    /* --- the run loop's own --- */
    bool native;                    /* false: no buffer, interpret everything */
    jit_buf buf;
    size_t stubs_end;               /* translations start here after a flush */
    const void *enter;              /* the entry trampoline: enter(ctx, target) */
    const void *stub_miss, *stub_generic;
    size_t exit_off;                /* offset of the shared exit sequence */
    size_t generic_off;             /* offset of the generic stub */
    size_t generic_next_off;        /* the generic stub's tail: dispatch on CI */
    uint32_t depmask[SSEM_WORDS];   /* per head: the words its translation assumed */
    uint32_t deps[SSEM_WORDS];      /* per word: the heads that assumed it */
    uint32_t live;                  /* heads with a translation */
    uint32_t generic;               /* words rewritten too often: never assumed */
    uint16_t writes[SSEM_WORDS];    /* changes of the word while watched */
    uint32_t unstable;              /* generic lines whose function keeps changing: no slots */
    uint8_t guard_misses[SSEM_WORDS];   /* per head, since its translation */
    uint8_t guard_drops[SSEM_WORDS];    /* per line */
    uint64_t translations, invalidations, translate_ns;
} jit_ctx;

/* Field offsets native code uses, as displacements from rbx. */
#define JIT_OFF(field) ((int32_t)offsetof(jit_ctx, field))
#define JIT_OFF_STORE(w) (JIT_OFF(m.store) + 4 * (int32_t)(w))
#define JIT_OFF_ASSUMED(w) (JIT_OFF(assumed) + 4 * (int32_t)(w))
#define JIT_OFF_WATCH(w) (JIT_OFF(watch) + (int32_t)(w))
#define JIT_OFF_HEAD(l) (JIT_OFF(heads) + 8 * (int32_t)(l))

/* Emit the fixed stubs (entry, exit, miss, generic) at the start of the
 * buffer; sets the stub fields. Returns false if the buffer is too small. */
bool jit_emit_stubs(jit_ctx *c);

/* Translate the trace that starts at head line L from the current store,
 * append it to the buffer and return its entry (in rx), with depmask[L]
 * filled; NULL when the buffer is full (the caller flushes and retries). */
const void *jit_translate(jit_ctx *c, unsigned line);

#endif
