/* emu_console_cmd.c: the console's commands: parsing a line, running it on the debugging core, printing what it did. */
#include <ctype.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "emu_console.h"
#include "emu_crt.h"
#include "emu_dump.h"
#include "ssem_dis.h"
#include "ssem_io.h"
#include "ssem_isa.h"
#include "ssem_near.h"

enum { MAX_SOURCE_DEPTH = 8, MAX_HISTORY = 100000, MAX_EXAMINE = 32 };

typedef struct cmd cmd;
typedef int (*cmd_fn)(emu_console *c, const cmd *k, char *args, char fmt);

struct cmd {
    const char *name;
    const char *aliases;    /* space separated: GDB's short forms, SIMH's spellings */
    cmd_fn fn;
    const char *usage;
    const char *help;
};

__attribute__((format(printf, 2, 3))) static int fail(emu_console *c, const char *fmt, ...)
{
    fflush(c->out);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(c->err, fmt, ap);
    va_end(ap);
    fputc('\n', c->err);
    fflush(c->err);
    c->failed = true;
    return EMU_CONSOLE_GO_ON;
}

static char *trim(char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1]))
        s[--n] = 0;
    return s;
}

/* Split off the first word of *s (NULL when none). */
static char *word(char **s)
{
    char *p = *s;
    while (isspace((unsigned char)*p))
        p++;
    if (!*p)
        return NULL;
    char *w = p;
    while (*p && !isspace((unsigned char)*p))
        p++;
    if (*p)
        *p++ = 0;
    *s = p;
    return w;
}

/* A count or step number: an expression >= min. */
static bool number(emu_console *c, const char *text, uint64_t min, uint64_t *out, const char *what)
{
    int64_t v;
    char err[160];
    if (emu_dbg_eval(c->d, text, &v, err, sizeof err) != 0) {
        fail(c, "bad %s '%s': %s", what, text, err);
        return false;
    }
    if (v < 0 || (uint64_t)v < min) {
        fail(c, "bad %s '%s': must be at least %" PRIu64, what, text, min);
        return false;
    }
    *out = (uint64_t)v;
    return true;
}

/* A register or word value: an expression in -2^31 .. 2^32-1. */
static bool value(emu_console *c, const char *text, uint32_t *out)
{
    int64_t v;
    char err[160];
    if (emu_dbg_eval(c->d, text, &v, err, sizeof err) != 0) {
        fail(c, "bad value '%s': %s", text, err);
        return false;
    }
    if (v < INT32_MIN || v > (int64_t)UINT32_MAX) {
        fail(c, "value out of range: %" PRId64 " (a 32-bit word: -2147483648 .. 4294967295)", v);
        return false;
    }
    *out = (uint32_t)v;
    return true;
}

static bool loc(emu_console *c, const char *text, unsigned *line)
{
    char err[200];
    if (emu_dbg_loc(c->d, text, line, err, sizeof err) == 0)
        return true;
    fail(c, "%s", err);
    return false;
}

static uint64_t cap(const emu_console *c, uint64_t n)
{
    return n < c->run_cap ? n : c->run_cap;
}

void emu_console_show_stop(emu_console *c, const emu_dbg_stop *s)
{
    char buf[512];
    emu_dbg_describe_stop(c->d, s, buf, sizeof buf);
    if (s->reason == EMU_DBG_ERROR) {
        fail(c, "%s", buf);
        return;
    }
    fprintf(c->out, "%s\n", buf);
    const emu_machine *m = emu_dbg_state(c->d);
    const emu_dbg_info *info = emu_dbg_info_of(c->d);
    int src = emu_dbg_info_line_of(info, ssem_line_of(m->halted ? m->ci : m->ci + 1));
    size_t len;
    const char *text = emu_dbg_info_source_line(info, src, &len);
    if (text)
        fprintf(c->out, "%d\t%.*s\n", src, (int)len, text);
}

/* ---- breakpoints ----------------------------------------------------------- */

/* "LOC [if COND]" */
static int set_bp(emu_console *c, char *args, emu_dbg_bp_kind kind, bool temporary)
{
    char *cond = NULL;
    for (char *p = args; (p = strstr(p, "if")); p += 2)
        if ((p == args || isspace((unsigned char)p[-1])) && (!p[2] || isspace((unsigned char)p[2]))) {
            *p = 0;
            cond = trim(p + 2);
            break;
        }
    args = trim(args);
    if (!*args)
        return fail(c, "%s needs a LOC (a line number, a label, or label+n)",
                    kind == EMU_DBG_WATCH ? "watch" : "break");
    if (cond && !*cond)
        return fail(c, "'if' needs a condition");
    unsigned line;
    if (!loc(c, args, &line))
        return EMU_CONSOLE_GO_ON;
    char err[200];
    int id = kind == EMU_DBG_WATCH ? emu_dbg_watch(c->d, line, cond, err, sizeof err)
                                   : emu_dbg_break(c->d, line, cond, temporary, err, sizeof err);
    if (id < 0)
        return fail(c, "bad condition '%s': %s", cond ? cond : "", err);
    char where[160];
    emu_dbg_where(c->d, line, where, sizeof where);
    fprintf(c->out, "%s %d at line %u", kind == EMU_DBG_WATCH ? "Watchpoint" : temporary ? "Temporary breakpoint" : "Breakpoint",
            id, line);
    if (strncmp(where, "line ", 5) != 0)
        fprintf(c->out, " (%s)", where);
    fprintf(c->out, cond ? " if %s\n" : "\n", cond);
    return EMU_CONSOLE_GO_ON;
}

static int do_break(emu_console *c, const cmd *k, char *args, char fmt)
{
    (void)fmt;
    return set_bp(c, args, EMU_DBG_BREAK, k->name[0] == 't');
}

static int do_watch(emu_console *c, const cmd *k, char *args, char fmt)
{
    (void)k, (void)fmt;
    return set_bp(c, args, EMU_DBG_WATCH, false);
}

/* delete / disable / enable [N...] */
static int do_bps(emu_console *c, const cmd *k, char *args, char fmt)
{
    (void)fmt;
    char *w = word(&args);
    bool del = k->name[0] == 'd' && k->name[1] == 'e';
    if (!w) {
        if (del)
            emu_dbg_delete(c->d, 0);
        else
            emu_dbg_enable(c->d, 0, k->name[0] == 'e');
        return EMU_CONSOLE_GO_ON;
    }
    /* Each number on its own: a bad one does not stop the others. */
    for (; w; w = word(&args)) {
        char *end;
        long id = strtol(w, &end, 10);
        if (*end || id <= 0 || id > INT32_MAX)
            fail(c, "bad breakpoint number '%s'", w);
        else if (!(del ? emu_dbg_delete(c->d, (int)id) : emu_dbg_enable(c->d, (int)id, k->name[0] == 'e')))
            fail(c, "no breakpoint number %ld", id);
    }
    return EMU_CONSOLE_GO_ON;
}

static int do_condition(emu_console *c, const cmd *k, char *args, char fmt)
{
    (void)k, (void)fmt;
    char *w = word(&args);
    char *end = NULL;
    long id = w ? strtol(w, &end, 10) : 0;
    if (!w || *end || id <= 0 || id > INT32_MAX)
        return fail(c, "usage: condition N [COND]");
    args = trim(args);
    char err[200];
    if (emu_dbg_condition(c->d, (int)id, *args ? args : NULL, err, sizeof err) != 0)
        return fail(c, "%s", err);
    return EMU_CONSOLE_GO_ON;
}

static int do_info(emu_console *c, const cmd *k, char *args, char fmt)
{
    (void)k, (void)fmt;
    char *w = word(&args);
    const emu_machine *m = emu_dbg_state(c->d);
    if (w && (strncmp(w, "registers", strlen(w)) == 0 || strcmp(w, "r") == 0)) {
        fprintf(c->out, "A      %11" PRId32 "  0x%08" PRIx32 "\nCI     %11" PRIu32 "  0x%08" PRIx32
                        "  (next line %u)\nsteps  %11" PRIu64 "%s\n",
                (int32_t)m->a, m->a, m->ci, m->ci, ssem_line_of(m->ci + 1), m->steps, m->halted ? "  (halted)" : "");
        return EMU_CONSOLE_GO_ON;
    }
    if (!w || !(strncmp(w, "breakpoints", strlen(w)) == 0 || strncmp(w, "watchpoints", strlen(w)) == 0))
        return fail(c, "usage: info breakpoints | info registers");
    size_t n = emu_dbg_nbps(c->d);
    if (!n) {
        fprintf(c->out, "No breakpoints or watchpoints.\n");
        return EMU_CONSOLE_GO_ON;
    }
    fprintf(c->out, "Num  Type        Enb  Line  Hits  Where\n");
    for (size_t i = 0; i < n; i++) {
        emu_dbg_bp b = emu_dbg_bp_at(c->d, i);
        static const char *const kind[] = { "breakpoint", "watchpoint", "until" };
        char where[160] = "";
        if (b.kind != EMU_DBG_UNTIL)
            emu_dbg_where(c->d, b.line, where, sizeof where);
        fprintf(c->out, "%-4d %-11s %-4s ", b.id, b.temporary ? "tbreakpoint" : kind[b.kind], b.enabled ? "y" : "n");
        if (b.kind == EMU_DBG_UNTIL)
            fprintf(c->out, "%-5s", "-");
        else
            fprintf(c->out, "%-5u", b.line);
        fprintf(c->out, " %-5" PRIu64 " %s\n", b.hits, where);
        if (b.cond)
            fprintf(c->out, "\tstop only if %s\n", b.cond);
    }
    return EMU_CONSOLE_GO_ON;
}

/* ---- running ---------------------------------------------------------------- */

static int do_run(emu_console *c, const cmd *k, char *args, char fmt)
{
    (void)k, (void)fmt, (void)args;
    emu_dbg_stop s = emu_dbg_run(c->d, c->run_cap);
    emu_console_show_stop(c, &s);
    return EMU_CONSOLE_GO_ON;
}

static bool is_stop(emu_dbg_reason r)
{
    return r == EMU_DBG_BREAKPOINT || r == EMU_DBG_WATCHPOINT || r == EMU_DBG_CONDITION;
}

static int do_continue(emu_console *c, const cmd *k, char *args, char fmt)
{
    (void)k, (void)fmt;
    uint64_t n = 1;
    args = trim(args);
    if (*args && !number(c, args, 1, &n, "count"))
        return EMU_CONSOLE_GO_ON;
    emu_dbg_stop s;
    /* GDB's continue N: go on through N-1 stops, show the N-th. */
    do
        s = emu_dbg_continue(c->d, c->run_cap);
    while (--n && is_stop(s.reason));
    emu_console_show_stop(c, &s);
    return EMU_CONSOLE_GO_ON;
}

static int do_step(emu_console *c, const cmd *k, char *args, char fmt)
{
    (void)fmt;
    uint64_t n = 1;
    args = trim(args);
    if (*args && !number(c, args, 1, &n, "count"))
        return EMU_CONSOLE_GO_ON;
    emu_dbg_stop s = k->name[0] == 'r' ? emu_dbg_reverse_step(c->d, n) : emu_dbg_step(c->d, cap(c, n));
    emu_console_show_stop(c, &s);
    return EMU_CONSOLE_GO_ON;
}

static int do_reverse_continue(emu_console *c, const cmd *k, char *args, char fmt)
{
    (void)k, (void)fmt, (void)args;
    emu_dbg_stop s = emu_dbg_reverse_continue(c->d);
    emu_console_show_stop(c, &s);
    return EMU_CONSOLE_GO_ON;
}

static int do_goto(emu_console *c, const cmd *k, char *args, char fmt)
{
    (void)k, (void)fmt;
    uint64_t n;
    args = trim(args);
    if (!*args)
        return fail(c, "goto needs a step number");
    if (!number(c, args, 0, &n, "step number"))
        return EMU_CONSOLE_GO_ON;
    uint64_t now = emu_dbg_state(c->d)->steps;
    if (n > now && n - now > c->run_cap)
        n = now + c->run_cap;
    emu_dbg_stop s = emu_dbg_goto(c->d, n);
    emu_console_show_stop(c, &s);
    return EMU_CONSOLE_GO_ON;
}

/* ---- the state ---------------------------------------------------------------- */

static void print_value(emu_console *c, int64_t v, char fmt)
{
    uint32_t w = (uint32_t)v;
    bool word = v >= INT32_MIN && v <= (int64_t)UINT32_MAX;
    switch (fmt) {
    case 'x':
        if (word)
            fprintf(c->out, "0x%08" PRIx32 "\n", w);
        else
            fprintf(c->out, "0x%016" PRIx64 "\n", (uint64_t)v);
        break;
    case 'b':
        /* Bit 0 first, as the CRT and every image format write words. */
        for (int i = 0; i < 32; i++)
            fputc((w >> i & 1) ? '1' : '0', c->out);
        fputc('\n', c->out);
        break;
    case 'i': {
        char dis[32];
        ssem_dis_instr(w, dis, sizeof dis);
        fprintf(c->out, "%s\n", dis);
        break;
    }
    default: fprintf(c->out, "%" PRId64 "\n", v);
    }
}

static int do_print(emu_console *c, const cmd *k, char *args, char fmt)
{
    (void)k;
    args = trim(args);
    if (*args == '/' && !fmt) {   /* "print /x A" as well as "print/x A" */
        fmt = args[1];
        args = trim(args + 2 - !args[1]);
    }
    if (fmt && !strchr("dxbi", fmt))
        return fail(c, "unknown format '/%c' (one of /d /x /b /i)", fmt);
    if (!*args)
        return fail(c, "print needs an expression (A, CI, [LOC], a label, arithmetic)");
    int64_t v;
    char err[200];
    if (emu_dbg_eval(c->d, args, &v, err, sizeof err) != 0)
        return fail(c, "cannot print '%s': %s", args, err);
    fprintf(c->out, "%s = ", args);
    print_value(c, v, fmt);
    return EMU_CONSOLE_GO_ON;
}

static int do_examine(emu_console *c, const cmd *k, char *args, char fmt)
{
    (void)k, (void)fmt;
    char *a = word(&args), *b = word(&args);
    unsigned first = 0;
    uint64_t count = a ? 1 : SSEM_WORDS;
    if (word(&args))
        return fail(c, "usage: examine [LOC [COUNT]]");
    if (a && !loc(c, a, &first))
        return EMU_CONSOLE_GO_ON;
    if (b && !number(c, b, 1, &count, "count"))
        return EMU_CONSOLE_GO_ON;
    if (count > MAX_EXAMINE)
        count = MAX_EXAMINE;
    const emu_machine *m = emu_dbg_state(c->d);
    unsigned next = ssem_line_of(m->halted ? m->ci : m->ci + 1);
    for (uint64_t i = 0; i < count; i++) {
        unsigned line = (first + (unsigned)i) % SSEM_WORDS;
        char buf[400];
        emu_dbg_describe_word(c->d, line, buf, sizeof buf);
        fprintf(c->out, "%c %s\n", line == next ? '>' : ' ', buf);
    }
    return EMU_CONSOLE_GO_ON;
}

static bool is_register(const emu_console *c, const char *s, const char *reg)
{
    int64_t v;
    return strcasecmp(s, reg) == 0 && !emu_dbg_info_lookup(emu_dbg_info_of(c->d), s, strlen(s), &v);
}

static int set_register(emu_console *c, bool ci, char *text)
{
    uint32_t v;
    text = trim(text);
    if (!*text)
        return fail(c, "set %s needs a value", ci ? "ci" : "a");
    if (!value(c, text, &v))
        return EMU_CONSOLE_GO_ON;
    if ((ci ? emu_dbg_set_ci(c->d, v) : emu_dbg_set_a(c->d, v)) != 0)
        return fail(c, "out of memory");
    return EMU_CONSOLE_GO_ON;
}

/* Does the text start like a statement for the assembler (a mnemonic or a
 * data directive) rather than a number? */
static bool looks_like_statement(const char *s)
{
    static const char *const data[] = { "NUM", "BIN", "BINS", "BNUM", "VAR", "DW", "EJA", NULL };
    size_t n = 0;
    while (isalnum((unsigned char)s[n]))
        n++;
    if (!n)
        return false;
    if (ssem_op_lookup(s, n) >= 0)
        return true;
    for (int i = 0; data[i]; i++)
        if (strlen(data[i]) == n && strncasecmp(s, data[i], n) == 0)
            return true;
    return false;
}

static int do_deposit(emu_console *c, const cmd *k, char *args, char fmt)
{
    (void)k, (void)fmt;
    char *where = word(&args);
    char *text = where ? trim(args) : NULL;
    if (!where || !*text)
        return fail(c, "usage: deposit LOC VALUE (a number, or an instruction such as 'LDN total')");
    if (is_register(c, where, "a") || is_register(c, where, "ci"))   /* SIMH: DEP A 5 */
        return set_register(c, tolower((unsigned char)where[0]) == 'c', text);
    unsigned line;
    if (!loc(c, where, &line))
        return EMU_CONSOLE_GO_ON;
    uint32_t w;
    int64_t v;
    char err[1024];
    if (!looks_like_statement(text) && emu_dbg_eval(c->d, text, &v, err, sizeof err) == 0) {
        if (!value(c, text, &w))
            return EMU_CONSOLE_GO_ON;
    } else if (emu_dbg_assemble(c->d, text, line, &w, err, sizeof err) != 0) {
        size_t n = strlen(err);
        while (n && err[n - 1] == '\n')
            err[--n] = 0;
        return fail(c, "%s", err);
    }
    if (emu_dbg_deposit(c->d, line, w) != 0)
        return fail(c, "out of memory");
    char buf[400];
    emu_dbg_describe_word(c->d, line, buf, sizeof buf);
    fprintf(c->out, "  %s\n", buf);
    return EMU_CONSOLE_GO_ON;
}

static int do_set(emu_console *c, const cmd *k, char *args, char fmt)
{
    (void)k, (void)fmt;
    char *reg = word(&args);
    if (reg && (strcasecmp(reg, "a") == 0 || strcasecmp(reg, "acc") == 0))
        return set_register(c, false, args);
    if (reg && strcasecmp(reg, "ci") == 0)
        return set_register(c, true, args);
    return fail(c, "usage: set a VALUE | set ci VALUE");
}

static int do_history(emu_console *c, const cmd *k, char *args, char fmt)
{
    (void)k, (void)fmt;
    uint64_t n = 10;
    args = trim(args);
    if (*args && !number(c, args, 1, &n, "count"))
        return EMU_CONSOLE_GO_ON;
    if (n > MAX_HISTORY)
        n = MAX_HISTORY;
    emu_dbg_event *ev = malloc(n * sizeof *ev);
    if (!ev)
        return fail(c, "out of memory");
    size_t got = emu_dbg_history(c->d, n, ev);
    if (!got)
        fprintf(c->out, "No steps yet.\n");
    for (size_t i = 0; i < got; i++) {
        char buf[400];
        emu_dbg_describe_event(c->d, &ev[i], buf, sizeof buf);
        fprintf(c->out, "%s\n", buf);
    }
    free(ev);
    return EMU_CONSOLE_GO_ON;
}

static int do_display(emu_console *c, const cmd *k, char *args, char fmt)
{
    (void)k, (void)fmt, (void)args;
    return emu_dump(emu_dbg_state(c->d), EMU_DUMP_CRT, c->out) == 0 ? EMU_CONSOLE_GO_ON : fail(c, "write error");
}

static int do_state(emu_console *c, const cmd *k, char *args, char fmt)
{
    (void)k, (void)fmt, (void)args;
    return emu_dump(emu_dbg_state(c->d), EMU_DUMP_JSON, c->out) == 0 ? EMU_CONSOLE_GO_ON : fail(c, "write error");
}

static int do_engine(emu_console *c, const cmd *k, char *args, char fmt)
{
    (void)k, (void)fmt;
    char *name = word(&args);
    size_t n;
    const emu_engine *const *list = emu_engine_list(&n);
    if (!name) {
        fprintf(c->out, "engine %s (%s)\n", emu_dbg_engine(c->d)->name,
                emu_dbg_engine(c->d)->set_breaks ? "breakpoints in its V-state" : "single-stepped at breakpoints");
        return EMU_CONSOLE_GO_ON;
    }
    const emu_engine *e = emu_engine_find(name);
    if (!e) {
        ssem_near near;
        ssem_near_init(&near, name, strnlen(name, SSEM_NEAR_MAX_LEN + 1), true);
        for (size_t i = 0; i < n; i++)
            ssem_near_try(&near, list[i]->name, strlen(list[i]->name), NULL, 0);
        if (near.best)
            return fail(c, "unknown engine '%s'; did you mean '%s'?", name, near.best);
        return fail(c, "unknown engine '%s' (ssememu --list-engines names them)", name);
    }
    if (emu_dbg_set_engine(c->d, e) != 0)
        return fail(c, "out of memory");
    fprintf(c->out, "engine %s\n", e->name);
    return EMU_CONSOLE_GO_ON;
}

static int do_source(emu_console *c, const cmd *k, char *args, char fmt)
{
    (void)k, (void)fmt;
    args = trim(args);
    if (!*args)
        return fail(c, "source needs a file name");
    if (!c->allow_files)
        return fail(c, "source: reading files is off here");
    return emu_console_source(c, args);
}

static int do_quit(emu_console *c, const cmd *k, char *args, char fmt)
{
    (void)c, (void)k, (void)fmt, (void)args;
    return EMU_CONSOLE_QUIT;
}

static int do_help(emu_console *c, const cmd *k, char *args, char fmt);

static const cmd cmds[] = {
    { "break", "b br bp", do_break, "break LOC [if COND]", "stop before the instruction on line LOC runs" },
    { "tbreak", "tb", do_break, "tbreak LOC [if COND]", "a breakpoint deleted when it stops the run" },
    { "watch", "wp", do_watch, "watch LOC [if COND]", "stop right after a STO writes line LOC" },
    { "delete", "d nobreak", do_bps, "delete [N...]", "delete breakpoints N (all without N)" },
    { "disable", "dis", do_bps, "disable [N...]", "disable breakpoints N (all without N)" },
    { "enable", "en", do_bps, "enable [N...]", "enable breakpoints N (all without N)" },
    { "condition", "cond", do_condition, "condition N [COND]", "set or remove breakpoint N's condition" },
    { "info", "i show", do_info, "info breakpoints | info registers", "list breakpoints, or A, CI and the steps" },
    { "run", "r", do_run, "run", "start again from the loaded state and continue" },
    { "continue", "c cont go", do_continue, "continue [N]", "run until a stop (with N: the N-th stop)" },
    { "step", "s si stepi next n", do_step, "step [N]", "execute N instructions (default 1)" },
    { "reverse-step", "rs rsi reverse-stepi reverse-next rn", do_step, "reverse-step [N]",
      "go back N instructions (default 1)" },
    { "reverse-continue", "rc", do_reverse_continue, "reverse-continue",
      "go back to the previous breakpoint or watchpoint stop" },
    { "goto", "", do_goto, "goto STEP", "the state after exactly STEP steps from load (forwards or back)" },
    { "print", "p eval", do_print, "print[/d|/x|/b|/i] EXPR",
      "evaluate EXPR: A, CI, STEPS, [LOC], labels, arithmetic, comparisons" },
    { "examine", "ex x", do_examine, "examine [LOC [COUNT]]",
      "show store words disassembled, with labels and source" },
    { "deposit", "dep", do_deposit, "deposit LOC VALUE",
      "store VALUE (a number or an instruction, e.g. LDN total) in line LOC" },
    { "set", "", do_set, "set a VALUE | set ci VALUE", "change A or CI (setting CI resumes a halted machine)" },
    { "history", "hist", do_history, "history [N]", "the last N steps (default 10) with what each STO wrote" },
    { "display", "crt", do_display, "display", "the CRT: the store as the Baby showed it" },
    { "state", "", do_state, "state", "the state as one line of JSON (as --dump=json)" },
    { "engine", "", do_engine, "engine [NAME]", "show or change the dispatch engine (history kept)" },
    { "source", "do", do_source, "source FILE", "run the commands in FILE" },
    { "help", "h ?", do_help, "help [COMMAND]", "list the commands, or explain one" },
    { "quit", "q exit bye", do_quit, "quit", "end the session" },
};
enum { NCMDS = sizeof cmds / sizeof cmds[0] };

static bool alias_is(const char *aliases, const char *w, size_t n)
{
    for (const char *p = aliases; *p;) {
        size_t len = strcspn(p, " ");
        if (len == n && strncasecmp(p, w, n) == 0)
            return true;
        p += len + (p[len] == ' ');
    }
    return false;
}

/* Exact name or alias, else a unique prefix of a name; NULL with a
 * message printed when none or several. */
static const cmd *find(emu_console *c, const char *w)
{
    size_t n = strlen(w);
    for (size_t i = 0; i < NCMDS; i++)
        if (strcasecmp(cmds[i].name, w) == 0 || alias_is(cmds[i].aliases, w, n))
            return &cmds[i];
    const cmd *hit = NULL;
    int count = 0;
    for (size_t i = 0; i < NCMDS; i++)
        if (strncasecmp(cmds[i].name, w, n) == 0) {
            hit = &cmds[i];
            count++;
        }
    if (count == 1)
        return hit;
    if (count > 1) {
        char list[256] = "";
        size_t at = 0;
        for (size_t i = 0; i < NCMDS; i++)
            if (strncasecmp(cmds[i].name, w, n) == 0)
                at += (size_t)snprintf(list + at, at < sizeof list ? sizeof list - at : 0, "%s%s", at ? ", " : "",
                                       cmds[i].name);
        fail(c, "ambiguous command '%s': %s", w, list);
        return NULL;
    }
    ssem_near near;
    ssem_near_init(&near, w, strnlen(w, SSEM_NEAR_MAX_LEN + 1), true);
    for (size_t i = 0; i < NCMDS; i++)
        ssem_near_try(&near, cmds[i].name, strlen(cmds[i].name), NULL, 0);
    if (near.best)
        fail(c, "unknown command '%s'; did you mean '%.*s'? (help lists them)", w, (int)near.best_len, near.best);
    else
        fail(c, "unknown command '%s' (help lists them)", w);
    return NULL;
}

static int do_help(emu_console *c, const cmd *k, char *args, char fmt)
{
    (void)k, (void)fmt;
    char *w = word(&args);
    if (w) {
        const cmd *h = find(c, w);
        if (!h)
            return EMU_CONSOLE_GO_ON;
        fprintf(c->out, "%s\n  %s\n", h->usage, h->help);
        if (*h->aliases)
            fprintf(c->out, "  aliases: %s\n", h->aliases);
        return EMU_CONSOLE_GO_ON;
    }
    for (size_t i = 0; i < NCMDS; i++)
        fprintf(c->out, "  %-34s %s\n", cmds[i].usage, cmds[i].help);
    fprintf(c->out, "LOC is a line number, a label or label+n; COND and EXPR use A, CI, STEPS, [LOC],\n"
                    "labels, numbers and C's operators. 'help COMMAND' shows a command's aliases.\n");
    return EMU_CONSOLE_GO_ON;
}

void emu_console_init(emu_console *c, emu_dbg *d, FILE *out, FILE *err)
{
    memset(c, 0, sizeof *c);
    c->d = d;
    c->out = out;
    c->err = err;
    c->allow_files = true;
    c->run_cap = UINT64_MAX;
}

int emu_console_exec(emu_console *c, const char *line)
{
    char *copy = strdup(line);
    if (!copy)
        return fail(c, "out of memory");
    char *args = trim(copy);
    int rc = EMU_CONSOLE_GO_ON;
    char *w = *args == '#' ? NULL : word(&args);
    if (w) {
        char fmt = 0;
        char *slash = strchr(w, '/');
        if (slash && slash != w) {   /* print/x */
            *slash = 0;
            fmt = slash[1] ? slash[1] : '?';
        }
        const cmd *k = find(c, w);
        if (k && fmt && k->fn != do_print)
            rc = fail(c, "%s takes no /FORMAT", k->name);
        else if (k)
            rc = k->fn(c, k, args, fmt);
    }
    free(copy);
    fflush(c->out);
    return rc;
}

int emu_console_source(emu_console *c, const char *path)
{
    if (c->depth >= MAX_SOURCE_DEPTH)
        return fail(c, "source: nested too deeply (%d files)", MAX_SOURCE_DEPTH);
    char *data;
    size_t len;
    ssem_diag dg;
    fflush(c->out);
    ssem_diag_init(&dg, c->err);
    if (ssem_read_file(path, &data, &len, &dg) != 0) {
        c->failed = true;
        return EMU_CONSOLE_GO_ON;
    }
    c->depth++;
    int rc = EMU_CONSOLE_GO_ON;
    for (char *p = data, *end = data + len; p < end && rc == EMU_CONSOLE_GO_ON;) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        if (nl)
            *nl = 0;
        else
            data[len] = 0;
        rc = emu_console_exec(c, p);
        p = nl ? nl + 1 : end;
    }
    c->depth--;
    free(data);
    return rc;
}
