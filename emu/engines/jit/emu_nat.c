/* emu_nat.c: the shared runtime of the whole-store code generators: stubs and handler bodies, the run loop, retranslation after self-modification, interp. */
#if defined(__x86_64__) && defined(__linux__)

#include "emu_nat.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "ssem_isa.h"

/* Code rewritten at an address valgrind already translated must be
 * announced (a memfd mapping escapes its self-modifying-code check). */
#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#define NAT_DISCARD(p, n) VALGRIND_DISCARD_TRANSLATIONS((p), (n))
#endif
#endif
#ifndef NAT_DISCARD
#define NAT_DISCARD(p, n) ((void)(p), (void)(n))
#endif

#define R_CTX NAT_R_CTX
#define R_A NAT_R_A
#define R_CI NAT_R_CI
#define R_LEFT NAT_R_LEFT

enum { NAT_MAX_CHARGE = SSEM_WORDS };

static x64_mem_op word_at_rax(void) { return x64_memx(R_CTX, X64_RAX, 4, 0); }

void nat_leave(nat_ctx *c, x64_code *x, enum nat_reason r)
{
    x64_mov_r32_imm(x, X64_RAX, r);
    x64_jmp_rel32(x, (long)c->exit_off);
}

void nat_charge(nat_ctx *c, x64_code *x, unsigned k)
{
    x64_sub_r64_imm(x, R_LEFT, (int32_t)k);
    x64_jcc_rel32(x, X64_CC_B, (long)c->budget_off[k]);
}

void nat_dispatch(nat_ctx *c, x64_code *x)
{
    x64_jmp_rel32(x, (long)c->dispatch_off);
}

enum nat_body nat_body_of(unsigned f)
{
    switch (f & 7) {
#define NAT_X_BODY(id, fc, sem, opnd, al, mm) case fc: return NAT_B_##sem;
        SSEM_ISA(NAT_X_BODY)
#undef NAT_X_BODY
    }
    return NAT_B_STP;
}

long nat_copy_body(nat_ctx *c, x64_code *x, enum nat_body b)
{
    size_t at = x64_offset(x);
    for (size_t i = 0; i < c->body_len[b]; i++)
        x64_byte(x, c->buf.rw[c->body_off[b] + i]);
    return b == NAT_B_STO && !x->overflow ? (long)(at + c->sto_out) : -1;
}

void nat_assume(nat_ctx *c, unsigned head, unsigned w)
{
    c->depmask[head] |= 1u << w;
    c->deps[w] |= 1u << head;
    c->assumed[w] = c->m.store[w];
}

/* The body of each handler, then ret (STP leaves instead). */
static void emit_body(nat_ctx *c, x64_code *x, enum nat_body b, size_t stored_call)
{
    size_t start = x64_offset(x);
    c->body_off[b] = start;
    switch (b) {
    case NAT_B_JMP: x64_mov_r32_m32(x, R_CI, word_at_rax()); break;
    case NAT_B_JRP: x64_add_r32_m32(x, R_CI, word_at_rax()); break;
    case NAT_B_LDN:
        x64_mov_r32_m32(x, R_A, word_at_rax());
        x64_neg_r32(x, R_A);
        break;
    case NAT_B_SUB: x64_sub_r32_m32(x, R_A, word_at_rax()); break;
    case NAT_B_CMP:
        x64_mov_r32_r32(x, X64_RCX, R_A);
        x64_shr_r32_imm(x, X64_RCX, 31);
        x64_add_r32_r32(x, R_CI, X64_RCX);
        break;
    case NAT_B_STO: {
        /* Leave only when the value changed and some code assumed it. */
        x64_mov_r32_m32(x, X64_RCX, word_at_rax());
        x64_mov_m32_r32(x, word_at_rax(), R_A);
        x64_cmp_r32_r32(x, X64_RCX, R_A);
        long same = x64_jcc_rel32(x, X64_CC_E, X64_UNBOUND);
        x64_mov_r32_m32(x, X64_RCX, x64_memx(R_CTX, X64_RAX, 4, NAT_OFF(deps)));
        x64_test_r32_r32(x, X64_RCX, X64_RCX);
        long out = x64_jcc_rel32(x, X64_CC_NE, (long)stored_call);
        c->sto_out = (size_t)out - start;
        x64_patch_rel32(x, same, (long)x64_offset(x));
        break;
    }
    case NAT_B_STP:
        x64_add_r64_imm(x, X64_RSP, 8);   /* called: drop the return address */
        nat_leave(c, x, NAT_R_HALT);
        c->body_len[b] = 0;               /* never copied */
        return;
    case NAT_NBODIES: break;
    }
    c->body_len[b] = x64_offset(x) - start;
    x64_ret(x);
}

static bool emit_stubs(nat_ctx *c)
{
    x64_code x;
    x64_init(&x, c->buf.rw, c->buf.size);
    static const x64_reg saved[] = { X64_RBX, X64_R12, X64_R13, X64_R14 };

    /* enter(ctx, target), from C: rdi, rsi. */
    size_t enter = x64_offset(&x);
    for (unsigned i = 0; i < 4; i++)
        x64_push_r64(&x, saved[i]);
    x64_mov_r64_r64(&x, R_CTX, X64_RDI);
    x64_mov_r32_m32(&x, R_A, nat_at(NAT_OFF(m.a)));
    x64_mov_r32_m32(&x, R_CI, nat_at(NAT_OFF(m.ci)));
    x64_mov_r64_m64(&x, R_LEFT, nat_at(NAT_OFF(left)));
    x64_jmp_r64(&x, X64_RSI);

    /* exit: eax the reason, edx its argument. */
    c->exit_off = x64_offset(&x);
    x64_mov_m32_r32(&x, nat_at(NAT_OFF(m.a)), R_A);
    x64_mov_m32_r32(&x, nat_at(NAT_OFF(m.ci)), R_CI);
    x64_mov_m64_r64(&x, nat_at(NAT_OFF(left)), R_LEFT);
    x64_mov_m32_r32(&x, nat_at(NAT_OFF(reason)), X64_RAX);
    x64_mov_m32_r32(&x, nat_at(NAT_OFF(arg)), X64_RDX);
    for (unsigned i = 4; i-- > 0;)
        x64_pop_r64(&x, saved[i]);
    x64_ret(&x);

    for (unsigned k = 1; k <= NAT_MAX_CHARGE; k++) {
        c->budget_off[k] = x64_offset(&x);
        x64_add_r64_imm(&x, R_LEFT, (int32_t)k);
        nat_leave(c, &x, NAT_R_BUDGET);
    }

    /* A STO changed an assumed word (line in eax); from a call, the
     * return address goes first. */
    c->stored_off = x64_offset(&x);
    x64_mov_r32_r32(&x, X64_RDX, X64_RAX);
    nat_leave(c, &x, NAT_R_STORED);
    size_t stored_call = c->stored_call_off = x64_offset(&x);
    x64_add_r64_imm(&x, X64_RSP, 8);
    x64_jmp_rel32(&x, (long)c->stored_off);

    /* dispatch: continue at line (CI + 1) & 31 */
    c->dispatch_off = x64_offset(&x);
    x64_mov_r32_r32(&x, X64_RAX, R_CI);
    x64_add_r32_imm(&x, X64_RAX, 1);
    x64_and_r32_imm(&x, X64_RAX, 31);
    x64_jmp_m64(&x, x64_memx(R_CTX, X64_RAX, 8, NAT_OFF(heads)));

    for (unsigned b = 0; b < NAT_NBODIES; b++)
        emit_body(c, &x, (enum nat_body)b, stored_call);

    /* gen (called): run the word at line CI & 31 (CI already counted),
     * decoded now; its body returns to our caller. */
    c->gen_off = x64_offset(&x);
    x64_mov_r32_r32(&x, X64_RAX, R_CI);
    x64_and_r32_imm(&x, X64_RAX, 31);
    x64_mov_r32_m32(&x, X64_RAX, word_at_rax());
    x64_mov_r32_r32(&x, X64_RCX, X64_RAX);
    x64_shr_r32_imm(&x, X64_RCX, 13);
    x64_and_r32_imm(&x, X64_RCX, 7);
    x64_and_r32_imm(&x, X64_RAX, 31);
    x64_jmp_m64(&x, x64_memx(R_CTX, X64_RCX, 8, NAT_OFF(gen_table)));

    if (x.overflow)
        return false;
    for (unsigned f = 0; f < 8; f++)
        c->gen_table[f] = c->buf.rx + c->body_off[nat_body_of(f)];
    c->enter = c->buf.rx + enter;
    c->buf.used = c->stubs_end = x64_offset(&x);
    return true;
}

void nat_load(nat_ctx *c, const emu_machine *t, nat_translate_fn translate)
{
    memset(c, 0, sizeof *c);
    c->m = *t;
    c->translate = translate;
    if (jit_buf_open(&c->buf, NAT_BUF_SIZE) != 0)
        return;   /* no code buffer: interpret everything, exactly */
    if (!emit_stubs(c) || jit_buf_executable(&c->buf) != 0) {
        jit_buf_close(&c->buf);
        return;
    }
    c->native = true;
}

void nat_fini(void *ctx)
{
    nat_ctx *c = ctx;
    jit_buf_close(&c->buf);
}

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void forget(nat_ctx *c)
{
    memset(c->deps, 0, sizeof c->deps);
    memset(c->depmask, 0, sizeof c->depmask);
    c->valid = false;
}

/* Everything again from the current store: after load, or after a STO
 * changed an assumed word. The old code stays in the buffer (nothing
 * reaches it) until the buffer is full and is reset to the stubs. */
static bool retranslate(nat_ctx *c)
{
    uint64_t t0 = now_ns();
    if (jit_buf_writable(&c->buf) != 0)
        return false;
    size_t head_off[SSEM_WORDS];
    bool ok = false;
    for (int attempt = 0; attempt < 2 && !ok; attempt++) {
        if (attempt) {
            NAT_DISCARD(c->buf.rx + c->stubs_end, c->buf.used - c->stubs_end);
            c->buf.used = c->stubs_end;
        }
        forget(c);
        x64_code x;
        x64_init(&x, c->buf.rw, c->buf.size);
        x.p = c->buf.rw + c->buf.used;
        ok = c->translate(c, &x, head_off) && !x.overflow;
        if (ok)
            c->buf.used = x64_offset(&x);
    }
    if (jit_buf_executable(&c->buf) != 0 || !ok) {
        forget(c);
        return false;
    }
    for (unsigned l = 0; l < SSEM_WORDS; l++)
        c->heads[l] = c->buf.rx + head_off[l];
    c->valid = true;
    c->translations++;
    c->translate_ns += now_ns() - t0;
    return true;
}

/* S[w] may have changed: code that assumed it is stale. */
static void stored(nat_ctx *c, unsigned w)
{
    if (!c->deps[w] || c->m.store[w] == c->assumed[w])
        return;
    c->invalidations++;
    if (++c->writes[w] >= NAT_HOT_WRITES)
        c->generic |= 1u << w;
    forget(c);
}

/* The reference semantics, for the last steps of a budget (fewer than a
 * block charges) and when there is no code buffer. */
static void interpret(nat_ctx *c, uint64_t n)
{
    for (uint64_t i = 0; i < n && emu_step(&c->m); i++)
        ;
    for (unsigned w = 0; w < SSEM_WORDS; w++)
        stored(c, w);
}

void nat_run(void *ctx, uint64_t max_steps)
{
    nat_ctx *c = ctx;
    if (c->m.halted)
        return;
    if (!c->native) {
        interpret(c, max_steps);
        return;
    }
    void (*enter)(nat_ctx *, const void *) = (void (*)(nat_ctx *, const void *))c->enter;
    c->left = max_steps;
    while (c->left && !c->m.halted) {
        if (!c->valid && !retranslate(c)) {
            interpret(c, c->left);
            break;
        }
        uint64_t before = c->left;
        enter(c, c->heads[(c->m.ci + 1) & 31]);
        c->m.steps += before - c->left;
        switch (c->reason) {
        case NAT_R_BUDGET:
            interpret(c, c->left);   /* fewer than the block charges */
            c->left = 0;
            break;
        case NAT_R_HALT: c->m.halted = true; break;
        case NAT_R_STORED: stored(c, c->arg & 31); break;
        }
    }
    c->left = 0;
}

/* interp(V): m is kept exact; what can go stale is the code's view of the
 * store, so every assumption it rests on is checked. */
bool nat_interp(const void *ctx, emu_machine *t, char *why, size_t whylen)
{
    const nat_ctx *c = ctx;
    *t = c->m;
    for (unsigned w = 0; w < SSEM_WORDS; w++) {
        if (c->deps[w] && c->assumed[w] != c->m.store[w]) {
            snprintf(why, whylen, "stale code at line %u: it assumed S[%u] = %u, the store holds %u",
                     (unsigned)__builtin_ctz(c->deps[w]), w, c->assumed[w], c->m.store[w]);
            return false;
        }
        if (c->deps[w] && (c->generic >> w & 1)) {
            snprintf(why, whylen, "word %u is generic but code assumed it", w);
            return false;
        }
        for (uint32_t h = c->deps[w]; h; h &= h - 1)
            if (!(c->depmask[__builtin_ctz(h)] >> w & 1)) {
                snprintf(why, whylen, "word %u lists head %u, whose code does not assume it", w,
                         (unsigned)__builtin_ctz(h));
                return false;
            }
    }
    for (unsigned l = 0; l < SSEM_WORDS; l++) {
        if (c->valid && !c->heads[l]) {
            snprintf(why, whylen, "no code for head %u", l);
            return false;
        }
        if (c->valid && !(c->generic >> l & 1) && !(c->depmask[l] >> l & 1)) {
            snprintf(why, whylen, "the code for head %u does not assume its own word", l);
            return false;
        }
    }
    return true;
}

void nat_counters(const void *ctx, emu_counters *k)
{
    const nat_ctx *c = ctx;
    k->translations = c->translations;
    k->invalidations = c->invalidations;
    k->translate_ns = c->translate_ns;
}

#else
typedef int emu_nat_unused;
#endif
