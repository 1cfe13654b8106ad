/* test_cli_emu.c: ssememu as a program: dumps (golden), exit codes, errors, registers, chaining, Ctrl-C, --png, --watch. */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "emu.h"
#include "test_util.h"

/* Test programs (our own, in tests/cli):
 *   add.img      5 + 3: line 31 = 8, A = 8, halts at line 6 after 6 steps
 *   counter.img  adds 1 to line 31 and halts (6 steps): each chained run counts
 *   loop.img     all zeros: line 1 is JMP 0 through line 0 = 0, forever
 *   add.s        add.img's program as source, the sum in line 9
 *   bad.snp      a Sharp snapshot naming line 40; bad.s an unknown mnemonic */
#define CLI "tests/cli/"

typedef struct json_state {
    bool halted;
    uint64_t steps;
    uint32_t ci, a, store[32];
} json_state;

/* Parse the one-line --dump json output; fails the test if it is malformed. */
static json_state parse_json(const char *s)
{
    json_state j;
    char halted[8];
    int n = 0;
    cr_assert_eq(sscanf(s, "{\"halted\": %5[a-z], \"steps\": %" SCNu64 ", \"ci\": %" SCNu32
                           ", \"a\": %" SCNu32 ", \"store\": [%n",
                        halted, &j.steps, &j.ci, &j.a, &n), 4, "bad json: %s", s);
    cr_assert(n > 0, "bad json: %s", s);
    j.halted = strcmp(halted, "true") == 0;
    cr_assert(j.halted || strcmp(halted, "false") == 0);
    const char *p = s + n;
    for (int i = 0; i < 32; i++) {
        char *end;
        errno = 0;
        unsigned long v = strtoul(p, &end, 10);
        cr_assert(end != p && !errno && v <= 0xFFFFFFFFul, "bad json word %d: %s", i, s);
        j.store[i] = (uint32_t)v;
        p = end;
        const char *sep = i < 31 ? ", " : "]}\n";
        cr_assert(strncmp(p, sep, strlen(sep)) == 0, "bad json separator after word %d: %s", i, s);
        p += strlen(sep);
    }
    cr_assert_eq(*p, '\0', "json is more than one line: %s", s);
    return j;
}

static void expect_golden(const char *golden, const char *got)
{
    cr_assert(tu_golden(golden, got, strlen(got)), "output differs from %s", golden);
}

/* --- dumps ------------------------------------------------------------------ */

static void dump_golden(const char *fmt, const char *golden)
{
    tu_run r = tu_execl(NULL, "ssememu", "--dump", fmt, CLI "add.img", NULL);
    cr_assert_eq(r.status, 0, "status %d, stderr: %s", r.status, r.err);
    cr_assert_str_eq(r.err, "");
    expect_golden(golden, r.out);
    tu_run_free(&r);
}

Test(cli_emu_dump, crt) { dump_golden("crt", CLI "add.crt.golden"); }
Test(cli_emu_dump, bits) { dump_golden("bits", CLI "add.bits.golden"); }
Test(cli_emu_dump, dec) { dump_golden("dec", CLI "add.dec.golden"); }
Test(cli_emu_dump, asm) { dump_golden("asm", CLI "add.asm.golden"); }
Test(cli_emu_dump, json) { dump_golden("json", CLI "add.json.golden"); }

Test(cli_emu_dump, crt_is_the_default)
{
    tu_run a = tu_execl(NULL, "ssememu", CLI "add.img", NULL);
    tu_run b = tu_execl(NULL, "ssememu", "-d", "crt", CLI "add.img", NULL);
    cr_assert_eq(a.status, 0);
    cr_assert_str_eq(a.out, b.out);
    cr_assert(strstr(a.out, "halted: yes  steps: 6  CI: 6  A: 8\n"), "%s", a.out);
    tu_run_free(&a);
    tu_run_free(&b);
}

Test(cli_emu_dump, none_prints_nothing)
{
    tu_run r = tu_execl(NULL, "ssememu", "--dump=none", CLI "add.img", NULL);
    cr_assert_eq(r.status, 0);
    cr_assert_str_eq(r.out, "");
    cr_assert_str_eq(r.err, "");
    tu_run_free(&r);
}

Test(cli_emu_dump, json_values)
{
    tu_run r = tu_execl(NULL, "ssememu", "-d", "json", CLI "add.img", NULL);
    cr_assert_eq(r.status, 0);
    json_state j = parse_json(r.out);
    cr_assert(j.halted);
    cr_assert_eq(j.steps, 6);
    cr_assert_eq(j.ci, 6);
    cr_assert_eq(j.a, 8);
    cr_assert_eq(j.store[31], 8);
    cr_assert_eq(j.store[29], 5);
    tu_run_free(&r);
}

/* The asm dump reassembles: running it gives the same final store again. */
Test(cli_emu_dump, asm_reassembles)
{
    tu_run r = tu_execl(NULL, "ssememu", "-d", "asm", "-n", "3", CLI "add.img", NULL);
    cr_assert_eq(r.status, 3);
    tu_run a = tu_execl(r.out, "ssememu", "-d", "json", "-n", "0", "-", NULL);
    cr_assert_eq(a.status, 3, "status %d: %s", a.status, a.err);
    tu_run b = tu_execl(NULL, "ssememu", "-d", "json", "-n", "3", CLI "add.img", NULL);
    json_state ja = parse_json(a.out), jb = parse_json(b.out);
    cr_assert_eq(memcmp(ja.store, jb.store, sizeof ja.store), 0, "asm dump:\n%s", r.out);
    tu_run_free(&r);
    tu_run_free(&a);
    tu_run_free(&b);
}

/* --- exit codes, limits, registers ------------------------------------------------ */

Test(cli_emu_exit, step_limit_is_3_and_still_dumps)
{
    tu_run r = tu_execl(NULL, "ssememu", "-n", "4", "-d", "json", CLI "add.img", NULL);
    cr_assert_eq(r.status, 3);
    json_state j = parse_json(r.out);
    cr_assert(!j.halted);
    cr_assert_eq(j.steps, 4);
    cr_assert_eq(j.ci, 4);
    cr_assert_eq(j.a, 8);
    tu_run_free(&r);
}

Test(cli_emu_exit, limit_equal_to_run_length_halts)
{
    tu_run r = tu_execl(NULL, "ssememu", "-n", "6", "-d", "none", CLI "add.img", NULL);
    cr_assert_eq(r.status, 0);
    tu_run_free(&r);
}

Test(cli_emu_exit, zero_steps_loads_only)
{
    tu_run r = tu_execl(NULL, "ssememu", "--max-steps=0", "-d", "json", CLI "add.img", NULL);
    cr_assert_eq(r.status, 3);
    json_state j = parse_json(r.out);
    cr_assert(!j.halted);
    cr_assert_eq(j.steps, 0);
    cr_assert_eq(j.ci, 0);
    cr_assert_eq(j.a, 0);
    cr_assert_eq(j.store[1], 0x401D);
    cr_assert_eq(j.store[31], 0);
    tu_run_free(&r);
}

Test(cli_emu_exit, infinite_loop_with_limit)
{
    tu_run r = tu_execl(NULL, "ssememu", "-n", "3000000", "-d", "json", CLI "loop.img", NULL);
    cr_assert_eq(r.status, 3);
    json_state j = parse_json(r.out);
    cr_assert_eq(j.steps, 3000000);
    cr_assert_eq(j.ci, 0);
    tu_run_free(&r);
}

Test(cli_emu_regs, ci_and_acc)
{
    tu_run r = tu_execl(NULL, "ssememu", "--ci", "5", "--acc", "-1", "-n", "0", "-d", "json",
                        CLI "add.img", NULL);
    cr_assert_eq(r.status, 3);
    json_state j = parse_json(r.out);
    cr_assert_eq(j.ci, 5);
    cr_assert_eq(j.a, 0xFFFFFFFFu);
    tu_run_free(&r);
    r = tu_execl(NULL, "ssememu", "--ci=0xFFFFFFFF", "--acc=0x10", "-n", "0", "-d", "json",
                 CLI "add.img", NULL);
    j = parse_json(r.out);
    cr_assert_eq(j.ci, 0xFFFFFFFFu);
    cr_assert_eq(j.a, 16);
    tu_run_free(&r);
    r = tu_execl(NULL, "ssememu", "--acc=-2147483648", "-n", "0", "-d", "json", CLI "add.img", NULL);
    j = parse_json(r.out);
    cr_assert_eq(j.a, 0x80000000u);
    tu_run_free(&r);
}

/* Starting at CI = 3 skips the loads: line 4 loads -S[31] = 0, so line 31 stays 0. */
Test(cli_emu_regs, ci_changes_the_run)
{
    tu_run r = tu_execl(NULL, "ssememu", "--ci", "3", "-d", "json", CLI "add.img", NULL);
    cr_assert_eq(r.status, 0);
    json_state j = parse_json(r.out);
    cr_assert_eq(j.steps, 3);
    cr_assert_eq(j.store[31], 0);
    tu_run_free(&r);
    /* CI = 0xFFFFFFFF wraps to 0 and fetches line 0 (JMP through line 0 = 0). */
    r = tu_execl(NULL, "ssememu", "--ci", "0xffffffff", "-n", "2", "-d", "json", CLI "add.img", NULL);
    j = parse_json(r.out);
    cr_assert_eq(j.steps, 2);
    cr_assert_eq(j.ci, 1);
    tu_run_free(&r);
}

Test(cli_emu_regs, bad_values_are_usage_errors)
{
    const char *bad[][2] = {
        { "--ci", "4294967296" }, { "--acc", "-2147483649" }, { "--ci", "12x" }, { "--acc", "" },
        { "-n", "-1" }, { "-n", "18446744073709551616" }, { "-n", "ten" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        tu_run r = tu_execl(NULL, "ssememu", bad[i][0], bad[i][1], CLI "add.img", NULL);
        cr_assert_eq(r.status, 2, "%s %s gave %d", bad[i][0], bad[i][1], r.status);
        cr_assert(strncmp(r.err, "ssememu: error: invalid", 23) == 0, "%s", r.err);
        cr_assert_str_eq(r.out, "");
        tu_run_free(&r);
    }
}

/* --- errors ------------------------------------------------------------------------ */

static void error_golden(const char *const argv[], int status, const char *golden)
{
    tu_run r = tu_exec(argv, NULL, 0);
    cr_assert_eq(r.status, status, "status %d, stderr: %s", r.status, r.err);
    cr_assert_str_eq(r.out, "");
    expect_golden(golden, r.err);
    tu_run_free(&r);
}

Test(cli_emu_errors, bad_image)
{
    error_golden((const char *const[]){ "ssememu", CLI "bad.snp", NULL }, 1, CLI "bad_snp.err.golden");
}

Test(cli_emu_errors, bad_source)
{
    error_golden((const char *const[]){ "ssememu", CLI "bad.s", NULL }, 1, CLI "bad_s.err.golden");
}

/* ssem-bench words its usage errors as the tools do. */
Test(cli_bench, usage_errors)
{
    error_golden((const char *const[]){ "ssem-bench", "--enignes", "x", NULL }, 2,
                 CLI "bench_option.err.golden");
    error_golden((const char *const[]){ "ssem-bench", "--runs", "0", NULL }, 2,
                 CLI "bench_runs.err.golden");
    error_golden((const char *const[]){ "ssem-bench", "--profile=abc", NULL }, 2,
                 CLI "bench_profile.err.golden");
}

/* -p FILE benches any program, checked against the reference first: source
 * with -D, an image, and a program that never halts only with --steps. */
Test(cli_bench, program_files)
{
    tu_run r = tu_execl(NULL, "ssem-bench", "--quick", "-e", "seed,threaded", "-p",
                        "kilburn,bench/kilburn.s", "-D", "P=97", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_expect(strstr(r.out, "2 engines end exactly as reference on 2 programs (kilburn 34529 steps, "
                            "kilburn.s 2627 steps)"),
              "%s", r.out);
    tu_run_free(&r);
    r = tu_execl(NULL, "ssem-bench", "--quick", "-p", CLI "counter.img", "--steps", "5000", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_expect(strstr(r.out, "(counter.img 6 steps)"), "%s", r.out);
    tu_run_free(&r);
    r = tu_execl(NULL, "ssem-bench", "--quick", "-e", "seed", "-p", "examples/nightmare.s", NULL);
    cr_expect_eq(r.status, 1);
    cr_expect(strstr(r.err, "does not halt within 500000000 steps: give it a budget with --steps N"),
              "%s", r.err);
    tu_run_free(&r);
    error_golden((const char *const[]){ "ssem-bench", "-p", "no-such.s", NULL }, 2,
                 CLI "bench_program.err.golden");
    error_golden((const char *const[]){ "ssem-bench", "-p", "x.s", "--steps", "0", NULL }, 2,
                 CLI "bench_steps.err.golden");
    error_golden((const char *const[]){ "ssem-bench", "-D", "P", NULL }, 2,
                 CLI "bench_define.err.golden");
}

/* --peer: another build checks its engines on its side and serves; with
 * --quick only the checks run, on both sides. */
Test(cli_bench, peer_checks_its_own_engines)
{
    char self[512];
    snprintf(self, sizeof self, "%s/ssem-bench", tu_bin_dir());
    tu_run r = tu_execl(NULL, "ssem-bench", "--quick", "-e", "seed,threaded", "-p", "kilburn", "--peer",
                        self, NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_expect(strstr(r.out, "2 engines end exactly as reference on 1 programs (kilburn 34529 steps)"),
              "%s", r.out);
    cr_expect(strstr(r.err, "2 engines end exactly as reference on 1 programs (kilburn 34529 steps)"),
              "the peer reports on stderr: %s", r.err);
    tu_run_free(&r);
    r = tu_execl(NULL, "ssem-bench", "--quick", "-e", "seed", "-p", "kilburn", "--peer", "/nonexistent", NULL);
    cr_expect_eq(r.status, 1, "%s", r.err);
    tu_run_free(&r);
}

Test(cli_emu_errors, missing_file)
{
    error_golden((const char *const[]){ "ssememu", CLI "no-such-file.img", NULL }, 1,
                 CLI "missing.err.golden");
}

Test(cli_emu_errors, usage)
{
    error_golden((const char *const[]){ "ssememu", NULL }, 2, CLI "usage_nofile.err.golden");
    error_golden((const char *const[]){ "ssememu", "--bogus", CLI "add.img", NULL }, 2,
                 CLI "usage_option.err.golden");
    error_golden((const char *const[]){ "ssememu", "-e", "nosuch", CLI "add.img", NULL }, 2,
                 CLI "usage_engine.err.golden");
    error_golden((const char *const[]){ "ssememu", "-e", "threded", CLI "add.img", NULL }, 2,
                 CLI "usage_engine_near.err.golden");
    error_golden((const char *const[]){ "ssememu", "--max-stpes=3", CLI "add.img", NULL }, 2,
                 CLI "usage_option_near.err.golden");
    error_golden((const char *const[]){ "ssememu", "--dump", "hex", CLI "add.img", NULL }, 2,
                 CLI "usage_dump.err.golden");
    error_golden((const char *const[]){ "ssememu", CLI "add.img", CLI "loop.img", NULL }, 2,
                 CLI "usage_twofiles.err.golden");
    error_golden((const char *const[]){ "ssememu", "-n", NULL }, 2, CLI "usage_noarg.err.golden");
}

Test(cli_emu_errors, help_and_version)
{
    tu_run r = tu_execl(NULL, "ssememu", "--help", NULL);
    cr_assert_eq(r.status, 0);
    cr_assert(strncmp(r.out, "Usage: ssememu [OPTIONS] FILE\n", 30) == 0, "%s", r.out);
    for (const char *opt = "--engine\0--list-engines\0--max-steps\0--dump\0--watch\0--png\0--trace\0"
                           "--stats\0--ci\0--acc\0--output\0";
         *opt; opt += strlen(opt) + 1)
        cr_assert(strstr(r.out, opt), "--help does not mention %s", opt);
    tu_run_free(&r);
    r = tu_execl(NULL, "ssememu", "--version", NULL);
    cr_assert_eq(r.status, 0);
    cr_assert(strncmp(r.out, "ssememu ", 8) == 0, "%s", r.out);
    tu_run_free(&r);
}

/* --- input forms --------------------------------------------------------------------- */

Test(cli_emu_input, source_is_assembled)
{
    tu_run r = tu_execl(NULL, "ssememu", "-d", "json", CLI "add.s", NULL);
    cr_assert_eq(r.status, 0, "status %d: %s", r.status, r.err);
    json_state j = parse_json(r.out);
    cr_assert_eq(j.steps, 6);
    cr_assert_eq(j.a, 8);
    cr_assert_eq(j.store[9], 8);
    tu_run_free(&r);
}

Test(cli_emu_input, stdin_image_and_source)
{
    size_t len;
    char *img = tu_read(CLI "add.img", &len);
    cr_assert(img);
    tu_run r = tu_execl(img, "ssememu", "-d", "json", "-", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert_eq(parse_json(r.out).store[31], 8);
    tu_run_free(&r);
    free(img);
    char *src = tu_read(CLI "add.s", &len);
    r = tu_execl(src, "ssememu", "-d", "json", "-", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert_eq(parse_json(r.out).store[9], 8);
    tu_run_free(&r);
    free(src);
}

Test(cli_emu_input, defines_reach_the_assembler)
{
    const char *src = "        NUM 0\n        STP\nv:      NUM X\n";
    tu_run r = tu_execl(src, "ssememu", "-D", "X=-42", "-d", "json", "-", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert_eq(parse_json(r.out).store[2], (uint32_t)-42);
    tu_run_free(&r);
    r = tu_execl(src, "ssememu", "-d", "json", "-", NULL);
    cr_assert_eq(r.status, 1);
    cr_assert(strstr(r.err, "<stdin>:3:"), "%s", r.err);
    tu_run_free(&r);
    /* One grammar for -D in every tool: NAME alone means NAME=1. */
    r = tu_execl(src, "ssememu", "-D", "X", "-d", "json", "-", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert_eq(parse_json(r.out).store[2], 1);
    tu_run_free(&r);
    r = tu_execl(src, "ssememu", "-D", "1X=2", "-", NULL);
    cr_assert_eq(r.status, 2);
    tu_run_free(&r);
}

Test(cli_emu_input, forced_input_format)
{
    /* Forced to be read as source, a bit image is not valid assembly. */
    tu_run r = tu_execl(NULL, "ssememu", "--input-format=asm", "-d", "none", CLI "add.img", NULL);
    cr_assert_eq(r.status, 1);
    tu_run_free(&r);
    r = tu_execl(NULL, "ssememu", "--input-format=img", "-d", "none", CLI "add.img", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    tu_run_free(&r);
    r = tu_execl(NULL, "ssememu", "--input-format=hex", CLI "add.img", NULL);
    cr_assert_eq(r.status, 2);
    tu_run_free(&r);
}

/* --- engines ------------------------------------------------------------------------- */

Test(cli_emu_engines, list_and_each_agrees)
{
    tu_run l = tu_execl(NULL, "ssememu", "--list-engines", NULL);
    cr_assert_eq(l.status, 0);
    cr_assert(strncmp(l.out, "reference\n", 10) == 0, "%s", l.out);
    cr_assert(strstr(l.out, "\nthreaded\n"), "%s", l.out);
    tu_run want = tu_execl(NULL, "ssememu", "-e", "reference", "-n", "2000", "-d", "json",
                           CLI "counter.img", NULL);
    int n = 0;
    for (char *name = strtok(l.out, "\n"); name; name = strtok(NULL, "\n"), n++) {
        tu_run r = tu_execl(NULL, "ssememu", "--engine", name, "-n", "2000", "-d", "json",
                            CLI "counter.img", NULL);
        cr_assert_eq(r.status, 0, "engine %s: %d %s", name, r.status, r.err);
        cr_assert_str_eq(r.out, want.out, "engine %s", name);
        tu_run_free(&r);
    }
    cr_assert_geq(n, 2);
    tu_run_free(&want);
    tu_run_free(&l);
}

Test(cli_emu_engines, list_long_names_kind_and_summary)
{
    tu_run l = tu_execl(NULL, "ssememu", "--list-engines", "--long", NULL);
    cr_assert_eq(l.status, 0, "%s", l.err);
    size_t n;
    const emu_engine *const *list = emu_engine_list(&n);
    size_t lines = 0;
    for (char *line = strtok(l.out, "\n"); line; line = strtok(NULL, "\n"), lines++) {
        cr_assert_lt(lines, n, "more lines than engines: %s", line);
        char name[64], kind[64];
        int used = 0;
        cr_assert_eq(sscanf(line, "%63s %63s %n", name, kind, &used), 2, "%s", line);
        cr_expect_str_eq(name, list[lines]->name);
        cr_expect_str_eq(kind, emu_kind_name(list[lines]->kind));
        cr_expect_str_eq(line + used, list[lines]->summary);
    }
    cr_expect_eq(lines, n);
    tu_run_free(&l);
    tu_run r = tu_execl(NULL, "ssememu", "--long", NULL);
    cr_expect_eq(r.status, 2);
    cr_expect(strstr(r.err, "--long goes with --list-engines"), "%s", r.err);
    tu_run_free(&r);
}

/* --- output images and chaining -------------------------------------------------------- */

Test(cli_emu_output, chained_runs_count)
{
    const char *dir = tu_tmpdir();
    char img[512];
    snprintf(img, sizeof img, "%s/c.img", dir);
    size_t len;
    char *start = tu_read(CLI "counter.img", &len);
    cr_assert(tu_write(img, start, len));
    free(start);
    for (int run = 1; run <= 3; run++) {
        tu_run r = tu_execl(NULL, "ssememu", "-d", "json", "-o", img, img, NULL);
        cr_assert_eq(r.status, 0, "run %d: %s", run, r.err);
        cr_assert_eq(parse_json(r.out).store[31], (uint32_t)run);
        tu_run_free(&r);
    }
    char *bits = tu_read(img, &len);
    cr_assert(bits);
    cr_assert_eq(len, 32 * 33);
    cr_assert_eq(strncmp(bits + 31 * 33, "11000000000000000000000000000000\n", 33), 0);
    free(bits);
    unlink(img);
    rmdir(dir);
}

/* The project's own primes.s leaves the next prime in line 21 each run: 2, 3, 5. */
Test(cli_emu_output, primegen_three_runs_give_5)
{
    if (access("examples/primes.s", R_OK) != 0)
        cr_skip_test("examples/primes.s not there");
    const char *dir = tu_tmpdir();
    char img[512];
    snprintf(img, sizeof img, "%s/p.img", dir);
    static const uint32_t want[] = { 2, 3, 5 };
    for (int run = 0; run < 3; run++) {
        tu_run r = tu_execl(NULL, "ssememu", "-d", "json", "-o", img, run ? img : "examples/primes.s", NULL);
        cr_assert_eq(r.status, 0, "run %d: %d %s", run, r.status, r.err);
        json_state j = parse_json(r.out);
        cr_assert_eq(j.store[21], want[run], "run %d: line 21 = %" PRIu32, run, j.store[21]);
        tu_run_free(&r);
    }
    unlink(img);
    rmdir(dir);
}

/* A .st image keeps A and CI, so a run stopped by the limit resumes where it was. */
Test(cli_emu_output, st_resumes)
{
    const char *dir = tu_tmpdir();
    char st[512], snp[512];
    snprintf(st, sizeof st, "%s/s.st", dir);
    snprintf(snp, sizeof snp, "%s/s.snp", dir);
    tu_run r = tu_execl(NULL, "ssememu", "-n", "3", "-d", "none", "-o", st, CLI "add.img", NULL);
    cr_assert_eq(r.status, 3);
    tu_run_free(&r);
    size_t len;
    free(tu_read(st, &len));
    cr_assert_eq(len, 136);
    r = tu_execl(NULL, "ssememu", "-d", "json", "-o", snp, st, NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    json_state j = parse_json(r.out);
    cr_assert_eq(j.steps, 3);   /* the three left */
    cr_assert_eq(j.ci, 6);
    cr_assert_eq(j.a, 8);
    cr_assert_eq(j.store[31], 8);
    tu_run_free(&r);
    /* -f overrides the extension. */
    r = tu_execl(NULL, "ssememu", "-d", "none", "-f", "bin", "-o", snp, CLI "add.img", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    free(tu_read(snp, &len));
    cr_assert_eq(len, 128);
    tu_run_free(&r);
    unlink(st);
    unlink(snp);
    rmdir(dir);
}

/* A FIFO (like /dev/null) is written into, not replaced by a renamed temp file:
 * as root, a rename would turn /dev/null itself into a regular file. */
Test(cli_emu_output, special_files_written_in_place)
{
    const char *dir = tu_tmpdir();
    char fifo[512];
    snprintf(fifo, sizeof fifo, "%s/pipe", dir);
    cr_assert_eq(mkfifo(fifo, 0600), 0);
    const char *opts[] = { "-o", "--png" };
    for (int i = 0; i < 2; i++) {
        int rd = open(fifo, O_RDONLY | O_NONBLOCK);   /* a reader waiting, so the writer proceeds */
        cr_assert_geq(rd, 0);
        tu_run r = tu_execl(NULL, "ssememu", "-d", "none", opts[i], fifo, CLI "add.img", NULL);
        cr_assert_eq(r.status, 0, "%s: %s", opts[i], r.err);
        struct stat st;
        cr_assert_eq(lstat(fifo, &st), 0);
        cr_assert(S_ISFIFO(st.st_mode), "%s replaced the FIFO", opts[i]);
        char got[64];
        ssize_t n = read(rd, got, sizeof got);
        cr_assert_gt(n, 8, "%s: nothing came through the FIFO", opts[i]);
        cr_assert(i == 0 ? got[0] == '0' : memcmp(got, "\x89PNG", 4) == 0);
        close(rd);
        tu_run_free(&r);
    }
    unlink(fifo);
    rmdir(dir);
}

/* --- trace and stats ------------------------------------------------------------------ */

Test(cli_emu_trace, stderr_golden_and_file)
{
    tu_run r = tu_execl(NULL, "ssememu", "--trace", "-d", "none", CLI "add.img", NULL);
    cr_assert_eq(r.status, 0);
    cr_assert_str_eq(r.out, "");
    expect_golden(CLI "add.trace.golden", r.err);
    const char *dir = tu_tmpdir();
    char log[512], opt[600];
    snprintf(log, sizeof log, "%s/t.log", dir);
    snprintf(opt, sizeof opt, "--trace=%s", log);
    tu_run f = tu_execl(NULL, "ssememu", opt, "-e", "reference", "-d", "none", CLI "add.img", NULL);
    cr_assert_eq(f.status, 0);
    cr_assert_str_eq(f.err, "");
    char *text = tu_read(log, NULL);
    cr_assert_str_eq(text, r.err);
    free(text);
    unlink(log);
    rmdir(dir);
    tu_run_free(&f);
    tu_run_free(&r);
}

Test(cli_emu_trace, respects_limit)
{
    tu_run r = tu_execl(NULL, "ssememu", "--trace", "-n", "5", "-d", "json", CLI "loop.img", NULL);
    cr_assert_eq(r.status, 3);
    int lines = 0;
    for (const char *p = r.err; (p = strchr(p, '\n')); p++)
        lines++;
    /* Five steps, then the note that loop.img never halts. */
    cr_assert_eq(lines, 6, "%s", r.err);
    cr_assert(strstr(r.err, "this program never halts"), "%s", r.err);
    cr_assert(strstr(r.err, "step 5  ci 1  word 0x00000000  JMP 0     a 0\n"), "%s", r.err);
    tu_run_free(&r);
}

Test(cli_emu_trace, stats)
{
    tu_run r = tu_execl(NULL, "ssememu", "--stats", "-d", "none", CLI "add.img", NULL);
    cr_assert_eq(r.status, 0);
    cr_assert(strstr(r.err, "engine:        " EMU_ENGINE_DEFAULT "\n"), "%s", r.err);
    cr_assert(strstr(r.err, "steps:         6\n"), "%s", r.err);
    cr_assert(strstr(r.err, "wall time:"), "%s", r.err);
    cr_assert(strstr(r.err, "re-decodes:"), "%s", r.err);
    tu_run_free(&r);
}

/* --- Ctrl-C --------------------------------------------------------------------------- */

/* True once pid has a handler for sig (so a signal sent now is not fatal). */
static bool catches(pid_t pid, int sig)
{
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return false;
    bool yes = false;
    while (fgets(line, sizeof line, f))
        if (strncmp(line, "SigCgt:", 7) == 0)
            yes = (strtoull(line + 7, NULL, 16) >> (sig - 1)) & 1u;
    fclose(f);
    return yes;
}

static void sleep_ms(long ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
    nanosleep(&ts, NULL);
}

/* Start ssememu ARGS on the infinite loop, SIGINT it, return its status and stdout. */
static int interrupt_run(const char *const *args, char **out, char **err)
{
    const char *dir = tu_tmpdir();
    char opath[512], epath[512], prog[4096];
    snprintf(opath, sizeof opath, "%s/out", dir);
    snprintf(epath, sizeof epath, "%s/err", dir);
    snprintf(prog, sizeof prog, "%s/ssememu", tu_bin_dir());
    const char *argv[16];
    int n = 0;
    argv[n++] = prog;
    while (*args && n < 14)
        argv[n++] = *args++;
    argv[n++] = CLI "loop.img";
    argv[n] = NULL;
    pid_t pid = fork();
    cr_assert_geq(pid, 0);
    if (pid == 0) {
        int in = open("/dev/null", O_RDONLY);
        int o = open(opath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        int e = open(epath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        dup2(in, 0);
        dup2(o, 1);
        dup2(e, 2);
        execv(prog, (char *const *)argv);
        _exit(127);
    }
    for (int i = 0; i < 1000 && !catches(pid, SIGINT); i++)
        sleep_ms(10);
    sleep_ms(100);   /* let it run a while */
    kill(pid, SIGINT);
    int st = 0;
    int waited = 0;
    while (waitpid(pid, &st, WNOHANG) == 0) {
        if (++waited > 1000) {   /* 10 s: it did not stop */
            kill(pid, SIGKILL);
            waitpid(pid, &st, 0);
            cr_assert_fail("ssememu did not stop after SIGINT");
        }
        sleep_ms(10);
    }
    *out = tu_read(opath, NULL);
    *err = tu_read(epath, NULL);
    unlink(opath);
    unlink(epath);
    rmdir(dir);
    cr_assert(WIFEXITED(st), "killed by signal %d instead of exiting", WTERMSIG(st));
    return WEXITSTATUS(st);
}

Test(cli_emu_signal, ctrl_c_prints_state_and_exits_130)
{
    char *out, *err;
    int status = interrupt_run((const char *const[]){ "-d", "json", NULL }, &out, &err);
    cr_assert_eq(status, 130, "status %d, stderr %s", status, err);
    json_state j = parse_json(out);
    cr_assert(!j.halted);
    cr_assert_gt(j.steps, 0);
    cr_assert_eq(j.ci, 0);
    cr_assert(strstr(err, "interrupted"), "%s", err);
    free(out);
    free(err);
}

Test(cli_emu_signal, ctrl_c_while_tracing)
{
    char *out, *err;
    int status = interrupt_run((const char *const[]){ "--trace=/dev/null", NULL }, &out, &err);
    cr_assert_eq(status, 130, "status %d, stderr %s", status, err);
    cr_assert(strstr(out, "halted: no  steps: "), "%s", out);
    free(out);
    free(err);
}

/* --- pictures and the live view -------------------------------------------------------- */

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

Test(cli_emu_png, writes_valid_png)
{
    const char *dir = tu_tmpdir();
    char png[512];
    snprintf(png, sizeof png, "%s/crt.png", dir);
    tu_run r = tu_execl(NULL, "ssememu", "--png", png, "-d", "none", CLI "add.img", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    tu_run_free(&r);
    size_t len;
    unsigned char *p = (unsigned char *)tu_read(png, &len);
    cr_assert(p && len > 33);
    cr_assert_eq(memcmp(p, "\x89PNG\r\n\x1a\n", 8), 0);
    cr_assert_eq(be32(p + 8), 13);
    cr_assert_eq(memcmp(p + 12, "IHDR", 4), 0);
    cr_assert_eq(be32(p + 16), 408);   /* 12 px cells, 32 bits, 12 px border */
    cr_assert_eq(be32(p + 20), 456);   /* 32 lines, blank, A, blank, CI */
    cr_assert_eq(p[24], 8);            /* bit depth */
    cr_assert_eq(p[25], 2);            /* RGB */
    free(p);
    unlink(png);
    rmdir(dir);
}

Test(cli_emu_png, unwritable_path_fails)
{
    tu_run r = tu_execl(NULL, "ssememu", "--png", "/nonexistent-dir/x.png", "-d", "none", CLI "add.img", NULL);
    cr_assert_eq(r.status, 1);
    cr_assert(strstr(r.err, "/nonexistent-dir/x.png"), "%s", r.err);
    tu_run_free(&r);
}

/* Not a terminal (a pipe here): plain CRT text, no escape sequences, then
 * the final state as a normal dump. */
Test(cli_emu_watch, bounded_run_writes_plain_text)
{
    tu_run r = tu_execl(NULL, "ssememu", "--watch=200000", "-n", "3000", CLI "add.img", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);   /* add halts after 6 steps */
    cr_assert(!strchr(r.out, '\x1b'), "escape sequences in plain output: %s", r.out);
    cr_assert(strncmp(r.out, "line    0", 9) == 0, "the first frame is the CRT text: %s", r.out);
    cr_assert(strstr(r.out, "halted: yes  steps: 6  CI: 6  A: 8\n"), "%s", r.out);
    tu_run_free(&r);

    r = tu_execl(NULL, "ssememu", "--watch", "100000", "-n", "2000", "-d", "json", CLI "loop.img", NULL);
    cr_assert_eq(r.status, 3, "%s", r.err);
    const char *json = strstr(r.out, "{\"halted\"");
    cr_assert(json, "%s", r.out);
    json_state j = parse_json(json);
    cr_assert_eq(j.steps, 2000);
    tu_run_free(&r);
}

Test(cli_emu_watch, bad_speed)
{
    tu_run r = tu_execl(NULL, "ssememu", "--watch=0", CLI "add.img", NULL);
    cr_assert_eq(r.status, 2);
    tu_run_free(&r);
    r = tu_execl(NULL, "ssememu", "--watch", "--trace", CLI "add.img", NULL);
    cr_assert_eq(r.status, 2);
    tu_run_free(&r);
}

/* --- the first program ------------------------------------------------------------------ */

Test(cli_emu_hfr, line_27_holds_131072)
{
    if (access("examples/hfr.s", R_OK) != 0)
        cr_skip_test("examples/hfr.s not there yet");
    tu_run r = tu_execl(NULL, "ssememu", "examples/hfr.s", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(strstr(r.out, "\n 27     .................#..............      131072  "), "%s", r.out);
    cr_assert(strstr(r.out, "halted: yes  steps: 2097154  "), "%s", r.out);
    tu_run_free(&r);
}
