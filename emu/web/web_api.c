/* web_api.c: the small API the page calls: the panel model and a debugging session on one machine, the lecture's T and V beside it. */
#include "web_api.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "asm.h"
#include "emu.h"
#include "emu_debug.h"
#include "emu_dump.h"
#include "emu_panel.h"

/*
 * The page has one machine, seen through two models that the glue keeps in
 * step:
 *  - the debugging session (emu_debug.h) runs the chosen engine and holds
 *    the breakpoints and the history for reverse step;
 *  - the panel (emu_panel.h) holds what the operator sees and touches: PI,
 *    the switches, the keys, the lamp, the speed.
 * While every switch is in its normal-run position the session runs the
 * machine and the panel's T-state is copied from it (PI is the word of the
 * last step in the session's history). Off normal (MANUAL, a gated switch,
 * a key held) the panel model cycles the machine itself, and what it did
 * reaches the session as an edit (deposit, set A, set CI), as do the
 * typewriter and the clear keys; the session's step count does not include
 * those cycles, so the glue adds them (`offnormal`).
 *
 * The lecture's view follows the same run with the reference T (emu_step)
 * and a second context of the chosen engine (V, seen raw and through
 * interp); whenever the machine moves other than forwards in the normal-run
 * position both are loaded again from the session's state.
 */
static struct {
    emu_panel p;
    emu_dbg *d;
    const emu_engine *engine;
    asm_program *prog;          /* the last program that assembled */
    char *src;                  /* its source text */
    uint32_t image[SSEM_WORDS];
    uint64_t offnormal;         /* cycles the panel model ran itself */
    bool lamp_kept;             /* lamp lit by a panel cycle, unknown to the session */
    emu_panel_pace pace;
    emu_dbg_stop last;          /* why the last run or step ended */
    uint32_t breaks;            /* lines holding a breakpoint ... */
    int bp_id[SSEM_WORDS];      /* ... and its id in the session */
    emu_vm lv;                  /* the lecture's V */
    emu_machine shadow;         /* the lecture's T */
    bool lecture_stale;
    char *diag;                 /* the last assembly's diagnostics */
    char *text;                 /* the last text answer */
    char why[256];
} W;

/* --- text answers ------------------------------------------------------------ */

static const char *keep_text(char *buf)
{
    free(W.text);
    W.text = buf;
    return buf ? buf : "";
}

static const char *printed(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static const char *printed(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *buf = NULL;
    if (vasprintf(&buf, fmt, ap) < 0)
        buf = NULL;
    va_end(ap);
    return keep_text(buf);
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

/* --- keeping the two models in step ------------------------------------------ */

/* The panel's T-state and PI from the session. */
static void pull(void)
{
    const emu_machine *m = emu_dbg_state(W.d);
    W.p.m = *m;
    W.p.m.steps += W.offnormal;
    W.p.m.halted = m->halted || W.lamp_kept;
    emu_dbg_event ev;
    if (emu_dbg_history(W.d, 1, &ev) == 1)
        W.p.pi = ev.word;
}

/* What the panel did to its T-state, into the session as edits. */
static void push(void)
{
    const emu_machine *m = emu_dbg_state(W.d);
    for (unsigned n = 0; n < SSEM_WORDS; n++)
        if (m->store[n] != W.p.m.store[n])
            emu_dbg_deposit(W.d, n, W.p.m.store[n]);
    if (m->a != W.p.m.a)
        emu_dbg_set_a(W.d, W.p.m.a);
    if (m->ci != W.p.m.ci || (m->halted && !W.p.m.halted))
        emu_dbg_set_ci(W.d, W.p.m.ci);   /* also puts the session's lamp out */
    W.lamp_kept = W.p.m.halted && !emu_dbg_state(W.d)->halted;
    W.lecture_stale = true;
}

static void lecture_load(void)
{
    const emu_machine *m = emu_dbg_state(W.d);
    if (W.lv.engine)
        emu_vm_close(&W.lv);
    if (emu_vm_open(&W.lv, W.engine, m) != 0)
        W.lv.engine = NULL;
    W.shadow = *m;
    W.lecture_stale = false;
}

/* The lecture's T and V follow a forward run of `ran` steps. */
static void lecture_follow(uint64_t ran)
{
    if (W.lecture_stale || !W.lv.engine) {
        lecture_load();
        return;
    }
    emu_vm_run(&W.lv, ran);
    for (uint64_t i = 0; i < ran && emu_step(&W.shadow); i++)
        ;
}

static void set_breaks(void)
{
    for (unsigned n = 0; n < SSEM_WORDS; n++)
        if (W.breaks >> n & 1) {
            char err[128];
            W.bp_id[n] = emu_dbg_break(W.d, n, NULL, false, err, sizeof err);
        }
}

/* A new session on the image, CI = A = 0; the switches stay as they are. */
static int open_session(void)
{
    emu_machine m;
    emu_machine_init(&m, W.image);
    emu_dbg_info *info = NULL;
    if (W.prog) {
        info = emu_dbg_info_from_program(W.prog);
        if (info && W.src)
            emu_dbg_info_set_source(info, W.src, strlen(W.src));
    }
    emu_dbg *d = emu_dbg_open(&m, W.engine, info);
    if (!d)
        return -1;
    if (W.d)
        emu_dbg_close(W.d);
    W.d = d;
    W.offnormal = 0;
    W.lamp_kept = false;
    memset(&W.last, 0, sizeof W.last);
    set_breaks();
    emu_panel_load(&W.p, W.image);
    pull();
    lecture_load();
    return 0;
}

/* At most n cycles: the session's engine in the normal-run position, the
 * panel model otherwise. Stops at STP and (normal) at breakpoints. */
static uint64_t go(uint64_t n)
{
    memset(&W.last, 0, sizeof W.last);
    if (W.p.m.halted) {
        W.last.reason = EMU_DBG_HALTED;
        return 0;
    }
    if (emu_panel_normal(&W.p)) {
        W.last = emu_dbg_step(W.d, n);
        pull();
        if (W.last.reason != EMU_DBG_ERROR && W.last.ran)
            lecture_follow(W.last.ran);
        return W.last.ran;
    }
    uint64_t ran = 0;
    while (ran < n && emu_panel_cycle(&W.p))
        ran++;
    W.offnormal += ran;
    push();
    W.last.reason = W.p.m.halted ? EMU_DBG_HALTED : n ? EMU_DBG_STEPPED : EMU_DBG_NONE;
    W.last.ran = ran;
    return ran;
}

/* --- the API ------------------------------------------------------------------ */

WEB_API int web_init(void)
{
    size_t n;
    emu_engine_list(&n);
    if (n != web_engine_count)
        return -1;
    if (!W.d) {
        emu_panel_init(&W.p, NULL);
        W.engine = emu_engine_find(WEB_DEFAULT_ENGINE);
        if (!W.engine)
            W.engine = &emu_engine_reference;
        if (open_session() != 0)
            return -1;
        emu_panel_pace_start(&W.pace, W.p.ips, 0);
    }
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

WEB_API const char *web_engine(void)
{
    return W.engine->name;
}

WEB_API const char *web_engine_summary(void)
{
    return W.engine->summary ? W.engine->summary : "";
}

WEB_API int web_set_engine(const char *name)
{
    const emu_engine *e = emu_engine_find(name);
    if (!e || emu_dbg_set_engine(W.d, e) != 0)
        return -1;
    W.engine = e;
    lecture_load();
    return 0;
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
    fclose(f);
    free(W.diag);
    W.diag = buf;
    if (!p)
        return d.errors ? d.errors : 1;
    if (W.prog)
        asm_program_free(W.prog);
    W.prog = p;
    free(W.src);
    W.src = strdup(src);
    ssem_image img;
    asm_program_image(p, &img);
    memcpy(W.image, img.word, sizeof W.image);
    W.breaks = 0;
    return open_session() == 0 ? 0 : 1;
}

WEB_API const char *web_diagnostics(void)
{
    return W.diag ? W.diag : "";
}

WEB_API int web_reset(void)
{
    return open_session();
}

WEB_API double web_run(double max_steps)
{
    uint64_t n = max_steps <= 0 ? 0 : max_steps >= 1.8e19 ? UINT64_MAX : (uint64_t)max_steps;
    uint64_t ran = go(n);
    if (W.last.reason == EMU_DBG_ERROR) {
        snprintf(W.why, sizeof W.why, "%s", W.last.why);
        return -1;
    }
    return (double)ran;
}

WEB_API const char *web_reason(void)
{
    return emu_dbg_reason_name(W.last.reason);
}

WEB_API const char *web_why(void)
{
    return W.why;
}

WEB_API void web_set_run(int on, double now)
{
    emu_panel_set_run(&W.p, on != 0);
    emu_panel_pace_start(&W.pace, W.p.ips, now);
}

WEB_API double web_tick(double now, double cap)
{
    if (!W.p.run || W.p.m.halted)
        return 0;
    uint64_t due = emu_panel_pace_due(&W.pace, now, 0.1, cap < 1 ? 1 : (uint64_t)cap);
    double ran = web_run((double)due);
    /* A breakpoint stops the machine as the STOP switch would. */
    if (W.last.reason == EMU_DBG_BREAKPOINT || W.last.reason == EMU_DBG_ERROR)
        emu_panel_set_run(&W.p, false);
    return ran;
}

WEB_API int web_kc(void)
{
    if (W.p.run)
        return 0;
    if (W.p.m.halted) {   /* KC steps past an STP: the lamp goes out first */
        W.p.m.halted = false;
        push();
        pull();
    }
    return go(1) == 1;
}

WEB_API double web_step(double n)
{
    emu_panel_set_run(&W.p, false);
    return web_run(n);
}

WEB_API double web_back(double n)
{
    emu_panel_set_run(&W.p, false);
    W.last = emu_dbg_reverse_step(W.d, n <= 0 ? 0 : (uint64_t)n);
    W.lamp_kept = false;
    pull();
    W.lecture_stale = true;
    return (double)W.last.ran;
}

WEB_API int web_break(int line)
{
    unsigned n = (unsigned)line % SSEM_WORDS;
    if (W.breaks >> n & 1) {
        emu_dbg_delete(W.d, W.bp_id[n]);
        W.breaks &= ~(UINT32_C(1) << n);
        return 0;
    }
    char err[128];
    int id = emu_dbg_break(W.d, n, NULL, false, err, sizeof err);
    if (id < 0)
        return -1;
    W.bp_id[n] = id;
    W.breaks |= UINT32_C(1) << n;
    return 1;
}

WEB_API unsigned web_breaks(void)
{
    return W.breaks;
}

WEB_API int web_src_line(int store_line)
{
    const emu_dbg_info *info = emu_dbg_info_of(W.d);
    return info ? emu_dbg_info_line_of(info, (unsigned)store_line % SSEM_WORDS) : 0;
}

WEB_API int web_store_line(int src_line)
{
    const emu_dbg_info *info = emu_dbg_info_of(W.d);
    return info ? emu_dbg_info_store_line(info, src_line) : -1;
}

WEB_API const char *web_where(void)
{
    char buf[256];
    emu_dbg_describe_word(W.d, ssem_line_of(W.p.m.ci + 1), buf, sizeof buf);
    return printed("next: %s", buf);
}

/* --- the panel's controls ---------------------------------------------------- */

WEB_API void web_toggle_l(int i)
{
    emu_panel_toggle_l(&W.p, (unsigned)i);
}

WEB_API void web_toggle_f(int i)
{
    emu_panel_toggle_f(&W.p, (unsigned)i);
}

WEB_API void web_set_manual(int on)
{
    emu_panel_set_manual(&W.p, on != 0);
}

WEB_API void web_set_erase(int on)
{
    emu_panel_set_erase(&W.p, on != 0);
}

WEB_API void web_set_display(int d)
{
    if (d >= EMU_PANEL_SHOW_S && d <= EMU_PANEL_SHOW_C)
        emu_panel_set_display(&W.p, (emu_panel_display)d);
}

WEB_API int web_type(int b)
{
    if (b < 0 || !emu_panel_type(&W.p, (unsigned)b))
        return 0;
    push();
    return 1;
}

WEB_API void web_hold_key(int b)
{
    emu_panel_hold_key(&W.p, b);
}

WEB_API void web_clear(int key)
{
    static void (*const keys[])(emu_panel *) = { emu_panel_klc, emu_panel_ksc, emu_panel_kac, emu_panel_kcc };
    if (key < 0 || key >= (int)(sizeof keys / sizeof keys[0]))
        return;
    keys[key](&W.p);
    push();
}

WEB_API void web_set_speed(double ips, double now)
{
    W.p.ips = ips > 0 ? ips : 0;
    emu_panel_pace_start(&W.pace, W.p.ips, now);
}

WEB_API const char *web_panel_json(void)
{
    const emu_panel *p = &W.p;
    return printed("{\"run\": %s, \"manual\": %s, \"erase\": %s, \"l\": %u, \"f\": %u, \"display\": %d, "
                   "\"lamp\": %s, \"pi\": %u, \"ci\": %u, \"a\": %u, \"action\": %u, \"key\": %d, "
                   "\"steps\": %llu, \"ips\": %g, \"normal\": %s}",
                   p->run ? "true" : "false", p->manual ? "true" : "false", p->erase ? "true" : "false",
                   p->l_switches, p->f_switches, (int)p->display, p->m.halted ? "true" : "false", p->pi,
                   p->m.ci, p->m.a, emu_panel_action_line(p), p->key_held,
                   (unsigned long long)p->m.steps, p->ips, emu_panel_normal(p) ? "true" : "false");
}

WEB_API unsigned web_crt_line(int r)
{
    return emu_panel_crt_line(&W.p, (unsigned)r % SSEM_WORDS);
}

/* --- the state ------------------------------------------------------------------ */

WEB_API const char *web_state_json(void)
{
    return json_of(&W.p.m);
}

/* --- the lecture's view ------------------------------------------------------------ */

/* The lecture's V through interp into t, loading T and V again first when
 * the machine moved other than forwards. */
static bool lecture_interp(emu_machine *t)
{
    if (W.lecture_stale)
        lecture_load();
    return W.lv.engine && emu_vm_state(&W.lv, t, W.why, sizeof W.why);
}

WEB_API const char *web_shadow_json(void)
{
    if (W.lecture_stale)
        lecture_load();
    return json_of(&W.shadow);
}

WEB_API const char *web_interp_json(void)
{
    emu_machine t;
    return lecture_interp(&t) ? json_of(&t) : "{}";
}

WEB_API int web_agree(void)
{
    emu_machine t;
    return lecture_interp(&t) && emu_machine_equal(&t, &W.shadow, W.why, sizeof W.why);
}

WEB_API const char *web_vstate(void)
{
    if (W.lecture_stale)
        lecture_load();
    if (!W.lv.engine)
        return "0";
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return "";
    size_t size = W.lv.engine->ctx_size, words = size / 4;
    const uint32_t *w = W.lv.ctx;
    fprintf(f, "%zu", size);
    for (size_t i = 0; i < words; i++)
        fprintf(f, "%s%08x", i % 8 ? " " : "\n", w[i]);
    fclose(f);
    return keep_text(buf);
}
