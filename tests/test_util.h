/* test_util.h: shared helpers for the Criterion suites: run a program, read files, compare with golden files. */
#ifndef TEST_UTIL_H
#define TEST_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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
/* tu_exec with empty stdin, calling setup in the child just before exec
 * (limits, seccomp, another user); setup may _exit to say it could not. */
tu_run tu_exec_with(const char *const argv[], void (*setup)(void));
/* Same with a shell-free, printf-built argument vector: "ssemasm", "-", NULL. */
tu_run tu_execl(const char *in, const char *prog, ...) __attribute__((sentinel));
void tu_run_free(tu_run *r);

/* Whole file, NUL-terminated; NULL if it cannot be read. */
char *tu_read(const char *path, size_t *len);
bool tu_write(const char *path, const char *data, size_t len);

/* Compare `got` with the golden file `path`. With SSEM_UPDATE_GOLDEN=1 in
 * the environment the golden file is (re)written instead and true returned. */
bool tu_golden(const char *path, const char *got, size_t len);

/* One distinct store image of the corpus's expected.json, and what SIMH
 * says it does. */
enum { TU_CASE_FILES = 8, TU_WORDS = 32 };
typedef struct tu_case {
    char key[32];                        /* the JSON key (sha1 prefix) */
    char files[TU_CASE_FILES][160];      /* the files that hold the image */
    int nfiles;
    uint32_t initial[TU_WORDS];
    bool halted;                         /* halting program: final state; else a checkpoint */
    uint64_t steps;                      /* steps to the halt, or checkpoint_steps */
    uint32_t ci, a;
    uint32_t store[TU_WORDS];            /* "final", or the checkpoint's "store" */
} tu_case;

/* The one reader of DIR/expected.json (cJSON): the number of cases, with
 * *out malloc'ed (free it), or -1 with a message in why. */
int tu_corpus_load(const char *dir, tu_case **out, char *why, size_t whylen);

/* A fresh temporary directory for a test (removed by the OS's tmp cleaning;
 * tests delete what they make). Returns a static buffer. */
const char *tu_tmpdir(void);

#endif
