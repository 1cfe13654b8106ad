/* emu_engine_seed.c: the seed lecture's loop as written (fetch, decode, switch), with only the fixes correctness demands: the benchmark baseline. */
#include "emu.h"
#include "emu_semantics.h"

/*
 * The lecture's interpreter keeps the machine in one structure and runs
 *
 *     for (;;) { CI++; PI = S[CI]; n = PI & 0x1FFF; f = (PI >> 13) & 7;
 *                switch (f) { ... } }
 *
 * on int32_t. The fixes, and nothing more: uint32_t arithmetic (signed
 * overflow is undefined), fetch S[CI mod 32], a 5-bit operand (0x1FFF
 * indexes past the store), function 5 = SUB, and a step budget so that a
 * run stops exactly after max_steps. The state stays in the struct: the
 * store and the registers are all uint32_t, so after a STO the compiler
 * must reload them, as the lecture's loop over globals did.
 */
static void seed_run(void *ctx, uint64_t max_steps)
{
    emu_machine *m = ctx;
    uint64_t i = 0;
    if (m->halted)
        return;
    while (i < max_steps) {
        m->ci++;
        uint32_t pi = m->store[m->ci & 31];
        unsigned n = pi & 0x1F;
        unsigned f = (pi >> 13) & 7;
        i++;
#define SEM_A m->a
#define SEM_CI m->ci
#define SEM_S m->store
#define SEM_STORED(k) ((void)0)
#define SEM_HALT() goto halt
#define VMCASE(id) case SSEM_##id:
#define VMBREAK break
#define VMOPERAND n
        switch (f) {
            EMU_SEM_HANDLERS
        }
    }
    goto out;
    EMU_RUN_EXITS(m, m->a, m->ci, i);
#include "emu_semantics_end.h"
}

const emu_engine emu_engine_seed = {
    .name = "seed",
    .summary = "the lecture's fetch-decode-switch loop, corrected (the baseline)",
    .kind = EMU_KIND_INTERPRETER,
    .ctx_size = sizeof(emu_machine),
    .load = emu_machine_load,
    .run = seed_run,
    .interp = emu_machine_interp,
    .counters = NULL,
};
EMU_ENGINE(emu_engine_seed);
