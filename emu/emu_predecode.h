/* emu_predecode.h: the predecoded store shared by the caching engines: a handler token and operand per line, re-decoded on STO. */
#ifndef EMU_PREDECODE_H
#define EMU_PREDECODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "emu.h"
#include "ssem_isa.h"
#include "ssem_word.h"

/*
 * What a caching engine keeps per store line: its own token for the
 * line's handler (a label address, a function pointer or a plain function
 * code, as uintptr_t) and the operand line. The token for a word is
 * tok[func(word)], so checking the cache against the store needs nothing
 * engine-specific: that is what emu_pd_interp does.
 */
typedef struct emu_pd_line {
    uintptr_t h;   /* tok[ssem_word_func(store[i])] */
    uint32_t n;    /* ssem_word_operand(store[i]) */
} emu_pd_line;

typedef struct emu_pd {
    emu_pd_line code[SSEM_WORDS];   /* first: the hot loop indexes it */
    uint32_t store[SSEM_WORDS];
    uint32_t a, ci;
    uint64_t steps;
    uint64_t redecodes;
    bool halted;
    uintptr_t tok[SSEM_NFUNC];      /* the engine's handler per function code */
} emu_pd;

/* M(a, b, L) for every store line L: engines that replicate handlers per
 * line expand their handlers and tables with it. */
#define EMU_PD_LINES(M, a, b)                                                          \
    M(a, b, 0) M(a, b, 1) M(a, b, 2) M(a, b, 3) M(a, b, 4) M(a, b, 5) M(a, b, 6)       \
    M(a, b, 7) M(a, b, 8) M(a, b, 9) M(a, b, 10) M(a, b, 11) M(a, b, 12) M(a, b, 13)   \
    M(a, b, 14) M(a, b, 15) M(a, b, 16) M(a, b, 17) M(a, b, 18) M(a, b, 19)            \
    M(a, b, 20) M(a, b, 21) M(a, b, 22) M(a, b, 23) M(a, b, 24) M(a, b, 25)            \
    M(a, b, 26) M(a, b, 27) M(a, b, 28) M(a, b, 29) M(a, b, 30) M(a, b, 31)

/* Re-derive line i's cache entry from the word now in store[i]. */
static inline void emu_pd_decode(emu_pd *p, unsigned i)
{
    uint32_t w = p->store[i];
    p->code[i].h = p->tok[ssem_word_func(w)];
    p->code[i].n = ssem_word_operand(w);
}

/* Load T-state t with the engine's tokens (tok[f] for function code f). */
void emu_pd_load(emu_pd *p, const emu_machine *t, const uintptr_t tok[SSEM_NFUNC]);
/* The T-state p stands for; false (with why) if a cached line disagrees
 * with the word it was decoded from. Usable directly as emu_engine.interp. */
bool emu_pd_interp(const void *ctx, emu_machine *t, char *why, size_t whylen);
/* emu_engine.counters for an emu_pd context. */
void emu_pd_counters(const void *ctx, emu_counters *c);

#endif
