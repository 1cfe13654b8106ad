/* emu_machine.c: the T-state helpers, the engine registry (a linker section) and running engines through emu_vm. */
#include "emu.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void emu_machine_init(emu_machine *m, const uint32_t store[SSEM_WORDS])
{
    memset(m, 0, sizeof *m);
    if (store)
        memcpy(m->store, store, sizeof m->store);
}

bool emu_machine_equal(const emu_machine *x, const emu_machine *y, char *why, size_t whylen)
{
    char dummy[1];
    if (!why || !whylen) {
        why = dummy;
        whylen = sizeof dummy;
    }
    if (x->halted != y->halted) {
        snprintf(why, whylen, "halted %s vs %s", x->halted ? "yes" : "no", y->halted ? "yes" : "no");
        return false;
    }
    if (x->steps != y->steps) {
        snprintf(why, whylen, "steps %" PRIu64 " vs %" PRIu64, x->steps, y->steps);
        return false;
    }
    if (x->ci != y->ci) {
        snprintf(why, whylen, "CI %" PRIu32 " vs %" PRIu32, x->ci, y->ci);
        return false;
    }
    if (x->a != y->a) {
        snprintf(why, whylen, "A %" PRIu32 " vs %" PRIu32, x->a, y->a);
        return false;
    }
    for (unsigned i = 0; i < SSEM_WORDS; i++)
        if (x->store[i] != y->store[i]) {
            snprintf(why, whylen, "store line %u: %#" PRIx32 " vs %#" PRIx32, i, x->store[i],
                     y->store[i]);
            return false;
        }
    return true;
}

/* --- registry ---------------------------------------------------------------
 * Every engine file puts a pointer into the "emu_engines" section; the
 * linker brackets it with __start_/__stop_ symbols. The reference engine is
 * always linked (it is in this library), so the section is never empty. */
extern const emu_engine *const __start_emu_engines[];
extern const emu_engine *const __stop_emu_engines[];

enum { EMU_MAX_ENGINES = 64 };
static const emu_engine *sorted[EMU_MAX_ENGINES + 1];
static size_t nsorted;

static int engine_cmp(const void *pa, const void *pb)
{
    const emu_engine *a = *(const emu_engine *const *)pa;
    const emu_engine *b = *(const emu_engine *const *)pb;
    bool ra = strcmp(a->name, "reference") == 0, rb = strcmp(b->name, "reference") == 0;
    if (ra != rb)
        return ra ? -1 : 1;
    return strcmp(a->name, b->name);
}

const emu_engine *const *emu_engine_list(size_t *n)
{
    if (!nsorted) {
        size_t k = 0;
        for (const emu_engine *const *p = __start_emu_engines; p < __stop_emu_engines; p++)
            if (*p && k < EMU_MAX_ENGINES)
                sorted[k++] = *p;
        qsort(sorted, k, sizeof sorted[0], engine_cmp);
        sorted[k] = NULL;
        nsorted = k;
    }
    if (n)
        *n = nsorted;
    return sorted;
}

const char *emu_kind_name(emu_kind k)
{
    switch (k) {
    case EMU_KIND_REFERENCE: return "reference";
    case EMU_KIND_INTERPRETER: return "interpreter";
    case EMU_KIND_TRANSLATOR: return "translator";
    case EMU_KIND_ALGEBRAIC: return "algebraic";
    }
    return "?";
}

const emu_engine *emu_engine_find(const char *name)
{
    size_t n;
    const emu_engine *const *list = emu_engine_list(&n);
    for (size_t i = 0; i < n; i++)
        if (strcmp(list[i]->name, name) == 0)
            return list[i];
    return NULL;
}

/* --- running ---------------------------------------------------------------- */
enum { EMU_CTX_ALIGN = 64 };   /* a cache line: contexts hold the hot tables */

int emu_vm_open(emu_vm *vm, const emu_engine *e, const emu_machine *t)
{
    void *ctx = NULL;
    size_t size = (e->ctx_size + EMU_CTX_ALIGN - 1) / EMU_CTX_ALIGN * EMU_CTX_ALIGN;
    if (posix_memalign(&ctx, EMU_CTX_ALIGN, size ? size : EMU_CTX_ALIGN) != 0) {
        vm->engine = NULL;
        vm->ctx = NULL;
        errno = ENOMEM;
        return -1;
    }
    memset(ctx, 0, size);
    e->load(ctx, t);
    vm->engine = e;
    vm->ctx = ctx;
    return 0;
}

void emu_vm_run(emu_vm *vm, uint64_t max_steps)
{
    if (max_steps)
        vm->engine->run(vm->ctx, max_steps);
}

bool emu_vm_state(const emu_vm *vm, emu_machine *t, char *why, size_t whylen)
{
    char dummy[1];
    if (!why || !whylen) {
        why = dummy;
        whylen = sizeof dummy;
    }
    why[0] = '\0';
    return vm->engine->interp(vm->ctx, t, why, whylen);
}

void emu_vm_close(emu_vm *vm)
{
    if (vm->engine && vm->engine->fini && vm->ctx)
        vm->engine->fini(vm->ctx);
    free(vm->ctx);
    vm->ctx = NULL;
    vm->engine = NULL;
}

int emu_run(const emu_engine *e, emu_machine *m, uint64_t max_steps)
{
    emu_vm vm;
    if (emu_vm_open(&vm, e, m) != 0)
        return -1;
    emu_vm_run(&vm, max_steps);
    emu_machine t;
    bool ok = emu_vm_state(&vm, &t, NULL, 0);
    emu_vm_close(&vm);
    if (!ok)
        return -2;
    *m = t;
    return 0;
}

void emu_machine_load(void *ctx, const emu_machine *t)
{
    memcpy(ctx, t, sizeof *t);
}

bool emu_machine_interp(const void *ctx, emu_machine *t, char *why, size_t whylen)
{
    (void)why;
    (void)whylen;
    memcpy(t, ctx, sizeof *t);
    return true;
}
