/* emu_debug.h: the debugging core every front end shares: breakpoints, watchpoints, steps, reverse execution, expressions (no I/O). */
#ifndef EMU_DEBUG_H
#define EMU_DEBUG_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "emu.h"

struct asm_program;

/*
 * Debug information: where each store line came from and the program's
 * names. A run from source takes it from the assembler; an image takes it
 * from the sidecar symbol file `ssemasm -g` writes (docs/debugging.md gives
 * its format). Every part is optional: a bare image has none.
 */
typedef struct emu_dbg_info emu_dbg_info;

typedef enum emu_dbg_sym_kind { EMU_DBG_SYM_LABEL, EMU_DBG_SYM_CONSTANT } emu_dbg_sym_kind;

typedef struct emu_dbg_symbol {
    const char *name;        /* lives as long as the info */
    int64_t value;           /* a label's value is its store line */
    emu_dbg_sym_kind kind;
    int src_line;            /* source line of the definition, 0 unknown */
} emu_dbg_symbol;

/* An empty info for source `file` (may be NULL). NULL on ENOMEM. */
emu_dbg_info *emu_dbg_info_new(const char *file);
/* Labels, constants and the line table of an assembled program. */
emu_dbg_info *emu_dbg_info_from_program(const struct asm_program *p);
/*
 * The sidecar symbol file's text (len bytes). NULL when it is malformed,
 * with a message "LINE: what is wrong" in err; ENOMEM also gives NULL.
 */
emu_dbg_info *emu_dbg_info_parse(const char *text, size_t len, char *err, size_t errlen);
/* The sidecar text of an info (malloc'd, NUL-terminated), NULL on ENOMEM. */
char *emu_dbg_info_format(const emu_dbg_info *info);
void emu_dbg_info_free(emu_dbg_info *info);

/* Building one by hand; 0, or -1 on ENOMEM or an out-of-range store line. */
int emu_dbg_info_add_symbol(emu_dbg_info *info, const char *name, int64_t value, emu_dbg_sym_kind kind,
                            int src_line);
int emu_dbg_info_set_line(emu_dbg_info *info, unsigned store_line, int src_line);
/* Replace the source text (len bytes; copied) so stops can quote it. */
int emu_dbg_info_set_source(emu_dbg_info *info, const char *text, size_t len);

const char *emu_dbg_info_file(const emu_dbg_info *info);         /* NULL unknown */
int emu_dbg_info_line_of(const emu_dbg_info *info, unsigned store_line);  /* 0 unknown */
/* The store line that source line src_line assembled to, -1 none (a DAP
 * breakpoint on a source line). */
int emu_dbg_info_store_line(const emu_dbg_info *info, int src_line);
/* The text of source line src_line (no newline; length in *len), NULL when
 * the source text is not known. */
const char *emu_dbg_info_source_line(const emu_dbg_info *info, int src_line, size_t *len);
size_t emu_dbg_info_nsymbols(const emu_dbg_info *info);
emu_dbg_symbol emu_dbg_info_symbol(const emu_dbg_info *info, size_t i);
/* Case-sensitive lookup; false when there is no such name. */
bool emu_dbg_info_lookup(const emu_dbg_info *info, const char *name, size_t len, int64_t *value);
/* "loop", "loop+2" or "" for a store line: the nearest label at or below it
 * (info may be NULL). Returns strlen of the text. */
size_t emu_dbg_info_label(const emu_dbg_info *info, unsigned store_line, char *buf, size_t size);

/* ---- the session ------------------------------------------------------- */

typedef struct emu_dbg emu_dbg;

/*
 * A session on T-state t run by engine e (any registered engine), with
 * debug info (taken over: the session frees it; NULL for none). The state
 * at open is step t->steps, the first point of the history. NULL on ENOMEM.
 */
emu_dbg *emu_dbg_open(const emu_machine *t, const emu_engine *e, emu_dbg_info *info);
void emu_dbg_close(emu_dbg *d);

/* The present T-state (exactly the reference machine's after as many steps). */
const emu_machine *emu_dbg_state(const emu_dbg *d);
const emu_engine *emu_dbg_engine(const emu_dbg *d);
const emu_dbg_info *emu_dbg_info_of(const emu_dbg *d);   /* NULL: none */
/* Switch engines at the present state (history kept). 0, or -1 on ENOMEM. */
int emu_dbg_set_engine(emu_dbg *d, const emu_engine *e);
/* Replace the debug info (taken over; NULL for none). */
void emu_dbg_set_info(emu_dbg *d, emu_dbg_info *info);

/*
 * Ctrl-C: a run (forward or backward) stops with EMU_DBG_INTERRUPTED at an
 * instruction boundary soon after *flag becomes non-zero. The core only
 * reads the flag; the front end sets and clears it. NULL: none.
 */
void emu_dbg_set_interrupt(emu_dbg *d, volatile sig_atomic_t *flag);

/* ---- breakpoints and watchpoints --------------------------------------- */

typedef enum emu_dbg_bp_kind {
    EMU_DBG_BREAK,   /* stop before the instruction at `line` executes */
    EMU_DBG_WATCH,   /* stop right after a STO writes `line` */
    EMU_DBG_UNTIL,   /* stop after the first step at which `cond` holds (line unused) */
} emu_dbg_bp_kind;

typedef struct emu_dbg_bp {
    int id;               /* 1, 2, ... in creation order, never reused */
    emu_dbg_bp_kind kind;
    unsigned line;
    bool enabled;
    bool temporary;       /* tbreak: deleted when it stops the run */
    const char *cond;     /* the condition's text, NULL for none */
    uint64_t hits;        /* times it stopped the run going forwards */
} emu_dbg_bp;

/*
 * Add one; cond (may be NULL) is an expression checked at each hit, the
 * stop happening only when it is non-zero. Returns the id (> 0), or -1 with
 * a message in err (a bad condition, line > 31, ENOMEM).
 */
int emu_dbg_break(emu_dbg *d, unsigned line, const char *cond, bool temporary, char *err, size_t errlen);
int emu_dbg_watch(emu_dbg *d, unsigned line, const char *cond, char *err, size_t errlen);
int emu_dbg_until(emu_dbg *d, const char *cond, char *err, size_t errlen);
/* Delete one (id > 0) or all (id == 0); false when there is no such id. */
bool emu_dbg_delete(emu_dbg *d, int id);
/* Enable or disable one (id > 0) or all (id == 0); false when no such id. */
bool emu_dbg_enable(emu_dbg *d, int id, bool on);
/* Replace a breakpoint's condition (NULL removes it); -1 with err if bad. */
int emu_dbg_condition(emu_dbg *d, int id, const char *cond, char *err, size_t errlen);
/* The breakpoints in id order: count, and the i-th (pointers valid until
 * the next change of breakpoints). */
size_t emu_dbg_nbps(const emu_dbg *d);
emu_dbg_bp emu_dbg_bp_at(const emu_dbg *d, size_t i);

/* ---- running: forwards, backwards, anywhere ---------------------------- */

typedef enum emu_dbg_reason {
    EMU_DBG_NONE,         /* nothing ran (e.g. step 0) */
    EMU_DBG_STEPPED,      /* the requested number of steps done */
    EMU_DBG_BREAKPOINT,   /* before executing line `line` (bp: its id) */
    EMU_DBG_WATCHPOINT,   /* just after a STO wrote line `line` (bp: its id) */
    EMU_DBG_CONDITION,    /* an until condition held (bp: its id) */
    EMU_DBG_HALTED,       /* STP executed (or the machine was already halted) */
    EMU_DBG_LIMIT,        /* a continue's step limit reached */
    EMU_DBG_INTERRUPTED,  /* the interrupt flag */
    EMU_DBG_START,        /* going backwards reached the start of the history */
    EMU_DBG_ARRIVED,      /* goto reached its step */
    EMU_DBG_ERROR,        /* the engine's V-state is inconsistent, or ENOMEM (why says) */
} emu_dbg_reason;

typedef struct emu_dbg_stop {
    emu_dbg_reason reason;
    int bp;               /* the breakpoint that stopped it, 0 none */
    unsigned line;        /* BREAKPOINT: line about to run; WATCHPOINT: line written */
    uint32_t old_word;    /* WATCHPOINT: the word before the STO ... */
    uint32_t new_word;    /* ... and after */
    uint64_t ran;         /* steps moved: forwards, or backwards for reverse */
    char why[160];        /* ERROR: what went wrong */
} emu_dbg_stop;

/* "breakpoint", "watchpoint", "halted", ...: a reason's name. */
const char *emu_dbg_reason_name(emu_dbg_reason r);

/*
 * Forwards until a stop condition, STP, the interrupt flag, or max_steps
 * steps (UINT64_MAX: no limit; then EMU_DBG_LIMIT). A breakpoint at the
 * present line does not stop the run before its first step (it is stepped
 * off), so continue after a break goes on.
 */
emu_dbg_stop emu_dbg_continue(emu_dbg *d, uint64_t max_steps);
/* At most n steps: a continue limited to n steps that ends with STEPPED
 * instead of LIMIT (as GDB's stepi N, a breakpoint, watchpoint or until
 * condition met on the way stops it sooner). */
emu_dbg_stop emu_dbg_step(emu_dbg *d, uint64_t n);
/* Back to the start of the history (the state at open, with the edits made
 * there), then continue: GDB's run. */
emu_dbg_stop emu_dbg_run(emu_dbg *d, uint64_t max_steps);
/* n steps backwards (EMU_DBG_START when the history begins sooner). */
emu_dbg_stop emu_dbg_reverse_step(emu_dbg *d, uint64_t n);
/* Backwards to the latest earlier point where a breakpoint, watchpoint or
 * until condition would have stopped a forward run (EMU_DBG_START if none). */
emu_dbg_stop emu_dbg_reverse_continue(emu_dbg *d);
/* The state after exactly `step` steps from load, forwards or backwards.
 * Forwards it does not stop at breakpoints (a STP comes first: HALTED). */
emu_dbg_stop emu_dbg_goto(emu_dbg *d, uint64_t step);

/* ---- the state: examine and change ------------------------------------- */

/*
 * Changes to the present state. The history after the present step is
 * forgotten (the machine now takes a different path), while going back
 * before it and forwards again replays the change at this step.
 * 0, or -1 on ENOMEM or a line > 31.
 */
int emu_dbg_deposit(emu_dbg *d, unsigned line, uint32_t word);
int emu_dbg_set_a(emu_dbg *d, uint32_t a);
int emu_dbg_set_ci(emu_dbg *d, uint32_t ci);

/*
 * Assemble one statement in the program's assembler syntax as the word of
 * store line `line` ("LDN total", "NUM -3", "SUB =1" is not possible: one
 * word only), with the session's labels and constants known. 0 with the
 * word, or -1 with the assembler's own diagnostic (GCC style, possibly
 * several lines) in err.
 */
int emu_dbg_assemble(const emu_dbg *d, const char *text, unsigned line, uint32_t *word, char *err,
                     size_t errlen);

/* ---- expressions ------------------------------------------------------- */

/*
 * Expressions of breakpoint conditions, print and --until:
 *   numbers (decimal, 0x hex, 0b binary), A, CI (also a, ci), STEPS (the
 *   step count), [LOC] (a store word, signed), labels and constants,
 *   unary - + ~ !, * / %, + -, & | ^, << >>, < <= > >= == !=, && ||,
 *   parentheses. Arithmetic is 64-bit signed; A and words are sign-extended
 *   32-bit, CI is unsigned 32-bit. Division by zero is an error.
 * Returns 0 with the value, or -1 with a message in err.
 */
int emu_dbg_eval(const emu_dbg *d, const char *expr, int64_t *value, char *err, size_t errlen);
/*
 * A LOC: a store line number 0..31, a label, label+n or label-n (any
 * expression without registers or [..] whose value is a store line).
 * 0 with the line, or -1 with a message ("bad LOC ...") in err.
 */
int emu_dbg_loc(const emu_dbg *d, const char *text, unsigned *line, char *err, size_t errlen);

/* ---- history ----------------------------------------------------------- */

/* One executed step, as a trace shows it. */
typedef struct emu_dbg_event {
    uint64_t step;        /* 1-based number of the step */
    uint32_t ci;          /* CI the word was fetched with (after the increment) */
    unsigned line;        /* ci mod 32 */
    uint32_t word;        /* the word executed */
    uint32_t a;           /* A afterwards */
    bool stored;          /* a STO: it wrote `stored_value` into `stored_line` */
    unsigned stored_line;
    uint32_t stored_value;
    bool halted;          /* the step was a STP */
} emu_dbg_event;

/* What the step from `before` to `after` (one step later) was. */
void emu_dbg_event_of(const emu_machine *before, const emu_machine *after, emu_dbg_event *ev);

/*
 * The last up to n steps before the present state, oldest first, into out
 * (n entries room); returns how many (fewer at the start of the history).
 * They are recomputed by re-execution, so the cost is n steps plus at most
 * one snapshot interval.
 */
size_t emu_dbg_history(emu_dbg *d, size_t n, emu_dbg_event *out);

/* The first step the history can go back to, and the bytes the session's
 * snapshots and records hold (bounded by EMU_DBG_MEMORY_LIMIT whatever the
 * length of the run). */
uint64_t emu_dbg_history_start(const emu_dbg *d);
size_t emu_dbg_memory(const emu_dbg *d);
#define EMU_DBG_MEMORY_LIMIT ((size_t)64 << 20)

/* ---- text for front ends (into buffers, no I/O) ------------------------ */

/* "prog.s:12 loop+2" (file:line when known, then the label; the bare line
 * number "line 5" when nothing is known). Returns strlen. */
size_t emu_dbg_where(const emu_dbg *d, unsigned line, char *buf, size_t size);
/* A stop as one line: "breakpoint 1 at prog.s:12 loop+2: 5  LDN total  A = -3"
 * (the line about to run, or written, with its instruction and A). */
size_t emu_dbg_describe_stop(const emu_dbg *d, const emu_dbg_stop *s, char *buf, size_t size);
/* A history or --trace line with labels and what a STO wrote:
 * "step 7  line 3 loop+1  STO 20 (total)  A = -5  [20] <- -5". */
size_t emu_dbg_describe_event(const emu_dbg *d, const emu_dbg_event *ev, char *buf, size_t size);
/* One store line for examine: "12  loop+2  0x0000401b  LDN 27 (total)  ; prog.s:14". */
size_t emu_dbg_describe_word(const emu_dbg *d, unsigned line, char *buf, size_t size);

#endif
