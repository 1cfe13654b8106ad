/* asm_core.c: memory, diagnostics, symbols and the parser hooks that place statements in the store. */
#include "asm_internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ssem_isa.h"
#include "ssem_near.h"

/* ---- memory ------------------------------------------------------------ */

struct asm_arena_block {
    asm_arena_block *next;
    size_t used, size;
    max_align_t data[];
};

void *asm_alloc(asm_arena *a, size_t n)
{
    n = (n + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
    asm_arena_block *b = a->head;
    if (!b || b->size - b->used < n) {
        size_t size = n > 65536 ? n : 65536;
        b = malloc(sizeof *b + size);
        if (!b)
            abort();
        b->size = size;
        b->used = 0;
        b->next = a->head;
        a->head = b;
    }
    void *p = (char *)b->data + b->used;
    b->used += n;
    memset(p, 0, n);
    return p;
}

char *asm_strndup(asm_arena *a, const char *s, size_t n)
{
    char *p = asm_alloc(a, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

void asm_arena_free(asm_arena *a)
{
    for (asm_arena_block *b = a->head, *nx; b; b = nx) {
        nx = b->next;
        free(b);
    }
    a->head = NULL;
}

void *asm_vec_push(asm_vec *v)
{
    if (v->len == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 16;
        void *d = realloc(v->data, cap * v->elem);
        if (!d)
            abort();
        v->data = d;
        v->cap = cap;
    }
    void *p = (char *)v->data + v->len++ * v->elem;
    memset(p, 0, v->elem);
    return p;
}

void asm_vec_free(asm_vec *v)
{
    free(v->data);
    v->data = NULL;
    v->len = v->cap = 0;
}

static size_t hash_str(const char *s)
{
    size_t h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

int asm_map_get(const asm_map *m, const char *key)
{
    if (!m->cap)
        return -1;
    for (size_t i = hash_str(key) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        if (!m->keys[i])
            return -1;
        if (strcmp(m->keys[i], key) == 0)
            return m->vals[i];
    }
}

void asm_map_put(asm_map *m, const char *key, int val)
{
    if (2 * (m->len + 1) > m->cap) {
        asm_map old = *m;
        m->cap = old.cap ? old.cap * 2 : 64;
        m->keys = calloc(m->cap, sizeof *m->keys);
        m->vals = calloc(m->cap, sizeof *m->vals);
        if (!m->keys || !m->vals)
            abort();
        m->len = 0;
        for (size_t i = 0; i < old.cap; i++)
            if (old.keys[i])
                asm_map_put(m, old.keys[i], old.vals[i]);
        free(old.keys);
        free(old.vals);
    }
    size_t i = hash_str(key) & (m->cap - 1);
    while (m->keys[i] && strcmp(m->keys[i], key) != 0)
        i = (i + 1) & (m->cap - 1);
    if (!m->keys[i])
        m->len++;
    m->keys[i] = key;
    m->vals[i] = val;
}

void asm_map_free(asm_map *m)
{
    free(m->keys);
    free(m->vals);
    memset(m, 0, sizeof *m);
}

/* ---- diagnostics --------------------------------------------------------- */

static asm_rec *rec_at(asm_ctx *c, int i)
{
    return ASM_VEC_AT(&c->recs, asm_rec, i);
}

static void vreport_to(asm_ctx *c, ssem_diag *d, ssem_severity sev, asm_loc loc,
                       const char *fmt, va_list ap) __attribute__((format(printf, 5, 0)));
static void vreport_to(asm_ctx *c, ssem_diag *d, ssem_severity sev, asm_loc loc,
                       const char *fmt, va_list ap)
{
    if (loc.rec < 0 || (size_t)loc.rec >= c->recs.len) {
        ssem_diag_vreport(d, sev, c->file, 0, 0, NULL, 0, fmt, ap);
        return;
    }
    asm_rec *r = rec_at(c, loc.rec);
    ssem_diag_vreport(d, sev, c->file, r->file_line, loc.col, r->text, r->len, fmt, ap);
    /* Walk up the invocation chain, innermost first, as GCC does; a deep
     * (recursive) chain is shortened in the middle. */
    int n = 0;
    for (int p = r->parent; p >= 0; p = rec_at(c, p)->parent)
        n++;
    int col = r->parent_col, i = 0;
    const char *m = r->macro;
    for (int p = r->parent; p >= 0; i++) {
        asm_rec *q = rec_at(c, p);
        if (n > 6 && i == 3)
            ssem_diag_report(d, SSEM_NOTE, c->file, 0, 0, NULL, 0,
                             "... %d more levels of macro expansion ...", n - 5);
        if (n <= 6 || i < 3 || i >= n - 2)
            ssem_diag_report(d, SSEM_NOTE, c->file, q->file_line, col, q->text, q->len,
                             "in expansion of macro '%s'", m);
        col = q->parent_col;
        m = q->macro;
        p = q->parent;
    }
}

/*
 * Diagnostics come from three passes (macros, parsing, resolution), so they
 * are held back and printed in source order at the end. A note joins the
 * diagnostic before it.
 */
void asm_vreport(asm_ctx *c, ssem_severity sev, asm_loc loc, const char *fmt, va_list ap)
{
    if (!c->d->out) {
        vreport_to(c, c->d, sev, loc, fmt, ap);
        return;
    }
    if (sev != SSEM_NOTE)
        c->hiding = c->shown >= ASM_MAX_SHOWN;
    if (c->hiding) {
        /* Count it as the sink would, print nothing. */
        if (sev == SSEM_ERROR)
            c->d->errors++, c->hidden++;
        else if (sev == SSEM_WARNING)
            c->d->warnings++, c->hidden++;
        return;
    }
    if (sev != SSEM_NOTE)
        c->shown++;
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    if (!mem)
        abort();
    ssem_diag tmp = *c->d;
    tmp.out = mem;
    vreport_to(c, &tmp, sev, loc, fmt, ap);
    fclose(mem);
    c->d->errors = tmp.errors;
    c->d->warnings = tmp.warnings;
    if (sev == SSEM_NOTE && c->diags.len) {
        asm_diag *last = ASM_VEC_AT(&c->diags, asm_diag, c->diags.len - 1);
        char *j = realloc(last->text, last->len + len + 1);
        if (!j)
            abort();
        memcpy(j + last->len, buf, len + 1);
        last->text = j;
        last->len += len;
        free(buf);
        return;
    }
    int line = 0;
    if (loc.rec >= 0 && (size_t)loc.rec < c->recs.len) {
        asm_rec *r = rec_at(c, loc.rec);
        while (r->parent >= 0)
            r = rec_at(c, r->parent);
        line = r->file_line;
    }
    asm_diag *e = asm_vec_push(&c->diags);
    e->line = line;
    e->seq = c->diags.len;
    e->text = buf;
    e->len = len;
}

static int diag_cmp(const void *a, const void *b)
{
    const asm_diag *x = a, *y = b;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void asm_flush_diags(asm_ctx *c)
{
    if (!c->diags.len)
        return;
    qsort(c->diags.data, c->diags.len, sizeof(asm_diag), diag_cmp);
    for (size_t i = 0; i < c->diags.len; i++) {
        asm_diag *e = ASM_VEC_AT(&c->diags, asm_diag, i);
        fwrite(e->text, 1, e->len, c->d->out);
        free(e->text);
    }
    c->diags.len = 0;
    if (c->hidden)
        fprintf(c->d->out, "%s: note: %d more errors and warnings not shown\n", c->file, c->hidden);
    fflush(c->d->out);
}

void asm_report(asm_ctx *c, ssem_severity sev, asm_loc loc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    asm_vreport(c, sev, loc, fmt, ap);
    va_end(ap);
}

void asm_lex_error(asm_ctx *c, int col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char buf[256];
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    asm_lexdiag *ld = asm_vec_push(&c->lexdiags);
    ld->col = col;
    ld->msg = asm_strndup(&c->arena, buf, strlen(buf));
}

asm_loc asm_ploc(asm_ctx *c, int pline, int col)
{
    asm_loc l = { -1, col };
    if (c->plines.len == 0)
        return l;
    size_t i = pline < 1 ? 0 : (size_t)pline - 1;
    if (i >= c->plines.len) {
        /* End of input: point just past the last line. */
        i = c->plines.len - 1;
        l.col = (int)rec_at(c, *ASM_VEC_AT(&c->plines, int, i))->plen + 1;
    }
    l.rec = *ASM_VEC_AT(&c->plines, int, i);
    return l;
}

/* ---- symbols ------------------------------------------------------------- */

asm_sym *asm_sym_find(asm_ctx *c, const char *name)
{
    int i = asm_map_get(&c->symtab, name);
    return i < 0 ? NULL : ASM_VEC_AT(&c->syms, asm_sym, i);
}

asm_sym *asm_sym_add(asm_ctx *c, const char *name)
{
    if (asm_map_get(&c->symtab, name) >= 0)
        return NULL;
    asm_sym *s = asm_vec_push(&c->syms);
    s->name = name;
    asm_map_put(&c->symtab, name, (int)c->syms.len - 1);
    return s;
}

/* Reports a clash with an earlier definition; returns the new symbol or NULL. */
static asm_sym *define(asm_ctx *c, const char *name, asm_loc loc, asm_sym_kind kind)
{
    asm_sym *s = asm_sym_add(c, name);
    if (s) {
        s->kind = kind;
        s->loc = loc;
        return s;
    }
    asm_sym *old = asm_sym_find(c, name);
    if (old->kind == ASM_SYM_DEFINE) {
        asm_report(c, SSEM_ERROR, loc, "'%s' is already defined on the command line (-D)", name);
    } else {
        asm_report(c, SSEM_ERROR, loc, "duplicate %s '%s'",
                   kind == ASM_SYM_LABEL ? "label" : "symbol", name);
        asm_report(c, SSEM_NOTE, old->loc, "'%s' was first defined here", name);
    }
    return NULL;
}

/* ---- parser hooks --------------------------------------------------------- */

asm_expr *asm_expr_new(asm_ctx *c, asm_expr_op op, asm_loc loc)
{
    asm_expr *e = asm_alloc(&c->arena, sizeof *e);
    e->op = op;
    e->loc = loc;
    return e;
}

/* A bare number first on a line is a line number unless it is the whole of
 * the first line with content: then it is Sharp's count line. Deciding that
 * waits for the next item on the line or its end. */
static void commit_lead(asm_ctx *c, bool line_over)
{
    if (!c->line_lead)
        return;
    c->line_lead = false;
    if (line_over && !c->line_other && !c->seen_content) {
        c->count_line = c->line_lead_val;
        c->count_loc = c->line_lead_loc;
        return;
    }
    if (c->line_lead_val < 0 || c->line_lead_val >= SSEM_WORDS) {
        asm_report(c, SSEM_ERROR, c->line_lead_loc,
                   "line number %d is outside the store (0-31)", c->line_lead_val);
        return;
    }
    c->loc = c->line_lead_val;
}

static void item(asm_ctx *c)
{
    c->line_other = true;
    commit_lead(c, false);
}

void asm_line_begin(asm_ctx *c)
{
    c->line_lead = false;
    c->line_other = false;
}

void asm_line_end(asm_ctx *c, bool ok)
{
    if (!ok) {
        c->line_lead = false;
        c->seen_content = true;
        return;
    }
    bool content = c->line_lead || c->line_other;
    commit_lead(c, true);
    if (content)
        c->seen_content = true;
    c->line_other = false;
}

void asm_on_label(asm_ctx *c, const char *name, asm_loc loc)
{
    item(c);
    asm_pending *p = asm_vec_push(&c->pending);
    p->name = name;
    p->loc = loc;
}

void asm_on_addr(asm_ctx *c, int64_t value, asm_loc loc, bool bare)
{
    if (bare) {
        /* gobaby numbers its lines for the reader; they place nothing. */
        if (c->dialect == ASM_DIALECT_GOBABY)
            return;
        c->line_lead = true;
        c->line_lead_loc = loc;
        c->line_lead_val = value > 99999 ? 99999 : (int)value;
        return;
    }
    item(c);
    if (value < 0 || value >= SSEM_WORDS) {
        asm_report(c, SSEM_ERROR, loc, "line number %lld is outside the store (0-31)",
                   (long long)value);
        return;
    }
    c->loc = (int)value;
}

static void bind_pending(asm_ctx *c, int value)
{
    for (size_t i = 0; i < c->pending.len; i++) {
        asm_pending *p = ASM_VEC_AT(&c->pending, asm_pending, i);
        asm_sym *s = define(c, p->name, p->loc, ASM_SYM_LABEL);
        if (s) {
            s->value = value;
            s->state = ASM_SYM_DONE;
        }
    }
    c->pending.len = 0;
}

void asm_on_stmt(asm_ctx *c, asm_stmt *st)
{
    item(c);
    int at = c->loc;
    bind_pending(c, at);
    st->addr = at;
    if (at >= SSEM_WORDS) {
        if (!c->overflowed)
            asm_report(c, SSEM_ERROR, st->loc,
                       "store overflow: no line %d (the store has 32 lines, 0-31)", at);
        c->overflowed = true;
        c->loc = at + 1;
        return;
    }
    if (c->owner[at]) {
        asm_stmt *old = ASM_VEC_AT(&c->stmts, asm_stmt, c->owner[at] - 1);
        asm_report(c, SSEM_ERROR, st->loc, "two statements on store line %d", at);
        asm_report(c, SSEM_NOTE, old->loc, "line %d was first given here", at);
        c->loc = at + 1;
        return;
    }
    asm_stmt *s = asm_vec_push(&c->stmts);
    *s = *st;
    c->owner[at] = (int)c->stmts.len;
    c->loc = at + 1;
}

void asm_on_equ(asm_ctx *c, const char *name, asm_loc loc, asm_expr *e, bool dflt)
{
    item(c);
    asm_sym *old = asm_sym_find(c, name);
    /* "NAME DEFAULT v" gives way to -D NAME=V. */
    if (dflt && old && old->kind == ASM_SYM_DEFINE) {
        old->used = true;
        return;
    }
    asm_sym *s = define(c, name, loc, ASM_SYM_EQU);
    if (s) {
        s->expr = e;
        s->state = ASM_SYM_NEW;
    } else if (old && old->kind == ASM_SYM_DEFINE) {
        asm_report(c, SSEM_NOTE, loc, "write '%s DEFAULT ...' for a value that -D may override",
                   name);
    }
}

/* rileym65's "k: equ 5": the label names the constant, not a line. */
void asm_on_label_equ(asm_ctx *c, asm_loc loc, asm_expr *e, bool dflt)
{
    if (!c->pending.len) {
        item(c);
        asm_report(c, SSEM_ERROR, loc, "%s needs a name: write 'NAME %s value' or 'NAME: %s value'",
                   dflt ? "DEFAULT" : "EQU", dflt ? "DEFAULT" : "EQU", dflt ? "DEFAULT" : "EQU");
        return;
    }
    asm_pending p = *ASM_VEC_AT(&c->pending, asm_pending, c->pending.len - 1);
    c->pending.len--;
    asm_on_equ(c, p.name, p.loc, e, dflt);
}

void asm_on_org(asm_ctx *c, asm_expr *e, asm_loc loc)
{
    int64_t v;
    if (asm_eval(c, e, &v))
        asm_on_addr(c, v, loc, false);
    else
        item(c);
}

const char *asm_fold(asm_ctx *c, const char *name)
{
    size_t n = strlen(name);
    char *f = asm_strndup(&c->arena, name, n);
    for (size_t i = 0; i < n; i++)
        f[i] = (char)toupper((unsigned char)f[i]);
    return f;
}

int asm_here(asm_ctx *c)
{
    item(c);
    return c->loc;
}

const char *asm_ref_key(asm_ctx *c, const char *text, size_t from, size_t to)
{
    char *k = asm_alloc(&c->arena, to - from + 1);
    size_t n = 0;
    for (size_t i = from; i < to; i++)
        if (text[i] != ' ' && text[i] != '\t')
            k[n++] = text[i];
    k[n] = '\0';
    return k;
}

int asm_ref_index(asm_ctx *c, asm_expr *e, asm_loc open, asm_loc close)
{
    if (open.rec < 0 || open.rec != close.rec)
        return -1;
    asm_rec *r = rec_at(c, open.rec);
    const char *key = asm_ref_key(c, r->text, (size_t)open.col, (size_t)close.col - 1);
    int k = asm_map_get(&c->ref_keys, key);
    if (k < 0)
        return -1;
    asm_ref *rf = ASM_VEC_AT(&c->refs, asm_ref, k);
    if (!rf->expr) {
        rf->expr = e;
        rf->loc = open;
    }
    return k;
}

/* rileym65's table: one word per distinct "[x]", here. */
void asm_on_refs(asm_ctx *c, asm_loc loc)
{
    item(c);
    if (c->refs_at >= 0) {
        asm_report(c, SSEM_ERROR, loc, "a second 'refs' table (there is one reference table)");
        return;
    }
    c->refs_at = c->loc;
    for (size_t k = 0; k < c->refs.len; k++) {
        asm_stmt st = { .kind = ASM_ST_REF, .lit = -1, .ref = (int)k, .loc = loc, .oploc = loc };
        asm_on_stmt(c, &st);
    }
}

/* Dot directives: rileym65's listing options are read and ignored;
 * ".nowarn NAME..." turns warnings off for the file. */
void asm_on_dot(asm_ctx *c, const char *name, asm_loc loc)
{
    static const char *const listing[] = { "list", "symbols", "lstfile", "map", "mapfile", NULL };
    item(c);
    c->dot_name = NULL;
    for (size_t i = 0; listing[i]; i++)
        if (strcasecmp(name, listing[i]) == 0)
            return;
    if (strcasecmp(name, "nowarn") == 0) {
        c->dot_name = "nowarn";
        c->dot_loc = loc;
        return;
    }
    static const char *const all[] = { "list", "symbols", "lstfile", "map", "mapfile", "nowarn", NULL };
    const char *near = ssem_near_among(name, all, true);
    if (near)
        asm_report(c, SSEM_ERROR, loc, "unknown directive '.%s'; did you mean '.%s'?", name, near);
    else
        asm_report(c, SSEM_ERROR, loc, "unknown directive '.%s'", name);
}

void asm_on_dot_arg(asm_ctx *c, const char *word, asm_loc loc)
{
    if (!c->dot_name)
        return;
    if (strncmp(word, "-W", 2) == 0)
        word += 2;
    if (strncmp(word, "no-", 3) == 0)
        word += 3;
    for (int w = 0; w < ASM_NWARNINGS; w++)
        if (strcmp(word, asm_warning_name((asm_warning)w)) == 0) {
            c->warn_on[w] = false;
            return;
        }
    const char *near = asm_warning_suggest(word);
    if (near)
        asm_report(c, SSEM_ERROR, loc, "unknown warning '%s'; did you mean '%s'?", word, near);
    else
        asm_report(c, SSEM_ERROR, loc, "unknown warning '%s'", word);
}

void asm_on_unknown(asm_ctx *c, const char *name, asm_loc loc)
{
    item(c);
    int m = asm_map_get(&c->macro_defs, asm_fold(c, name));
    if (m >= 0) {
        asm_report(c, SSEM_ERROR, loc, "macro '%s' is used before its definition", name);
        asm_report(c, SSEM_NOTE, ASM_VEC_AT(&c->macros, asm_macro_def, m)->loc,
                   "'%s' is defined here; a macro must be defined before it is used", name);
    } else {
        const char *near = asm_suggest_mnemonic(c, name);
        if (near)
            asm_report(c, SSEM_ERROR, loc, "unknown mnemonic '%s'; did you mean '%s'?", name, near);
        else
            asm_report(c, SSEM_ERROR, loc, "unknown mnemonic '%s'", name);
    }
    /* Keep the layout of what follows as if a word had been placed here. */
    bind_pending(c, c->loc);
    c->loc++;
}

uint32_t asm_parse_bits(asm_ctx *c, const char *s, asm_loc loc, bool *ok)
{
    size_t n = strlen(s);
    uint32_t w = 0;
    *ok = true;
    for (size_t i = 0; i < n; i++) {
        if (s[i] != '0' && s[i] != '1') {
            asm_loc at = { loc.rec, loc.col + (int)i };
            asm_report(c, SSEM_ERROR, at, "bad bit string '%s': '%c' is not 0 or 1", s, s[i]);
            *ok = false;
            return 0;
        }
    }
    if (n > SSEM_BITS) {
        asm_loc at = { loc.rec, loc.col + SSEM_BITS };
        asm_report(c, SSEM_ERROR, at, "bad bit string: %zu digits, a word has 32", n);
        *ok = false;
        return 0;
    }
    /* Leftmost digit is bit 0, as the CRT shows a word. */
    for (size_t i = 0; i < n; i++)
        if (s[i] == '1')
            w |= (uint32_t)1 << i;
    return w;
}
