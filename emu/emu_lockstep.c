/* emu_lockstep.c: the lecture's correctness condition made executable: interp(V) must equal T after every step. */
#include "emu.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

uint64_t emu_lockstep(const emu_engine *e, const emu_machine *start, uint64_t max_steps,
                      char *why, size_t whylen)
{
    char dummy[1], diff[200];
    if (!why || !whylen) {
        why = dummy;
        whylen = sizeof dummy;
    }
    why[0] = '\0';
    emu_vm vm;
    if (emu_vm_open(&vm, e, start) != 0) {
        snprintf(why, whylen, "%s: out of memory", e->name);
        return 1;
    }
    emu_machine t = *start, v;
    uint64_t bad = 0;
    /* Loading is step 0: a wrong load shows up as a difference at step 1. */
    if (!emu_vm_state(&vm, &v, diff, sizeof diff)) {
        snprintf(why, whylen, "%s after load: %s", e->name, diff);
        bad = 1;
    } else if (!emu_machine_equal(&v, &t, diff, sizeof diff)) {
        snprintf(why, whylen, "%s after load: %s (engine vs reference)", e->name, diff);
        bad = 1;
    }
    for (uint64_t i = 1; !bad && i <= max_steps; i++) {
        bool was_halted = t.halted;
        emu_step(&t);
        emu_vm_run(&vm, 1);
        if (!emu_vm_state(&vm, &v, diff, sizeof diff)) {
            snprintf(why, whylen, "%s step %" PRIu64 ": %s", e->name, i, diff);
            bad = i;
        } else if (!emu_machine_equal(&v, &t, diff, sizeof diff)) {
            snprintf(why, whylen, "%s step %" PRIu64 ": %s (engine vs reference)", e->name, i,
                     diff);
            bad = i;
        } else if (was_halted) {
            break;   /* one call on a halted machine checked: nothing more can happen */
        }
    }
    emu_vm_close(&vm);
    return bad;
}
