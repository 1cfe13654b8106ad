/* ssem_diag.c: formatting of GCC-style diagnostics into a sink. */
#include "ssem_diag.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const sev_name[] = { "note", "warning", "error" };

enum { ECHO_WIDTH = 200 };

/* A message quoting a name or a number from the input could be a megabyte
 * long (a 1 MiB label is legal); past MSG_MAX bytes its middle is cut, so
 * the start and the end ("; did you mean ...?") stay readable. */
enum { MSG_MAX = 400, MSG_HEAD = 250, MSG_TAIL = 100 };

static void put_message(FILE *out, const char *fmt, va_list ap)
{
    va_list again;
    va_copy(again, ap);
    char small[MSG_MAX + 1];
    int n = vsnprintf(small, sizeof small, fmt, ap);
    if (n >= 0 && n <= MSG_MAX) {
        fputs(small, out);
    } else if (n > MSG_MAX) {
        char *big = malloc((size_t)n + 1);
        if (big && vsnprintf(big, (size_t)n + 1, fmt, again) == n)
            fprintf(out, "%.*s...%s", MSG_HEAD, big, big + n - MSG_TAIL);
        else
            fprintf(out, "%.*s...", MSG_HEAD, small);
        free(big);
    }
    va_end(again);
}

void ssem_diag_init(ssem_diag *d, FILE *out)
{
    memset(d, 0, sizeof *d);
    d->out = out;
}

bool ssem_diag_failed(const ssem_diag *d)
{
    return d->errors > 0 || (d->werror && d->warnings > 0);
}

void ssem_diag_vreport(ssem_diag *d, ssem_severity sev, const char *file, int line, int col,
                       const char *src, size_t srclen, const char *fmt, va_list ap)
{
    if (sev == SSEM_ERROR)
        d->errors++;
    else if (sev == SSEM_WARNING)
        d->warnings++;
    if (!d->out)
        return;
    const char *label = sev_name[sev];
    if (sev == SSEM_WARNING && d->werror)
        label = "error";
    if (file) {
        fputs(file, d->out);
        if (line > 0) {
            fprintf(d->out, ":%d", line);
            if (col > 0)
                fprintf(d->out, ":%d", col);
        }
        fputs(": ", d->out);
    }
    fprintf(d->out, "%s: ", label);
    put_message(d->out, fmt, ap);
    fputc('\n', d->out);
    if (src && line > 0) {
        size_t n = 0;
        while (n < srclen && src[n] != '\n' && src[n] != '\r')
            n++;
        /* A damaged file can have a line of a megabyte: echo a window of
         * ECHO_WIDTH bytes around the column, marked "..." where cut. */
        size_t from = 0, caret = col > 0 ? (size_t)col - 1 : 0;
        if (n > ECHO_WIDTH) {
            if (caret > ECHO_WIDTH / 2)
                from = caret - ECHO_WIDTH / 2;
            if (from > n - ECHO_WIDTH)
                from = n - ECHO_WIDTH;
        }
        size_t shown = n - from < ECHO_WIDTH ? n - from : ECHO_WIDTH;
        const char *lead = from > 0 ? "..." : "";
        fprintf(d->out, " %5d | %s%.*s%s\n", line, lead, (int)shown, src + from,
                from + shown < n ? "..." : "");
        if (col > 0) {
            fputs("       | ", d->out);
            fputs(from > 0 ? "   " : "", d->out);
            /* Keep tabs so the caret lines up under the offending column. */
            for (size_t i = from; i < caret && i < from + shown; i++)
                fputc(src[i] == '\t' ? '\t' : ' ', d->out);
            fputs("^\n", d->out);
        }
    }
}

void ssem_diag_report(ssem_diag *d, ssem_severity sev, const char *file, int line, int col,
                      const char *src, size_t srclen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ssem_diag_vreport(d, sev, file, line, col, src, srclen, fmt, ap);
    va_end(ap);
}
