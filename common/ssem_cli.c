/* ssem_cli.c: usage errors (with "did you mean" for options) and --version, worded the same way by every tool. */
#include "ssem_cli.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ssem_near.h"

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

int ssem_option_error(const char *prog, const char *arg, int optopt, const struct option *longopts)
{
    if (strncmp(arg, "--", 2) != 0 || arg[2] == '=' || arg[2] == '\0') {
        if (optopt)
            return ssem_usage_error(prog, "unknown option '-%c'", optopt);
        return ssem_usage_error(prog, "unknown option '%s'", arg);
    }
    const char *name = arg + 2;
    size_t len = strcspn(name, "=");
    const struct option *exact = NULL;
    int prefixes = 0;
    for (const struct option *o = longopts; o->name; o++) {
        if (strncmp(o->name, name, len) != 0)
            continue;
        if (o->name[len] == '\0')
            exact = o;
        prefixes++;
    }
    if (exact && exact->has_arg == no_argument)
        return ssem_usage_error(prog, "option '--%s' takes no argument", exact->name);
    if (!exact && prefixes > 1) {
        char list[512];
        size_t at = 0;
        list[0] = '\0';
        for (const struct option *o = longopts; o->name && at < sizeof list; o++)
            if (strncmp(o->name, name, len) == 0)
                at += (size_t)snprintf(list + at, sizeof list - at, "%s--%s", at ? ", " : "", o->name);
        return ssem_usage_error(prog, "option '--%.*s' is ambiguous (%s)", (int)len, name, list);
    }
    ssem_near n;
    ssem_near_init(&n, name, len, false);
    for (const struct option *o = longopts; o->name; o++)
        ssem_near_try(&n, o->name, strlen(o->name), NULL, 0);
    if (n.best)
        return ssem_usage_error(prog, "unknown option '--%.*s'; did you mean '--%.*s'?", (int)len, name,
                                (int)n.best_len, n.best);
    return ssem_usage_error(prog, "unknown option '--%.*s'", (int)len, name);
}

int ssem_cli_common_option(const char *prog, int c, char *const argv[], const struct option *longopts,
                           void (*usage)(FILE *))
{
    switch (c) {
    case 'h':
        usage(stdout);
        return fflush(stdout) == 0 ? 0 : 1;
    case 'V':
        ssem_print_version(prog);
        return fflush(stdout) == 0 ? 0 : 1;
    case ':':
        return ssem_usage_error(prog, "option '%s' needs an argument", argv[optind - 1]);
    default:
        return ssem_option_error(prog, argv[optind - 1], optopt, longopts);
    }
}
