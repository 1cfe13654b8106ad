/* test_cycle.c: emu_cycle proves a run never halts (JMP to itself, a two-line loop, nightmare, a counter that does not repeat), and ssememu says so. */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emu.h"
#include "emu_cycle.h"
#include "test_emu.h"
#include "test_util.h"

static bool same(const emu_machine *x, const emu_machine *y)
{
    return x->a == y->a && x->ci == y->ci && memcmp(x->store, y->store, sizeof x->store) == 0;
}

static emu_machine after(const uint32_t st[SSEM_WORDS], uint64_t n)
{
    emu_machine m;
    emu_machine_init(&m, st);
    while (n-- && emu_step(&m))
        ;
    return m;
}

/* Check a report by brute force: the state at S comes back after K steps
 * and not sooner, and the state at S - 1 does not (S is the first). */
static void expect_true_report(const uint32_t st[SSEM_WORDS], const emu_cycle_report *r)
{
    cr_assert(r->exact);
    emu_machine x = after(st, r->since), m = x;
    for (uint64_t k = 1; k < r->period; k++) {
        emu_step(&m);
        cr_assert(!same(&m, &x), "the state at step %lu comes back after %lu < K steps", (unsigned long)r->since,
                  (unsigned long)k);
    }
    emu_step(&m);
    cr_assert(same(&m, &x), "the state at step S does not come back after K steps");
    if (r->since > 0) {
        emu_machine p = after(st, r->since - 1), q = after(st, r->since - 1 + r->period);
        cr_assert(!same(&p, &q), "the cycle already ran at step S - 1");
    }
    cr_assert_eq(r->line, (x.ci + 1) % SSEM_WORDS);
}

/* Run `steps` steps from the start, snapshots every `stride`; explain. */
static bool detect(const uint32_t st[SSEM_WORDS], uint64_t steps, uint64_t stride, emu_cycle_report *r,
                   bool *during)
{
    emu_machine m;
    emu_machine_init(&m, st);
    emu_cycle c;
    emu_cycle_init(&c, &m, stride);
    while (m.steps < steps && emu_step(&m))
        emu_cycle_observe(&c, &m);
    *during = c.found;
    return emu_cycle_explain(&c, &m, EMU_CYCLE_BUDGET, r);
}

static void load(const char *path, uint32_t st[SSEM_WORDS])
{
    cr_assert(temu_assemble(path, NULL, 0, st), "%s does not assemble", path);
}

Test(cycle, jmp_to_itself)
{
    uint32_t st[SSEM_WORDS];
    load("tests/cycle/jmpself.s", st);
    emu_cycle_report r;
    bool during;
    cr_assert(detect(st, 1000, 64, &r, &during));
    cr_expect(during, "the snapshots saw it");
    cr_expect_eq(r.period, 1);
    cr_expect_eq(r.since, 0);
    cr_expect_eq(r.line, 1);
    expect_true_report(st, &r);
}

Test(cycle, two_line_loop)
{
    uint32_t st[SSEM_WORDS];
    load("tests/cycle/twoline.s", st);
    emu_cycle_report r;
    bool during;
    /* Stride 64 is even and the period 2: found by the snapshots. Stride
     * 7 is odd: found all the same, every lcm(2, 7) steps. */
    for (uint64_t stride = 7; stride <= 64; stride += 57) {
        cr_assert(detect(st, 5000, stride, &r, &during));
        cr_expect(during, "stride %lu", (unsigned long)stride);
        cr_expect_eq(r.period, 2);
        cr_expect_eq(r.since, 1);
        cr_expect_eq(r.line, 2);
        expect_true_report(st, &r);
    }
    /* A run too short for any snapshot: explain finds it from the end. */
    cr_assert(detect(st, 10, 1u << 20, &r, &during));
    cr_expect(!during);
    cr_expect_eq(r.period, 2);
    expect_true_report(st, &r);
}

Test(cycle, nightmare_cycles)
{
    uint32_t st[SSEM_WORDS];
    load("examples/nightmare.s", st);
    emu_cycle_report r;
    bool during;
    cr_assert(detect(st, 200000, 1000, &r, &during));   /* lcm(4125, 1000) = 33000 */
    cr_expect(during);
    expect_true_report(st, &r);
    cr_expect_eq(r.period, 4125);
    cr_expect_eq(r.since, 13);
    /* Without snapshots, from the state after 3,000 steps. */
    cr_assert(detect(st, 3000, 1u << 20, &r, &during));
    cr_expect_eq(r.period, 4125);
    cr_expect_eq(r.since, 13);
}

Test(cycle, counter_never_repeats_within_the_limit)
{
    uint32_t st[SSEM_WORDS];
    load("tests/cycle/counter.s", st);
    emu_cycle_report r;
    bool during;
    cr_assert(!detect(st, 300000, 1024, &r, &during));
    cr_expect(!during);
}

Test(cycle, a_halting_program_is_not_a_cycle)
{
    uint32_t st[SSEM_WORDS];
    load("examples/add.s", st);
    emu_cycle_report r;
    bool during;
    cr_assert(!detect(st, 100000, 4, &r, &during));
}

Test(cycle, note_wording)
{
    emu_cycle_report r = { 3, 5, 2, true };
    char buf[160];
    emu_cycle_note(&r, buf, sizeof buf);
    cr_expect_str_eq(buf, "the state repeats every 3 steps since step 5 (line 2): this program never halts");
}

/* ---- ssememu ---- */

Test(cycle_cli, step_limit_notes_the_cycle)
{
    tu_run r = tu_execl(NULL, "ssememu", "-d", "none", "-n", "1000", "tests/cycle/twoline.s", NULL);
    cr_expect_eq(r.status, 3, "%s", r.err);
    cr_expect_str_eq(r.err, "ssememu: note: the state repeats every 2 steps since step 1 (line 2): "
                            "this program never halts\n");
    tu_run_free(&r);
    r = tu_execl(NULL, "ssememu", "-d", "none", "-n", "100000", "examples/nightmare.s", NULL);
    cr_expect_eq(r.status, 3, "%s", r.err);
    cr_expect(strstr(r.err, "every 4125 steps since step 13 (line 16)"), "%s", r.err);
    tu_run_free(&r);
}

Test(cycle_cli, stop_on_cycle_exits_4)
{
    const char *const progs[] = { "tests/cycle/jmpself.s", "tests/cycle/twoline.s", "examples/nightmare.s" };
    for (size_t i = 0; i < 3; i++) {
        tu_run r = tu_execl(NULL, "ssememu", "-d", "json", "--stop-on-cycle", progs[i], NULL);
        cr_expect_eq(r.status, 4, "%s: %s", progs[i], r.err);
        cr_expect(strstr(r.err, "this program never halts"), "%s", r.err);
        cr_expect(strstr(r.out, "\"halted\": false"), "%s", r.out);
        tu_run_free(&r);
    }
}

Test(cycle_cli, counter_gets_no_note)
{
    tu_run r = tu_execl(NULL, "ssememu", "-d", "none", "-n", "100000", "--stop-on-cycle", "tests/cycle/counter.s",
                        NULL);
    cr_expect_eq(r.status, 3, "%s", r.err);
    cr_expect_str_eq(r.err, "");
    tu_run_free(&r);
}

Test(cycle_cli, halting_program_gets_no_note)
{
    tu_run r = tu_execl(NULL, "ssememu", "-d", "none", "--stop-on-cycle", "examples/add.s", NULL);
    cr_expect_eq(r.status, 0, "%s", r.err);
    cr_expect_str_eq(r.err, "");
    tu_run_free(&r);
}

Test(cycle_cli, watch_notes_the_cycle_and_dumb_terminal_gets_no_escapes)
{
    setenv("TERM", "dumb", 1);
    tu_run r = tu_execl(NULL, "ssememu", "--watch=100000", "-n", "3000", "-d", "none", "tests/cycle/twoline.s", NULL);
    cr_expect_eq(r.status, 3, "%s", r.err);
    cr_expect(r.outlen > 0, "no frame drawn");
    cr_expect(memchr(r.out, '\x1b', r.outlen) == NULL, "an escape code with TERM=dumb: %s", r.out);
    cr_expect(strstr(r.err, "every 2 steps since step 1 (line 2)"), "%s", r.err);
    tu_run_free(&r);
}
