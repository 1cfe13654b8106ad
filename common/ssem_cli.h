/* ssem_cli.h: what the three command-line programs share: usage errors and --version. */
#ifndef SSEM_CLI_H
#define SSEM_CLI_H

/* Exit status of a usage error, for every tool. */
enum { SSEM_EXIT_USAGE = 2 };

/* "PROG: error: MESSAGE" and the --help hint on stderr; returns SSEM_EXIT_USAGE. */
int ssem_usage_error(const char *prog, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* "PROG (ssem) VERSION" on stdout. */
void ssem_print_version(const char *prog);

#endif
