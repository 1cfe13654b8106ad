/* test_atomic.c: every output a tool writes is all-or-nothing, never an input, unwritable paths are clean errors, interrupted runs keep their state. */
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
#include "test_bad.h"
#include "test_util.h"

static const char SENTINEL[] = "precious: an earlier run's output\n";

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

static char *path_in(const char *dir, const char *name)
{
    static char bufs[8][512];
    static int k;
    char *b = bufs[k++ % 8];
    snprintf(b, 512, "%s/%s", dir, name);
    return b;
}

static void plant(const char *path)
{
    cr_assert(tu_write(path, SENTINEL, strlen(SENTINEL)), "cannot create %s", path);
}

static void expect_untouched(const char *path, const char *what)
{
    size_t len;
    char *data = tu_read(path, &len);
    cr_expect_not_null(data, "%s: %s was removed", what, path);
    if (data)
        cr_expect(len == strlen(SENTINEL) && memcmp(data, SENTINEL, len) == 0,
                  "%s: %s was modified (now %zu bytes)", what, path, len);
    free(data);
}

/* The directory holds exactly the names given (NULL-terminated): nothing
 * half-written, no temporary file left behind. */
static void expect_only(const char *dir, const char *what, ...)
{
    DIR *d = opendir(dir);
    cr_assert_not_null(d);
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        bool known = false;
        va_list ap;
        va_start(ap, what);
        for (const char *n; (n = va_arg(ap, const char *));)
            if (!strcmp(n, e->d_name))
                known = true;
        va_end(ap);
        cr_expect(known, "%s: unexpected file %s/%s left behind", what, dir, e->d_name);
    }
    closedir(d);
}

static tu_run run(const char *const argv[]) { return bad_exec(argv, NULL, 0, NULL); }

static void expect_clean_failure(const tu_run *r, const char *what, int status)
{
    cr_expect_eq(r->status, status, "%s: status %d, want %d\n%s", what, r->status, status, r->err);
    cr_expect(r->errlen > 0, "%s: failed without a message", what);
    cr_expect(strstr(r->err, "error") != NULL, "%s: message does not say error: %s", what, r->err);
}

#define BAD_SRC "tests/bad/undefined-label.s"
#define GOOD_SRC "tests/bad/bin-32.s"
#define BAD_IMG "tests/bad/bits-33.img"
#define GOOD_IMG "tests/bad/all-ones.img"

/* ---- a failed run leaves an existing output exactly as it was ---- */

Test(atomic_failed, ssemasm_output_and_listing)
{
    const char *dir = tu_tmpdir();
    char *out = path_in(dir, "prog.img"), *lst = path_in(dir, "prog.lst");
    plant(out);
    plant(lst);
    const char *argv[] = { "ssemasm", BAD_SRC, "-o", out, "-l", lst, NULL };
    tu_run r = run(argv);
    expect_clean_failure(&r, "ssemasm on an erroneous source", 1);
    expect_untouched(out, "ssemasm -o");
    expect_untouched(lst, "ssemasm -l");
    expect_only(dir, "ssemasm", "prog.img", "prog.lst", NULL);
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
    char *s = path_in(dir, "bad.s"), *img = path_in(dir, "bad.img");
    cr_assert(tu_write(s, src, len));
    free(src);
    plant(img);
    const char *argv[] = { "ssemasm", s, NULL };
    tu_run r = run(argv);
    expect_clean_failure(&r, "ssemasm without -o", 1);
    expect_untouched(img, "ssemasm default output");
    expect_only(dir, "ssemasm", "bad.s", "bad.img", NULL);
    tu_run_free(&r);
    bad_rmtree(dir);
}

Test(atomic_failed, ssemdis_output)
{
    const char *dir = tu_tmpdir();
    char *out = path_in(dir, "prog.s");
    plant(out);
    const char *argv[] = { "ssemdis", BAD_IMG, "-o", out, NULL };
    tu_run r = run(argv);
    expect_clean_failure(&r, "ssemdis on a bad image", 1);
    expect_untouched(out, "ssemdis -o");
    expect_only(dir, "ssemdis", "prog.s", NULL);
    tu_run_free(&r);
    bad_rmtree(dir);
}

Test(atomic_failed, ssememu_every_output)
{
    const char *dir = tu_tmpdir();
    char *out = path_in(dir, "final.img"), *png = path_in(dir, "crt.png"), *tr = path_in(dir, "trace.txt");
    plant(out);
    plant(png);
    plant(tr);
    char trace_opt[600];
    snprintf(trace_opt, sizeof trace_opt, "--trace=%s", tr);
    const char *argv[] = { "ssememu", "-n", "10", "-o", out, "--png", png, trace_opt, BAD_IMG, NULL };
    tu_run r = run(argv);
    expect_clean_failure(&r, "ssememu on a bad image", 1);
    expect_untouched(out, "ssememu -o");
    expect_untouched(png, "ssememu --png");
    expect_untouched(tr, "ssememu --trace=FILE");
    expect_only(dir, "ssememu", "final.img", "crt.png", "trace.txt", NULL);
    tu_run_free(&r);

    /* Assembly errors in a source given to the emulator: the same. */
    const char *argv2[] = { "ssememu", "-n", "10", "-o", out, "--png", png, trace_opt, BAD_SRC, NULL };
    r = run(argv2);
    expect_clean_failure(&r, "ssememu on an erroneous source", 1);
    expect_untouched(out, "ssememu -o (source)");
    expect_untouched(png, "ssememu --png (source)");
    expect_untouched(tr, "ssememu --trace=FILE (source)");
    tu_run_free(&r);
    bad_rmtree(dir);
}

/* ---- a successful run replaces the output whole and cleans up ---- */

Test(atomic_success, replaces_and_leaves_no_temporaries)
{
    const char *dir = tu_tmpdir();
    char *img = path_in(dir, "a.img"), *lst = path_in(dir, "a.lst"), *s = path_in(dir, "a.s");
    plant(img);
    plant(lst);
    plant(s);
    const char *asmv[] = { "ssemasm", GOOD_SRC, "-o", img, "-l", lst, NULL };
    tu_run r = run(asmv);
    cr_expect_eq(r.status, 0, "ssemasm: %s", r.err);
    tu_run_free(&r);
    const char *disv[] = { "ssemdis", img, "-o", s, NULL };
    r = run(disv);
    cr_expect_eq(r.status, 0, "ssemdis: %s", r.err);
    tu_run_free(&r);
    char *fin = path_in(dir, "f.img"), *png = path_in(dir, "f.png");
    const char *emuv[] = { "ssememu", "-n", "1000", "--dump", "none", "-o", fin, "--png", png, img, NULL };
    r = run(emuv);
    cr_expect(r.status == 0 || r.status == 3, "ssememu: %d %s", r.status, r.err);
    tu_run_free(&r);
    expect_only(dir, "successful runs", "a.img", "a.lst", "a.s", "f.img", "f.png", NULL);

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
        tu_run r = run(runs[i].argv);
        expect_clean_failure(&r, what, 1);
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
    char *sub = path_in(dir, "sub.img");
    cr_assert(mkdir(sub, 0755) == 0);
    unwritable("onto a directory", sub, true);
    expect_only(dir, "onto a directory", "sub.img", NULL);
    bad_rmtree(dir);
}

Test(atomic_unwritable, read_only_directory)
{
    if (geteuid() == 0)
        cr_skip_test("root can write into a read-only directory");
    const char *dir = tu_tmpdir();
    char *ro = path_in(dir, "ro");
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
    char *out = path_in(dir, "final.img");
    const char *argv[] = { "ssememu", "--dump", "json", "-n", "6000", "-o", out, img, NULL };
    tu_run r = run(argv);
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
    char *out = path_in(dir, "final.img"), *so = path_in(dir, "stdout.txt"), *se = path_in(dir, "stderr.txt");
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

/* ---- an output is never an input, nor another output (issue 17, F1) ---- */

/* A copy of a good source in dir, as NAME; its path. */
static char *source_copy(const char *dir, const char *name)
{
    size_t len;
    char *src = tu_read(GOOD_SRC, &len);
    cr_assert_not_null(src);
    char *p = path_in(dir, name);
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

/* argv with "@S" the source copy, "@I" an image of it, "@A".."@C" names in dir. */
static void refused(const char *what, const char *const tpl[], bool link_a_to_source)
{
    const char *dir = tu_tmpdir();
    char *s = source_copy(dir, "p.s"), *img = path_in(dir, "p.img");
    const char *mk[] = { "ssemasm", s, "-o", img, NULL };
    tu_run r = run(mk);
    cr_assert_eq(r.status, 0, "%s", r.err);
    tu_run_free(&r);
    if (link_a_to_source)
        cr_assert(symlink("p.s", path_in(dir, "A")) == 0);
    const char *argv[16];
    int n = 0;
    for (; tpl[n]; n++) {
        const char *t = tpl[n];
        argv[n] = !strcmp(t, "@S") ? s : !strcmp(t, "@I") ? img : t[0] == '@' ? path_in(dir, t + 1) : t;
    }
    argv[n] = NULL;
    r = run(argv);
    expect_clean_failure(&r, what, 1);
    cr_expect(strstr(r.err, "refusing to overwrite") || strstr(r.err, "name the same file"), "%s: %s", what, r.err);
    cr_expect(same_as(s, GOOD_SRC), "%s: the source was modified", what);
    tu_run_free(&r);
    if (link_a_to_source)
        expect_only(dir, what, "p.s", "p.img", "A", NULL);
    else
        expect_only(dir, what, "p.s", "p.img", NULL);
    bad_rmtree(dir);
}

Test(atomic_same, ssemasm_o_dot_slash_source)
{
    const char *dir = tu_tmpdir();
    char *s = source_copy(dir, "p.s");
    char dotted[600];
    snprintf(dotted, sizeof dotted, "%s/./p.s", dir);
    const char *argv[] = { "ssemasm", s, "-o", dotted, NULL };
    tu_run r = run(argv);
    expect_clean_failure(&r, "ssemasm p.s -o ./p.s", 1);
    cr_expect(same_as(s, GOOD_SRC), "the source was replaced");
    expect_only(dir, "ssemasm -o ./p.s", "p.s", NULL);
    tu_run_free(&r);
    bad_rmtree(dir);
}

static const char *const asm_o_link[] = { "ssemasm", "@S", "-o", "@A", NULL };
static const char *const asm_l_src[] = { "ssemasm", "@S", "-o", "@q.img", "-l", "@S", NULL };
static const char *const asm_o_l_same[] = { "ssemasm", "@S", "-o", "@same", "-l", "@same", NULL };
static const char *const emu_o_source[] = { "ssememu", "-n", "5", "-o", "@S", "@S", NULL };
static const char *const emu_png_input[] = { "ssememu", "-n", "5", "--png", "@I", "@I", NULL };
static const char *const emu_trace_input[] = { "ssememu", "-n", "5", "--trace=@S", "@S", NULL };
static const char *const emu_o_png_same[] = { "ssememu", "-n", "5", "-o", "@x.img", "--png", "@x.img", "@I", NULL };
static const char *const dis_o_input[] = { "ssemdis", "@I", "-o", "@I", NULL };

Test(atomic_same, ssemasm_o_symlink_to_source) { refused("ssemasm -o LINK-TO-SOURCE", asm_o_link, true); }
Test(atomic_same, ssemasm_l_source) { refused("ssemasm -l SOURCE", asm_l_src, false); }
Test(atomic_same, ssemasm_o_and_l_same) { refused("ssemasm -o X -l X", asm_o_l_same, false); }
Test(atomic_same, ssememu_o_source) { refused("ssememu SOURCE -o SOURCE", emu_o_source, false); }
Test(atomic_same, ssememu_png_input) { refused("ssememu --png INPUT", emu_png_input, false); }
Test(atomic_same, ssememu_o_png_same) { refused("ssememu -o X --png X", emu_o_png_same, false); }
Test(atomic_same, ssemdis_o_input) { refused("ssemdis -o INPUT", dis_o_input, false); }

Test(atomic_same, ssememu_trace_input)
{
    /* --trace=FILE is one argument: substitute inside it. */
    const char *dir = tu_tmpdir();
    char *s = source_copy(dir, "p.s");
    char opt[600];
    snprintf(opt, sizeof opt, "--trace=%s", s);
    const char *argv[] = { "ssememu", "-n", "5", opt, s, NULL };
    tu_run r = run(argv);
    expect_clean_failure(&r, "ssememu --trace=INPUT", 1);
    cr_expect(same_as(s, GOOD_SRC), "the source was replaced by a trace");
    expect_only(dir, "ssememu --trace=INPUT", "p.s", NULL);
    tu_run_free(&r);
    bad_rmtree(dir);
    (void)emu_trace_input;
}

/* ---- one unwritable output: no output at all (F5) ---- */

Test(atomic_all_or_nothing, ssemasm_listing_unwritable)
{
    const char *dir = tu_tmpdir();
    char *img = path_in(dir, "o.img");
    const char *argv[] = { "ssemasm", GOOD_SRC, "-o", img, "-l", "/nonexistent-ssem-dir/l.txt", NULL };
    tu_run r = run(argv);
    expect_clean_failure(&r, "ssemasm -l into a missing directory", 1);
    expect_only(dir, "ssemasm -o OK -l BAD", NULL);
    tu_run_free(&r);
    bad_rmtree(dir);
}

Test(atomic_all_or_nothing, ssememu_output_unwritable)
{
    const char *dir = tu_tmpdir();
    char *png = path_in(dir, "p.png");
    const char *argv[] = { "ssememu", "-n", "5", "-o", "/nonexistent-ssem-dir/x.img", "--png", png, GOOD_IMG, NULL };
    tu_run r = run(argv);
    expect_clean_failure(&r, "ssememu -o BAD --png OK", 1);
    expect_only(dir, "ssememu -o BAD --png OK", NULL);
    tu_run_free(&r);
    bad_rmtree(dir);
}

/* ---- a file-size limit is an I/O error, not SIGXFSZ (F2) ---- */

#include <sys/resource.h>

/* Run argv with `ulimit -f 0` and stdout, stderr on /dev/null; the status. */
static int run_fsize0(const char *const argv[])
{
    char prog[4096];
    snprintf(prog, sizeof prog, "%s/%s", tu_bin_dir(), argv[0]);
    pid_t pid = fork();
    cr_assert(pid >= 0);
    if (pid == 0) {
        struct rlimit rl = { 0, 0 };
        int nul = open("/dev/null", O_RDWR);
        dup2(nul, 0);
        dup2(nul, 1);
        dup2(nul, 2);
        setrlimit(RLIMIT_FSIZE, &rl);
        execv(prog, (char *const *)argv);
        _exit(127);
    }
    int st;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
        ;
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

Test(atomic_limits, file_size_limit_is_an_error)
{
    const char *dir = tu_tmpdir();
    char *img = path_in(dir, "o.img"), *s = path_in(dir, "o.s"), *e = path_in(dir, "e.img");
    const char *a[] = { "ssemasm", GOOD_SRC, "-o", img, NULL };
    const char *d[] = { "ssemdis", GOOD_IMG, "-o", s, NULL };
    const char *m[] = { "ssememu", "-n", "5", "-d", "none", "-o", e, GOOD_IMG, NULL };
    cr_expect_eq(run_fsize0(a), 1, "ssemasm under ulimit -f 0");
    cr_expect_eq(run_fsize0(d), 1, "ssemdis under ulimit -f 0");
    cr_expect_eq(run_fsize0(m), 1, "ssememu under ulimit -f 0");
    expect_only(dir, "ulimit -f 0", NULL);
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
    char *img = path_in(dir, "o.img"), *fifo = path_in(dir, "fifo");
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
    expect_only(dir, "signal while writing", "fifo", NULL);
    bad_rmtree(dir);
}

Test(atomic_signals, ssemasm_term, .timeout = 60) { signal_while_writing("ssemasm", SIGTERM); }
Test(atomic_signals, ssemasm_int, .timeout = 60) { signal_while_writing("ssemasm", SIGINT); }
Test(atomic_signals, ssemasm_hup, .timeout = 60) { signal_while_writing("ssemasm", SIGHUP); }
Test(atomic_signals, ssememu_term, .timeout = 60) { signal_while_writing("ssememu", SIGTERM); }
Test(atomic_signals, ssememu_hup, .timeout = 60) { signal_while_writing("ssememu", SIGHUP); }

/* ---- a read-only file is not replaced (F4) ---- */

Test(atomic_readonly, file_is_not_replaced)
{
    /* As root every file is writable: run the tools as nobody then. */
    const char *dir = tu_tmpdir();
    cr_assert(chmod(dir, 0777) == 0);
    char *s = source_copy(dir, "p.s"), *ro = path_in(dir, "ro.img");
    cr_assert(chmod(s, 0644) == 0);
    plant(ro);
    cr_assert(chmod(ro, 0444) == 0);
    char prog[4096];
    snprintf(prog, sizeof prog, "%s/ssemasm", tu_bin_dir());
    int pipefd[2];
    cr_assert(pipe(pipefd) == 0);
    pid_t pid = fork();
    cr_assert(pid >= 0);
    if (pid == 0) {
        dup2(pipefd[1], 2);
        if (geteuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0))
            _exit(126);
        execl(prog, "ssemasm", s, "-o", ro, (char *)NULL);
        _exit(127);
    }
    close(pipefd[1]);
    char err[4096];
    ssize_t n = read(pipefd[0], err, sizeof err - 1);
    err[n > 0 ? n : 0] = '\0';
    close(pipefd[0]);
    int st;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
        ;
    if (WIFEXITED(st) && WEXITSTATUS(st) == 126)
        cr_skip_test("cannot become nobody here");
    cr_expect(WIFEXITED(st) && WEXITSTATUS(st) == 1, "status %d: %s", st, err);
    cr_expect(strstr(err, "read-only") != NULL, "%s", err);
    expect_untouched(ro, "ssemasm -o READ-ONLY");
    struct stat sb;
    cr_expect(stat(ro, &sb) == 0 && (sb.st_mode & 0777) == 0444 && sb.st_uid == geteuid());
    expect_only(dir, "read-only output", "p.s", "ro.img", NULL);
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
    char *fifo = path_in(dir, "pipe"), *link = path_in(dir, "link");
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
    tu_run r = run(argv);
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
        expect_only(dir, tool_what, "pipe", "link", NULL);
    else
        expect_only(dir, tool_what, "pipe", NULL);
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
    char *out = path_in(dir, "final.img");
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
