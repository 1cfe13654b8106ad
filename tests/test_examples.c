/* test_examples.c: every program in examples/ assembles, runs under every engine and ends with its documented result. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <dirent.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "asm.h"
#include "emu.h"
#include "test_util.h"

#define EX_MAXLINES 6

/* A store line and the value the program leaves there (as a signed or an
 * unsigned 32-bit number: compared mod 2^32). */
typedef struct ex_line {
    int line;
    int64_t value;
} ex_line;

typedef struct ex_case {
    const char *file;    /* under examples/ */
    const char *corpus;  /* corpus file with the same store image, or NULL */
    uint64_t steps;      /* halting: its documented count; else the checkpoint */
    bool halts;
    int64_t a;
    unsigned ci;         /* the line CI names (CI mod 32) */
    int nlines;
    ex_line lines[EX_MAXLINES];
} ex_case;

#define HALT(file, corpus, steps, a, ci, ...) \
    { file, corpus, steps, true, a, ci, \
      sizeof((ex_line[]){ __VA_ARGS__ }) / sizeof(ex_line), { __VA_ARGS__ } }
#define CHECKPOINT(file, corpus, steps, a, ci, ...) \
    { file, corpus, steps, false, a, ci, \
      sizeof((ex_line[]){ __VA_ARGS__ }) / sizeof(ex_line), { __VA_ARGS__ } }

/*
 * The documented results (each file's header says the same). Checkpoints
 * for the programs that never stop are at 5,000,000 steps, where the corpus
 * has SIMH's state, except the banner, which is checked at the end of its
 * 32nd sweep.
 */
static const ex_case ex_cases[] = {
    /* historic */
    HALT("hfr.s", "NevynUK_ManchesterBaby/FACTOR.SNP", 2097154, 0, 13,
         { 27, 131072 }, { 26, -131072 }),
    HALT("hfr35.s", "NevynUK_ManchesterBaby/HCF1.ssem", 504, 0, 13, { 27, 7 }, { 26, -7 }),
    HALT("hfr989.s", "NevynUK_ManchesterBaby/hfr989.ssem", 21387, 0, 17, { 20, 42 }, { 22, -42 }),
    HALT("hcf.s", "NevynUK_ManchesterBaby/HCF2.ssem", 417, -1, 16, { 31, 1 }, { 30, 3 }),
    HALT("longdiv.s", "NevynUK_ManchesterBaby/TuringLongDivision.ssem", 53, -536870912, 19,
         { 28, 0xE0000000 }, { 31, -8 }),
    HALT("intdiv.s", "NevynUK_ManchesterBaby/IntDivision.ssem", 206, 36, 12, { 30, 15 }, { 31, 36 }),
    HALT("primes.s", "NevynUK_ManchesterBaby/Primes.ssem", 15, 0, 15, { 21, 2 }),
    HALT("parabola.s", "NevynUK_ManchesterBaby/Parabola.ssem", 341, 0, 5, { 28, 8 }),
    HALT("noodle.s", "NevynUK_ManchesterBaby/3Minutes.ssem", 131250, 62914530, 22, { 28, 47168 },
         { 1, 0xFFFF47C0 }),
    CHECKPOINT("nightmare.s", "NevynUK_ManchesterBaby/Nightmare.ssem", 5000000, -7, 11,
               { 21, 0 }, { 25, 1089994752 }),
    CHECKPOINT("clock.s", "NevynUK_ManchesterBaby/Clock.ssem", 5000000, 13547, 1, { 30, -2 },
               { 31, 0x80000000 }),
    CHECKPOINT("virpet.s", "emustudio_emuStudio/virpet.ssem", 5000000, 0, 14, { 22, 0 },
               { 30, 0x01C00080 }, { 31, 0x02200140 }),
    /* new */
    HALT("add.s", NULL, 6, 1998, 6, { 10, 1998 }),
    HALT("negate.s", NULL, 11, 958, 12, { 16, -1000 }, { 17, -958 }, { 18, 958 }),
    HALT("multiply.s", NULL, 540, 0, 12, { 17, 5535 }, { 15, 0 }),
    HALT("divmod.s", NULL, 1854, 6, 9, { 23, 142 }, { 24, 6 }),
    HALT("fibonacci.s", NULL, 340, 0, 17, { 19, 102334155 }, { 20, 165580141 }),
    HALT("gcd.s", NULL, 123, 0, 16, { 18, 0 }, { 19, 21 }),
    HALT("sqrt.s", NULL, 564, -24, 7, { 24, 31 }, { 25, -39 }, { 23, 63 }),
    HALT("table.s", NULL, 104, 0, 13, { 16, 77 }, { 2, 4 * 8192 + 26 }),
    HALT("subroutine.s", NULL, 29, 42, 10, { 25, -42 }, { 21, 8 }),
    CHECKPOINT("banner.s", NULL, 2747, 805322779, 0, { 27, 245409350 }, { 28, 178301610 },
               { 29, 249579238 }, { 30, 176179882 }, { 31, 243287718 }),
};
#define EX_NCASES (sizeof ex_cases / sizeof ex_cases[0])

/* --- helpers ------------------------------------------------------------------ */

/* Assemble examples/FILE into store; false (after reporting) on failure. */
static bool ex_assemble(const char *file, uint32_t store[SSEM_WORDS])
{
    char path[256];
    snprintf(path, sizeof path, "examples/%s", file);
    size_t len;
    char *src = tu_read(path, &len);
    cr_assert_not_null(src, "cannot read %s", path);
    char *msgs = NULL;
    size_t msglen = 0;
    FILE *mf = open_memstream(&msgs, &msglen);
    cr_assert_not_null(mf);
    ssem_diag d;
    ssem_diag_init(&d, mf);
    asm_program *p = asm_assemble(src, len, path, NULL, &d);
    fclose(mf);
    bool ok = p != NULL;
    cr_expect(ok, "%s does not assemble:\n%s", path, msgs);
    cr_expect_eq(d.warnings, 0, "%s: warnings:\n%s", path, msgs);
    if (p) {
        ssem_image img;
        asm_program_image(p, &img);
        memcpy(store, img.word, sizeof img.word);
        asm_program_free(p);
    }
    free(msgs);
    free(src);
    return ok;
}

/* What the corpus's expected.json says about one of its files. */
static bool ex_corpus_ref(const char *file, tu_case *r)
{
    tu_case *cases;
    char why[256];
    int n = tu_corpus_load(tu_corpus_dir(), &cases, why, sizeof why);
    cr_assert(n >= 0, "corpus: %s", why);
    bool found = false;
    for (int i = 0; i < n && !found; i++)
        for (int f = 0; f < cases[i].nfiles && !found; f++)
            if (strcmp(cases[i].files[f], file) == 0) {
                *r = cases[i];
                found = true;
            }
    free(cases);
    return found;
}

/* --- the documented result under every engine --------------------------------- */

/* The parameters are indexes into ex_cases: Criterion runs each test in a
 * fresh process, where pointers taken in this one would not be valid. */
static struct criterion_test_params ex_params(void)
{
    size_t *ix = cr_malloc(EX_NCASES * sizeof *ix);
    for (size_t i = 0; i < EX_NCASES; i++)
        ix[i] = i;
    return cr_make_param_array(size_t, ix, EX_NCASES);
}

ParameterizedTestParameters(examples, documented_result)
{
    return ex_params();
}

ParameterizedTest(size_t *ix, examples, documented_result, .timeout = 120)
{
    const ex_case *c = &ex_cases[*ix];
    uint32_t store[SSEM_WORDS];
    cr_assert(ex_assemble(c->file, store));

    size_t ne;
    const emu_engine *const *engines = emu_engine_list(&ne);
    cr_assert_gt(ne, 0);
    for (size_t k = 0; k < ne; k++) {
        const char *en = engines[k]->name;
        emu_machine m;
        emu_machine_init(&m, store);
        /* A halting program gets a margin: it must stop by itself, on time. */
        cr_assert_eq(emu_run(engines[k], &m, c->halts ? c->steps + 1000 : c->steps), 0);
        cr_expect_eq(m.halted, c->halts, "%s on %s: halted %d", c->file, en, m.halted);
        cr_expect_eq(m.steps, c->steps, "%s on %s: %" PRIu64 " steps, documented %" PRIu64,
                     c->file, en, m.steps, c->steps);
        cr_expect_eq(m.a, (uint32_t)c->a, "%s on %s: A = %" PRId32 ", documented %" PRId64,
                     c->file, en, (int32_t)m.a, c->a);
        cr_expect_eq(ssem_line_of(m.ci), c->ci, "%s on %s: CI = %" PRIu32 ", documented %u",
                     c->file, en, m.ci, c->ci);
        for (int i = 0; i < c->nlines; i++) {
            const ex_line *l = &c->lines[i];
            cr_expect_eq(m.store[l->line], (uint32_t)l->value,
                         "%s on %s: line %d = %" PRId32 ", documented %" PRId64, c->file, en,
                         l->line, (int32_t)m.store[l->line], l->value);
        }
    }
}

/* Historic renditions: the same store image as the corpus program, and the
 * whole final (or checkpoint) state SIMH produced. */
ParameterizedTestParameters(examples, same_as_corpus)
{
    return ex_params();
}

ParameterizedTest(size_t *ix, examples, same_as_corpus, .timeout = 60)
{
    const ex_case *c = &ex_cases[*ix];
    if (!c->corpus)
        cr_skip_test("not a historic program: no corpus image to compare");
    if (!tu_corpus_dir())
        cr_skip_test("no corpus ($SSEM_CORPUS)");
    tu_case r;
    cr_assert(ex_corpus_ref(c->corpus, &r), "%s not found in expected.json", c->corpus);

    uint32_t store[SSEM_WORDS];
    cr_assert(ex_assemble(c->file, store));
    for (int i = 0; i < SSEM_WORDS; i++)
        cr_expect_eq(store[i], r.initial[i], "%s line %d = 0x%08" PRIX32 ", %s has 0x%08" PRIX32,
                     c->file, i, store[i], c->corpus, r.initial[i]);
    cr_assert_eq(r.halted, c->halts, "%s: the corpus disagrees about halting", c->file);
    cr_assert_eq(r.steps, c->steps, "%s: documented %" PRIu64 " steps, the corpus %" PRIu64,
                 c->file, c->steps, r.steps);

    emu_machine m;
    emu_machine_init(&m, store);
    cr_assert_eq(emu_run(&emu_engine_reference, &m, r.steps + (r.halted ? 1000 : 0)), 0);
    cr_expect_eq(m.steps, r.steps);
    cr_expect_eq(m.a, r.a, "%s: A = %" PRIu32 ", SIMH %" PRIu32, c->file, m.a, r.a);
    cr_expect_eq(ssem_line_of(m.ci), ssem_line_of(r.ci));
    for (int i = 0; i < SSEM_WORDS; i++)
        cr_expect_eq(m.store[i], r.store[i], "%s: line %d = %" PRIu32 ", SIMH %" PRIu32,
                     c->file, i, m.store[i], r.store[i]);
}

/* --- the collection itself ------------------------------------------------------ */

static const ex_case *ex_find(const char *file)
{
    for (size_t i = 0; i < EX_NCASES; i++)
        if (strcmp(ex_cases[i].file, file) == 0)
            return &ex_cases[i];
    return NULL;
}

/* A new example must come with its documented result in the table above,
 * and each opens with the header the README promises. */
Test(examples, every_file_has_a_result_and_a_header)
{
    DIR *dir = opendir("examples");
    cr_assert_not_null(dir, "examples/");
    struct dirent *de;
    int n = 0;
    while ((de = readdir(dir))) {
        size_t len = strlen(de->d_name);
        if (len < 3 || strcmp(de->d_name + len - 2, ".s") != 0)
            continue;
        n++;
        cr_expect_not_null(ex_find(de->d_name), "examples/%s has no entry in ex_cases",
                           de->d_name);
        char path[512];
        snprintf(path, sizeof path, "examples/%s", de->d_name);
        size_t flen;
        char *src = tu_read(path, &flen);
        cr_assert_not_null(src);
        cr_expect(src[0] == ';', "%s: no header comment", path);
        cr_expect_not_null(strstr(src, "Result:"), "%s: the header gives no result", path);
        /* hfr.s (the assembler's showcase) has its own header layout. */
        if (strcmp(de->d_name, "hfr.s") != 0)
            for (const char *const *f = (const char *const[]){ "What:", "Origin:", "Steps:", NULL };
                 *f; f++)
                cr_expect_not_null(strstr(src, *f), "%s: the header lacks '%s'", path, *f);
        free(src);
    }
    closedir(dir);
    cr_expect_geq(n, 20, "only %d examples", n);
    cr_expect_eq((size_t)n, EX_NCASES, "%d files, %zu table entries", n, EX_NCASES);
}

/* Wijnen's generator keeps its state in the store: run it again with CI = 0
 * and A = 0 and each run leaves the next prime, under every engine. */
Test(examples, primes_next_prime_each_run)
{
    static const struct { uint32_t prime; uint64_t steps; } want[] = {
        { 2, 15 }, { 3, 37 }, { 5, 118 }, { 7, 174 }, { 11, 402 }, { 13, 354 }, { 17, 622 },
    };
    uint32_t store[SSEM_WORDS];
    cr_assert(ex_assemble("primes.s", store));
    size_t ne;
    const emu_engine *const *engines = emu_engine_list(&ne);
    for (size_t k = 0; k < ne; k++) {
        uint32_t kept[SSEM_WORDS];
        memcpy(kept, store, sizeof kept);
        for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
            emu_machine m;
            emu_machine_init(&m, kept);
            cr_assert_eq(emu_run(engines[k], &m, 100000), 0);
            cr_expect(m.halted, "%s: run %zu did not halt", engines[k]->name, i);
            cr_expect_eq(m.store[21], want[i].prime, "%s: run %zu left %" PRIu32,
                         engines[k]->name, i, m.store[21]);
            cr_expect_eq(m.steps, want[i].steps, "%s: run %zu took %" PRIu64, engines[k]->name,
                         i, m.steps);
            memcpy(kept, m.store, sizeof kept);
        }
    }
}

/* The banner's text comes back to where it started after each 32 sweeps,
 * and is really moving in between. */
Test(examples, banner_scrolls_round)
{
    uint32_t store[SSEM_WORDS];
    cr_assert(ex_assemble("banner.s", store));
    emu_machine m;
    emu_machine_init(&m, store);
    cr_assert_eq(emu_run(&emu_engine_reference, &m, 100), 0);
    cr_expect_neq(m.store[27], store[27], "line 27 has not moved after 100 steps");
    /* rotated by two columns after the first sweep and part of the second */
    cr_expect_eq(m.store[27], store[27] << 2 | store[27] >> 30);
    emu_machine_init(&m, store);
    cr_assert_eq(emu_run(&emu_engine_reference, &m, 2 * 2747), 0);
    for (int i = 27; i < 32; i++)
        cr_expect_eq(m.store[i], store[i], "line %d after 64 sweeps", i);
    cr_expect_eq(ssem_line_of(m.ci), 0);
}

/* The built ssemasm gives the same image as the library, for every example. */
Test(examples, ssemasm_cli_agrees)
{
    for (size_t i = 0; i < EX_NCASES; i++) {
        uint32_t store[SSEM_WORDS];
        cr_assert(ex_assemble(ex_cases[i].file, store));
        char path[256];
        snprintf(path, sizeof path, "examples/%s", ex_cases[i].file);
        tu_run r = tu_execl(NULL, "ssemasm", path, "-o", "-", NULL);
        cr_assert_eq(r.status, 0, "ssemasm %s: %d\n%s", path, r.status, r.err);
        cr_expect_eq(r.errlen, 0, "ssemasm %s: %s", path, r.err);
        ssem_diag d;
        ssem_diag_init(&d, NULL);
        ssem_image img;
        cr_assert_eq(ssem_image_parse(&img, r.out, r.outlen, path, SSEM_FMT_BITS, &d), 0,
                     "ssemasm %s wrote no bare-bits image", path);
        for (int k = 0; k < SSEM_WORDS; k++)
            cr_expect_eq(img.word[k], store[k], "%s line %d", path, k);
        tu_run_free(&r);
    }
}

/* 1234567 -> "1,234,567", as the headers and the README write step counts. */
static void ex_commas(uint64_t v, char *out, size_t n)
{
    char digits[32];
    int len = snprintf(digits, sizeof digits, "%" PRIu64, v);
    size_t o = 0;
    for (int i = 0; i < len && o + 2 < n; i++) {
        if (i > 0 && (len - i) % 3 == 0)
            out[o++] = ',';
        out[o++] = digits[i];
    }
    out[o] = '\0';
}

/* The step counts written in each header and in examples/README.md are the
 * ones the table above checks, so the documentation cannot drift. */
Test(examples, documented_steps_match_the_table)
{
    size_t rlen;
    char *readme = tu_read("examples/README.md", &rlen);
    cr_assert_not_null(readme, "examples/README.md");
    for (size_t i = 0; i < EX_NCASES; i++) {
        const ex_case *c = &ex_cases[i];
        char row[128], steps[32], path[256];
        snprintf(row, sizeof row, "| `%s` |", c->file);
        const char *r = strstr(readme, row);
        cr_expect_not_null(r, "README has no row for %s", c->file);
        snprintf(path, sizeof path, "examples/%s", c->file);
        size_t flen;
        char *src = tu_read(path, &flen);
        cr_assert_not_null(src);
        if (c->halts) {
            ex_commas(c->steps, steps, sizeof steps);
            if (r) {
                const char *eol = strchr(r, '\n');
                /* the last cell: "| 2,097,154 |" or "| 15 (then 37, ...) |" */
                char *line = strndup(r, eol ? (size_t)(eol - r) : strlen(r));
                size_t ll = strlen(line);
                while (ll && (line[ll - 1] == ' ' || line[ll - 1] == '|'))
                    line[--ll] = '\0';
                char *cell = strrchr(line, '|');
                cell = cell ? cell + 1 + strspn(cell + 1, " ") : line;
                size_t sl = strlen(steps);
                cr_expect(strncmp(cell, steps, sl) == 0 && (cell[sl] == '\0' || cell[sl] == ' '),
                          "README row for %s gives '%s' steps, the table %s", c->file, cell,
                          steps);
                free(line);
            }
            cr_expect_not_null(strstr(src, steps), "%s: header lacks %s steps", path, steps);
        } else {
            cr_expect_not_null(strstr(src, "does not stop"),
                               "%s never halts but its header does not say so", path);
        }
        free(src);
    }
    free(readme);
}
