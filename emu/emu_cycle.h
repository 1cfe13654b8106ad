/* emu_cycle.h: proving that a run never halts: Brent's cycle detection over T-state snapshots (no I/O). */
#ifndef EMU_CYCLE_H
#define EMU_CYCLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "emu.h"

/*
 * The machine is deterministic, so a T-state (store, A and CI) that comes
 * back proves the run never halts: it repeats for ever. A run feeds the
 * detector a snapshot every `stride` steps (emu_cycle_due says when), and
 * the detector runs Brent's algorithm on that sequence: a tortoise that
 * teleports to the latest snapshot whenever the window doubles, one
 * comparison per snapshot. With a stride of a million steps that costs
 * nothing measurable; a repeat of period K is seen by about the step
 * 2 * max(S, lcm(K, stride)) for a cycle entered at step S.
 *
 * When the run ends (a step limit, Ctrl-C, a debugger's stop),
 * emu_cycle_explain gives the exact period and first step, replaying with
 * the reference semantics (emu_step) for at most a budget of steps; it also
 * finds short cycles the snapshots missed, starting from the end state.
 *
 * Users: ssememu (the note, --stop-on-cycle), the debugger and the panel.
 */
typedef struct emu_cycle {
    emu_machine start;   /* where the run began, to find the cycle's first step */
    emu_machine saved;   /* the tortoise */
    uint64_t stride;     /* steps between snapshots */
    uint64_t next;       /* the step count at which the next snapshot is due */
    uint64_t power, lam; /* Brent's window and the distance from the tortoise, in snapshots */
    bool found;          /* a snapshot equalled the tortoise */
    uint64_t repeat;     /* then: steps between the two equal states (a multiple of the period) */
} emu_cycle;

/* What emu_cycle_explain proved. */
typedef struct emu_cycle_report {
    uint64_t period;     /* K: the state at step s + K equals the state at step s ... */
    uint64_t since;      /* ... for every s >= S (the smallest such S when exact) */
    unsigned line;       /* the store line the machine runs next at step S */
    bool exact;          /* K and S are the smallest; false: true but the budget ran out first */
} emu_cycle_report;

/* Steps between snapshots that ssememu uses: its own chunk, so watching
 * for a cycle adds no engine call. */
#define EMU_CYCLE_STRIDE ((uint64_t)1 << 20)
/* Reference steps emu_cycle_explain may spend by default (a fraction of a second). */
#define EMU_CYCLE_BUDGET ((uint64_t)1 << 20)

/* Start watching a run that begins at `start` (its steps count included). */
void emu_cycle_init(emu_cycle *c, const emu_machine *start, uint64_t stride);
/* How many further steps the run may take before the next snapshot is due
 * (it should stop there, to let emu_cycle_observe see that state). */
uint64_t emu_cycle_due(const emu_cycle *c, const emu_machine *m);
/* Offer the current state: taken when a snapshot is due at m->steps,
 * ignored otherwise. True once a repeat was seen (c->found). */
bool emu_cycle_observe(emu_cycle *c, const emu_machine *m);
/* After the run, whose state is now `end`: true when the run provably
 * never halts, with the period, first step and line in *r. Spends at most
 * `budget` steps of emu_step per phase; no I/O. */
bool emu_cycle_explain(const emu_cycle *c, const emu_machine *end, uint64_t budget, emu_cycle_report *r);
/* The note, without a program name or newline: "the state repeats every
 * K steps since step S (line L): this program never halts". */
void emu_cycle_note(const emu_cycle_report *r, char *buf, size_t len);

#endif
