/* test_panel.c: the control panel's machine model against REFERENCE.md section 5, and in lockstep with the reference T. */
#include <criterion/criterion.h>
#include <glob.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emu.h"
#include "emu_panel.h"
#include "ssem_isa.h"
#include "ssem_word.h"
#include "test_emu.h"
#include "test_util.h"

#define W(f, n) ssem_word_make(SSEM_##f, (n))

/* Run the panel at RUN and T side by side, one step at a time: the panel's
 * T-state must equal T's and PI must be the word T fetched. False (after
 * reporting) on the first difference. */
static bool lockstep(const char *name, const uint32_t store[SSEM_WORDS], int held, uint64_t max)
{
    emu_panel p;
    emu_machine t;
    emu_panel_init(&p, store);
    emu_panel_hold_key(&p, held);
    emu_panel_set_run(&p, true);
    emu_machine_init(&t, store);
    for (uint64_t i = 0; i < max && !t.halted; i++) {
        uint32_t fetched = t.store[ssem_line_of(t.ci + 1)];
        emu_step(&t);
        cr_assert_eq(emu_panel_run(&p, 1, NULL), 1);
        char why[200];
        if (!emu_machine_equal(&p.m, &t, why, sizeof why)) {
            cr_expect(false, "%s: step %" PRIu64 ": %s", name, i + 1, why);
            return false;
        }
        if (p.pi != fetched) {
            cr_expect(false, "%s: step %" PRIu64 ": PI %#" PRIx32 ", T fetched %#" PRIx32, name,
                      i + 1, p.pi, fetched);
            return false;
        }
    }
    return true;
}

static unsigned lockstep_examples(int held)
{
    glob_t g;
    cr_assert_eq(glob("examples/*.s", 0, NULL, &g), 0, "no examples/*.s");
    unsigned n = 0;
    for (size_t i = 0; i < g.gl_pathc; i++) {
        uint32_t store[SSEM_WORDS];
        if (!temu_assemble(g.gl_pathv[i], NULL, 0, store))
            continue;   /* an example that needs -D is covered by the corpus */
        n++;
        if (!lockstep(g.gl_pathv[i], store, held, temu_san() ? 50000 : 300000))
            break;
    }
    globfree(&g);
    return n;
}

Test(panel, normal_run_equals_T_on_every_example, .timeout = 120)
{
    cr_expect_gt(lockstep_examples(EMU_PANEL_NO_KEY), 10);
}

/* A held button 32..39 is not connected, so the machine is unchanged, but
 * the panel takes its general (gated) path: that path must equal T too. */
Test(panel, gated_path_equals_T_on_every_example, .timeout = 120)
{
    cr_expect_gt(lockstep_examples(35), 10);
}

Test(panel, normal_run_equals_T_on_the_corpus, .timeout = 240)
{
    const char *dir = tu_corpus_dir();
    if (!dir)
        cr_skip_test("no corpus ($SSEM_CORPUS)");
    tu_case *cases;
    char why[256];
    int n = tu_corpus_load(dir, &cases, why, sizeof why);
    cr_assert(n > 0, "corpus: %s", n < 0 ? why : "no cases");
    uint64_t budget = temu_san() ? 20000 : 200000;
    for (int i = 0; i < n; i++)
        if (!lockstep(cases[i].files[0], cases[i].initial, i % 2 ? EMU_PANEL_NO_KEY : 39, budget))
            break;
    free(cases);
}

Test(panel, kilburn_shows_131072_in_line_27)
{
    uint32_t store[SSEM_WORDS];
    cr_assert(temu_assemble("examples/hfr.s", NULL, 0, store));
    emu_panel p;
    emu_panel_init(&p, store);
    emu_panel_set_run(&p, true);
    uint64_t n = emu_panel_run(&p, UINT64_MAX, NULL);
    cr_expect_eq(n, 2097154);
    cr_expect(p.m.halted, "the stop lamp is lit");
    cr_expect_eq(p.m.store[27], 131072);
}

/* --- one test per switch and key (REFERENCE.md section 5) ------------------ */

Test(panel, starts_in_the_normal_run_position)
{
    emu_panel p;
    emu_panel_init(&p, NULL);
    cr_expect(emu_panel_normal(&p));
    cr_expect(!p.run && !p.manual && !p.erase && !p.m.halted);
    cr_expect_eq(p.l_switches, 0x1F);
    cr_expect_eq(p.f_switches, 0x7);
    cr_expect_eq(p.display, EMU_PANEL_SHOW_S);
    cr_expect_eq(p.ips, 700.0);
}

Test(panel, c_display_shows_ci_and_pi)
{
    uint32_t s[SSEM_WORDS] = { 0 };
    s[1] = W(LDN, 9) | 0x40000000u;   /* ignored bits set: PI is the whole word */
    s[9] = 5;
    emu_panel p;
    emu_panel_init(&p, s);
    cr_assert(emu_panel_kc(&p));
    emu_panel_set_display(&p, EMU_PANEL_SHOW_C);
    cr_expect_eq(emu_panel_crt_line(&p, 0), 1);
    cr_expect_eq(emu_panel_crt_line(&p, 1), s[1]);
    cr_expect_eq(emu_panel_crt_line(&p, 2), 0);
    cr_expect_eq(p.pi, s[1]);
}

Test(panel, display_selector_is_interlocked)
{
    uint32_t s[SSEM_WORDS] = { 0 };
    s[0] = 7;
    s[5] = 11;
    emu_panel p;
    emu_panel_init(&p, s);
    p.m.a = 42;
    emu_panel_set_display(&p, EMU_PANEL_SHOW_A);
    cr_expect_eq(emu_panel_crt_line(&p, 0), 42);
    cr_expect_eq(emu_panel_crt_line(&p, 5), 0);
    /* Pressing Sc releases A: one tube at a time. */
    emu_panel_set_display(&p, EMU_PANEL_SHOW_S);
    cr_expect_eq(p.display, EMU_PANEL_SHOW_S);
    cr_expect_eq(emu_panel_crt_line(&p, 0), 7);
    cr_expect_eq(emu_panel_crt_line(&p, 5), 11);
}

Test(panel, stop_lamp_lights_after_stp)
{
    uint32_t s[SSEM_WORDS] = { 0 };
    s[1] = W(STP, 0);
    emu_panel p;
    emu_panel_init(&p, s);
    emu_panel_set_run(&p, true);
    cr_expect(!p.m.halted);
    cr_expect_eq(emu_panel_run(&p, 100, NULL), 1);
    cr_expect(p.m.halted, "lamp lit");
    cr_expect_eq(p.m.ci, 1, "CI stays on the STP line");
    cr_expect_eq(emu_panel_run(&p, 100, NULL), 0, "a lit lamp holds the machine even at RUN");
}

Test(panel, stop_run_switch)
{
    uint32_t s[SSEM_WORDS] = { 0 };   /* all JMP 0: runs forever */
    emu_panel p;
    emu_panel_init(&p, s);
    cr_expect_eq(emu_panel_run(&p, 10, NULL), 0, "STOP: nothing runs");
    emu_panel_set_run(&p, true);
    cr_expect_eq(emu_panel_run(&p, 10, NULL), 10, "RUN runs continuously");
    emu_panel_set_run(&p, false);
    cr_expect_eq(emu_panel_run(&p, 10, NULL), 0, "halted at the end of the instruction");
    cr_expect_eq(p.m.steps, 10);
}

Test(panel, kc_single_shot)
{
    uint32_t s[SSEM_WORDS] = { 0 };
    s[1] = W(LDN, 9);
    s[2] = W(SUB, 9);
    s[9] = 3;
    emu_panel p;
    emu_panel_init(&p, s);
    cr_expect(emu_panel_kc(&p));
    cr_expect_eq(p.m.steps, 1);
    cr_expect_eq(p.m.a, (uint32_t)-3);
    cr_expect(emu_panel_kc(&p));
    cr_expect_eq(p.m.a, (uint32_t)-6);
    emu_panel_set_run(&p, true);
    cr_expect(!emu_panel_kc(&p), "KC does nothing while running");
    cr_expect_eq(p.m.steps, 2);
}

Test(panel, kc_steps_past_stp)
{
    uint32_t s[SSEM_WORDS] = { 0 };
    s[1] = W(STP, 0);
    s[2] = W(LDN, 9);
    s[9] = 1;
    emu_panel p;
    emu_panel_init(&p, s);
    emu_panel_kc(&p);
    cr_assert(p.m.halted);
    cr_expect(emu_panel_kc(&p));
    cr_expect(!p.m.halted, "KC puts the lamp out");
    cr_expect_eq(p.m.ci, 2, "and goes on with the next line");
    cr_expect_eq(p.m.a, (uint32_t)-1);
}

Test(panel, manual_executes_the_switches)
{
    uint32_t s[SSEM_WORDS] = { 0 };
    s[1] = W(STP, 0);    /* what AUTO would fetch */
    s[6] = 40;
    emu_panel p;
    emu_panel_init(&p, s);
    emu_panel_set_manual(&p, true);
    /* LDN 6 on the switches: L = 6 (weights 2 and 4), F = 2. */
    p.l_switches = 0;
    p.f_switches = 0;
    emu_panel_toggle_l(&p, 1);
    emu_panel_toggle_l(&p, 2);
    emu_panel_toggle_f(&p, 1);
    cr_assert_eq(emu_panel_switch_word(&p), W(LDN, 6));
    cr_expect(emu_panel_kc(&p));
    cr_expect_eq(p.m.a, (uint32_t)-40);
    cr_expect(!p.m.halted, "line 1's STP was not fetched");
    cr_expect_eq(p.pi, W(LDN, 6));
    /* At RUN the switches' instruction executes over and over. */
    emu_panel_set_run(&p, true);
    cr_expect_eq(emu_panel_run(&p, 5, NULL), 5);
    cr_expect_eq(p.m.a, (uint32_t)-40);
    cr_expect(!p.m.halted);
}

Test(panel, l_switches_gate_the_fetch)
{
    uint32_t s[SSEM_WORDS] = { 0 };
    s[2] = W(LDN, 9);    /* fetched instead of line 18 */
    s[18] = W(STP, 0);
    s[9] = 1;
    emu_panel p;
    emu_panel_init(&p, s);
    p.m.ci = 17;
    emu_panel_toggle_l(&p, 4);   /* the 16 switch to 0 */
    cr_expect(!emu_panel_normal(&p));
    emu_panel_kc(&p);
    cr_expect(!p.m.halted);
    cr_expect_eq(p.m.ci, 18, "CI itself keeps counting");
    cr_expect_eq(p.m.a, (uint32_t)-1);
}

Test(panel, l_switches_gate_the_operand)
{
    uint32_t s[SSEM_WORDS] = { 0 };
    s[2] = W(LDN, 21);   /* 21 & ~1 = 20; the fetch from line 2 is gated to 2 */
    s[20] = 8;
    s[21] = 99;
    emu_panel p;
    emu_panel_init(&p, s);
    p.m.ci = 1;
    emu_panel_toggle_l(&p, 0);
    emu_panel_kc(&p);
    cr_expect_eq(p.m.a, (uint32_t)-8);
    cr_expect_eq(emu_panel_action_line(&p), 20);
}

Test(panel, f_switches_gate_the_function)
{
    uint32_t s[SSEM_WORDS] = { 0 };
    s[1] = W(STP, 9);    /* 7 with bit 15 forced to 0 is 3, STO */
    emu_panel p;
    emu_panel_init(&p, s);
    p.m.a = 77;
    emu_panel_toggle_f(&p, 2);
    emu_panel_kc(&p);
    cr_expect(!p.m.halted);
    cr_expect_eq(p.m.store[9], 77);
}

Test(panel, action_line_in_auto_is_pi_line)
{
    uint32_t s[SSEM_WORDS] = { 0 };
    s[1] = W(LDN, 13);
    emu_panel p;
    emu_panel_init(&p, s);
    emu_panel_kc(&p);
    cr_expect_eq(emu_panel_action_line(&p), 13);
    emu_panel_set_manual(&p, true);
    cr_expect_eq(emu_panel_action_line(&p), 31, "MANUAL: the L switches' line");
}

Test(panel, typewriter_writes_a_bit)
{
    emu_panel p;
    emu_panel_init(&p, NULL);
    emu_panel_set_manual(&p, true);
    p.l_switches = 5;
    cr_expect(emu_panel_type(&p, 0));
    cr_expect(emu_panel_type(&p, 31));
    cr_expect_eq(p.m.store[5], 0x80000001u);
}

Test(panel, typewriter_erase_writes_a_zero)
{
    uint32_t s[SSEM_WORDS] = { 0 };
    s[5] = 0xFFFFFFFFu;
    emu_panel p;
    emu_panel_init(&p, s);
    emu_panel_set_manual(&p, true);
    p.l_switches = 5;
    emu_panel_set_erase(&p, true);
    cr_expect(emu_panel_type(&p, 3));
    cr_expect_eq(p.m.store[5], 0xFFFFFFF7u);
}

Test(panel, typewriter_buttons_32_to_39_are_not_connected)
{
    emu_panel p;
    emu_panel_init(&p, NULL);
    for (unsigned b = 32; b < 40; b++)
        cr_expect(!emu_panel_type(&p, b));
    for (unsigned i = 0; i < SSEM_WORDS; i++)
        cr_expect_eq(p.m.store[i], 0);
}

Test(panel, typewriter_held_while_running_corrupts_every_action_line)
{
    uint32_t s[SSEM_WORDS] = { 0 };
    s[1] = W(LDN, 20);
    s[2] = W(STO, 21);
    s[3] = W(STP, 0);
    emu_panel p;
    emu_panel_init(&p, s);
    emu_panel_hold_key(&p, 4);   /* bit 4: adds 16 to every line field */
    emu_panel_set_run(&p, true);
    emu_panel_run(&p, 3, NULL);
    /* LDN 20|16=20: A = 0; line 20 gets bit 4 (already set in the number 0? no: 16). */
    cr_expect_eq(p.m.store[20], 16);
    /* STO 21|16 = 21: line 21 = A = -0 = 0, then bit 4 set. */
    cr_expect_eq(p.m.store[21], 16);
    /* STP 0|16 = 16: line 16 touched too. */
    cr_expect(p.m.halted);
    cr_expect_eq(p.m.store[16], 16);
    cr_expect_eq(p.pi, W(STP, 16), "the fetched instruction is corrupted the same way");
}

Test(panel, klc_clears_the_action_line)
{
    uint32_t s[SSEM_WORDS] = { 0 };
    s[7] = 123;
    s[8] = 456;
    emu_panel p;
    emu_panel_init(&p, s);
    emu_panel_set_manual(&p, true);
    p.l_switches = 7;
    emu_panel_klc(&p);
    cr_expect_eq(p.m.store[7], 0);
    cr_expect_eq(p.m.store[8], 456);
}

Test(panel, klc_held_while_running_clears_every_action_line)
{
    uint32_t s[SSEM_WORDS] = { 0 };
    s[1] = W(LDN, 20);
    s[2] = W(SUB, 21);
    s[3] = W(STP, 22);
    s[20] = 5;
    s[21] = 6;
    s[22] = 7;
    s[23] = 8;
    emu_panel p;
    emu_panel_init(&p, s);
    emu_panel_hold_klc(&p, true);
    emu_panel_set_run(&p, true);
    emu_panel_run(&p, 10, NULL);
    cr_expect(p.m.halted);
    cr_expect_eq(p.m.a, (uint32_t)-11, "each instruction read its line before the clear");
    cr_expect_eq(p.m.store[20], 0);
    cr_expect_eq(p.m.store[21], 0);
    cr_expect_eq(p.m.store[22], 0);
    cr_expect_eq(p.m.store[23], 8, "a line no instruction touched is kept");
}

Test(panel, ksc_clears_the_store)
{
    uint32_t s[SSEM_WORDS];
    for (unsigned i = 0; i < SSEM_WORDS; i++)
        s[i] = i * 77 + 1;
    emu_panel p;
    emu_panel_init(&p, s);
    p.m.a = 9;
    p.m.ci = 4;
    emu_panel_ksc(&p);
    for (unsigned i = 0; i < SSEM_WORDS; i++)
        cr_expect_eq(p.m.store[i], 0);
    cr_expect_eq(p.m.a, 9);
    cr_expect_eq(p.m.ci, 4);
}

Test(panel, kac_clears_a)
{
    uint32_t s[SSEM_WORDS] = { 3 };
    emu_panel p;
    emu_panel_init(&p, s);
    p.m.a = 9;
    p.m.ci = 4;
    emu_panel_kac(&p);
    cr_expect_eq(p.m.a, 0);
    cr_expect_eq(p.m.ci, 4);
    cr_expect_eq(p.m.store[0], 3);
}

Test(panel, kcc_clears_ci_pi_and_a)
{
    uint32_t s[SSEM_WORDS] = { 0 };
    s[1] = W(STP, 0);
    emu_panel p;
    emu_panel_init(&p, s);
    p.m.a = 9;
    emu_panel_kc(&p);
    cr_assert(p.m.halted);
    emu_panel_kcc(&p);
    cr_expect_eq(p.m.ci, 0);
    cr_expect_eq(p.pi, 0);
    cr_expect_eq(p.m.a, 0);
    cr_expect_eq(p.m.store[1], W(STP, 0));
    cr_expect(p.m.halted, "KCC leaves the lamp: KC puts it out");
    /* The guide's restart: at the lamp, KC (lamp out, runs line 2, a JMP 0), then KCC. */
    emu_panel_init(&p, s);
    emu_panel_kc(&p);
    emu_panel_kc(&p);
    emu_panel_kcc(&p);
    cr_expect(!p.m.halted);
    cr_expect_eq(p.m.ci, 0);
}

Test(panel, speed_paces_the_machine)
{
    emu_panel p;
    emu_panel_init(&p, NULL);
    cr_expect_eq(p.ips, EMU_PANEL_DEFAULT_IPS);
    cr_expect_eq(EMU_PANEL_DEFAULT_IPS, 700.0);
    /* Times in binary fractions so the arithmetic is exact. */
    emu_panel_pace pc;
    emu_panel_pace_start(&pc, 800, 0.0);
    cr_expect_eq(emu_panel_pace_due(&pc, 0.0, 0.125, 1000), 0);
    cr_expect_eq(emu_panel_pace_due(&pc, 0.0625, 0.125, 1000), 50);
    cr_expect_eq(emu_panel_pace_due(&pc, 0.125, 0.125, 1000), 50);
    cr_expect_eq(emu_panel_pace_due(&pc, 0.125, 0.125, 1000), 0);
    double w = emu_panel_pace_wait(&pc, 0.125);
    cr_expect(w > 0 && w <= 1.0 / 800 + 1e-12, "wait %g", w);
    /* A long pause is not made up for: at most one slice at once. */
    cr_expect_eq(emu_panel_pace_due(&pc, 100.0, 0.125, 1000000), 100);
    cr_expect_eq(emu_panel_pace_due(&pc, 100.0, 0.125, 1000000), 0);
    /* The default 700 a second over a whole second. */
    emu_panel_pace_start(&pc, p.ips, 0.0);
    cr_expect_eq(emu_panel_pace_due(&pc, 1.0, 1.0, 100000), 700);
    /* As fast as possible: everything asked for, no waiting. */
    emu_panel_pace_start(&pc, 0, 0);
    cr_expect_eq(emu_panel_pace_due(&pc, 0, 1, 12345), 12345);
    cr_expect_eq(emu_panel_pace_wait(&pc, 0), 0);
}

Test(panel, history_steps_back)
{
    uint32_t s[SSEM_WORDS] = { 0 };
    s[1] = W(LDN, 9);
    s[2] = W(STO, 10);
    s[3] = W(STP, 0);
    s[9] = 4;
    emu_panel p;
    emu_panel_init(&p, s);
    emu_panel_history h;
    cr_assert_eq(emu_panel_history_init(&h, 2), 0);
    emu_panel_set_run(&p, true);
    cr_expect_eq(emu_panel_run(&p, 10, &h), 3);
    cr_expect_eq(h.len, 2, "the ring keeps the last cap states");
    p.display = EMU_PANEL_SHOW_C;
    cr_expect(emu_panel_history_pop(&h, &p));
    cr_expect(!p.m.halted);
    cr_expect_eq(p.m.ci, 2);
    cr_expect_eq(p.pi, W(STO, 10));
    cr_expect_eq(p.display, EMU_PANEL_SHOW_C, "switches stay where they are");
    cr_expect(emu_panel_history_pop(&h, &p));
    cr_expect_eq(p.m.store[10], 0, "the STO is undone");
    cr_expect_eq(p.m.steps, 1);
    cr_expect(!emu_panel_history_pop(&h, &p));
    emu_panel_history_free(&h);
}

Test(panel, load_keeps_the_switches)
{
    uint32_t s[SSEM_WORDS] = { 0 };
    s[4] = 4;
    emu_panel p;
    emu_panel_init(&p, NULL);
    p.m.a = 3;
    p.m.halted = true;
    emu_panel_set_manual(&p, true);
    emu_panel_load(&p, s);
    cr_expect_eq(p.m.store[4], 4);
    cr_expect(!p.m.halted && p.m.a == 0 && p.m.ci == 0 && p.pi == 0 && p.m.steps == 0);
    cr_expect(p.manual);
}
