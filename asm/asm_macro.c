/* asm_macro.c: the line-level pass before parsing: splits lines, records MACRO bodies, expands invocations. */
#include "asm_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
    MACRO_DEPTH = 32,            /* nested expansions before "recursive?" */
    MACRO_MAX_LINES = 65536,     /* lines all expansions together may produce */
    /* ... and bytes: an argument that holds its parameter twice doubles at
     * each level, so 32 levels of few lines could make gigabytes of text. */
    MACRO_MAX_BYTES = 1024 * 1024,
};

/* A body line and its tokens, lexed once when it is recorded. */
typedef struct body_line {
    int rec;
    asm_vec toks;                /* asm_tok */
} body_line;

typedef struct macro {
    const char *name;
    int def_rec;                 /* the "name MACRO ..." line */
    int name_col;
    asm_vec params;              /* const char * */
    asm_vec body;                /* body_line */
    asm_vec locals;              /* const char *: labels defined in the body */
    bool used;
} macro;

typedef struct pre {
    asm_ctx *c;
    asm_vec macros;              /* macro */
    asm_map byname;
    macro *rec;                  /* the macro whose body is being recorded */
    bool rec_discard;            /* recording only to skip a bad definition */
    int expansions;
    size_t lines_made;
    size_t bytes_made;
    bool aborted;                /* expansion limit hit: stop expanding */
} pre;

static asm_rec *rec_at(asm_ctx *c, int i)
{
    return ASM_VEC_AT(&c->recs, asm_rec, i);
}

static asm_tok *tok(asm_vec *t, size_t i)
{
    return ASM_VEC_AT(t, asm_tok, i);
}

static int kind(asm_vec *t, size_t i)
{
    return i < t->len ? asm_tok_kind(tok(t, i)->type) : ASM_TK_EOL;
}

static asm_loc at(int rec, int col)
{
    asm_loc l = { rec, col };
    return l;
}

/* A mnemonic or a directive may be a macro's name (babyutils' "sub2"). */
static bool is_name(int k)
{
    return k == ASM_TK_IDENT || k == ASM_TK_KEYWORD;
}

static const char *word_of(asm_ctx *c, int r, asm_tok *k)
{
    asm_rec *rc = rec_at(c, r);
    return asm_strndup(&c->arena, rc->text + k->col - 1, (size_t)(k->end - k->col));
}

/* Macros are found whatever the case of the call, as mnemonics are. */
static int find_macro(pre *s, int r, asm_tok *k)
{
    return asm_map_get(&s->byname, asm_fold(s->c, word_of(s->c, r, k)));
}

/* Index of the first token after the line number and labels. */
static size_t skip_prefix(asm_vec *t)
{
    size_t p = 0;
    if (kind(t, 0) == ASM_TK_NUMBER)
        p = 1;
    while (kind(t, p) == ASM_TK_LABEL || kind(t, p) == ASM_TK_ADDR)
        p++;
    return p;
}

/* Gives the parser the first plen bytes of record r: their tokens, taken
 * from t, and now the lexical errors among them. */
static void emit(pre *s, int r, size_t plen, asm_vec *t)
{
    asm_ctx *c = s->c;
    rec_at(c, r)->plen = plen;
    *(int *)asm_vec_push(&c->plines) = r;
    asm_vec *pt = asm_vec_push(&c->ptoks);
    pt->elem = sizeof(asm_tok);
    for (size_t i = 0; i < t->len && (size_t)tok(t, i)->col <= plen; i++)
        *(asm_tok *)asm_vec_push(pt) = *tok(t, i);
    for (size_t i = 0; i < c->lexdiags.len; i++) {
        const asm_lexdiag *ld = ASM_VEC_AT(&c->lexdiags, asm_lexdiag, i);
        if ((size_t)ld->col <= plen)
            asm_report(c, SSEM_ERROR, at(r, ld->col), "%s", ld->msg);
    }
}

static void define_macro(pre *s, int r, asm_vec *t, size_t p)
{
    asm_ctx *c = s->c;
    asm_tok *nt = tok(t, p);
    const char *name = word_of(c, r, nt);
    if (p > 0)
        asm_report(c, SSEM_ERROR, at(r, tok(t, 0)->col),
                   "a MACRO line cannot carry a line number or a label");
    int old = asm_map_get(&s->byname, asm_fold(c, name));
    macro *m = asm_vec_push(&s->macros);
    m->name = name;
    m->def_rec = r;
    m->name_col = nt->col;
    m->params.elem = m->locals.elem = sizeof(const char *);
    m->body.elem = sizeof(body_line);
    s->rec = m;
    s->rec_discard = false;
    if (old >= 0) {
        macro *o = ASM_VEC_AT(&s->macros, macro, old);
        asm_report(c, SSEM_ERROR, at(r, nt->col), "macro '%s' redefined", name);
        asm_report(c, SSEM_NOTE, at(o->def_rec, o->name_col), "'%s' was first defined here",
                   o->name);
        s->rec_discard = true;
    }
    for (size_t i = p + 2; i < t->len; i++) {
        if (kind(t, i) != ASM_TK_IDENT) {
            asm_report(c, SSEM_ERROR, at(r, tok(t, i)->col),
                       "bad macro definition: expected a parameter name");
            s->rec_discard = true;
            break;
        }
        const char *pn = tok(t, i)->str;
        for (size_t j = 0; j < m->params.len; j++)
            if (strcmp(*ASM_VEC_AT(&m->params, const char *, j), pn) == 0) {
                asm_report(c, SSEM_ERROR, at(r, tok(t, i)->col),
                           "duplicate macro parameter '%s'", pn);
                s->rec_discard = true;
            }
        *(const char **)asm_vec_push(&m->params) = pn;
        if (i + 1 < t->len) {
            if (kind(t, i + 1) != ASM_TK_COMMA) {
                asm_report(c, SSEM_ERROR, at(r, tok(t, i + 1)->col),
                           "bad macro definition: expected ',' between parameters");
                s->rec_discard = true;
                break;
            }
            i++;
            if (i + 1 == t->len) {
                asm_report(c, SSEM_ERROR, at(r, tok(t, i)->col),
                           "bad macro definition: parameter list ends with ','");
                s->rec_discard = true;
            }
        }
    }
    if (!s->rec_discard && old < 0)
        asm_map_put(&s->byname, asm_fold(c, m->name), (int)s->macros.len - 1);
}

static bool is_param(macro *m, const char *name, size_t *idx)
{
    for (size_t j = 0; j < m->params.len; j++)
        if (strcmp(*ASM_VEC_AT(&m->params, const char *, j), name) == 0) {
            *idx = j;
            return true;
        }
    return false;
}

static bool is_local(macro *m, const char *name)
{
    for (size_t j = 0; j < m->locals.len; j++)
        if (strcmp(*ASM_VEC_AT(&m->locals, const char *, j), name) == 0)
            return true;
    return false;
}

/* One body line while recording; false when it ends the body. */
static bool record_line(pre *s, int r)
{
    asm_ctx *c = s->c;
    asm_rec *rc = rec_at(c, r);
    asm_vec t = { .elem = sizeof(asm_tok) };
    asm_tokenize(c, rc->text, rc->len, &t);
    size_t p = skip_prefix(&t);
    bool more = true;
    if (kind(&t, p) == ASM_TK_ENDM) {
        if (p > 0 || t.len > p + 1)
            asm_report(c, SSEM_ERROR, at(r, tok(&t, p > 0 ? 0 : p + 1)->col),
                       "ENDM stands alone on its line");
        more = false;
    } else if (is_name(kind(&t, p)) && kind(&t, p + 1) == ASM_TK_MACRO) {
        asm_report(c, SSEM_ERROR, at(r, tok(&t, p)->col),
                   "macro definitions cannot be nested (missing ENDM for '%s'?)", s->rec->name);
    } else {
        macro *m = s->rec;
        body_line *bl = asm_vec_push(&m->body);
        bl->rec = r;
        for (size_t i = 0; i < t.len; i++) {
            size_t pi;
            asm_tok *k = tok(&t, i);
            if (kind(&t, i) == ASM_TK_LABEL && !is_param(m, k->str, &pi) && !is_local(m, k->str))
                *(const char **)asm_vec_push(&m->locals) = k->str;
        }
        bl->toks = t;
        t = (asm_vec){ .elem = sizeof(asm_tok) };
    }
    asm_vec_free(&t);
    return more;
}

static void process_line(pre *s, int r, int depth);

typedef struct span {
    const char *p;
    size_t n;
} span;

static void expand(pre *s, macro *m, int r, asm_vec *t, size_t p, int depth)
{
    asm_ctx *c = s->c;
    asm_rec rc = *rec_at(c, r);
    asm_tok *nt = tok(t, p);
    if (s->aborted)
        return;
    if (depth >= MACRO_DEPTH) {
        asm_report(c, SSEM_ERROR, at(r, nt->col),
                   "macro '%s' nested more than %d deep (recursive macro?)", m->name, MACRO_DEPTH);
        s->aborted = true;
        return;
    }
    /* Arguments: text between top-level commas, taken verbatim. */
    asm_vec args = { .elem = sizeof(span) };
    size_t first = p + 1;
    int paren = 0;
    bool bad = false;
    for (size_t i = p + 1; i <= t->len; i++) {
        int k = kind(t, i);
        if (k == ASM_TK_LPAREN)
            paren++;
        else if (k == ASM_TK_RPAREN)
            paren--;
        if (i < t->len && !(k == ASM_TK_COMMA && paren == 0))
            continue;
        if (i == t->len && first == i && args.len == 0)
            break;   /* no arguments at all */
        if (first == i) {
            asm_report(c, SSEM_ERROR, at(r, i < t->len ? tok(t, i)->col : (int)rc.len + 1),
                       "empty argument %zu to macro '%s'", args.len + 1, m->name);
            bad = true;
            break;
        }
        span *a = asm_vec_push(&args);
        a->p = rc.text + tok(t, first)->col - 1;
        a->n = (size_t)(tok(t, i - 1)->end - tok(t, first)->col);
        first = i + 1;
    }
    if (!bad && args.len != m->params.len) {
        asm_report(c, SSEM_ERROR, at(r, nt->col), "macro '%s' takes %zu argument%s, %zu given",
                   m->name, m->params.len, m->params.len == 1 ? "" : "s", args.len);
        asm_report(c, SSEM_NOTE, at(m->def_rec, m->name_col), "'%s' is defined here", m->name);
        bad = true;
    }
    if (bad) {
        asm_vec_free(&args);
        return;
    }
    int serial = ++s->expansions;
    for (size_t b = 0; b < m->body.len && !s->aborted; b++) {
        if (++s->lines_made > MACRO_MAX_LINES) {
            asm_report(c, SSEM_ERROR, at(r, nt->col),
                       "macro expansion produces more than %d lines", MACRO_MAX_LINES);
            s->aborted = true;
            break;
        }
        body_line *bl = ASM_VEC_AT(&m->body, body_line, b);
        asm_rec br = *rec_at(c, bl->rec);
        asm_vec bt = bl->toks;
        /* Rebuild the line, replacing parameters and renaming local labels. */
        size_t cap = br.len + 1;
        for (size_t i = 0; i < bt.len; i++) {
            size_t pi;
            asm_tok *k = tok(&bt, i);
            if (k->str && is_param(m, k->str, &pi))
                cap += ASM_VEC_AT(&args, span, pi)->n;
            else if (k->str && is_local(m, k->str))
                cap += strlen(k->str) + 24;
        }
        s->bytes_made += cap;
        if (s->bytes_made > MACRO_MAX_BYTES) {
            asm_report(c, SSEM_ERROR, at(r, nt->col),
                       "macro expansion produces more than %d bytes of text", MACRO_MAX_BYTES);
            s->aborted = true;
            break;
        }
        char *out = asm_alloc(&c->arena, cap);
        size_t o = 0, from = 0;
        for (size_t i = 0; i < bt.len; i++) {
            size_t pi;
            asm_tok *k = tok(&bt, i);
            if (!k->str)
                continue;
            size_t start = (size_t)k->col - 1, nlen = strlen(k->str);
            bool param = is_param(m, k->str, &pi);
            if (!param && !is_local(m, k->str))
                continue;
            memcpy(out + o, br.text + from, start - from);
            o += start - from;
            if (param) {
                span *a = ASM_VEC_AT(&args, span, pi);
                memcpy(out + o, a->p, a->n);
                o += a->n;
            } else {
                memcpy(out + o, k->str, nlen);
                o += nlen;
                o += (size_t)snprintf(out + o, cap - o, "@%d", serial);
            }
            from = start + nlen;
        }
        memcpy(out + o, br.text + from, br.len - from);
        o += br.len - from;
        out[o] = '\0';
        asm_rec *nr = asm_vec_push(&c->recs);
        nr->text = out;
        nr->len = o;
        nr->file_line = br.file_line;
        nr->parent = r;
        nr->parent_col = nt->col;
        nr->macro = m->name;
        process_line(s, (int)c->recs.len - 1, depth + 1);
    }
    asm_vec_free(&args);
}

/* rileym65's "[x]": the reference table's entries in order of first use,
 * known before the parser reaches "refs", which may come first. */
static void note_refs(pre *s, int r, asm_vec *t)
{
    asm_ctx *c = s->c;
    for (size_t i = 0; i < t->len; i++) {
        if (kind(t, i) != ASM_TK_LBRACKET)
            continue;
        size_t j = i + 1;
        while (j < t->len && kind(t, j) != ASM_TK_RBRACKET)
            j++;
        if (j == t->len)
            return;
        const char *key = asm_ref_key(c, rec_at(c, r)->text, (size_t)tok(t, i)->col,
                                      (size_t)tok(t, j)->col - 1);
        if (asm_map_get(&c->ref_keys, key) < 0) {
            asm_ref *rf = asm_vec_push(&c->refs);
            rf->key = key;
            asm_map_put(&c->ref_keys, key, (int)c->refs.len - 1);
        }
        i = j;
    }
}

static void process_line(pre *s, int r, int depth)
{
    asm_ctx *c = s->c;
    asm_rec *rc = rec_at(c, r);
    asm_vec t = { .elem = sizeof(asm_tok) };
    asm_tokenize(c, rc->text, rc->len, &t);
    size_t p = skip_prefix(&t);
    int k = kind(&t, p);
    if (is_name(k) && kind(&t, p + 1) == ASM_TK_MACRO) {
        if (depth > 0)
            asm_report(c, SSEM_ERROR, at(r, tok(&t, p)->col),
                       "a macro cannot be defined inside a macro expansion");
        else
            define_macro(s, r, &t, p);
    } else if (k == ASM_TK_ENDM) {
        asm_report(c, SSEM_ERROR, at(r, tok(&t, p)->col), "ENDM without MACRO");
    } else if (is_name(k) && kind(&t, p + 1) != ASM_TK_EQU && find_macro(s, r, tok(&t, p)) >= 0) {
        /* A user macro wins over a built-in spelling of the same name. */
        macro *m = ASM_VEC_AT(&s->macros, macro, find_macro(s, r, tok(&t, p)));
        m->used = true;
        /* A line number or labels before the invocation stay on their own. */
        if (p > 0)
            emit(s, r, (size_t)tok(&t, p)->col - 1, &t);
        expand(s, m, r, &t, p, depth);
    } else {
        emit(s, r, rc->len, &t);
        note_refs(s, r, &t);
    }
    asm_vec_free(&t);
}

/* babyutils continues a line that ends in a backslash (outside a comment). */
static size_t continuation(const char *t, size_t n)
{
    size_t end = n;
    while (end && (t[end - 1] == ' ' || t[end - 1] == '\t'))
        end--;
    if (!end || t[end - 1] != '\\')
        return 0;
    for (size_t i = 0; i + 1 < end; i++)
        if (t[i] == ';' || t[i] == '#' || ((t[i] == '/' || t[i] == '-') && t[i + 1] == t[i]))
            return 0;
    return end;
}

static size_t line_len(const char *src, size_t i, size_t len, size_t *next)
{
    size_t j = i;
    while (j < len && src[j] != '\n')
        j++;
    *next = j + 1;
    size_t n = j - i;
    /* Every CR before the LF goes: a line saved twice through a CRLF
     * converter ends in CR CR LF, and the listing echoes the text. */
    while (n && src[i + n - 1] == '\r')
        n--;
    return n;
}

void asm_preprocess(asm_ctx *c, const char *src, size_t len)
{
    pre s = { .c = c, .macros = { .elem = sizeof(macro) } };
    int line = 0;
    for (size_t i = 0; i < len;) {
        size_t next;
        size_t n = line_len(src, i, len, &next);
        const char *text = src + i;
        int first = ++line;
        for (size_t bs; (bs = continuation(text, n)) && next < len; line++) {
            size_t k = next;
            size_t m = line_len(src, k, len, &next);
            char *j = asm_alloc(&c->arena, bs + m + 1);
            memcpy(j, text, bs - 1);
            j[bs - 1] = ' ';
            memcpy(j + bs, src + k, m);
            text = j;
            n = bs + m;
        }
        asm_rec *r = asm_vec_push(&c->recs);
        r->text = text;
        r->len = r->plen = n;
        r->file_line = first;
        r->parent = -1;
        int ri = (int)c->recs.len - 1;
        if (s.rec) {
            if (!record_line(&s, ri))
                s.rec = NULL;   /* a discarded one was never registered by name */
        } else {
            process_line(&s, ri, 0);
        }
        i = next;
    }
    if (s.rec)
        asm_report(c, SSEM_ERROR, at(s.rec->def_rec, s.rec->name_col),
                   "macro '%s' has no ENDM", s.rec->name);
    for (size_t i = 0; i < s.macros.len; i++) {
        macro *m = ASM_VEC_AT(&s.macros, macro, i);
        /* Kept for the parser: a name it does not know may be a macro used
         * above its definition, and the message can say so. */
        if (asm_map_get(&s.byname, asm_fold(c, m->name)) == (int)i) {
            asm_macro_def *md = asm_vec_push(&c->macros);
            md->name = m->name;
            md->loc = at(m->def_rec, m->name_col);
            md->used = m->used;
            asm_map_put(&c->macro_defs, asm_fold(c, m->name), (int)c->macros.len - 1);
        }
        asm_vec_free(&m->params);
        for (size_t b = 0; b < m->body.len; b++)
            asm_vec_free(&ASM_VEC_AT(&m->body, body_line, b)->toks);
        asm_vec_free(&m->body);
        asm_vec_free(&m->locals);
    }
    asm_vec_free(&s.macros);
    asm_map_free(&s.byname);
}
