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
/* Go on from the present state with another engine: 0, or -1. */
WEB_API int web_set_engine(const char *name);

/* Assemble src (`name` in the diagnostics); when it assembles, load its
 * image with CI = A = 0. Returns the number of errors. */
WEB_API int web_assemble(const char *src, const char *name);
/* The last assembly's diagnostics, GCC style (FILE:LINE:COL: error: ...). */
WEB_API const char *web_diagnostics(void);
/* Back to the last assembled image, CI = A = 0. */
WEB_API int web_reset(void);

/* At most max_steps steps or until STP: the steps run, or -1 when interp
 * found V inconsistent (web_why says how). */
WEB_API double web_run(double max_steps);
WEB_API const char *web_why(void);

/* The present state as exactly ssememu --dump=json's line, without the newline. */
WEB_API const char *web_state_json(void);
WEB_API double web_steps(void);
WEB_API int web_halted(void);
WEB_API unsigned web_word(int line);
WEB_API unsigned web_a(void);
WEB_API unsigned web_ci(void);

/* The lecture's view: the reference T run beside the engine, as JSON;
 * whether interp(V) equals it; V itself, the engine's context as its size
 * in bytes and then rows of eight 32-bit words in hex. */
WEB_API const char *web_shadow_json(void);
WEB_API int web_agree(void);
WEB_API const char *web_vstate(void);

#endif
