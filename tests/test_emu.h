/* test_emu.h: helpers shared by the emulator-core suites: random programs, engine loops (the corpus is read by tu_corpus_load). */
#ifndef TEST_EMU_H
#define TEST_EMU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "emu.h"

/* A small deterministic generator (xorshift64*), so failures reproduce. */
typedef struct temu_rng {
    uint64_t s;
} temu_rng;
uint32_t temu_rand(temu_rng *r);
/* Uniform in 0..n-1. */
uint32_t temu_below(temu_rng *r, uint32_t n);

/* A random machine biased toward what breaks caching engines: loops,
 * STOs into code, ignored bits set, CI wrapping past 31, function 5. */
void temu_random_machine(temu_rng *r, emu_machine *m);

/* True when the suite runs under the sanitizers (SSEM_SAN=1): scale down. */
bool temu_san(void);

/* Run engine e from m for max_steps in one call; false if interp failed. */
bool temu_run(const emu_engine *e, const emu_machine *m, uint64_t max_steps, emu_machine *out,
              char *why, size_t whylen);

/* xorshift64 on a bare seed, for tests that keep several streams. */
uint32_t temu_xorshift(uint64_t *s);

/* A random store made of what fusing and translating engines cache:
 * straight runs of LDN/SUB/STO/CMP (function 5 among the SUBs, ignored
 * bits set), JRP -3 loops, JMPs through data, STOs aimed at code lines. */
void temu_pattern_store(uint64_t *s, uint32_t st[SSEM_WORDS]);

/* Run engine e from start in chunks of 1..maxchunk steps (sizes drawn
 * from seed) for at most total steps, comparing interp(V) with the T
 * machine after every chunk. False with a message in why. */
bool temu_chunked(const emu_engine *e, const emu_machine *start, uint64_t total, uint64_t seed,
                  unsigned maxchunk, char *why, size_t whylen);

/* Assemble path (relative to the top of the tree) with -D param=value
 * into a store; false if it does not assemble. */
bool temu_assemble(const char *path, const char *param, int64_t value, uint32_t store[SSEM_WORDS]);

/* seccomp: make syscall `nr` fail with EPERM, or with exec_only, only its
 * calls that ask for PROT_EXEC (nr 0: mmap's and mprotect's), in this
 * process and what it execs (x86-64 Linux). Criterion runs each test in its own process, so
 * the filter dies with the test. False when filters are not allowed. */
bool temu_deny(long nr, bool exec_only);

#endif
