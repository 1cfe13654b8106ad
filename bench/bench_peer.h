/* bench_peer.h: the other compiler's ssem-bench, run as a timing server (bench_peer.c). */
#ifndef BENCH_PEER_H
#define BENCH_PEER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

typedef struct bench_peer {
    pid_t pid;
    FILE *to, *from;
    char exe[4096];
} bench_peer;

/* Start exe with argv (argv[0] included, NULL-terminated), its standard
 * input and output connected to us, its standard error shared. 0, or -1. */
int bench_peer_start(bench_peer *p, const char *exe, char *const argv[]);
/* One line from the peer, without its newline; false at its end. */
bool bench_peer_read(bench_peer *p, char *line, size_t len);
/* A request (printf format), flushed. */
bool bench_peer_send(bench_peer *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Say quit, close, and wait: the wait status, or -1. */
int bench_peer_stop(bench_peer *p);

#endif
