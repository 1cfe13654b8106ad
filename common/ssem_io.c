/* ssem_io.c: whole-file reads with a size limit, and atomic writes via temp file + rename. */
#include "ssem_io.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int ssem_read_file(const char *path, char **data, size_t *len, ssem_diag *d)
{
    int is_stdin = strcmp(path, "-") == 0;
    const char *name = is_stdin ? "<stdin>" : path;
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    if (!f) {
        ssem_diag_report(d, SSEM_ERROR, name, 0, 0, NULL, 0, "cannot open: %s", strerror(errno));
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
                ssem_diag_report(d, SSEM_ERROR, name, 0, 0, NULL, 0, "read error: %s", strerror(errno));
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

static int write_in_place(const char *path, ssem_writer fn, const void *arg, ssem_diag *d);
static int write_replacing(const char *path, ssem_writer fn, const void *arg, ssem_diag *d,
                           const struct stat *old);

int ssem_write_file(const char *path, ssem_writer fn, const void *arg, ssem_diag *d)
{
    if (strcmp(path, "-") == 0) {
        if (fn(stdout, arg) != 0 || fflush(stdout) != 0 || ferror(stdout)) {
            ssem_diag_report(d, SSEM_ERROR, "<stdout>", 0, 0, NULL, 0, "write error: %s", strerror(errno));
            return -1;
        }
        return 0;
    }
    /* Devices, FIFOs and the like cannot be replaced by a rename (as root,
     * renaming over /dev/null would turn it into a regular file): they are
     * written in place. A symlink is followed, so the file it names is
     * replaced and the link stays a link. */
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode))
        return write_in_place(path, fn, arg, d);
    char *real = NULL;
    struct stat lst;
    if (lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode) && (real = realpath(path, NULL)) != NULL)
        path = real;
    int rc = write_replacing(path, fn, arg, d, stat(path, &st) == 0 ? &st : NULL);
    free(real);
    return rc;
}

static int write_in_place(const char *path, ssem_writer fn, const void *arg, ssem_diag *d)
{
    FILE *f = fopen(path, "wb");
    if (!f) {
        ssem_diag_report(d, SSEM_ERROR, path, 0, 0, NULL, 0, "cannot write: %s", strerror(errno));
        return -1;
    }
    int rc = fn(f, arg);
    int e = errno;
    if (rc == 0 && (fflush(f) != 0 || ferror(f))) {
        e = errno;
        rc = -1;
    }
    if (fclose(f) != 0 && rc == 0) {
        e = errno;
        rc = -1;
    }
    if (rc != 0)
        ssem_diag_report(d, SSEM_ERROR, path, 0, 0, NULL, 0, "cannot write: %s", strerror(e ? e : EIO));
    return rc;
}

static int write_replacing(const char *path, ssem_writer fn, const void *arg, ssem_diag *d,
                           const struct stat *old)
{
    size_t plen = strlen(path);
    char *tmp = malloc(plen + 16);
    if (!tmp) {
        ssem_diag_report(d, SSEM_ERROR, path, 0, 0, NULL, 0, "out of memory");
        return -1;
    }
    memcpy(tmp, path, plen);
    memcpy(tmp + plen, ".tmp.XXXXXX", 12);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        ssem_diag_report(d, SSEM_ERROR, path, 0, 0, NULL, 0, "cannot write: %s", strerror(errno));
        free(tmp);
        return -1;
    }
    FILE *f = fdopen(fd, "wb");
    if (!f) {
        int e = errno;
        close(fd);
        unlink(tmp);
        ssem_diag_report(d, SSEM_ERROR, path, 0, 0, NULL, 0, "cannot write: %s", strerror(e));
        free(tmp);
        return -1;
    }
    int rc = fn(f, arg);
    int e = errno;
    if (rc == 0 && (fflush(f) != 0 || ferror(f) || fsync(fileno(f)) != 0)) {
        e = errno;
        rc = -1;
    }
    if (fclose(f) != 0 && rc == 0) {
        e = errno;
        rc = -1;
    }
    /* mkstemp creates 0600: keep the mode of the file being replaced, or
     * give a new one the permissions a plain fopen would. */
    if (rc == 0) {
        mode_t um = umask(0);
        umask(um);
        chmod(tmp, old ? (old->st_mode & 07777) : (0666 & ~um));
    }
    if (rc == 0 && rename(tmp, path) != 0) {
        e = errno;
        rc = -1;
    }
    if (rc != 0) {
        unlink(tmp);
        ssem_diag_report(d, SSEM_ERROR, path, 0, 0, NULL, 0, "cannot write: %s", strerror(e ? e : EIO));
    }
    free(tmp);
    return rc;
}
