/* emu_debug_text.c: the debugger's words for front ends (where a line is, why a run stopped, a step, a store word) and one-word assembly. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "asm.h"
#include "emu_debug_internal.h"
#include "ssem_dis.h"
#include "ssem_isa.h"

const char *emu_dbg_reason_name(emu_dbg_reason r)
{
    static const char *const names[] = {
        [EMU_DBG_NONE] = "none",
        [EMU_DBG_STEPPED] = "step",
        [EMU_DBG_BREAKPOINT] = "breakpoint",
        [EMU_DBG_WATCHPOINT] = "watchpoint",
        [EMU_DBG_CONDITION] = "condition",
        [EMU_DBG_HALTED] = "halted",
        [EMU_DBG_LIMIT] = "limit",
        [EMU_DBG_INTERRUPTED] = "interrupted",
        [EMU_DBG_START] = "start",
        [EMU_DBG_ARRIVED] = "goto",
        [EMU_DBG_ERROR] = "error",
    };
    return (unsigned)r < sizeof names / sizeof names[0] ? names[r] : "?";
}

size_t emu_dbg_where(const emu_dbg *d, unsigned line, char *buf, size_t size)
{
    const emu_dbg_info *info = emu_dbg_info_of(d);
    char label[96];
    emu_dbg_info_label(info, line, label, sizeof label);
    int src = emu_dbg_info_line_of(info, line);
    const char *file = emu_dbg_info_file(info);
    size_t n = 0;
    if (size)
        buf[0] = 0;
    if (src)
        n = emu_dbg_fmt(buf, size, n, "%s:%d", file ? file : "?", src);
    if (label[0])
        n = emu_dbg_fmt(buf, size, n, "%s%s", n ? " " : "", label);
    if (!n)
        n = emu_dbg_fmt(buf, size, n, "line %u", line);
    return n;
}

/* "LDN 27 (total)": the instruction with its operand's label when known. */
static size_t instr(const emu_dbg *d, uint32_t w, char *buf, size_t size)
{
    size_t n = ssem_dis_instr(w, buf, size);
    unsigned f = ssem_word_func(w);
    if (ssem_ops[f].operand == SSEM_OPND_REQ) {
        char label[96];
        if (emu_dbg_info_label(emu_dbg_info_of(d), ssem_word_operand(w), label, sizeof label))
            n = emu_dbg_fmt(buf, size, n, " (%s)", label);
    }
    return n;
}

/* The present position: the line about to run (after a STP, the STP). */
static size_t position(const emu_dbg *d, char *buf, size_t size, size_t n)
{
    const emu_machine *m = emu_dbg_state(d);
    unsigned line = ssem_line_of(m->halted ? m->ci : m->ci + 1);
    char where[160], ins[160];
    emu_dbg_where(d, line, where, sizeof where);
    instr(d, m->store[line], ins, sizeof ins);
    n = emu_dbg_fmt(buf, size, n, "step %" PRIu64 "  %s", m->steps, where);
    if (emu_dbg_info_line_of(emu_dbg_info_of(d), line) || strncmp(where, "line ", 5) != 0)
        n = emu_dbg_fmt(buf, size, n, "  line %u", line);
    return emu_dbg_fmt(buf, size, n, ": %s  A = %" PRId32, ins, (int32_t)m->a);
}

size_t emu_dbg_describe_stop(const emu_dbg *d, const emu_dbg_stop *s, char *buf, size_t size)
{
    size_t n = 0;
    if (size)
        buf[0] = 0;
    /* A tbreak is deleted as it stops the run: a breakpoint no longer
     * there is one. */
    const char *cond = NULL;
    bool temp = true;
    for (size_t i = 0; i < emu_dbg_nbps(d); i++) {
        emu_dbg_bp b = emu_dbg_bp_at(d, i);
        if (b.id == s->bp) {
            cond = b.cond;
            temp = b.temporary;
        }
    }
    switch (s->reason) {
    case EMU_DBG_BREAKPOINT:
        n = emu_dbg_fmt(buf, size, n, "%s %d", temp || !s->bp ? "Temporary breakpoint" : "Breakpoint", s->bp);
        break;
    case EMU_DBG_WATCHPOINT: {
        char label[96];
        emu_dbg_info_label(emu_dbg_info_of(d), s->line, label, sizeof label);
        n = emu_dbg_fmt(buf, size, n, "Watchpoint %d: [%u]%s%s = %" PRId32 " (was %" PRId32 ")", s->bp, s->line,
                        label[0] ? " " : "", label, (int32_t)s->new_word, (int32_t)s->old_word);
        break;
    }
    case EMU_DBG_CONDITION:
        n = emu_dbg_fmt(buf, size, n, "Condition %d (%s) holds", s->bp, cond ? cond : "?");
        break;
    case EMU_DBG_HALTED: n = emu_dbg_fmt(buf, size, n, "Halted"); break;
    case EMU_DBG_LIMIT: n = emu_dbg_fmt(buf, size, n, "Step limit"); break;
    case EMU_DBG_INTERRUPTED: n = emu_dbg_fmt(buf, size, n, "Interrupted"); break;
    case EMU_DBG_START: n = emu_dbg_fmt(buf, size, n, "Start of the history"); break;
    case EMU_DBG_ERROR: return emu_dbg_fmt(buf, size, n, "Error: %s", s->why);
    case EMU_DBG_NONE:
    case EMU_DBG_STEPPED:
    case EMU_DBG_ARRIVED: break;
    }
    return position(d, buf, size, n ? emu_dbg_fmt(buf, size, n, ", ") : 0);
}

size_t emu_dbg_describe_event(const emu_dbg *d, const emu_dbg_event *ev, char *buf, size_t size)
{
    char where[160], ins[160];
    emu_dbg_where(d, ev->line, where, sizeof where);
    instr(d, ev->word, ins, sizeof ins);
    size_t n = emu_dbg_fmt(buf, size, 0, "step %" PRIu64 "  %s", ev->step, where);
    if (strncmp(where, "line ", 5) != 0)
        n = emu_dbg_fmt(buf, size, n, "  line %u", ev->line);
    n = emu_dbg_fmt(buf, size, n, ": %s  A = %" PRId32, ins, (int32_t)ev->a);
    if (ev->stored)
        n = emu_dbg_fmt(buf, size, n, "  [%u] <- %" PRId32, ev->stored_line, (int32_t)ev->stored_value);
    return n;
}

size_t emu_dbg_describe_word(const emu_dbg *d, unsigned line, char *buf, size_t size)
{
    const emu_dbg_info *info = emu_dbg_info_of(d);
    uint32_t w = emu_dbg_state(d)->store[line & SSEM_LINE_MASK];
    char label[96], ins[160];
    emu_dbg_info_label(info, line, label, sizeof label);
    instr(d, w, ins, sizeof ins);
    size_t n = emu_dbg_fmt(buf, size, 0, "%2u  %-10s  0x%08" PRIx32 "  %11" PRId32 "  %-20s", line, label, w,
                           (int32_t)w, ins);
    int src = emu_dbg_info_line_of(info, line);
    if (src) {
        size_t len;
        const char *text = emu_dbg_info_source_line(info, src, &len);
        const char *file = emu_dbg_info_file(info);
        n = emu_dbg_fmt(buf, size, n, "  ; %s:%d", file ? file : "?", src);
        if (text) {
            while (len && (*text == ' ' || *text == '\t'))
                text++, len--;
            n = emu_dbg_fmt(buf, size, n, ": %.*s", (int)len, text);
        }
    }
    while (n && buf[n - 1] == ' ')
        buf[--n] = 0;
    return n;
}

int emu_dbg_assemble(const emu_dbg *d, const char *text, unsigned line, uint32_t *word, char *err, size_t errlen)
{
    if (line >= SSEM_WORDS || strpbrk(text, "\n\r")) {
        snprintf(err, errlen, line >= SSEM_WORDS ? "not a store line" : "one statement, on one line");
        return -1;
    }
    /* The program's names become -D definitions, so the statement is line
     * 1 of the source and the assembler's diagnostic points into it. */
    const emu_dbg_info *info = emu_dbg_info_of(d);
    size_t nsym = emu_dbg_info_nsymbols(info);
    asm_define *defs = calloc(nsym ? nsym : 1, sizeof *defs);
    char *src = NULL;
    if (!defs || asprintf(&src, "%u: %s\n", line, text) < 0) {
        free(defs);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    for (size_t i = 0; i < nsym; i++) {
        emu_dbg_symbol s = emu_dbg_info_symbol(info, i);
        defs[i] = (asm_define){ s.name, s.value };
    }
    asm_options opt = { defs, nsym };
    FILE *f = fmemopen(err, errlen, "w");
    ssem_diag diag;
    ssem_diag_init(&diag, f);
    asm_program *p = asm_assemble(src, strlen(src), "deposit", &opt, &diag);
    if (f)
        fclose(f);
    free(defs);
    free(src);
    if (!p)
        return -1;
    int rc = 0;
    for (unsigned n = 0; n < SSEM_WORDS; n++)
        if (n != line && asm_program_line_of(p, n)) {
            snprintf(err, errlen, "deposit: a literal (=...) needs a store line of its own; "
                                  "deposit the value on a free line and use that line");
            rc = -1;
        }
    if (rc == 0 && !asm_program_line_of(p, line)) {
        snprintf(err, errlen, "deposit: nothing to deposit");
        rc = -1;
    }
    if (rc == 0) {
        ssem_image img;
        asm_program_image(p, &img);
        *word = img.word[line];
    }
    asm_program_free(p);
    return rc;
}
