/* emu_watch.c: live terminal CRT: paced execution, in-place ANSI redraw, raw keyboard, terminal restore. */
#include "emu_watch.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "emu_crt.h"
#include "ssem_clock.h"

enum { FRAME_NS = 33333333 };   /* about 30 frames a second */

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

/* Alternate screen, cursor hidden, cursor home. */
static const char enter_seq[] = "\x1b[?1049h\x1b[?25l\x1b[H";
/* Cursor shown again, back to the normal screen. */
static const char leave_seq[] = "\x1b[?25h\x1b[?1049l";

/* TERM=dumb (or none): no escape codes at all, a plain frame now and then. */
static bool plain;

static int draw(const emu_machine *m, const emu_watch_opts *o, double ips_seen)
{
    char frame[EMU_CRT_TEXT_MAX + 256];
    size_t n = 0;
    if (plain) {
        n = (size_t)snprintf(frame, sizeof frame, "%s  %.0f ips (%.0f seen)\n\n", o->title ? o->title : "ssememu",
                             o->ips, ips_seen);
        if (n >= sizeof frame)
            n = sizeof frame - 1;
        size_t len = emu_crt_render(m, 0, frame + n, sizeof frame - n);
        n += len < sizeof frame - n ? len : sizeof frame - n - 1;
        if (n + 1 < sizeof frame)
            frame[n++] = '\n';
        return write_all(o->out_fd, frame, n);
    }
    n += (size_t)snprintf(frame, sizeof frame, "\x1b[H%s  %.0f ips (%.0f seen)  q quits\x1b[K\n\x1b[K\n",
                          o->title ? o->title : "ssememu", o->ips, ips_seen);
    if (n >= sizeof frame)
        n = sizeof frame - 1;
    size_t len = emu_crt_render(m, EMU_CRT_ANSI, frame + n, sizeof frame - n);
    n += len < sizeof frame - n ? len : sizeof frame - n - 1;
    /* Erase whatever a taller earlier frame or a resize left below. */
    if (n + 4 < sizeof frame) {
        memcpy(frame + n, "\x1b[J", 3);
        n += 3;
    }
    return write_all(o->out_fd, frame, n);
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
    if (!plain)
        (void)!write(term.out_fd, enter_seq, sizeof enter_seq - 1);
}

static void term_leave(void)
{
    if (!plain)
        (void)!write(term.out_fd, leave_seq, sizeof leave_seq - 1);
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

emu_watch_end emu_watch(emu_vm *vm, const emu_watch_opts *o, emu_machine *state, char *why, size_t whylen)
{
    if (why && whylen)
        *why = '\0';
    const char *tname = getenv("TERM");
    plain = !tname || !*tname || strcmp(tname, "dumb") == 0;
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
    if (!plain && write_all(o->out_fd, enter_seq, sizeof enter_seq - 1) != 0)
        goto out;

    uint64_t left = o->max_steps;
    double t0 = now_s(), done = 0;   /* steps run since t0 */
    double last_t = t0, seen = 0, last_drawn = t0 - 1.0;
    uint64_t last_steps = 0;
    if (!emu_vm_state(vm, state, why, whylen))
        goto out;
    uint64_t first_steps = state->steps;
    for (;;) {
        if (state->halted) { end = EMU_WATCH_HALTED; break; }
        if (left == 0) { end = EMU_WATCH_LIMIT; break; }
        if (*o->stop) { end = EMU_WATCH_STOPPED; break; }
        double frame_start = now_s();
        double due = (frame_start - t0) * o->ips - done;
        /* A rate the engine cannot keep up with: run flat out, never pile up a debt. */
        if (due > o->ips)
            due = o->ips / 30.0 + 1;
        while (due >= 1 && left > 0 && !state->halted && !*o->stop) {
            uint64_t chunk = due > (double)(1u << 20) ? (uint64_t)1 << 20 : (uint64_t)due;
            if (chunk > left)
                chunk = left;
            uint64_t before = state->steps;
            emu_vm_run(vm, chunk);
            if (!emu_vm_state(vm, state, why, whylen))
                goto out;
            uint64_t ran = state->steps - before;
            done += (double)chunk;   /* an STP ends the loop; count the budget, not the work */
            due -= (double)chunk;
            left -= ran < left ? ran : left;
            if (now_s() - frame_start > 0.8 * FRAME_NS * 1e-9)
                break;
        }
        double t = now_s();
        if (t - last_t >= 0.5) {
            seen = (double)(state->steps - first_steps - last_steps) / (t - last_t);
            last_steps = state->steps - first_steps;
            last_t = t;
        }
        /* A dumb terminal scrolls: one frame a second, and the last. */
        bool last = state->halted || left == 0 || *o->stop;
        if ((!plain || last || t - last_drawn >= 1.0) && draw(state, o, seen) != 0)
            goto out;
        if (!plain || last || t - last_drawn >= 1.0)
            last_drawn = t;
        if (state->halted || left == 0)
            continue;   /* the check at the top ends the loop */
        if (wait_key(o, tty, FRAME_NS * 1e-9 - (now_s() - frame_start))) {
            end = EMU_WATCH_QUIT;
            break;
        }
    }
out:
    sigaction(SIGTSTP, &old_tstp, NULL);
    term_leave();
    if (end == EMU_WATCH_ERROR && why && whylen && !*why)
        snprintf(why, whylen, "cannot write to the terminal: %s", strerror(errno));
    return end;
}
