/* emu_engine_reference.c: the T machine: the seed lecture's switch interpreter made correct, one step at a time. */
#include "emu.h"
#include "emu_semantics.h"

/* Clarity over speed: this is the definition the other engines are checked
 * against, so it works on the T-state struct itself, one whole step per
 * call, exactly as REFERENCE.md section 1 writes it. */
static inline void execute(emu_machine *m, unsigned f, unsigned n)
{
#define SEM_A m->a
#define SEM_CI m->ci
#define SEM_S m->store
#define SEM_STORED(n) ((void)0)
#define SEM_HALT() (m->halted = true)
#define VMCASE(id) case SSEM_##id:
#define VMBREAK break
#define VMOPERAND n
    switch (f & 7u) {
        EMU_SEM_HANDLERS
    }
#include "emu_semantics_end.h"
}

bool emu_step(emu_machine *m)
{
    if (m->halted)
        return false;
    m->ci += 1;                                   /* mod 2^32: uint32_t */
    uint32_t pi = m->store[ssem_line_of(m->ci)];  /* S[CI mod 32] */
    m->steps++;                                   /* STP counts too */
    execute(m, ssem_word_func(pi), ssem_word_operand(pi));   /* bits 13..15, 0..4 */
    return true;
}

void emu_execute(emu_machine *m, unsigned f, unsigned n)
{
    execute(m, f, n & SSEM_LINE_MASK);
}

static void ref_run(void *ctx, uint64_t max_steps)
{
    emu_machine *m = ctx;
    for (uint64_t i = 0; i < max_steps && emu_step(m); i++)
        ;
}

const emu_engine emu_engine_reference = {
    .name = "reference",
    .summary = "the T machine: switch interpreter, one checked step at a time",
    .kind = EMU_KIND_REFERENCE,
    .ctx_size = sizeof(emu_machine),
    .load = emu_machine_load,
    .run = ref_run,
    .interp = emu_machine_interp,
    .counters = NULL,
};
EMU_ENGINE(emu_engine_reference);
