/* emu_predecode.c: loading and checking the predecoded store the caching engines share. */
#include "emu_predecode.h"

#include <stdio.h>
#include <string.h>

void emu_pd_load(emu_pd *p, const emu_machine *t, const void *const *tab, unsigned stride)
{
    memset(p, 0, sizeof *p);
    p->m = *t;
    p->tab = tab;
    p->stride = stride;
    for (unsigned f = 0; f < SSEM_NFUNC; f++)
        p->brk_row[f] = tab[EMU_PD_BREAK];
    emu_pd_set_breaks(p, 0);
}

/* The token the table gives line i for word w, whatever rows[] says: what
 * interp checks the cache against. */
static uintptr_t table_token(const emu_pd *p, unsigned i, uint32_t w)
{
    unsigned k = p->breaks >> i & 1 ? EMU_PD_BREAK : ssem_word_func(w);
    return (uintptr_t)p->tab[i * p->stride + k];
}

/* What a token stands for, to say what a stale line held. */
static const char *token_name(const emu_pd *p, uintptr_t h, char *buf, size_t size)
{
    for (unsigned i = 0; i < SSEM_WORDS; i++)
        for (unsigned k = 0; k < EMU_PD_STRIDE; k++)
            if ((uintptr_t)p->tab[i * p->stride + k] == h) {
                const char *what = k == EMU_PD_BREAK ? "a break" : ssem_ops[k].mnemonic;
                if (p->stride)
                    snprintf(buf, size, "line %u's %s", i, what);
                else
                    snprintf(buf, size, "%s", what);
                return buf;
            }
    return "?";
}

bool emu_pd_interp(const void *ctx, emu_machine *t, char *why, size_t whylen)
{
    const emu_pd *p = ctx;
    *t = p->m;
    for (unsigned i = 0; i < SSEM_WORDS; i++) {
        const void *const *row = p->breaks >> i & 1 ? p->brk_row : p->tab + i * p->stride;
        if (p->rows[i] != row) {
            if (why && whylen)
                snprintf(why, whylen, "line %u looks its tokens up in the wrong row", i);
            return false;
        }
    }
    for (unsigned i = 0; i < SSEM_WORDS; i++) {
        uint32_t w = p->m.store[i];
        uintptr_t want = table_token(p, i, w);
        if (p->code[i].h == want && p->code[i].n == ssem_word_operand(w))
            continue;
        if (why && whylen) {
            char got[48], exp[48];
            snprintf(why, whylen,
                     "stale cache at line %u: cached %s %u, line %u wants %s %u (word %#x)", i,
                     token_name(p, p->code[i].h, got, sizeof got), (unsigned)p->code[i].n, i,
                     token_name(p, want, exp, sizeof exp), ssem_word_operand(w), (unsigned)w);
        }
        return false;
    }
    return true;
}

void emu_pd_counters(const void *ctx, emu_counters *c)
{
    const emu_pd *p = ctx;
    memset(c, 0, sizeof *c);
    c->redecodes = p->redecodes;
}

void emu_pd_set_breaks(void *ctx, uint32_t lines)
{
    emu_pd *p = ctx;
    p->breaks = lines;
    for (unsigned i = 0; i < SSEM_WORDS; i++) {
        p->rows[i] = lines >> i & 1 ? p->brk_row : p->tab + i * p->stride;
        emu_pd_decode(p, i);
    }
}
