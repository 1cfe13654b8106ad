/* ssem_clock.h: the one monotonic clock every timer in the tree reads (stats, the jit's translate time, --watch pacing, the bench). */
#ifndef SSEM_CLOCK_H
#define SSEM_CLOCK_H

#include <stdint.h>
#include <time.h>

/* Nanoseconds on CLOCK_MONOTONIC: only differences mean anything. */
static inline uint64_t ssem_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

#endif
