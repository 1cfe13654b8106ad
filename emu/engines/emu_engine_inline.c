/* emu_engine_inline.c: selective inlining (Piumarta and Riccardi, PLDI 1998): the handler bodies of a basic block copied into one run of native code, one dispatch per block. */
#if defined(__x86_64__) && defined(__linux__)

#include "emu.h"
#include "emu_nat.h"

/*
 * Piumarta and Riccardi turn threaded code into "dynamic
 * superinstructions": for each basic block of the virtual program they
 * memcpy the native bodies of its handlers, end to end, into a buffer, so
 * the block runs with no dispatch between its instructions and one
 * dispatch at its end. A body can be copied when it is relocatable: no
 * calls, no jumps out, nothing position-dependent (Ertl and Gregg's
 * dynamic superinstructions, PLDI 2003, need the same). Our bodies are
 * emu_nat's handlers, whose bytes are copied up to their ret; STO's one
 * jump out (a changed word some code assumed) is re-aimed after the copy,
 * as their relocation of a body's calls.
 *
 * A block starts at every head line L and runs to the first JMP, JRP, CMP
 * or STP (included), or stops before a generic line, or after 32 lines:
 *
 *   sub r14, k; jb budget_k      the block's k steps, charged once
 *   mov eax, n; <body>           per line; CI kept back and added before
 *   ...                          a STO (whose exit needs it) and at the end
 *   add r13d, pending
 *   <JMP/JRP/CMP body>; dispatch through heads[(CI + 1) & 31]
 *
 * A block cut short (32 lines, a generic line next) jumps straight into
 * the next head's block. When fewer than k steps are left the block is
 * not entered: the run loop steps the rest exactly. A STO that leaves
 * gives back the steps of the block it did not run.
 */

enum { MAX_STO = SSEM_WORDS };

static bool inline_translate(nat_ctx *c, x64_code *x, size_t head_off[SSEM_WORDS])
{
    long next_field[SSEM_WORDS];
    unsigned next_head[SSEM_WORDS];
    for (unsigned head = 0; head < SSEM_WORDS; head++) {
        head_off[head] = x64_offset(x);
        next_field[head] = -1;
        if (c->generic >> head & 1) {
            nat_charge(c, x, 1);
            x64_add_r32_imm(x, NAT_R_CI, 1);
            x64_call_rel32(x, (long)c->gen_off);
            nat_dispatch(c, x);
            continue;
        }
        unsigned k = 0;
        bool ends = false;
        while (k < SSEM_WORDS && !ends) {
            unsigned l = (head + k) & 31;
            if (c->generic >> l & 1)
                break;
            enum nat_body b = nat_body_of(ssem_word_func(c->m.store[l]));
            ends = b == NAT_B_JMP || b == NAT_B_JRP || b == NAT_B_CMP || b == NAT_B_STP;
            k++;
        }
        nat_charge(c, x, k);
        long sto_field[MAX_STO];
        unsigned sto_back[MAX_STO], nsto = 0, pending = 0;
        for (unsigned i = 0; i < k; i++) {
            unsigned l = (head + i) & 31;
            uint32_t w = c->m.store[l];
            enum nat_body b = nat_body_of(ssem_word_func(w));
            nat_assume(c, head, l);
            pending++;
            if (b != NAT_B_LDN && b != NAT_B_SUB) {
                x64_add_r32_imm(x, NAT_R_CI, (int32_t)pending);
                pending = 0;
            }
            if (b == NAT_B_STP) {
                nat_leave(c, x, NAT_R_HALT);
                break;
            }
            x64_mov_r32_imm(x, X64_RAX, ssem_word_operand(w));
            long f = nat_copy_body(c, x, b);
            if (b == NAT_B_STO) {
                sto_field[nsto] = f;
                sto_back[nsto++] = k - 1 - i;
            }
            if (i == k - 1 && b != NAT_B_STO && b != NAT_B_LDN && b != NAT_B_SUB)
                nat_dispatch(c, x);
            else if (i == k - 1) {
                if (pending)
                    x64_add_r32_imm(x, NAT_R_CI, (int32_t)pending);
                next_field[head] = x64_jmp_rel32(x, X64_UNBOUND);
                next_head[head] = (head + k) & 31;
            }
        }
        /* STO exits: give back the steps charged but not run. */
        for (unsigned s = 0; s < nsto; s++) {
            if (!sto_back[s]) {
                x64_patch_rel32(x, sto_field[s], (long)c->stored_off);
                continue;
            }
            x64_patch_rel32(x, sto_field[s], (long)x64_offset(x));
            x64_add_r64_imm(x, NAT_R_LEFT, (int32_t)sto_back[s]);
            x64_jmp_rel32(x, (long)c->stored_off);
        }
    }
    for (unsigned head = 0; head < SSEM_WORDS; head++)
        if (next_field[head] >= 0)
            x64_patch_rel32(x, next_field[head], (long)head_off[next_head[head]]);
    return !x->overflow;
}

static void inline_load(void *ctx, const emu_machine *t)
{
    nat_load(ctx, t, inline_translate);
}

const emu_engine emu_engine_inline = {
    .name = "inline",
    .summary = "selective inlining: the handler bodies of each basic block copied into one native run",
    .kind = EMU_KIND_TRANSLATOR,
    .ctx_size = sizeof(nat_ctx),
    .load = inline_load,
    .run = nat_run,
    .interp = nat_interp,
    .counters = nat_counters,
    .fini = nat_fini,
};
EMU_ENGINE(emu_engine_inline);

#else
/* Not x86-64 Linux: no selective inlining; the other engines do not notice. */
typedef int emu_engine_inline_unused;
#endif
