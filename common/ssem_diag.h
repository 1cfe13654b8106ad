/* ssem_diag.h: GCC-style diagnostics (FILE:LINE:COL: error: MESSAGE, source line, caret). */
#ifndef SSEM_DIAG_H
#define SSEM_DIAG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef enum ssem_severity { SSEM_NOTE, SSEM_WARNING, SSEM_ERROR } ssem_severity;

/* A diagnostic sink. Library code never prints anywhere else, so tests can
 * point `out` at a memory stream and compare with golden files. */
typedef struct ssem_diag {
    FILE *out;      /* NULL: count only, print nothing */
    int errors;
    int warnings;
    bool werror;    /* -Werror: warnings are reported and counted as errors */
} ssem_diag;

void ssem_diag_init(ssem_diag *d, FILE *out);

/*
 * Report one diagnostic. `file` may be NULL (then the program name is not
 * printed either: the caller prefixes nothing). line 0 omits LINE and COL;
 * col 0 omits COL and the caret. When src is non-NULL, the first srclen
 * bytes (up to a newline) are echoed under the message with a caret at col.
 */
void ssem_diag_report(ssem_diag *d, ssem_severity sev, const char *file, int line, int col,
                      const char *src, size_t srclen, const char *fmt, ...)
    __attribute__((format(printf, 8, 9)));
void ssem_diag_vreport(ssem_diag *d, ssem_severity sev, const char *file, int line, int col,
                       const char *src, size_t srclen, const char *fmt, va_list ap)
    __attribute__((format(printf, 8, 0)));

/* True once any error (or, with werror, any warning) was reported. */
bool ssem_diag_failed(const ssem_diag *d);

#endif
