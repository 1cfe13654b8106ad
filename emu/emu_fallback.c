/* emu_fallback.c: emu_vm_fallback: reads the jit's own flag for running without native code. */
#include "emu_fallback.h"

#if defined(__x86_64__) && defined(__linux__)
#include "emu_jit.h"

extern const emu_engine emu_engine_jit;

const char *emu_vm_fallback(const emu_vm *vm)
{
    if (vm->engine == &emu_engine_jit && !((const jit_ctx *)vm->ctx)->native)
        return "the interpreter (the system refused executable memory)";
    return NULL;
}
#else
const char *emu_vm_fallback(const emu_vm *vm)
{
    (void)vm;
    return NULL;
}
#endif
