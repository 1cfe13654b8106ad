/* emu_cycle.c: Brent's cycle detection over T-state snapshots, and the exact period and first step found by replay. */
#include "emu_cycle.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/* Equal T-states: the step count and the halt flag are not the machine's
 * state, only how far it got. */
static bool same_state(const emu_machine *x, const emu_machine *y)
{
    return x->a == y->a && x->ci == y->ci && memcmp(x->store, y->store, sizeof x->store) == 0;
}

void emu_cycle_init(emu_cycle *c, const emu_machine *start, uint64_t stride)
{
    memset(c, 0, sizeof *c);
    c->start = *start;
    c->saved = *start;
    c->stride = stride ? stride : 1;
    c->next = start->steps + c->stride;
    c->power = 1;
}

uint64_t emu_cycle_due(const emu_cycle *c, const emu_machine *m)
{
    return c->next > m->steps ? c->next - m->steps : 0;
}

bool emu_cycle_observe(emu_cycle *c, const emu_machine *m)
{
    if (c->found || m->halted || m->steps != c->next)
        return c->found;
    c->next += c->stride;
    c->lam++;
    if (same_state(m, &c->saved)) {
        c->found = true;
        c->repeat = m->steps - c->saved.steps;
        c->saved = *m;   /* a state on the cycle */
        return true;
    }
    if (c->lam == c->power) {
        c->saved = *m;
        c->power *= 2;
        c->lam = 0;
    }
    return false;
}

/* Brent's algorithm one step at a time from x, within budget steps: a state
 * on the cycle into *on and the exact period, or false. */
static bool brent_steps(const emu_machine *x, uint64_t budget, emu_machine *on, uint64_t *period)
{
    emu_machine tort = *x, hare = *x;
    uint64_t power = 1, lam = 0;
    for (uint64_t n = 0; n < budget; n++) {
        if (!emu_step(&hare))
            return false;
        lam++;
        if (same_state(&tort, &hare)) {
            *on = hare;
            *period = lam;
            return true;
        }
        if (lam == power) {
            tort = hare;
            power *= 2;
            lam = 0;
        }
    }
    return false;
}

/* The smallest period, given a state on the cycle and a multiple of it. */
static uint64_t smallest_period(const emu_machine *on, uint64_t multiple, uint64_t budget, bool *exact)
{
    emu_machine m = *on;
    uint64_t limit = multiple < budget ? multiple : budget;
    for (uint64_t k = 1; k <= limit; k++) {
        emu_step(&m);
        if (same_state(&m, on))
            return k;
    }
    *exact = false;
    return multiple;
}

bool emu_cycle_explain(const emu_cycle *c, const emu_machine *end, uint64_t budget, emu_cycle_report *r)
{
    memset(r, 0, sizeof *r);
    r->exact = true;
    emu_machine on;
    uint64_t period;
    if (c->found) {
        on = c->saved;
        period = smallest_period(&on, c->repeat, budget, &r->exact);
    } else if (end->halted || !brent_steps(end, budget, &on, &period)) {
        return false;
    }
    /* The first step: walk from the start with a second machine K steps
     * ahead until the two meet. Beyond the budget, the step where the
     * cycle was seen is still a true (later) answer. */
    emu_machine a = c->start, b = c->start;
    uint64_t spent = 0;
    for (uint64_t k = 0; k < period && spent < budget; k++, spent++)
        emu_step(&b);
    while (spent < budget && !same_state(&a, &b)) {
        emu_step(&a);
        emu_step(&b);
        spent += 2;
    }
    if (spent < budget || same_state(&a, &b)) {
        r->since = a.steps;
        r->line = (a.ci + 1) % SSEM_WORDS;
    } else {
        r->since = on.steps;
        r->line = (on.ci + 1) % SSEM_WORDS;
        r->exact = false;
    }
    r->period = period;
    return true;
}

void emu_cycle_note(const emu_cycle_report *r, char *buf, size_t len)
{
    snprintf(buf, len, "the state repeats every %" PRIu64 " step%s since step %" PRIu64 " (line %u): "
             "this program never halts", r->period, r->period == 1 ? "" : "s", r->since, r->line);
}
