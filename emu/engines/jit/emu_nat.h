/* emu_nat.h: the runtime the whole-store code generators share (context, inline, patch): entry, exits, handler bodies, run loop, staleness checks. */
#ifndef EMU_NAT_H
#define EMU_NAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "emu.h"
#include "emu_jit_buf.h"
#include "emu_x64.h"
#include "ssem_word.h"

/*
 * An engine built on this runtime translates the whole store at once: its
 * translate function emits code for every head line L (entered with
 * CI + 1 = L mod 32) and says which words each head's code assumed. Any
 * STO that changes an assumed word leaves native code; the run loop counts
 * the change and translates everything again. A word changed NAT_HOT_WRITES
 * times becomes generic: no code assumes it any more (its line is decoded
 * at run time by the generic handler, and jumps through it become
 * indirect), so a program that keeps rewriting itself stops paying for
 * translation after a few rewrites.
 *
 * Registers in native code: rbx the context (the store is at [rbx], since
 * `m` comes first), r12d A, r13d CI (whole, exact at every exit), r14 the
 * steps still allowed. Scratch: rax (the operand line for the handlers),
 * rcx, rdx.
 *
 * The handler bodies are emitted once, after the stubs, each as a callable
 * subroutine: body, then ret. `context` calls them; `inline` copies the
 * body bytes (everything before the ret) into its blocks. Their only
 * jump out of the body is STO's exit, at body offset sto_out (a rel32),
 * which a copy re-aims.
 */
enum {
    NAT_BUF_SIZE = 1 << 20,
    NAT_HOT_WRITES = 2,   /* changes of an assumed word before it goes generic */
};

enum nat_reason { NAT_R_BUDGET, NAT_R_HALT, NAT_R_STORED };

/* Handler bodies, by what they do (not by function code: SUB2 is SUB). */
enum nat_body { NAT_B_JMP, NAT_B_JRP, NAT_B_LDN, NAT_B_STO, NAT_B_SUB, NAT_B_CMP, NAT_B_STP, NAT_NBODIES };

typedef struct nat_ctx nat_ctx;
/* Emit code for every head line at the cursor; set c->heads (as buffer
 * offsets in head_off) and c->depmask. False: the buffer is full. */
typedef bool (*nat_translate_fn)(nat_ctx *c, x64_code *x, size_t head_off[SSEM_WORDS]);

struct nat_ctx {
    emu_machine m;                  /* first: the store is at [rbx] */
    /* --- seen by native code --- */
    const void *heads[SSEM_WORDS];  /* where to enter for head line L */
    uint32_t deps[SSEM_WORDS];      /* per word: the heads whose code assumed it */
    const void *gen_table[8];       /* the generic handler's body per function code */
    uint64_t left;
    uint32_t reason, arg;
    /* --- the run loop's own --- */
    nat_translate_fn translate;
    bool native;                    /* false: no buffer, interpret everything */
    bool valid;                     /* heads and deps describe the current store */
    jit_buf buf;
    size_t stubs_end;
    const void *enter;
    /* stub and body offsets in the buffer */
    size_t exit_off, stored_off, stored_call_off, dispatch_off, gen_off;
    size_t budget_off[SSEM_WORDS + 1];   /* leave, giving k steps back */
    size_t body_off[NAT_NBODIES], body_len[NAT_NBODIES];
    size_t sto_out;                 /* the rel32 of STO's exit, from its body's start */
    size_t own_off[SSEM_WORDS + 4]; /* an engine's own stubs, after these */
    uint32_t assumed[SSEM_WORDS];
    uint32_t depmask[SSEM_WORDS];   /* per head: the words it assumed */
    uint32_t generic;               /* words no code may assume */
    uint8_t writes[SSEM_WORDS];
    uint64_t translations, invalidations, translate_ns;
};

#define NAT_OFF(field) ((int32_t)offsetof(nat_ctx, field))
#define NAT_R_CTX X64_RBX
#define NAT_R_A X64_R12
#define NAT_R_CI X64_R13
#define NAT_R_LEFT X64_R14

/* [rbx + off] and S[n] as memory operands. */
static inline x64_mem_op nat_at(int32_t off) { return x64_mem(NAT_R_CTX, off); }
static inline x64_mem_op nat_word(unsigned n) { return x64_mem(NAT_R_CTX, (int32_t)(4 * n)); }

/* Emitting helpers for translators: the step charge (sub r14, k; jb to a
 * tail that gives the k steps back and leaves with NAT_R_BUDGET), leaving
 * with a reason, and continuing at line (CI + 1) & 31 through heads. */
void nat_charge(nat_ctx *c, x64_code *x, unsigned k);
void nat_leave(nat_ctx *c, x64_code *x, enum nat_reason r);
void nat_dispatch(nat_ctx *c, x64_code *x);
/* Copy body b at the cursor (operand line already in eax). Returns the
 * rel32 field of STO's exit, to be aimed with x64_patch_rel32 (-1 for the
 * other bodies). */
long nat_copy_body(nat_ctx *c, x64_code *x, enum nat_body b);
/* The body for function code f. */
enum nat_body nat_body_of(unsigned f);
/* Record that head L's code assumed word w. */
void nat_assume(nat_ctx *c, unsigned head, unsigned w);

/* The emu_engine entries. c->enter is called as enter(c, head): nat's
 * own stub, or an engine's C function that enters its code otherwise. */
void nat_load(nat_ctx *c, const emu_machine *t, nat_translate_fn translate);
void nat_run(void *ctx, uint64_t max_steps);
bool nat_interp(const void *ctx, emu_machine *t, char *why, size_t whylen);
void nat_counters(const void *ctx, emu_counters *k);
void nat_fini(void *ctx);

#endif
