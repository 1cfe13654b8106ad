/* test_atomic_refuse.c: an output is never an input nor another output, one bad output means none, file-size limits, signals while writing, read-only files (issue 17). */
#include <criterion/criterion.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "test_atomic.h"
#include "test_bad.h"

/* ---- an output is never an input, nor another output (issue 17, F1) ---- */

/* A copy of a good source in dir, as NAME; its path. */
static char *source_copy(const char *dir, const char *name)
{
    size_t len;
    char *src = tu_read(GOOD_SRC, &len);
    cr_assert_not_null(src);
    char *p = ta_path_in(dir, name);
    cr_assert(tu_write(p, src, len));
    free(src);
    return p;
}

static bool same_as(const char *path, const char *other)
{
    size_t a, b;
    char *x = tu_read(path, &a), *y = tu_read(other, &b);
    bool eq = x && y && a == b && memcmp(x, y, a) == 0;
    free(x);
    free(y);
    return eq;
}

/* argv from tpl: "@S" is the source copy p.s, "@I" an image of it, "@NAME"
 * dir/NAME ("@./p.s" too), and "OPT=@..." the same after the '='. */
static void refused(const char *what, const char *const tpl[], bool link_a_to_source)
{
    const char *dir = tu_tmpdir();
    char *s = source_copy(dir, "p.s"), *img = ta_path_in(dir, "p.img");
    const char *mk[] = { "ssemasm", s, "-o", img, NULL };
    tu_run r = ta_run(mk);
    cr_assert_eq(r.status, 0, "%s", r.err);
    tu_run_free(&r);
    if (link_a_to_source)
        cr_assert(symlink("p.s", ta_path_in(dir, "A")) == 0);
    const char *argv[16];
    static char args[16][600];
    int n = 0;
    for (; tpl[n]; n++) {
        const char *at = strchr(tpl[n], '@');
        if (!at) {
            argv[n] = tpl[n];
            continue;
        }
        const char *path = !strcmp(at, "@S") ? s : !strcmp(at, "@I") ? img : ta_path_in(dir, at + 1);
        snprintf(args[n], sizeof args[n], "%.*s%s", (int)(at - tpl[n]), tpl[n], path);
        argv[n] = args[n];
    }
    argv[n] = NULL;
    r = ta_run(argv);
    ta_expect_clean_failure(&r, what, 1);
    cr_expect(strstr(r.err, "refusing to overwrite") || strstr(r.err, "name the same file"), "%s: %s", what, r.err);
    cr_expect(same_as(s, GOOD_SRC), "%s: the source was modified", what);
    tu_run_free(&r);
    if (link_a_to_source)
        ta_expect_only(dir, what, "p.s", "p.img", "A", NULL);
    else
        ta_expect_only(dir, what, "p.s", "p.img", NULL);
    bad_rmtree(dir);
}

static const char *const asm_o_dot[] = { "ssemasm", "@S", "-o", "@./p.s", NULL };
static const char *const asm_o_link[] = { "ssemasm", "@S", "-o", "@A", NULL };
static const char *const asm_l_src[] = { "ssemasm", "@S", "-o", "@q.img", "-l", "@S", NULL };
static const char *const asm_o_l_same[] = { "ssemasm", "@S", "-o", "@same", "-l", "@same", NULL };
static const char *const emu_o_source[] = { "ssememu", "-n", "5", "-o", "@S", "@S", NULL };
static const char *const emu_png_input[] = { "ssememu", "-n", "5", "--png", "@I", "@I", NULL };
static const char *const emu_trace_input[] = { "ssememu", "-n", "5", "--trace=@S", "@S", NULL };
static const char *const emu_o_png_same[] = { "ssememu", "-n", "5", "-o", "@x.img", "--png", "@x.img", "@I", NULL };
static const char *const dis_o_input[] = { "ssemdis", "@I", "-o", "@I", NULL };

Test(atomic_same, ssemasm_o_dot_slash_source) { refused("ssemasm p.s -o ./p.s", asm_o_dot, false); }
Test(atomic_same, ssemasm_o_symlink_to_source) { refused("ssemasm -o LINK-TO-SOURCE", asm_o_link, true); }
Test(atomic_same, ssemasm_l_source) { refused("ssemasm -l SOURCE", asm_l_src, false); }
Test(atomic_same, ssemasm_o_and_l_same) { refused("ssemasm -o X -l X", asm_o_l_same, false); }
Test(atomic_same, ssememu_o_source) { refused("ssememu SOURCE -o SOURCE", emu_o_source, false); }
Test(atomic_same, ssememu_png_input) { refused("ssememu --png INPUT", emu_png_input, false); }
Test(atomic_same, ssememu_trace_input) { refused("ssememu --trace=INPUT", emu_trace_input, false); }
Test(atomic_same, ssememu_o_png_same) { refused("ssememu -o X --png X", emu_o_png_same, false); }
Test(atomic_same, ssemdis_o_input) { refused("ssemdis -o INPUT", dis_o_input, false); }

/* ---- one unwritable output: no output at all (F5) ---- */

Test(atomic_all_or_nothing, ssemasm_listing_unwritable)
{
    const char *dir = tu_tmpdir();
    char *img = ta_path_in(dir, "o.img");
    const char *argv[] = { "ssemasm", GOOD_SRC, "-o", img, "-l", "/nonexistent-ssem-dir/l.txt", NULL };
    tu_run r = ta_run(argv);
    ta_expect_clean_failure(&r, "ssemasm -l into a missing directory", 1);
    ta_expect_only(dir, "ssemasm -o OK -l BAD", NULL);
    tu_run_free(&r);
    bad_rmtree(dir);
}

Test(atomic_all_or_nothing, ssememu_output_unwritable)
{
    const char *dir = tu_tmpdir();
    char *png = ta_path_in(dir, "p.png");
    const char *argv[] = { "ssememu", "-n", "5", "-o", "/nonexistent-ssem-dir/x.img", "--png", png, GOOD_IMG, NULL };
    tu_run r = ta_run(argv);
    ta_expect_clean_failure(&r, "ssememu -o BAD --png OK", 1);
    ta_expect_only(dir, "ssememu -o BAD --png OK", NULL);
    tu_run_free(&r);
    bad_rmtree(dir);
}

/* ---- a file-size limit is an I/O error, not SIGXFSZ (F2) ---- */

#include <sys/resource.h>

static void fsize0(void)
{
    struct rlimit rl = { 0, 0 };
    setrlimit(RLIMIT_FSIZE, &rl);
}

/* The status of argv run with `ulimit -f 0`. */
static int run_fsize0(const char *const argv[])
{
    tu_run r = tu_exec_with(argv, fsize0);
    cr_expect(strstr(r.err, "File too large"), "%s: %s", argv[0], r.err);
    int st = r.status;
    tu_run_free(&r);
    return st;
}

Test(atomic_limits, file_size_limit_is_an_error)
{
    const char *dir = tu_tmpdir();
    char *img = ta_path_in(dir, "o.img"), *s = ta_path_in(dir, "o.s"), *e = ta_path_in(dir, "e.img");
    const char *a[] = { "ssemasm", GOOD_SRC, "-o", img, NULL };
    const char *d[] = { "ssemdis", GOOD_IMG, "-o", s, NULL };
    const char *m[] = { "ssememu", "-n", "5", "-d", "none", "-o", e, GOOD_IMG, NULL };
    cr_expect_eq(run_fsize0(a), 1, "ssemasm under ulimit -f 0");
    cr_expect_eq(run_fsize0(d), 1, "ssemdis under ulimit -f 0");
    cr_expect_eq(run_fsize0(m), 1, "ssememu under ulimit -f 0");
    ta_expect_only(dir, "ulimit -f 0", NULL);
    bad_rmtree(dir);
}

/* ---- TERM, INT, HUP while writing remove the temporary files (F3) ---- */

/* The run writes its image to a temporary file, then blocks opening a FIFO
 * nobody reads (written in place, after the temporary files): the signal
 * comes while the temporary file exists. */
static void signal_while_writing(const char *tool, int sig)
{
    if (bad_valgrind())
        cr_skip_test("signal timing under valgrind is not this test's concern");
    const char *dir = tu_tmpdir();
    char *img = ta_path_in(dir, "o.img"), *fifo = ta_path_in(dir, "fifo");
    cr_assert(mkfifo(fifo, 0644) == 0);
    char prog[4096];
    snprintf(prog, sizeof prog, "%s/%s", tu_bin_dir(), tool);
    pid_t pid = fork();
    cr_assert(pid >= 0);
    if (pid == 0) {
        int nul = open("/dev/null", O_RDWR);
        dup2(nul, 0);
        dup2(nul, 1);
        dup2(nul, 2);
        if (!strcmp(tool, "ssemasm"))
            execl(prog, tool, GOOD_SRC, "-o", img, "-l", fifo, (char *)NULL);
        else
            execl(prog, tool, "-n", "5", "-d", "none", "-o", img, "--png", fifo, GOOD_IMG, (char *)NULL);
        _exit(127);
    }
    /* Wait for the temporary file: o.img.tmp.XXXXXX. */
    bool seen = false;
    struct timespec ms = { 0, 1000000 };
    for (int i = 0; i < 30000 && !seen; i++) {
        DIR *d = opendir(dir);
        for (struct dirent *e; d && (e = readdir(d));)
            seen |= strncmp(e->d_name, "o.img.tmp.", 10) == 0;
        if (d)
            closedir(d);
        if (!seen)
            nanosleep(&ms, NULL);
    }
    cr_expect(seen, "%s never made its temporary file", tool);
    kill(pid, sig);
    int st;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
        ;
    cr_expect(WIFEXITED(st) && WEXITSTATUS(st) == 128 + sig, "%s: signal %d: %s %d", tool, sig,
              WIFEXITED(st) ? "exit" : "killed by", WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st));
    ta_expect_only(dir, "signal while writing", "fifo", NULL);
    bad_rmtree(dir);
}

Test(atomic_signals, ssemasm_term, .timeout = 60) { signal_while_writing("ssemasm", SIGTERM); }
Test(atomic_signals, ssemasm_int, .timeout = 60) { signal_while_writing("ssemasm", SIGINT); }
Test(atomic_signals, ssemasm_hup, .timeout = 60) { signal_while_writing("ssemasm", SIGHUP); }
Test(atomic_signals, ssememu_term, .timeout = 60) { signal_while_writing("ssememu", SIGTERM); }
Test(atomic_signals, ssememu_hup, .timeout = 60) { signal_while_writing("ssememu", SIGHUP); }

/* ---- a read-only file is not replaced (F4) ---- */

static void become_nobody(void)
{
    if (geteuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0))
        _exit(126);
}

Test(atomic_readonly, file_is_not_replaced)
{
    /* As root every file is writable: run the tools as nobody then. */
    const char *dir = tu_tmpdir();
    cr_assert(chmod(dir, 0777) == 0);
    char *s = source_copy(dir, "p.s"), *ro = ta_path_in(dir, "ro.img");
    cr_assert(chmod(s, 0644) == 0);
    ta_plant(ro);
    cr_assert(chmod(ro, 0444) == 0);
    const char *argv[] = { "ssemasm", s, "-o", ro, NULL };
    tu_run r = tu_exec_with(argv, become_nobody);
    if (r.status == 126)
        cr_skip_test("cannot become nobody here");
    const char *err = r.err;
    int st = r.status;
    cr_expect_eq(st, 1, "%s", err);
    cr_expect(strstr(err, "read-only") != NULL, "%s", err);
    ta_expect_untouched(ro, "ssemasm -o READ-ONLY");
    struct stat sb;
    cr_expect(stat(ro, &sb) == 0 && (sb.st_mode & 0777) == 0444 && sb.st_uid == geteuid());
    ta_expect_only(dir, "read-only output", "p.s", "ro.img", NULL);
    tu_run_free(&r);
    bad_rmtree(dir);
}
