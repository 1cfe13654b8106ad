/* test_emu_native.c: the whole-store code generators (context, inline, patch): stale code caught by interp, self-modification bounded, budgets exact. */
#include <criterion/criterion.h>
#include <inttypes.h>
#include <string.h>

#include "emu.h"
#include "ssem_isa.h"
#include "test_emu.h"

#if defined(__x86_64__) && defined(__linux__)
#include "emu_nat.h"

/* The engines built on emu_nat; patch only where clang built its stencils. */
static const char *const native_engines[] = { "context", "inline", "patch" };
#define EACH_NATIVE(e)                                                                       \
    for (size_t k_ = 0; k_ < sizeof native_engines / sizeof native_engines[0]; k_++)         \
        for (const emu_engine *e = emu_engine_find(native_engines[k_]); e; e = NULL)

static void expect_reference(const emu_engine *e, const uint32_t st[SSEM_WORDS], uint64_t budget,
                             const char *what)
{
    emu_machine m, want, got;
    emu_machine_init(&m, st);
    want = m;
    emu_run(&emu_engine_reference, &want, budget);
    char why[256] = "";
    cr_assert(temu_run(e, &m, budget, &got, why, sizeof why), "%s on %s: %s", e->name, what, why);
    cr_expect(emu_machine_equal(&got, &want, why, sizeof why), "%s on %s: %s", e->name, what, why);
}

/* Open e on st, run it for budget steps; the context is an nat_ctx. */
static nat_ctx *open_run(emu_vm *vm, const emu_engine *e, const uint32_t st[SSEM_WORDS], uint64_t budget)
{
    emu_machine m;
    emu_machine_init(&m, st);
    cr_assert_eq(emu_vm_open(vm, e, &m), 0);
    emu_vm_run(vm, budget);
    return vm->ctx;
}

Test(emu_native, context_and_inline_are_registered_as_translators)
{
    for (const char *n = "context\0inline\0"; *n; n += strlen(n) + 1) {
        const emu_engine *e = emu_engine_find(n);
        cr_assert_not_null(e, "%s missing", n);
        cr_expect_eq(e->kind, EMU_KIND_TRANSLATOR, "%s", n);
        cr_expect_eq(e->ctx_size, sizeof(nat_ctx));
    }
}

/* A word the code assumed, changed behind the engine's back, is stale
 * code: interp says so, naming the word. */
Test(emu_native, interp_catches_stale_code)
{
    uint32_t st[SSEM_WORDS];
    cr_assert(temu_assemble("bench/kilburn.s", "P", 97, st));
    EACH_NATIVE(e)
    {
        emu_vm vm;
        nat_ctx *c = open_run(&vm, e, st, 100);
        char why[256] = "";
        emu_machine t;
        cr_assert(emu_vm_state(&vm, &t, why, sizeof why), "%s: %s", e->name, why);
        cr_assert(c->valid && c->native, "%s: translated", e->name);
        unsigned w = 2;   /* line 2, an instruction the code assumed */
        cr_assert(c->deps[w], "%s: nothing assumed word %u", e->name, w);
        c->m.store[w] ^= 1;
        cr_expect(!emu_vm_state(&vm, &t, why, sizeof why), "%s: stale code not seen", e->name);
        cr_expect(strstr(why, "S[2]"), "%s: %s", e->name, why);
        c->m.store[w] ^= 1;
        c->generic |= 1u << w;
        cr_expect(!emu_vm_state(&vm, &t, why, sizeof why), "%s: generic word still assumed", e->name);
        emu_vm_close(&vm);
    }
}

/* selfmod rewrites one instruction every turn: it goes generic after
 * NAT_HOT_WRITES changes, so translations stay few, and the end state is
 * the reference's. */
Test(emu_native, a_word_rewritten_every_turn_goes_generic)
{
    uint32_t st[SSEM_WORDS];
    cr_assert(temu_assemble("bench/selfmod.s", "LIMIT", 20000, st));
    EACH_NATIVE(e)
    {
        emu_vm vm;
        nat_ctx *c = open_run(&vm, e, st, UINT64_MAX);
        emu_counters k = { 0 };
        e->counters(c, &k);
        cr_expect(c->m.halted, "%s", e->name);
        cr_expect(c->generic >> 5 & 1, "%s: line 5 (`walk`) is generic", e->name);
        cr_expect_leq(k.translations, 1 + NAT_HOT_WRITES * (uint64_t)__builtin_popcount(c->generic),
                      "%s: %" PRIu64 " translations", e->name, k.translations);
        cr_expect_eq(k.invalidations + 1, k.translations, "%s", e->name);
        emu_vm_close(&vm);
        expect_reference(e, st, UINT64_MAX, "selfmod LIMIT=20000");
    }
}

/* Every budget from 0 to the STP and past it, in one run each: a block
 * that charges more than is left finishes exactly. */
Test(emu_native, every_budget_of_the_bench_programs, .timeout = 120)
{
    static const struct { const char *path, *param; int64_t value; } progs[] = {
        { "bench/kilburn.s", "P", 31 },
        { "bench/selfmod.s", "LIMIT", 40 },
        { "bench/jumps.s", "N", 40 },
    };
    for (size_t i = 0; i < sizeof progs / sizeof progs[0]; i++) {
        uint32_t st[SSEM_WORDS];
        cr_assert(temu_assemble(progs[i].path, progs[i].param, progs[i].value, st));
        emu_machine end;
        emu_machine_init(&end, st);
        emu_run(&emu_engine_reference, &end, UINT64_MAX);
        cr_assert(end.halted);
        EACH_NATIVE(e)
        for (uint64_t b = 0; b <= end.steps + 3; b++)
            expect_reference(e, st, b, progs[i].path);
    }
}

/* Data words rewritten every turn (a counter, a copy of it): each change
 * leaves native code until the word goes generic; budgets stay exact. */
Test(emu_native, data_words_rewritten_every_turn)
{
    uint32_t st[SSEM_WORDS] = { 0 };
    /* 1: LDN 20   A = -S[20]
     * 2: SUB 21   A -= 1           (counter, negative)
     * 3: STO 22   S[22] = A        return address rewritten each turn
     * 4: LDN 22   A = -S[22]
     * 5: STO 20   S[20] = A
     * 6: CMP      A < 0: skip the STP
     * 7: STP
     * 8: JMP 23   back to line 1 */
    st[1] = ssem_word_make(SSEM_LDN, 20);
    st[2] = ssem_word_make(SSEM_SUB, 21);
    st[3] = ssem_word_make(SSEM_STO, 22);
    st[4] = ssem_word_make(SSEM_LDN, 22);
    st[5] = ssem_word_make(SSEM_STO, 20);
    st[6] = ssem_word_make(SSEM_CMP, 0);
    st[7] = ssem_word_make(SSEM_STP, 0);
    st[8] = ssem_word_make(SSEM_JMP, 23);
    st[20] = (uint32_t)-50;
    st[21] = 1;
    st[23] = 0;
    EACH_NATIVE(e)
    for (uint64_t b = 1; b < 600; b += 7)
        expect_reference(e, st, b, "counter");
}

#else

Test(emu_native, absent_off_x86_64_linux)
{
    cr_expect_null(emu_engine_find("context"));
    cr_expect_null(emu_engine_find("inline"));
    cr_expect_null(emu_engine_find("patch"));
}

#endif
