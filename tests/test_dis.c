/* test_dis.c: word disassembly, the ssemdis program (CLI, golden output) and the ssemdis | ssemasm round trip. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "ssem_dis.h"
#include "ssem_image.h"
#include "ssem_isa.h"
#include "test_util.h"

static const char *dis_instr(uint32_t w)
{
    static char buf[64];
    size_t n = ssem_dis_instr(w, buf, sizeof buf);
    cr_assert_eq(n, strlen(buf));
    return buf;
}

static const char *dis_word(uint32_t w)
{
    static char buf[64];
    size_t n = ssem_dis_word(w, buf, sizeof buf);
    cr_assert_eq(n, strlen(buf));
    return buf;
}

Test(dis_word, instructions)
{
    cr_assert_str_eq(dis_instr(0x0000), "JMP 0");
    cr_assert_str_eq(dis_instr(0x2014), "JRP 20");
    cr_assert_str_eq(dis_instr(0x4018), "LDN 24");
    cr_assert_str_eq(dis_instr(0x601A), "STO 26");
    cr_assert_str_eq(dis_instr(0x801B), "SUB 27");
    cr_assert_str_eq(dis_instr(0xA003), "SUB2 3");
    cr_assert_str_eq(dis_instr(0xC000), "CMP");
    cr_assert_str_eq(dis_instr(0xE000), "STP");
    /* CMP and STP ignore n, but it is part of the word: show it so it reassembles. */
    cr_assert_str_eq(dis_instr(0xC005), "CMP 5");
    cr_assert_str_eq(dis_instr(0xE01F), "STP 31");
}

Test(dis_word, instr_ignores_ignored_bits)
{
    cr_assert_str_eq(dis_instr(0xFFFFFFFF), "STP 31");
    cr_assert_str_eq(dis_instr(0xFFFC0000), "JMP 0");
    cr_assert_str_eq(dis_instr(0x12345678), "LDN 24");
    cr_assert_str_eq(dis_instr(0x4018 | 0x1FE0), "LDN 24");
    cr_assert_str_eq(dis_instr(0xFFFF0000 | 0xC000), "CMP");
}

Test(dis_word, clean_words_are_mnemonics)
{
    cr_assert_str_eq(dis_word(0x4018), "LDN 24");
    cr_assert_str_eq(dis_word(0xE000), "STP");
    cr_assert_str_eq(dis_word(0xA01F), "SUB2 31");
    cr_assert_str_eq(dis_word(5), "JMP 5");
}

Test(dis_word, other_words_are_num)
{
    cr_assert_str_eq(dis_word(0xFFFFFFFF), "NUM -1");
    cr_assert_str_eq(dis_word(0xFFFFFFFD), "NUM -3");
    cr_assert_str_eq(dis_word(0x80000000), "NUM -2147483648");
    cr_assert_str_eq(dis_word(0x7FFFFFFF), "NUM 2147483647");
    cr_assert_str_eq(dis_word(0x20), "NUM 32");
    cr_assert_str_eq(dis_word(0x10000), "NUM 65536");
}

Test(dis_word, every_word_shape_reassembles)
{
    /* Read the text back with the ISA table, as the assembler would. */
    uint64_t s = 99;
    for (int k = 0; k < 20000; k++) {
        uint32_t w;
        if (k < 256)
            w = ssem_word_make((unsigned)k >> 5, (unsigned)k & 31);
        else {
            s = s * 6364136223846793005u + 1442695040888963407u;
            w = (uint32_t)(s >> 32);
            if (k & 1)
                w &= ~SSEM_IGNORED_MASK | (1u << (k % 32)); /* a single ignored bit */
        }
        const char *t = dis_word(w);
        uint32_t back;
        if (strncmp(t, "NUM ", 4) == 0) {
            cr_assert_not(ssem_word_is_clean(w), "%08x: clean word as %s", w, t);
            back = (uint32_t)strtol(t + 4, NULL, 10);
        } else {
            size_t n = strcspn(t, " ");
            int f = ssem_op_lookup(t, n);
            cr_assert_geq(f, 0, "%s", t);
            unsigned op = t[n] ? (unsigned)atoi(t + n + 1) : 0;
            cr_assert(t[n] || ssem_ops[f].operand == SSEM_OPND_OPT, "%s needs an operand", t);
            back = ssem_word_make((unsigned)f, op);
        }
        cr_assert_eq(back, w, "%08x -> '%s' -> %08x", w, t, back);
    }
}

Test(dis_word, small_buffers)
{
    char buf[4];
    size_t n = ssem_dis_word(0x4018, buf, sizeof buf);
    cr_assert_eq(n, 3);
    cr_assert_str_eq(buf, "LDN");
    n = ssem_dis_word(0x80000000, buf, sizeof buf);
    cr_assert_eq(n, 3);
    cr_assert_str_eq(buf, "NUM");
    n = ssem_dis_instr(0x4018, buf, 0);
    cr_assert_eq(n, 0);
}

/* ---- the program ------------------------------------------------------------------ */

Test(dis_cli, help_and_version)
{
    tu_run r = tu_execl(NULL, "ssemdis", "--help", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(strstr(r.out, "Usage: ssemdis") != NULL);
    cr_assert(strstr(r.out, "--crt") != NULL);
    tu_run_free(&r);
    r = tu_execl(NULL, "ssemdis", "-V", NULL);
    cr_assert_eq(r.status, 0);
    cr_assert(strncmp(r.out, "ssemdis (ssem) ", 15) == 0, "%s", r.out);
    tu_run_free(&r);
}

Test(dis_cli, usage_errors_exit_2)
{
    static const char *const argvs[][4] = {
        { "ssemdis", NULL }, { "ssemdis", "--bogus", "x", NULL }, { "ssemdis", "-f", NULL },
        { "ssemdis", "-f", "png", "x" }, { "ssemdis", "a", "b", NULL },
    };
    for (size_t i = 0; i < sizeof argvs / sizeof argvs[0]; i++) {
        const char *argv[5] = { 0 };
        memcpy(argv, argvs[i], sizeof argvs[i]);
        tu_run r = tu_exec(argv, NULL, 0);
        cr_assert_eq(r.status, 2, "case %zu: status %d", i, r.status);
        cr_assert(strstr(r.err, "ssemdis: error: ") != NULL, "%s", r.err);
        cr_assert(strstr(r.err, "--help") != NULL);
        cr_assert_eq(r.outlen, 0);
        tu_run_free(&r);
    }
}

Test(dis_cli, bad_input_exits_1)
{
    tu_run r = tu_execl(NULL, "ssemdis", "tests/image/no-such-file.img", NULL);
    cr_assert_eq(r.status, 1);
    cr_assert(strstr(r.err, "tests/image/no-such-file.img: error: cannot open") != NULL, "%s", r.err);
    tu_run_free(&r);
    r = tu_execl(NULL, "ssemdis", "tests/image/bad-range.snp", NULL);
    cr_assert_eq(r.status, 1);
    cr_assert(strstr(r.err, "tests/image/bad-range.snp:7: error: line number 40 is outside the store (0-31)"),
              "%s", r.err);
    cr_assert_eq(r.outlen, 0, "no output on error");
    tu_run_free(&r);
    r = tu_execl("01 LDN 29\n", "ssemdis", "-", NULL);
    cr_assert_eq(r.status, 1);
    cr_assert(strstr(r.err, "<stdin>: error: not a store image") != NULL, "%s", r.err);
    tu_run_free(&r);
}

Test(dis_cli, golden_output)
{
    tu_run r = tu_execl(NULL, "ssemdis", "tests/image/dis-sample.img", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert_eq(r.errlen, 0, "%s", r.err);
    cr_assert(tu_golden("tests/image/dis-sample.s", r.out, r.outlen));
    tu_run_free(&r);
    r = tu_execl(NULL, "ssemdis", "--crt", "tests/image/dis-sample.img", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(tu_golden("tests/image/dis-sample-crt.s", r.out, r.outlen));
    tu_run_free(&r);
}

Test(dis_cli, stdin_forced_format_and_output_file)
{
    size_t len;
    char *img = tu_read("tests/image/dis-sample.img", &len);
    cr_assert(img);
    tu_run want = tu_execl(NULL, "ssemdis", "tests/image/dis-sample.img", NULL);
    tu_run r = tu_exec((const char *const[]){ "ssemdis", "-f", "img", "-", NULL }, img, len);
    cr_assert_eq(r.status, 0, "%s", r.err);
    /* Only the name in the header line differs. */
    cr_assert(strncmp(r.out, "; <stdin> (img image)", 21) == 0, "%s", r.out);
    cr_assert_str_eq(strchr(r.out, '\n'), strchr(want.out, '\n'));
    tu_run_free(&r);

    const char *dir = tu_tmpdir();
    char out[512];
    snprintf(out, sizeof out, "%s/o.s", dir);
    r = tu_execl(NULL, "ssemdis", "-o", out, "tests/image/dis-sample.img", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert_eq(r.outlen, 0);
    size_t olen;
    char *text = tu_read(out, &olen);
    cr_assert(text);
    cr_assert_str_eq(text, want.out);
    free(text);
    unlink(out);
    rmdir(dir);
    tu_run_free(&r);
    tu_run_free(&want);
    free(img);
}

Test(dis_cli, st_registers_in_a_comment)
{
    const char *dir = tu_tmpdir();
    char path[512];
    snprintf(path, sizeof path, "%s/r.st", dir);
    ssem_image img = { .a = (uint32_t)-30, .ci = 32, .has_regs = true };
    img.word[1] = 0x4014;
    ssem_diag d;
    ssem_diag_init(&d, stderr);
    cr_assert_eq(ssem_image_save(&img, path, SSEM_FMT_AUTO, &d), 0);
    tu_run r = tu_execl(NULL, "ssemdis", path, NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(strstr(r.out, "(st image)") != NULL, "%s", r.out);
    cr_assert(strstr(r.out, "\n; registers in the image (not part of the source): A = -30, CI = 32\n"), "%s",
              r.out);
    cr_assert(strstr(r.out, "\n01: LDN 20\n") != NULL, "%s", r.out);
    tu_run_free(&r);
    unlink(path);
    rmdir(dir);
}

/* ---- ssemdis | ssemasm ---------------------------------------------------------------- */

/* Disassemble `path` (with up to two flags), assemble the text again and
 * compare the stores. */
static void round_trip_with(const char *path, const char *tmpdir, const char *f1, const char *f2)
{
    ssem_image want, got;
    ssem_diag d;
    ssem_diag_init(&d, stderr);
    cr_assert_eq(ssem_image_load(&want, path, SSEM_FMT_AUTO, &d), 0, "%s", path);
    const char *argv[5] = { "ssemdis" };
    int argc = 1;
    if (f1)
        argv[argc++] = f1;
    if (f2)
        argv[argc++] = f2;
    argv[argc] = path;
    tu_run dis = tu_exec(argv, NULL, 0);
    cr_assert_eq(dis.status, 0, "ssemdis %s: %s", path, dis.err);
    char out[512];
    snprintf(out, sizeof out, "%s/rt.img", tmpdir);
    tu_run as = tu_exec((const char *const[]){ "ssemasm", "-", "-o", out, NULL }, dis.out, dis.outlen);
    cr_assert_eq(as.status, 0, "ssemasm on ssemdis %s output failed (%d):\n%s\n--- source ---\n%s", path,
                 as.status, as.err, dis.out);
    cr_assert_eq(ssem_image_load(&got, out, SSEM_FMT_AUTO, &d), 0, "%s", out);
    for (int i = 0; i < SSEM_WORDS; i++)
        cr_assert_eq(got.word[i], want.word[i], "%s line %d: %08x, want %08x\n%s", path, i, got.word[i],
                     want.word[i], dis.out);
    unlink(out);
    tu_run_free(&dis);
    tu_run_free(&as);
}

static void round_trip(const char *path, const char *tmpdir)
{
    round_trip_with(path, tmpdir, NULL, NULL);
    round_trip_with(path, tmpdir, "--symbolic", NULL);
    round_trip_with(path, tmpdir, "-s", "--crt");
}

static bool corpus_is_image(const char *dir, const char *f)
{
    const char *dot = strrchr(f, '.');
    if (!dot)
        return false;
    return strcasecmp(dot, ".snp") == 0 || strcmp(dot, ".bys") == 0 || strcmp(dot, ".byi") == 0 ||
           (strcmp(dir, "hrvach_babyping") == 0 && strcmp(dot, ".ssem") == 0);
}

Test(dis_roundtrip, corpus_images)
{
    const char *corpus = tu_corpus_dir();
    if (!corpus)
        cr_skip_test("no corpus ($SSEM_CORPUS)");
    const char *tmp = tu_tmpdir();
    DIR *top = opendir(corpus);
    cr_assert(top);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(top)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char sub[4096];
        snprintf(sub, sizeof sub, "%s/%s", corpus, e->d_name);
        DIR *dd = opendir(sub);
        if (!dd)
            continue;
        struct dirent *f;
        while ((f = readdir(dd)) != NULL) {
            if (!corpus_is_image(e->d_name, f->d_name))
                continue;
            char path[8192];
            snprintf(path, sizeof path, "%s/%s", sub, f->d_name);
            round_trip(path, tmp);
            n++;
        }
        closedir(dd);
    }
    closedir(top);
    rmdir(tmp);
    cr_assert_geq(n, 25, "only %d corpus images", n);
}

Test(dis_roundtrip, awkward_words)
{
    const char *tmp = tu_tmpdir();
    char path[512];
    snprintf(path, sizeof path, "%s/w.bin", tmp);
    uint64_t s = 2026;
    int reps = getenv("SSEM_SAN") && strcmp(getenv("SSEM_SAN"), "1") == 0 ? 3 : 10;
    for (int rep = 0; rep < reps; rep++) {
        ssem_image img = { 0 };
        for (int i = 0; i < SSEM_WORDS; i++) {
            s = s * 6364136223846793005u + 1442695040888963407u;
            uint32_t r = (uint32_t)(s >> 32);
            switch ((i + rep) % 4) {
            case 0: img.word[i] = r; break;                                  /* anything */
            case 1: img.word[i] = r & ~SSEM_IGNORED_MASK; break;             /* clean, incl. SUB2, CMP n, STP n */
            case 2: img.word[i] = (r & ~SSEM_IGNORED_MASK) | 1u << (r % 32); break;
            default: img.word[i] = (uint32_t[]){ 0x80000000u, 0x7FFFFFFFu, 0xFFFFFFFFu, 0xE01Fu }[r % 4];
            }
        }
        ssem_diag d;
        ssem_diag_init(&d, stderr);
        cr_assert_eq(ssem_image_save(&img, path, SSEM_FMT_AUTO, &d), 0);
        round_trip(path, tmp);
    }
    unlink(path);
    rmdir(tmp);
}

Test(dis_cli, unwritable_output_exits_1)
{
    tu_run r = tu_execl(NULL, "ssemdis", "-o", "/nonexistent-dir/x.s", "tests/image/dis-sample.img", NULL);
    cr_assert_eq(r.status, 1);
    cr_assert(strstr(r.err, "/nonexistent-dir/x.s: error: cannot write") != NULL, "%s", r.err);
    cr_assert_eq(r.outlen, 0);
    tu_run_free(&r);
}
