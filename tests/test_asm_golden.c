/* test_asm_golden.c: golden files under tests/asm: ok/ sources with their .img and .lst, err/ sources with their .err diagnostics. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ssem_image.h"
#include "test_asm.h"
#include "test_util.h"

static bool golden_input(const char *name)
{
    const char *dot = strrchr(name, '.');
    return name[0] != '.' && dot &&
           (strcmp(dot, ".s") == 0 || strcmp(dot, ".asm") == 0 || strcmp(dot, ".ssem") == 0);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted source names in dir; returns the count. */
static size_t sources(const char *dir, char ***out)
{
    DIR *d = opendir(dir);
    cr_assert_not_null(d, "%s", dir);
    char **v = NULL;
    size_t n = 0;
    for (struct dirent *e; (e = readdir(d));) {
        if (!golden_input(e->d_name))
            continue;
        v = realloc(v, (n + 1) * sizeof *v);
        v[n++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(v, n, sizeof *v, by_name);
    *out = v;
    return n;
}

static void golden_path(char *buf, size_t size, const char *src, const char *ext)
{
    snprintf(buf, size, "%s", src);
    char *dot = strrchr(buf, '.');
    snprintf(dot, size - (size_t)(dot - buf), "%s", ext);
}

/* Assembles path with no diagnostics to its .img and .lst goldens. */
static void check_ok(const char *path)
{
    char gold[512];
    size_t len;
    char *src = tu_read(path, &len);
    cr_assert_not_null(src);
    ta_result r = ta_asm_full(src, len, path, NULL, 0, false);
    cr_assert(r.ok, "%s:\n%s", path, r.diag);
    cr_assert_eq(r.dlen, 0, "%s has diagnostics:\n%s", path, r.diag);
    ssem_image img = { 0 };
    memcpy(img.word, r.word, sizeof img.word);
    char *bits = NULL;
    size_t blen = 0;
    FILE *m = open_memstream(&bits, &blen);
    cr_assert_eq(ssem_image_write(&img, SSEM_FMT_BITS, m), 0);
    fclose(m);
    golden_path(gold, sizeof gold, path, ".img");
    cr_assert(tu_golden(gold, bits, blen), "%s", gold);
    golden_path(gold, sizeof gold, path, ".lst");
    cr_assert(tu_golden(gold, r.listing, r.llen), "%s", gold);
    free(bits);
    ta_free(&r);
    free(src);
}

Test(asm_golden, ok_sources_images_and_listings)
{
    char **names;
    size_t n = sources("tests/asm/ok", &names);
    cr_assert_geq(n, 5);
    for (size_t i = 0; i < n; i++) {
        char path[512];
        snprintf(path, sizeof path, "tests/asm/ok/%s", names[i]);
        check_ok(path);
        free(names[i]);
    }
    free(names);
}

Test(asm_golden, err_sources_diagnostics)
{
    char **names;
    size_t n = sources("tests/asm/err", &names);
    cr_assert_geq(n, 4);
    for (size_t i = 0; i < n; i++) {
        char path[512], gold[512];
        snprintf(path, sizeof path, "tests/asm/err/%s", names[i]);
        size_t len;
        char *src = tu_read(path, &len);
        cr_assert_not_null(src);
        ta_result r = ta_asm_full(src, len, path, NULL, 0, false);
        cr_assert(!r.ok, "%s assembled", path);
        golden_path(gold, sizeof gold, path, ".err");
        cr_assert(tu_golden(gold, r.diag, r.dlen), "%s", gold);
        ta_free(&r);
        free(src);
        free(names[i]);
    }
    free(names);
}

/* Our own programs in each dialect of docs/language.md, one folder per
 * dialect, assembled as a newcomer would: no --dialect, no diagnostics. */
Test(asm_golden, dialects_images_and_listings)
{
    static const char *const dialects[] = { "babyutils", "dundee", "rileym65", "pfaivre", "gobaby" };
    size_t total = 0;
    for (size_t k = 0; k < sizeof dialects / sizeof dialects[0]; k++) {
        char dir[256];
        snprintf(dir, sizeof dir, "tests/asm/dialects/%s", dialects[k]);
        char **names;
        size_t n = sources(dir, &names);
        cr_assert_geq(n, 1, "%s", dir);
        for (size_t i = 0; i < n; i++, total++) {
            char path[512];
            snprintf(path, sizeof path, "%s/%s", dir, names[i]);
            check_ok(path);
            free(names[i]);
        }
        free(names);
    }
    cr_assert_geq(total, 5);
}

/* Applies the "; flags: -Wall -Wno-x ..." of a warning golden's first line;
 * returns whether it asks for -Werror. */
static bool golden_flags(const char *src, asm_settings *set)
{
    bool werror = false;
    const char *f = strstr(src, "flags:");
    const char *eol = strchr(src, '\n');
    if (!f || (eol && f > eol))
        return false;
    char buf[256];
    snprintf(buf, sizeof buf, "%.*s", (int)((eol ? eol : f + strlen(f)) - f - 6), f + 6);
    for (char *w = strtok(buf, " "); w; w = strtok(NULL, " ")) {
        if (strcmp(w, "-Werror") == 0)
            werror = true;
        else if (strcmp(w, "-w") == 0)
            set->warn.none = true;
        else if (strncmp(w, "--dialect=", 10) == 0)
            set->dialect = (asm_dialect)asm_dialect_from_name(w + 10);
        else
            cr_assert_eq(asm_warn_option(&set->warn, w + 2), 0, "flag %s", w);
    }
    return werror;
}

/* Each warning, with its name, notes and fix-its, against a golden file;
 * and the image is the one the source means, warned about or not. */
Test(asm_golden, warnings)
{
    char **names;
    size_t n = sources("tests/asm/warn", &names);
    cr_assert_geq(n, 8);
    for (size_t i = 0; i < n; i++) {
        char path[512], gold[512];
        snprintf(path, sizeof path, "tests/asm/warn/%s", names[i]);
        size_t len;
        char *src = tu_read(path, &len);
        cr_assert_not_null(src);
        asm_settings set = { 0 };
        bool werror = golden_flags(src, &set);
        ta_result r = ta_asm_set(src, len, path, NULL, 0, &set, werror);
        cr_assert_eq(r.ok, !werror || r.warnings == 0, "%s:\n%s", path, r.diag);
        golden_path(gold, sizeof gold, path, ".err");
        cr_assert(tu_golden(gold, r.diag, r.dlen), "%s", gold);
        /* Warnings never change the image. */
        asm_settings quiet = { .warn.none = true, .dialect = set.dialect };
        ta_result q = ta_asm_set(src, len, path, NULL, 0, &quiet, false);
        cr_assert(q.ok, "%s:\n%s", path, q.diag);
        cr_assert_eq(q.dlen, 0, "%s with -w:\n%s", path, q.diag);
        if (r.ok)
            cr_assert_arr_eq(q.word, r.word, sizeof q.word, "%s", path);
        ta_free(&q);
        ta_free(&r);
        free(src);
        free(names[i]);
    }
    free(names);
}
