/* emu_jit_buf.c: the jit's W^X code buffer: a memfd mapped twice (RW and RX), or one mapping flipped with mprotect. */
#if defined(__x86_64__) && defined(__linux__)

#include "emu_jit_buf.h"

#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static size_t round_to_pages(size_t size)
{
    long pg = sysconf(_SC_PAGESIZE);
    size_t page = pg > 0 ? (size_t)pg : 4096;
    return (size + page - 1) / page * page;
}

static int open_dual(jit_buf *b, size_t size)
{
    int fd = memfd_create("ssem-jit", MFD_CLOEXEC);
    if (fd < 0)
        return -1;
    if (ftruncate(fd, (off_t)size) != 0) {
        int e = errno;
        close(fd);
        errno = e;
        return -1;
    }
    void *rw = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    void *rx = rw == MAP_FAILED ? MAP_FAILED : mmap(NULL, size, PROT_READ | PROT_EXEC, MAP_SHARED, fd, 0);
    int e = errno;
    close(fd);   /* the mappings keep the object alive */
    if (rx == MAP_FAILED) {
        if (rw != MAP_FAILED)
            munmap(rw, size);
        errno = e;
        return -1;
    }
    b->rw = rw;
    b->rx = rx;
    return 0;
}

int jit_buf_open(jit_buf *b, size_t size)
{
    memset(b, 0, sizeof *b);
    size = round_to_pages(size);
    if (open_dual(b, size) != 0) {
        void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED) {
            memset(b, 0, sizeof *b);
            return -1;
        }
        b->rw = b->rx = p;
        b->flipping = true;
        b->writable = true;
    }
    b->size = size;
    return 0;
}

void jit_buf_close(jit_buf *b)
{
    if (b->rw)
        munmap(b->rw, b->size);
    if (b->rx && b->rx != b->rw)
        munmap(b->rx, b->size);
    memset(b, 0, sizeof *b);
}

int jit_buf_writable(jit_buf *b)
{
    if (!b->flipping || b->writable)
        return 0;
    if (mprotect(b->rw, b->size, PROT_READ | PROT_WRITE) != 0)
        return -1;
    b->writable = true;
    return 0;
}

int jit_buf_executable(jit_buf *b)
{
    if (!b->flipping || !b->writable)
        return 0;
    if (mprotect(b->rw, b->size, PROT_READ | PROT_EXEC) != 0)
        return -1;
    b->writable = false;
    return 0;
}

#else
/* Not x86-64 Linux: the jit engine is absent, and so is its buffer. */
typedef int emu_jit_buf_unused;
#endif
