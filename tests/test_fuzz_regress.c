/* test_fuzz_regress.c: every fuzzer finding (tests/bad/fuzz-TARGET/) and every committed seed replayed through its fuzz target. */
#include <criterion/criterion.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "asm_internal.h"
#include "ssem_isa.h"
#include "test_util.h"

/* The fuzz targets themselves, renamed so the four entry points coexist:
 * a replay is exactly what the fuzzer ran, and a finding aborts (a crash
 * Criterion reports) just as it did there. */
#define LLVMFuzzerTestOneInput fuzz_asm_input
#include "fuzz/fuzz_asm.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_image_input
#include "fuzz/fuzz_image.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_engines_input
#include "fuzz/fuzz_engines.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_dis_input
#include "fuzz/fuzz_dis.c"
#undef LLVMFuzzerTestOneInput

typedef int (*fuzz_fn)(const uint8_t *, size_t);

/* Replay every file in dir; returns how many there were. */
static int replay_dir(const char *dir, fuzz_fn fn)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    int n = 0;
    struct dirent *e;
    char path[4096];
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        size_t len;
        char *data = tu_read(path, &len);
        cr_assert_not_null(data, "cannot read %s", path);
        fn((const uint8_t *)data, len);
        free(data);
        n++;
    }
    closedir(d);
    return n;
}

static void replay(const char *target, fuzz_fn fn)
{
    char dir[256];
    snprintf(dir, sizeof dir, "tests/bad/fuzz-%s", target);
    replay_dir(dir, fn);
    snprintf(dir, sizeof dir, "tests/fuzz/seeds/%s", target);
    replay_dir(dir, fn);
}

/* A timeout is a finding too: a regression must fail, not hang. */
Test(bad_fuzz_findings, asm, .timeout = 120) { replay("asm", fuzz_asm_input); }
Test(bad_fuzz_findings, image) { replay("image", fuzz_image_input); }
Test(bad_fuzz_findings, engines, .timeout = 300) { replay("engines", fuzz_engines_input); }
Test(bad_fuzz_findings, dis) { replay("dis", fuzz_dis_input); }

/* The dictionary only helps while it speaks the current language: every
 * mnemonic and alias of the ISA table is in it, and every word in it is one
 * the assembler reserves. */
static bool dict_has(const char *dict, const char *word, size_t n)
{
    char quoted[64];
    snprintf(quoted, sizeof quoted, "\n\"%.*s\"\n", (int)n, word);
    return strstr(dict, quoted) != NULL;
}

static char lacked[64];

static bool dict_lacks(void *dict, const char *name, size_t n)
{
    if (dict_has(dict, name, n))
        return false;
    snprintf(lacked, sizeof lacked, "%.*s", (int)n, name);
    return true;
}

Test(fuzz_dict, asm_keywords_follow_the_isa_table)
{
    size_t len;
    char *raw = tu_read("tests/fuzz/asm.dict", &len);
    cr_assert_not_null(raw);
    char *dict = malloc(len + 2);
    dict[0] = '\n';
    memcpy(dict + 1, raw, len);
    dict[len + 1] = '\0';
    cr_assert_eq(ssem_op_each_name(dict_lacks, dict), -1, "asm.dict lacks \"%s\"", lacked);
    int words = 0;
    for (char *line = strtok(dict, "\n"); line; line = strtok(NULL, "\n")) {
        size_t n = strlen(line);
        if (n < 3 || line[0] != '"' || line[n - 1] != '"')
            continue;
        const char *w = line + 1;
        size_t wn = n - 2, i = 0;
        while (i < wn && ((w[i] >= 'A' && w[i] <= 'Z') || (i && w[i] >= '0' && w[i] <= '9')))
            i++;
        if (i != wn)
            continue;
        words++;
        cr_expect(asm_reserved(w, wn), "asm.dict has \"%.*s\", which is no keyword", (int)wn, w);
    }
    cr_assert_geq(words, 20);
    free(dict);
    free(raw);
}
