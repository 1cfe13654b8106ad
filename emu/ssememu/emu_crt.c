/* emu_crt.c: text rendering of the store, A and CI as the CRT showed them (bit 0 on the left). */
#include "emu_crt.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ssem_dis.h"

/* A bounded appender with snprintf semantics: it keeps counting after the
 * buffer is full so the caller learns the size it would have needed. */
typedef struct crt_buf {
    char *p;
    size_t size, len;
} crt_buf;

static void put(crt_buf *b, const char *s, size_t n)
{
    if (b->len < b->size) {
        size_t room = b->size - b->len;
        memcpy(b->p + b->len, s, n < room ? n : room);
    }
    b->len += n;
}

static void __attribute__((format(printf, 2, 3))) putf(crt_buf *b, const char *fmt, ...)
{
    char tmp[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n > 0)
        put(b, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

static void endline(crt_buf *b, unsigned flags)
{
    if (flags & EMU_CRT_ANSI)
        put(b, "\x1b[K", 3);
    put(b, "\n", 1);
}

static void bits(crt_buf *b, uint32_t w)
{
    char s[SSEM_BITS];
    for (unsigned i = 0; i < SSEM_BITS; i++)
        s[i] = (w >> i) & 1u ? EMU_CRT_ONE : EMU_CRT_ZERO;
    put(b, s, sizeof s);
}

static void terminate(crt_buf *b)
{
    if (b->size > 0)
        b->p[b->len < b->size ? b->len : b->size - 1] = '\0';
}

static void summary(crt_buf *b, const emu_machine *m)
{
    putf(b, "halted: %s  steps: %llu  CI: %lu", m->halted ? "yes" : "no",
         (unsigned long long)m->steps, (unsigned long)m->ci);
    /* CI is a full register; say which line it selects when that is not obvious. */
    if (m->ci > SSEM_LINE_MASK)
        putf(b, " (line %u)", ssem_line_of(m->ci));
    putf(b, "  A: %ld", (long)(int32_t)m->a);
}

size_t emu_crt_summary(const emu_machine *m, char *buf, size_t size)
{
    crt_buf b = { buf, size, 0 };
    summary(&b, m);
    terminate(&b);
    return b.len;
}

size_t emu_crt_render(const emu_machine *m, unsigned flags, char *buf, size_t size)
{
    crt_buf b = { buf, size, 0 };
    unsigned cur = ssem_line_of(m->ci);
    static const char ruler1[] = "line    0         1         2         3";
    static const char ruler2[] = "        01234567890123456789012345678901";
    put(&b, ruler1, sizeof ruler1 - 1);
    endline(&b, flags);
    put(&b, ruler2, sizeof ruler2 - 1);
    endline(&b, flags);
    for (unsigned n = 0; n < SSEM_WORDS; n++) {
        char dis[32];
        ssem_dis_instr(m->store[n], dis, sizeof dis);
        putf(&b, " %2u %c   ", n, n == cur ? '>' : ' ');
        bits(&b, m->store[n]);
        putf(&b, " %11ld  %s", (long)(int32_t)m->store[n], dis);
        endline(&b, flags);
    }
    endline(&b, flags);
    put(&b, "  A     ", 8);
    bits(&b, m->a);
    putf(&b, " %11ld", (long)(int32_t)m->a);
    endline(&b, flags);
    put(&b, " CI     ", 8);
    bits(&b, m->ci);
    putf(&b, " %11lu", (unsigned long)m->ci);
    endline(&b, flags);
    if (!(flags & EMU_CRT_NO_SUMMARY)) {
        summary(&b, m);
        endline(&b, flags);
    }
    terminate(&b);
    return b.len;
}
