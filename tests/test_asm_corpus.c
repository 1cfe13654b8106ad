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

Test(asm_corpus, every_source_assembles_to_its_initial_store)
{
    const char *dir = tu_corpus_dir();
    if (!dir)
        cr_skip_test("no corpus ($SSEM_CORPUS)");
    tu_case *cases;
    char why[256], path[4096];
    int ncases = tu_corpus_load(dir, &cases, why, sizeof why);
    cr_assert(ncases > 0, "corpus: %s", ncases < 0 ? why : "no cases");
    int checked = 0, rejected = 0, images = 0, forever = 0;
    for (int c = 0; c < ncases; c++)
        for (int f = 0; f < cases[c].nfiles; f++) {
            const char *name = cases[c].files[f];
            bool halts = cases[c].halted;
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
                    cr_assert_eq(r.word[i], cases[c].initial[i], "%s line %d: %08x, want %08x", name, i,
                                 r.word[i], cases[c].initial[i]);
                checked++;
            }
            ta_free(&r);
            free(src);
        }
    free(cases);
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
