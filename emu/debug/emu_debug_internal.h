/* emu_debug_internal.h: what the debugging core's files share: compiled expressions and the info's insides. */
#ifndef EMU_DEBUG_INTERNAL_H
#define EMU_DEBUG_INTERNAL_H

#include "emu_debug.h"

/* An expression compiled once (symbols resolved), evaluated at every hit. */
typedef struct emu_dbg_expr emu_dbg_expr;

/* With uses_state false, A, CI, STEPS and [..] are refused (a LOC). */
emu_dbg_expr *emu_dbg_expr_parse(const emu_dbg_info *info, const char *text, bool uses_state, char *err,
                                 size_t errlen);
/* 0 with the value, -1 with err (division by zero). m may be NULL only for
 * an expression parsed without state. */
int emu_dbg_expr_eval(const emu_dbg_expr *e, const emu_machine *m, int64_t *value, char *err, size_t errlen);
void emu_dbg_expr_free(emu_dbg_expr *e);
/* The bytes it holds (the session's memory count). */
size_t emu_dbg_expr_bytes(const emu_dbg_expr *e);

/* snprintf that never overruns and returns what it wrote (a front end's
 * buffer may be small). */
size_t emu_dbg_fmt(char *buf, size_t size, size_t at, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#endif
