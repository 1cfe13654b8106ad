/* test_emu_breaks.c: breakpoints held in an engine's V-state (emu_engine.set_breaks) stop exactly where the T machine says, on every engine that has them. */
#include <criterion/criterion.h>
#include <inttypes.h>
#include <stdio.h>

#include "emu.h"
#include "ssem_isa.h"
#include "ssem_word.h"
#include "test_emu.h"

/* The reference run to the next break: the T machine stepped until the
 * instruction it would fetch next sits on a break line, or it halts, or
 * the budget is spent. A first step that sits on a break stops at once. */
static void ref_to_break(emu_machine *m, uint32_t breaks, uint64_t budget)
{
    for (uint64_t i = 0; i < budget && !m->halted; i++) {
        if (breaks >> ssem_line_of(m->ci + 1) & 1)
            return;
        emu_step(m);
    }
}

/* From `start`, alternate: run with the breaks to a stop, compare with the
 * reference, step off the break with the breaks cleared, compare again.
 * `stops` counts the break hits seen, so a test can insist on some. */
static void check_engine(const emu_engine *e, const emu_machine *start, uint32_t breaks,
                         unsigned rounds, uint64_t budget, unsigned *stops)
{
    emu_vm vm;
    emu_machine t = *start, v;
    char why[300];
    cr_assert_eq(emu_vm_open(&vm, e, start), 0);
    e->set_breaks(vm.ctx, breaks);
    for (unsigned r = 0; r < rounds && !t.halted; r++) {
        ref_to_break(&t, breaks, budget);
        emu_vm_run(&vm, budget);
        cr_assert(emu_vm_state(&vm, &v, why, sizeof why), "%s: interp: %s", e->name, why);
        cr_assert(emu_machine_equal(&v, &t, why, sizeof why),
                  "%s, breaks %#" PRIx32 ", round %u: %s", e->name, breaks, r, why);
        if (t.halted)
            break;
        if (breaks >> ssem_line_of(t.ci + 1) & 1)
            ++*stops;
        e->set_breaks(vm.ctx, 0);
        emu_vm_run(&vm, 1);
        e->set_breaks(vm.ctx, breaks);
        emu_step(&t);
        cr_assert(emu_vm_state(&vm, &v, why, sizeof why), "%s: interp: %s", e->name, why);
        cr_assert(emu_machine_equal(&v, &t, why, sizeof why), "%s, stepping off: %s", e->name,
                  why);
    }
    emu_vm_close(&vm);
}

static size_t engines_with_breaks(const emu_engine **out, size_t max)
{
    size_t n, k = 0;
    const emu_engine *const *list = emu_engine_list(&n);
    for (size_t i = 0; i < n && k < max; i++)
        if (list[i]->set_breaks)
            out[k++] = list[i];
    return k;
}

Test(emu_breaks, the_caching_engines_have_them)
{
    static const char *const names[] = { "threaded", "switch-predecoded", "call", "replicated" };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        const emu_engine *e = emu_engine_find(names[i]);
        cr_assert(e && e->set_breaks, "%s has no set_breaks", names[i]);
    }
}

/* A loop whose body rewrites a break line with the same word and with
 * another one: the break survives both, and the first step can be a break. */
Test(emu_breaks, sto_into_a_break_line_keeps_it)
{
    emu_machine m;
    emu_machine_init(&m, NULL);
    m.store[1] = ssem_word_make(SSEM_LDN, 20);    /* A = -S[20] */
    m.store[2] = ssem_word_make(SSEM_STO, 4);     /* line 4 := -S[20]: a SUB 21 the first time */
    m.store[3] = ssem_word_make(SSEM_LDN, 21);
    m.store[4] = ssem_word_make(SSEM_SUB, 21);
    m.store[5] = ssem_word_make(SSEM_STO, 22);
    m.store[6] = ssem_word_make(SSEM_JMP, 23);    /* back to line 1 */
    m.store[20] = 0u - ssem_word_make(SSEM_SUB, 21);
    m.store[21] = 7;
    m.store[23] = 0;
    const emu_engine *list[64];
    size_t n = engines_with_breaks(list, 64);
    cr_assert_geq(n, 4);
    for (size_t i = 0; i < n; i++) {
        unsigned stops = 0;
        check_engine(list[i], &m, 1u << 4 | 1u << 1, 40, 1000, &stops);
        cr_expect_geq(stops, 30, "%s: %u break hits", list[i]->name, stops);
    }
}

/* Random programs (self-modifying, wrapping CI, function 5) and random
 * break masks, against the reference, on every engine with breaks. */
Test(emu_breaks, random_programs_and_masks)
{
    const emu_engine *list[64];
    size_t n = engines_with_breaks(list, 64);
    temu_rng r = { 0x9e3779b97f4a7c15u };
    unsigned programs = temu_san() ? 40 : 300;
    for (unsigned k = 0; k < programs; k++) {
        emu_machine m;
        temu_random_machine(&r, &m);
        uint32_t breaks = 0;
        for (unsigned b = temu_below(&r, 4); b; b--)
            breaks |= 1u << temu_below(&r, SSEM_WORDS);
        uint64_t budget = 1 + temu_below(&r, 3000);
        for (size_t i = 0; i < n; i++) {
            unsigned stops = 0;
            check_engine(list[i], &m, breaks, 8, budget, &stops);
        }
    }
}
