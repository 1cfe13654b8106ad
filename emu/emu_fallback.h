/* emu_fallback.h: whether an engine could not run as designed and fell back to interpreting (the jit without executable memory). */
#ifndef EMU_FALLBACK_H
#define EMU_FALLBACK_H

#include "emu.h"

/* NULL when vm runs as its engine is designed to; otherwise what it fell
 * back to and why, for --stats and a one-time note. */
const char *emu_vm_fallback(const emu_vm *vm);

#endif
