/* test_bad.h: running the programs for the robustness suites (bad_*, atomic_*): timeouts, optional valgrind. */
#ifndef TEST_BAD_H
#define TEST_BAD_H

#include <stdbool.h>
#include <stddef.h>

#include "test_util.h"

/* Exit status bad_exec reports when valgrind found an error or a leak. */
enum { BAD_VALGRIND_STATUS = 97, BAD_TIMEOUT_STATUS = 124 };

/*
 * Run one of our programs (argv[0] a bare name looked up in tu_bin_dir())
 * like tu_exec, but under timeout(1) so a hang fails the test instead of
 * stalling the suite, and, with SSEM_VALGRIND=1 in the environment, under
 * valgrind with leak checking; its report goes to `vglog` (a path; may be
 * NULL for "$TMPDIR/ssem-vg.PID") and the status becomes
 * BAD_VALGRIND_STATUS when it found anything, with the report appended to
 * the captured stderr.
 */
tu_run bad_exec(const char *const argv[], const char *in, size_t inlen, const char *vglog);

/* True when SSEM_VALGRIND=1. */
bool bad_valgrind(void);

/* Remove a test's scratch directory and everything directly in it. */
void bad_rmtree(const char *dir);

#endif
