/* test_debug_console.c: ssememu --debug driven by command files as a person would, golden transcripts, every engine against the reference; --break, --until, --history, --check, --trace, ssemasm -g. */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "asm.h"
#include "emu.h"
#include "emu_debug_cli.h"
#include "emu_dump.h"
#include "ssem_isa.h"
#include "test_emu.h"
#include "test_util.h"

#define DBG "tests/debug/"

/* ssememu with args, stdin from `in`, stdout and stderr merged in order
 * (the console flushes its output before each message). */
static tu_run session(const char *in, const char *const *args)
{
    char prog[4096];
    snprintf(prog, sizeof prog, "%s/ssememu", tu_bin_dir());
    const char *argv[24] = { "/bin/sh", "-c", "exec \"$@\" 2>&1", "sh", prog };
    int n = 5;
    while (*args && n < 23)
        argv[n++] = *args++;
    argv[n] = NULL;
    return tu_exec(argv, in, in ? strlen(in) : 0);
}

static char *slurp(const char *path)
{
    char *s = tu_read(path, NULL);
    cr_assert(s, "cannot read %s", path);
    return s;
}

static void golden_session(const char *cmds, const char *golden, int status)
{
    char *in = slurp(cmds);
    tu_run r = session(in, (const char *const[]){ "--debug", DBG "planted.s", NULL });
    cr_expect_eq(r.status, status, "status %d:\n%s", r.status, r.out);
    cr_expect(tu_golden(golden, r.out, r.outlen), "%s differs from %s:\n%s", cmds, golden, r.out);
    tu_run_free(&r);
    free(in);
}

/* The "Done means" session: the planted SUB =-1 found with break, watch,
 * reverse-step and print, fixed with deposit, the program then right. */
Test(debug_console, planted_bug_session)
{
    golden_session(DBG "planted.cmd", DBG "planted.golden", 0);
}

/* Every command, in GDB's and SIMH's spellings, `source` included. */
Test(debug_console, every_command)
{
    golden_session(DBG "commands.cmd", DBG "commands.golden", 1);
}

Test(debug_console, bad_input_goes_on)
{
    golden_session(DBG "errors.cmd", DBG "errors.golden", 1);
}

Test(debug_console, script_then_stdin_no_prompt_no_banner)
{
    char *in = slurp(DBG "planted.cmd");
    tu_run piped = session(in, (const char *const[]){ "--debug", DBG "planted.s", NULL });
    tu_run x = session("print [total] * 2\n", (const char *const[]){ "--debug", "-x", DBG "planted.cmd", DBG "planted.s", NULL });
    cr_assert_eq(x.status, 0);
    cr_expect(strncmp(x.out, piped.out, piped.outlen) == 0, "-x differs:\n%s", x.out);
    cr_expect_str_eq(x.out + piped.outlen, "[total] * 2 = 30\n");
    cr_expect_null(strstr(x.out, "(ssem)"));
    tu_run_free(&piped);
    tu_run_free(&x);
    free(in);
    tu_run q = session("quit\nprint 1\n", (const char *const[]){ "--debug", DBG "planted.s", NULL });
    cr_expect_eq(q.status, 0);
    cr_expect_str_eq(q.out, "");
    tu_run_free(&q);
}

/* The machine at `steps` steps from load, as --dump=json prints it. */
static char *reference_json(const emu_machine *start, uint64_t steps)
{
    emu_machine m = *start;
    while (m.steps < steps && emu_step(&m))
        ;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    emu_dump(&m, EMU_DUMP_JSON, f);
    fclose(f);
    return buf;
}

/* Every stop of a session, on every engine, is the reference machine
 * stepped to the same count; and every engine's transcript is the same. */
Test(debug_console, every_engine_stops_like_the_reference, .timeout = 120)
{
    uint32_t store[SSEM_WORDS];
    cr_assert(temu_assemble(DBG "planted.s", NULL, 0, store));
    emu_machine start;
    emu_machine_init(&start, store);
    char *cmds = slurp(DBG "engines.cmd");
    size_t ne;
    const emu_engine *const *list = emu_engine_list(&ne);
    char *first = NULL;
    for (size_t k = 0; k < ne; k++) {
        char *in = NULL;
        cr_assert(asprintf(&in, "engine %s\n%s", list[k]->name, cmds) > 0);
        tu_run r = session(in, (const char *const[]){ "--debug", DBG "planted.s", NULL });
        cr_expect_eq(r.status, 0, "%s: %s", list[k]->name, r.out);
        int states = 0;
        for (char *line = r.out; (line = strstr(line, "{\"halted\"")); states++) {
            char *end = strchr(line, '\n');
            cr_assert(end);
            const char *at = strstr(line, "\"steps\": ");
            cr_assert(at);
            uint64_t steps = strtoull(at + 9, NULL, 10);
            char *want = reference_json(&start, steps);
            cr_expect(strncmp(line, want, (size_t)(end - line + 1)) == 0, "engine %s, stop %d:\n got %.*s want %s",
                      list[k]->name, states, (int)(end - line), line, want);
            free(want);
            line = end;
        }
        cr_expect_eq(states, 9, "%s: %d states in\n%s", list[k]->name, states, r.out);
        char *body = strchr(r.out, '\n');   /* past "engine NAME" */
        if (!first)
            first = strdup(body ? body : "");
        else
            cr_expect_str_eq(body ? body : "", first, "engine %s's transcript differs", list[k]->name);
        if (k == 0)
            cr_expect(tu_golden(DBG "engines.golden", r.out, r.outlen), "%s", r.out);
        tu_run_free(&r);
        free(in);
    }
    free(first);
    free(cmds);
}

static void sleep_ms(long ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
    nanosleep(&ts, NULL);
}

static bool catches_sigint(pid_t pid)
{
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
    FILE *f = fopen(path, "r");
    bool yes = false;
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, "SigCgt:", 7) == 0)
            yes = strtoull(line + 7, NULL, 16) >> (SIGINT - 1) & 1;
    if (f)
        fclose(f);
    return yes;
}

/* Ctrl-C during continue stops the run, not the debugger. */
Test(debug_console, ctrl_c_stops_continue)
{
    const char *dir = tu_tmpdir();
    char in[512], out[512], prog[4096];
    snprintf(in, sizeof in, "%s/in", dir);
    snprintf(out, sizeof out, "%s/out", dir);
    snprintf(prog, sizeof prog, "%s/ssememu", tu_bin_dir());
    static const char cmds[] = "continue\nprint STEPS > 0\nreverse-step 2\nquit\n";
    cr_assert(tu_write(in, cmds, sizeof cmds - 1));
    pid_t pid = fork();
    cr_assert_geq(pid, 0);
    if (pid == 0) {
        int i = open(in, O_RDONLY), o = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        dup2(i, 0);
        dup2(o, 1);
        dup2(o, 2);
        execl(prog, prog, "--debug", DBG "planted.s", (char *)NULL);
        _exit(127);
    }
    for (int i = 0; i < 1000 && !catches_sigint(pid); i++)
        sleep_ms(10);
    sleep_ms(200);
    kill(pid, SIGINT);
    int st = 0, waited = 0;
    while (waitpid(pid, &st, WNOHANG) == 0) {
        if (++waited > 1000) {
            kill(pid, SIGKILL);
            waitpid(pid, &st, 0);
            cr_assert_fail("the console did not stop the run after SIGINT");
        }
        sleep_ms(10);
    }
    char *text = slurp(out);
    cr_expect(WIFEXITED(st) && WEXITSTATUS(st) == 0, "status %d: %s", st, text);
    cr_expect(strncmp(text, "Interrupted, step ", 18) == 0, "%s", text);
    cr_expect(strstr(text, "STEPS > 0 = 1\n"), "%s", text);
    free(text);
    unlink(in);
    unlink(out);
    rmdir(dir);
}

/* ssemasm -g writes the symbol file; ssememu finds it beside the image
 * and shows labels and source lines for the image too. */
Test(debug_console, image_with_symbol_file)
{
    const char *dir = tu_tmpdir();
    char img[512], sym[512];
    snprintf(img, sizeof img, "%s/planted.img", dir);
    snprintf(sym, sizeof sym, "%s/planted.sym", dir);
    tu_run a = tu_execl(NULL, "ssemasm", "-g", DBG "planted.s", "-o", img, NULL);
    cr_assert_eq(a.status, 0, "%s", a.err);
    char *text = slurp(sym);
    cr_expect(strncmp(text, "ssem-symbols 1\nfile tests/debug/planted.s\nline 0 5\n", 51) == 0, "%s", text);
    cr_expect(strstr(text, "label count 15 20\n"), "%s", text);
    free(text);
    tu_run r = session("break loop+13\ncontinue\nexamine count\n", (const char *const[]){ "--debug", img, NULL });
    cr_expect_eq(r.status, 0, "%s", r.out);
    cr_expect(strstr(r.out, "Breakpoint 1, step 12  tests/debug/planted.s:19 loop+13  line 14: JMP 30  A = -6\n"
                            "19\t        JMP =loop-1"),
              "%s", r.out);
    cr_expect(strstr(r.out, "count  "), "%s", r.out);
    tu_run_free(&r);
    /* A broken symbol file is reported and ignored. */
    cr_assert(tu_write(sym, "nonsense\n", 9));
    r = session("examine 15\n", (const char *const[]){ "--debug", img, NULL });
    cr_expect(strstr(r.out, "planted.sym:1: not a symbol file"), "%s", r.out);
    cr_expect(strstr(r.out, "  15              0x00000005"), "%s", r.out);
    tu_run_free(&r);
    tu_run_free(&a);
    unlink(img);
    unlink(sym);
    rmdir(dir);
}

Test(debug_cli, break_until_history)
{
    tu_run r = tu_execl(NULL, "ssememu", "--break", "loop+13", "-d", "json", DBG "planted.s", NULL);
    cr_expect_eq(r.status, 5, "%s", r.err);
    cr_expect_str_eq(r.err, "ssememu: Breakpoint 1, step 12  tests/debug/planted.s:19 loop+13  line 14: JMP 30  A = -6\n");
    cr_expect(strstr(r.out, "\"steps\": 12,"), "%s", r.out);
    tu_run_free(&r);
    r = tu_execl(NULL, "ssememu", "--until", "[count] == 9", "--history", "2", "-d", "none", DBG "planted.s", NULL);
    cr_expect_eq(r.status, 5, "%s", r.err);
    cr_expect_str_eq(r.err, "ssememu: Condition 1 ([count] == 9) holds, step 49  tests/debug/planted.s:16 loop+10  "
                            "line 11: LDN 15 (count)  A = 9\n"
                            "step 48  tests/debug/planted.s:14 loop+8  line 9: SUB 31  A = 9\n"
                            "step 49  tests/debug/planted.s:15 loop+9  line 10: STO 15 (count)  A = 9  [15] <- 9\n");
    tu_run_free(&r);
    r = tu_execl(NULL, "ssememu", "--history", "1", "-d", "none", "examples/add.s", NULL);
    cr_expect_eq(r.status, 0, "%s", r.err);
    cr_expect(strstr(r.err, ": STP  A = "), "%s", r.err);
    tu_run_free(&r);
    r = tu_execl(NULL, "ssememu", "--break", "nosuch", DBG "planted.s", NULL);
    cr_expect_eq(r.status, 2);
    cr_expect_str_eq(r.err, "ssememu: error: --break: bad LOC 'nosuch': no symbol 'nosuch'\n");
    tu_run_free(&r);
    r = tu_execl(NULL, "ssememu", "--until", "A <", DBG "planted.s", NULL);
    cr_expect_eq(r.status, 2);
    tu_run_free(&r);
    r = tu_execl(NULL, "ssememu", "--debug", "--break", "3", DBG "planted.s", NULL);
    cr_expect_eq(r.status, 2);
    tu_run_free(&r);
    r = tu_execl("quit\n", "ssememu", "--debug", "-", NULL);
    cr_expect_eq(r.status, 2);
    cr_expect(strstr(r.err, "name the program's file"), "%s", r.err);
    tu_run_free(&r);
    r = tu_execl(NULL, "ssememu", "-x", DBG "planted.cmd", DBG "planted.s", NULL);
    cr_expect_eq(r.status, 2);
    tu_run_free(&r);
}

Test(debug_cli, trace_shows_labels_and_stores)
{
    tu_run r = tu_execl(NULL, "ssememu", "--trace", "-n", "3", "-d", "none", DBG "planted.s", NULL);
    cr_expect_eq(r.status, 3);
    cr_expect_str_eq(r.err, "step 1  ci 1  word 0x00004010  LDN 16    a 0  ; loop: LDN total\n"
                            "step 2  ci 2  word 0x0000800f  SUB 15    a -5  ; loop+1: SUB count\n"
                            "step 3  ci 3  word 0x00006011  STO 17    a -5  [17] <- -5  ; loop+2: STO tmp\n");
    tu_run_free(&r);
}

Test(debug_cli, check_every_engine)
{
    size_t ne;
    const emu_engine *const *list = emu_engine_list(&ne);
    for (size_t k = 0; k < ne; k++) {
        tu_run r = tu_execl(NULL, "ssememu", "--check", "-e", list[k]->name, "examples/hfr.s", "-n", "5000", NULL);
        char want[128];
        snprintf(want, sizeof want, "interp(V) = T at every one of 5000 steps (engine %s)\n", list[k]->name);
        cr_expect_eq(r.status, 0, "%s: %s%s", list[k]->name, r.out, r.err);
        cr_expect_str_eq(r.out, want);
        tu_run_free(&r);
    }
    tu_run r = tu_execl(NULL, "ssememu", "--check", "examples/add.s", NULL);
    cr_expect_eq(r.status, 0);
    cr_expect(strstr(r.out, "steps (engine threaded, to the STP)\n"), "%s", r.out);
    tu_run_free(&r);
}

/* An engine with a planted bug for --check: from step 7 on it stores A + 1. */
static void buggy_load(void *ctx, const emu_machine *t)
{
    *(emu_machine *)ctx = *t;
}

static void buggy_run(void *ctx, uint64_t max_steps)
{
    emu_machine *m = ctx;
    for (uint64_t i = 0; i < max_steps && !m->halted; i++) {
        uint32_t w = m->store[ssem_line_of(m->ci + 1)];
        emu_step(m);
        if (m->steps >= 7 && ssem_word_func(w) == SSEM_STO)
            m->store[ssem_word_operand(w)]++;
    }
}

static const emu_engine buggy = {
    .name = "buggy",
    .summary = "stores A + 1 from step 7 (tests only)",
    .kind = EMU_KIND_INTERPRETER,
    .ctx_size = sizeof(emu_machine),
    .load = buggy_load,
    .run = buggy_run,
    .interp = emu_machine_interp,
};

/* --check's report of the first difference, both states side by side. */
Test(debug_cli, check_reports_first_difference)
{
    uint32_t store[SSEM_WORDS];
    cr_assert(temu_assemble(DBG "planted.s", NULL, 0, store));
    emu_machine m;
    emu_machine_init(&m, store);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    int rc = emu_cli_check(&buggy, &m, 1000, NULL, f);
    fclose(f);
    cr_expect_eq(rc, EMU_EXIT_DIFFERS);
    cr_expect(tu_golden(DBG "check_differs.golden", buf, len), "%s", buf);
    free(buf);
    f = open_memstream(&buf, &len);
    rc = emu_cli_check(emu_engine_find("seed"), &m, 1000, NULL, f);
    fclose(f);
    cr_expect_eq(rc, 0);
    cr_expect_str_eq(buf, "interp(V) = T at every one of 1000 steps (engine seed)\n");
    free(buf);
}
