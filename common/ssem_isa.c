/* ssem_isa.c: the instruction table and mnemonic lookup, expanded from SSEM_ISA. */
#include "ssem_isa.h"

#include <ctype.h>
#include <string.h>

const ssem_op_info ssem_ops[SSEM_NFUNC] = {
#define SSEM_X_INFO(id, f, s, opnd, al, m) \
    [f] = { #id, SSEM_##id, SSEM_##s, SSEM_OPND_##opnd, al, m },
    SSEM_ISA(SSEM_X_INFO)
#undef SSEM_X_INFO
};

static int word_eq(const char *a, size_t alen, const char *b, size_t blen)
{
    if (alen != blen)
        return 0;
    for (size_t i = 0; i < alen; i++)
        if (toupper((unsigned char)a[i]) != toupper((unsigned char)b[i]))
            return 0;
    return 1;
}

int ssem_op_each_name(bool (*fn)(void *arg, const char *name, size_t len), void *arg)
{
    for (int f = 0; f < SSEM_NFUNC; f++) {
        const ssem_op_info *op = &ssem_ops[f];
        if (fn(arg, op->mnemonic, strlen(op->mnemonic)))
            return f;
        for (const char *p = op->aliases; *p;) {
            size_t n = strcspn(p, " ");
            if (fn(arg, p, n))
                return f;
            p += n;
            p += strspn(p, " ");
        }
    }
    return -1;
}

typedef struct wanted {
    const char *name;
    size_t len;
} wanted;

static bool is_wanted(void *arg, const char *name, size_t len)
{
    const wanted *w = arg;
    return word_eq(w->name, w->len, name, len);
}

int ssem_op_lookup(const char *name, size_t len)
{
    wanted w = { name, len };
    return ssem_op_each_name(is_wanted, &w);
}
