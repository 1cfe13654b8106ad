/* asm_suggest.c: "did you mean" for unknown mnemonics and undefined symbols, by edit distance. */
#include "asm_internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "ssem_isa.h"

enum {
    /* Names longer than this are not typos of anything worth suggesting,
     * and they keep one comparison's table small. */
    NEAR_MAX_LEN = 64,
    /* Table cells one run may spend: 100,000 symbols with errors against
     * each would otherwise take minutes. Past it, no more suggestions. */
    NEAR_BUDGET = 16 * 1000 * 1000,
};

typedef struct near {
    const char *name;
    size_t len;
    bool fold;                 /* compare without case (mnemonics) */
    int limit;                 /* the largest distance still worth saying */
    const char *best;
    size_t best_len;
    int best_dist;
} near;

static void near_init(near *n, const char *name, size_t len, bool fold)
{
    *n = (near){ .name = name, .len = len, .fold = fold, .best_dist = -1 };
    /* A third of the name, at least one edit, and never the whole name:
     * "x" is not a typo of "y". */
    n->limit = (int)len / 3 > 1 ? (int)len / 3 : 1;
    if ((size_t)n->limit >= len)
        n->limit = (int)len - 1;
}

static bool same(const near *n, char a, char b)
{
    return n->fold ? toupper((unsigned char)a) == toupper((unsigned char)b) : a == b;
}

/* Levenshtein distance with adjacent transposition (optimal string alignment). */
static int distance(const near *n, const char *b, size_t lb)
{
    const char *a = n->name;
    size_t la = n->len;
    int rows[3][NEAR_MAX_LEN + 1];
    int *pp = rows[0], *prev = rows[1], *cur = rows[2];
    for (size_t j = 0; j <= lb; j++)
        prev[j] = (int)j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = (int)i;
        for (size_t j = 1; j <= lb; j++) {
            int cost = same(n, a[i - 1], b[j - 1]) ? 0 : 1;
            int d = prev[j - 1] + cost;
            if (prev[j] + 1 < d)
                d = prev[j] + 1;
            if (cur[j - 1] + 1 < d)
                d = cur[j - 1] + 1;
            if (i > 1 && j > 1 && same(n, a[i - 1], b[j - 2]) && same(n, a[i - 2], b[j - 1]) &&
                pp[j - 2] + 1 < d)
                d = pp[j - 2] + 1;
            cur[j] = d;
        }
        int *t = pp;
        pp = prev;
        prev = cur;
        cur = t;
    }
    return prev[lb];
}

static void near_try(asm_ctx *c, near *n, const char *cand, size_t lc)
{
    if (n->len == 0 || n->len > NEAR_MAX_LEN || lc > NEAR_MAX_LEN)
        return;
    size_t diff = lc > n->len ? lc - n->len : n->len - lc;
    if (diff > (size_t)n->limit)
        return;
    long cells = (long)(n->len * lc);
    if (c->suggest_spent + cells > NEAR_BUDGET)
        return;
    c->suggest_spent += cells;
    int d = distance(n, cand, lc);
    if (d == 0 || d > n->limit)
        return;
    /* On a tie, a candidate of the name's own length: SOTP is STOP swapped,
     * more likely than STP with a letter added. */
    size_t best_diff = n->best_len > n->len ? n->best_len - n->len : n->len - n->best_len;
    if (n->best_dist < 0 || d < n->best_dist || (d == n->best_dist && diff < best_diff)) {
        n->best = cand;
        n->best_len = lc;
        n->best_dist = d;
    }
}

/* Suggestions cost time; a diagnostic nobody sees gets none. */
static bool worth_it(const asm_ctx *c)
{
    return c->shown < ASM_MAX_SHOWN;
}

static const char *result(asm_ctx *c, const near *n)
{
    return n->best ? asm_strndup(&c->arena, n->best, n->best_len) : NULL;
}

const char *asm_suggest_mnemonic(asm_ctx *c, const char *name)
{
    if (!worth_it(c))
        return NULL;
    near n;
    near_init(&n, name, strnlen(name, NEAR_MAX_LEN + 1), true);
    for (int f = 0; f < SSEM_NFUNC; f++) {
        near_try(c, &n, ssem_ops[f].mnemonic, strlen(ssem_ops[f].mnemonic));
        for (const char *p = ssem_ops[f].aliases; *p;) {
            size_t len = strcspn(p, " ");
            near_try(c, &n, p, len);
            p += len;
            p += strspn(p, " ");
        }
    }
    /* Macro names, unlike mnemonics, are case-sensitive. */
    n.fold = false;
    for (size_t i = 0; i < c->macros.len; i++) {
        const char *m = ASM_VEC_AT(&c->macros, asm_macro_def, i)->name;
        near_try(c, &n, m, strnlen(m, NEAR_MAX_LEN + 1));
    }
    return result(c, &n);
}

const char *asm_suggest_symbol(asm_ctx *c, const char *name)
{
    if (!worth_it(c))
        return NULL;
    near n;
    near_init(&n, name, strnlen(name, NEAR_MAX_LEN + 1), false);
    for (size_t i = 0; i < c->syms.len; i++) {
        const char *s = ASM_VEC_AT(&c->syms, asm_sym, i)->name;
        /* A macro's local label (loop@3) is not a name anyone writes. */
        if (!strchr(s, '@'))
            near_try(c, &n, s, strnlen(s, NEAR_MAX_LEN + 1));
    }
    return result(c, &n);
}
