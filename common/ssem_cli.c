/* ssem_cli.c: usage errors and --version, worded the same way by ssemasm, ssemdis and ssememu. */
#include "ssem_cli.h"

#include <stdarg.h>
#include <stdio.h>

#ifndef SSEM_VERSION
#define SSEM_VERSION "unknown"
#endif

int ssem_usage_error(const char *prog, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%s: error: ", prog);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry '%s --help' for more information.\n", prog);
    return SSEM_EXIT_USAGE;
}

void ssem_print_version(const char *prog)
{
    printf("%s (ssem) %s\n", prog, SSEM_VERSION);
}
