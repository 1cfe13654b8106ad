/* test_util.h: shared helpers for the Criterion suites: run a program, read files, compare with golden files. */
#ifndef TEST_UTIL_H
#define TEST_UTIL_H

#include <stdbool.h>
#include <stddef.h>

typedef struct tu_run {
    int status;      /* exit status, or 128+signal when killed by one */
    char *out;       /* captured stdout, NUL-terminated */
    size_t outlen;
    char *err;       /* captured stderr, NUL-terminated */
    size_t errlen;
} tu_run;

/* Directory of the built programs ($SSEM_BIN, default build/bin). */
const char *tu_bin_dir(void);
/* The shared corpus ($SSEM_CORPUS), or NULL when it is not there. */
const char *tu_corpus_dir(void);

/* Run argv (argv[0] is looked up in tu_bin_dir() unless it contains '/'),
 * feeding `in` (may be NULL: empty stdin) and capturing both outputs.
 * Runs from the top of the tree. */
tu_run tu_exec(const char *const argv[], const char *in, size_t inlen);
/* Same with a shell-free, printf-built argument vector: "ssemasm", "-", NULL. */
tu_run tu_execl(const char *in, const char *prog, ...) __attribute__((sentinel));
void tu_run_free(tu_run *r);

/* Whole file, NUL-terminated; NULL if it cannot be read. */
char *tu_read(const char *path, size_t *len);
bool tu_write(const char *path, const char *data, size_t len);

/* Compare `got` with the golden file `path`. With SSEM_UPDATE_GOLDEN=1 in
 * the environment the golden file is (re)written instead and true returned. */
bool tu_golden(const char *path, const char *got, size_t len);

/* A fresh temporary directory for a test (removed by the OS's tmp cleaning;
 * tests delete what they make). Returns a static buffer. */
const char *tu_tmpdir(void);

#endif
