/* emu_engine_jit.c: the `jit` engine: runs translated traces, keeps them valid under self-modification, and interprets exactly where native code cannot. */
#if defined(__x86_64__) && defined(__linux__)

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "emu.h"
#include "emu_jit.h"
#include "emu_semantics.h"

/* Under valgrind, code rewritten at an address it already translated must
 * be announced: a memfd mapping is file-backed, which valgrind's default
 * self-modifying-code check skips. Outside valgrind this is a no-op. */
#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#define JIT_DISCARD(p, n) VALGRIND_DISCARD_TRANSLATIONS((p), (n))
#endif
#endif
#ifndef JIT_DISCARD
#define JIT_DISCARD(p, n) ((void)(p), (void)(n))
#endif

/*
 * The run loop enters native code at heads[(CI+1) & 31] and gets control
 * back only for the reasons of enum jit_reason. Everything that changes
 * the code buffer or the dependency sets happens here, between entries,
 * never while translated code runs. What the translations do not cover is
 * run by the shared semantics (emu_semantics.h):
 *   - the last few steps of a budget, fewer than the next trace holds
 *     (so a run stops after exactly max_steps, and `interp` is exact);
 *   - everything, when no code buffer could be mapped.
 */

static unsigned lowest(uint32_t m) { return (unsigned)__builtin_ctz(m); }

/* Throw away the translation for head line L. Its code stays in the
 * buffer until the next flush; nothing jumps to it any more, since only
 * heads[L] and the trace itself (its loop-back) know its address. */
static void drop(jit_ctx *c, unsigned head)
{
    uint32_t bit = 1u << head;
    if (!(c->live & bit))
        return;
    c->live &= ~bit;
    for (uint32_t m = c->depmask[head]; m; m &= m - 1) {
        unsigned w = lowest(m);
        c->deps[w] &= ~bit;
        if (!c->deps[w])
            c->watch[w] = 0;
    }
    c->depmask[head] = 0;
    c->guard_misses[head] = 0;
    c->heads[head] = (c->generic >> head & 1) ? c->stub_generic : c->stub_miss;
    c->invalidations++;
}

static void flush(jit_ctx *c)
{
    while (c->live)
        drop(c, lowest(c->live));
    JIT_DISCARD(c->buf.rx + c->stubs_end, c->buf.used - c->stubs_end);
    c->buf.used = c->stubs_end;
}

/* S[w] was just written (by native code or the interpreter). If some
 * translation assumed another value, drop exactly those; a word that keeps
 * changing stops being assumed at all (QEMU's threshold idea): it runs
 * through the generic stub, and jumps through it become indirect. */
static void stored(jit_ctx *c, unsigned w)
{
    if (!c->watch[w] || c->m.store[w] == c->assumed[w])
        return;
    for (uint32_t m = c->deps[w]; m; m &= m - 1)
        drop(c, lowest(m));
    if (++c->writes[w] >= JIT_HOT_WRITES && !(c->generic >> w & 1)) {
        c->generic |= 1u << w;
        c->gen_last[w] = c->m.store[w];
        if (!(c->live >> w & 1))
            c->heads[w] = c->stub_generic;
    }
}

/* A dynamic slot at `line` in the trace for `head` met a function other
 * than the one it was translated for. A trace that keeps missing is dropped
 * and, at its next miss, translated from the generic stub's latest word
 * there; a line that keeps defeating its slots gets none any more, so
 * this cannot go on forever either. */
static void guard_missed(jit_ctx *c, unsigned head, unsigned line)
{
    if (!(c->live >> head & 1) || ++c->guard_misses[head] < JIT_GUARD_MISSES)
        return;
    drop(c, head);
    if (++c->guard_drops[line] >= JIT_GUARD_DROPS)
        c->unstable |= 1u << line;
}

#include "ssem_clock.h"
#define now_ns ssem_now_ns   /* the tree's one monotonic clock */

static const void *translate(jit_ctx *c, unsigned head)
{
    uint64_t t0 = now_ns();
    if (jit_buf_writable(&c->buf) != 0) {
        c->native = false;
        return NULL;
    }
    const void *entry = jit_translate(c, head);
    if (!entry) {
        flush(c);
        entry = jit_translate(c, head);
    }
    if (jit_buf_executable(&c->buf) != 0) {
        c->native = false;
        return NULL;
    }
    if (entry) {
        uint32_t bit = 1u << head;
        for (uint32_t m = c->depmask[head]; m; m &= m - 1) {
            unsigned w = lowest(m);
            if (!c->watch[w]) {
                c->watch[w] = 1;
                c->assumed[w] = c->m.store[w];
            }
            c->deps[w] |= bit;
        }
        c->live |= bit;
        c->heads[head] = entry;
        c->translations++;
    }
    c->translate_ns += now_ns() - t0;
    return entry;
}

/* At most n steps of the reference semantics on the context, charged to
 * c->left like native steps. */
static void interpret(jit_ctx *c, uint64_t n)
{
    while (n-- && !c->m.halted) {
        c->left--;
        c->m.ci++;
        uint32_t w = c->m.store[ssem_line_of(c->m.ci)];
        unsigned op = ssem_word_operand(w);
#define SEM_A c->m.a
#define SEM_CI c->m.ci
#define SEM_S c->m.store
#define SEM_STORED(k) stored(c, (k))
#define SEM_HALT() (c->m.halted = true)
#define VMCASE(id) case SSEM_##id:
#define VMBREAK break
#define VMOPERAND op
        switch (ssem_word_func(w)) {
            EMU_SEM_HANDLERS
        }
#include "emu_semantics_end.h"
    }
}

typedef void (*jit_enter_fn)(jit_ctx *ctx, const void *target);

static void jit_run(void *ctx, uint64_t max_steps)
{
    jit_ctx *c = ctx;
    if (c->m.halted || !max_steps)
        return;
    c->left = max_steps;
    jit_enter_fn enter;
    memcpy(&enter, &c->enter, sizeof enter);   /* object to function pointer, without a cast */
    while (c->left && !c->m.halted) {
        if (!c->native) {
            interpret(c, c->left);
            break;
        }
        unsigned line = ssem_line_of(c->m.ci + 1);
        const void *target = c->heads[line];
        if (target == c->stub_miss && !(target = translate(c, line))) {
            interpret(c, 1);
            continue;
        }
        enter(c, target);
        switch (c->reason) {
        case JIT_R_MISS:
            break;
        case JIT_R_BUDGET:
            interpret(c, c->left);   /* fewer than the trace holds: at most 31 */
            break;
        case JIT_R_HALT:
            c->m.halted = true;
            break;
        case JIT_R_STORED:
            stored(c, c->arg);
            break;
        case JIT_R_GUARD:
            guard_missed(c, c->arg & 0xFF, c->arg >> 8);
            break;
        }
    }
    c->m.steps += max_steps - c->left;
}

static void jit_load(void *ctx, const emu_machine *t)
{
    jit_ctx *c = ctx;
    memset(c, 0, sizeof *c);
    c->m = *t;
    if (jit_buf_open(&c->buf, JIT_BUF_SIZE) != 0)
        return;   /* no code buffer: interpret everything, exactly */
    if (!jit_emit_stubs(c) || jit_buf_executable(&c->buf) != 0) {
        jit_buf_close(&c->buf);
        return;
    }
    c->native = true;
    for (unsigned l = 0; l < SSEM_WORDS; l++)
        c->heads[l] = c->stub_miss;
}

static void jit_fini(void *ctx)
{
    jit_ctx *c = ctx;
    jit_buf_close(&c->buf);
}

/* interp(V): the machine state is kept as it is; what can go stale is the
 * translations' view of it, so check every assumption they rest on. */
static bool jit_interp(const void *ctx, emu_machine *t, char *why, size_t whylen)
{
    const jit_ctx *c = ctx;
    *t = c->m;
    for (unsigned w = 0; w < SSEM_WORDS; w++) {
        if ((c->watch[w] != 0) != (c->deps[w] != 0)) {
            snprintf(why, whylen, "jit: word %u is %swatched but %s translation assumed it", w,
                     c->watch[w] ? "" : "not ", c->deps[w] ? "a" : "no");
            return false;
        }
        if (c->watch[w] && c->assumed[w] != c->m.store[w]) {
            snprintf(why, whylen,
                     "jit: stale translation at line %u: it assumed S[%u] = %u, the store holds %u",
                     lowest(c->deps[w]), w, c->assumed[w], c->m.store[w]);
            return false;
        }
        for (uint32_t m = c->deps[w]; m; m &= m - 1)
            if (!(c->depmask[lowest(m)] >> w & 1) || !(c->live >> lowest(m) & 1)) {
                snprintf(why, whylen, "jit: word %u lists line %u, whose translation does not assume it",
                         w, lowest(m));
                return false;
            }
    }
    if (!c->native)
        return true;
    for (unsigned l = 0; l < SSEM_WORDS; l++) {
        bool live = c->live >> l & 1;
        const void *idle = (c->generic >> l & 1) ? c->stub_generic : c->stub_miss;
        if (live ? (c->heads[l] == c->stub_miss || c->heads[l] == c->stub_generic)
                 : c->heads[l] != idle) {
            snprintf(why, whylen, "jit: heads[%u] does not match line %u's state (%s, %s)", l, l,
                     live ? "translated" : "untranslated", (c->generic >> l & 1) ? "generic" : "not generic");
            return false;
        }
        if (live && !(c->depmask[l] >> l & 1)) {
            snprintf(why, whylen, "jit: the translation at line %u does not depend on its own word", l);
            return false;
        }
    }
    return true;
}

static void jit_counters(const void *ctx, emu_counters *k)
{
    const jit_ctx *c = ctx;
    k->translations = c->translations;
    k->invalidations = c->invalidations;
    k->translate_ns = c->translate_ns;
}

const emu_engine emu_engine_jit = {
    .name = "jit",
    .summary = "binary translation: traces of store lines as x86-64 code, direct jumps through known words",
    .kind = EMU_KIND_TRANSLATOR,
    .ctx_size = sizeof(jit_ctx),
    .load = jit_load,
    .run = jit_run,
    .interp = jit_interp,
    .counters = jit_counters,
    .fini = jit_fini,
};
EMU_ENGINE(emu_engine_jit);

#else
/* Not x86-64 Linux: no jit; the other engines do not notice. */
typedef int emu_engine_jit_unused;
#endif
