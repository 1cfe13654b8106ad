/* test_jit.c: the jit engine: chunked runs against T, exact budgets, invalidation, the generic slot, W^X, fallbacks, the encoder. */
#include <criterion/criterion.h>

#include "emu.h"

#if defined(__x86_64__) && defined(__linux__)

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#include "emu_jit.h"
#include "emu_x64.h"
#include "ssem_isa.h"
#include "test_emu.h"
#include "test_util.h"

/*
 * The engine-generic suites (test_emu_*.c) already run the jit over the
 * corpus, random lockstep, random chunks of up to 64 steps and exact
 * budgets, and test_super.c runs it over fusion-breaking patterns. Here:
 * chunks long enough for whole traces and their loops to run natively,
 * every budget of a real program, the dependency bookkeeping itself, the
 * memory protections, the paths taken when the kernel refuses the
 * preferred ones, and the encoder against the GNU assembler.
 */

static const emu_engine *jit(void)
{
    const emu_engine *e = emu_engine_find("jit");
    cr_assert_not_null(e, "the jit is registered on x86-64 Linux");
    return e;
}

static uint32_t w(unsigned f, unsigned n) { return ssem_word_make(f, n); }

static void expect_like_reference(const uint32_t st[SSEM_WORDS], uint64_t budget, const char *what)
{
    emu_machine t, v;
    emu_machine_init(&t, st);
    emu_machine_init(&v, st);
    emu_run(&emu_engine_reference, &t, budget);
    cr_assert_eq(emu_run(jit(), &v, budget), 0, "%s: interp found the jit inconsistent", what);
    char why[256];
    cr_assert(emu_machine_equal(&v, &t, why, sizeof why), "%s: %s", what, why);
}

Test(jit_chunks, pattern_stores_in_long_chunks)
{
    uint64_t s = 0x1badcafeull;
    int n = temu_san() ? 300 : 3000;
    for (int i = 0; i < n; i++) {
        uint32_t st[SSEM_WORDS];
        temu_pattern_store(&s, st);
        emu_machine m;
        emu_machine_init(&m, st);
        char why[400] = "";
        cr_assert(temu_chunked(jit(), &m, 3000, s, 1 + (unsigned)i % 200, why, sizeof why),
                  "pattern store #%d: %s", i, why);
    }
}

Test(jit_chunks, random_machines_in_long_chunks)
{
    temu_rng r = { 0xabcdef12345ull };
    int n = temu_san() ? 300 : 3000;
    for (int i = 0; i < n; i++) {
        emu_machine m;
        temu_random_machine(&r, &m);
        char why[400] = "";
        cr_assert(temu_chunked(jit(), &m, 4000, (uint64_t)i * 7919, 300, why, sizeof why),
                  "random machine #%d: %s", i, why);
    }
}

/* Every budget from 0 up: the run must stop after exactly that many
 * steps, wherever in a trace or a native loop that falls. */
static void every_budget(const uint32_t st[SSEM_WORDS], uint64_t upto, const char *what)
{
    emu_machine t;
    emu_machine_init(&t, st);
    for (uint64_t n = 0; n <= upto && !t.halted; n++) {
        emu_machine v;
        emu_machine_init(&v, st);
        cr_assert_eq(emu_run(jit(), &v, n), 0);
        char why[256];
        cr_assert(emu_machine_equal(&v, &t, why, sizeof why), "%s, budget %" PRIu64 ": %s", what, n, why);
        emu_step(&t);
    }
}

Test(jit_budgets, every_budget_of_kilburn_selfmod_and_jumps)
{
    uint32_t st[SSEM_WORDS];
    uint64_t upto = temu_san() ? 600 : 4000;
    cr_assert(temu_assemble("bench/kilburn.s", "P", 1009, st));
    every_budget(st, upto, "kilburn P=1009");
    expect_like_reference(st, UINT64_MAX, "kilburn P=1009 to its STP");
    cr_assert(temu_assemble("bench/selfmod.s", "LIMIT", 300, st));
    every_budget(st, upto, "selfmod LIMIT=300");
    cr_assert(temu_assemble("bench/jumps.s", "N", 300, st));
    every_budget(st, upto, "jumps N=300");
    cr_assert(temu_assemble("examples/nightmare.s", NULL, 0, st));
    every_budget(st, upto, "nightmare");
    expect_like_reference(st, 2000000, "nightmare, 2M steps");
}

/* CI is a full 32-bit register: absolute jumps to huge values, relative
 * ones that wrap past 2^32, function 5 and ignored bits everywhere. */
Test(jit_budgets, full_width_ci_function_5_and_ignored_bits)
{
    uint32_t st[SSEM_WORDS] = { 0 };
    st[1] = w(SSEM_LDN, 20) | 0xFFFF0000u;           /* ignored bits set */
    st[2] = w(SSEM_SUB2, 21) | 0x00001FE0u;          /* function 5 = SUB */
    st[3] = w(SSEM_STO, 22);
    st[4] = w(SSEM_JRP, 23);                         /* CI += 0xFFFFFFFF: back one line */
    st[5] = w(SSEM_JMP, 24);
    st[20] = 7;
    st[21] = 3;
    st[23] = 0xFFFFFFFFu;
    st[24] = 0xFFFFFFE0u;                            /* CI = 2^32 - 32: line 1 next */
    every_budget(st, 500, "wrapping jumps");
    st[0] = w(SSEM_JMP, 24);
    emu_machine m;
    emu_machine_init(&m, st);
    m.ci = 0xFFFFFFFFu;                              /* CI + 1 wraps to line 0 */
    char why[300] = "";
    cr_assert(temu_chunked(jit(), &m, 5000, 3, 50, why, sizeof why), "%s", why);
}

static jit_ctx *open_jit(emu_vm *vm, const uint32_t st[SSEM_WORDS])
{
    emu_machine m;
    emu_machine_init(&m, st);
    cr_assert_eq(emu_vm_open(vm, jit(), &m), 0);
    return vm->ctx;
}

/* A STO of the value a translation assumed invalidates nothing; one that
 * changes it drops exactly the translations that depend on that word. */
Test(jit_invalidation, exactly_what_depends_on_the_word)
{
    uint32_t st[SSEM_WORDS] = { 0 };
    st[1] = w(SSEM_LDN, 28);    /* A = -1 */
    st[2] = w(SSEM_STO, 20);    /* S[20] = -1: data nobody assumed */
    st[3] = w(SSEM_CMP, 0);     /* A < 0: skip, which leaves head 1's trace */
    st[4] = w(SSEM_JMP, 29);    /* (not run) the trace's inline side: to the STP at 30 */
    st[5] = w(SSEM_JMP, 21);    /* a new trace (head 5) through S[21] = 9 */
    st[10] = w(SSEM_LDN, 26);   /* A = 9 */
    st[11] = w(SSEM_STO, 21);   /* the value head 5 assumed: nothing dropped */
    st[12] = w(SSEM_LDN, 27);   /* A = 4 */
    st[13] = w(SSEM_STO, 21);   /* changed: head 5's trace (running) is dropped */
    st[14] = w(SSEM_STP, 0);
    st[21] = 9;
    st[26] = (uint32_t)-9;
    st[27] = (uint32_t)-4;
    st[28] = 1;
    st[29] = 29;
    st[30] = w(SSEM_STP, 0);
    emu_vm vm;
    jit_ctx *c = open_jit(&vm, st);
    emu_vm_run(&vm, 100);
    emu_counters k = { 0 };
    jit()->counters(c, &k);
    cr_expect(c->m.halted);
    cr_expect_eq(c->m.steps, 9);
    cr_expect_eq(c->m.store[21], 4);
    cr_expect_eq(k.invalidations, 1, "only the trace that jumped through S[21]");
    cr_expect(c->live >> 1 & 1, "head 1 assumed nothing that changed: still live");
    cr_expect(!(c->live >> 5 & 1), "head 5 assumed S[21] = 9: dropped");
    cr_expect(c->live >> 14 & 1, "after the STO the run went on at line 14, natively");
    cr_expect_eq(k.translations, 3);
    char why[256];
    emu_machine v;
    cr_expect(emu_vm_state(&vm, &v, why, sizeof why), "%s", why);
    emu_vm_close(&vm);
    expect_like_reference(st, 100, "invalidation program");
}

/* A word rewritten on every turn goes generic after JIT_HOT_WRITES changes
 * and is run from the store from then on: translations stay bounded. */
Test(jit_invalidation, a_word_rewritten_every_turn_goes_generic)
{
    uint32_t st[SSEM_WORDS];
    cr_assert(temu_assemble("bench/selfmod.s", "LIMIT", 20000, st));
    emu_vm vm;
    jit_ctx *c = open_jit(&vm, st);
    emu_vm_run(&vm, UINT64_MAX);
    emu_counters k = { 0 };
    jit()->counters(c, &k);
    cr_assert(c->m.halted);
    cr_expect(c->generic >> 5 & 1, "line 5 (`walk`) is generic");
    cr_expect_eq(c->writes[5], JIT_HOT_WRITES);
    cr_expect_lt(k.translations, 3u * JIT_HOT_WRITES + 8, "%" PRIu64 " translations", k.translations);
    cr_expect_leq(k.invalidations, 2u * JIT_HOT_WRITES, "%" PRIu64 " invalidations", k.invalidations);
    cr_expect_gt(k.translate_ns, 0);
    emu_vm_close(&vm);
    expect_like_reference(st, UINT64_MAX, "selfmod LIMIT=20000");
}

/* A dynamic slot whose function changes leaves through the generic stub. */
Test(jit_invalidation, generic_word_changing_its_function)
{
    uint32_t st[SSEM_WORDS] = { 0 };
    /* Line 6 gets 0x401 added every turn: its operand walks on, and every
     * eighth turn the carry out of the ignored bits bumps its function:
     * SUB, SUB2, CMP, then STP. */
    st[1] = w(SSEM_LDN, 6);
    st[2] = w(SSEM_SUB, 23);    /* A = -(word + d) */
    st[3] = w(SSEM_STO, 24);
    st[4] = w(SSEM_LDN, 24);    /* A = word + d */
    st[5] = w(SSEM_STO, 6);     /* rewrite line 6 */
    st[6] = w(SSEM_SUB, 20);
    st[7] = w(SSEM_JMP, 25);
    st[8] = w(SSEM_JMP, 25);    /* where a CMP at 6 skips to */
    st[20] = 1;
    st[23] = 0x401;
    st[25] = 0;
    every_budget(st, 3000, "function-changing generic word");
    emu_vm vm;
    jit_ctx *c = open_jit(&vm, st);
    emu_vm_run(&vm, UINT64_MAX);
    cr_expect(c->m.halted, "line 6 became an STP");
    cr_expect(c->generic >> 6 & 1, "line 6 went generic on the way");
    emu_vm_close(&vm);
    emu_machine m;
    emu_machine_init(&m, st);
    char why[300] = "";
    cr_assert(temu_chunked(jit(), &m, 100000, 5, 500, why, sizeof why), "%s", why);
}

/* A generic word whose function flips every turn defeats its dynamic
 * slot each other turn: the trace is dropped and retranslated a bounded
 * number of times, then the line gets no slot (it is "unstable") and the
 * generic stub runs it; translations stay bounded, results exact. */
Test(jit_invalidation, a_word_flipping_its_function_every_turn)
{
    uint32_t st[SSEM_WORDS] = { 0 };
    uint32_t one = w(SSEM_SUB, 20), other = w(SSEM_LDN, 21);
    st[1] = w(SSEM_LDN, 6);     /* A = -W */
    st[2] = w(SSEM_SUB, 23);    /* A = K - W: the other instruction */
    st[3] = w(SSEM_STO, 6);
    st[4] = w(SSEM_LDN, 22);
    st[5] = w(SSEM_SUB, 20);
    st[6] = one;
    st[7] = w(SSEM_JMP, 25);
    st[20] = 3;
    st[21] = 5;
    st[22] = 7;
    st[23] = 0u - (one + other);
    st[25] = 0;
    every_budget(st, 2000, "function flipping every turn");
    emu_vm vm;
    jit_ctx *c = open_jit(&vm, st);
    emu_vm_run(&vm, 200000);
    cr_expect(c->generic >> 6 & 1);
    cr_expect(c->unstable >> 6 & 1, "line 6 lost its dynamic slot");
    cr_expect_eq(c->guard_drops[6], JIT_GUARD_DROPS);
    cr_expect_lt(c->translations, 40u, "%" PRIu64 " translations", c->translations);
    emu_vm_close(&vm);
    expect_like_reference(st, 200000, "function flipping, 200k steps");
}

/* Nightmare parks a value in its line 1 between two runs of it as code:
 * the slot is guessed from what the generic stub last ran there, so the
 * loop settles into native code and translating stops. */
Test(jit_invalidation, nightmare_settles)
{
    uint32_t st[SSEM_WORDS];
    cr_assert(temu_assemble("examples/nightmare.s", NULL, 0, st));
    emu_vm vm;
    jit_ctx *c = open_jit(&vm, st);
    emu_vm_run(&vm, 1000000);
    uint64_t inv = c->invalidations;
    emu_vm_run(&vm, 4000000);
    /* Rare paths still get their first translation later; nothing is
     * translated twice. */
    cr_expect_eq(c->invalidations, inv, "no invalidation after the first million steps");
    cr_expect_leq(c->translations, c->invalidations + SSEM_WORDS);
    cr_expect_eq(c->unstable, 0);
    emu_vm_close(&vm);
}

/* interp catches a translation whose assumption no longer holds. */
Test(jit_interp, detects_a_stale_translation)
{
    uint32_t st[SSEM_WORDS] = { 0 };
    st[1] = w(SSEM_LDN, 20);
    st[2] = w(SSEM_SUB, 21);
    st[3] = w(SSEM_JMP, 22);
    st[22] = 0;
    emu_vm vm;
    jit_ctx *c = open_jit(&vm, st);
    emu_vm_run(&vm, 100);
    emu_machine v;
    char why[300];
    cr_assert(emu_vm_state(&vm, &v, why, sizeof why), "%s", why);
    c->m.store[2] = w(SSEM_LDN, 21);   /* behind the engine's back */
    cr_assert(!emu_vm_state(&vm, &v, why, sizeof why));
    cr_expect(strstr(why, "stale translation at line 1") != NULL, "%s", why);
    c->m.store[2] = w(SSEM_SUB, 21);
    c->m.store[22] = 4;                /* the jump target it assumed */
    cr_assert(!emu_vm_state(&vm, &v, why, sizeof why));
    cr_expect(strstr(why, "assumed S[22] = 0") != NULL, "%s", why);
    emu_vm_close(&vm);
}

/* Fill the code buffer behind the run loop's back: the next translation
 * finds no room, the loop flushes everything and goes on exactly. */
Test(jit_buffer, full_buffer_is_flushed)
{
    uint32_t st[SSEM_WORDS];
    cr_assert(temu_assemble("bench/kilburn.s", "P", 1009, st));
    emu_vm vm;
    jit_ctx *c = open_jit(&vm, st);
    /* jit_translate only appends code (and sets the head's depmask, which
     * the run loop would register): nothing is live yet. */
    unsigned filled = 0;
    while (jit_translate(c, 1) != NULL)
        filled++;
    c->depmask[1] = 0;
    cr_assert_gt(filled, 50, "a trace is small: %u fit", filled);
    cr_assert_lt(jit_buf_room(&c->buf), (size_t)JIT_TRACE_ROOM);
    emu_vm_run(&vm, UINT64_MAX);
    cr_expect_gt(c->translations, 0);
    cr_expect_gt(jit_buf_room(&c->buf), (size_t)JIT_BUF_SIZE / 2, "the buffer was flushed");
    emu_machine v, t;
    char why[256];
    cr_assert(emu_vm_state(&vm, &v, why, sizeof why), "%s", why);
    emu_vm_close(&vm);
    emu_machine_init(&t, st);
    emu_run(&emu_engine_reference, &t, UINT64_MAX);
    cr_assert(emu_machine_equal(&v, &t, why, sizeof why), "%s", why);
}

/* No mapping of this process is ever writable and executable at once;
 * the preferred layout has the code in an r-x view of the memfd. Returns
 * the number of r-x "ssem-jit" mappings. */
static int check_maps(void)
{
    FILE *f = fopen("/proc/self/maps", "r");
    cr_assert_not_null(f);
    char line[512];
    int views = 0;
    while (fgets(line, sizeof line, f)) {
        char perms[8] = "";
        if (sscanf(line, "%*s %7s", perms) != 1)
            continue;
        cr_expect(!(strchr(perms, 'w') && strchr(perms, 'x')), "writable and executable: %s", line);
        if (strstr(line, "ssem-jit") && strchr(perms, 'x'))
            views++;
    }
    fclose(f);
    return views;
}

Test(jit_wx, no_page_is_writable_and_executable)
{
    uint32_t st[SSEM_WORDS];
    cr_assert(temu_assemble("examples/nightmare.s", NULL, 0, st));
    emu_vm vm;
    jit_ctx *c = open_jit(&vm, st);
    cr_assert(c->native);
    emu_vm_run(&vm, 100000);
    if (c->buf.flipping) {
        /* memfd_create refused here: one mapping, r-x while code runs. */
        check_maps();
    } else {
        cr_expect(c->buf.rw != c->buf.rx);
        cr_expect_eq(check_maps(), 1);
    }
    emu_vm_close(&vm);
    cr_expect_eq(check_maps(), 0, "fini unmapped the buffer");
}

/* A sandbox that forbids installing filters (some containers) only means
 * these paths cannot be forced here. */
static void deny(long nr, bool exec_only)
{
    if (!temu_deny(nr, exec_only))
        cr_skip_test("seccomp filters are not available here: %s", strerror(errno));
}

Test(jit_fallback, without_memfd_one_mapping_flips_between_rw_and_rx)
{
    deny(SYS_memfd_create, false);
    uint32_t st[SSEM_WORDS];
    cr_assert(temu_assemble("examples/nightmare.s", NULL, 0, st));
    emu_vm vm;
    jit_ctx *c = open_jit(&vm, st);
    cr_assert(c->native);
    cr_assert(c->buf.flipping);
    emu_vm_run(&vm, 50000);
    cr_expect_gt(c->translations, 0);
    check_maps();
    emu_vm_close(&vm);
    expect_like_reference(st, 300000, "nightmare, flipping buffer");
}

Test(jit_fallback, without_executable_memory_everything_is_interpreted)
{
    deny(0, true);
    uint32_t st[SSEM_WORDS];
    cr_assert(temu_assemble("bench/kilburn.s", "P", 1009, st));
    emu_vm vm;
    jit_ctx *c = open_jit(&vm, st);
    cr_expect(!c->native);
    emu_vm_run(&vm, UINT64_MAX);
    cr_expect_eq(c->translations, 0);
    emu_vm_close(&vm);
    expect_like_reference(st, UINT64_MAX, "kilburn, no executable memory");
    every_budget(st, 300, "kilburn, interpreted");
}

/* --- the encoder, checked against the GNU assembler ---------------------- */

static const char *const r32[16] = { "eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi",
                                     "r8d", "r9d", "r10d", "r11d", "r12d", "r13d", "r14d", "r15d" };
static const char *const r64[16] = { "rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
                                     "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15" };

typedef struct enc_log {
    x64_code x;
    uint8_t bytes[1 << 18];
    char text[1 << 20];
    size_t tlen;
    size_t off[16384];       /* where instruction i starts */
    char *line[16384];       /* and its AT&T text */
    unsigned n;
} enc_log;

static void logf_(enc_log *l, size_t start, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void logf_(enc_log *l, size_t start, const char *fmt, ...)
{
    cr_assert_lt(l->n, 16384);
    l->off[l->n] = start;
    l->line[l->n] = l->text + l->tlen;
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(l->text + l->tlen, sizeof l->text - l->tlen, fmt, ap);
    va_end(ap);
    l->tlen += (size_t)k + 1;
    cr_assert_lt(l->tlen, sizeof l->text);
    l->n++;
}

/* Run one helper and log the text GNU as should turn into the same bytes. */
#define ENC(l, call, ...)                      \
    do {                                       \
        size_t start_ = x64_offset(&(l)->x);   \
        call;                                  \
        logf_((l), start_, __VA_ARGS__);       \
    } while (0)

static const char *mem_text(x64_mem_op m, char *buf, size_t len)
{
    if (m.index >= 0)
        snprintf(buf, len, "%d(%%%s,%%%s,%u)", m.disp, r64[m.base], r64[m.index], m.scale);
    else
        snprintf(buf, len, "%d(%%%s)", m.disp, r64[m.base]);
    return buf;
}

static void encode_everything(enc_log *l)
{
    static const x64_reg regs[] = { X64_RAX, X64_RCX, X64_RDX, X64_RBX, X64_RSP, X64_RBP, X64_RSI,
                                    X64_RDI, X64_R8, X64_R12, X64_R13, X64_R14, X64_R15 };
    static const x64_reg bases[] = { X64_RBX, X64_RSP, X64_RBP, X64_RDI, X64_R8, X64_R12, X64_R13 };
    static const int32_t disps[] = { 0, 20, -8, 127, 128, -129, 0x260, 0x12345 };
    static const int32_t imms[] = { 1, -3, 31, 127, 128, -128, -129, 0xE000, 0x7FFFFFFF };
    const size_t nr = sizeof regs / sizeof regs[0];
    x64_code *x = &l->x;
    char mb[64];
    for (size_t i = 0; i < nr; i++) {
        x64_reg r = regs[i];
        for (size_t b = 0; b < sizeof bases / sizeof bases[0]; b++)
            for (size_t d = 0; d < sizeof disps / sizeof disps[0]; d++) {
                x64_mem_op m = x64_mem(bases[b], disps[d]);
                const char *mt = mem_text(m, mb, sizeof mb);
                ENC(l, x64_mov_r32_m32(x, r, m), "mov %s,%%%s", mt, r32[r]);
                ENC(l, x64_mov_m32_r32(x, m, r), "mov %%%s,%s", r32[r], mt);
                ENC(l, x64_mov_r64_m64(x, r, m), "mov %s,%%%s", mt, r64[r]);
                ENC(l, x64_mov_m64_r64(x, m, r), "mov %%%s,%s", r64[r], mt);
                ENC(l, x64_add_r32_m32(x, r, m), "add %s,%%%s", mt, r32[r]);
                ENC(l, x64_sub_r32_m32(x, r, m), "sub %s,%%%s", mt, r32[r]);
                ENC(l, x64_cmp_r32_m32(x, r, m), "cmp %s,%%%s", mt, r32[r]);
                if (i == 0) {
                    ENC(l, x64_cmp_m8_imm(x, m, 0), "cmpb $0,%s", mt);
                    ENC(l, x64_cmp_m8_imm(x, m, 200), "cmpb $200,%s", mt);
                    ENC(l, x64_jmp_m64(x, m), "jmp *%s", mt);
                }
            }
        static const x64_reg idx[] = { X64_RAX, X64_RCX, X64_RDX, X64_R9, X64_R12, X64_R13 };
        static const unsigned scales[] = { 1, 2, 4, 8 };
        for (size_t b = 0; b < sizeof bases / sizeof bases[0]; b++)
            for (size_t k = 0; k < sizeof idx / sizeof idx[0]; k++)
                for (size_t s = 0; s < 4; s++) {
                    x64_mem_op m = x64_memx(bases[b], idx[k], scales[s], (int32_t)(k * 300 % 700) - 8);
                    const char *mt = mem_text(m, mb, sizeof mb);
                    ENC(l, x64_mov_r32_m32(x, r, m), "mov %s,%%%s", mt, r32[r]);
                    ENC(l, x64_mov_m32_r32(x, m, r), "mov %%%s,%s", r32[r], mt);
                    if (i == 0) {
                        ENC(l, x64_cmp_m8_imm(x, m, 0), "cmpb $0,%s", mt);
                        ENC(l, x64_jmp_m64(x, m), "jmp *%s", mt);
                    }
                }
        for (size_t k = 0; k < sizeof imms / sizeof imms[0]; k++) {
            int32_t v = imms[k];
            bool small = v >= -128 && v <= 127;
            /* GNU as has a one-byte-shorter accumulator form for
             * "op $imm32, %eax" that the encoder does not use. */
            if (r == X64_RAX && !small)
                continue;
            ENC(l, x64_add_r32_imm(x, r, v), "add $%d,%%%s", v, r32[r]);
            ENC(l, x64_and_r32_imm(x, r, v), "and $%d,%%%s", v, r32[r]);
            ENC(l, x64_cmp_r32_imm(x, r, v), "cmp $%d,%%%s", v, r32[r]);
            ENC(l, x64_add_r64_imm(x, r, v), "add $%d,%%%s", v, r64[r]);
            ENC(l, x64_sub_r64_imm(x, r, v), "sub $%d,%%%s", v, r64[r]);
        }
        ENC(l, x64_mov_r32_imm(x, r, 0xDEADBEEFu), "mov $0xdeadbeef,%%%s", r32[r]);
        ENC(l, x64_mov_r32_imm(x, r, 0), "mov $0,%%%s", r32[r]);
        ENC(l, x64_neg_r32(x, r), "neg %%%s", r32[r]);
        ENC(l, x64_shr_r32_imm(x, r, 13), "shr $13,%%%s", r32[r]);
        ENC(l, x64_shr_r32_imm(x, r, 31), "shr $31,%%%s", r32[r]);
        ENC(l, x64_push_r64(x, r), "push %%%s", r64[r]);
        ENC(l, x64_pop_r64(x, r), "pop %%%s", r64[r]);
        ENC(l, x64_jmp_r64(x, r), "jmp *%%%s", r64[r]);
        for (size_t j = 0; j < nr; j++) {
            x64_reg q = regs[j];
            ENC(l, x64_mov_r32_r32(x, r, q), "mov %%%s,%%%s", r32[q], r32[r]);
            ENC(l, x64_mov_r64_r64(x, r, q), "mov %%%s,%%%s", r64[q], r64[r]);
            ENC(l, x64_add_r32_r32(x, r, q), "add %%%s,%%%s", r32[q], r32[r]);
            ENC(l, x64_test_r32_r32(x, r, q), "test %%%s,%%%s", r32[q], r32[r]);
            ENC(l, x64_cmp_r32_r32(x, r, q), "cmp %%%s,%%%s", r32[q], r32[r]);
        }
    }
    ENC(l, x64_ret(x), "ret");
}

Test(jit_encoder, every_form_matches_the_gnu_assembler, .timeout = 60)
{
    static enc_log l;
    x64_init(&l.x, l.bytes, sizeof l.bytes);
    encode_everything(&l);
    cr_assert(!l.x.overflow);
    const char *dir = tu_tmpdir();
    char src[512], obj[512], bin[512];
    snprintf(src, sizeof src, "%s/enc.s", dir);
    snprintf(obj, sizeof obj, "%s/enc.o", dir);
    snprintf(bin, sizeof bin, "%s/enc.bin", dir);
    FILE *f = fopen(src, "w");
    cr_assert_not_null(f);
    fputs(".text\n", f);
    for (unsigned i = 0; i < l.n; i++)
        fprintf(f, "%s\n", l.line[i]);
    fclose(f);
    tu_run as = tu_execl(NULL, "/usr/bin/env", "as", "--64", "-o", obj, src, NULL);
    cr_assert_eq(as.status, 0, "as: %s", as.err);
    tu_run_free(&as);
    tu_run oc = tu_execl(NULL, "/usr/bin/env", "objcopy", "-O", "binary", "-j", ".text", obj, bin, NULL);
    cr_assert_eq(oc.status, 0, "objcopy: %s", oc.err);
    tu_run_free(&oc);
    size_t len;
    char *want = tu_read(bin, &len);
    cr_assert_not_null(want);
    size_t got = x64_offset(&l.x);
    for (unsigned i = 0; i < l.n; i++) {
        size_t a = l.off[i], b = i + 1 < l.n ? l.off[i + 1] : got;
        cr_assert(b <= len && memcmp(l.bytes + a, want + a, b - a) == 0,
                  "%s: the encoder and as differ at byte %zu (%zu bytes in all, as %zu)", l.line[i], a,
                  got, len);
    }
    cr_expect_eq(len, got);
    free(want);
    remove(src);
    remove(obj);
    remove(bin);
}

/* rel32 jumps: the displacement counts from the end of the instruction,
 * forward targets are patched in later, and a full cursor writes nothing. */
Test(jit_encoder, rel32_jumps_and_patching)
{
    uint8_t buf[64];
    x64_code x;
    x64_init(&x, buf, sizeof buf);
    long j = x64_jmp_rel32(&x, 0);                 /* to itself: rel = -5 */
    cr_expect_eq(j, 1);
    cr_expect_eq(memcmp(buf, "\xE9\xFB\xFF\xFF\xFF", 5), 0);
    long c = x64_jcc_rel32(&x, X64_CC_B, X64_UNBOUND);
    cr_expect_eq(buf[5], 0x0F);
    cr_expect_eq(buf[6], 0x82);
    x64_patch_rel32(&x, c, 40);                    /* 40 - (7 + 4) = 29 */
    cr_expect_eq(memcmp(buf + 7, "\x1D\x00\x00\x00", 4), 0);
    long k = x64_call_rel32(&x, 0);                /* E8, rel = 0 - (12 + 4) */
    cr_expect_eq(k, 12);
    cr_expect_eq(memcmp(buf + 11, "\xE8\xF0\xFF\xFF\xFF", 5), 0);
    x64_init(&x, buf, 3);
    cr_expect_eq(x64_jmp_rel32(&x, 0), -1);
    cr_expect(x.overflow);
}

#else

Test(jit, absent_off_x86_64_linux)
{
    cr_expect_null(emu_engine_find("jit"));
}

#endif
