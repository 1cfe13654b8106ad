/* emu_debug_expr.c: the debugger's expressions (conditions, print, LOC): parsed once into a tree, evaluated on a T-state. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emu_debug_internal.h"

/* Nesting deeper than this is no expression a person writes, and the
 * parser recurses once per level. */
enum { MAX_DEPTH = 200, MAX_NODES = 4096 };

typedef enum op {
    OP_NUM, OP_A, OP_CI, OP_STEPS, OP_WORD,
    OP_NEG, OP_POS, OP_NOT, OP_LNOT,
    OP_MUL, OP_DIV, OP_MOD, OP_ADD, OP_SUB, OP_SHL, OP_SHR,
    OP_LT, OP_LE, OP_GT, OP_GE, OP_EQ, OP_NE, OP_AND, OP_XOR, OP_OR, OP_LAND, OP_LOR,
} op;

typedef struct node {
    op op;
    int l, r;        /* operand nodes, -1 none */
    int64_t val;     /* OP_NUM */
} node;

struct emu_dbg_expr {
    node *n;
    int count, cap;
    int root;
};

typedef struct parser {
    const emu_dbg_info *info;
    const char *s, *p;
    bool uses_state;
    emu_dbg_expr *e;
    char *err;
    size_t errlen;
    bool failed;
    int depth;
} parser;

size_t emu_dbg_fmt(char *buf, size_t size, size_t at, const char *fmt, ...)
{
    if (at >= size)
        return size ? size - 1 : 0;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf + at, size - at, fmt, ap);
    va_end(ap);
    if (n < 0)
        return at;
    return at + (size_t)n < size ? at + (size_t)n : size - 1;
}

__attribute__((format(printf, 2, 3))) static int fail(parser *ps, const char *fmt, ...)
{
    if (!ps->failed && ps->err && ps->errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(ps->err, ps->errlen, fmt, ap);
        va_end(ap);
    }
    ps->failed = true;
    return -1;
}

static int add(parser *ps, op o, int l, int r, int64_t val)
{
    if (ps->failed)
        return -1;
    emu_dbg_expr *e = ps->e;
    if (e->count == e->cap) {
        if (e->cap >= MAX_NODES)
            return fail(ps, "expression too long");
        int cap = e->cap ? e->cap * 2 : 16;
        node *n = realloc(e->n, (size_t)cap * sizeof *n);
        if (!n)
            return fail(ps, "out of memory");
        e->n = n;
        e->cap = cap;
    }
    e->n[e->count] = (node){ o, l, r, val };
    return e->count++;
}

static void skip(parser *ps)
{
    while (*ps->p == ' ' || *ps->p == '\t')
        ps->p++;
}

static bool eat(parser *ps, const char *tok)
{
    skip(ps);
    size_t n = strlen(tok);
    if (strncmp(ps->p, tok, n) != 0)
        return false;
    /* "<" must not take the first half of "<<" or "<=", nor "&" of "&&". */
    if (n == 1 && strchr("<>&|=!", tok[0]) && ps->p[1] && strchr("<>&|=", ps->p[1]) &&
        !(tok[0] == '!' && ps->p[1] != '='))
        return false;
    ps->p += n;
    return true;
}

static bool is_name_start(char c)
{
    return isalpha((unsigned char)c) || c == '_' || c == '$';
}

static bool is_name_char(char c)
{
    return isalnum((unsigned char)c) || c == '_' || c == '.' || c == '@' || c == '$';
}

static int parse_expr(parser *ps);

static int number(parser *ps)
{
    const char *p = ps->p;
    int base = 10;
    if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
        base = 16, p += 2;
    else if (p[0] == '0' && (p[1] == 'b' || p[1] == 'B'))
        base = 2, p += 2;
    uint64_t v = 0;
    const char *digits = p;
    for (;; p++) {
        int d;
        if (*p >= '0' && *p <= '9')
            d = *p - '0';
        else if (base == 16 && isxdigit((unsigned char)*p))
            d = tolower((unsigned char)*p) - 'a' + 10;
        else
            break;
        if (d >= base)
            return fail(ps, "bad digit '%c' in a number", *p);
        if (v > (UINT64_MAX - (uint64_t)d) / (uint64_t)base)
            return fail(ps, "number too large");
        v = v * (uint64_t)base + (uint64_t)d;
    }
    if (p == digits || is_name_char(*p))
        return fail(ps, "bad number '%.*s'", (int)(p - ps->p + (*p != 0)), ps->p);
    if (v > (uint64_t)INT64_MAX)
        return fail(ps, "number too large");
    ps->p = p;
    return add(ps, OP_NUM, -1, -1, (int64_t)v);
}

static bool name_is(const char *s, size_t len, const char *word)
{
    return strlen(word) == len && strncasecmp(s, word, len) == 0;
}

static int name(parser *ps)
{
    const char *s = ps->p;
    while (is_name_char(*ps->p))
        ps->p++;
    size_t len = (size_t)(ps->p - s);
    int64_t v;
    /* The program's names come first and are exact; $A, $CI, $STEPS are
     * always the registers, whatever the program calls its lines. */
    if (s[0] != '$' && emu_dbg_info_lookup(ps->info, s, len, &v))
        return add(ps, OP_NUM, -1, -1, v);
    const char *r = s[0] == '$' ? s + 1 : s;
    size_t rlen = s[0] == '$' ? len - 1 : len;
    op o;
    if (name_is(r, rlen, "a") || name_is(r, rlen, "acc"))
        o = OP_A;
    else if (name_is(r, rlen, "ci"))
        o = OP_CI;
    else if (name_is(r, rlen, "steps") || name_is(r, rlen, "step"))
        o = OP_STEPS;
    else
        return fail(ps, "no symbol '%.*s'", (int)len, s);
    if (!ps->uses_state)
        return fail(ps, "'%.*s' is a register, not a store line", (int)len, s);
    return add(ps, o, -1, -1, 0);
}

static int primary(parser *ps)
{
    skip(ps);
    char c = *ps->p;
    if (c >= '0' && c <= '9')
        return number(ps);
    if (is_name_start(c))
        return name(ps);
    if (c == '(' || c == '[') {
        ps->p++;
        int x = parse_expr(ps);
        if (ps->failed)
            return -1;
        if (!eat(ps, c == '(' ? ")" : "]"))
            return fail(ps, "missing '%c'", c == '(' ? ')' : ']');
        if (c == '(')
            return x;
        if (!ps->uses_state)
            return fail(ps, "a store word [..] is no store line");
        return add(ps, OP_WORD, x, -1, 0);
    }
    if (!c)
        return fail(ps, "expression ends too soon");
    return fail(ps, "unexpected '%c'", c);
}

static int unary(parser *ps)
{
    if (++ps->depth > MAX_DEPTH)
        return fail(ps, "expression nested too deeply");
    static const struct { const char *tok; op o; } un[] = {
        { "-", OP_NEG }, { "+", OP_POS }, { "~", OP_NOT }, { "!", OP_LNOT },
    };
    int x = -1;
    bool done = false;
    for (size_t i = 0; i < sizeof un / sizeof un[0] && !done; i++)
        if (eat(ps, un[i].tok)) {
            int y = unary(ps);
            x = add(ps, un[i].o, y, -1, 0);
            done = true;
        }
    if (!done)
        x = primary(ps);
    ps->depth--;
    return x;
}

/* Binary levels, loosest first; each entry's operators share a precedence. */
static const struct level { const char *tok[4]; op o[4]; } levels[] = {
    { { "||" }, { OP_LOR } },
    { { "&&" }, { OP_LAND } },
    { { "|" }, { OP_OR } },
    { { "^" }, { OP_XOR } },
    { { "&" }, { OP_AND } },
    { { "==", "!=" }, { OP_EQ, OP_NE } },
    { { "<=", ">=", "<", ">" }, { OP_LE, OP_GE, OP_LT, OP_GT } },
    { { "<<", ">>" }, { OP_SHL, OP_SHR } },
    { { "+", "-" }, { OP_ADD, OP_SUB } },
    { { "*", "/", "%" }, { OP_MUL, OP_DIV, OP_MOD } },
};
enum { NLEVELS = sizeof levels / sizeof levels[0] };

static int binary(parser *ps, int level)
{
    if (level == NLEVELS)
        return unary(ps);
    int x = binary(ps, level + 1);
    while (!ps->failed) {
        const struct level *L = &levels[level];
        int found = -1;
        for (int i = 0; i < 4 && L->tok[i] && found < 0; i++)
            if (eat(ps, L->tok[i]))
                found = i;
        if (found < 0)
            break;
        int y = binary(ps, level + 1);
        x = add(ps, L->o[found], x, y, 0);
    }
    return x;
}

static int parse_expr(parser *ps)
{
    if (++ps->depth > MAX_DEPTH)
        return fail(ps, "expression nested too deeply");
    int x = binary(ps, 0);
    ps->depth--;
    return x;
}

emu_dbg_expr *emu_dbg_expr_parse(const emu_dbg_info *info, const char *text, bool uses_state, char *err,
                                 size_t errlen)
{
    emu_dbg_expr *e = calloc(1, sizeof *e);
    if (!e) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    parser ps = { info, text, text, uses_state, e, err, errlen, false, 0 };
    e->root = parse_expr(&ps);
    skip(&ps);
    if (!ps.failed && *ps.p)
        fail(&ps, "unexpected '%s' after the expression", ps.p);
    if (ps.failed) {
        emu_dbg_expr_free(e);
        return NULL;
    }
    return e;
}

void emu_dbg_expr_free(emu_dbg_expr *e)
{
    if (e) {
        free(e->n);
        free(e);
    }
}

size_t emu_dbg_expr_bytes(const emu_dbg_expr *e)
{
    return sizeof *e + (size_t)e->cap * sizeof *e->n;
}

typedef struct evaluator {
    const emu_dbg_expr *e;
    const emu_machine *m;
    const char *error;
} evaluator;

/* Wrapping arithmetic through uint64_t: no overflow is undefined here. */
static int64_t wrap(uint64_t v)
{
    return (int64_t)v;
}

static int64_t eval(evaluator *ev, int i)
{
    const node *n = &ev->e->n[i];
    if (n->op == OP_NUM)
        return n->val;
    if (n->op == OP_A)
        return (int32_t)ev->m->a;
    if (n->op == OP_CI)
        return ev->m->ci;
    if (n->op == OP_STEPS)
        return wrap(ev->m->steps);
    int64_t x = eval(ev, n->l);
    if (n->op == OP_LAND && !x)
        return 0;
    if (n->op == OP_LOR && x)
        return 1;
    switch (n->op) {
    case OP_WORD: return (int32_t)ev->m->store[(uint64_t)x & SSEM_LINE_MASK];
    case OP_NEG: return wrap(0 - (uint64_t)x);
    case OP_POS: return x;
    case OP_NOT: return ~x;
    case OP_LNOT: return !x;
    default: break;
    }
    int64_t y = eval(ev, n->r);
    switch (n->op) {
    case OP_MUL: return wrap((uint64_t)x * (uint64_t)y);
    case OP_DIV:
    case OP_MOD:
        if (y == 0) {
            ev->error = "division by zero";
            return 0;
        }
        if (y == -1)   /* INT64_MIN / -1 overflows: wrap it instead */
            return n->op == OP_DIV ? wrap(0 - (uint64_t)x) : 0;
        return n->op == OP_DIV ? x / y : x % y;
    case OP_ADD: return wrap((uint64_t)x + (uint64_t)y);
    case OP_SUB: return wrap((uint64_t)x - (uint64_t)y);
    case OP_SHL: return wrap((uint64_t)x << (y & 63));
    case OP_SHR: return x >> (y & 63);
    case OP_LT: return x < y;
    case OP_LE: return x <= y;
    case OP_GT: return x > y;
    case OP_GE: return x >= y;
    case OP_EQ: return x == y;
    case OP_NE: return x != y;
    case OP_AND: return x & y;
    case OP_XOR: return x ^ y;
    case OP_OR: return x | y;
    case OP_LAND:
    case OP_LOR: return y != 0;
    default: return 0;
    }
}

int emu_dbg_expr_eval(const emu_dbg_expr *e, const emu_machine *m, int64_t *value, char *err, size_t errlen)
{
    evaluator ev = { e, m, NULL };
    int64_t v = eval(&ev, e->root);
    if (ev.error) {
        if (err && errlen)
            snprintf(err, errlen, "%s", ev.error);
        return -1;
    }
    *value = v;
    return 0;
}

int emu_dbg_eval(const emu_dbg *d, const char *expr, int64_t *value, char *err, size_t errlen)
{
    emu_dbg_expr *e = emu_dbg_expr_parse(emu_dbg_info_of(d), expr, true, err, errlen);
    if (!e)
        return -1;
    int rc = emu_dbg_expr_eval(e, emu_dbg_state(d), value, err, errlen);
    emu_dbg_expr_free(e);
    return rc;
}

int emu_dbg_loc(const emu_dbg *d, const char *text, unsigned *line, char *err, size_t errlen)
{
    char why[128];
    emu_dbg_expr *e = emu_dbg_expr_parse(emu_dbg_info_of(d), text, false, why, sizeof why);
    int64_t v = 0;
    bool ok = e && emu_dbg_expr_eval(e, NULL, &v, why, sizeof why) == 0;
    if (ok && (v < 0 || v > 31)) {
        snprintf(why, sizeof why, "%lld is not a store line (0..31)", (long long)v);
        ok = false;
    }
    emu_dbg_expr_free(e);
    if (!ok) {
        snprintf(err, errlen, "bad LOC '%s': %s", text, why);
        return -1;
    }
    *line = (unsigned)v;
    return 0;
}
