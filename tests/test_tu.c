/* test_tu.c: the test helpers themselves: tu_exec must survive a child that never reads its input. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "test_util.h"

/* ssemasm --version exits without reading stdin; writing megabytes into the
 * closed pipe used to kill the test process with SIGPIPE. */
Test(tu, child_that_ignores_stdin)
{
    size_t n = 4u << 20;
    char *in = malloc(n);
    cr_assert(in);
    memset(in, 'x', n);
    const char *const argv[] = { "ssemasm", "--version", NULL };
    tu_run r = tu_exec(argv, in, n);
    cr_assert_eq(r.status, 0, "status %d, stderr: %s", r.status, r.err);
    cr_assert(strstr(r.out, "ssemasm (ssem)"), "%s", r.out);
    tu_run_free(&r);
    free(in);
}
