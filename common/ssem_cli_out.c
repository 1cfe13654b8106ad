/* ssem_cli_out.c: a run's outputs, written all or nothing: identity checks by device and inode, temporary files, signals, renames. */
#include <errno.h>
#include <libgen.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ssem_cli.h"

static const int cleanup_signals[] = { SIGINT, SIGTERM, SIGHUP };
enum { NSIG_CLEANUP = sizeof cleanup_signals / sizeof cleanup_signals[0] };

/* The set whose temporary files a signal must remove. Its tmp pointers
 * change only with the signals blocked, so the handler sees whole ones. */
static ssem_outs *volatile live;
static struct sigaction saved[NSIG_CLEANUP];
static bool installed;

static void on_cleanup_signal(int sig)
{
    ssem_outs *s = live;
    if (s) {
        for (size_t i = 0; i < s->n; i++)
            if (s->out[i].tmp)
                unlink(s->out[i].tmp);
        if (s->prog) {
            static const char msg[] = ": interrupted by a signal; no output was written\n";
            (void)!write(STDERR_FILENO, s->prog, strlen(s->prog));
            (void)!write(STDERR_FILENO, msg, sizeof msg - 1);
        }
    }
    _exit(SSEM_EXIT_SIGNAL + sig);
}

static void block(sigset_t *old)
{
    sigset_t set;
    sigemptyset(&set);
    for (int i = 0; i < NSIG_CLEANUP; i++)
        sigaddset(&set, cleanup_signals[i]);
    sigprocmask(SIG_BLOCK, &set, old);
}

/* Our handler, keeping whatever the program had to put back afterwards
 * (ssememu's own stops the run and keeps the state). */
static void install(ssem_outs *s)
{
    live = s;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_cleanup_signal;
    sigemptyset(&sa.sa_mask);
    for (int i = 0; i < NSIG_CLEANUP; i++)
        sigaddset(&sa.sa_mask, cleanup_signals[i]);
    for (int i = 0; i < NSIG_CLEANUP; i++) {
        struct sigaction prev;
        sigaction(cleanup_signals[i], &sa, &prev);
        if (prev.sa_handler != on_cleanup_signal)
            saved[i] = prev;
    }
    installed = true;
}

static void uninstall(void)
{
    if (!installed)
        return;
    for (int i = 0; i < NSIG_CLEANUP; i++)
        sigaction(cleanup_signals[i], &saved[i], NULL);
    installed = false;
}

void ssem_outs_init(ssem_outs *s, const char *prog, ssem_diag *d)
{
    memset(s, 0, sizeof *s);
    s->prog = prog;
    s->d = d;
    signal(SIGXFSZ, SIG_IGN);
}

void ssem_outs_input(ssem_outs *s, const char *path)
{
    struct stat st;
    bool is_stdin = strcmp(path, "-") == 0;
    if (s->nin == SSEM_INS_MAX || (is_stdin ? fstat(STDIN_FILENO, &st) : stat(path, &st)) != 0 ||
        !S_ISREG(st.st_mode))
        return;
    s->in[s->nin].path = is_stdin ? "<stdin>" : path;
    s->in[s->nin].dev = st.st_dev;
    s->in[s->nin].ino = st.st_ino;
    s->nin++;
}

int ssem_outs_add(ssem_outs *s, const char *what, const char *path, ssem_writer fn, const void *arg)
{
    if (s->n == SSEM_OUTS_MAX)
        abort();   /* a programming error: no tool has this many outputs */
    ssem_out *o = &s->out[s->n];
    memset(o, 0, sizeof *o);
    o->what = what;
    o->path = path;
    o->fn = fn;
    o->arg = arg;
    return (int)s->n++;
}

static void report(ssem_outs *s, const char *path, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void report(ssem_outs *s, const char *path, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ssem_diag_vreport(s->d, SSEM_ERROR, path, 0, 0, NULL, 0, fmt, ap);
    va_end(ap);
}

/* Who the output is: the file (a symlink followed, so that the link stays a
 * link and the file it names is replaced), or, when it does not exist yet,
 * its directory, the name telling two new files apart. */
static int identify(ssem_outs *s, ssem_out *o)
{
    o->is_stdout = strcmp(o->path, "-") == 0;
    if (o->is_stdout)
        return 0;
    struct stat st;
    if (stat(o->path, &st) == 0) {
        o->exists = true;
        o->in_place = !S_ISREG(st.st_mode);
        o->dev = st.st_dev;
        o->ino = st.st_ino;
        struct stat lst;
        if (!o->in_place && lstat(o->path, &lst) == 0 && S_ISLNK(lst.st_mode))
            o->target = realpath(o->path, NULL);
        if (!o->target)
            o->target = strdup(o->path);
        if (!o->target) {
            report(s, o->path, "cannot write: %s", ssem_errstr(ENOMEM));
            return -1;
        }
        return 0;
    }
    o->target = strdup(o->path);
    char *dir = strdup(o->path);
    if (!o->target || !dir) {
        free(dir);
        report(s, o->path, "cannot write: %s", ssem_errstr(ENOMEM));
        return -1;
    }
    if (stat(dirname(dir), &st) == 0) {
        o->dev = st.st_dev;
        o->ino = st.st_ino;
    }
    free(dir);
    return 0;
}

static const char *base_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

static bool same(const ssem_out *x, const ssem_out *y)
{
    if (x->is_stdout || y->is_stdout)
        return x->is_stdout && y->is_stdout;
    if (x->exists != y->exists || x->dev != y->dev || x->ino != y->ino)
        return false;
    return x->exists ? !x->in_place : strcmp(base_of(x->path), base_of(y->path)) == 0;
}

int ssem_outs_check(ssem_outs *s)
{
    int rc = 0;
    for (size_t i = 0; i < s->n; i++)
        if (identify(s, &s->out[i]) != 0)
            return -1;
    for (size_t i = 0; i < s->n; i++) {
        ssem_out *o = &s->out[i];
        if (o->is_stdout)
            continue;
        for (size_t k = 0; k < s->nin; k++)
            if (o->exists && !o->in_place && !o->updates_input && o->dev == s->in[k].dev && o->ino == s->in[k].ino) {
                report(s, o->path, "the output (%s) is the input %s: refusing to overwrite it", o->what,
                       s->in[k].path);
                rc = -1;
            }
        for (size_t k = 0; k < i; k++)
            if (same(&s->out[k], o)) {
                report(s, o->path, "%s and %s name the same file", s->out[k].what, o->what);
                rc = -1;
            }
        /* As cp: a file the user may not write is not replaced behind its
         * back just because its directory is writable. */
        if (o->exists && !o->in_place && access(o->target, W_OK) != 0) {
            report(s, o->path, "cannot write: %s%s", ssem_errstr(errno),
                   errno == EACCES ? " (the file is read-only: it is not replaced)" : "");
            rc = -1;
        }
    }
    return rc;
}

/* A temporary file beside the target, registered with the signals blocked. */
static int open_tmp(ssem_outs *s, ssem_out *o)
{
    size_t plen = strlen(o->target);
    char *tmp = malloc(plen + 16);
    if (!tmp) {
        report(s, o->path, "cannot write: %s", ssem_errstr(ENOMEM));
        return -1;
    }
    memcpy(tmp, o->target, plen);
    memcpy(tmp + plen, ".tmp.XXXXXX", 12);
    if (!installed)
        install(s);
    sigset_t old;
    block(&old);
    int fd = mkstemp(tmp);
    int e = errno;
    if (fd >= 0)
        o->tmp = tmp;
    sigprocmask(SIG_SETMASK, &old, NULL);
    if (fd < 0) {
        free(tmp);
        report(s, o->path, "cannot write: %s", ssem_errstr(e));
        return -1;
    }
    o->f = fdopen(fd, "wb");
    if (!o->f) {
        e = errno;
        close(fd);
        report(s, o->path, "cannot write: %s", ssem_errstr(e));
        return -1;
    }
    return 0;
}

FILE *ssem_outs_stream(ssem_outs *s, int i)
{
    ssem_out *o = &s->out[i];
    if (o->is_stdout)
        return o->f = stdout;
    if (o->in_place) {
        o->f = fopen(o->target, "wb");
        if (!o->f)
            report(s, o->path, "cannot write: %s", ssem_errstr(errno));
        return o->f;
    }
    return open_tmp(s, o) == 0 ? o->f : NULL;
}

/* Flush and close o's stream; for a temporary file, also reach the disk
 * and take the mode a plain fopen would have given (mkstemp makes 0600),
 * or the mode of the file it replaces. */
static int finish(ssem_outs *s, ssem_out *o, int rc)
{
    int e = errno;
    FILE *f = o->f;
    o->f = NULL;
    if (rc == 0 && (fflush(f) != 0 || ferror(f) || (o->tmp && fsync(fileno(f)) != 0))) {
        e = errno;
        rc = -1;
    }
    if (f != stdout && fclose(f) != 0 && rc == 0) {
        e = errno;
        rc = -1;
    }
    if (rc == 0 && o->tmp) {
        /* The replaced file's owner stays (root may give it back), as cp's
         * in-place write would leave it. */
        struct stat st;
        mode_t um = umask(0);
        umask(um);
        bool had = o->exists && stat(o->target, &st) == 0;
        if (had)
            (void)!chown(o->tmp, st.st_uid, st.st_gid);
        chmod(o->tmp, had ? (st.st_mode & 07777) : (0666 & ~um));
    }
    if (rc != 0)
        report(s, o->is_stdout ? "<stdout>" : o->path, "cannot write: %s", ssem_errstr(e ? e : EIO));
    return rc;
}

static int write_one(ssem_outs *s, ssem_out *o)
{
    if (!o->f && !ssem_outs_stream(s, (int)(o - s->out)))
        return -1;
    errno = 0;
    int rc = o->fn ? o->fn(o->f, o->arg) : 0;
    return finish(s, o, rc);
}

int ssem_outs_commit(ssem_outs *s)
{
    int rc = 0;
    install(s);   /* again: the program may have put its own handler in since a stream opened */
    /* Temporary files first, then what cannot wait for a rename: nothing
     * reaches a device or standard output unless every file is ready. */
    for (int pass = 0; pass < 2 && rc == 0; pass++)
        for (size_t i = 0; i < s->n && rc == 0; i++) {
            ssem_out *o = &s->out[i];
            bool direct = o->is_stdout || o->in_place;
            if (direct == (pass == 1))
                rc = write_one(s, o);
        }
    if (rc != 0) {
        ssem_outs_abort(s);
        return -1;
    }
    sigset_t old;
    block(&old);
    for (size_t i = 0; i < s->n; i++) {
        ssem_out *o = &s->out[i];
        if (!o->tmp)
            continue;
        if (rc == 0 && rename(o->tmp, o->target) != 0) {
            report(s, o->path, "cannot write: %s", ssem_errstr(errno));
            rc = -1;
        }
        if (rc != 0)
            unlink(o->tmp);
        free(o->tmp);
        o->tmp = NULL;
    }
    /* A signal that came during the renames meets the program's own
     * handling: the outputs are complete by now. */
    uninstall();
    live = NULL;
    sigprocmask(SIG_SETMASK, &old, NULL);
    for (size_t i = 0; i < s->n; i++) {
        free(s->out[i].target);
        s->out[i].target = NULL;
    }
    return rc;
}

void ssem_outs_abort(ssem_outs *s)
{
    sigset_t old;
    block(&old);
    for (size_t i = 0; i < s->n; i++) {
        ssem_out *o = &s->out[i];
        if (o->f && o->f != stdout)
            fclose(o->f);
        o->f = NULL;
        if (o->tmp)
            unlink(o->tmp);
        free(o->tmp);
        o->tmp = NULL;
        free(o->target);
        o->target = NULL;
    }
    uninstall();
    live = NULL;
    sigprocmask(SIG_SETMASK, &old, NULL);
}
