/* test_atomic.h: helpers of the atomic-output suites (test_atomic.c, test_atomic_refuse.c). */
#ifndef TEST_ATOMIC_H
#define TEST_ATOMIC_H

#include "test_util.h"

#define BAD_SRC "tests/bad/undefined-label.s"
#define GOOD_SRC "tests/bad/bin-32.s"
#define BAD_IMG "tests/bad/bits-33.img"
#define GOOD_IMG "tests/bad/all-ones.img"

/* What a planted file holds: an earlier run's output that must survive. */
extern const char TA_SENTINEL[];

/* dir/name in one of eight rotating static buffers. */
char *ta_path_in(const char *dir, const char *name);
/* Create path holding TA_SENTINEL. */
void ta_plant(const char *path);
/* The planted file is still there, unchanged. */
void ta_expect_untouched(const char *path, const char *what);
/* The directory holds exactly the names given (NULL-terminated): nothing
 * half-written, no temporary file left behind. */
void ta_expect_only(const char *dir, const char *what, ...);
/* One of our programs under bad_exec (timeout, optional valgrind). */
tu_run ta_run(const char *const argv[]);
/* The run failed with status, saying "error". */
void ta_expect_clean_failure(const tu_run *r, const char *what, int status);

#endif
