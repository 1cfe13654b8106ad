/* web_api.c: the small API the page calls: assemble, load, run an engine, and the state as ssememu's JSON. */
#include "web_api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "asm.h"
#include "emu.h"
#include "emu_dump.h"

/*
 * One machine for the page. The chosen engine's V-state (vm) is the
 * machine; `shadow` is the reference T run beside it, so the lecture's view
 * can put interp(V) next to T after every run. Text answers go into one
 * buffer, valid until the next call that returns text.
 */
static struct {
    emu_vm vm;
    emu_machine t;          /* interp(V) after the last run */
    emu_machine shadow;     /* the reference T, stepped alongside */
    uint32_t image[SSEM_WORDS];
    char *diag;             /* the last assembly's diagnostics */
    char *text;             /* the last text answer */
    char why[256];          /* interp's complaint, if V went inconsistent */
} W;

/* A memory stream's text into W.text. */
static const char *keep_text(char *buf)
{
    free(W.text);
    W.text = buf;
    return buf ? buf : "";
}

static const char *json_of(const emu_machine *m)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return "";
    emu_dump(m, EMU_DUMP_JSON, f);
    fclose(f);
    if (len && buf[len - 1] == '\n')
        buf[len - 1] = '\0';
    return keep_text(buf);
}

static int open_vm(const emu_engine *e, const emu_machine *m)
{
    if (W.vm.engine)
        emu_vm_close(&W.vm);
    if (emu_vm_open(&W.vm, e, m) != 0)
        return -1;
    W.t = *m;
    W.shadow = *m;
    W.why[0] = '\0';
    return 0;
}

WEB_API int web_init(void)
{
    size_t n;
    emu_engine_list(&n);
    if (n != web_engine_count)
        return -1;
    emu_machine m;
    emu_machine_init(&m, NULL);
    if (!W.vm.engine && open_vm(&emu_engine_reference, &m) != 0)
        return -1;
    return (int)n;
}

WEB_API const char *web_engines(void)
{
    size_t n, len = 0;
    const emu_engine *const *list = emu_engine_list(&n);
    char *buf = NULL;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return "";
    for (size_t i = 0; i < n; i++)
        fprintf(f, "%s%s", i ? "," : "", list[i]->name);
    fclose(f);
    return keep_text(buf);
}

WEB_API int web_set_engine(const char *name)
{
    const emu_engine *e = emu_engine_find(name);
    if (!e)
        return -1;
    emu_machine m = W.t, shadow = W.shadow;
    if (open_vm(e, &m) != 0)
        return -1;
    W.shadow = shadow;
    return 0;
}

WEB_API const char *web_engine(void)
{
    return W.vm.engine ? W.vm.engine->name : "";
}

WEB_API int web_assemble(const char *src, const char *name)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return 1;
    ssem_diag d;
    ssem_diag_init(&d, f);
    asm_options ao = { NULL, 0 };
    asm_program *p = asm_assemble(src, strlen(src), name, &ao, &d);
    if (p) {
        ssem_image img;
        asm_program_image(p, &img);
        memcpy(W.image, img.word, sizeof W.image);
        asm_program_free(p);
    }
    fclose(f);
    free(W.diag);
    W.diag = buf;
    if (!p)
        return d.errors ? d.errors : 1;
    emu_machine m;
    emu_machine_init(&m, W.image);
    return open_vm(W.vm.engine ? W.vm.engine : &emu_engine_reference, &m) == 0 ? 0 : 1;
}

WEB_API const char *web_diagnostics(void)
{
    return W.diag ? W.diag : "";
}

WEB_API int web_reset(void)
{
    emu_machine m;
    emu_machine_init(&m, W.image);
    return open_vm(W.vm.engine, &m);
}

WEB_API double web_run(double max_steps)
{
    uint64_t n = max_steps < 0 ? 0 : max_steps >= 1.8e19 ? UINT64_MAX : (uint64_t)max_steps;
    uint64_t before = W.t.steps;
    emu_vm_run(&W.vm, n);
    if (!emu_vm_state(&W.vm, &W.t, W.why, sizeof W.why))
        return -1;
    uint64_t ran = W.t.steps - before;
    for (uint64_t i = 0; i < ran && emu_step(&W.shadow); i++)
        ;
    return (double)ran;
}

WEB_API const char *web_why(void)
{
    return W.why;
}

WEB_API const char *web_state_json(void)
{
    return json_of(&W.t);
}

WEB_API double web_steps(void)
{
    return (double)W.t.steps;
}

WEB_API int web_halted(void)
{
    return W.t.halted;
}

WEB_API const char *web_shadow_json(void)
{
    return json_of(&W.shadow);
}

WEB_API int web_agree(void)
{
    return emu_machine_equal(&W.t, &W.shadow, W.why, sizeof W.why);
}

WEB_API const char *web_vstate(void)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return "";
    size_t size = W.vm.engine->ctx_size, words = size / 4;
    const uint32_t *w = W.vm.ctx;
    fprintf(f, "%zu", size);
    for (size_t i = 0; i < words; i++)
        fprintf(f, "%s%08x", i % 8 ? " " : "\n", w[i]);
    fclose(f);
    return keep_text(buf);
}

WEB_API unsigned web_word(int n)
{
    return W.t.store[(unsigned)n % SSEM_WORDS];
}

WEB_API unsigned web_a(void)
{
    return W.t.a;
}

WEB_API unsigned web_ci(void)
{
    return W.t.ci;
}
