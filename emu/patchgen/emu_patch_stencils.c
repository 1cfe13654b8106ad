/* emu_patch_stencils.c: the copy-and-patch engine's stencils: C compiled by clang at build time, whose holes patchgen finds in the object's relocations. */
/*
 * Built only by emu/patchgen/patch.mk (clang -O2 -fno-pic, one section per
 * function); never linked. Each stencil is one piece of the virtual
 * machine with the state in its arguments, which the SysV ABI keeps in
 * registers: S (the context, whose first member is the machine, so the
 * store is at S), a in esi, ci in edx, left in rcx. A stencil continues by
 * tail-calling a hole with the same signature (a jmp, which the patcher
 * aims at the next piece of code) and leaves by returning to the C caller
 * that entered the chain.
 *
 * Holes (extern symbols whose address is what the patcher writes):
 *   _JIT_N      the operand line n         _JIT_NB   4 n: S[n] as [S + NB]
 *   _JIT_V      JMP's new CI (S[n])        _JIT_D    JRP's step of CI (1 + S[n])
 *   _JIT_K      a block's step count       _JIT_GB   steps a STO exit gives back
 *   _JIT_CONT   the next code              _JIT_SKIP where CMP goes when A < 0
 *   _JIT_BUDGET, _JIT_HALT, _JIT_STORED    the exits (stencils too)
 * Following Xu and Kjolstad (and CPython's JIT), the values are addresses
 * of undefined symbols, so the compiler leaves a relocation where each
 * goes and never assumes anything about its value.
 */
#ifdef EMU_PATCH_STENCIL_BUILD

#include "emu_nat.h"
#include "emu_semantics.h"

#define ARGS uint32_t *S, uint32_t a, uint32_t ci, uint64_t left
#define PASS S, a, ci, left
#define HOLE(name) ((uintptr_t)(name))
#define HOLE32(name) ((uint32_t)(uintptr_t)(name))
/* The operand's word: the bodies of emu_semantics.h index SEM_S with 0. */
#define WORD_N ((uint32_t *)(void *)((char *)S + HOLE(_JIT_NB)))
#define CONTINUE(f) __attribute__((musttail)) return f(PASS)
#define CTX ((nat_ctx *)(void *)S)

extern const char _JIT_N[], _JIT_NB[], _JIT_V[], _JIT_D[], _JIT_K[], _JIT_GB[];
void _JIT_CONT(ARGS);
void _JIT_SKIP(ARGS);
void _JIT_BUDGET(ARGS);
void _JIT_HALT(ARGS);
void _JIT_STORED(ARGS);

typedef void stencil_fn(ARGS);

/* The exits: what the native code held goes back to the context. */
static inline __attribute__((always_inline)) void leave(ARGS, unsigned reason)
{
    CTX->m.a = a;
    CTX->m.ci = ci;
    CTX->left = left;
    CTX->reason = reason;
}

/* The charge took K steps it did not have: give them back. */
void st_exit_budget(ARGS);
void st_exit_budget(ARGS) { leave(S, a, ci, left + HOLE(_JIT_K), NAT_R_BUDGET); }
void st_exit_halt(ARGS);
void st_exit_halt(ARGS) { leave(PASS, NAT_R_HALT); }
void st_exit_stored(ARGS);
void st_exit_stored(ARGS) { leave(PASS, NAT_R_STORED); }

/* A block's steps, charged once (sub, jb: the borrow is the test); fewer
 * left: the exit gives them back and the run loop steps them. minsize lets
 * LLVM's branch folding make the exit a conditional tail call, so the
 * continuation is the stencil's last jmp, which the patcher drops when
 * the next code follows. */
void st_charge(ARGS) __attribute__((minsize));
void st_charge(ARGS)
{
    if (__builtin_expect(__builtin_sub_overflow(left, HOLE(_JIT_K), &left), 0))
        CONTINUE(_JIT_BUDGET);
    CONTINUE(_JIT_CONT);
}

/* Continue at line (CI + 1) & 31, wherever its code is. */
#define DISPATCH() __attribute__((musttail)) return ((stencil_fn *)CTX->heads[(ci + 1) & 31])(PASS)

/* The instructions, their bodies from emu_semantics.h. A STO that changes
 * a word some code assumed leaves, giving back the block's steps it did
 * not run. */
#define SEM_A a
#define SEM_CI ci
#define SEM_S WORD_N
#define SEM_STORED(k)                                                              \
    do {                                                                           \
        if (old_ != a && *(uint32_t *)(void *)((char *)CTX->deps + HOLE(_JIT_NB))) { \
            CTX->arg = HOLE32(_JIT_N);                                             \
            left += HOLE(_JIT_GB);                                                 \
            CONTINUE(_JIT_STORED);                                                 \
        }                                                                          \
    } while (0)
#define SEM_HALT() CONTINUE(_JIT_HALT)

void st_ldn(ARGS);
void st_ldn(ARGS)
{
    ci++;
    EMU_SEM_LDN(0);
    CONTINUE(_JIT_CONT);
}

void st_sub(ARGS);
void st_sub(ARGS)
{
    ci++;
    EMU_SEM_SUB(0);
    CONTINUE(_JIT_CONT);
}

void st_sto(ARGS);
void st_sto(ARGS)
{
    ci++;
    uint32_t old_ = *WORD_N;
    EMU_SEM_STO(0);
    CONTINUE(_JIT_CONT);
}

/* CMP as a native branch: both successors are known code (test, js,
 * add, jmp on the path that does not skip). */
void st_cmp(ARGS);
void st_cmp(ARGS)
{
    ci++;
    if ((int32_t)a < 0) {
        EMU_SEM_CMP(0);
        CONTINUE(_JIT_SKIP);
    }
    CONTINUE(_JIT_CONT);
}

void st_stp(ARGS);
void st_stp(ARGS)
{
    ci++;
    EMU_SEM_STP(0);
}

/* JMP and JRP through a word the code assumed: CI from a constant, the
 * target a known block. */
void st_jmp_known(ARGS);
void st_jmp_known(ARGS)
{
    ci = HOLE32(_JIT_V);
    CONTINUE(_JIT_CONT);
}

void st_jrp_known(ARGS);
void st_jrp_known(ARGS)
{
    ci += HOLE32(_JIT_D);
    CONTINUE(_JIT_CONT);
}

/* Through a generic word: read it, and dispatch. */
void st_jmp(ARGS);
void st_jmp(ARGS)
{
    ci++;
    EMU_SEM_JMP(0);
    DISPATCH();
}

void st_jrp(ARGS);
void st_jrp(ARGS)
{
    ci++;
    EMU_SEM_JRP(0);
    DISPATCH();
}

#include "emu_semantics_end.h"

/* A generic line: decode the word now, run it, dispatch. Charged one step,
 * so a STO exit gives nothing back. */
void st_generic(ARGS);
void st_generic(ARGS)
{
    ci++;
    uint32_t w = S[ci & 31];
    unsigned n = w & 31;
    uint32_t old_ = S[n];
#define SEM_A a
#define SEM_CI ci
#define SEM_S S
#define SEM_STORED(k)                           \
    do {                                        \
        if (old_ != a && CTX->deps[(k)]) {      \
            CTX->arg = (k);                     \
            CONTINUE(_JIT_STORED);              \
        }                                       \
    } while (0)
#define SEM_HALT() CONTINUE(_JIT_HALT)
#define VMCASE(id) case SSEM_##id:
#define VMBREAK break
#define VMOPERAND n
    switch ((w >> 13) & 7) {
        EMU_SEM_HANDLERS
    }
    (void)old_;
    DISPATCH();
}

#include "emu_semantics_end.h"

#else
typedef int emu_patch_stencils_unused;
#endif
