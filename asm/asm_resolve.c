/* asm_resolve.c: after parsing: expressions, constants, the literal pool, the words; asm_assemble itself. */
#include "asm_internal.h"

#include <stdlib.h>
#include <string.h>

#include "ssem_isa.h"

/* Deeper expressions or chains of constants are refused rather than
 * allowed to exhaust the C stack. */
#define EVAL_DEPTH 10000
#define WORD_MIN (-2147483648LL)
#define WORD_MAX 4294967295LL

static bool eval(asm_ctx *c, const asm_expr *e, int64_t *out);

bool asm_eval(asm_ctx *c, const asm_expr *e, int64_t *out)
{
    return eval(c, e, out);
}

static bool sym_value(asm_ctx *c, asm_sym *s, asm_loc ref, int64_t *out)
{
    switch (s->state) {
    case ASM_SYM_DONE:
        *out = s->value;
        return true;
    case ASM_SYM_BAD:
        return false;
    case ASM_SYM_BUSY:
        asm_report(c, SSEM_ERROR, ref, "circular definition of '%s'", s->name);
        s->state = ASM_SYM_BAD;
        return false;
    case ASM_SYM_NEW:
        break;
    }
    s->state = ASM_SYM_BUSY;
    int64_t v;
    bool ok = eval(c, s->expr, &v);
    /* A cycle reported further down already marked s bad. */
    if (s->state == ASM_SYM_BAD)
        return false;
    s->state = ok ? ASM_SYM_DONE : ASM_SYM_BAD;
    s->value = v;
    *out = v;
    return ok;
}

static bool eval_node(asm_ctx *c, const asm_expr *e, int64_t *out);

static bool eval(asm_ctx *c, const asm_expr *e, int64_t *out)
{
    if (c->eval_depth >= EVAL_DEPTH) {
        /* Reported once per run: every caller up the chain just fails,
         * and the run has failed already when another chain hits it. */
        if (!c->deep_reported)
            asm_report(c, SSEM_ERROR, e->loc,
                       "expression or chain of constants nested more than %d deep", EVAL_DEPTH);
        c->deep_reported = true;
        return false;
    }
    c->eval_depth++;
    bool ok = eval_node(c, e, out);
    c->eval_depth--;
    return ok;
}

static bool eval_node(asm_ctx *c, const asm_expr *e, int64_t *out)
{
    int64_t a = 0, b = 0;
    switch (e->op) {
    case ASM_EX_NUM:
        *out = e->val;
        return true;
    case ASM_EX_SYM: {
        asm_sym *s = asm_sym_find(c, e->name);
        if (!s) {
            const char *near = asm_suggest_symbol(c, e->name);
            if (near)
                asm_report(c, SSEM_ERROR, e->loc, "undefined symbol '%s'; did you mean '%s'?",
                           e->name, near);
            else
                asm_report(c, SSEM_ERROR, e->loc, "undefined symbol '%s'", e->name);
            return false;
        }
        s->used = true;
        return sym_value(c, s, e->loc, out);
    }
    case ASM_EX_NEG:
        if (!eval(c, e->l, &a))
            return false;
        if (a == INT64_MIN)
            goto overflow;
        *out = -a;
        return true;
    default:
        break;
    }
    bool okl = eval(c, e->l, &a);
    bool okr = eval(c, e->r, &b);
    if (!okl || !okr)
        return false;
    switch (e->op) {
    case ASM_EX_ADD:
        if (__builtin_add_overflow(a, b, out))
            goto overflow;
        return true;
    case ASM_EX_SUB:
        if (__builtin_sub_overflow(a, b, out))
            goto overflow;
        return true;
    case ASM_EX_MUL:
        if (__builtin_mul_overflow(a, b, out))
            goto overflow;
        return true;
    case ASM_EX_DIV:
        if (b == 0) {
            asm_report(c, SSEM_ERROR, e->loc, "division by zero");
            return false;
        }
        if (a == INT64_MIN && b == -1)
            goto overflow;
        *out = a / b;
        return true;
    default:
        abort();
    }
overflow:
    asm_report(c, SSEM_ERROR, e->loc, "value out of range (the expression overflows 64 bits)");
    return false;
}

static bool word_value(asm_ctx *c, int64_t v, asm_loc loc, uint32_t *w)
{
    if (v < WORD_MIN || v > WORD_MAX) {
        asm_report(c, SSEM_ERROR, loc,
                   "value %lld is out of the 32-bit range (-2147483648..4294967295)",
                   (long long)v);
        return false;
    }
    *w = (uint32_t)v;
    return true;
}

static void make_literals(asm_ctx *c)
{
    for (size_t i = 0; i < c->stmts.len; i++) {
        asm_stmt *st = ASM_VEC_AT(&c->stmts, asm_stmt, i);
        if (!st->literal)
            continue;
        int64_t v;
        uint32_t w;
        if (!eval(c, st->expr, &v) || !word_value(c, v, st->expr->loc, &w))
            continue;
        size_t k;
        for (k = 0; k < c->lits.len; k++)
            if ((uint32_t)ASM_VEC_AT(&c->lits, asm_lit, k)->value == w)
                break;
        if (k == c->lits.len) {
            asm_lit *l = asm_vec_push(&c->lits);
            l->value = (int64_t)w;
            l->loc = st->oploc;
            l->expr = st->expr;
            l->addr = -1;
        }
        st->lit = (int)k;
    }
    /* The pool fills the store from the top, first use first. */
    int next = SSEM_WORDS - 1;
    for (size_t k = 0; k < c->lits.len; k++) {
        asm_lit *l = ASM_VEC_AT(&c->lits, asm_lit, k);
        while (next >= 0 && (c->owner[next] || c->lit_at[next]))
            next--;
        if (next < 0) {
            asm_report(c, SSEM_ERROR, l->loc,
                       "no free store line for the literal =%lld: the store is full",
                       (long long)(int32_t)(uint32_t)l->value);
            continue;
        }
        l->addr = next;
        c->lit_at[next] = (int)k + 1;
        c->word[next] = (uint32_t)l->value;
    }
}

static void make_words(asm_ctx *c)
{
    for (size_t i = 0; i < c->stmts.len; i++) {
        asm_stmt *st = ASM_VEC_AT(&c->stmts, asm_stmt, i);
        int64_t v = 0;
        uint32_t w = 0;
        switch (st->kind) {
        case ASM_ST_INSTR: {
            const ssem_op_info *op = &ssem_ops[st->func];
            if (st->ref >= 0) {
                if (c->refs_at < 0)
                    continue;
                v = c->refs_at + st->ref;
            } else if (st->literal) {
                if (st->lit < 0)
                    continue;
                asm_lit *l = ASM_VEC_AT(&c->lits, asm_lit, st->lit);
                if (l->addr < 0)
                    continue;
                v = l->addr;
            } else if (st->expr) {
                if (!eval(c, st->expr, &v))
                    continue;
                if (v < 0 || v >= SSEM_WORDS) {
                    asm_report(c, SSEM_ERROR, st->oploc,
                               "operand %lld is out of range (a store line, 0-31)", (long long)v);
                    continue;
                }
            } else if (op->operand == SSEM_OPND_REQ) {
                asm_report(c, SSEM_ERROR, st->loc, "%s needs an operand (a store line, 0-31)",
                           op->mnemonic);
                continue;
            }
            w = ssem_word_make((unsigned)st->func, (unsigned)v);
            break;
        }
        case ASM_ST_NUM:
            if (!eval(c, st->expr, &v) || !word_value(c, v, st->oploc, &w))
                continue;
            break;
        case ASM_ST_EJA:
            /* CI is incremented before the fetch: a JMP through this word lands on v. */
            if (!eval(c, st->expr, &v))
                continue;
            if (v == INT64_MIN || !word_value(c, v - 1, st->oploc, &w))
                continue;
            break;
        case ASM_ST_BITS:
            w = st->bits;
            break;
        case ASM_ST_REF: {
            /* rileym65's entry holds x itself, not x-1 as EJA does. */
            const asm_ref *rf = ASM_VEC_AT(&c->refs, asm_ref, st->ref);
            if (!rf->expr || !eval(c, rf->expr, &v) || !word_value(c, v, rf->expr->loc, &w))
                continue;
            break;
        }
        }
        c->word[st->addr] = w;
    }
}

static void resolve(asm_ctx *c)
{
    /* Labels left at the end bind to the line after the last statement. */
    if (c->pending.len) {
        for (size_t i = 0; i < c->pending.len; i++) {
            asm_pending *p = ASM_VEC_AT(&c->pending, asm_pending, i);
            asm_sym *s = asm_sym_add(c, p->name);
            if (!s) {
                asm_sym *old = asm_sym_find(c, p->name);
                asm_report(c, SSEM_ERROR, p->loc, "duplicate label '%s'", p->name);
                if (old->kind != ASM_SYM_DEFINE)
                    asm_report(c, SSEM_NOTE, old->loc, "'%s' was first defined here", p->name);
                continue;
            }
            s->kind = ASM_SYM_LABEL;
            s->loc = p->loc;
            s->value = c->loc;
            s->state = ASM_SYM_DONE;
        }
        c->pending.len = 0;
    }
    /* Every constant is checked, used or not. */
    for (size_t i = 0; i < c->syms.len; i++) {
        asm_sym *s = ASM_VEC_AT(&c->syms, asm_sym, i);
        int64_t v;
        if (s->kind == ASM_SYM_EQU)
            (void)sym_value(c, s, s->loc, &v);
    }
    if (c->refs.len && c->refs_at < 0) {
        const asm_ref *rf = ASM_VEC_AT(&c->refs, asm_ref, 0);
        if (rf->expr)
            asm_report(c, SSEM_ERROR, rf->loc,
                       "'[%s]' refers to a reference table, but there is no 'refs' line",
                       rf->key);
    }
    make_literals(c);
    make_words(c);
    if (c->count_line >= 0 && (size_t)c->count_line != c->stmts.len)
        asm_warn(c, ASM_W_COUNT_LINE, c->count_loc,
                 "count line says %d lines follow, but there are %zu statements",
                 c->count_line, c->stmts.len);
}

static void ctx_free(asm_ctx *c)
{
    asm_vec_free(&c->recs);
    asm_vec_free(&c->plines);
    for (size_t i = 0; i < c->ptoks.len; i++)
        asm_vec_free(ASM_VEC_AT(&c->ptoks, asm_vec, i));
    asm_vec_free(&c->ptoks);
    asm_vec_free(&c->lexdiags);
    asm_vec_free(&c->syms);
    asm_map_free(&c->symtab);
    asm_map_free(&c->macro_defs);
    asm_vec_free(&c->macros);
    asm_vec_free(&c->stmts);
    asm_vec_free(&c->lits);
    asm_vec_free(&c->pending);
    asm_vec_free(&c->refs);
    asm_map_free(&c->ref_keys);
    asm_vec_free(&c->diags);
    asm_arena_free(&c->arena);
}

asm_program *asm_assemble(const char *src, size_t len, const char *name,
                          const asm_options *opt, ssem_diag *d)
{
    return asm_assemble_ex(src, len, name, opt, NULL, d);
}

asm_program *asm_assemble_ex(const char *src, size_t len, const char *name,
                             const asm_options *opt, const asm_settings *set, ssem_diag *d)
{
    /* A store image handed over as source would give a syntax error per
     * line; say once what it is. */
    ssem_format img = ssem_image_detect(src, len);
    if (img != SSEM_FMT_AUTO) {
        const char *file = name ? name : "<input>";
        ssem_diag_report(d, SSEM_ERROR, file, 0, 0, NULL, 0,
                         "this is a store image (%s); ssemasm reads source", ssem_format_name(img));
        ssem_diag_report(d, SSEM_NOTE, file, 0, 0, NULL, 0,
                         "run it with ssememu, or turn it into source with ssemdis");
        return NULL;
    }
    asm_ctx *c = calloc(1, sizeof *c);
    if (!c)
        abort();
    c->d = d;
    c->file = name ? name : "<input>";
    c->count_line = -1;
    c->recs.elem = sizeof(asm_rec);
    c->plines.elem = sizeof(int);
    c->ptoks.elem = sizeof(asm_vec);
    c->lexdiags.elem = sizeof(asm_lexdiag);
    c->syms.elem = sizeof(asm_sym);
    c->macros.elem = sizeof(asm_macro_def);
    c->stmts.elem = sizeof(asm_stmt);
    c->lits.elem = sizeof(asm_lit);
    c->pending.elem = sizeof(asm_pending);
    c->diags.elem = sizeof(asm_diag);
    c->refs.elem = sizeof(asm_ref);
    c->refs_at = -1;
    c->dialect = set ? set->dialect : ASM_DIALECT_AUTO;
    asm_warn_setup(c, set ? &set->warn : NULL);
    int errors0 = d->errors, warnings0 = d->warnings;

    for (size_t i = 0; opt && i < opt->ndefines; i++) {
        const asm_define *df = &opt->defines[i];
        char *nm = asm_strndup(&c->arena, df->name, strlen(df->name));
        asm_sym *s = asm_sym_add(c, nm);
        if (!s)
            s = asm_sym_find(c, nm);   /* a later -D wins, as with cc */
        s->kind = ASM_SYM_DEFINE;
        s->state = ASM_SYM_DONE;
        s->value = df->value;
        s->loc.rec = -1;
    }

    asm_preprocess(c, src, len);
    (void)asm_parse_tokens(c);
    resolve(c);
    if (d->errors == errors0)
        asm_warn_program(c);
    asm_flush_diags(c);

    asm_program *p = NULL;
    if (!(d->errors > errors0 || (d->werror && d->warnings > warnings0)))
        p = asm_program_from(c);
    ctx_free(c);
    free(c);
    return p;
}

