/* web_engines.c: the engine registry's bounds for WebAssembly, where wasm-ld makes no __start_/__stop_ section symbols. */
#include "emu.h"
#include "web_api.h"

/*
 * emu_machine.c walks [__start_emu_engines, __stop_emu_engines) and skips
 * NULLs. wasm-ld (LLVM 14) neither brackets a named section nor takes
 * --defsym, so the web build defines both bounds itself from web.mk's
 * WEB_ENGINES: the two arrays share one data segment, laid out in
 * declaration order, and web_init checks that the walk finds every engine.
 */
#define X(e) extern const emu_engine emu_engine_##e;
WEB_ENGINE_LIST
#undef X

#define WEB_SEGMENT __attribute__((used, section(".rodata.web_engines"), aligned(sizeof(void *))))

#define X(e) &emu_engine_##e,
WEB_SEGMENT const emu_engine *const __start_emu_engines[] = { WEB_ENGINE_LIST };
#undef X
WEB_SEGMENT const emu_engine *const __stop_emu_engines[1] = { NULL };

const size_t web_engine_count = sizeof __start_emu_engines / sizeof __start_emu_engines[0];
