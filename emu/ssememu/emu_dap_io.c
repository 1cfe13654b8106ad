/* emu_dap_io.c: DAP base-protocol framing: header blocks, Content-Length bodies, resynchronising after bad input. */
#include "emu_dap_io.h"

#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

static const char clen[] = "Content-Length:";
enum { CLEN_LEN = sizeof clen - 1 };

void emu_dap_io_init_fd(emu_dap_io *io, int fd, FILE *out)
{
    memset(io, 0, sizeof *io);
    io->fd = fd;
    io->out = out;
}

void emu_dap_io_init_mem(emu_dap_io *io, const void *data, size_t len, FILE *out)
{
    memset(io, 0, sizeof *io);
    io->fd = -1;
    io->mem = data;
    io->memlen = len;
    io->out = out;
}

/* Up to n bytes from the source into p; 0 at end of input (or a read error,
 * which for a debug adapter means the same: the client is gone). */
static size_t source_read(emu_dap_io *io, char *p, size_t n)
{
    if (io->fd < 0) {
        size_t k = io->memlen - io->mempos;
        if (k > n)
            k = n;
        memcpy(p, io->mem + io->mempos, k);
        io->mempos += k;
        return k;
    }
    for (;;) {
        ssize_t k = read(io->fd, p, n);
        if (k >= 0)
            return (size_t)k;
        if (errno != EINTR)
            return 0;
    }
}

/* More bytes into the buffer; false at end of input or when it is full. */
static bool fill(emu_dap_io *io)
{
    if (io->eof)
        return false;
    if (io->start > 0) {
        memmove(io->buf, io->buf + io->start, io->end - io->start);
        io->end -= io->start;
        io->start = 0;
    }
    if (io->end == sizeof io->buf)
        return false;
    size_t k = source_read(io, io->buf + io->end, sizeof io->buf - io->end);
    if (k == 0) {
        io->eof = true;
        return false;
    }
    io->end += k;
    return true;
}

bool emu_dap_io_ready(emu_dap_io *io)
{
    if (io->fd < 0)
        return false;
    if (io->start < io->end || io->eof)
        return true;
    struct pollfd p = { .fd = io->fd, .events = POLLIN };
    return poll(&p, 1, 0) > 0;
}

/* Skip input up to the next "Content-Length:"; false when input ended first. */
static bool resync(emu_dap_io *io)
{
    for (;;) {
        for (size_t i = io->start; i + CLEN_LEN <= io->end; i++) {
            if (strncasecmp(io->buf + i, clen, CLEN_LEN) == 0) {
                io->start = i;
                io->resync = false;
                return true;
            }
        }
        /* Keep a tail that may be the start of a split "Content-Length:". */
        if (io->end - io->start >= CLEN_LEN)
            io->start = io->end - (CLEN_LEN - 1);
        if (!fill(io))
            return false;
    }
}

/* The end of the header block in buf[start..end): the offset of the body,
 * or 0 when no blank line has arrived yet. Lines end in CRLF (the spec) or a
 * bare LF (a person typing at the adapter). */
static size_t header_end(const emu_dap_io *io)
{
    for (size_t i = io->start; i < io->end; i++) {
        if (io->buf[i] != '\n')
            continue;
        size_t j = i + 1;
        if (j < io->end && io->buf[j] == '\r')
            j++;
        if (j < io->end && io->buf[j] == '\n')
            return j + 1;
    }
    return 0;
}

/* Content-Length from the header lines in h (n bytes); -1 with why on error. */
static long long parse_header(const char *h, size_t n, char *why, size_t whylen)
{
    long long length = -1;
    const char *end = h + n;
    while (h < end) {
        const char *nl = memchr(h, '\n', (size_t)(end - h));
        const char *le = nl ? nl : end;
        const char *next = nl ? nl + 1 : end;
        if (le > h && le[-1] == '\r')
            le--;
        if (le == h) {   /* the blank line */
            h = next;
            continue;
        }
        const char *colon = memchr(h, ':', (size_t)(le - h));
        if (!colon) {
            snprintf(why, whylen, "bad header line '%.*s' (expected 'Name: value')", (int)(le - h > 60 ? 60 : le - h), h);
            return -1;
        }
        if ((size_t)(colon + 1 - h) == CLEN_LEN && strncasecmp(h, clen, CLEN_LEN) == 0) {
            if (length >= 0) {
                snprintf(why, whylen, "two Content-Length headers");
                return -1;
            }
            const char *v = colon + 1;
            while (v < le && (*v == ' ' || *v == '\t'))
                v++;
            const char *ve = le;
            while (ve > v && (ve[-1] == ' ' || ve[-1] == '\t'))
                ve--;
            unsigned long long x = 0;
            bool ok = v < ve;
            for (const char *p = v; p < ve && ok; p++) {
                ok = *p >= '0' && *p <= '9';
                if (ok)
                    x = x * 10 + (unsigned)(*p - '0');
                if (x > EMU_DAP_MAX_BODY)
                    break;
            }
            if (!ok) {
                snprintf(why, whylen, "bad Content-Length '%.*s' (expected a byte count)",
                         (int)(ve - v > 40 ? 40 : ve - v), v);
                return -1;
            }
            if (x > EMU_DAP_MAX_BODY) {
                snprintf(why, whylen, "Content-Length '%.*s' is over the limit of %u bytes",
                         (int)(ve - v > 40 ? 40 : ve - v), v, EMU_DAP_MAX_BODY);
                return -1;
            }
            length = (long long)x;
        }
        /* Other headers (Content-Type) carry nothing DAP needs. */
        h = next;
    }
    if (length < 0)
        snprintf(why, whylen, "message header without Content-Length");
    return length;
}

static emu_dap_read bad(emu_dap_io *io, char *why, size_t whylen, const char *msg)
{
    if (msg)
        snprintf(why, whylen, "%s", msg);
    io->resync = true;
    return EMU_DAP_READ_BAD;
}

emu_dap_read emu_dap_io_read(emu_dap_io *io, char **body, size_t *len, char *why, size_t whylen)
{
    *body = NULL;
    *len = 0;
    if (io->resync && !resync(io))
        return EMU_DAP_READ_EOF;
    /* Blank lines between messages are tolerated. */
    for (;;) {
        while (io->start < io->end && (io->buf[io->start] == '\r' || io->buf[io->start] == '\n'))
            io->start++;
        if (io->start < io->end)
            break;
        if (!fill(io))
            return EMU_DAP_READ_EOF;
    }
    size_t he;
    while ((he = header_end(io)) == 0) {
        if (io->end - io->start > EMU_DAP_MAX_HEADER) {
            io->start++;   /* resynchronise after this header's own "Content-Length:" */
            return bad(io, why, whylen, "message header too long (no blank line after it)");
        }
        if (!fill(io)) {
            io->start = io->end;
            return bad(io, why, whylen, "input ended inside a message header");
        }
    }
    if (he - io->start > EMU_DAP_MAX_HEADER) {
        io->start = he;
        return bad(io, why, whylen, "message header too long");
    }
    long long n = parse_header(io->buf + io->start, he - io->start, why, whylen);
    io->start = he;
    if (n < 0)
        return bad(io, why, whylen, NULL);
    char *b = malloc((size_t)n + 1);
    if (!b)
        return bad(io, why, whylen, "out of memory for the message body");
    size_t have = io->end - io->start;
    if (have > (size_t)n)
        have = (size_t)n;
    memcpy(b, io->buf + io->start, have);
    io->start += have;
    while (have < (size_t)n) {
        size_t k = io->eof ? 0 : source_read(io, b + have, (size_t)n - have);
        if (k == 0) {
            io->eof = true;
            free(b);
            snprintf(why, whylen, "input ended inside a message body (%zu of %lld bytes)", have, n);
            return EMU_DAP_READ_BAD;
        }
        have += k;
    }
    b[n] = '\0';
    *body = b;
    *len = (size_t)n;
    return EMU_DAP_READ_MESSAGE;
}

int emu_dap_io_write(emu_dap_io *io, const char *body, size_t len)
{
    if (fprintf(io->out, "Content-Length: %zu\r\n\r\n", len) < 0 || fwrite(body, 1, len, io->out) != len ||
        fflush(io->out) != 0)
        return -1;
    return 0;
}
