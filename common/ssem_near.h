/* ssem_near.h: the nearest of some names to a misspelt one, by edit distance, for "did you mean" hints. */
#ifndef SSEM_NEAR_H
#define SSEM_NEAR_H

#include <stdbool.h>
#include <stddef.h>

/* Names longer than this are no typo of anything worth suggesting; it also
 * keeps one comparison's table on the stack. */
enum { SSEM_NEAR_MAX_LEN = 64 };

typedef struct ssem_near {
    const char *name;
    size_t len;
    bool fold;                 /* compare without case */
    int limit;                 /* the largest distance still worth a guess */
    const char *best;          /* NULL until a candidate is near enough */
    size_t best_len;
    int best_dist;
} ssem_near;

/* Starts a search for the candidate nearest to name (len bytes). */
void ssem_near_init(ssem_near *n, const char *name, size_t len, bool fold);

/* Weighs one candidate (len bytes). With spent non-NULL, the comparison's
 * table cells are added to *spent, and it is skipped if that would pass
 * budget. */
void ssem_near_try(ssem_near *n, const char *cand, size_t len, long *spent, long budget);

/* The nearest of a NULL-terminated list to name, or NULL. */
const char *ssem_near_among(const char *name, const char *const *cands, bool fold);

#endif
