/* test_panel_tui.c: ssememu --panel (and --watch) as a person uses them: under tmux, keys pressed, screens compared with golden captures. */
#include <criterion/criterion.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "test_util.h"

/* One tmux server per test (its own socket), one window running ssememu. */
typedef struct tpane {
    char tmux[PATH_MAX];
    char sock[64];
} tpane;

static bool find_tmux(char *out, size_t size)
{
    const char *path = getenv("PATH");
    if (!path)
        path = "/usr/bin:/bin";
    while (*path) {
        size_t n = strcspn(path, ":");
        snprintf(out, size, "%.*s/tmux", (int)n, path);
        if (n && access(out, X_OK) == 0)
            return true;
        path += n + (path[n] == ':');
    }
    return false;
}

static tu_run tmux(tpane *t, const char *a0, ...) __attribute__((sentinel));
static tu_run tmux(tpane *t, const char *a0, ...)
{
    const char *argv[32] = { t->tmux, "-L", t->sock, "-f", "/dev/null" };
    int n = 5;
    va_list ap;
    va_start(ap, a0);
    for (const char *a = a0; a && n < 31; a = va_arg(ap, const char *))
        argv[n++] = a;
    va_end(ap);
    argv[n] = NULL;
    return tu_exec(argv, NULL, 0);
}

static void sleep_ms(int ms)
{
    struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };
    nanosleep(&ts, NULL);
}

/* Start `args` (after "ssememu") in a w x h terminal. The shell prints
 * "[exit N]" when ssememu ends and keeps the pane open for the capture;
 * timeouts end both should the test die before its kill-server. */
static void tp_start(tpane *t, int w, int h, const char *env, const char *args)
{
    if (!find_tmux(t->tmux, sizeof t->tmux))
        cr_skip_test("tmux is not installed: the terminal panel's tests drive it under tmux");
    static int seq;
    snprintf(t->sock, sizeof t->sock, "ssem-panel-%d-%d", (int)getpid(), ++seq);
    char bin[PATH_MAX], cwd[PATH_MAX], cmd[3 * PATH_MAX], ws[16], hs[16];
    cr_assert(realpath(tu_bin_dir(), bin), "no %s", tu_bin_dir());
    cr_assert(getcwd(cwd, sizeof cwd));
    snprintf(cmd, sizeof cmd, "env SSEM_EXAMPLES=examples %s timeout --foreground -k 5 120 %s/ssememu %s; echo \"[exit $?]\"; sleep 60",
             env ? env : "", bin, args);
    snprintf(ws, sizeof ws, "%d", w);
    snprintf(hs, sizeof hs, "%d", h);
    tu_run r = tmux(t, "new-session", "-d", "-c", cwd, "-x", ws, "-y", hs, cmd, NULL);
    cr_assert_eq(r.status, 0, "tmux new-session: %s", r.err);
    tu_run_free(&r);
}

static void tp_stop(tpane *t)
{
    tu_run r = tmux(t, "kill-server", NULL);
    tu_run_free(&r);
    /* tmux leaves the socket file behind. */
    const char *dir = getenv("TMUX_TMPDIR");
    char sock[PATH_MAX];
    snprintf(sock, sizeof sock, "%s/tmux-%u/%s", dir && *dir ? dir : "/tmp", (unsigned)getuid(), t->sock);
    unlink(sock);
}

static char *tp_capture(tpane *t)
{
    tu_run r = tmux(t, "capture-pane", "-p", NULL);
    cr_assert_eq(r.status, 0, "tmux capture-pane: %s", r.err);
    free(r.err);
    return r.out;   /* the caller frees it */
}

/* Wait until the screen shows `text` and (when `still`) has stopped changing. */
static char *tp_wait_for(tpane *t, const char *text, bool still)
{
    char *prev = NULL;
    for (int i = 0; i < 600; i++) {   /* 30 s: sanitizers are slow */
        char *s = tp_capture(t);
        if (strstr(s, text) && (!still || (prev && strcmp(prev, s) == 0))) {
            free(prev);
            return s;
        }
        free(prev);
        prev = s;
        sleep_ms(50);
    }
    tp_stop(t);
    cr_assert_fail("the screen never showed \"%s\"; it shows:\n%s", text, prev);
    return prev;
}

static char *tp_wait(tpane *t, const char *text)
{
    return tp_wait_for(t, text, true);
}

static void tp_keys(tpane *t, const char *k0, ...) __attribute__((sentinel));
static void tp_keys(tpane *t, const char *k0, ...)
{
    const char *argv[40] = { t->tmux, "-L", t->sock, "-f", "/dev/null", "send-keys" };
    int n = 6;
    va_list ap;
    va_start(ap, k0);
    for (const char *k = k0; k && n < 39; k = va_arg(ap, const char *))
        argv[n++] = k;
    va_end(ap);
    argv[n] = NULL;
    tu_run r = tu_exec(argv, NULL, 0);
    cr_assert_eq(r.status, 0, "tmux send-keys: %s", r.err);
    tu_run_free(&r);
    sleep_ms(100);   /* the panel reads keys at least ten times a second */
}

static void golden(const char *name, const char *screen)
{
    char path[256];
    snprintf(path, sizeof path, "tests/panel/%s.txt", name);
    cr_expect(tu_golden(path, screen, strlen(screen)), "%s differs; the screen is:\n%s", path, screen);
}

/* One test's screen checked against its golden capture, then the pane closed. */
static void expect_screen(tpane *t, const char *wait_for, const char *name)
{
    char *s = tp_wait(t, wait_for);
    golden(name, s);
    free(s);
}

/* The usual start: Kilburn's program on an 80x24 panel, at STOP. */
static void tp_hfr(tpane *t)
{
    tp_start(t, 80, 24, NULL, "--panel examples/hfr.s");
    free(tp_wait(t, "stopped"));
}

Test(panel_tui, start_80x24, .timeout = 60)
{
    tpane t;
    tp_start(&t, 80, 24, NULL, "--panel examples/hfr.s");
    expect_screen(&t, "stopped", "start-80x24");
    tp_keys(&t, "q", NULL);
    char *s = tp_wait(&t, "[exit 0]");
    cr_expect(strstr(s, "halted: no  steps: 0"), "q prints the state: %s", s);
    free(s);
    tp_stop(&t);
}

Test(panel_tui, start_large, .timeout = 60)
{
    tpane t;
    tp_start(&t, 120, 40, NULL, "--panel examples/hfr.s");
    expect_screen(&t, "stopped", "start-120x40");
    tp_stop(&t);
}

Test(panel_tui, too_small_says_so, .timeout = 60)
{
    tpane t;
    tp_start(&t, 60, 20, NULL, "--panel examples/hfr.s");
    expect_screen(&t, "too small", "too-small-60x20");
    tp_stop(&t);
}

/* Kilburn's program: flick STOP/RUN (as fast as possible) and line 27 shows 131072. */
static void kilburn(int w, int h, const char *key, const char *line27, const char *name)
{
    tpane t;
    tp_start(&t, w, h, NULL, "--panel=max examples/hfr.s");
    free(tp_wait(&t, "stopped"));
    tp_keys(&t, key, NULL);
    char *s = tp_wait(&t, "stopped at STP");
    cr_expect(strstr(s, line27), "%s", s);
    golden(name, s);
    free(s);
    tp_stop(&t);
}

Test(panel_tui, kilburn_stop_run_shows_131072, .timeout = 120)
{
    kilburn(80, 24, "r", "line 27      131072", "hfr-run-80x24");
}

Test(panel_tui, kilburn_large_shows_line_27, .timeout = 120)
{
    kilburn(120, 40, "F5", ".................#..............<      131072 JMP 0", "hfr-run-120x40");
}

Test(panel_tui, stop_run_at_700_a_second, .timeout = 60)
{
    tpane t;
    tp_hfr(&t);
    tp_keys(&t, "r", NULL);
    sleep_ms(700);
    tp_keys(&t, "r", NULL);
    char *s = tp_wait(&t, "stopped");
    const char *st = strstr(s, "steps ");
    cr_assert(st, "%s", s);
    long n = atol(st + 6);
    /* About 700 a second: some hundreds in 0.8 s, not millions. */
    cr_expect(n > 50 && n < 5000, "steps %ld after 0.8 s at 700/s", n);
    free(s);
    tp_stop(&t);
}

Test(panel_tui, kc_single_shot_and_step_back, .timeout = 60)
{
    tpane t;
    tp_hfr(&t);
    tp_keys(&t, "k", "k", "F10", NULL);
    expect_screen(&t, "steps 3 ", "kc-three");
    tp_keys(&t, "b", NULL);
    char *s = tp_wait(&t, "steps 2 ");
    cr_expect(strstr(s, "PI STP") == NULL);
    free(s);
    tp_stop(&t);
}

Test(panel_tui, display_selector, .timeout = 60)
{
    tpane t;
    tp_hfr(&t);
    tp_keys(&t, "k", "c", NULL);
    expect_screen(&t, "[C]", "display-c");
    tp_keys(&t, "a", NULL);
    expect_screen(&t, "[A]", "display-a");
    tp_stop(&t);
}

/* MANUAL, the L switches at 30 (the 1 switch up), a bit typed, one erased. */
Test(panel_tui, typewriter_edits_the_store, .timeout = 60)
{
    tpane t;
    tp_hfr(&t);
    tp_keys(&t, "m", "1", "Right", "Right", "Right", "Enter", "Right", "Enter", NULL);
    tp_keys(&t, "w", "Left", "Enter", NULL);
    expect_screen(&t, "ERASE", "typewriter");
    tp_stop(&t);
}

Test(panel_tui, clear_keys, .timeout = 60)
{
    tpane t;
    tp_hfr(&t);
    tp_keys(&t, "k", "k", "k", NULL);   /* A and CI are not zero now */
    tp_keys(&t, "A", NULL);
    expect_screen(&t, "A  0", "clear-kac");
    tp_keys(&t, "C", NULL);
    expect_screen(&t, "CI 0 ", "clear-kcc");
    tp_keys(&t, "S", NULL);
    expect_screen(&t, "line 27           0", "clear-ksc");
    tp_stop(&t);
}

Test(panel_tui, load_from_the_menu, .timeout = 60)
{
    tpane t;
    tp_hfr(&t);
    tp_keys(&t, "o", NULL);
    expect_screen(&t, "Load an example", "menu");
    tp_keys(&t, "a", "Enter", NULL);
    expect_screen(&t, "loaded add.s", "loaded-add");
    tp_keys(&t, "x", "r", NULL);
    char *s = tp_wait(&t, "stopped at STP");
    free(s);
    tp_stop(&t);
}

Test(panel_tui, watch_is_the_view_only_panel, .timeout = 60)
{
    tpane t;
    tp_start(&t, 80, 24, NULL, "--watch=50 examples/hfr.s");
    char *s = tp_wait_for(&t, "view only (--watch)", false);
    cr_expect(strstr(s, "ssememu --watch  examples/hfr.s"), "%s", s);
    free(s);
    tp_keys(&t, "r", "S", "q", NULL);   /* only q does anything */
    s = tp_wait(&t, "[exit 130]");
    cr_expect(strstr(s, "halted: no"), "%s", s);
    free(s);
    tp_stop(&t);
}

/* A terminal that cannot move the cursor gets plain text from --watch,
 * and --panel says why it cannot draw. */
Test(panel_tui, dumb_terminal, .timeout = 60)
{
    tpane t;
    tp_start(&t, 80, 24, "TERM=dumb", "--watch=100000 -n 3000 examples/add.s");
    char *s = tp_wait(&t, "[exit 0]");
    cr_expect(strstr(s, "halted: yes  steps: 6"), "%s", s);
    cr_expect(!strstr(s, "view only"), "%s", s);
    free(s);
    tp_stop(&t);
    tp_start(&t, 80, 24, "TERM=dumb", "--panel examples/add.s");
    s = tp_wait(&t, "[exit 1]");
    cr_expect(strstr(s, "ssememu: --panel: TERM=dumb cannot move the cursor"), "%s", s);
    free(s);
    tp_stop(&t);
}

/* A left click at column x, row y (0-based), as xterm's mouse protocol
 * sends it: press, then release. */
static void tp_click(tpane *t, int x, int y)
{
    char press[8], release[8];
    snprintf(press, sizeof press, "\x1b[M%c%c%c", 32, 33 + x, 33 + y);
    snprintf(release, sizeof release, "\x1b[M%c%c%c", 32 + 3, 33 + x, 33 + y);
    tp_keys(t, "-l", press, NULL);
    tp_keys(t, "-l", release, NULL);
}

Test(panel_tui, mouse_clicks_the_switches, .timeout = 60)
{
    tpane t;
    tp_hfr(&t);
    tp_click(&t, 41, 2);    /* AUTO -> MANUAL */
    tp_click(&t, 54, 4);    /* the L switch of weight 16 */
    tp_click(&t, 10, 1);    /* the A display button */
    tp_click(&t, 45, 9);    /* typewriter button 3 on the action line (15) */
    expect_screen(&t, "[A]", "mouse");
    tp_stop(&t);
}

Test(panel_tui, ctrl_c_leaves_with_130, .timeout = 60)
{
    tpane t;
    tp_hfr(&t);
    tp_keys(&t, "r", NULL);
    tp_keys(&t, "C-c", NULL);
    char *s = tp_wait(&t, "[exit 130]");
    cr_expect(strstr(s, "ssememu: interrupted by Ctrl-C"), "%s", s);
    free(s);
    tp_stop(&t);
}

/* No terminal at all: no panel, a reason, status 1; bad speeds are usage errors. */
Test(panel_cli, needs_a_terminal)
{
    tu_run r = tu_execl(NULL, "ssememu", "--panel", "examples/add.s", NULL);
    cr_expect_eq(r.status, 1);
    cr_expect(strstr(r.err, "ssememu: --panel: standard output is not a terminal"), "%s", r.err);
    cr_expect_eq(r.outlen, 0, "%s", r.out);
    tu_run_free(&r);
    r = tu_execl(NULL, "ssememu", "--panel=fast", "examples/add.s", NULL);
    cr_expect_eq(r.status, 2);
    cr_expect(strstr(r.err, "invalid speed 'fast'"), "%s", r.err);
    tu_run_free(&r);
    for (const char *opt = "--watch\0--trace\0--debug\0--check\0--break=1\0--until=A<0\0--history=3\0"; *opt;
         opt += strlen(opt) + 1) {
        r = tu_execl(NULL, "ssememu", "--panel", opt, "examples/add.s", NULL);
        cr_expect_eq(r.status, 2, "--panel %s", opt);
        cr_expect(strstr(r.err, "--panel is a run of its own"), "%s", r.err);
        tu_run_free(&r);
    }
}

/* Buttons held down: shown on the panel, let go by pressing again. */
Test(panel_tui, hold_keys, .timeout = 60)
{
    tpane t;
    tp_hfr(&t);
    tp_keys(&t, "Right", "Right", "Right", "Right", "h", "H", NULL);
    char *s = tp_wait(&t, "held 4 KLC held");
    free(s);
    tp_keys(&t, "h", "H", NULL);
    s = tp_wait(&t, "typewriter WRITE\n");
    cr_expect(!strstr(s, "held"), "%s", s);
    free(s);
    tp_stop(&t);
}

/* The layout follows the terminal's size as it changes. */
Test(panel_tui, resize_changes_the_layout, .timeout = 60)
{
    tpane t;
    tp_start(&t, 120, 40, NULL, "--panel examples/hfr.s");
    free(tp_wait(&t, " 27      ................................<"));
    tu_run r = tmux(&t, "resize-window", "-x", "80", "-y", "24", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    tu_run_free(&r);
    free(tp_wait(&t, "26/27|"));
    r = tmux(&t, "resize-window", "-x", "50", "-y", "10", NULL);
    tu_run_free(&r);
    free(tp_wait(&t, "It is 50x10; it needs 80x24."));
    tp_stop(&t);
}
