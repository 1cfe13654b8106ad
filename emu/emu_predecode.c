/* emu_predecode.c: loading and checking the predecoded store the caching engines share. */
#include "emu_predecode.h"

#include <stdio.h>
#include <string.h>

void emu_pd_load(emu_pd *p, const emu_machine *t, const uintptr_t tok[SSEM_NFUNC])
{
    memset(p, 0, sizeof *p);
    memcpy(p->tok, tok, sizeof p->tok);
    memcpy(p->store, t->store, sizeof p->store);
    p->a = t->a;
    p->ci = t->ci;
    p->steps = t->steps;
    p->halted = t->halted;
    for (unsigned i = 0; i < SSEM_WORDS; i++)
        emu_pd_decode(p, i);
}

bool emu_pd_interp(const void *ctx, emu_machine *t, char *why, size_t whylen)
{
    const emu_pd *p = ctx;
    emu_machine_set(t, p->store, p->a, p->ci, p->steps, p->halted);
    for (unsigned i = 0; i < SSEM_WORDS; i++) {
        uint32_t w = p->store[i];
        if (p->code[i].h != p->tok[ssem_word_func(w)] || p->code[i].n != ssem_word_operand(w)) {
            if (why && whylen) {
                int f = -1;
                for (int k = 0; k < SSEM_NFUNC; k++)
                    if (p->tok[k] == p->code[i].h)
                        f = k;
                snprintf(why, whylen,
                         "stale cache at line %u: cached %s %u, store holds %s %u (word %#x)", i,
                         f < 0 ? "?" : ssem_ops[f].mnemonic, (unsigned)p->code[i].n,
                         ssem_ops[ssem_word_func(w)].mnemonic, ssem_word_operand(w), (unsigned)w);
            }
            return false;
        }
    }
    return true;
}

void emu_pd_counters(const void *ctx, emu_counters *c)
{
    const emu_pd *p = ctx;
    memset(c, 0, sizeof *c);
    c->redecodes = p->redecodes;
}
