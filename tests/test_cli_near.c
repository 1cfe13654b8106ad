/* test_cli_near.c: the "did you mean" search (common/ssem_near.c) and the option errors built on it. */
#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "ssem_cli.h"
#include "ssem_near.h"

static const char *const engines[] = { "reference", "switch", "threaded", "tailcall", "super", NULL };

Test(near, nearest_within_a_third_of_the_name)
{
    cr_assert_str_eq(ssem_near_among("threded", engines, false), "threaded");
    cr_assert_str_eq(ssem_near_among("swicth", engines, false), "switch", "a swap is one edit");
    cr_assert_str_eq(ssem_near_among("TAILCAL", engines, true), "tailcall");
    cr_assert_null(ssem_near_among("TAILCAL", engines, false), "case counts unless folded");
    cr_assert_null(ssem_near_among("jit", engines, false));
    cr_assert_null(ssem_near_among("threaded", engines, false), "an exact name is no guess");
    cr_assert_null(ssem_near_among("", engines, false));
    static const char *const letters[] = { "x", "ab", NULL };
    cr_assert_null(ssem_near_among("y", letters, false), "one letter is no typo of another");
    cr_assert_str_eq(ssem_near_among("ac", letters, false), "ab");
    static const char *const stop[] = { "STP", "STOP", NULL };
    cr_assert_str_eq(ssem_near_among("SOTP", stop, false), "STOP", "ties go to the same length");
}

Test(near, long_names_are_left_alone)
{
    char a[SSEM_NEAR_MAX_LEN + 2], b[SSEM_NEAR_MAX_LEN + 2];
    memset(a, 'a', sizeof a - 1);
    a[sizeof a - 1] = '\0';
    memcpy(b, a, sizeof b);
    b[0] = 'b';
    const char *const cands[] = { b, NULL };
    cr_assert_null(ssem_near_among(a, cands, false), "past %d bytes nothing is compared",
                   SSEM_NEAR_MAX_LEN);
    a[SSEM_NEAR_MAX_LEN] = b[SSEM_NEAR_MAX_LEN] = '\0';
    cr_assert_str_eq(ssem_near_among(a, cands, false), b);
}

Test(near, the_budget_is_spent_and_kept)
{
    ssem_near n;
    ssem_near_init(&n, "threded", 7, false);
    long spent = 0;
    ssem_near_try(&n, "threaded", 8, &spent, 55);
    cr_assert_eq(spent, 0, "56 cells do not fit in 55");
    cr_assert_null(n.best);
    ssem_near_try(&n, "threaded", 8, &spent, 56);
    cr_assert_eq(spent, 56);
    cr_assert_str_eq(n.best, "threaded");
}

static const struct option opts[] = {
    { "trace", required_argument, NULL, 't' },
    { "trace-file", required_argument, NULL, 'T' },
    { "stats", no_argument, NULL, 's' },
    { "help", no_argument, NULL, 'h' },
    { NULL, 0, NULL, 0 },
};

static void expect(const char *arg, int optopt, const char *msg)
{
    cr_assert_eq(ssem_option_error("prog", arg, optopt, opts), SSEM_EXIT_USAGE);
    fflush(stderr);
    char want[256];
    snprintf(want, sizeof want, "prog: error: %s\nTry 'prog --help' for more information.\n", msg);
    cr_assert_stderr_eq_str(want);
}

Test(option_error, did_you_mean, .init = cr_redirect_stderr)
{
    expect("--statz", 0, "unknown option '--statz'; did you mean '--stats'?");
}

Test(option_error, with_an_argument, .init = cr_redirect_stderr)
{
    expect("--tarce=x", 0, "unknown option '--tarce'; did you mean '--trace'?");
}

Test(option_error, nothing_near, .init = cr_redirect_stderr)
{
    expect("--bogus", 0, "unknown option '--bogus'");
}

Test(option_error, short_option, .init = cr_redirect_stderr)
{
    expect("-qZ", 'Z', "unknown option '-Z'");
}

Test(option_error, takes_no_argument, .init = cr_redirect_stderr)
{
    expect("--help=3", 'h', "option '--help' takes no argument");
}

Test(option_error, ambiguous, .init = cr_redirect_stderr)
{
    expect("--tr", 0, "option '--tr' is ambiguous (--trace, --trace-file)");
}

Test(option_error, no_name, .init = cr_redirect_stderr)
{
    expect("--=3", 0, "unknown option '--=3'");
}
