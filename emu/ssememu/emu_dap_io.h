/* emu_dap_io.h: the Debug Adapter Protocol's base protocol: Content-Length framed messages in and out. */
#ifndef EMU_DAP_IO_H
#define EMU_DAP_IO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Largest message body accepted; a DAP request is a few hundred bytes, a
 * setBreakpoints for a whole file a few kilobytes. */
#define EMU_DAP_MAX_BODY (1u << 20)
/* Largest header block (the Content-Length line and any others). */
#define EMU_DAP_MAX_HEADER 1024u

/*
 * The reader: from a file descriptor (the adapter's stdin) or from memory
 * (the fuzzer). It keeps its own buffer, so "is a message waiting?" can be
 * answered while the machine runs without blocking.
 */
typedef struct emu_dap_io {
    int fd;                 /* -1: reading from mem */
    const char *mem;
    size_t memlen, mempos;
    char buf[8192];
    size_t start, end;      /* unread bytes are buf[start..end) */
    bool eof;
    bool resync;            /* after a bad header: skip to the next "Content-Length:" */
    FILE *out;              /* where messages are written */
} emu_dap_io;

void emu_dap_io_init_fd(emu_dap_io *io, int fd, FILE *out);
void emu_dap_io_init_mem(emu_dap_io *io, const void *data, size_t len, FILE *out);

typedef enum emu_dap_read {
    EMU_DAP_READ_EOF,       /* input ended (between messages, or after reporting a bad one) */
    EMU_DAP_READ_MESSAGE,   /* *body holds the message (malloc'd, NUL-terminated) */
    EMU_DAP_READ_BAD,       /* a framing error, described in why; the next read resynchronises */
} emu_dap_read;

/* Read one message, blocking until it is complete. */
emu_dap_read emu_dap_io_read(emu_dap_io *io, char **body, size_t *len, char *why, size_t whylen);

/* True when a message (or the end of input) is waiting: a running machine
 * stops to read it. Memory input never waits, so that there a continue runs
 * to its stop before the next message is read: the fuzzer's runs stay
 * deterministic. */
bool emu_dap_io_ready(emu_dap_io *io);

/* Write one framed message; returns 0, or -1 when the output failed. */
int emu_dap_io_write(emu_dap_io *io, const char *body, size_t len);

#endif
