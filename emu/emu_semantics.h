/* emu_semantics.h: the one place each SSEM instruction's meaning is written; every engine expands it with its own dispatch. */
#ifndef EMU_SEMANTICS_H
#define EMU_SEMANTICS_H

#include <stdint.h>

#include "ssem_isa.h"
#include "ssem_word.h"

/*
 * Lua's lvm.c writes every opcode once as vmcase(OP) { ... vmbreak; } and
 * ljumptab.h turns the same bodies into computed-goto dispatch. We do the
 * same so that engines differ in dispatch technique and nothing else.
 *
 * The bodies below name the machine state through macros the including
 * engine defines before it expands them:
 *
 *   SEM_A          the accumulator, a uint32_t lvalue
 *   SEM_CI         the control register, a uint32_t lvalue (kept whole)
 *   SEM_S          the store, uint32_t * indexable by 0..31
 *   SEM_STORED(n)  called after S[n] was written: a caching engine
 *                  re-decodes what it derived from line n (may be empty)
 *   SEM_HALT()     what STP does: mark the machine halted and leave the run
 *
 * EMU_SEM_<SEM>(n) is the body of the instruction whose SEM column (in
 * SSEM_ISA) is <SEM>, with operand line n (already 0..31). CI has already
 * been incremented and the word fetched when a body runs.
 *
 * All arithmetic is on uint32_t, so it wraps mod 2^32 with no undefined
 * behaviour; "A < 0" is its sign bit, which also makes CMP branch-free.
 */
#define EMU_SEM_JMP(n) ((void)(SEM_CI = SEM_S[(n)]))
#define EMU_SEM_JRP(n) ((void)(SEM_CI += SEM_S[(n)]))
#define EMU_SEM_LDN(n) ((void)(SEM_A = 0u - SEM_S[(n)]))
#define EMU_SEM_STO(n)           \
    do {                         \
        SEM_S[(n)] = SEM_A;      \
        SEM_STORED(n);           \
    } while (0)
#define EMU_SEM_SUB(n) ((void)(SEM_A -= SEM_S[(n)]))
#define EMU_SEM_CMP(n) ((void)(n), (void)(SEM_CI += SEM_A >> 31))
#define EMU_SEM_STP(n) \
    do {               \
        (void)(n);     \
        SEM_HALT();    \
    } while (0)

/*
 * The eight handlers, one per function code, as Lua's vmcase/vmbreak:
 * the engine defines
 *
 *   VMCASE(ID)   what opens the handler for ISA row ID (JMP ... SUB2 ... STP):
 *                "case SSEM_##ID:" for a switch, "op_##ID:" for labels
 *   VMBREAK      what ends it: "break", or a dispatch to the next word
 *   VMOPERAND    the expression giving the operand line n
 *
 * and writes EMU_SEM_HANDLERS where the handlers go. Function 5 gets its
 * own handler (so tables indexed by function code need no special case)
 * whose body is SUB's, taken through the SEM column.
 */
#define EMU_SEM_X_HANDLER(id, f, sem, opnd, al, m) \
    VMCASE(id) {                                  \
        EMU_SEM_##sem(VMOPERAND);                 \
    }                                             \
    VMBREAK;
#define EMU_SEM_HANDLERS SSEM_ISA(EMU_SEM_X_HANDLER)

/*
 * Threaded dispatch needs one indirect jump per handler, but gcc's
 * cross-jumping and clang's tail merging see eight identical dispatch
 * tails and fold them into one shared jump: the code becomes a switch
 * again (objdump shows 2 indirect jumps instead of 8). So a threaded
 * engine uses EMU_SEM_HANDLERS_NEXT, which ends handler ID with
 * VMNEXT(SSEM_ID) instead of VMBREAK, and its VMNEXT(k) puts
 * EMU_SEM_DISTINCT(k, p) on the pointer it jumps through: an empty asm
 * that differs per site (the immediate k), so no two tails are equal.
 * It emits no instruction.
 */
#define EMU_SEM_DISTINCT(k, var) __asm__("" : "+r"(var) : "i"(k))
#define EMU_SEM_X_HANDLER_NEXT(id, f, sem, opnd, al, m) \
    VMCASE(id) {                                       \
        EMU_SEM_##sem(VMOPERAND);                      \
    }                                                  \
    VMNEXT(SSEM_##id);
#define EMU_SEM_HANDLERS_NEXT SSEM_ISA(EMU_SEM_X_HANDLER_NEXT)

/* A computed-goto table indexed by function code, for handlers labelled
 * op_<ID> (VMCASE(ID) = op_##ID:):
 *   static const void *const tbl[SSEM_NFUNC] = { EMU_SEM_LABELS }; */
#define EMU_SEM_X_LABEL(id, f, sem, opnd, al, m) [f] = &&op_##id,
#define EMU_SEM_LABELS SSEM_ISA(EMU_SEM_X_LABEL)

#endif
