/* bench_progs.c: the bench workloads: our assembly sources scaled with -D, and nightmare from the corpus. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "asm.h"
#include "bench.h"
#include "ssem_image.h"
#include "ssem_io.h"

const char *bench_srcdir = "bench";
const char *bench_corpus = NULL;
const asm_define *bench_defines = NULL;
size_t bench_ndefines = 0;

/* Sizes: FULL makes the fastest plain engine run for roughly 0.3 s or more
 * on this machine; CALLGRIND a few hundred thousand steps (the same mix of
 * inner and outer loops); QUICK a few thousand, for CI. */
const bench_prog bench_progs[] = {
    { "kilburn", "kilburn.s", "P", { 5000011, 10007, 1009 },
      { UINT64_MAX, UINT64_MAX, UINT64_MAX },
      "Kilburn's highest factor routine on a prime (SUB CMP JRP inner loop)", NULL },
    { "selfmod", "selfmod.s", "LIMIT", { 45000000, 50000, 2000 },
      { UINT64_MAX, UINT64_MAX, UINT64_MAX },
      "counter loop rewriting one of its instructions every turn", NULL },
    { "jumps", "jumps.s", "N", { 30000000, 40000, 2000 },
      { UINT64_MAX, UINT64_MAX, UINT64_MAX },
      "down-counter with a JMP or JRP after every other instruction", NULL },
    { "nightmare", NULL, NULL, { 0, 0, 0 },
      { 330000000, 400000, 20000 },
      "Hurley's nightmare (1998), self-modifying, never halts: N steps", NULL },
};
const size_t bench_nprogs = sizeof bench_progs / sizeof bench_progs[0];

/* The store in path: assembly source (with defs), or an image in any
 * format; a .st image's A and CI come with it. */
static int load_file(const char *path, const asm_define *defs, size_t ndefs, emu_machine *m)
{
    ssem_diag d;
    ssem_diag_init(&d, stderr);
    char *data;
    size_t len;
    if (ssem_read_file(path, &data, &len, &d) != 0)
        return -1;
    ssem_image img;
    asm_options opt = { defs, ndefs };
    int rc = asm_load_store(data, len, path, false, SSEM_FMT_AUTO, &opt, &img, NULL, NULL, &d);
    free(data);
    if (rc != 0) {
        if (d.errors == 0)
            fprintf(stderr, "ssem-bench: %s: cannot load\n", path);
        return -1;
    }
    emu_machine_init(m, img.word);
    if (img.has_regs) {
        m->a = img.a;
        m->ci = img.ci;
    }
    return 0;
}

static void describe_defines(char *out, size_t len)
{
    for (size_t i = 0; i < bench_ndefines; i++) {
        size_t l = strlen(out);
        snprintf(out + l, len - l, " -D %s=%" PRId64, bench_defines[i].name, bench_defines[i].value);
    }
}

int bench_user_prog(bench_prog *p, const char *file, uint64_t steps)
{
    emu_machine m;
    if (load_file(file, bench_defines, bench_ndefines, &m) != 0)
        return -1;
    const char *base = strrchr(file, '/');
    memset(p, 0, sizeof *p);
    p->name = base ? base + 1 : file;
    p->file = file;
    p->what = steps == UINT64_MAX ? "a program named with -p: until its STP"
                                  : "a program named with -p: --steps steps";
    if (steps == UINT64_MAX) {
        emu_run(&emu_engine_reference, &m, BENCH_USER_MAX_STEPS);
        if (!m.halted) {
            fprintf(stderr,
                    "ssem-bench: %s does not halt within %llu steps: give it a budget with "
                    "--steps N\n",
                    file, BENCH_USER_MAX_STEPS);
            return -1;
        }
    }
    p->budget[BENCH_FULL] = p->budget[BENCH_QUICK] = steps;
    p->budget[BENCH_CALLGRIND] = steps < BENCH_USER_CALLGRIND_STEPS ? steps : BENCH_USER_CALLGRIND_STEPS;
    return 0;
}

int bench_load(const bench_prog *p, bench_size sz, emu_machine *m, char *origin,
               size_t originlen)
{
    char path[4096];
    if (p->file) {
        snprintf(origin, originlen, "%s", p->file);
        describe_defines(origin, originlen);
        return load_file(p->file, bench_defines, bench_ndefines, m);
    }
    if (p->source) {
        snprintf(path, sizeof path, "%s/%s", bench_srcdir, p->source);
        snprintf(origin, originlen, "%s -D %s=%" PRId64, path, p->param, p->value[sz]);
        asm_define def = { p->param, p->value[sz] };
        return load_file(path, &def, 1, m);
    }
    /* The historic program: the real image when the corpus is here, else
     * the project's own rendition (examples/nightmare.s assembles to the
     * same store). Never a copy of corpus text in this tree. */
    if (bench_corpus) {
        snprintf(path, sizeof path, "%s/NevynUK_ManchesterBaby/NIGHT.SNP", bench_corpus);
        ssem_diag d;
        ssem_diag_init(&d, stderr);
        ssem_image img;
        if (ssem_image_load(&img, path, SSEM_FMT_AUTO, &d) == 0) {
            emu_machine_init(m, img.word);
            snprintf(origin, originlen, "%s", path);
            return 0;
        }
    }
    snprintf(path, sizeof path, "%s/../examples/nightmare.s", bench_srcdir);
    snprintf(origin, originlen, "%s", path);
    return load_file(path, NULL, 0, m);
}

/* expected.json is ours to read, not to copy: a tiny scanner for
 * "KEY": { "files": ["first", ...], "initial": [32 numbers] ... }. */
int bench_corpus_images(void (*fn)(const char *name, const uint32_t store[SSEM_WORDS], void *arg),
                        void *arg)
{
    if (!bench_corpus)
        return 0;
    char path[4096];
    snprintf(path, sizeof path, "%s/expected.json", bench_corpus);
    ssem_diag d;
    ssem_diag_init(&d, stderr);
    char *js;
    size_t len;
    if (ssem_read_file(path, &js, &len, &d) != 0)
        return -1;
    int count = 0;
    for (char *p = js; (p = strstr(p, "\"files\"")) != NULL;) {
        char name[256] = "?";
        char *q = strchr(p, '[');
        char *r = q ? strchr(q, '"') : NULL;
        char *e = r ? strchr(r + 1, '"') : NULL;
        if (e && (size_t)(e - r - 1) < sizeof name) {
            memcpy(name, r + 1, (size_t)(e - r - 1));
            name[e - r - 1] = '\0';
        }
        char *init = strstr(p, "\"initial\"");
        if (!init)
            break;
        char *s = strchr(init, '[');
        uint32_t store[SSEM_WORDS];
        unsigned i = 0;
        while (s && i < SSEM_WORDS) {
            char *end;
            unsigned long long v = strtoull(s + 1, &end, 10);
            if (end == s + 1)
                break;
            store[i++] = (uint32_t)v;
            s = strchr(end, ',');
        }
        if (i == SSEM_WORDS) {
            fn(name, store, arg);
            count++;
        }
        p = init + 1;
    }
    free(js);
    return count;
}
