/* bench_sites.c: count the indirect jump and call sites in each engine's machine code (objdump -d of the bench binary). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"

/*
 * An engine's code is what its run and load functions reach: direct calls
 * and jumps, functions whose address an instruction takes, and functions
 * listed in a read-only table an instruction refers to (call threading's
 * handler table: read here from our own memory, at the same addresses
 * objdump shows plus the PIE load bias). Threading engines keep their
 * handlers inside one function, so their sites are that function's.
 */
typedef struct fn {
    char name[256];
    uint64_t addr, size;
    bool is_func;        /* text function (else a data object) */
    int sites;           /* jmp * / call * inside it */
    char **refs;         /* symbols its instructions name */
    size_t nrefs, caprefs;
} fn;

static fn *syms;
static size_t nsyms, capsyms;

static fn *sym_find(const char *name)
{
    for (size_t i = 0; i < nsyms; i++)
        if (strcmp(syms[i].name, name) == 0)
            return &syms[i];
    return NULL;
}

static fn *sym_at(uint64_t addr)
{
    for (size_t i = 0; i < nsyms; i++)
        if (syms[i].is_func && syms[i].addr == addr)
            return &syms[i];
    return NULL;
}

static fn *sym_add(const char *name, uint64_t addr, uint64_t size, bool is_func)
{
    if (nsyms == capsyms) {
        capsyms = capsyms ? 2 * capsyms : 512;
        fn *n = realloc(syms, capsyms * sizeof *syms);
        if (!n)
            return NULL;
        syms = n;
    }
    fn *f = &syms[nsyms++];
    memset(f, 0, sizeof *f);
    snprintf(f->name, sizeof f->name, "%s", name);
    f->addr = addr;
    f->size = size;
    f->is_func = is_func;
    return f;
}

static void add_ref(fn *f, const char *name, size_t len)
{
    if (f->nrefs == f->caprefs) {
        f->caprefs = f->caprefs ? 2 * f->caprefs : 8;
        char **n = realloc(f->refs, f->caprefs * sizeof *n);
        if (!n)
            return;
        f->refs = n;
    }
    char *s = strndup(name, len);
    if (s)
        f->refs[f->nrefs++] = s;
}

/* objdump -t: "ADDR l     F .text  SIZE  name" and "... O .data.rel.ro ..." */
static int read_symtab(const char *exe)
{
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "objdump -t '%s' 2>/dev/null", exe);
    FILE *p = popen(cmd, "r");
    if (!p)
        return -1;
    char line[1024];
    while (fgets(line, sizeof line, p)) {
        unsigned long long addr, size;
        char flags[16], sect[64], name[256];
        /* the flag column is 7 characters wide and may hold spaces */
        if (strlen(line) < 20 || sscanf(line, "%llx", &addr) != 1)
            continue;
        char *f = strchr(line, ' ');
        if (!f || strlen(f) < 9)
            continue;
        memcpy(flags, f + 1, 7);
        flags[7] = '\0';
        if (sscanf(f + 8, "%63s %llx %255s", sect, &size, name) != 3)
            continue;
        bool func = strchr(flags, 'F') && strcmp(sect, ".text") == 0;
        bool obj = strchr(flags, 'O') &&
                   (strcmp(sect, ".data.rel.ro") == 0 || strcmp(sect, ".rodata") == 0);
        if (func || obj)
            sym_add(name, addr, size, func);
    }
    return pclose(p) == 0 ? 0 : -1;
}

static bool is_indirect(const char *insn)
{
    for (const char *k = insn; (k = strpbrk(k, "jc")) != NULL; k++) {
        size_t l = strncmp(k, "jmp", 3) == 0 ? 3 : strncmp(k, "call", 4) == 0 ? 4 : 0;
        if (!l)
            continue;
        const char *o = k + l;
        while (*o == ' ' || *o == '\t' || *o == 'q')
            o++;
        if (*o == '*')
            return true;
    }
    return false;
}

static int read_code(const char *exe)
{
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "objdump -d --no-show-raw-insn '%s' 2>/dev/null", exe);
    FILE *p = popen(cmd, "r");
    if (!p)
        return -1;
    char line[2048];
    fn *cur = NULL;
    while (fgets(line, sizeof line, p)) {
        unsigned long long addr;
        char name[256];
        if (sscanf(line, "%llx <%255[^>]>:", &addr, name) == 2) {
            cur = sym_find(name);
            continue;
        }
        if (!cur || !strchr(line, ':'))
            continue;
        if (is_indirect(line))
            cur->sites++;
        for (char *s = strchr(line, '<'); s; s = strchr(s + 1, '<')) {
            size_t l = strcspn(s + 1, "+>");
            if (l && !memchr(s + 1, '@', l))
                add_ref(cur, s + 1, l);
        }
    }
    return pclose(p) == 0 ? 0 : -1;
}

static int closure_sites(uint64_t bias, const void *start1, const void *start2)
{
    bool *seen = calloc(nsyms, 1);
    size_t *work = malloc(nsyms * sizeof *work);
    if (!seen || !work) {
        free(seen);
        free(work);
        return -1;
    }
    size_t nw = 0;
    const void *starts[2] = { start1, start2 };
    for (int i = 0; i < 2; i++) {
        fn *f = starts[i] ? sym_at((uint64_t)(uintptr_t)starts[i] - bias) : NULL;
        if (f && !seen[f - syms]) {
            seen[f - syms] = true;
            work[nw++] = (size_t)(f - syms);
        }
    }
    int sites = 0;
    while (nw) {
        fn *f = &syms[work[--nw]];
        sites += f->sites;
        for (size_t r = 0; r < f->nrefs; r++) {
            fn *g = sym_find(f->refs[r]);
            if (!g)
                continue;
            if (g->is_func) {
                if (!seen[g - syms]) {
                    seen[g - syms] = true;
                    work[nw++] = (size_t)(g - syms);
                }
                continue;
            }
            /* a read-only table: which of its words are function starts */
            if (g->size > 16384)   /* super-tail's is 32 x 38 pointers */
                continue;
            const unsigned char *tab = (const unsigned char *)(uintptr_t)(g->addr + bias);
            for (uint64_t k = 0; k + sizeof(uintptr_t) <= g->size; k += sizeof(uintptr_t)) {
                uintptr_t word;
                memcpy(&word, tab + k, sizeof word);
                fn *h = sym_at((uint64_t)word - bias);
                if (h && !seen[h - syms]) {
                    seen[h - syms] = true;
                    work[nw++] = (size_t)(h - syms);
                }
            }
        }
    }
    free(seen);
    free(work);
    return sites;
}

int bench_sites(const char *exe, const emu_engine *const *engines, size_t n, int *sites)
{
    for (size_t i = 0; i < n; i++)
        sites[i] = -1;
    if (read_symtab(exe) != 0 || read_code(exe) != 0 || !nsyms)
        return -1;
    fn *self = sym_find("bench_sites");
    if (!self)
        return -1;
    uint64_t bias = (uint64_t)(uintptr_t)&bench_sites - self->addr;
    for (size_t i = 0; i < n; i++)
        sites[i] = closure_sites(bias, (const void *)engines[i]->run,
                                 (const void *)engines[i]->load);
    for (size_t i = 0; i < nsyms; i++) {
        for (size_t r = 0; r < syms[i].nrefs; r++)
            free(syms[i].refs[r]);
        free(syms[i].refs);
    }
    free(syms);
    syms = NULL;
    nsyms = capsyms = 0;
    return 0;
}
