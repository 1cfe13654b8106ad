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
 * What a caching engine keeps per store line beside the T-state: its own
 * token for the line's handler (a label address, a function pointer or a
 * plain function code) and the operand line.
 *
 * The tokens come from the engine's table: entry [L * stride + f] is the
 * handler of function f on line L (stride 0 when every line shares one
 * handler per function, EMU_PD_STRIDE when each line has its own copies),
 * and entry [EMU_PD_BREAK] the handler that stops a run before the line
 * executes (emu_engine.set_breaks; one handler serves every line). Since the
 * token a word must have is a function of the word, its line and the break
 * mask, checking the cache against the store needs nothing engine-specific:
 * emu_pd_interp.
 *
 * rows[L] is where a STO on line L looks its new token up: line L's row of
 * the table, or, while L holds a break, a row that is the break handler for
 * every function. So a STO costs one load more than a fixed table, and no
 * test of the break mask.
 */
enum { EMU_PD_BREAK = SSEM_NFUNC, EMU_PD_STRIDE = SSEM_NFUNC + 1 };

typedef struct emu_pd_line {
    uintptr_t h;   /* the token for store[i] on line i */
    uint32_t n;    /* ssem_word_operand(store[i]) */
} emu_pd_line;

typedef struct emu_pd {
    emu_machine m;                  /* the T-state, held once */
    emu_pd_line code[SSEM_WORDS];
    const void *const *rows[SSEM_WORDS];   /* see above */
    uint64_t redecodes;
    uint32_t breaks;                /* bit L: line L holds a break */
    unsigned stride;
    const void *const *tab;         /* the engine's tokens, see above */
    const void *brk_row[SSEM_NFUNC];
} emu_pd;

/* M(a, b, L) for every store line L: engines that replicate handlers per
 * line expand their handlers and tables with it. */
#define EMU_PD_LINES(M, a, b)                                                          \
    M(a, b, 0) M(a, b, 1) M(a, b, 2) M(a, b, 3) M(a, b, 4) M(a, b, 5) M(a, b, 6)       \
    M(a, b, 7) M(a, b, 8) M(a, b, 9) M(a, b, 10) M(a, b, 11) M(a, b, 12) M(a, b, 13)   \
    M(a, b, 14) M(a, b, 15) M(a, b, 16) M(a, b, 17) M(a, b, 18) M(a, b, 19)            \
    M(a, b, 20) M(a, b, 21) M(a, b, 22) M(a, b, 23) M(a, b, 24) M(a, b, 25)            \
    M(a, b, 26) M(a, b, 27) M(a, b, 28) M(a, b, 29) M(a, b, 30) M(a, b, 31)

/* The token line i must hold when it holds word w. */
static inline uintptr_t emu_pd_token(const emu_pd *p, unsigned i, uint32_t w)
{
    return (uintptr_t)p->rows[i][ssem_word_func(w)];
}

/* Re-derive line i's cache entry from word w, which a STO just wrote there
 * (SEM_STORED), or which the store holds; a break on line i survives. */
static inline void emu_pd_decode_word(emu_pd *p, unsigned i, uint32_t w)
{
    p->code[i].h = emu_pd_token(p, i, w);
    p->code[i].n = ssem_word_operand(w);
}

static inline void emu_pd_decode(emu_pd *p, unsigned i)
{
    emu_pd_decode_word(p, i, p->m.store[i]);
}

/* SEM_STORED (emu_semantics.h) of a predecoded engine: line k re-decoded
 * from the word A just wrote, counted in `redecodes`. */
#define EMU_PD_SEM_STORED(p, k, a, redecodes) \
    do {                                      \
        emu_pd_decode_word((p), (k), (a));    \
        (redecodes)++;                        \
    } while (0)

/* Load T-state t with the engine's token table (see above). */
void emu_pd_load(emu_pd *p, const emu_machine *t, const void *const *tab, unsigned stride);
/* The T-state p stands for; false (with why) if a cached line disagrees
 * with the word it was decoded from. Usable directly as emu_engine.interp. */
bool emu_pd_interp(const void *ctx, emu_machine *t, char *why, size_t whylen);
/* emu_engine.counters for an emu_pd context. */
void emu_pd_counters(const void *ctx, emu_counters *c);
/* emu_engine.set_breaks for an emu_pd context whose table has break tokens. */
void emu_pd_set_breaks(void *ctx, uint32_t lines);

#endif
