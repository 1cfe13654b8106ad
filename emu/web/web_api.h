/* web_api.h: what the page's JavaScript calls in the WebAssembly build (web_api.c). */
#ifndef WEB_API_H
#define WEB_API_H

#include <stddef.h>

#ifdef __EMSCRIPTEN__
#include <emscripten.h>
#define WEB_API EMSCRIPTEN_KEEPALIVE
#else
#define WEB_API
#endif

/*
 * Every function declared WEB_API here is exported to JavaScript (web.mk
 * reads this file). Step counts are doubles, JavaScript's numbers. Text
 * answers stay valid until the next call that returns text.
 */

/* How many engines web_engines.c names (emu_engine_list must find them all). */
extern const size_t web_engine_count;

/* The engine count, or -1 when the registry does not see web_engines.c's table. */
WEB_API int web_init(void);
/* The engine names, comma separated, "reference" first; the present one. */
WEB_API const char *web_engines(void);
WEB_API const char *web_engine(void);
/* What the present engine's V is, in a line (emu_engine.summary). */
WEB_API const char *web_engine_summary(void);
/* Go on from the present state with another engine: 0, or -1. */
WEB_API int web_set_engine(const char *name);

/* Assemble src (`name` in the diagnostics); when it assembles, a new session
 * on its image with CI = A = 0, no breakpoints. Returns the number of errors. */
WEB_API int web_assemble(const char *src, const char *name);
/* The last assembly's diagnostics, GCC style (FILE:LINE:COL: error: ...). */
WEB_API const char *web_diagnostics(void);
/* A new session on the last assembled image (breakpoints kept). */
WEB_API int web_reset(void);

/* At most max_steps cycles, stopping at STP or a breakpoint, whatever the
 * STOP/RUN switch says: the cycles run, or -1 when the engine's V-state
 * went inconsistent (web_why says how). web_reason names why it ended:
 * "step" (all done), "halted", "breakpoint", ... */
WEB_API double web_run(double max_steps);
WEB_API const char *web_reason(void);
WEB_API const char *web_why(void);

/* STOP/RUN; and, at RUN, the cycles due by `now` (seconds, any monotonic
 * clock) at the panel's speed, at most cap. A breakpoint puts the switch
 * to STOP. Returns the cycles run (-1 as web_run). */
WEB_API void web_set_run(int on, double now);
WEB_API double web_tick(double now, double cap);
/* KC: one cycle when at STOP, past an STP too. 1 when it cycled. */
WEB_API int web_kc(void);
/* The debugger: n steps forwards (stopping at breakpoints), n backwards. */
WEB_API double web_step(double n);
WEB_API double web_back(double n);
/* Toggle the breakpoint on a store line: 1 set, 0 cleared, -1 failed;
 * the lines that hold one, as a mask. */
WEB_API int web_break(int line);
WEB_API unsigned web_breaks(void);
/* Source line of a store line (0 unknown), store line of a source line (-1 none). */
WEB_API int web_src_line(int store_line);
WEB_API int web_store_line(int src_line);
/* The next instruction as the debugger describes it. */
WEB_API const char *web_where(void);

/* The panel's switches and keys (emu_panel.h): L switch i (weight 2^i),
 * F switch i (bit 13+i), MANUAL, ERASE, the display (0 Sc, 1 A, 2 C), a
 * typewriter button pressed at a stop (1 when connected) or held (-1:
 * released), the clear keys, the speed (instructions a second, 0 as fast
 * as possible). */
WEB_API void web_toggle_l(int i);
WEB_API void web_toggle_f(int i);
WEB_API void web_set_manual(int on);
WEB_API void web_set_erase(int on);
WEB_API void web_set_display(int d);
WEB_API int web_type(int b);
WEB_API void web_hold_key(int b);
WEB_API void web_clear(int key);   /* 0 KLC, 1 KSC, 2 KAC, 3 KCC */
WEB_API void web_set_speed(double ips, double now);
/* The panel as JSON: run, manual, erase, l, f, display, lamp, pi, ci, a,
 * action, key, steps, ips, normal. */
WEB_API const char *web_panel_json(void);
/* CRT line r under the display selector. */
WEB_API unsigned web_crt_line(int r);

/* The present state as exactly ssememu --dump=json's line, without the newline. */
WEB_API const char *web_state_json(void);

/* The lecture's view: the reference T stepped beside the run, as JSON; the
 * chosen engine's V through interp, as JSON; whether they are equal (web_why
 * says where not); V itself, the engine's context: its size in bytes, then
 * rows of eight 32-bit words in hex. */
WEB_API const char *web_shadow_json(void);
WEB_API const char *web_interp_json(void);
WEB_API int web_agree(void);
WEB_API const char *web_vstate(void);

#endif
