/* test_atomic.c: every output a tool writes is all-or-nothing, unwritable paths are clean errors, interrupted runs keep their state. */
#include <criterion/criterion.h>

#include <dirent.h>
#include <stdarg.h>
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

#include "ssem_clock.h"
#include "test_atomic.h"
#include "test_bad.h"
#include "test_util.h"

/* A counting loop: line 20 holds how many times lines 1-6 went round, so
 * the state after any number of steps is known: S[20] = (steps + 1) / 6.
 *   1 LDN 20   2 SUB 21   3 STO 22   4 LDN 22   5 STO 20   6 JMP 23
 *   21: 1   23: 0 (JMP 23 goes to line 0 + 1) */
static const char *counter_image(const char *dir)
{
    static char path[512];
    unsigned w[32] = { 0 };
    w[1] = (2u << 13) | 20;
    w[2] = (4u << 13) | 21;
    w[3] = (3u << 13) | 22;
    w[4] = (2u << 13) | 22;
    w[5] = (3u << 13) | 20;
    w[6] = (0u << 13) | 23;
    w[21] = 1;
    char text[32 * 33 + 1], *p = text;
    for (int i = 0; i < 32; i++) {
        for (int b = 0; b < 32; b++)
            *p++ = (w[i] >> b & 1) ? '1' : '0';
        *p++ = '\n';
    }
    *p = '\0';
    snprintf(path, sizeof path, "%s/counter.img", dir);
    cr_assert(tu_write(path, text, strlen(text)));
    return path;
}


/* ---- a failed run leaves an existing output exactly as it was ---- */

Test(atomic_failed, ssemasm_output_and_listing)
{
    const char *dir = tu_tmpdir();
    char *out = ta_path_in(dir, "prog.img"), *lst = ta_path_in(dir, "prog.lst");
    ta_plant(out);
    ta_plant(lst);
    const char *argv[] = { "ssemasm", BAD_SRC, "-o", out, "-l", lst, NULL };
    tu_run r = ta_run(argv);
    ta_expect_clean_failure(&r, "ssemasm on an erroneous source", 1);
    ta_expect_untouched(out, "ssemasm -o");
    ta_expect_untouched(lst, "ssemasm -l");
    ta_expect_only(dir, "ssemasm", "prog.img", "prog.lst", NULL);
    tu_run_free(&r);
    bad_rmtree(dir);
}

Test(atomic_failed, ssemasm_default_output)
{
    /* Without -o the output is SOURCE.img next to the source. */
    const char *dir = tu_tmpdir();
    size_t len;
    char *src = tu_read(BAD_SRC, &len);
    cr_assert_not_null(src);
    char *s = ta_path_in(dir, "bad.s"), *img = ta_path_in(dir, "bad.img");
    cr_assert(tu_write(s, src, len));
    free(src);
    ta_plant(img);
    const char *argv[] = { "ssemasm", s, NULL };
    tu_run r = ta_run(argv);
    ta_expect_clean_failure(&r, "ssemasm without -o", 1);
    ta_expect_untouched(img, "ssemasm default output");
    ta_expect_only(dir, "ssemasm", "bad.s", "bad.img", NULL);
    tu_run_free(&r);
    bad_rmtree(dir);
}

Test(atomic_failed, ssemdis_output)
{
    const char *dir = tu_tmpdir();
    char *out = ta_path_in(dir, "prog.s");
    ta_plant(out);
    const char *argv[] = { "ssemdis", BAD_IMG, "-o", out, NULL };
    tu_run r = ta_run(argv);
    ta_expect_clean_failure(&r, "ssemdis on a bad image", 1);
    ta_expect_untouched(out, "ssemdis -o");
    ta_expect_only(dir, "ssemdis", "prog.s", NULL);
    tu_run_free(&r);
    bad_rmtree(dir);
}

Test(atomic_failed, ssememu_every_output)
{
    const char *dir = tu_tmpdir();
    char *out = ta_path_in(dir, "final.img"), *png = ta_path_in(dir, "crt.png"), *tr = ta_path_in(dir, "trace.txt");
    ta_plant(out);
    ta_plant(png);
    ta_plant(tr);
    char trace_opt[600];
    snprintf(trace_opt, sizeof trace_opt, "--trace=%s", tr);
    const char *argv[] = { "ssememu", "-n", "10", "-o", out, "--png", png, trace_opt, BAD_IMG, NULL };
    tu_run r = ta_run(argv);
    ta_expect_clean_failure(&r, "ssememu on a bad image", 1);
    ta_expect_untouched(out, "ssememu -o");
    ta_expect_untouched(png, "ssememu --png");
    ta_expect_untouched(tr, "ssememu --trace=FILE");
    ta_expect_only(dir, "ssememu", "final.img", "crt.png", "trace.txt", NULL);
    tu_run_free(&r);

    /* Assembly errors in a source given to the emulator: the same. */
    const char *argv2[] = { "ssememu", "-n", "10", "-o", out, "--png", png, trace_opt, BAD_SRC, NULL };
    r = ta_run(argv2);
    ta_expect_clean_failure(&r, "ssememu on an erroneous source", 1);
    ta_expect_untouched(out, "ssememu -o (source)");
    ta_expect_untouched(png, "ssememu --png (source)");
    ta_expect_untouched(tr, "ssememu --trace=FILE (source)");
    tu_run_free(&r);
    bad_rmtree(dir);
}

/* ---- a successful run replaces the output whole and cleans up ---- */

Test(atomic_success, replaces_and_leaves_no_temporaries)
{
    const char *dir = tu_tmpdir();
    char *img = ta_path_in(dir, "a.img"), *lst = ta_path_in(dir, "a.lst"), *s = ta_path_in(dir, "a.s");
    ta_plant(img);
    ta_plant(lst);
    ta_plant(s);
    const char *asmv[] = { "ssemasm", GOOD_SRC, "-o", img, "-l", lst, NULL };
    tu_run r = ta_run(asmv);
    cr_expect_eq(r.status, 0, "ssemasm: %s", r.err);
    tu_run_free(&r);
    const char *disv[] = { "ssemdis", img, "-o", s, NULL };
    r = ta_run(disv);
    cr_expect_eq(r.status, 0, "ssemdis: %s", r.err);
    tu_run_free(&r);
    char *fin = ta_path_in(dir, "f.img"), *png = ta_path_in(dir, "f.png");
    const char *emuv[] = { "ssememu", "-n", "1000", "--dump", "none", "-o", fin, "--png", png, img, NULL };
    r = ta_run(emuv);
    cr_expect(r.status == 0 || r.status == 3, "ssememu: %d %s", r.status, r.err);
    tu_run_free(&r);
    ta_expect_only(dir, "successful runs", "a.img", "a.lst", "a.s", "f.img", "f.png", NULL);

    const char *files[] = { img, lst, s, fin, png };
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        size_t len;
        char *data = tu_read(files[i], &len);
        cr_expect(data && len > 0 && strstr(data, "precious") == NULL, "%s was not rewritten", files[i]);
        /* Ordinary permissions (0666 less the umask), not mkstemp's 0600. */
        mode_t um = umask(0);
        umask(um);
        struct stat st;
        cr_expect(stat(files[i], &st) == 0 && S_ISREG(st.st_mode), "%s is not a regular file", files[i]);
        cr_expect_eq(st.st_mode & 0777, 0666 & ~um, "%s has mode %o", files[i], (unsigned)st.st_mode & 0777);
        free(data);
    }
    bad_rmtree(dir);
}

/* ---- unwritable destinations are clean errors ---- */

static void unwritable(const char *label, const char *target, bool is_dir)
{
    struct {
        const char *argv[10];
    } runs[] = {
        { { "ssemasm", GOOD_SRC, "-o", target, NULL } },
        { { "ssemasm", GOOD_SRC, "-o", "-", "-l", target, NULL } },
        { { "ssemdis", GOOD_IMG, "-o", target, NULL } },
        { { "ssememu", "--dump", "none", "-o", target, GOOD_IMG, NULL } },
        { { "ssememu", "--dump", "none", "--png", target, GOOD_IMG, NULL } },
    };
    for (size_t i = 0; i < sizeof runs / sizeof runs[0]; i++) {
        char what[256];
        snprintf(what, sizeof what, "%s %s (%s)", runs[i].argv[0], label, runs[i].argv[2]);
        tu_run r = ta_run(runs[i].argv);
        ta_expect_clean_failure(&r, what, 1);
        cr_expect(strstr(r.err, target) != NULL, "%s: the message does not name %s: %s", what, target, r.err);
        cr_expect(strstr(r.err, "Sanitizer") == NULL, "%s: %s", what, r.err);
        struct stat st;
        if (is_dir)
            cr_expect(stat(target, &st) == 0 && S_ISDIR(st.st_mode), "%s: the directory is gone", what);
        tu_run_free(&r);
    }
}

Test(atomic_unwritable, missing_directory)
{
    unwritable("into a missing directory", "/nonexistent-ssem-dir/out.img", false);
}

Test(atomic_unwritable, path_is_a_directory)
{
    const char *dir = tu_tmpdir();
    char *sub = ta_path_in(dir, "sub.img");
    cr_assert(mkdir(sub, 0755) == 0);
    unwritable("onto a directory", sub, true);
    ta_expect_only(dir, "onto a directory", "sub.img", NULL);
    bad_rmtree(dir);
}

Test(atomic_unwritable, read_only_directory)
{
    if (geteuid() == 0)
        cr_skip_test("root can write into a read-only directory");
    const char *dir = tu_tmpdir();
    char *ro = ta_path_in(dir, "ro");
    cr_assert(mkdir(ro, 0555) == 0);
    char target[600];
    snprintf(target, sizeof target, "%s/out.img", ro);
    unwritable("into a read-only directory", target, false);
    bad_rmtree(dir);
}

/* ---- the state reached is never lost ---- */

static unsigned long json_field(const char *json, const char *key)
{
    char pat[64];
    snprintf(pat, sizeof pat, "\"%s\": ", key);
    const char *p = strstr(json, pat);
    cr_assert_not_null(p, "no %s in %s", key, json);
    return strtoul(p + strlen(pat), NULL, 10);
}

static unsigned long json_store(const char *json, int line)
{
    const char *p = strstr(json, "\"store\": [");
    cr_assert_not_null(p, "no store in %s", json);
    p += strlen("\"store\": [");
    for (int i = 0; i < line; i++) {
        p = strchr(p, ',');
        cr_assert_not_null(p);
        p++;
    }
    return strtoul(p, NULL, 10);
}

/* Line 20 of a bits image. */
static unsigned long image_line(const char *path, int line)
{
    size_t len;
    char *data = tu_read(path, &len);
    cr_assert_not_null(data, "%s was not written", path);
    cr_assert(len >= (size_t)(line + 1) * 33, "%s is too short", path);
    unsigned long v = 0;
    for (int b = 0; b < 32; b++)
        if (data[line * 33 + b] == '1')
            v |= 1ul << b;
    free(data);
    return v;
}

Test(atomic_state, max_steps_prints_and_writes)
{
    const char *dir = tu_tmpdir();
    const char *img = counter_image(dir);
    char *out = ta_path_in(dir, "final.img");
    const char *argv[] = { "ssememu", "--dump", "json", "-n", "6000", "-o", out, img, NULL };
    tu_run r = ta_run(argv);
    cr_expect_eq(r.status, 3, "status %d: %s", r.status, r.err);
    cr_expect_eq(json_field(r.out, "steps"), 6000);
    cr_expect_eq(json_store(r.out, 20), 1000);
    cr_expect_eq(image_line(out, 20), 1000);
    tu_run_free(&r);
    bad_rmtree(dir);
}

/* SIGINT is caught once bit 2 of the process's SigCgt mask is set; only
 * then is interrupting it a test of the handler rather than of a race. */
static bool catches_sigint(pid_t pid)
{
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%ld/status", (long)pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return false;
    bool yes = false;
    while (fgets(line, sizeof line, f))
        if (!strncmp(line, "SigCgt:", 7))
            yes = (strtoull(line + 7, NULL, 16) >> (SIGINT - 1)) & 1;
    fclose(f);
    return yes;
}

Test(atomic_state, ctrl_c_prints_and_writes, .timeout = 120)
{
    if (bad_valgrind())
        cr_skip_test("signal timing under valgrind is not this test's concern");
    const char *dir = tu_tmpdir();
    const char *img = counter_image(dir);
    char *out = ta_path_in(dir, "final.img"), *so = ta_path_in(dir, "stdout.txt"), *se = ta_path_in(dir, "stderr.txt");
    char prog[4096];
    snprintf(prog, sizeof prog, "%s/ssememu", tu_bin_dir());
    pid_t pid = fork();
    cr_assert(pid >= 0);
    if (pid == 0) {
        int o = open(so, O_WRONLY | O_CREAT | O_TRUNC, 0644), e = open(se, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        int nul = open("/dev/null", O_RDONLY);
        dup2(nul, 0);
        dup2(o, 1);
        dup2(e, 2);
        execl(prog, "ssememu", "--dump", "json", "-o", out, img, (char *)NULL);
        _exit(127);
    }
    struct timespec ms = { 0, 1000000 };
    for (int i = 0; i < 60000 && !catches_sigint(pid); i++)
        nanosleep(&ms, NULL);
    /* Let it run a little so the state is not the start state. */
    struct timespec pause = { 0, 50000000 };
    nanosleep(&pause, NULL);
    kill(pid, SIGINT);
    int st;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
        ;
    cr_assert(WIFEXITED(st), "ssememu died of signal %d instead of stopping cleanly", WTERMSIG(st));
    cr_expect_eq(WEXITSTATUS(st), 130);
    char *json = tu_read(so, NULL), *err = tu_read(se, NULL);
    cr_assert_not_null(json);
    unsigned long steps = json_field(json, "steps");
    cr_expect(steps > 0, "no progress before Ctrl-C");
    cr_expect(strstr(json, "\"halted\": false") != NULL, "%s", json);
    /* The printed state and the written image are the same, consistent one. */
    cr_expect_eq(json_store(json, 20), (steps + 1) / 6, "steps %lu, line 20 %lu", steps, json_store(json, 20));
    cr_expect_eq(image_line(out, 20), json_store(json, 20));
    cr_expect(err && strstr(err, "interrupted"), "stderr: %s", err ? err : "");
    free(json);
    free(err);
    bad_rmtree(dir);
}

/* ---- outputs that are not regular files ---- */

/*
 * "-o /dev/null", "-o /dev/stdout" or a FIFO must be written into, not
 * replaced by renaming a temporary file over it: run as root, a rename
 * turns /dev/null (or the /dev/stdout symlink) into a regular file for the
 * whole system. A FIFO in a scratch directory, reached directly and through
 * a symlink as /dev/stdout is, shows the same thing harmlessly.
 */
static void special_output(const char *tool_what, const char *const argv_tpl[], bool via_link)
{
    const char *dir = tu_tmpdir();
    char *fifo = ta_path_in(dir, "pipe"), *link = ta_path_in(dir, "link");
    cr_assert(mkfifo(fifo, 0644) == 0);
    if (via_link)
        cr_assert(symlink(fifo, link) == 0);
    const char *target = via_link ? link : fifo;
    /* A reader already waiting, so a writer that opens the FIFO proceeds. */
    int rd = open(fifo, O_RDONLY | O_NONBLOCK);
    cr_assert(rd >= 0);
    const char *argv[16];
    int n = 0;
    for (; argv_tpl[n]; n++)
        argv[n] = strcmp(argv_tpl[n], "@") ? argv_tpl[n] : target;
    argv[n] = NULL;
    tu_run r = ta_run(argv);
    struct stat st;
    cr_assert(lstat(fifo, &st) == 0, "%s: the FIFO is gone", tool_what);
    cr_expect(S_ISFIFO(st.st_mode), "%s: replaced the FIFO with a %s", tool_what,
              S_ISREG(st.st_mode) ? "regular file" : "something else");
    if (via_link)
        cr_expect(lstat(link, &st) == 0 && S_ISLNK(st.st_mode), "%s: replaced the symlink", tool_what);
    cr_expect(r.status == 0 || r.status == 3, "%s: status %d: %s", tool_what, r.status, r.err);
    char got[8192];
    ssize_t got_n = read(rd, got, sizeof got);
    cr_expect(got_n > 0, "%s: nothing arrived through the FIFO", tool_what);
    close(rd);
    tu_run_free(&r);
    if (via_link)
        ta_expect_only(dir, tool_what, "pipe", "link", NULL);
    else
        ta_expect_only(dir, tool_what, "pipe", NULL);
    bad_rmtree(dir);
}

static const char *const asm_o[] = { "ssemasm", GOOD_SRC, "-o", "@", NULL };
static const char *const asm_l[] = { "ssemasm", GOOD_SRC, "-o", "-", "-l", "@", NULL };
static const char *const dis_o[] = { "ssemdis", GOOD_IMG, "-o", "@", NULL };
static const char *const emu_o[] = { "ssememu", "--dump", "none", "-o", "@", GOOD_IMG, NULL };
static const char *const emu_png[] = { "ssememu", "--dump", "none", "--png", "@", GOOD_IMG, NULL };

Test(atomic_special, ssemasm_fifo) { special_output("ssemasm -o FIFO", asm_o, false); }
Test(atomic_special, ssemasm_link_to_fifo) { special_output("ssemasm -o LINK-TO-FIFO", asm_o, true); }
Test(atomic_special, ssemasm_listing_fifo) { special_output("ssemasm -l FIFO", asm_l, false); }
Test(atomic_special, ssemdis_fifo) { special_output("ssemdis -o FIFO", dis_o, false); }
Test(atomic_special, ssemdis_link_to_fifo) { special_output("ssemdis -o LINK-TO-FIFO", dis_o, true); }
Test(atomic_special, ssememu_fifo) { special_output("ssememu -o FIFO", emu_o, false); }
Test(atomic_special, ssememu_link_to_fifo) { special_output("ssememu -o LINK-TO-FIFO", emu_o, true); }
Test(atomic_special, ssememu_png_fifo) { special_output("ssememu --png FIFO", emu_png, false); }

/* ---- --watch: q in the terminal stops the run, the state is kept ---- */

#include <poll.h>
#include <pty.h>

/* Read from the pty master until `want` appears (or the child closes it). */
static double now_ms(void)
{
    return (double)ssem_now_ns() / 1e6;
}

static bool pty_wait_for(int fd, char *acc, size_t cap, size_t *len, const char *want, int ms)
{
    double end = now_ms() + ms;
    while (now_ms() < end) {
        if (memmem(acc, *len, want, strlen(want)))
            return true;
        struct pollfd p = { fd, POLLIN, 0 };
        int r = poll(&p, 1, 50);
        if (r <= 0)
            continue;
        ssize_t n = read(fd, acc + *len, cap - *len - 1);
        if (n <= 0)
            break;
        *len += (size_t)n;
        acc[*len] = '\0';
        if (*len + 1 >= cap) {
            /* Keep the tail: the dump comes last. */
            memmove(acc, acc + *len / 2, *len - *len / 2);
            *len -= *len / 2;
        }
    }
    return memmem(acc, *len, want, strlen(want)) != NULL;
}

Test(atomic_state, watch_q_prints_and_writes, .timeout = 120)
{
    if (bad_valgrind())
        cr_skip_test("a live terminal under valgrind is not this test's concern");
    const char *dir = tu_tmpdir();
    const char *img = counter_image(dir);
    char *out = ta_path_in(dir, "final.img");
    char prog[4096];
    snprintf(prog, sizeof prog, "%s/ssememu", tu_bin_dir());
    int master;
    struct winsize ws = { .ws_row = 50, .ws_col = 120 };
    pid_t pid = forkpty(&master, NULL, NULL, &ws);
    cr_assert(pid >= 0, "forkpty: %s", strerror(errno));
    if (pid == 0) {
        execl(prog, "ssememu", "--watch=100000", "--dump", "json", "-o", out, img, (char *)NULL);
        _exit(127);
    }
    static char acc[1 << 20];
    size_t len = 0;
    /* The live CRT shows a step counter once it is drawing. */
    bool drawing = pty_wait_for(master, acc, sizeof acc, &len, "steps", 30000);
    cr_expect(drawing, "no live display within 30 s");
    /* Let it run a little so the state reached is not the start state. */
    len = 0;
    pty_wait_for(master, acc, sizeof acc, &len, "no such text", 300);
    cr_assert(write(master, "q", 1) == 1);
    bool dumped = pty_wait_for(master, acc, sizeof acc, &len, "]}", 30000);
    if (!dumped)
        kill(pid, SIGKILL);
    int st;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
        ;
    close(master);
    cr_assert(dumped, "no final dump after q");
    cr_assert(WIFEXITED(st), "ssememu died of signal %d", WIFSIGNALED(st) ? WTERMSIG(st) : 0);
    cr_expect_eq(WEXITSTATUS(st), 130, "q should exit 130, got %d", WEXITSTATUS(st));
    const char *json = strstr(acc, "{\"halted\"");
    cr_assert_not_null(json, "no JSON dump in the terminal output");
    unsigned long steps = json_field(json, "steps");
    cr_expect(steps > 0);
    cr_expect_eq(json_store(json, 20), (steps + 1) / 6, "steps %lu, line 20 %lu", steps, json_store(json, 20));
    cr_expect_eq(image_line(out, 20), json_store(json, 20));
    bad_rmtree(dir);
}
