/* ssem_near.c: "did you mean": the nearest name by edit distance with transpositions. */
#include "ssem_near.h"

#include <ctype.h>
#include <string.h>

void ssem_near_init(ssem_near *n, const char *name, size_t len, bool fold)
{
    *n = (ssem_near){ .name = name, .len = len, .fold = fold, .best_dist = -1 };
    /* A third of the name, at least one edit; ssem_near_try also wants a
     * letter in common ("y" may be "yy", but "x" is no typo of "y"). */
    n->limit = (int)(len / 3) > 1 ? (int)(len / 3) : 1;
}

static bool same(const ssem_near *n, char a, char b)
{
    return n->fold ? toupper((unsigned char)a) == toupper((unsigned char)b) : a == b;
}

/* Levenshtein distance with adjacent transposition (optimal string
 * alignment): "SOTP" is one edit from "STOP". */
static int distance(const ssem_near *n, const char *b, size_t lb)
{
    const char *a = n->name;
    size_t la = n->len;
    int rows[3][SSEM_NEAR_MAX_LEN + 1];
    int *pp = rows[0], *prev = rows[1], *cur = rows[2];
    for (size_t j = 0; j <= lb; j++)
        prev[j] = (int)j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = (int)i;
        for (size_t j = 1; j <= lb; j++) {
            int d = prev[j - 1] + (same(n, a[i - 1], b[j - 1]) ? 0 : 1);
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

static size_t absdiff(size_t a, size_t b)
{
    return a > b ? a - b : b - a;
}

void ssem_near_try(ssem_near *n, const char *cand, size_t lc, long *spent, long budget)
{
    if (n->len == 0 || n->len > SSEM_NEAR_MAX_LEN || lc > SSEM_NEAR_MAX_LEN)
        return;
    size_t diff = absdiff(lc, n->len);
    if (diff > (size_t)n->limit)
        return;
    if (spent) {
        long cells = (long)(n->len * lc);
        if (*spent + cells > budget)
            return;
        *spent += cells;
    }
    int d = distance(n, cand, lc);
    if (d == 0 || d > n->limit || (size_t)d >= (lc > n->len ? lc : n->len))
        return;
    /* On a tie, a candidate of the name's own length: SOTP is STOP swapped,
     * more likely than STP with a letter added. */
    if (n->best_dist < 0 || d < n->best_dist ||
        (d == n->best_dist && diff < absdiff(n->best_len, n->len))) {
        n->best = cand;
        n->best_len = lc;
        n->best_dist = d;
    }
}

const char *ssem_near_among(const char *name, const char *const *cands, bool fold)
{
    ssem_near n;
    ssem_near_init(&n, name, strnlen(name, SSEM_NEAR_MAX_LEN + 1), fold);
    for (; *cands; cands++)
        ssem_near_try(&n, *cands, strnlen(*cands, SSEM_NEAR_MAX_LEN + 1), NULL, 0);
    return n.best;
}
