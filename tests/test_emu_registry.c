/* test_emu_registry.c: the engine table: every engine registered once, reference first then by name, complete entries. */
#include <criterion/criterion.h>
#include <string.h>

#include "emu.h"

Test(emu_registry, reference_first_then_sorted_unique)
{
    size_t n;
    const emu_engine *const *list = emu_engine_list(&n);
    cr_assert_geq(n, 6, "only %zu engines", n);
    cr_expect_str_eq(list[0]->name, "reference");
    cr_expect_eq(list[0], &emu_engine_reference);
    for (size_t i = 2; i < n; i++)
        cr_expect_lt(strcmp(list[i - 1]->name, list[i]->name), 0, "%s before %s",
                     list[i - 1]->name, list[i]->name);
    cr_expect_null(list[n], "the list is NULL-terminated");
}

Test(emu_registry, required_engines_are_there)
{
    static const char *const names[] = { "reference", "seed", "switch-predecoded", "goto",
                                         "threaded", "call" };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        cr_expect_not_null(emu_engine_find(names[i]), "engine %s missing", names[i]);
    cr_expect_not_null(emu_engine_find(EMU_ENGINE_DEFAULT));
    cr_expect_null(emu_engine_find("no-such-engine"));
    cr_expect_null(emu_engine_find(""));
}

Test(emu_registry, entries_are_complete)
{
    size_t n;
    const emu_engine *const *list = emu_engine_list(&n);
    for (size_t i = 0; i < n; i++) {
        const emu_engine *e = list[i];
        cr_expect(e->name && *e->name && !strchr(e->name, ' '), "bad name");
        cr_expect(e->summary && *e->summary, "%s: no summary", e->name);
        cr_expect(e->ctx_size > 0 && e->load && e->run && e->interp, "%s: incomplete", e->name);
        cr_expect(strcmp(emu_kind_name(e->kind), "?") != 0, "%s: no kind", e->name);
        cr_expect_eq(e->kind == EMU_KIND_REFERENCE, e == &emu_engine_reference,
                     "%s: only the reference is of kind reference", e->name);
        cr_expect_eq(emu_engine_find(e->name), e, "%s: find", e->name);
    }
}

Test(emu_registry, machine_init_and_equal)
{
    uint32_t s[SSEM_WORDS] = { 0 };
    s[3] = 77;
    emu_machine a, b;
    emu_machine_init(&a, s);
    cr_expect(a.ci == 0 && a.a == 0 && a.steps == 0 && !a.halted && a.store[3] == 77);
    emu_machine_init(&b, NULL);
    char why[100];
    cr_expect(!emu_machine_equal(&a, &b, why, sizeof why));
    cr_expect(strstr(why, "line 3") != NULL, "%s", why);
    b.store[3] = 77;
    cr_expect(emu_machine_equal(&a, &b, why, sizeof why));
    b.ci = 32;
    cr_expect(!emu_machine_equal(&a, &b, NULL, 0), "CI is compared whole");
}
