/* ssem_cli.h: what the command-line programs share: usage errors and --version. */
#ifndef SSEM_CLI_H
#define SSEM_CLI_H

/* Exit status of a usage error, for every tool. */
enum { SSEM_EXIT_USAGE = 2 };

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

#endif
