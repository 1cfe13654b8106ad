/* test_debug_core.c: the debugging core against the reference machine: exact breaks, watches, reverse steps, goto, changes, on every engine. */
#include <criterion/criterion.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "asm.h"
#include "emu_debug.h"
#include "ssem_isa.h"
#include "test_emu.h"
#include "test_util.h"

/*
 * An engine with the set_breaks hook, built here on the reference machine
 * (not registered): the core's hook path is tested whatever the registered
 * engines implement, and each of them is tested through whichever path it
 * takes.
 */
typedef struct hooked {
    emu_machine m;
    uint32_t breaks;
} hooked;

static void hooked_load(void *ctx, const emu_machine *t)
{
    hooked *h = ctx;
    h->m = *t;
    h->breaks = 0;
}

static void hooked_run(void *ctx, uint64_t max_steps)
{
    hooked *h = ctx;
    for (uint64_t i = 0; i < max_steps && !h->m.halted; i++) {
        if (h->breaks >> ssem_line_of(h->m.ci + 1) & 1)
            return;
        emu_step(&h->m);
    }
}

static bool hooked_interp(const void *ctx, emu_machine *t, char *why, size_t whylen)
{
    (void)why;
    (void)whylen;
    *t = ((const hooked *)ctx)->m;
    return true;
}

static void hooked_set_breaks(void *ctx, uint32_t lines)
{
    ((hooked *)ctx)->breaks = lines;
}

static const emu_engine hooked_engine = {
    .name = "hooked",
    .summary = "reference with set_breaks (tests only)",
    .kind = EMU_KIND_INTERPRETER,
    .ctx_size = sizeof(hooked),
    .load = hooked_load,
    .run = hooked_run,
    .interp = hooked_interp,
    .set_breaks = hooked_set_breaks,
};

/* Every registered engine, then the hooked one. */
static const emu_engine *engine_at(size_t i, size_t *n)
{
    size_t ne;
    const emu_engine *const *list = emu_engine_list(&ne);
    *n = ne + 1;
    return i < ne ? list[i] : &hooked_engine;
}

static void expect_same(const emu_machine *got, const emu_machine *want, const char *what, const char *engine,
                        unsigned prog)
{
    char why[256] = "";
    cr_expect(emu_machine_equal(got, want, why, sizeof why), "%s, engine %s, program %u: %s", what, engine, prog,
              why);
}

/* The reference stepped until a break line is next (after at least one
 * step), a STP, or `limit` steps. */
static void ref_to_break(emu_machine *m, uint32_t breaks, uint64_t limit)
{
    for (uint64_t i = 0; i < limit && !m->halted; i++) {
        if (i > 0 && (breaks >> ssem_line_of(m->ci + 1) & 1))
            return;
        emu_step(m);
    }
}

/* The reference stepped until just after a STO into a watched line. */
static void ref_to_watch(emu_machine *m, uint32_t watch, uint64_t limit)
{
    for (uint64_t i = 0; i < limit && !m->halted; i++) {
        uint32_t w = m->store[ssem_line_of(m->ci + 1)];
        emu_step(m);
        if (ssem_word_func(w) == SSEM_STO && (watch >> ssem_word_operand(w) & 1))
            return;
    }
}

/* Random programs on every engine: continue with two breakpoints (or one
 * watchpoint) stops exactly where the reference says, five times over. */
static void exact_stops(bool watch, uint64_t seed)
{
    size_t n;
    engine_at(0, &n);
    unsigned programs = temu_san() ? 20 : 120;
    for (size_t k = 0; k < n; k++) {
        const emu_engine *e = engine_at(k, &n);
        temu_rng r = { seed + k };
        for (unsigned p = 0; p < programs; p++) {
            emu_machine m;
            temu_random_machine(&r, &m);
            emu_dbg *d = emu_dbg_open(&m, e, NULL);
            cr_assert(d);
            unsigned l1 = temu_below(&r, 32), l2 = temu_below(&r, 32);
            char err[128];
            if (watch) {
                cr_assert_gt(emu_dbg_watch(d, l1, NULL, err, sizeof err), 0);
            } else {
                cr_assert_gt(emu_dbg_break(d, l1, NULL, false, err, sizeof err), 0);
                cr_assert_gt(emu_dbg_break(d, l2, NULL, false, err, sizeof err), 0);
            }
            emu_machine ref = m;
            for (int stop = 0; stop < 5; stop++) {
                emu_dbg_stop s = emu_dbg_continue(d, 5000);
                uint64_t before = ref.steps;
                if (watch)
                    ref_to_watch(&ref, 1u << l1, 5000);
                else
                    ref_to_break(&ref, 1u << l1 | 1u << l2, 5000);
                expect_same(emu_dbg_state(d), &ref, watch ? "continue to a watch" : "continue to a break", e->name,
                            p);
                cr_expect_eq(s.ran, ref.steps - before);
                if (s.reason != (watch ? EMU_DBG_WATCHPOINT : EMU_DBG_BREAKPOINT))
                    break;
                if (watch) {
                    cr_expect_eq(s.line, l1);
                    cr_expect_eq(s.new_word, emu_dbg_state(d)->store[l1]);
                } else {
                    cr_expect_eq(ssem_line_of(emu_dbg_state(d)->ci + 1), s.line);
                }
            }
            emu_dbg_close(d);
        }
    }
}

Test(debug_core, breaks_exact_on_every_engine, .timeout = 120)
{
    exact_stops(false, 0xB4EA4ull);
}

Test(debug_core, watches_exact_on_every_engine, .timeout = 120)
{
    exact_stops(true, 0x3A7C4ull);
}

Test(debug_core, reverse_and_goto_on_every_engine, .timeout = 120)
{
    size_t n;
    engine_at(0, &n);
    for (size_t k = 0; k < n; k++) {
        const emu_engine *e = engine_at(k, &n);
        temu_rng r = { 0x7E7E7ull + k };
        for (unsigned p = 0; p < (temu_san() ? 5u : 30u); p++) {
            emu_machine m;
            temu_random_machine(&r, &m);
            /* The reference's states, to compare any step with. */
            enum { N = 5000 };
            emu_machine *ref = malloc((N + 1) * sizeof *ref);
            cr_assert(ref);
            ref[0] = m;
            for (int i = 1; i <= N; i++) {
                ref[i] = ref[i - 1];
                emu_step(&ref[i]);
            }
            emu_dbg *d = emu_dbg_open(&m, e, NULL);
            cr_assert(d);
            emu_dbg_continue(d, N);
            uint64_t at = emu_dbg_state(d)->steps;
            expect_same(emu_dbg_state(d), &ref[at], "after continue", e->name, p);
            for (int j = 0; j < 20 && at > 0; j++) {
                uint64_t back = 1 + temu_below(&r, j < 10 ? 3 : 2000);
                emu_dbg_stop s = emu_dbg_reverse_step(d, back);
                cr_expect_eq(s.reason, back > at ? EMU_DBG_START : EMU_DBG_STEPPED);
                at = back > at ? 0 : at - back;
                expect_same(emu_dbg_state(d), &ref[at], "reverse-step", e->name, p);
                uint64_t to = temu_below(&r, N + 1);
                emu_dbg_goto(d, to);
                uint64_t want = to < ref[N].steps ? to : ref[N].steps;
                if (ref[N].halted && to > ref[N].steps)
                    want = ref[N].steps;
                expect_same(emu_dbg_state(d), &ref[want], "goto", e->name, p);
                at = emu_dbg_state(d)->steps;
            }
            free(ref);
            emu_dbg_close(d);
        }
    }
}

/* examples/hfr.s factoring n instead of 2^18. */
static void hfr(int n, uint32_t store[SSEM_WORDS])
{
    size_t len;
    char *src = tu_read("examples/hfr.s", &len);
    cr_assert(src);
    char *at = strstr(src, "EQU 262144");
    cr_assert(at);
    char num[16];
    snprintf(num, sizeof num, "%-6d", n);
    memcpy(at + 4, num, 6);
    ssem_diag dg;
    ssem_diag_init(&dg, stderr);
    asm_program *p = asm_assemble(src, len, "hfr.s", NULL, &dg);
    cr_assert(p);
    ssem_image img;
    asm_program_image(p, &img);
    memcpy(store, img.word, sizeof img.word);
    asm_program_free(p);
    free(src);
}

/* hfr.s: a break on `again` fires once per subtraction; reverse-continue
 * goes back to the previous firing, reverse-step by one is the step before. */
Test(debug_core, reverse_continue_hfr)
{
    uint32_t store[SSEM_WORDS];
    hfr(1024, store);
    emu_machine m;
    emu_machine_init(&m, store);
    emu_dbg *d = emu_dbg_open(&m, emu_engine_find("reference"), NULL);
    char err[128];
    int id = emu_dbg_break(d, 7, NULL, false, err, sizeof err);
    cr_assert_gt(id, 0);
    uint64_t at[4];
    for (int i = 0; i < 4; i++) {
        emu_dbg_stop s = emu_dbg_continue(d, UINT64_MAX);
        cr_assert_eq(s.reason, EMU_DBG_BREAKPOINT);
        at[i] = emu_dbg_state(d)->steps;
    }
    emu_dbg_stop s = emu_dbg_reverse_continue(d);
    cr_expect_eq(s.reason, EMU_DBG_BREAKPOINT);
    cr_expect_eq(emu_dbg_state(d)->steps, at[2]);
    s = emu_dbg_reverse_continue(d);
    cr_expect_eq(emu_dbg_state(d)->steps, at[1]);
    s = emu_dbg_continue(d, UINT64_MAX);
    cr_expect_eq(emu_dbg_state(d)->steps, at[2]);
    emu_dbg_delete(d, id);
    s = emu_dbg_reverse_continue(d);
    cr_expect_eq(s.reason, EMU_DBG_START);
    cr_expect_eq(emu_dbg_state(d)->steps, 0);
    s = emu_dbg_continue(d, UINT64_MAX);
    cr_expect_eq(s.reason, EMU_DBG_HALTED);
    cr_expect_eq((int32_t)emu_dbg_state(d)->store[27], 512);
    emu_dbg_close(d);
}

/* A change replays: back before it and forwards again, the changed path. */
Test(debug_core, deposit_replays)
{
    uint32_t store[SSEM_WORDS];
    hfr(64, store);
    emu_machine m;
    emu_machine_init(&m, store);
    emu_dbg *d = emu_dbg_open(&m, emu_engine_find("reference"), NULL);
    emu_dbg_goto(d, 100);
    emu_machine ref = *emu_dbg_state(d);
    cr_assert_eq(emu_dbg_set_a(d, 12345), 0);
    cr_assert_eq(emu_dbg_deposit(d, 30, 7), 0);
    ref.a = 12345;
    ref.store[30] = 7;
    emu_dbg_goto(d, 50);
    emu_dbg_goto(d, 100);
    expect_same(emu_dbg_state(d), &ref, "the changed state", "reference", 0);
    emu_dbg_goto(d, 150);
    for (int i = 0; i < 50; i++)
        emu_step(&ref);
    expect_same(emu_dbg_state(d), &ref, "after the change", "reference", 0);
    emu_dbg_reverse_step(d, 60);
    emu_dbg_step(d, 60);
    expect_same(emu_dbg_state(d), &ref, "stepped over the change", "reference", 0);
    emu_dbg_close(d);
}

Test(debug_core, conditions_and_until)
{
    uint32_t store[SSEM_WORDS];
    hfr(1024, store);
    emu_machine m;
    emu_machine_init(&m, store);
    emu_dbg *d = emu_dbg_open(&m, emu_engine_find("reference"), NULL);
    char err[128];
    cr_assert_gt(emu_dbg_break(d, 7, "[27] == 1000", false, err, sizeof err), 0, "%s", err);
    emu_dbg_stop s = emu_dbg_continue(d, UINT64_MAX);
    cr_expect_eq(s.reason, EMU_DBG_BREAKPOINT);
    cr_expect_eq(emu_dbg_state(d)->store[27], 1000);
    emu_dbg_delete(d, 0);
    cr_assert_gt(emu_dbg_until(d, "steps >= 5000 && A < 0", err, sizeof err), 0);
    s = emu_dbg_continue(d, UINT64_MAX);
    cr_expect_eq(s.reason, EMU_DBG_CONDITION);
    cr_expect_geq(emu_dbg_state(d)->steps, 5000);
    cr_expect_lt((int32_t)emu_dbg_state(d)->a, 0);
    cr_expect_eq(emu_dbg_break(d, 7, "A +", false, err, sizeof err), -1);
    cr_expect_str_eq(err, "expression ends too soon");
    emu_dbg_close(d);
}

Test(debug_core, expressions)
{
    emu_dbg_info *info = emu_dbg_info_new("t.s");
    emu_dbg_info_add_symbol(info, "loop", 5, EMU_DBG_SYM_LABEL, 3);
    emu_dbg_info_add_symbol(info, "n", 100, EMU_DBG_SYM_CONSTANT, 1);
    emu_machine m;
    emu_machine_init(&m, NULL);
    m.a = (uint32_t)-7;
    m.ci = 4;
    m.store[6] = 42;
    emu_dbg *d = emu_dbg_open(&m, emu_engine_find("reference"), info);
    static const struct { const char *e; int64_t v; } ok[] = {
        { "A", -7 }, { "$a", -7 }, { "CI + 1", 5 }, { "[loop+1]", 42 }, { "n*2-1", 199 },
        { "0x10 | 0b1", 17 }, { "1 << 4 >> 2", 4 }, { "-A % 4", 3 }, { "A < 0 && CI == 4", 1 },
        { "!(A<0) || 0", 0 }, { "~0", -1 }, { "(1+2)*3", 9 }, { "steps", 0 },
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        int64_t v;
        char err[128] = "";
        cr_expect_eq(emu_dbg_eval(d, ok[i].e, &v, err, sizeof err), 0, "%s: %s", ok[i].e, err);
        cr_expect_eq(v, ok[i].v, "%s = %" PRId64, ok[i].e, v);
    }
    static const char *const bad[] = { "", "1 +", "(1", "[2", "foo", "1/0", "0x", "12ab", "99999999999999999999", "1 2" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int64_t v;
        char err[128] = "";
        cr_expect_eq(emu_dbg_eval(d, bad[i], &v, err, sizeof err), -1, "'%s' accepted", bad[i]);
        cr_expect_neq(err[0], 0);
    }
    unsigned line;
    char err[128];
    cr_expect_eq(emu_dbg_loc(d, "loop+2", &line, err, sizeof err), 0);
    cr_expect_eq(line, 7);
    cr_expect_eq(emu_dbg_loc(d, "32", &line, err, sizeof err), -1);
    cr_expect_str_eq(err, "bad LOC '32': 32 is not a store line (0..31)");
    cr_expect_eq(emu_dbg_loc(d, "A", &line, err, sizeof err), -1);
    char buf[64];
    emu_dbg_info_label(info, 9, buf, sizeof buf);
    cr_expect_str_eq(buf, "loop+4");
    emu_dbg_close(d);
}

Test(debug_core, sidecar_round_trip)
{
    static const char src[] = "n EQU 3\nstart: LDN x\n STO y\n STP\nx: NUM n\ny: NUM 0\n";
    ssem_diag dg;
    ssem_diag_init(&dg, NULL);
    asm_program *p = asm_assemble(src, sizeof src - 1, "t.s", NULL, &dg);
    cr_assert(p);
    emu_dbg_info *info = emu_dbg_info_from_program(p);
    asm_program_free(p);
    char *text = emu_dbg_info_format(info);
    cr_assert(text);
    cr_expect_str_eq(text, "ssem-symbols 1\nfile t.s\nline 0 2\nline 1 3\nline 2 4\nline 3 5\nline 4 6\n"
                           "const n 3 1\nlabel start 0 2\nlabel x 3 5\nlabel y 4 6\n");
    char err[128];
    emu_dbg_info *back = emu_dbg_info_parse(text, strlen(text), err, sizeof err);
    cr_assert(back, "%s", err);
    char *again = emu_dbg_info_format(back);
    cr_expect_str_eq(again, text);
    cr_expect_eq(emu_dbg_info_store_line(back, 5), 3);
    free(again);
    free(text);
    emu_dbg_info_free(back);
    emu_dbg_info_free(info);
    static const char *const bad[] = { "", "ssem-symbols 2\n", "ssem-symbols 1\nline 32 1\n",
                                       "ssem-symbols 1\nlabel x\n", "ssem-symbols 1\nline 1 x\n" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        cr_expect_null(emu_dbg_info_parse(bad[i], strlen(bad[i]), err, sizeof err), "%s", bad[i]);
}

Test(debug_core, assemble_one_word)
{
    emu_dbg_info *info = emu_dbg_info_new("t.s");
    emu_dbg_info_add_symbol(info, "total", 20, EMU_DBG_SYM_LABEL, 3);
    emu_machine m;
    emu_machine_init(&m, NULL);
    emu_dbg *d = emu_dbg_open(&m, emu_engine_find("reference"), info);
    uint32_t w;
    char err[512];
    cr_expect_eq(emu_dbg_assemble(d, "LDN total", 5, &w, err, sizeof err), 0, "%s", err);
    cr_expect_eq(w, ssem_word_make(SSEM_LDN, 20));
    cr_expect_eq(emu_dbg_assemble(d, "NUM -3", 5, &w, err, sizeof err), 0, "%s", err);
    cr_expect_eq(w, (uint32_t)-3);
    cr_expect_eq(emu_dbg_assemble(d, "LDN totl", 5, &w, err, sizeof err), -1);
    cr_expect(strstr(err, "deposit:1:"), "%s", err);
    cr_expect_eq(emu_dbg_assemble(d, "SUB =1", 5, &w, err, sizeof err), -1);
    cr_expect(strstr(err, "literal"), "%s", err);
    emu_dbg_close(d);
}

/* A run far longer than the snapshot array holds stays within the bound,
 * and going back still works (from a thinned history). */
Test(debug_core, billion_steps_bounded, .timeout = 300)
{
    /* An endless loop: LDN, SUB, STO, JRP back. */
    static const char src[] = "loop: LDN x\n SUB one\n STO x\n JMP =loop-1\nx: NUM 0\none: NUM 1\n";
    ssem_diag dg;
    ssem_diag_init(&dg, NULL);
    asm_program *p = asm_assemble(src, sizeof src - 1, "loop.s", NULL, &dg);
    cr_assert(p);
    ssem_image img;
    asm_program_image(p, &img);
    asm_program_free(p);
    emu_machine m;
    emu_machine_init(&m, img.word);
    m.ci = (uint32_t)-1;
    const emu_engine *e = emu_engine_find(EMU_ENGINE_DEFAULT);
    emu_dbg *d = emu_dbg_open(&m, e, NULL);
    uint64_t total = temu_san() ? 20000000 : 1000000000;
    size_t peak = 0;
    for (uint64_t done = 0; done < total; done += total / 10) {
        emu_dbg_continue(d, total / 10);
        size_t mem = emu_dbg_memory(d);
        peak = mem > peak ? mem : peak;
    }
    cr_expect_eq(emu_dbg_state(d)->steps, total);
    cr_expect_leq(peak, EMU_DBG_MEMORY_LIMIT, "%zu bytes", peak);
    emu_machine ref = *emu_dbg_state(d);
    emu_dbg_reverse_step(d, 3);
    emu_dbg_step(d, 3);
    char why[256];
    cr_expect(emu_machine_equal(emu_dbg_state(d), &ref, why, sizeof why), "%s", why);
    emu_dbg_close(d);
}
