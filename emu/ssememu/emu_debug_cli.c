/* emu_debug_cli.c: ssememu's debugging options without the console (--break, --until, --history, --check) and finding a file's debug info. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "emu_debug_cli.h"
#include "ssem_io.h"

#define CHECK_CHUNK ((uint64_t)1 << 20)

emu_dbg_info *emu_cli_source_info(const asm_program *p, const char *text, size_t len)
{
    emu_dbg_info *info = emu_dbg_info_from_program(p);
    if (info && emu_dbg_info_set_source(info, text, len) != 0) {
        emu_dbg_info_free(info);
        return NULL;
    }
    return info;
}

static char *read_quietly(const char *path, size_t *len)
{
    ssem_diag d;
    ssem_diag_init(&d, NULL);
    char *data;
    return access(path, R_OK) == 0 && ssem_read_file(path, &data, len, &d) == 0 ? data : NULL;
}

emu_dbg_info *emu_cli_image_info(const char *image)
{
    char *sym = asm_symbols_path(image);
    size_t len;
    char *text = sym && strcmp(image, "-") != 0 ? read_quietly(sym, &len) : NULL;
    if (!text) {
        free(sym);
        return NULL;
    }
    char err[200];
    emu_dbg_info *info = emu_dbg_info_parse(text, len, err, sizeof err);
    free(text);
    if (!info) {
        fprintf(stderr, "ssememu: %s:%s (symbol file ignored)\n", sym, err);
        free(sym);
        return NULL;
    }
    /* The source named there as it was given to ssemasm, else beside the
     * symbol file. */
    const char *file = emu_dbg_info_file(info);
    if (file) {
        text = read_quietly(file, &len);
        const char *slash = strrchr(sym, '/'), *base = strrchr(file, '/');
        if (!text && slash) {
            char *near = NULL;
            if (asprintf(&near, "%.*s/%s", (int)(slash - sym), sym, base ? base + 1 : file) >= 0) {
                text = read_quietly(near, &len);
                free(near);
            }
        }
        if (text)
            emu_dbg_info_set_source(info, text, len);
        free(text);
    }
    free(sym);
    return info;
}

bool emu_cli_has_stops(const emu_cli_stops *st)
{
    return st->nbreaks || st->until || st->history;
}

int emu_cli_run_stops(const emu_engine *e, emu_machine *m, emu_dbg_info *info, const emu_cli_stops *st,
                      uint64_t max_steps, volatile sig_atomic_t *intr, bool *stopped)
{
    *stopped = false;
    emu_dbg *d = emu_dbg_open(m, e, info);
    if (!d) {
        fprintf(stderr, "ssememu: out of memory\n");
        return 1;
    }
    emu_dbg_set_interrupt(d, intr);
    char err[300];
    for (size_t i = 0; i < st->nbreaks; i++) {
        unsigned line;
        if (emu_dbg_loc(d, st->breaks[i], &line, err, sizeof err) != 0 ||
            emu_dbg_break(d, line, NULL, false, err, sizeof err) < 0) {
            fprintf(stderr, "ssememu: error: --break: %s\n", err);
            emu_dbg_close(d);
            return 2;
        }
    }
    if (st->until && emu_dbg_until(d, st->until, err, sizeof err) < 0) {
        fprintf(stderr, "ssememu: error: --until: bad condition '%s': %s\n", st->until, err);
        emu_dbg_close(d);
        return 2;
    }
    emu_dbg_stop s = emu_dbg_continue(d, max_steps);
    *m = *emu_dbg_state(d);
    int rc = 0;
    if (s.reason == EMU_DBG_ERROR) {
        fprintf(stderr, "ssememu: internal error: %s\n", s.why);
        rc = 1;
    } else if (s.reason == EMU_DBG_BREAKPOINT || s.reason == EMU_DBG_CONDITION) {
        char buf[512];
        emu_dbg_describe_stop(d, &s, buf, sizeof buf);
        fprintf(stderr, "ssememu: %s\n", buf);
        *stopped = true;
    }
    if (st->history) {
        emu_dbg_event *ev = malloc(st->history * sizeof *ev);
        size_t n = ev ? emu_dbg_history(d, st->history, ev) : 0;
        for (size_t i = 0; i < n; i++) {
            char buf[400];
            emu_dbg_describe_event(d, &ev[i], buf, sizeof buf);
            fprintf(stderr, "%s\n", buf);
        }
        free(ev);
    }
    emu_dbg_close(d);
    return rc;
}

/* The two T-states side by side, differing rows marked. */
static void side_by_side(const emu_machine *t, const emu_machine *v, FILE *out)
{
    fprintf(out, "        %-24s %s\n", "reference (T)", "interp(V)");
    for (unsigned n = 0; n < SSEM_WORDS; n++)
        fprintf(out, "%c [%2u]  0x%08" PRIx32 " %11" PRId32 "   0x%08" PRIx32 " %11" PRId32 "\n",
                t->store[n] != v->store[n] ? '*' : ' ', n, t->store[n], (int32_t)t->store[n], v->store[n],
                (int32_t)v->store[n]);
    fprintf(out, "%c A     0x%08" PRIx32 " %11" PRId32 "   0x%08" PRIx32 " %11" PRId32 "\n", t->a != v->a ? '*' : ' ',
            t->a, (int32_t)t->a, v->a, (int32_t)v->a);
    fprintf(out, "%c CI    0x%08" PRIx32 " %11" PRIu32 "   0x%08" PRIx32 " %11" PRIu32 "\n",
            t->ci != v->ci ? '*' : ' ', t->ci, t->ci, v->ci, v->ci);
    fprintf(out, "%c steps %-24" PRIu64 " %" PRIu64 "\n", t->steps != v->steps ? '*' : ' ', t->steps, v->steps);
    fprintf(out, "%c halted %-23s %s\n", t->halted != v->halted ? '*' : ' ', t->halted ? "yes" : "no",
            v->halted ? "yes" : "no");
}

/* Report the first difference: step `bad` (1-based) after chunk start s,
 * or the load itself. */
static void report(const emu_engine *e, const emu_machine *s, uint64_t bad, const char *why, FILE *out)
{
    uint64_t k = strstr(why, "after load") ? 0 : bad;
    emu_machine t = *s, v;
    for (uint64_t i = 0; i < k; i++)
        emu_step(&t);
    fprintf(out, "%s differs from the reference at step %" PRIu64 ": %s\n", e->name, t.steps, why);
    emu_vm vm;
    if (emu_vm_open(&vm, e, s) != 0)
        return;
    for (uint64_t i = 0; i < k; i++)
        emu_vm_run(&vm, 1);
    char diff[200];
    if (emu_vm_state(&vm, &v, diff, sizeof diff))
        side_by_side(&t, &v, out);
    else
        fprintf(out, "interp(V) is inconsistent: %s\n", diff);
    emu_vm_close(&vm);
}

int emu_cli_check(const emu_engine *e, const emu_machine *m, uint64_t max_steps, volatile sig_atomic_t *intr,
                  FILE *out)
{
    emu_machine t = *m;
    uint64_t done = 0;
    while (done < max_steps && !t.halted) {
        if (intr && *intr) {
            fprintf(out, "interp(V) = T at every one of %" PRIu64 " steps so far (interrupted)\n", done);
            return 130;
        }
        uint64_t n = max_steps - done < CHECK_CHUNK ? max_steps - done : CHECK_CHUNK;
        char why[300];
        uint64_t bad = emu_lockstep(e, &t, n, why, sizeof why);
        if (bad) {
            report(e, &t, bad, why, out);
            return EMU_EXIT_DIFFERS;
        }
        emu_machine next = t;
        if (emu_run(&emu_engine_reference, &next, n) != 0)
            return 1;
        done += next.steps - t.steps;
        t = next;
    }
    fprintf(out, "interp(V) = T at every one of %" PRIu64 " steps (engine %s%s)\n", done, e->name,
            t.halted ? ", to the STP" : "");
    return 0;
}
