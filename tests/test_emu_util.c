/* test_emu_util.c: a seeded random-program generator, run helpers, seccomp for the fallback tests. */
#include "test_emu.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "asm.h"
#include "ssem_image.h"
#include "ssem_isa.h"
#include "test_util.h"

bool temu_san(void)
{
    const char *s = getenv("SSEM_SAN");
    return s && strcmp(s, "1") == 0;
}

bool temu_run(const emu_engine *e, const emu_machine *m, uint64_t max_steps, emu_machine *out,
              char *why, size_t whylen)
{
    emu_vm vm;
    if (emu_vm_open(&vm, e, m) != 0) {
        snprintf(why, whylen, "out of memory");
        return false;
    }
    emu_vm_run(&vm, max_steps);
    bool ok = emu_vm_state(&vm, out, why, whylen);
    emu_vm_close(&vm);
    return ok;
}

/* --- random programs -------------------------------------------------------- */
uint32_t temu_rand(temu_rng *r)
{
    r->s ^= r->s >> 12;
    r->s ^= r->s << 25;
    r->s ^= r->s >> 27;
    return (uint32_t)((r->s * 0x2545F4914F6CDD1Dull) >> 32);
}

uint32_t temu_below(temu_rng *r, uint32_t n)
{
    return (uint32_t)(((uint64_t)temu_rand(r) * n) >> 32);
}

static uint32_t random_ignored_bits(temu_rng *r)
{
    return temu_rand(r) & SSEM_IGNORED_MASK;
}

/* Function codes weighted so that programs run a while before an STP. */
static unsigned random_func(temu_rng *r)
{
    static const unsigned weights[SSEM_NFUNC] = { 10, 8, 14, 14, 10, 8, 10, 1 };
    unsigned total = 0;
    for (unsigned f = 0; f < SSEM_NFUNC; f++)
        total += weights[f];
    unsigned x = temu_below(r, total);
    for (unsigned f = 0; f < SSEM_NFUNC; f++) {
        if (x < weights[f])
            return f;
        x -= weights[f];
    }
    return SSEM_JMP;
}

static uint32_t random_instr(temu_rng *r)
{
    uint32_t w = ssem_word_make(random_func(r), temu_below(r, SSEM_WORDS));
    if (temu_below(r, 3) == 0)
        w |= random_ignored_bits(r);
    return w;
}

void temu_random_machine(temu_rng *r, emu_machine *m)
{
    emu_machine_init(m, NULL);
    unsigned code_end = 8 + temu_below(r, 25);   /* lines 0..code_end-1 mostly code */
    for (unsigned i = 0; i < SSEM_WORDS; i++) {
        uint32_t w;
        unsigned kind = temu_below(r, 10);
        if (i < code_end && kind < 7)
            w = random_instr(r);
        else if (kind < 3)
            w = temu_below(r, 40) - 20u;   /* small data, also jump offsets back into loops */
        else if (kind < 5)
            w = 0u - random_instr(r);      /* LDN of it yields an instruction to STO */
        else if (kind < 7)
            w = temu_below(r, SSEM_WORDS) + (temu_below(r, 4) == 0 ? 0xFFFFFFE0u : 0);
        else if (kind < 8)
            w = random_instr(r);
        else
            w = temu_rand(r);
        m->store[i] = w;
    }
    /* Loops: a backward JRP offset or an absolute JMP target somewhere. */
    if (temu_below(r, 2)) {
        unsigned at = 2 + temu_below(r, code_end > 2 ? code_end - 2 : 1);
        unsigned d = 20 + temu_below(r, 12);
        m->store[at % SSEM_WORDS] = ssem_word_make(temu_below(r, 2) ? SSEM_JRP : SSEM_JMP, d);
        m->store[d] = temu_below(r, 2) ? 0u - (1 + temu_below(r, at)) : temu_below(r, at);
    }
    switch (temu_below(r, 4)) {
    case 0:
        m->ci = temu_below(r, SSEM_WORDS);
        break;
    case 1:
        m->ci = 0xFFFFFFF0u + temu_below(r, 16);   /* wraps through 2^32 */
        break;
    case 2:
        m->ci = temu_rand(r);
        break;
    default:
        break;
    }
    if (temu_below(r, 3) == 0)
        m->a = temu_rand(r);
}

uint32_t temu_xorshift(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return (uint32_t)(*s >> 11);
}

void temu_pattern_store(uint64_t *s, uint32_t st[SSEM_WORDS])
{
    static const unsigned straight[] = { SSEM_LDN, SSEM_SUB, SSEM_STO, SSEM_CMP, SSEM_SUB2 };
    unsigned code = 8 + temu_xorshift(s) % 20;   /* lines 1..code are instructions */
    st[0] = ssem_word_make(SSEM_JMP, 0);
    for (unsigned i = 1; i < SSEM_WORDS; i++) {
        if (i <= code) {
            unsigned r = temu_xorshift(s) % 100, f;
            if (r < 70)
                f = straight[temu_xorshift(s) % 5];
            else if (r < 80)
                f = SSEM_JRP;
            else if (r < 92)
                f = SSEM_JMP;
            else if (r < 94)
                f = SSEM_STP;
            else
                f = SSEM_CMP;
            unsigned n = temu_xorshift(s) % 100 < 40 ? 1 + temu_xorshift(s) % code
                                                      : code + 1 + temu_xorshift(s) % (31 - code);
            st[i] = ssem_word_make(f, n & 31);
            if (temu_xorshift(s) % 6 == 0)
                st[i] |= (temu_xorshift(s) & SSEM_IGNORED_MASK);
        } else {
            unsigned r = temu_xorshift(s) % 4;
            st[i] = r == 0   ? (uint32_t)-3
                    : r == 1 ? 1u + temu_xorshift(s) % 5
                    : r == 2 ? temu_xorshift(s)
                             : temu_xorshift(s) % 32;
        }
    }
}

bool temu_chunked(const emu_engine *e, const emu_machine *start, uint64_t total, uint64_t seed,
                  unsigned maxchunk, char *why, size_t whylen)
{
    emu_vm vm;
    if (emu_vm_open(&vm, e, start) != 0) {
        snprintf(why, whylen, "%s: out of memory", e->name);
        return false;
    }
    emu_machine t = *start, v;
    uint64_t done = 0, s = seed | 1;
    bool ok = true;
    char diff[256];
    while (done < total && ok) {
        uint64_t k = 1 + temu_xorshift(&s) % maxchunk;
        if (k > total - done)
            k = total - done;
        emu_vm_run(&vm, k);
        for (uint64_t i = 0; i < k; i++)
            emu_step(&t);
        done += k;
        if (!emu_vm_state(&vm, &v, diff, sizeof diff)) {
            snprintf(why, whylen, "%s after %" PRIu64 " steps: interp: %s", e->name, done, diff);
            ok = false;
        } else if (!emu_machine_equal(&v, &t, diff, sizeof diff)) {
            snprintf(why, whylen, "%s after %" PRIu64 " steps: %s", e->name, done, diff);
            ok = false;
        }
        if (t.halted)
            break;
    }
    emu_vm_close(&vm);
    return ok;
}

bool temu_assemble(const char *path, const char *param, int64_t value, uint32_t store[SSEM_WORDS])
{
    size_t len;
    char *src = tu_read(path, &len);
    if (!src)
        return false;
    asm_define def = { param, value };
    asm_options opt = { param ? &def : NULL, param ? 1 : 0 };
    ssem_diag d;
    ssem_diag_init(&d, stderr);
    asm_program *p = asm_assemble(src, len, path, &opt, &d);
    free(src);
    if (!p)
        return false;
    ssem_image img;
    asm_program_image(p, &img);
    asm_program_free(p);
    memcpy(store, img.word, sizeof img.word);
    return true;
}

#if defined(__x86_64__) && defined(__linux__)
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>

/* seccomp: the filter for temu_deny (test_emu.h). */
bool temu_deny(long nr, bool exec_only)
{
    struct sock_filter prog_any[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)nr, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    };
    struct sock_filter prog_exec[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, nr ? (uint32_t)nr : SYS_mmap, 1, 0),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, nr ? (uint32_t)nr : SYS_mprotect, 0, 3),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[2])),
        BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, PROT_EXEC, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    };
    struct sock_fprog fp = exec_only
        ? (struct sock_fprog){ sizeof prog_exec / sizeof prog_exec[0], prog_exec }
        : (struct sock_fprog){ sizeof prog_any / sizeof prog_any[0], prog_any };
    return prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0 && prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &fp) == 0;
}
#endif
