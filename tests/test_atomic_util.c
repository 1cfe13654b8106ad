/* test_atomic_util.c: what the atomic-output suites share: scratch paths, planted files, checks that nothing else was left. */
#include <criterion/criterion.h>

#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_atomic.h"
#include "test_bad.h"

const char TA_SENTINEL[] = "precious: an earlier run's output\n";

char *ta_path_in(const char *dir, const char *name)
{
    static char bufs[8][512];
    static int k;
    char *b = bufs[k++ % 8];
    snprintf(b, 512, "%s/%s", dir, name);
    return b;
}

void ta_plant(const char *path)
{
    cr_assert(tu_write(path, TA_SENTINEL, strlen(TA_SENTINEL)), "cannot create %s", path);
}

void ta_expect_untouched(const char *path, const char *what)
{
    size_t len;
    char *data = tu_read(path, &len);
    cr_expect_not_null(data, "%s: %s was removed", what, path);
    if (data)
        cr_expect(len == strlen(TA_SENTINEL) && memcmp(data, TA_SENTINEL, len) == 0,
                  "%s: %s was modified (now %zu bytes)", what, path, len);
    free(data);
}

/* The directory holds exactly the names given (NULL-terminated): nothing
 * half-written, no temporary file left behind. */
void ta_expect_only(const char *dir, const char *what, ...)
{
    DIR *d = opendir(dir);
    cr_assert_not_null(d);
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        bool known = false;
        va_list ap;
        va_start(ap, what);
        for (const char *n; (n = va_arg(ap, const char *));)
            if (!strcmp(n, e->d_name))
                known = true;
        va_end(ap);
        cr_expect(known, "%s: unexpected file %s/%s left behind", what, dir, e->d_name);
    }
    closedir(d);
}

tu_run ta_run(const char *const argv[]) { return bad_exec(argv, NULL, 0, NULL); }

void ta_expect_clean_failure(const tu_run *r, const char *what, int status)
{
    cr_expect_eq(r->status, status, "%s: status %d, want %d\n%s", what, r->status, status, r->err);
    cr_expect(r->errlen > 0, "%s: failed without a message", what);
    cr_expect(strstr(r->err, "error") != NULL, "%s: message does not say error: %s", what, r->err);
}
