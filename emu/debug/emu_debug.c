/* emu_debug.c: the debugging session: breakpoints, watchpoints, forward runs at the engine's speed, snapshots, reverse execution. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emu_debug_internal.h"
#include "ssem_isa.h"

/*
 * The history is a sorted array of snapshots (full T-states). The first is
 * the start of the history; more are taken every `interval` steps as the run
 * goes on; when MAX_SNAPS are held every other one is dropped and the
 * interval doubles, so the memory stays bounded for a run of any length
 * and going back one step re-executes at most one interval. A change to the
 * state (deposit, set) forgets every snapshot from the present step on and
 * adds a pinned one holding the changed state: a later run that reaches
 * that step from before takes the pinned state, replaying the change.
 */
enum { MAX_SNAPS = 1 << 16, FIRST_SNAPS = 64, FIRST_INTERVAL = 1024 };
/* Steps per engine call at most: how soon the interrupt flag is seen. */
#define RUN_CHUNK ((uint64_t)1 << 20)

typedef struct snap {
    emu_machine m;
    bool pinned;
} snap;

typedef struct bp_rec {
    emu_dbg_bp pub;
    char *cond_text;
    emu_dbg_expr *cond;
} bp_rec;

struct emu_dbg {
    const emu_engine *engine;
    emu_vm vm;
    bool vm_open;
    uint32_t vm_mask;          /* breaks set in the engine now */
    emu_machine cur;
    emu_dbg_info *info;
    volatile sig_atomic_t *intr;
    bp_rec *bp;
    size_t nbp, capbp;
    int next_id;
    snap *snaps;
    size_t nsnaps, capsnaps;
    uint64_t interval;
};

/* ---- engine plumbing --------------------------------------------------- */

static void vm_drop(emu_dbg *d)
{
    if (d->vm_open)
        emu_vm_close(&d->vm);
    d->vm_open = false;
}

/* V <- cur. */
static int vm_load(emu_dbg *d)
{
    vm_drop(d);
    if (emu_vm_open(&d->vm, d->engine, &d->cur) != 0)
        return -1;
    d->vm_open = true;
    d->vm_mask = 0;
    return 0;
}

static void vm_breaks(emu_dbg *d, uint32_t mask)
{
    if (d->engine->set_breaks && mask != d->vm_mask) {
        d->engine->set_breaks(d->vm.ctx, mask);
        d->vm_mask = mask;
    }
}

/* cur <- interp(V); false when V is inconsistent. */
static bool vm_sync(emu_dbg *d, emu_dbg_stop *s)
{
    if (emu_vm_state(&d->vm, &d->cur, s->why, sizeof s->why))
        return true;
    s->reason = EMU_DBG_ERROR;
    return false;
}

/* ---- snapshots ----------------------------------------------------------- */

/* The index of the last snapshot at or before step t (0 if none is). */
static size_t snap_at_or_before(const emu_dbg *d, uint64_t t)
{
    size_t lo = 0, hi = d->nsnaps;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (d->snaps[mid].m.steps <= t)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

static void thin(emu_dbg *d)
{
    size_t k = 1;
    for (size_t i = 1; i < d->nsnaps; i++)
        if (d->snaps[i].pinned || i % 2 == 0 || i == d->nsnaps - 1)
            d->snaps[k++] = d->snaps[i];
    d->nsnaps = k;
    d->interval *= 2;
    /* Pinned snapshots are never thinned: should changes alone fill the
     * array, the oldest half of the history goes. */
    if (d->nsnaps > d->capsnaps * 3 / 4) {
        size_t drop = d->nsnaps / 2;
        memmove(d->snaps, d->snaps + drop, (d->nsnaps - drop) * sizeof *d->snaps);
        d->nsnaps -= drop;
    }
}

/* Grows the array up to MAX_SNAPS (a short session stays small), then
 * thins it. Only the growth can fail: then it thins early. */
static void push_snap(emu_dbg *d, const emu_machine *m, bool pinned)
{
    if (d->nsnaps == d->capsnaps && d->capsnaps < MAX_SNAPS) {
        size_t cap = d->capsnaps * 4 < MAX_SNAPS ? d->capsnaps * 4 : MAX_SNAPS;
        snap *s = realloc(d->snaps, cap * sizeof *s);
        if (s) {
            d->snaps = s;
            d->capsnaps = cap;
        }
    }
    if (d->nsnaps == d->capsnaps)
        thin(d);
    d->snaps[d->nsnaps++] = (snap){ *m, pinned };
}

/* Forget the history from step t on (t itself included). */
static void forget_from(emu_dbg *d, uint64_t t)
{
    while (d->nsnaps > 0 && d->snaps[d->nsnaps - 1].m.steps >= t)
        d->nsnaps--;
}

/* After cur moved forwards: take the pinned state there, or a new periodic
 * snapshot past the end of the history. Returns false on a failed reload. */
static bool snap_reached(emu_dbg *d, emu_dbg_stop *s)
{
    const snap *last = &d->snaps[d->nsnaps - 1];
    if (d->cur.steps > last->m.steps) {
        if (d->cur.steps - last->m.steps >= d->interval)
            push_snap(d, &d->cur, false);
        return true;
    }
    const snap *sn = &d->snaps[snap_at_or_before(d, d->cur.steps)];
    if (sn->m.steps == d->cur.steps && sn->pinned && memcmp(&sn->m, &d->cur, sizeof d->cur) != 0) {
        d->cur = sn->m;
        if (vm_load(d) != 0) {
            s->reason = EMU_DBG_ERROR;
            snprintf(s->why, sizeof s->why, "out of memory");
            return false;
        }
    }
    return true;
}

/* How many steps from cur to the next snapshot, or to where the next
 * periodic one is due. */
static uint64_t to_next_snap(const emu_dbg *d)
{
    const snap *last = &d->snaps[d->nsnaps - 1];
    if (d->cur.steps >= last->m.steps) {
        uint64_t due = last->m.steps + d->interval;
        return due > d->cur.steps ? due - d->cur.steps : 1;
    }
    size_t i = snap_at_or_before(d, d->cur.steps);
    return d->snaps[i + 1].m.steps - d->cur.steps;
}

/* ---- opening ------------------------------------------------------------- */

emu_dbg *emu_dbg_open(const emu_machine *t, const emu_engine *e, emu_dbg_info *info)
{
    emu_dbg *d = calloc(1, sizeof *d);
    snap *snaps = malloc(FIRST_SNAPS * sizeof *snaps);
    if (!d || !snaps) {
        free(d);
        free(snaps);
        emu_dbg_info_free(info);
        return NULL;
    }
    d->snaps = snaps;
    d->capsnaps = FIRST_SNAPS;
    d->engine = e;
    d->cur = *t;
    d->info = info;
    d->next_id = 1;
    d->interval = FIRST_INTERVAL;
    push_snap(d, t, false);
    if (vm_load(d) != 0) {
        emu_dbg_close(d);
        return NULL;
    }
    return d;
}

void emu_dbg_close(emu_dbg *d)
{
    if (!d)
        return;
    vm_drop(d);
    emu_dbg_delete(d, 0);
    free(d->bp);
    free(d->snaps);
    emu_dbg_info_free(d->info);
    free(d);
}

const emu_machine *emu_dbg_state(const emu_dbg *d)
{
    return &d->cur;
}

const emu_engine *emu_dbg_engine(const emu_dbg *d)
{
    return d->engine;
}

const emu_dbg_info *emu_dbg_info_of(const emu_dbg *d)
{
    return d->info;
}

int emu_dbg_set_engine(emu_dbg *d, const emu_engine *e)
{
    const emu_engine *old = d->engine;
    d->engine = e;
    if (vm_load(d) == 0)
        return 0;
    d->engine = old;
    vm_load(d);   /* the old engine's context was just freed: best effort */
    return -1;
}

void emu_dbg_set_info(emu_dbg *d, emu_dbg_info *info)
{
    emu_dbg_info_free(d->info);
    d->info = info;
}

void emu_dbg_set_interrupt(emu_dbg *d, volatile sig_atomic_t *flag)
{
    d->intr = flag;
}

uint64_t emu_dbg_history_start(const emu_dbg *d)
{
    return d->snaps[0].m.steps;
}

size_t emu_dbg_memory(const emu_dbg *d)
{
    size_t n = sizeof *d + d->capsnaps * sizeof *d->snaps + d->capbp * sizeof *d->bp;
    for (size_t i = 0; i < d->nbp; i++)
        if (d->bp[i].cond)
            n += strlen(d->bp[i].cond_text) + 1 + emu_dbg_expr_bytes(d->bp[i].cond);
    return n;
}

/* ---- breakpoints ----------------------------------------------------------- */

static int add_bp(emu_dbg *d, emu_dbg_bp_kind kind, unsigned line, const char *cond, bool temporary, char *err,
                  size_t errlen)
{
    if (kind != EMU_DBG_UNTIL && line >= SSEM_WORDS) {
        snprintf(err, errlen, "line %u is not a store line (0..31)", line);
        return -1;
    }
    emu_dbg_expr *e = NULL;
    char *text = NULL;
    if (cond && !(e = emu_dbg_expr_parse(d->info, cond, true, err, errlen)))
        return -1;
    if (cond && !(text = strdup(cond)))
        goto nomem;
    if (d->nbp == d->capbp) {
        size_t cap = d->capbp ? d->capbp * 2 : 8;
        bp_rec *b = realloc(d->bp, cap * sizeof *b);
        if (!b)
            goto nomem;
        d->bp = b;
        d->capbp = cap;
    }
    bp_rec *b = &d->bp[d->nbp++];
    memset(b, 0, sizeof *b);
    b->pub = (emu_dbg_bp){ d->next_id++, kind, kind == EMU_DBG_UNTIL ? 0 : line, true, temporary, text, 0 };
    b->cond_text = text;
    b->cond = e;
    return b->pub.id;
nomem:
    emu_dbg_expr_free(e);
    free(text);
    snprintf(err, errlen, "out of memory");
    return -1;
}

int emu_dbg_break(emu_dbg *d, unsigned line, const char *cond, bool temporary, char *err, size_t errlen)
{
    return add_bp(d, EMU_DBG_BREAK, line, cond, temporary, err, errlen);
}

int emu_dbg_watch(emu_dbg *d, unsigned line, const char *cond, char *err, size_t errlen)
{
    return add_bp(d, EMU_DBG_WATCH, line, cond, false, err, errlen);
}

int emu_dbg_until(emu_dbg *d, const char *cond, char *err, size_t errlen)
{
    if (!cond) {
        snprintf(err, errlen, "a condition is needed");
        return -1;
    }
    return add_bp(d, EMU_DBG_UNTIL, 0, cond, false, err, errlen);
}

static void free_bp(bp_rec *b)
{
    emu_dbg_expr_free(b->cond);
    free(b->cond_text);
}

bool emu_dbg_delete(emu_dbg *d, int id)
{
    bool found = false;
    size_t k = 0;
    for (size_t i = 0; i < d->nbp; i++) {
        if (id == 0 || d->bp[i].pub.id == id) {
            free_bp(&d->bp[i]);
            found = true;
        } else {
            d->bp[k++] = d->bp[i];
        }
    }
    d->nbp = k;
    return found || id == 0;
}

bool emu_dbg_enable(emu_dbg *d, int id, bool on)
{
    bool found = id == 0;
    for (size_t i = 0; i < d->nbp; i++)
        if (id == 0 || d->bp[i].pub.id == id) {
            d->bp[i].pub.enabled = on;
            found = true;
        }
    return found;
}

int emu_dbg_condition(emu_dbg *d, int id, const char *cond, char *err, size_t errlen)
{
    for (size_t i = 0; i < d->nbp; i++) {
        bp_rec *b = &d->bp[i];
        if (b->pub.id != id)
            continue;
        emu_dbg_expr *e = NULL;
        char *text = NULL;
        if (cond && (!(e = emu_dbg_expr_parse(d->info, cond, true, err, errlen)) || !(text = strdup(cond)))) {
            if (e)
                snprintf(err, errlen, "out of memory");
            emu_dbg_expr_free(e);
            return -1;
        }
        if (!cond && b->pub.kind == EMU_DBG_UNTIL) {
            snprintf(err, errlen, "an until condition cannot be removed (delete it)");
            return -1;
        }
        free_bp(b);
        b->cond = e;
        b->cond_text = text;
        b->pub.cond = text;
        return 0;
    }
    snprintf(err, errlen, "no breakpoint number %d", id);
    return -1;
}

size_t emu_dbg_nbps(const emu_dbg *d)
{
    return d->nbp;
}

emu_dbg_bp emu_dbg_bp_at(const emu_dbg *d, size_t i)
{
    return d->bp[i].pub;
}

/* ---- the stop conditions ------------------------------------------------- */

typedef struct masks {
    uint32_t brk;     /* enabled breakpoints' lines */
    uint32_t watch;   /* enabled watchpoints' lines */
    bool until;       /* an enabled until condition: every step is looked at */
} masks;

static masks get_masks(const emu_dbg *d)
{
    masks m = { 0, 0, false };
    for (size_t i = 0; i < d->nbp; i++) {
        const emu_dbg_bp *b = &d->bp[i].pub;
        if (!b->enabled)
            continue;
        if (b->kind == EMU_DBG_BREAK)
            m.brk |= 1u << b->line;
        else if (b->kind == EMU_DBG_WATCH)
            m.watch |= 1u << b->line;
        else
            m.until = true;
    }
    return m;
}

/* The lines holding a STO: with a watchpoint set the engine stops before
 * each, and only those are single-stepped. Only a STO changes the store,
 * so this set holds until the next STO runs. */
static uint32_t sto_lines(const emu_machine *m)
{
    uint32_t mask = 0;
    for (unsigned n = 0; n < SSEM_WORDS; n++)
        if (ssem_word_func(m->store[n]) == SSEM_STO)
            mask |= 1u << n;
    return mask;
}

/* The first enabled breakpoint of `kind` on `line` (any line for UNTIL)
 * whose condition holds in state m; -1 none. A condition that cannot be
 * evaluated (division by zero) counts as true, so the user sees it. */
static int first_hit(const emu_dbg *d, emu_dbg_bp_kind kind, unsigned line, const emu_machine *m)
{
    for (size_t i = 0; i < d->nbp; i++) {
        const bp_rec *b = &d->bp[i];
        if (!b->pub.enabled || b->pub.kind != kind || (kind != EMU_DBG_UNTIL && b->pub.line != line))
            continue;
        int64_t v = 1;
        if (b->cond)
            emu_dbg_expr_eval(b->cond, m, &v, NULL, 0);
        if (v)
            return (int)i;
    }
    return -1;
}

/* Count a forward hit, and delete a tbreak that fired. */
static void fired(emu_dbg *d, int i, emu_dbg_stop *s)
{
    s->bp = d->bp[i].pub.id;
    d->bp[i].pub.hits++;
    if (d->bp[i].pub.temporary)
        emu_dbg_delete(d, s->bp);
}

/* ---- running forwards ---------------------------------------------------- */

typedef enum fwd_mode { FWD_STOPS, FWD_PLAIN } fwd_mode;

static bool interrupted(const emu_dbg *d)
{
    return d->intr && *d->intr;
}

/*
 * The one forward loop: at most `limit` steps from cur. In FWD_STOPS mode
 * breakpoints (not at the present line before the first step), watchpoints
 * and until conditions stop it; FWD_PLAIN only STP and the interrupt do.
 * Between stops the engine runs flat out, with the breakpoint lines (and,
 * when a watchpoint is set, the STO lines) set in its V-state; an engine
 * without set_breaks is single-stepped while any of those is set.
 */
static emu_dbg_stop forward(emu_dbg *d, uint64_t limit, fwd_mode mode, emu_dbg_reason done)
{
    emu_dbg_stop s;
    memset(&s, 0, sizeof s);
    masks mk = mode == FWD_STOPS ? get_masks(d) : (masks){ 0, 0, false };
    uint32_t stos = mk.watch ? sto_lines(&d->cur) : 0;
    bool first = true;
    for (;;) {
        if (d->cur.halted) {
            s.reason = EMU_DBG_HALTED;
            break;
        }
        if (s.ran == limit) {
            s.reason = done;
            break;
        }
        if (interrupted(d)) {
            s.reason = EMU_DBG_INTERRUPTED;
            break;
        }
        unsigned next = ssem_line_of(d->cur.ci + 1);
        if (!first && (mk.brk >> next & 1)) {
            int i = first_hit(d, EMU_DBG_BREAK, next, &d->cur);
            if (i >= 0) {
                s.reason = EMU_DBG_BREAKPOINT;
                s.line = next;
                fired(d, i, &s);
                break;
            }
        }
        first = false;
        uint32_t mask = mk.brk | stos;
        bool single = mk.until || (mask >> next & 1) || (mask && !d->engine->set_breaks);
        uint64_t n = limit - s.ran, gap = to_next_snap(d);
        if (n > gap)
            n = gap;
        if (n > RUN_CHUNK)
            n = RUN_CHUNK;
        if (single)
            n = 1;
        emu_machine before = d->cur;
        vm_breaks(d, single ? 0 : mask);
        emu_vm_run(&d->vm, n);
        if (!vm_sync(d, &s))
            break;
        uint64_t moved = d->cur.steps - before.steps;
        s.ran += moved;
        /* No step, no STP, and no breakpoint where it stopped: the engine
         * would make the core spin. */
        if (moved == 0 && !d->cur.halted && (single || !(mask >> ssem_line_of(d->cur.ci + 1) & 1))) {
            s.reason = EMU_DBG_ERROR;
            snprintf(s.why, sizeof s.why, "engine '%s' made no step", d->engine->name);
            break;
        }
        if (!snap_reached(d, &s))
            break;
        if (single && moved == 1) {
            uint32_t w = before.store[next];
            if (ssem_word_func(w) == SSEM_STO) {
                unsigned to = ssem_word_operand(w);
                if (mk.watch >> to & 1) {
                    int i = first_hit(d, EMU_DBG_WATCH, to, &d->cur);
                    if (i >= 0) {
                        s.reason = EMU_DBG_WATCHPOINT;
                        s.line = to;
                        s.old_word = before.store[to];
                        s.new_word = d->cur.store[to];
                        fired(d, i, &s);
                        break;
                    }
                }
                if (mk.watch)
                    stos = sto_lines(&d->cur);
            }
            if (mk.until) {
                int i = first_hit(d, EMU_DBG_UNTIL, 0, &d->cur);
                if (i >= 0) {
                    s.reason = EMU_DBG_CONDITION;
                    fired(d, i, &s);
                    break;
                }
            }
        }
    }
    vm_breaks(d, 0);
    return s;
}

emu_dbg_stop emu_dbg_continue(emu_dbg *d, uint64_t max_steps)
{
    return forward(d, max_steps, FWD_STOPS, EMU_DBG_LIMIT);
}

emu_dbg_stop emu_dbg_step(emu_dbg *d, uint64_t n)
{
    emu_dbg_stop s = forward(d, n, FWD_STOPS, EMU_DBG_STEPPED);
    if (n == 0)
        s.reason = EMU_DBG_NONE;
    return s;
}

/* ---- going anywhere -------------------------------------------------------- */

/* cur <- the state after exactly t steps (t in the history, or ahead of it:
 * then by running forwards). */
static emu_dbg_stop seek(emu_dbg *d, uint64_t t)
{
    emu_dbg_stop s;
    memset(&s, 0, sizeof s);
    uint64_t from = d->cur.steps;
    if (t < d->snaps[0].m.steps)
        t = d->snaps[0].m.steps;
    size_t k = snap_at_or_before(d, t);
    /* Restart from the snapshot unless the present state is nearer. */
    if (!(d->cur.steps <= t && d->cur.steps >= d->snaps[k].m.steps)) {
        d->cur = d->snaps[k].m;
        if (vm_load(d) != 0) {
            s.reason = EMU_DBG_ERROR;
            snprintf(s.why, sizeof s.why, "out of memory");
            return s;
        }
    }
    if (t > d->cur.steps) {
        s = forward(d, t - d->cur.steps, FWD_PLAIN, EMU_DBG_ARRIVED);
    } else {
        s.reason = EMU_DBG_ARRIVED;
    }
    s.ran = d->cur.steps > from ? d->cur.steps - from : from - d->cur.steps;
    return s;
}

emu_dbg_stop emu_dbg_goto(emu_dbg *d, uint64_t step)
{
    emu_dbg_stop s = seek(d, step);
    if (s.reason == EMU_DBG_ARRIVED && step < d->snaps[0].m.steps)
        s.reason = EMU_DBG_START;
    return s;
}

emu_dbg_stop emu_dbg_reverse_step(emu_dbg *d, uint64_t n)
{
    uint64_t start = d->snaps[0].m.steps;
    bool clipped = d->cur.steps - start < n;
    emu_dbg_stop s = seek(d, clipped ? start : d->cur.steps - n);
    if (s.reason == EMU_DBG_ARRIVED)
        s.reason = clipped ? EMU_DBG_START : EMU_DBG_STEPPED;
    return s;
}

emu_dbg_stop emu_dbg_run(emu_dbg *d, uint64_t max_steps)
{
    emu_dbg_stop s = seek(d, d->snaps[0].m.steps);
    if (s.reason != EMU_DBG_ARRIVED)
        return s;
    /* A breakpoint on the first line stops a run before anything runs. */
    unsigned next = ssem_line_of(d->cur.ci + 1);
    int i = d->cur.halted ? -1 : first_hit(d, EMU_DBG_BREAK, next, &d->cur);
    if (i >= 0) {
        memset(&s, 0, sizeof s);
        s.reason = EMU_DBG_BREAKPOINT;
        s.line = next;
        fired(d, i, &s);
        return s;
    }
    return emu_dbg_continue(d, max_steps);
}

/*
 * Backwards: each interval of the history, newest first, is re-executed on
 * the reference machine (a T-state copy, no engine) looking for the last
 * point where a forward run would have stopped.
 */
emu_dbg_stop emu_dbg_reverse_continue(emu_dbg *d)
{
    emu_dbg_stop s;
    memset(&s, 0, sizeof s);
    uint64_t from = d->cur.steps;
    masks mk = get_masks(d);
    size_t k = snap_at_or_before(d, from);
    if (!mk.brk && !mk.watch && !mk.until)
        k = 0;   /* nothing can stop it: straight to the start */
    if (k > 0 && d->snaps[k].m.steps == from)
        k--;
    for (; mk.brk || mk.watch || mk.until; k--) {
        if (interrupted(d)) {
            s = seek(d, d->snaps[k].m.steps);
            s.reason = EMU_DBG_INTERRUPTED;
            s.ran = from - d->cur.steps;
            return s;
        }
        emu_machine m = d->snaps[k].m;
        uint64_t end = k + 1 < d->nsnaps ? d->snaps[k + 1].m.steps : from;
        if (end > from)
            end = from;
        emu_dbg_stop hit;
        memset(&hit, 0, sizeof hit);
        uint64_t hit_at = 0;
        for (;;) {
            unsigned next = ssem_line_of(m.ci + 1);
            int i;
            if (m.steps < from && (mk.brk >> next & 1) && !m.halted &&
                (i = first_hit(d, EMU_DBG_BREAK, next, &m)) >= 0) {
                hit = (emu_dbg_stop){ .reason = EMU_DBG_BREAKPOINT, .bp = d->bp[i].pub.id, .line = next };
                hit_at = m.steps;
            }
            if (m.steps >= end || m.halted)
                break;
            emu_machine before = m;
            emu_step(&m);
            uint32_t w = before.store[next];
            if (m.steps >= from)
                break;
            if ((mk.watch >> ssem_word_operand(w) & 1) && ssem_word_func(w) == SSEM_STO &&
                (i = first_hit(d, EMU_DBG_WATCH, ssem_word_operand(w), &m)) >= 0) {
                unsigned to = ssem_word_operand(w);
                hit = (emu_dbg_stop){ .reason = EMU_DBG_WATCHPOINT, .bp = d->bp[i].pub.id, .line = to,
                                      .old_word = before.store[to], .new_word = m.store[to] };
                hit_at = m.steps;
            }
            if (mk.until && (i = first_hit(d, EMU_DBG_UNTIL, 0, &m)) >= 0) {
                hit = (emu_dbg_stop){ .reason = EMU_DBG_CONDITION, .bp = d->bp[i].pub.id };
                hit_at = m.steps;
            }
        }
        if (hit.reason != EMU_DBG_NONE) {
            s = seek(d, hit_at);
            if (s.reason != EMU_DBG_ARRIVED)
                return s;
            hit.ran = from - d->cur.steps;
            return hit;
        }
        if (k == 0)
            break;
    }
    s = seek(d, d->snaps[0].m.steps);
    if (s.reason == EMU_DBG_ARRIVED)
        s.reason = EMU_DBG_START;
    return s;
}

/* ---- changes --------------------------------------------------------------- */

static int changed(emu_dbg *d)
{
    forget_from(d, d->cur.steps);
    push_snap(d, &d->cur, true);
    return vm_load(d);
}

int emu_dbg_deposit(emu_dbg *d, unsigned line, uint32_t word)
{
    if (line >= SSEM_WORDS)
        return -1;
    d->cur.store[line] = word;
    return changed(d);
}

int emu_dbg_set_a(emu_dbg *d, uint32_t a)
{
    d->cur.a = a;
    return changed(d);
}

int emu_dbg_set_ci(emu_dbg *d, uint32_t ci)
{
    /* Setting CI is how an operator restarts a stopped machine. */
    d->cur.ci = ci;
    d->cur.halted = false;
    return changed(d);
}

/* ---- history --------------------------------------------------------------- */

void emu_dbg_event_of(const emu_machine *before, const emu_machine *after, emu_dbg_event *ev)
{
    memset(ev, 0, sizeof *ev);
    ev->step = after->steps;
    ev->ci = before->ci + 1;
    ev->line = ssem_line_of(ev->ci);
    ev->word = before->store[ev->line];
    ev->a = after->a;
    ev->halted = after->halted;
    if (ssem_word_func(ev->word) == SSEM_STO) {
        ev->stored = true;
        ev->stored_line = ssem_word_operand(ev->word);
        ev->stored_value = after->store[ev->stored_line];
    }
}

size_t emu_dbg_history(emu_dbg *d, size_t n, emu_dbg_event *out)
{
    uint64_t now = d->cur.steps, start = d->snaps[0].m.steps;
    uint64_t from = now - start < n ? start : now - n;
    size_t k = snap_at_or_before(d, from);
    emu_machine m = d->snaps[k].m;
    size_t count = 0;
    while (m.steps < now && !m.halted) {
        emu_machine before = m;
        emu_step(&m);
        /* A change made at this step replaces what the step computed. */
        if (k + 1 < d->nsnaps && d->snaps[k + 1].m.steps == m.steps) {
            k++;
            if (d->snaps[k].pinned)
                m = d->snaps[k].m;
        }
        if (m.steps > from && count < n)
            emu_dbg_event_of(&before, &m, &out[count++]);
    }
    return count;
}
