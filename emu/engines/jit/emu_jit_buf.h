/* emu_jit_buf.h: the jit's code buffer: one memory object seen through a writable and a separate executable mapping. */
#ifndef EMU_JIT_BUF_H
#define EMU_JIT_BUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * No page is ever writable and executable at once. The preferred layout is
 * two mappings of one memfd: `rw` (PROT_READ|PROT_WRITE) where the
 * translator writes, and `rx` (PROT_READ|PROT_EXEC) at another address
 * where the code runs; a byte at rw + k runs at rx + k. Code is only ever
 * appended or thrown away wholesale, so nothing needs flushing between
 * the views (x86 keeps instruction fetch coherent with stores).
 *
 * Where memfd_create is refused (old kernels, seccomp), one anonymous
 * mapping is flipped between PROT_READ|PROT_WRITE while the translator
 * writes and PROT_READ|PROT_EXEC while code runs: rw == rx then, and
 * jit_buf_writable / jit_buf_executable do the mprotect calls.
 */
typedef struct jit_buf {
    uint8_t *rw;       /* where to write byte k */
    uint8_t *rx;       /* where byte k runs */
    size_t size;
    size_t used;       /* bytes handed out: the bump pointer */
    bool flipping;     /* the single-mapping fallback */
    bool writable;     /* fallback only: current protection */
} jit_buf;

/* Map a buffer of `size` bytes (a multiple of the page size is used).
 * Returns 0, or -1 with errno set and b zeroed. */
int jit_buf_open(jit_buf *b, size_t size);
void jit_buf_close(jit_buf *b);

/* Make the buffer writable (before translating) or executable (before
 * running). No-ops with two mappings. Return 0, -1 if mprotect failed. */
int jit_buf_writable(jit_buf *b);
int jit_buf_executable(jit_buf *b);

/* Bytes still free. */
static inline size_t jit_buf_room(const jit_buf *b) { return b->size - b->used; }

#endif
