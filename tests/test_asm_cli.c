/* test_asm_cli.c: the ssemasm command line: options, default output, formats, listing, exit codes, atomic failure. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test_util.h"

static const char prog[] = "; tiny\nNUM 0\nstart: LDN x\nSUB x\nSTO x\nSTP\nx: NUM 5\n";

static char *path_in(const char *dir, const char *name)
{
    static char buf[8][512];
    static int k;
    char *p = buf[k++ % 8];
    snprintf(p, 512, "%s/%s", dir, name);
    return p;
}

static void cleanup(const char *dir, const char *const *names)
{
    for (; *names; names++)
        unlink(path_in(dir, *names));
    rmdir(dir);
}

Test(asm_cli, help_and_version)
{
    tu_run r = tu_execl(NULL, "ssemasm", "--help", NULL);
    cr_assert_eq(r.status, 0);
    cr_assert(strstr(r.out, "Usage: ssemasm [OPTIONS] SOURCE [-o OUTPUT]"), "%s", r.out);
    tu_run_free(&r);
    r = tu_execl(NULL, "ssemasm", "--version", NULL);
    cr_assert_eq(r.status, 0);
    cr_assert(strncmp(r.out, "ssemasm (ssem) ", 15) == 0, "%s", r.out);
    tu_run_free(&r);
}

Test(asm_cli, usage_errors_exit_2)
{
    const char *cases[][4] = {
        { "ssemasm", NULL },
        { "ssemasm", "--bogus", "x.s", NULL },
        { "ssemasm", "-f", "png", "x.s" },
        { "ssemasm", "-D", "1x=3", "x.s" },
        { "ssemasm", "-Wfoo", "x.s", NULL },
        { "ssemasm", "a.s", "b.s", NULL },
        { "ssemasm", "-o", NULL },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *argv[5] = { cases[i][0], cases[i][1], cases[i][2], cases[i][3], NULL };
        tu_run r = tu_exec(argv, NULL, 0);
        cr_assert_eq(r.status, 2, "case %zu: %s", i, r.err);
        cr_assert(strstr(r.err, "ssemasm: error: "), "case %zu: %s", i, r.err);
        tu_run_free(&r);
    }
}

Test(asm_cli, stdin_to_stdout)
{
    tu_run r = tu_execl(prog, "ssemasm", "-", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert_eq(r.outlen, 32 * 33, "32 lines of 32 bits");
    cr_assert(strncmp(r.out, "00000000000000000000000000000000\n"
                             "10100000000000100000000000000000\n", 66) == 0, "%s", r.out);
    tu_run_free(&r);
}

Test(asm_cli, default_output_replaces_the_extension)
{
    const char *dir = tu_tmpdir();
    cr_assert(tu_write(path_in(dir, "prog.s"), prog, strlen(prog)));
    tu_run r = tu_execl(NULL, "ssemasm", path_in(dir, "prog.s"), NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    size_t len;
    char *img = tu_read(path_in(dir, "prog.img"), &len);
    cr_assert_not_null(img);
    cr_assert_eq(len, 32 * 33);
    free(img);
    tu_run_free(&r);
    /* -f picks the format and so the default extension. */
    r = tu_execl(NULL, "ssemasm", "-f", "snp", path_in(dir, "prog.s"), NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    char *snp = tu_read(path_in(dir, "prog.snp"), &len);
    cr_assert_not_null(snp);
    cr_assert(strncmp(snp, "32\r\n0000:", 9) == 0, "%s", snp);
    free(snp);
    tu_run_free(&r);
    const char *names[] = { "prog.s", "prog.img", "prog.snp", NULL };
    cleanup(dir, names);
}

Test(asm_cli, format_from_output_extension_and_flag)
{
    const char *dir = tu_tmpdir();
    cr_assert(tu_write(path_in(dir, "p.s"), prog, strlen(prog)));
    tu_run r = tu_execl(NULL, "ssemasm", path_in(dir, "p.s"), "-o", path_in(dir, "p.bin"), NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    size_t len;
    char *bin = tu_read(path_in(dir, "p.bin"), &len);
    cr_assert_eq(len, 128);
    cr_assert_eq((unsigned char)bin[4], 0x05, "LDN 5 = 0x4005, little-endian");
    cr_assert_eq((unsigned char)bin[5], 0x40);
    free(bin);
    tu_run_free(&r);
    r = tu_execl(NULL, "ssemasm", "-f", "st", "-o", "-", path_in(dir, "p.s"), NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert_eq(r.outlen, 136);
    tu_run_free(&r);
    const char *names[] = { "p.s", "p.bin", NULL };
    cleanup(dir, names);
}

Test(asm_cli, listing)
{
    const char *dir = tu_tmpdir();
    cr_assert(tu_write(path_in(dir, "p.s"), prog, strlen(prog)));
    tu_run r = tu_execl(NULL, "ssemasm", path_in(dir, "p.s"), "-o", path_in(dir, "p.img"), "-l",
                        "-", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(strstr(r.out, "  01    10100000000000100000000000000000  00004005        16389  LDN 5"),
              "%s", r.out);
    cr_assert(strstr(r.out, "; symbols (2)"), "%s", r.out);
    tu_run_free(&r);
    r = tu_execl(NULL, "ssemasm", path_in(dir, "p.s"), "-o", path_in(dir, "p.img"), "-l",
                 path_in(dir, "p.lst"), NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    char *lst = tu_read(path_in(dir, "p.lst"), NULL);
    cr_assert(lst && strstr(lst, "start"), "%s", lst);
    free(lst);
    tu_run_free(&r);
    const char *names[] = { "p.s", "p.img", "p.lst", NULL };
    cleanup(dir, names);
}

Test(asm_cli, failure_writes_nothing_and_keeps_the_old_output)
{
    const char *dir = tu_tmpdir();
    const char bad[] = "LDN 1\nFROB 2\nLDN 99\n";
    cr_assert(tu_write(path_in(dir, "bad.s"), bad, strlen(bad)));
    cr_assert(tu_write(path_in(dir, "bad.img"), "old\n", 4));
    tu_run r = tu_execl(NULL, "ssemasm", path_in(dir, "bad.s"), "-l", path_in(dir, "bad.lst"), NULL);
    cr_assert_eq(r.status, 1);
    cr_assert(strstr(r.err, "bad.s:2:1: error: unknown mnemonic 'FROB'"), "%s", r.err);
    cr_assert(strstr(r.err, "bad.s:3:5: error: operand 99 is out of range"), "%s", r.err);
    cr_assert_eq(r.outlen, 0);
    size_t len;
    char *old = tu_read(path_in(dir, "bad.img"), &len);
    cr_assert(old && len == 4 && memcmp(old, "old\n", 4) == 0, "OUTPUT was touched");
    free(old);
    cr_assert(access(path_in(dir, "bad.lst"), F_OK) != 0, "no listing on failure");
    tu_run_free(&r);
    /* A source that cannot be read. */
    r = tu_execl(NULL, "ssemasm", path_in(dir, "missing.s"), NULL);
    cr_assert_eq(r.status, 1);
    cr_assert(strstr(r.err, "missing.s"), "%s", r.err);
    tu_run_free(&r);
    const char *names[] = { "bad.s", "bad.img", NULL };
    cleanup(dir, names);
}

Test(asm_cli, werror_and_defines)
{
    const char src[] = "2\n1 NUM N\n";
    tu_run r = tu_execl(src, "ssemasm", "-D", "N=0x10", "-", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(strstr(r.err, "<stdin>:1:1: warning: count line says 2"), "%s", r.err);
    cr_assert(strncmp(r.out + 33, "00001000000000000000000000000000\n", 33) == 0, "%s", r.out);
    tu_run_free(&r);
    r = tu_execl(src, "ssemasm", "-Werror", "-DN=-1", "-", NULL);
    cr_assert_eq(r.status, 1);
    cr_assert(strstr(r.err, "<stdin>:1:1: error: count line says 2"), "%s", r.err);
    cr_assert_eq(r.outlen, 0);
    tu_run_free(&r);
    r = tu_execl("NUM N\n", "ssemasm", "-", NULL);
    cr_assert_eq(r.status, 1);
    cr_assert(strstr(r.err, "<stdin>:1:5: error: undefined symbol 'N'"), "%s", r.err);
    tu_run_free(&r);
}

Test(asm_cli, examples_hfr)
{
    const char *dir = tu_tmpdir();
    tu_run r = tu_execl(NULL, "ssemasm", "examples/hfr.s", "-o", path_in(dir, "hfr.img"), NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert_eq(r.errlen, 0, "%s", r.err);
    tu_run_free(&r);
    const char *names[] = { "hfr.img", NULL };
    cleanup(dir, names);
}
