/* test_bench_native.c: the bench's native row (Kilburn's routine in C) ends exactly as the reference for every budget. */
#include <criterion/criterion.h>
#include <string.h>

#include "../bench/bench.h"

/* The same check ssem-bench --quick runs (bench/bench_native_check.c):
 * every budget for P = 1009 and tiny P, strided budgets for larger P, the
 * never-halting P, and lockstep. Here it is also a unit test, so a change
 * to the native routine fails `make check`, not only the bench. */
Test(bench_native, ends_as_reference_for_every_budget, .timeout = 120)
{
    const bench_prog *kilburn = NULL;
    for (size_t i = 0; i < bench_nprogs; i++)
        if (strcmp(bench_progs[i].name, "kilburn") == 0)
            kilburn = &bench_progs[i];
    cr_assert_not_null(kilburn);
    cr_assert(bench_native_check(kilburn), "see the message above");
}
