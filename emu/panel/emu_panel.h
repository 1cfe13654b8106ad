/* emu_panel.h: the Baby's control panel as a machine model: what the operator saw and touched (no I/O). */
#ifndef EMU_PANEL_H
#define EMU_PANEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "emu.h"

/*
 * The facts are REFERENCE.md section 5. The panel wraps the T-state (the
 * store, A, CI, the step count, and `halted`, which is the stop lamp) and
 * adds what the operator had besides: PI, the switches, the keys, the
 * display selector. Every action here happens between instructions; the
 * engines' hot loops never see the panel.
 *
 * With every switch in its normal-run position (AUTO, all L and F switches
 * at 1, WRITE, no key held) a step is exactly emu_step(): the panel machine
 * equals the reference T step for step. The PRM A1.4 quirk (CI bits 13-15
 * corrupting the fetch) is not modelled: like SIMH and the lecture's T,
 * the fetch is S[CI mod 32] whatever CI's high bits hold.
 */

enum {
    EMU_PANEL_L_SWITCHES = 5,        /* line switches, weights 1 2 4 8 16 */
    EMU_PANEL_F_SWITCHES = 3,        /* function switches, bits 13 14 15 */
    EMU_PANEL_L_ALL = 0x1F,          /* every L switch at 1 ("down"): normal run */
    EMU_PANEL_F_ALL = 0x7,           /* every F switch at 1 */
    EMU_PANEL_BUTTONS = 40,          /* typewriter buttons; 32..39 are not connected */
    EMU_PANEL_NO_KEY = -1,           /* no typewriter button held */
};

/* The 1948 machine's speed (Nature 162, 1948: 3.5 million operations in 52 minutes). */
#define EMU_PANEL_DEFAULT_IPS 700.0

/* The display selector: three interlocked buttons. */
typedef enum emu_panel_display {
    EMU_PANEL_SHOW_S,   /* Sc: the store, 32 lines */
    EMU_PANEL_SHOW_A,   /* A: the accumulator on line 0 */
    EMU_PANEL_SHOW_C,   /* C: CI on line 0, PI on line 1 */
} emu_panel_display;

typedef struct emu_panel {
    emu_machine m;              /* store, A, CI, steps; m.halted is the stop lamp */
    uint32_t pi;                /* the present instruction: the word last fetched */
    /* switches (state that stays where it is put) */
    bool run;                   /* STOP/RUN (CS) at RUN */
    bool manual;                /* MANUAL/AUTO at MANUAL */
    bool erase;                 /* WRITE/ERASE at ERASE */
    uint8_t l_switches;         /* bit i = the L switch of weight 2^i is at 1 */
    uint8_t f_switches;         /* bit i = the F switch of word bit 13+i is at 1 */
    emu_panel_display display;
    /* keys held down while the machine runs (a fault the real machine shows) */
    int key_held;               /* typewriter button 0..39, or EMU_PANEL_NO_KEY */
    bool klc_held;              /* KLC held: every action line cleared */
    /* speed: instructions a second; 0 means as fast as possible */
    double ips;
} emu_panel;

/* A fresh panel on `store` (NULL: zeros): CI = A = PI = 0, lamp out, STOP,
 * AUTO, WRITE, all L and F switches at 1, display Sc, 700 per second. */
void emu_panel_init(emu_panel *p, const uint32_t store[SSEM_WORDS]);

/* True when every switch is in its normal-run position and no key is held:
 * then a step is emu_step(). (STOP/RUN and the display do not matter.) */
bool emu_panel_normal(const emu_panel *p);

/* The instruction the L and F switches set: (F << 13) | L. */
uint32_t emu_panel_switch_word(const emu_panel *p);

/*
 * The action line: the store line an instruction touches, the one the
 * typewriter and KLC act on at a stop. In MANUAL it is the L switches'
 * line; in AUTO the line of PI as gated by the L switches.
 */
unsigned emu_panel_action_line(const emu_panel *p);

/*
 * One machine cycle, whatever the STOP/RUN switch says (the caller decides
 * when to cycle): CI += 1; PI is fetched from S[(CI mod 32) & L] in AUTO, or
 * is the switches' word in MANUAL (CI still counts but fetches nothing); a
 * held typewriter key sets or clears its bit of PI; the instruction executed
 * has PI's line & L and function & F (in MANUAL, with no key held, that is
 * the switches' word itself); then a held key corrupts the action line and
 * a held KLC clears it. The instruction runs through emu_execute(), the
 * reference T's own. Returns false, doing nothing, when the stop lamp is
 * lit (KC puts it out and then cycles).
 */
bool emu_panel_cycle(emu_panel *p);

struct emu_panel_history;
/*
 * RUN: at most max_steps cycles while the switch is at RUN and the lamp is
 * out. Returns the number executed (an STP counts). In the normal-run
 * position this is emu_step() in a loop. h (may be NULL) records the state
 * before every cycle, for reverse step.
 */
uint64_t emu_panel_run(emu_panel *p, uint64_t max_steps, struct emu_panel_history *h);

/* --- what the operator does ------------------------------------------------ */

/* STOP/RUN: flip it, or set it. The front end then calls emu_panel_run. */
void emu_panel_set_run(emu_panel *p, bool run);
/* KC, single shot: when at STOP, one cycle; a lit lamp goes out first, so
 * KC steps past an STP. Returns false (nothing done) when at RUN. */
bool emu_panel_kc(emu_panel *p);
void emu_panel_set_manual(emu_panel *p, bool manual);
void emu_panel_set_erase(emu_panel *p, bool erase);
/* Flip L switch i (0..4, weight 2^i) or F switch i (0..2, bit 13+i). */
void emu_panel_toggle_l(emu_panel *p, unsigned i);
void emu_panel_toggle_f(emu_panel *p, unsigned i);
void emu_panel_set_display(emu_panel *p, emu_panel_display d);

/* Typewriter button b pressed once at a stop: writes 1 (WRITE) or 0 (ERASE)
 * into bit b of the action line. Buttons 32..39 are not connected: false. */
bool emu_panel_type(emu_panel *p, unsigned b);
/* A button held (b) or released (EMU_PANEL_NO_KEY) while running. */
void emu_panel_hold_key(emu_panel *p, int b);
void emu_panel_hold_klc(emu_panel *p, bool held);

/* The clear keys. KLC: the action line; KSC: the whole store; KAC: A;
 * KCC: CI, PI and A. None touches the stop lamp. */
void emu_panel_klc(emu_panel *p);
void emu_panel_ksc(emu_panel *p);
void emu_panel_kac(emu_panel *p);
void emu_panel_kcc(emu_panel *p);

/* Load a new store (as the replica's support PC does): the store, and
 * CI = A = PI = 0, lamp out, steps 0; the switches stay as they are. */
void emu_panel_load(emu_panel *p, const uint32_t store[SSEM_WORDS]);

/* --- what the operator sees ------------------------------------------------ */

/* Line r (0..31) of the CRT under the current display selector: a store
 * line, A on line 0, CI and PI on lines 0 and 1; 0 (blank) otherwise. */
uint32_t emu_panel_crt_line(const emu_panel *p, unsigned r);

/* --- speed ----------------------------------------------------------------- */

/*
 * Pacing: the model says how many cycles are due, the front end sleeps.
 * Times are seconds on any monotonic clock. A front end that falls behind
 * (a rate faster than the machine, or a long sleep) does not pile up debt:
 * at most one `slice` of work is due at once.
 */
typedef struct emu_panel_pace {
    double ips;        /* 0: as fast as possible */
    double t0;         /* when the count started */
    double done;       /* cycles credited since t0 */
} emu_panel_pace;

void emu_panel_pace_start(emu_panel_pace *pc, double ips, double now);
/* Cycles due at `now` (at most cap; cap when ips is 0), credited as done. */
uint64_t emu_panel_pace_due(emu_panel_pace *pc, double now, double slice, uint64_t cap);
/* Seconds until the next cycle is due (0 when one is due, or ips is 0). */
double emu_panel_pace_wait(const emu_panel_pace *pc, double now);

/* --- history (reverse step) -------------------------------------------------
 * A ring of the last `cap` panel states, so a front end can step back.
 * The adapter the terminal panel uses until the debugging core drives it. */
typedef struct emu_panel_history {
    emu_panel *ring;
    size_t cap, head, len;
} emu_panel_history;

int emu_panel_history_init(emu_panel_history *h, size_t cap);   /* 0, or -1 on ENOMEM */
void emu_panel_history_free(emu_panel_history *h);
void emu_panel_history_push(emu_panel_history *h, const emu_panel *p);
/* Step back: the latest recorded machine (store, A, CI, PI, steps, lamp)
 * into p, the switches staying where they are; false when there is none. */
bool emu_panel_history_pop(emu_panel_history *h, emu_panel *p);
void emu_panel_history_clear(emu_panel_history *h);

#endif
