/* ssem_io.c: whole-file reads with a size limit, and one file written atomically (the all-or-nothing writer of ssem_cli_out.c). */
#include "ssem_io.h"

#include "ssem_cli.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

int ssem_read_file(const char *path, char **data, size_t *len, ssem_diag *d)
{
    int is_stdin = strcmp(path, "-") == 0;
    const char *name = is_stdin ? "<stdin>" : path;
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    if (!f) {
        ssem_diag_report(d, SSEM_ERROR, name, 0, 0, NULL, 0, "cannot open: %s", ssem_errstr(errno));
        return -1;
    }
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap + 1);
    int rc = 0;
    if (!buf) {
        ssem_diag_report(d, SSEM_ERROR, name, 0, 0, NULL, 0, "out of memory");
        rc = -1;
    }
    while (rc == 0) {
        if (n == cap) {
            if (cap >= SSEM_MAX_INPUT) {
                ssem_diag_report(d, SSEM_ERROR, name, 0, 0, NULL, 0,
                                 "input is larger than the limit of %u bytes", SSEM_MAX_INPUT);
                rc = -1;
                break;
            }
            cap *= 2;
            char *nb = realloc(buf, cap + 1);
            if (!nb) {
                ssem_diag_report(d, SSEM_ERROR, name, 0, 0, NULL, 0, "out of memory");
                rc = -1;
                break;
            }
            buf = nb;
        }
        size_t want = cap - n;
        if (n + want > SSEM_MAX_INPUT + 1u)
            want = SSEM_MAX_INPUT + 1u - n;
        size_t got = fread(buf + n, 1, want, f);
        n += got;
        if (n > SSEM_MAX_INPUT) {
            ssem_diag_report(d, SSEM_ERROR, name, 0, 0, NULL, 0,
                             "input is larger than the limit of %u bytes", SSEM_MAX_INPUT);
            rc = -1;
            break;
        }
        if (got < want) {
            if (ferror(f)) {
                ssem_diag_report(d, SSEM_ERROR, name, 0, 0, NULL, 0, "read error: %s", ssem_errstr(errno));
                rc = -1;
            }
            break;
        }
    }
    if (!is_stdin)
        fclose(f);
    if (rc != 0) {
        free(buf);
        return -1;
    }
    buf[n] = '\0';
    *data = buf;
    *len = n;
    return 0;
}

int ssem_write_file(const char *path, ssem_writer fn, const void *arg, ssem_diag *d)
{
    ssem_outs set;
    ssem_outs_init(&set, NULL, d);
    ssem_outs_add(&set, "the output", path, fn, arg);
    if (ssem_outs_check(&set) != 0)
        return -1;
    return ssem_outs_commit(&set);
}
