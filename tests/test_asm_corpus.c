/* test_asm_corpus.c: conformance: every corpus source file assembles to its SIMH-checked initial store; medclock is rejected; hfr.s. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ssem_image.h"
#include "test_asm.h"
#include "test_util.h"

static bool is_source_name(const char *f)
{
    size_t n = strlen(f);
    return (n > 5 && strcmp(f + n - 5, ".ssem") == 0) || (n > 4 && strcmp(f + n - 4, ".asm") == 0);
}

/* Walks expected.json: each entry has "files": [...] then "initial": [...]. */
Test(asm_corpus, every_source_assembles_to_its_initial_store)
{
    const char *dir = tu_corpus_dir();
    if (!dir)
        cr_skip_test("no corpus ($SSEM_CORPUS)");
    char path[4096];
    snprintf(path, sizeof path, "%s/expected.json", dir);
    char *json = tu_read(path, NULL);
    cr_assert_not_null(json);
    int checked = 0, rejected = 0, images = 0, forever = 0;
    for (const char *p = strstr(json, "\"files\""); p; p = strstr(p, "\"files\"")) {
        const char *end = strchr(p, ']');
        cr_assert_not_null(end);
        int64_t init[32];
        const char *after;
        size_t n = ta_json_numbers(end, "initial", init, 32, &after);
        cr_assert_eq(n, 32, "initial store near offset %td", p - json);
        const char *h = strstr(after, "\"halted\"");
        cr_assert_not_null(h);
        bool halts = strncmp(h + 9, " true", 5) == 0;
        /* Every quoted name in the "files" list. */
        for (const char *q = strchr(p + 7, '"'); q && q < end; q = strchr(q + 1, '"')) {
            const char *qe = strchr(q + 1, '"');
            char name[512];
            snprintf(name, sizeof name, "%.*s", (int)(qe - q - 1), q + 1);
            q = qe;
            if (!is_source_name(name))
                continue;
            snprintf(path, sizeof path, "%s/%s", dir, name);
            size_t len;
            char *src = tu_read(path, &len);
            cr_assert_not_null(src, "%s", path);
            /* babyping's .ssem files are bare-bit images, not source. */
            if (ssem_image_detect(src, len) != SSEM_FMT_AUTO) {
                images++;
                free(src);
                continue;
            }
            ta_result r = ta_asm_full(src, len, name, NULL, 0, false);
            if (strstr(name, "medclock.ssem")) {
                /* Line 27 is given twice; expected.json keeps the last one. */
                cr_assert(!r.ok, "%s must be rejected", name);
                cr_assert(strstr(r.diag, "medclock.ssem:39:4: error: two statements on store line 27"),
                          "%s", r.diag);
                rejected++;
            } else {
                cr_assert(r.ok, "%s:\n%s", name, r.diag);
                /* The default warnings are quiet, but for the one that says
                 * a program never stops, and that only on those that do not
                 * (a self-modifying one it may not see through). */
                if (halts || r.warnings == 0) {
                    cr_assert_eq(r.warnings, 0, "%s:\n%s", name, r.diag);
                } else {
                    cr_assert_eq(r.warnings, 1, "%s:\n%s", name, r.diag);
                    cr_assert(strstr(r.diag, "[-Wmissing-stp]"), "%s:\n%s", name, r.diag);
                    forever++;
                }
                for (int i = 0; i < 32; i++)
                    cr_assert_eq(r.word[i], (uint32_t)init[i], "%s line %d: %08x, want %08x", name,
                                 i, r.word[i], (unsigned)(uint32_t)init[i]);
                checked++;
            }
            ta_free(&r);
            free(src);
        }
        p = after;
    }
    free(json);
    cr_assert_geq(checked, 40, "only %d corpus sources checked", checked);
    cr_assert_eq(rejected, 1);
    cr_assert_geq(images, 1);
    cr_assert_geq(forever, 3);
}

/* The first program: the image must be the corpus' Kilburn FACTOR store. */
Test(asm_corpus, hfr_is_the_1948_first_program)
{
    size_t len;
    char *src = tu_read("examples/hfr.s", &len);
    cr_assert_not_null(src, "examples/hfr.s");
    ta_result r = ta_asm_full(src, len, "examples/hfr.s", NULL, 0, true);
    cr_assert(r.ok, "%s", r.diag);
    cr_assert_eq(r.word[23], (uint32_t)-262144, "-a");
    cr_assert_eq(r.word[24], 262143u, "a-1");
    cr_assert_eq(r.word[8], 0x2014u, "JRP 20");
    cr_assert_eq(r.word[22], 4u, "EJA divide");
    const char *dir = tu_corpus_dir();
    if (dir) {
        char path[4096];
        snprintf(path, sizeof path, "%s/NevynUK_ManchesterBaby/FACTOR.SNP", dir);
        ssem_image img;
        ssem_diag d;
        ssem_diag_init(&d, NULL);
        cr_assert_eq(ssem_image_load(&img, path, SSEM_FMT_AUTO, &d), 0);
        for (int i = 0; i < 32; i++)
            cr_assert_eq(r.word[i], img.word[i], "line %d", i);
    }
    ta_free(&r);
    free(src);
}
