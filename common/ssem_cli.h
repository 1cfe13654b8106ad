/* ssem_cli.h: what the command-line programs share: usage errors, --version, numbers and -D, and their outputs written all or nothing. */
#ifndef SSEM_CLI_H
#define SSEM_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "ssem_diag.h"
#include "ssem_io.h"

/* Exit statuses every tool shares. A signal that ends a run (TERM, INT,
 * HUP while writing) gives 128 + its number. */
enum { SSEM_EXIT_OK = 0, SSEM_EXIT_ERROR = 1, SSEM_EXIT_USAGE = 2, SSEM_EXIT_SIGNAL = 128 };

/* "PROG: error: MESSAGE" and the --help hint on stderr; returns SSEM_EXIT_USAGE. */
int ssem_usage_error(const char *prog, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The usage error for an option getopt_long refused ('?'): an unknown short
 * or long option (with the nearest long one as a guess), an ambiguous
 * abbreviation, or an argument given to an option that takes none. arg is
 * argv[optind - 1]. */
struct option;
int ssem_option_error(const char *prog, const char *arg, int optopt, const struct option *longopts);

/* "PROG (ssem) VERSION" on stdout. */
void ssem_print_version(const char *prog);

/* The cases every tool's getopt_long loop shares, for its default: label:
 * -h (usage on stdout) and -V end the run with 0, or 1 when stdout could
 * not be written; ':' is a missing argument and anything else an option
 * getopt refused (ssem_option_error), both usage errors. */
int ssem_cli_common_option(const char *prog, int c, char *const argv[], const struct option *longopts,
                           void (*usage)(FILE *));

/* ---- numbers and definitions (ssem_cli_parse.c) ---- */

/* Unsigned decimal or 0x hex, no sign, no junk; false on overflow. */
bool ssem_parse_u64(const char *s, uint64_t *out);
/* A 32-bit register value: -2^31 .. 2^32-1, decimal or 0x hex, optionally signed. */
bool ssem_parse_reg(const char *s, uint32_t *out);
/*
 * The one grammar of -D: NAME[=V]. NAME is a letter or '_' then letters,
 * digits, '_' and '.'; V is a decimal, 0x hex or 0b binary integer,
 * optionally negative, in the 64-bit signed range; without =V the value
 * is 1. *name is malloc'ed. False (nothing allocated) when malformed.
 */
bool ssem_parse_define(const char *arg, char **name, int64_t *value);
/* Is s[0..len) one of the words of list, separated by sep (case-insensitive)? */
bool ssem_list_has(const char *list, char sep, const char *s, size_t len);
/* strerror, except that ENOMEM is "out of memory". */
const char *ssem_errstr(int e);

/* ---- outputs written all or nothing (ssem_cli_out.c) ---- */

enum { SSEM_OUTS_MAX = 8, SSEM_INS_MAX = 4 };

typedef struct ssem_out {
    const char *what;       /* the option, for messages: "-o", "--listing" */
    const char *path;       /* as given; "-" is standard output */
    ssem_writer fn;         /* NULL: written through ssem_outs_stream */
    const void *arg;
    bool updates_input;     /* may be the input, which it replaces by its next
                               state (ssememu -o on the image it ran) */
    /* the rest is the module's own */
    char *target;           /* path, or the file a symlink names */
    char *tmp;              /* the temporary file while it exists */
    FILE *f;
    bool is_stdout, in_place, exists;
    dev_t dev;              /* the file, or its directory when it does not exist */
    ino_t ino;
} ssem_out;

typedef struct ssem_outs {
    const char *prog;
    ssem_diag *d;
    size_t n, nin;
    ssem_out out[SSEM_OUTS_MAX];
    struct { const char *path; dev_t dev; ino_t ino; } in[SSEM_INS_MAX];
} ssem_outs;

/*
 * A run's outputs: every one is written to a temporary file beside it, and
 * only when all of them were written whole are they renamed over their
 * targets, all together; otherwise none is. Devices and FIFOs are written
 * in place (renaming over /dev/null would replace it) and standard output
 * directly, after the temporary files and before the renames.
 *
 * init also makes SIGXFSZ harmless: a file-size limit is then the I/O error
 * EFBIG, reported like any other. While temporary files exist, TERM, INT
 * and HUP remove them and exit with 128 + the signal.
 */
void ssem_outs_init(ssem_outs *s, const char *prog, ssem_diag *d);
/* A file the run reads: no output may be the same file ("-": stdin). */
void ssem_outs_input(ssem_outs *s, const char *path);
/* Add an output; returns its index. */
int ssem_outs_add(ssem_outs *s, const char *what, const char *path, ssem_writer fn, const void *arg);
/* Refuse, reporting why, an output that is an input or another output
 * (compared by device and inode, so ./p.s and symlinks are caught), and an
 * existing file the user could not write in place (as cp does). -1 then,
 * with the set released. After a 0, a run that fails calls ssem_outs_abort. */
int ssem_outs_check(ssem_outs *s);
/* Open output i (added with fn NULL) now, to be written during the run;
 * NULL after reporting the error. It is committed or removed with the rest. */
FILE *ssem_outs_stream(ssem_outs *s, int i);
/* Write every output, then rename all or none. 0, or -1 after reporting. */
int ssem_outs_commit(ssem_outs *s);
/* Remove what was written so far (a failed run); the targets are untouched. */
void ssem_outs_abort(ssem_outs *s);

#endif
