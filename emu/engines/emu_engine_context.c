/* emu_engine_context.c: context threading (Berndl et al., CGO 2005): a generated call per store line into the handler bodies, JMP/JRP/CMP as native branches. */
#if defined(__x86_64__) && defined(__linux__)

#include "emu.h"
#include "emu_nat.h"

/*
 * Subroutine threading puts the interpreter's dispatch into the host's
 * own call and return, which the return-address stack predicts: the
 * threaded code is a sequence of `call handler` instructions, one per
 * virtual instruction, in the order of the store, so each virtual
 * instruction's successor is a host address the branch predictor keys on.
 * Context threading then inlines the virtual branches as native ones:
 *
 *   line L:  sub r14, 1; jb budget     one step charged (exact budgets)
 *            add r13d, 1               CI += 1
 *     LDN/SUB/STO n:  mov eax, n; call body
 *     JMP n:  mov r13d, S[n]; jmp line (S[n] + 1)      S[n] a constant
 *     JRP n:  add r13d, S[n]; jmp line (L + S[n] + 1)
 *     CMP:    test r12d, r12d; jns line L+1; add r13d, 1; jmp line L+2
 *     STP:    leave (halted)
 *
 * and falls through into line L + 1 (line 31 jumps to line 0). JMP and JRP
 * take their target from the word they read, so their code assumes that
 * word as well as their own. A STO that changes a word some code assumed
 * leaves native code and everything is generated again; a word changed
 * twice goes generic (emu_nat.h): its line calls the generic handler, which
 * decodes the word at run time, and a JMP or JRP through it reads it and
 * dispatches through the heads table. That is the fall-back where STO
 * rewrites code.
 */

static bool context_translate(nat_ctx *c, x64_code *x, size_t head_off[SSEM_WORDS])
{
    long field[3 * SSEM_WORDS + 1];
    unsigned target[3 * SSEM_WORDS + 1], nfix = 0;
#define JMP_LINE(cc, line)                                                       \
    do {                                                                         \
        field[nfix] = (cc) < 0 ? x64_jmp_rel32(x, X64_UNBOUND)                   \
                               : x64_jcc_rel32(x, (x64_cond)(cc), X64_UNBOUND);  \
        target[nfix++] = (line) & 31;                                            \
    } while (0)

    bool falls = false;
    for (unsigned l = 0; l < SSEM_WORDS; l++) {
        head_off[l] = x64_offset(x);
        nat_charge(c, x, 1);
        x64_add_r32_imm(x, NAT_R_CI, 1);
        falls = true;
        if (c->generic >> l & 1) {
            x64_call_rel32(x, (long)c->gen_off);
            nat_dispatch(c, x);
            falls = false;
            continue;
        }
        nat_assume(c, l, l);
        uint32_t w = c->m.store[l];
        unsigned n = ssem_word_operand(w);
        bool known = !(c->generic >> n & 1);
        enum nat_body b = nat_body_of(ssem_word_func(w));
        switch (b) {
        case NAT_B_JMP:
        case NAT_B_JRP:
            if (known) {
                nat_assume(c, l, n);
                uint32_t v = c->m.store[n];
                if (b == NAT_B_JMP) {
                    x64_mov_r32_imm(x, NAT_R_CI, v);
                    JMP_LINE(-1, v + 1);
                } else {
                    x64_add_r32_imm(x, NAT_R_CI, (int32_t)v);
                    JMP_LINE(-1, l + v + 1);
                }
            } else {
                if (b == NAT_B_JMP)
                    x64_mov_r32_m32(x, NAT_R_CI, nat_word(n));
                else
                    x64_add_r32_m32(x, NAT_R_CI, nat_word(n));
                nat_dispatch(c, x);
            }
            falls = false;
            break;
        case NAT_B_CMP:
            x64_test_r32_r32(x, NAT_R_A, NAT_R_A);
            JMP_LINE(X64_CC_NS, l + 1);
            x64_add_r32_imm(x, NAT_R_CI, 1);
            JMP_LINE(-1, l + 2);
            falls = false;
            break;
        case NAT_B_STP:
            nat_leave(c, x, NAT_R_HALT);
            falls = false;
            break;
        default:
            x64_mov_r32_imm(x, X64_RAX, n);
            x64_call_rel32(x, (long)c->body_off[b]);
            break;
        }
    }
    if (falls)
        JMP_LINE(-1, 0);
#undef JMP_LINE
    for (unsigned i = 0; i < nfix; i++)
        x64_patch_rel32(x, field[i], (long)head_off[target[i]]);
    return !x->overflow;
}

static void context_load(void *ctx, const emu_machine *t)
{
    nat_load(ctx, t, context_translate);
}

const emu_engine emu_engine_context = {
    .name = "context",
    .summary = "context threading: a call per line into handler bodies, JMP/JRP/CMP as native branches",
    .kind = EMU_KIND_TRANSLATOR,
    .ctx_size = sizeof(nat_ctx),
    .load = context_load,
    .run = nat_run,
    .interp = nat_interp,
    .counters = nat_counters,
    .fini = nat_fini,
};
EMU_ENGINE(emu_engine_context);

#else
/* Not x86-64 Linux: no context threading; the other engines do not notice. */
typedef int emu_engine_context_unused;
#endif
