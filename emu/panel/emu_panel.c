/* emu_panel.c: the control panel's machine model: switches, keys, PI and the gated cycle, pacing, a reverse-step ring. */
#include "emu_panel.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>


void emu_panel_init(emu_panel *p, const uint32_t store[SSEM_WORDS])
{
    memset(p, 0, sizeof *p);
    emu_machine_init(&p->m, store);
    p->l_switches = EMU_PANEL_L_ALL;
    p->f_switches = EMU_PANEL_F_ALL;
    p->display = EMU_PANEL_SHOW_S;
    p->key_held = EMU_PANEL_NO_KEY;
    p->ips = EMU_PANEL_DEFAULT_IPS;
}

bool emu_panel_normal(const emu_panel *p)
{
    return !p->manual && p->l_switches == EMU_PANEL_L_ALL && p->f_switches == EMU_PANEL_F_ALL &&
           p->key_held == EMU_PANEL_NO_KEY && !p->klc_held;
}

uint32_t emu_panel_switch_word(const emu_panel *p)
{
    return ssem_word_make(p->f_switches, p->l_switches);
}

unsigned emu_panel_action_line(const emu_panel *p)
{
    if (p->manual)
        return p->l_switches & SSEM_LINE_MASK;
    return ssem_word_operand(p->pi) & p->l_switches;
}

/* What a held typewriter key does to a word on its way through. */
static uint32_t typed(const emu_panel *p, uint32_t w, int key)
{
    if (key < 0 || key >= SSEM_BITS)
        return w;   /* buttons 32..39 are not connected */
    uint32_t bit = UINT32_C(1) << key;
    return p->erase ? w & ~bit : w | bit;
}

bool emu_panel_cycle(emu_panel *p)
{
    emu_machine *m = &p->m;
    if (m->halted)
        return false;
    if (emu_panel_normal(p)) {
        /* Read PI before the step: a STO may overwrite its own line. */
        uint32_t pi = m->store[ssem_line_of(m->ci + 1)];
        emu_step(m);
        p->pi = pi;
        return true;
    }
    m->ci += 1;
    uint32_t pi = p->manual ? emu_panel_switch_word(p)
                            : m->store[ssem_line_of(m->ci) & p->l_switches];
    pi = typed(p, pi, p->key_held);
    p->pi = pi;
    /* The staticisor: a switch at 0 forces its bit of line and function to 0. */
    unsigned n = ssem_word_operand(pi) & p->l_switches;
    unsigned f = ssem_word_func(pi) & p->f_switches;
    m->steps++;
    emu_execute(m, f, n);
    m->store[n] = typed(p, m->store[n], p->key_held);
    if (p->klc_held)
        m->store[n] = 0;
    return true;
}

uint64_t emu_panel_run(emu_panel *p, uint64_t max_steps, struct emu_panel_history *h)
{
    uint64_t done = 0;
    if (!p->run)
        return 0;
    if (!h && emu_panel_normal(p)) {
        /* The common case: the reference T itself, PI read on the way. */
        emu_machine *m = &p->m;
        while (done < max_steps && !m->halted) {
            uint32_t pi = m->store[ssem_line_of(m->ci + 1)];
            emu_step(m);
            p->pi = pi;
            done++;
        }
        return done;
    }
    while (done < max_steps && !p->m.halted) {
        if (h)
            emu_panel_history_push(h, p);
        emu_panel_cycle(p);
        done++;
    }
    return done;
}

void emu_panel_set_run(emu_panel *p, bool run)
{
    p->run = run;
}

bool emu_panel_kc(emu_panel *p)
{
    if (p->run && !p->m.halted)
        return false;   /* already running: KC has nothing to complete */
    p->m.halted = false;
    return emu_panel_cycle(p);
}

void emu_panel_set_manual(emu_panel *p, bool manual)
{
    p->manual = manual;
}

void emu_panel_set_erase(emu_panel *p, bool erase)
{
    p->erase = erase;
}

void emu_panel_toggle_l(emu_panel *p, unsigned i)
{
    if (i < EMU_PANEL_L_SWITCHES)
        p->l_switches ^= (uint8_t)(1u << i);
}

void emu_panel_toggle_f(emu_panel *p, unsigned i)
{
    if (i < EMU_PANEL_F_SWITCHES)
        p->f_switches ^= (uint8_t)(1u << i);
}

void emu_panel_set_display(emu_panel *p, emu_panel_display d)
{
    p->display = d;
}

bool emu_panel_type(emu_panel *p, unsigned b)
{
    if (b >= SSEM_BITS)
        return false;
    unsigned line = emu_panel_action_line(p);
    p->m.store[line] = typed(p, p->m.store[line], (int)b);
    return true;
}

void emu_panel_hold_key(emu_panel *p, int b)
{
    p->key_held = b >= 0 && b < EMU_PANEL_BUTTONS ? b : EMU_PANEL_NO_KEY;
}

void emu_panel_hold_klc(emu_panel *p, bool held)
{
    p->klc_held = held;
}

void emu_panel_klc(emu_panel *p)
{
    p->m.store[emu_panel_action_line(p)] = 0;
}

void emu_panel_ksc(emu_panel *p)
{
    memset(p->m.store, 0, sizeof p->m.store);
}

void emu_panel_kac(emu_panel *p)
{
    p->m.a = 0;
}

void emu_panel_kcc(emu_panel *p)
{
    p->m.ci = 0;
    p->pi = 0;
    p->m.a = 0;
}

void emu_panel_load(emu_panel *p, const uint32_t store[SSEM_WORDS])
{
    emu_machine_init(&p->m, store);
    p->pi = 0;
}

uint32_t emu_panel_crt_line(const emu_panel *p, unsigned r)
{
    switch (p->display) {
    case EMU_PANEL_SHOW_S:
        return r < SSEM_WORDS ? p->m.store[r] : 0;
    case EMU_PANEL_SHOW_A:
        return r == 0 ? p->m.a : 0;
    case EMU_PANEL_SHOW_C:
        return r == 0 ? p->m.ci : r == 1 ? p->pi : 0;
    }
    return 0;
}

/* --- speed ----------------------------------------------------------------- */

void emu_panel_pace_start(emu_panel_pace *pc, double ips, double now)
{
    pc->ips = ips > 0 ? ips : 0;
    pc->t0 = now;
    pc->done = 0;
}

uint64_t emu_panel_pace_due(emu_panel_pace *pc, double now, double slice, uint64_t cap)
{
    if (pc->ips <= 0)
        return cap;
    double want = (now - pc->t0) * pc->ips - pc->done;
    double most = pc->ips * slice;
    if (most < 1)
        most = 1;
    if (want > most) {
        /* Behind (a long pause, or a rate the host cannot keep): forget the debt. */
        pc->done += want - most;
        want = most;
    }
    if (want < 1)
        return 0;
    double n = floor(want);
    if (n > (double)cap)
        n = (double)cap;
    pc->done += n;
    return (uint64_t)n;
}

double emu_panel_pace_wait(const emu_panel_pace *pc, double now)
{
    if (pc->ips <= 0)
        return 0;
    double want = (now - pc->t0) * pc->ips - pc->done;
    return want >= 1 ? 0 : (1 - want) / pc->ips;
}

/* --- history --------------------------------------------------------------- */

int emu_panel_history_init(emu_panel_history *h, size_t cap)
{
    memset(h, 0, sizeof *h);
    h->ring = calloc(cap ? cap : 1, sizeof *h->ring);
    if (!h->ring) {
        errno = ENOMEM;
        return -1;
    }
    h->cap = cap ? cap : 1;
    return 0;
}

void emu_panel_history_free(emu_panel_history *h)
{
    free(h->ring);
    memset(h, 0, sizeof *h);
}

void emu_panel_history_push(emu_panel_history *h, const emu_panel *p)
{
    h->ring[h->head] = *p;
    h->head = (h->head + 1) % h->cap;
    if (h->len < h->cap)
        h->len++;
}

bool emu_panel_history_pop(emu_panel_history *h, emu_panel *p)
{
    if (!h->len)
        return false;
    h->head = (h->head + h->cap - 1) % h->cap;
    h->len--;
    p->m = h->ring[h->head].m;
    p->pi = h->ring[h->head].pi;
    return true;
}

void emu_panel_history_clear(emu_panel_history *h)
{
    h->head = h->len = 0;
}
