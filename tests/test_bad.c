/* test_bad.c: the bad-input catalogue (tests/bad/cases.txt) run through the real programs, status and diagnostics against goldens. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "test_bad.h"
#include "test_util.h"

#define CASES "tests/bad/cases.txt"

/* ---- running programs (shared with test_atomic.c through test_bad.h) ---- */

bool bad_valgrind(void)
{
    const char *v = getenv("SSEM_VALGRIND");
    return v && strcmp(v, "1") == 0;
}

tu_run bad_exec(const char *const argv[], const char *in, size_t inlen, const char *vglog)
{
    const char *full[96];
    int n = 0;
    char prog[4096], logopt[4200], logpath[4096];
    bool vg = bad_valgrind();

    /* Generous: the slowest case (17 MiB of input under valgrind) takes
     * seconds; a hang is the only thing that reaches this. */
    full[n++] = "/usr/bin/timeout";
    full[n++] = "-k";
    full[n++] = "5";
    full[n++] = vg ? "600" : "60";
    if (vg) {
        if (vglog)
            snprintf(logpath, sizeof logpath, "%s", vglog);
        else
            snprintf(logpath, sizeof logpath, "%s/ssem-vg.%ld",
                     getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", (long)getpid());
        snprintf(logopt, sizeof logopt, "--log-file=%s", logpath);
        full[n++] = "/usr/bin/valgrind";
        full[n++] = "-q";
        full[n++] = "--error-exitcode=97";
        full[n++] = "--leak-check=full";
        full[n++] = "--show-leak-kinds=definite,indirect,possible";
        full[n++] = "--errors-for-leak-kinds=definite,indirect,possible";
        full[n++] = logopt;
    }
    if (strchr(argv[0], '/'))
        snprintf(prog, sizeof prog, "%s", argv[0]);
    else
        snprintf(prog, sizeof prog, "%s/%s", tu_bin_dir(), argv[0]);
    full[n++] = prog;
    for (int i = 1; argv[i] && n < 95; i++)
        full[n++] = argv[i];
    full[n] = NULL;

    /* A program may stop reading its stdin early (the 17 MiB case stops at
     * the limit): tu_exec copes with the closed pipe itself. */
    tu_run r = tu_exec(full, in, inlen);
    if (vg) {
        size_t ll = 0;
        char *log = tu_read(logpath, &ll);
        unlink(logpath);
        if (r.status == BAD_VALGRIND_STATUS && log) {
            size_t need = r.errlen + ll + 32;
            char *e = malloc(need);
            if (e) {
                snprintf(e, need, "%s\n--- valgrind ---\n%s", r.err, log);
                free(r.err);
                r.err = e;
                r.errlen = strlen(e);
            }
        }
        free(log);
    }
    return r;
}

void bad_rmtree(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    char p[4096];
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        struct stat st;
        if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
            chmod(p, 0700);
            bad_rmtree(p);
        } else {
            unlink(p);
        }
    }
    closedir(d);
    rmdir(dir);
}

/* ---- generated inputs: too big to commit, made at test time ---- */

typedef struct buf {
    char *p;
    size_t len, cap;
} buf;

static void put(buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        while (b->len + n + 1 > b->cap)
            b->cap = b->cap ? b->cap * 2 : 1 << 16;
        b->p = realloc(b->p, b->cap);
        cr_assert_not_null(b->p);
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static void puts_(buf *b, const char *s) { put(b, s, strlen(s)); }

static void repeat(buf *b, const char *s, size_t times)
{
    size_t n = strlen(s);
    for (size_t i = 0; i < times; i++)
        put(b, s, n);
}

enum { MB = 1 << 20 };

static bool generate(const char *name, buf *b)
{
    if (!strcmp(name, "line-1m-comment")) {
        puts_(b, "LDN 24 ; ");
        repeat(b, "x", MB);
        puts_(b, "\nSTP\n24: NUM 5\n");
    } else if (!strcmp(name, "line-1m-label")) {
        repeat(b, "a", MB);
        puts_(b, ": STP\n");
    } else if (!strcmp(name, "line-1m-number")) {
        puts_(b, "NUM ");
        repeat(b, "1", MB);
        puts_(b, "\n");
    } else if (!strcmp(name, "lines-100k-blank")) {
        repeat(b, "   ; nothing here\n\n", 50000);
        puts_(b, "STP\n");
    } else if (!strcmp(name, "lines-100k-num")) {
        repeat(b, "NUM 1\n", 100000);
    } else if (!strcmp(name, "parens-100k")) {
        puts_(b, "NUM ");
        repeat(b, "(", 100000);
        puts_(b, "1");
        repeat(b, ")", 100000);
        puts_(b, "\n");
    } else if (!strcmp(name, "macro-chain-1000")) {
        /* m0 invokes m1 ... invokes m999: a legal program nested deeper
         * than any sane limit, so it must hit the limit cleanly. */
        char line[64];
        for (int i = 0; i < 1000; i++) {
            snprintf(line, sizeof line, "m%d MACRO\n    m%d\nENDM\n", i, i + 1);
            puts_(b, line);
        }
        puts_(b, "m1000 MACRO\n    STP\nENDM\n    m0\n");
    } else if (!strcmp(name, "macro-fanout")) {
        /* 64 x 64 x 64 = 262,144 lines from one invocation, 3 deep. */
        puts_(b, "m2 MACRO\n");
        repeat(b, "    NUM 0\n", 64);
        puts_(b, "ENDM\nm1 MACRO\n");
        repeat(b, "    m2\n", 64);
        puts_(b, "ENDM\nm0 MACRO\n");
        repeat(b, "    m1\n", 64);
        puts_(b, "ENDM\n    m0\n");
    } else if (!strcmp(name, "equ-chain-100k")) {
        /* a0 = a1+1, a1 = a2+1, ...: resolving a0 must not recurse 100k
         * frames deep (it overflowed the stack: status 139). */
        char line[64];
        for (int i = 0; i < 100000; i++) {
            snprintf(line, sizeof line, "a%d EQU a%d+1\n", i, i + 1);
            puts_(b, line);
        }
        puts_(b, "a100000 EQU 0\nNUM a0\n");
    } else if (!strcmp(name, "unary-4000")) {
        /* "-(" each time: "--" would start a comment. */
        puts_(b, "NUM ");
        repeat(b, "-(", 4000);
        puts_(b, "1");
        repeat(b, ")", 4000);
        puts_(b, "\n");
    } else if (!strcmp(name, "size-17m")) {
        repeat(b, "; this source is larger than any tool reads\n", 17 * MB / 44 + 1);
    } else if (!strcmp(name, "line-1m-bits")) {
        repeat(b, "0", MB);
        puts_(b, "\n");
    } else if (!strcmp(name, "lines-100k-bits")) {
        repeat(b, "00000000000000000000000000000000\n", 100000);
    } else {
        return false;
    }
    return true;
}

/* ---- the catalogue ---- */

typedef struct bad_case {
    char line[512];
} bad_case;

static size_t count_cases(FILE *f, bad_case *out)
{
    char line[512];
    size_t n = 0;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (!line[0] || line[0] == '#')
            continue;
        if (out)
            snprintf(out[n].line, sizeof out[n].line, "%s", line);
        n++;
    }
    return n;
}

ParameterizedTestParameters(bad_catalogue, run)
{
    FILE *f = fopen(CASES, "r");
    if (!f)
        return cr_make_param_array(bad_case, NULL, 0);
    size_t n = count_cases(f, NULL);
    bad_case *cases = cr_malloc(n * sizeof *cases);
    rewind(f);
    count_cases(f, cases);
    fclose(f);
    return cr_make_param_array(bad_case, cases, n);
}

/* Replace every occurrence of `from` in s by `to` (in place growth). */
static char *replace_all(const char *s, const char *from, const char *to)
{
    buf b = { 0 };
    size_t fl = strlen(from);
    const char *p;
    puts_(&b, "");
    while (fl && (p = strstr(s, from))) {
        put(&b, s, (size_t)(p - s));
        puts_(&b, to);
        s = p + fl;
    }
    puts_(&b, s);
    return b.p;
}

/* Goldens stay readable: a line that echoes a megabyte of source is cut,
 * with its true length noted, and so is an endless stream of errors. */
static void put_trimmed(buf *b, const char *s)
{
    size_t total = 0;
    while (*s) {
        const char *nl = strchr(s, '\n');
        size_t n = nl ? (size_t)(nl - s) : strlen(s);
        if (total > 16384) {
            char note[64];
            snprintf(note, sizeof note, "[... %zu more bytes]\n", strlen(s));
            puts_(b, note);
            return;
        }
        if (n > 1000) {
            char note[64];
            put(b, s, 100);
            snprintf(note, sizeof note, "[... line of %zu bytes]\n", n);
            puts_(b, note);
        } else {
            put(b, s, n);
            puts_(b, "\n");
        }
        total += n + 1;
        s += n + (nl ? 1 : 0);
    }
}

static void put_file(buf *b, const char *label, const char *path, const char *tmp)
{
    size_t len;
    char *data = tu_read(path, &len);
    if (!data)
        return;
    puts_(b, "-- ");
    puts_(b, label);
    puts_(b, "\n");
    char *clean = replace_all(data, tmp, "$TMP");
    put_trimmed(b, clean);
    free(clean);
    free(data);
}

/* Everything in the scratch directory that is not an expected output is a
 * leftover (a temporary file the atomic writer failed to remove). */
static void expect_no_leftovers(const char *dir, const char *name)
{
    DIR *d = opendir(dir);
    cr_assert_not_null(d);
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") || !strcmp(e->d_name, "out.img") ||
            !strcmp(e->d_name, "out.lst") || !strcmp(e->d_name, "vg.log"))
            continue;
        cr_expect_fail("%s: left %s/%s behind", name, dir, e->d_name);
    }
    closedir(d);
}

ParameterizedTest(bad_case *c, bad_catalogue, run, .timeout = 900)
{
    char line[512];
    snprintf(line, sizeof line, "%s", c->line);
    const char *words[64];
    int nw = 0;
    for (char *t = strtok(line, " \t"); t && nw < 63; t = strtok(NULL, " \t"))
        words[nw++] = t;
    cr_assert(nw >= 2, "malformed case line: %s", c->line);
    const char *name = words[0];
    cr_log_info("case %s", name);

    char tmp[256], out[512], lst[512], vglog[512];
    snprintf(tmp, sizeof tmp, "%s", tu_tmpdir());
    snprintf(out, sizeof out, "%s/out.img", tmp);
    snprintf(lst, sizeof lst, "%s/out.lst", tmp);
    snprintf(vglog, sizeof vglog, "%s/vg.log", tmp);

    const char *argv[64];
    int na = 0;
    buf in = { 0 };
    bool have_in = false;
    for (int i = 1; i < nw; i++) {
        const char *w = words[i];
        if (w[0] == '<' && w[1] == '@') {
            cr_assert(generate(w + 2, &in), "%s: unknown generator %s", name, w + 2);
            have_in = true;
        } else if (w[0] == '<') {
            size_t len;
            char *data = tu_read(w + 1, &len);
            cr_assert_not_null(data, "%s: cannot read %s", name, w + 1);
            put(&in, data, len);
            free(data);
            have_in = true;
        } else if (!strcmp(w, "%O")) {
            argv[na++] = out;
        } else if (!strcmp(w, "%L")) {
            argv[na++] = lst;
        } else {
            argv[na++] = w;
        }
    }
    argv[na] = NULL;

    tu_run r = bad_exec(argv, have_in ? in.p : NULL, have_in ? in.len : 0, vglog);

    /* Whatever the golden says, these are never acceptable. */
    cr_expect(r.status != BAD_VALGRIND_STATUS, "%s: valgrind reported errors:\n%s", name, r.err);
    cr_expect(r.status != BAD_TIMEOUT_STATUS, "%s: timed out (hang?)", name);
    cr_expect(r.status <= 3 || r.status == 130, "%s: exit status %d (crash?)\n%s", name, r.status, r.err);
    if (r.status == 1 || r.status == 2) {
        cr_expect(access(out, F_OK) != 0, "%s: failed (status %d) but wrote %s", name, r.status, out);
        cr_expect(access(lst, F_OK) != 0, "%s: failed (status %d) but wrote %s", name, r.status, lst);
    }
    expect_no_leftovers(tmp, name);

    if (r.status != BAD_VALGRIND_STATUS) {
        buf g = { 0 };
        char head[64];
        snprintf(head, sizeof head, "status %d\n", r.status);
        puts_(&g, head);
        char *err = replace_all(r.err, tmp, "$TMP");
        char *sout = replace_all(r.out, tmp, "$TMP");
        if (*err) {
            puts_(&g, "-- stderr\n");
            put_trimmed(&g, err);
        }
        if (*sout) {
            puts_(&g, "-- stdout\n");
            put_trimmed(&g, sout);
        }
        free(err);
        free(sout);
        put_file(&g, "output", out, tmp);
        put_file(&g, "listing", lst, tmp);

        char golden[600];
        snprintf(golden, sizeof golden, "tests/bad/%s.err", name);
        cr_expect(tu_golden(golden, g.p, g.len), "%s: output differs from %s", name, golden);
        free(g.p);
    }
    tu_run_free(&r);
    free(in.p);
    bad_rmtree(tmp);
}

/* The catalogue must keep covering what the issue lists; a case silently
 * dropped from cases.txt is caught here. */
Test(bad_catalogue, size)
{
    FILE *f = fopen(CASES, "r");
    cr_assert_not_null(f, "run the suite from the top of the tree");
    size_t n = count_cases(f, NULL);
    fclose(f);
    cr_expect(n >= 40, "only %zu cases", n);
}
