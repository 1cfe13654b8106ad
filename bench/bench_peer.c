/* bench_peer.c: the other compiler's ssem-bench as a child process that times on request, so both compilers' engines share one interleaved run. */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench_peer.h"

/*
 * `make bench` builds ssem-bench twice, with gcc and with clang. The one
 * that reports starts the other with --serve and the same workload
 * options; the peer checks its own engines against the reference (on its
 * side, exactly as the reporting one does), says which engines it has,
 * and then times one engine on one program per request. Requests are
 * interleaved with the reporter's own timings in one rotation, so drifting
 * load falls on both compilers alike. The protocol is lines of text:
 *
 *   peer:  compiler gcc 12.2.0           (first line)
 *   peer:  engine NAME KIND SITES        (one per engine, then "ready")
 *   us:    time ENGINE PROGRAM           peer: ok NS TNS  (or fail)
 *   us:    quit
 */

int bench_peer_start(bench_peer *p, const char *exe, char *const argv[])
{
    memset(p, 0, sizeof *p);
    int in[2], out[2];
    if (pipe(in) != 0)
        return -1;
    if (pipe(out) != 0) {
        close(in[0]);
        close(in[1]);
        return -1;
    }
    /* A peer that dies must not take us with it when we write to it. */
    signal(SIGPIPE, SIG_IGN);
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        dup2(in[0], STDIN_FILENO);
        dup2(out[1], STDOUT_FILENO);
        close(in[0]);
        close(in[1]);
        close(out[0]);
        close(out[1]);
        execv(exe, argv);
        fprintf(stderr, "ssem-bench: cannot run %s: %s\n", exe, strerror(errno));
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    p->pid = pid;
    p->to = fdopen(in[1], "w");
    p->from = fdopen(out[0], "r");
    if (!p->to || !p->from) {
        bench_peer_stop(p);
        return -1;
    }
    snprintf(p->exe, sizeof p->exe, "%s", exe);
    return 0;
}

bool bench_peer_read(bench_peer *p, char *line, size_t len)
{
    if (!p->from || !fgets(line, (int)len, p->from))
        return false;
    line[strcspn(line, "\n")] = '\0';
    return true;
}

bool bench_peer_send(bench_peer *p, const char *fmt, ...)
{
    if (!p->to)
        return false;
    va_list ap;
    va_start(ap, fmt);
    int rc = vfprintf(p->to, fmt, ap);
    va_end(ap);
    return rc >= 0 && fflush(p->to) == 0;
}

int bench_peer_stop(bench_peer *p)
{
    int status = -1;
    if (p->to) {
        fputs("quit\n", p->to);
        fclose(p->to);
    }
    if (p->from)
        fclose(p->from);
    if (p->pid > 0 && waitpid(p->pid, &status, 0) != p->pid)
        status = -1;
    p->to = p->from = NULL;
    p->pid = 0;
    return status;
}
