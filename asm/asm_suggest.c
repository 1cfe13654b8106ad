/* asm_suggest.c: "did you mean" for unknown mnemonics and undefined symbols: the candidates, and the work bound. */
#include "asm_internal.h"

#include <string.h>

#include "ssem_isa.h"
#include "ssem_near.h"

/* Table cells one run may spend: 100,000 symbols with an error against each
 * would otherwise take minutes. Past it, no more guesses. */
enum { NEAR_BUDGET = 16 * 1000 * 1000 };

static void try_name(asm_ctx *c, ssem_near *n, const char *cand, size_t len)
{
    ssem_near_try(n, cand, len, &c->suggest_spent, NEAR_BUDGET);
}

static size_t len_of(const char *s)
{
    return strnlen(s, SSEM_NEAR_MAX_LEN + 1);
}

/* A diagnostic nobody sees gets no search. */
static bool worth_it(const asm_ctx *c)
{
    return c->shown < ASM_MAX_SHOWN;
}

static const char *result(asm_ctx *c, const ssem_near *n)
{
    return n->best ? asm_strndup(&c->arena, n->best, n->best_len) : NULL;
}

typedef struct search {
    asm_ctx *c;
    ssem_near *n;
} search;

static bool try_spelling(void *arg, const char *name, size_t len)
{
    search *s = arg;
    try_name(s->c, s->n, name, len);
    return false;
}

const char *asm_suggest_mnemonic(asm_ctx *c, const char *name)
{
    if (!worth_it(c))
        return NULL;
    ssem_near n;
    ssem_near_init(&n, name, len_of(name), true);
    search s = { c, &n };
    ssem_op_each_name(try_spelling, &s);
    for (size_t i = 0; i < c->macros.len; i++) {
        const char *m = ASM_VEC_AT(&c->macros, asm_macro_def, i)->name;
        try_name(c, &n, m, len_of(m));
    }
    return result(c, &n);
}

const char *asm_suggest_symbol(asm_ctx *c, const char *name)
{
    if (!worth_it(c))
        return NULL;
    ssem_near n;
    ssem_near_init(&n, name, len_of(name), false);
    for (size_t i = 0; i < c->syms.len; i++) {
        const char *s = ASM_VEC_AT(&c->syms, asm_sym, i)->name;
        /* A macro's local label (loop@3) is not a name anyone writes. */
        if (!strchr(s, '@'))
            try_name(c, &n, s, len_of(s));
    }
    return result(c, &n);
}
