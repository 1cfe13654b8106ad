/* emu_watch.c: --watch: the panel's view-only mode where the terminal can draw it, else paced plain-text CRT frames. */
#include "emu_watch.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "emu_crt.h"
#include "emu_panel_tui.h"
#include "ssem_clock.h"

enum { FRAME_NS = 33333333 };   /* keys and pacing about 30 times a second */
#define PLAIN_EVERY_S 1.0        /* a plain frame at most once a second: it scrolls */

static double now_s(void)
{
    return (double)ssem_now_ns() * 1e-9;
}

static int write_all(int fd, const char *s, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, s, n);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        s += w;
        n -= (size_t)w;
    }
    return 0;
}

/* A plain frame: the CRT as text, then a blank line. */
static int draw(const emu_machine *m, const emu_watch_opts *o)
{
    char frame[EMU_CRT_TEXT_MAX + 2];
    size_t len = emu_crt_render(m, 0, frame, sizeof frame - 1);
    if (len > sizeof frame - 2)
        len = sizeof frame - 2;
    frame[len++] = '\n';
    return write_all(o->out_fd, frame, len);
}

/* Wait up to `secs` for a key; true when it asks to quit. */
static bool wait_key(const emu_watch_opts *o, bool tty, double secs)
{
    if (secs < 0)
        secs = 0;
    int ms = (int)(secs * 1000.0);
    if (!tty) {
        /* A pipe or /dev/null polls readable forever at EOF: just sleep. */
        struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };
        nanosleep(&ts, NULL);
        return false;
    }
    struct pollfd p = { o->in_fd, POLLIN, 0 };
    if (poll(&p, 1, ms) <= 0)
        return false;
    char keys[64];
    ssize_t n = read(o->in_fd, keys, sizeof keys);
    for (ssize_t i = 0; i < n; i++)
        if (keys[i] == 'q' || keys[i] == 'Q' || keys[i] == 3)
            return true;
    return false;
}

/* The terminal as the run found it, for restoring on exit and on Ctrl-Z.
 * Static because the SIGTSTP handler needs it; only one watch runs at once. */
static struct {
    int in_fd, out_fd;
    bool tty;
    struct termios saved, raw;
} term;

static void term_enter(void)
{
    if (term.tty)
        tcsetattr(term.in_fd, TCSANOW, &term.raw);
}

static void term_leave(void)
{
    if (term.tty)
        tcsetattr(term.in_fd, TCSANOW, &term.saved);
}

/* Ctrl-Z: give the shell its terminal back, stop, and take it again on fg.
 * Only async-signal-safe calls (write, tcsetattr, sigaction, raise). */
static void on_tstp(int sig)
{
    int e = errno;
    term_leave();
    struct sigaction dfl, mine;
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    sigaction(sig, &dfl, &mine);
    sigset_t set, old;
    sigemptyset(&set);
    sigaddset(&set, sig);
    raise(sig);
    sigprocmask(SIG_UNBLOCK, &set, &old);   /* the stop happens here; we return on SIGCONT */
    sigprocmask(SIG_SETMASK, &old, NULL);
    sigaction(sig, &mine, NULL);
    term_enter();
    errno = e;
}

/* The panel, view only, on the T-state vm stands for. */
static emu_watch_end watch_panel(emu_vm *vm, const emu_watch_opts *o, emu_machine *state, char *why,
                                 size_t whylen)
{
    if (!emu_vm_state(vm, state, why, whylen))
        return EMU_WATCH_ERROR;
    emu_panel_tui_opts po = { o->ips, o->max_steps, o->title, o->stop, true, NULL };
    switch (emu_panel_tui(state, &po, why, whylen)) {
    case EMU_PANEL_TUI_HALTED: return EMU_WATCH_HALTED;
    case EMU_PANEL_TUI_LIMIT: return EMU_WATCH_LIMIT;
    case EMU_PANEL_TUI_QUIT: return EMU_WATCH_QUIT;
    case EMU_PANEL_TUI_STOPPED: return EMU_WATCH_STOPPED;
    case EMU_PANEL_TUI_ERROR: break;
    }
    return EMU_WATCH_ERROR;
}

emu_watch_end emu_watch(emu_vm *vm, const emu_watch_opts *o, emu_machine *state, char *why, size_t whylen)
{
    if (why && whylen)
        *why = '\0';
    if (o->out_fd == STDOUT_FILENO && emu_panel_tui_can_draw())
        return watch_panel(vm, o, state, why, whylen);
    term.in_fd = o->in_fd;
    term.out_fd = o->out_fd;
    term.tty = isatty(o->in_fd) && tcgetattr(o->in_fd, &term.saved) == 0;
    bool tty = term.tty;
    if (tty) {
        term.raw = term.saved;
        /* No line buffering or echo; ISIG stays so Ctrl-C still raises SIGINT. */
        term.raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
        term.raw.c_cc[VMIN] = 0;
        term.raw.c_cc[VTIME] = 0;
        tcsetattr(o->in_fd, TCSANOW, &term.raw);
    }
    struct sigaction tstp, old_tstp;
    memset(&tstp, 0, sizeof tstp);
    tstp.sa_handler = on_tstp;
    sigemptyset(&tstp.sa_mask);
    tstp.sa_flags = SA_RESTART;
    sigaction(SIGTSTP, &tstp, &old_tstp);
    emu_watch_end end = EMU_WATCH_ERROR;

    uint64_t left = o->max_steps;
    emu_panel_pace pace;
    emu_panel_pace_start(&pace, o->ips, now_s());
    double last_draw = -1;
    if (!emu_vm_state(vm, state, why, whylen))
        goto out;
    for (;;) {
        double frame_start = now_s();
        if (last_draw < 0 || frame_start - last_draw >= PLAIN_EVERY_S) {
            if (draw(state, o) != 0)
                goto out;
            last_draw = frame_start;
        }
        if (state->halted) { end = EMU_WATCH_HALTED; break; }
        if (left == 0) { end = EMU_WATCH_LIMIT; break; }
        if (*o->stop) { end = EMU_WATCH_STOPPED; break; }
        uint64_t due;
        while ((due = emu_panel_pace_due(&pace, now_s(), FRAME_NS * 1e-9, (uint64_t)1 << 20)) > 0 &&
               left > 0 && !state->halted && !*o->stop) {
            if (due > left)
                due = left;
            uint64_t before = state->steps;
            emu_vm_run(vm, due);
            if (!emu_vm_state(vm, state, why, whylen))
                goto out;
            uint64_t ran = state->steps - before;
            left -= ran < left ? ran : left;
            if (now_s() - frame_start > 0.8 * FRAME_NS * 1e-9)
                break;
        }
        if (state->halted || left == 0)
            continue;   /* the check at the top ends the loop */
        double wait = emu_panel_pace_wait(&pace, now_s());
        if (wait > FRAME_NS * 1e-9)
            wait = FRAME_NS * 1e-9;
        if (wait_key(o, tty, wait)) {
            end = EMU_WATCH_QUIT;
            break;
        }
    }
out:
    sigaction(SIGTSTP, &old_tstp, NULL);
    term_leave();
    if (end == EMU_WATCH_ERROR && why && whylen && !*why)
        snprintf(why, whylen, "cannot write the output: %s", strerror(errno));
    return end;
}
