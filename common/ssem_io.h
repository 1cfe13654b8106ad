/* ssem_io.h: whole-file reads with limits, and atomic writes (temp file + rename). */
#ifndef SSEM_IO_H
#define SSEM_IO_H

#include <stddef.h>
#include <stdio.h>

#include "ssem_diag.h"

/* Largest input any tool reads (source or image), documented in the README. */
#define SSEM_MAX_INPUT (16u * 1024u * 1024u)

/* Read all of `path` ("-" = stdin) into a NUL-terminated malloc'd buffer.
 * Returns 0, or -1 after reporting "PATH: error: ..." to d. */
int ssem_read_file(const char *path, char **data, size_t *len, ssem_diag *d);

/* Write `path` ("-" = stdout) through a callback that fills a FILE*: one
 * output of ssem_outs (ssem_cli.h), so the data go to a temporary file in
 * the same directory that is renamed over `path` only when the callback
 * returned 0 and every byte reached the disk; a failed run never leaves a
 * partial or clobbered file. Returns 0, or -1 after reporting to d. */
typedef int (*ssem_writer)(FILE *f, const void *arg);
int ssem_write_file(const char *path, ssem_writer fn, const void *arg, ssem_diag *d);

#endif
