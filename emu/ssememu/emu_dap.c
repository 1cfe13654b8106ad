/* emu_dap.c: the Debug Adapter Protocol session: request dispatch, launch, running forwards and backwards, stop events. */
#include "emu_dap.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "asm.h"
#include "emu_dap_internal.h"
#include "emu_debug_cli.h"
#include "emu_dump.h"
#include "ssem_cli.h"
#include "ssem_dis.h"
#include "ssem_image.h"
#include "ssem_io.h"
#include "ssem_near.h"

/* About a millisecond of the fastest engines between looks at the input. */
#define DAP_CHUNK ((uint64_t)1 << 20)

/* ---- replies ------------------------------------------------------------- */

static void send(dap *d, cJSON *msg)
{
    if (!msg)
        return;
    cJSON_AddNumberToObject(msg, "seq", d->seq++);
    char *text = cJSON_PrintUnformatted(msg);
    cJSON_Delete(msg);
    if (!text || emu_dap_io_write(d->io, text, strlen(text)) != 0)
        d->output_failed = true;
    cJSON_free(text);
}

static cJSON *response(const cJSON *req, bool success)
{
    cJSON *r = cJSON_CreateObject();
    const cJSON *seq = cJSON_GetObjectItemCaseSensitive(req, "seq");
    const char *cmd = dap_str(req, "command");
    cJSON_AddStringToObject(r, "type", "response");
    cJSON_AddNumberToObject(r, "request_seq", cJSON_IsNumber(seq) ? seq->valuedouble : 0);
    cJSON_AddBoolToObject(r, "success", success);
    cJSON_AddStringToObject(r, "command", cmd ? cmd : "");
    return r;
}

void dap_respond(dap *d, const cJSON *req, cJSON *body)
{
    cJSON *r = response(req, true);
    if (body)
        cJSON_AddItemToObject(r, "body", body);
    send(d, r);
}

void dap_fail(dap *d, const cJSON *req, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    cJSON *r = response(req, false);
    cJSON_AddStringToObject(r, "message", msg);
    send(d, r);
}

void dap_event(dap *d, const char *event, cJSON *body)
{
    cJSON *e = cJSON_CreateObject();
    cJSON_AddStringToObject(e, "type", "event");
    cJSON_AddStringToObject(e, "event", event);
    if (body)
        cJSON_AddItemToObject(e, "body", body);
    send(d, e);
}

static void output_text(dap *d, const char *category, const char *text)
{
    cJSON *b = cJSON_CreateObject();
    cJSON_AddStringToObject(b, "category", category);
    cJSON_AddStringToObject(b, "output", text);
    dap_event(d, "output", b);
}

void dap_output(dap *d, const char *category, const char *fmt, ...)
{
    char *text = NULL;
    va_list ap;
    va_start(ap, fmt);
    int n = vasprintf(&text, fmt, ap);
    va_end(ap);
    if (n >= 0)
        output_text(d, category, text);
    free(text);
}

/* ---- arguments ----------------------------------------------------------- */

const char *dap_str(const cJSON *obj, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

bool dap_bool(const cJSON *obj, const char *key, bool dflt)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    return cJSON_IsBool(v) ? cJSON_IsTrue(v) : dflt;
}

bool dap_int(const cJSON *obj, const char *key, long long lo, long long hi, long long *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!cJSON_IsNumber(v))
        return false;
    double x = v->valuedouble;
    if (!(x >= (double)lo && x <= (double)hi) || x != (double)(long long)x)
        return false;
    *out = (long long)x;
    return true;
}

int dap_ids_add(dap_ids *v, int id)
{
    if (v->n == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 16;
        int *p = realloc(v->id, cap * sizeof *p);
        if (!p)
            return -1;
        v->id = p;
        v->cap = cap;
    }
    v->id[v->n++] = id;
    return 0;
}

void dap_ids_clear(dap *d, dap_ids *v)
{
    for (size_t i = 0; i < v->n; i++)
        emu_dbg_delete(d->dbg, v->id[i]);
    v->n = 0;
}

void dap_ids_free(dap_ids *v)
{
    free(v->id);
    memset(v, 0, sizeof *v);
}

unsigned dap_current_line(const dap *d)
{
    const emu_machine *m = emu_dbg_state(d->dbg);
    return ssem_line_of(m->halted ? m->ci : m->ci + 1);
}

/* ---- stops --------------------------------------------------------------- */

static bool has_id(const dap_ids *v, int id)
{
    for (size_t i = 0; i < v->n; i++)
        if (v->id[i] == id)
            return true;
    return false;
}

/* The end of the session: the program is done and the client may go. */
static void end_session(dap *d)
{
    if (d->ended)
        return;
    d->ended = true;
    d->running = false;
    const emu_machine *m = emu_dbg_state(d->dbg);
    cJSON *b = cJSON_CreateObject();
    cJSON_AddNumberToObject(b, "exitCode", m->halted ? 0 : 3);
    dap_event(d, "exited", b);
    dap_event(d, "terminated", NULL);
}

/* The final state as ssememu prints it, on the program's output. */
static void output_dump(dap *d)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return;
    int rc = emu_dump(emu_dbg_state(d->dbg), EMU_DUMP_CRT, f);
    if (fclose(f) == 0 && rc == 0)
        output_text(d, "stdout", buf);
    free(buf);
}

void dap_stopped(dap *d, const char *reason, const emu_dbg_stop *s)
{
    char text[512];
    emu_dbg_describe_stop(d->dbg, s, text, sizeof text);
    cJSON *b = cJSON_CreateObject();
    cJSON_AddStringToObject(b, "reason", reason);
    cJSON_AddStringToObject(b, "description", text);
    if (s->reason == EMU_DBG_ERROR)
        cJSON_AddStringToObject(b, "text", s->why);
    cJSON_AddNumberToObject(b, "threadId", DAP_THREAD);
    cJSON_AddBoolToObject(b, "allThreadsStopped", true);
    if (s->bp > 0) {
        cJSON *ids = cJSON_AddArrayToObject(b, "hitBreakpointIds");
        cJSON_AddItemToArray(ids, cJSON_CreateNumber(s->bp));
    }
    dap_event(d, "stopped", b);
}

static void report_stop(dap *d, const emu_dbg_stop *s)
{
    d->running = false;
    d->recheck_break = false;
    const char *reason = "step";
    switch (s->reason) {
    case EMU_DBG_BREAKPOINT:
    case EMU_DBG_CONDITION:
        reason = has_id(&d->fn_bps, s->bp) ? "function breakpoint" : "breakpoint";
        break;
    case EMU_DBG_WATCHPOINT: reason = "data breakpoint"; break;
    case EMU_DBG_HALTED: reason = "halt"; break;
    case EMU_DBG_LIMIT:
    case EMU_DBG_INTERRUPTED: reason = "pause"; break;
    case EMU_DBG_START: reason = "entry"; break;
    case EMU_DBG_ARRIVED: reason = "goto"; break;
    case EMU_DBG_ERROR: reason = "exception"; break;
    default: break;
    }
    char text[512];
    emu_dbg_describe_stop(d->dbg, s, text, sizeof text);
    if (s->reason == EMU_DBG_HALTED && d->no_debug) {
        output_dump(d);
        end_session(d);
        return;
    }
    if (s->reason == EMU_DBG_HALTED)
        output_dump(d);
    dap_output(d, "console", "%s\n", text);
    dap_stopped(d, reason, s);
}

/*
 * The core checks a run's step limit before the breakpoint at the line
 * about to run, and steps off a breakpoint at the present line when a run
 * starts. A continue here runs in chunks, so a chunk that ended just before
 * a breakpoint's line must be reported as that breakpoint before the next
 * chunk would step over it.
 */
static bool break_here(dap *d, emu_dbg_stop *s)
{
    const emu_machine *m = emu_dbg_state(d->dbg);
    if (m->halted)
        return false;
    unsigned next = ssem_line_of(m->ci + 1);
    size_t n = emu_dbg_nbps(d->dbg);
    for (size_t i = 0; i < n; i++) {
        emu_dbg_bp bp = emu_dbg_bp_at(d->dbg, i);
        if (bp.kind != EMU_DBG_BREAK || !bp.enabled || bp.line != next)
            continue;
        int64_t v = 1;
        char err[128];
        if (bp.cond && emu_dbg_eval(d->dbg, bp.cond, &v, err, sizeof err) != 0)
            v = 1;   /* a condition that cannot be evaluated stops, as the core does */
        if (v == 0)
            continue;
        memset(s, 0, sizeof *s);
        s->reason = EMU_DBG_BREAKPOINT;
        s->bp = bp.id;
        s->line = next;
        return true;
    }
    return false;
}

/* One chunk of a continue; reports the stop when the run ends. */
static void run_chunk(dap *d)
{
    emu_dbg_stop s;
    if (d->recheck_break && break_here(d, &s)) {
        report_stop(d, &s);
        return;
    }
    uint64_t n = d->opts->chunk ? d->opts->chunk : DAP_CHUNK;
    if (d->opts->max_run && d->opts->max_run - d->run_steps < n)
        n = d->opts->max_run - d->run_steps;
    s = emu_dbg_continue(d->dbg, n);
    d->run_steps += s.ran;
    if (s.reason == EMU_DBG_LIMIT && !(d->opts->max_run && d->run_steps >= d->opts->max_run)) {
        d->recheck_break = true;
        return;
    }
    report_stop(d, &s);
}

static void start_running(dap *d)
{
    if (emu_dbg_state(d->dbg)->halted) {
        /* Going on after the STP is the end of the program. */
        end_session(d);
        return;
    }
    d->running = true;
    d->recheck_break = false;
    d->run_steps = 0;
}

/* ---- lifecycle ----------------------------------------------------------- */

static void h_initialize(dap *d, const cJSON *req, const cJSON *args)
{
    d->line_base = dap_bool(args, "linesStartAt1", true) ? 1 : 0;
    d->client_invalidated = dap_bool(args, "supportsInvalidatedEvent", false);
    cJSON *b = cJSON_CreateObject();
    static const char *const yes[] = {
        "supportsConfigurationDoneRequest", "supportsStepBack", "supportsSetVariable",
        "supportsConditionalBreakpoints", "supportsFunctionBreakpoints", "supportsDataBreakpoints",
        "supportsEvaluateForHovers", "supportsTerminateRequest", "supportsValueFormattingOptions",
        "supportsGotoTargetsRequest",
    };
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
        cJSON_AddBoolToObject(b, yes[i], true);
    cJSON_AddArrayToObject(b, "exceptionBreakpointFilters");
    dap_respond(d, req, b);
}

/* The engine a launch names; else an error listing those there are, which
 * an editor's user reads more easily than a guess. */
static const emu_engine *launch_engine(dap *d, const cJSON *req, const char *name)
{
    const emu_engine *e = emu_engine_find(name);
    if (e)
        return e;
    size_t n;
    const emu_engine *const *list = emu_engine_list(&n);
    char names[512] = "";
    size_t len = 0;
    for (size_t i = 0; i < n && len < sizeof names; i++)
        len += (size_t)snprintf(names + len, sizeof names - len, "%s%s", i ? ", " : "", list[i]->name);
    dap_fail(d, req, "unknown engine '%.60s' (one of %s)", name, names);
    return NULL;
}

static int read_fs(const char *path, char **data, size_t *len, char *why, size_t whylen)
{
    char *msg = NULL;
    size_t msglen = 0;
    FILE *f = open_memstream(&msg, &msglen);
    ssem_diag diag;
    ssem_diag_init(&diag, f);
    int rc = ssem_read_file(path, data, len, &diag);
    if (f)
        fclose(f);
    if (rc != 0) {
        /* One line: the message without its newline. */
        size_t n = msg ? strcspn(msg, "\n") : 0;
        snprintf(why, whylen, "%.*s", (int)n, msg ? msg : "cannot read");
    }
    free(msg);
    return rc;
}

/* A disassembly of an image to stand for its source: assembled again it
 * gives the line table and labels frames and breakpoints use. */
static emu_dbg_info *disassembly_info(dap *d, const ssem_image *img)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (!f)
        return NULL;
    ssem_dis_opts o = { .name = d->source_name, .symbolic = true };
    int rc = ssem_dis_store(f, img, &o);
    if (fclose(f) != 0 || rc != 0) {
        free(text);
        return NULL;
    }
    ssem_diag diag;
    ssem_diag_init(&diag, NULL);
    asm_program *p = asm_assemble(text, len, d->source_name, NULL, &diag);
    emu_dbg_info *info = NULL;
    if (p) {
        ssem_image back;
        asm_program_image(p, &back);
        if (memcmp(back.word, img->word, sizeof back.word) == 0 && (info = emu_dbg_info_from_program(p)))
            emu_dbg_info_set_source(info, text, len);
        asm_program_free(p);
    }
    if (info)
        d->dis_text = text;
    else
        free(text);
    return info;
}

/* The source file an image's symbol file names, where emu_cli_image_info
 * found its text: as named, else beside the image. NULL when it was not
 * found (then the disassembly stands for it). */
static char *sidecar_source(const char *image, const emu_dbg_info *info)
{
    size_t n;
    const char *file = emu_dbg_info_file(info);
    if (!file || !emu_dbg_info_source_line(info, 1, &n))
        return NULL;
    char *real = realpath(file, NULL);
    if (real)
        return real;
    const char *slash = strrchr(image, '/'), *base = strrchr(file, '/');
    char *near = NULL;
    if (slash && asprintf(&near, "%.*s/%s", (int)(slash - image), image, base ? base + 1 : file) >= 0) {
        real = realpath(near, NULL);
        free(near);
    }
    return real;
}

/* Read and load the program; false after an error response. */
static bool load(dap *d, const cJSON *req, const char *path, emu_machine *m, emu_dbg_info **info)
{
    char *data = NULL, why[512];
    size_t len = 0;
    int rc = d->opts->read_program ? d->opts->read_program(path, &data, &len, why, sizeof why)
                                   : read_fs(path, &data, &len, why, sizeof why);
    if (rc != 0) {
        dap_fail(d, req, "%s", why);
        return false;
    }
    char *diags = NULL;
    size_t dlen = 0;
    FILE *df = open_memstream(&diags, &dlen);
    ssem_diag diag;
    ssem_diag_init(&diag, df);
    ssem_format fmt = ssem_image_detect(data, len);
    ssem_image img;
    memset(&img, 0, sizeof img);
    bool ok;
    if (fmt != SSEM_FMT_AUTO || ssem_data_is_binary(data, len)) {
        ok = ssem_image_parse(&img, data, len, d->source_name, fmt, &diag) == 0;
        /* The symbol file of ssemasm -g, as the console reads it (not when
         * the program is no file); else the disassembly. */
        *info = ok && !d->opts->read_program ? emu_cli_image_info(path) : NULL;
        if (*info && !(d->source_path = sidecar_source(path, *info))) {
            emu_dbg_info_free(*info);
            *info = NULL;
        }
        if (ok && !*info)
            *info = disassembly_info(d, &img);
    } else {
        asm_program *p = asm_assemble(data, len, d->source_name, NULL, &diag);
        ok = p != NULL;
        if (p) {
            asm_program_image(p, &img);
            *info = emu_cli_source_info(p, data, len);
            asm_program_free(p);
            d->source_path = realpath(path, NULL);
            if (!d->source_path)
                d->source_path = strdup(path);
        }
    }
    free(data);
    if (df)
        fclose(df);
    if (diags && dlen)
        output_text(d, "stderr", diags);
    free(diags);
    if (!ok) {
        dap_fail(d, req, "cannot load %s (%d error%s)", path, diag.errors, diag.errors == 1 ? "" : "s");
        return false;
    }
    emu_machine_init(m, img.word);
    if (img.has_regs) {
        m->a = img.a;
        m->ci = img.ci;
    }
    return true;
}

static void h_launch(dap *d, const cJSON *req, const cJSON *args)
{
    if (d->launched) {
        dap_fail(d, req, "a program is already launched");
        return;
    }
    /* What a failed launch left. */
    free(d->program);
    free(d->source_path);
    free(d->source_name);
    free(d->dis_text);
    d->program = d->source_path = d->source_name = d->dis_text = NULL;
    const char *program = dap_str(args, "program");
    if (!program || !*program) {
        dap_fail(d, req, "launch needs \"program\": the source or image file to debug");
        return;
    }
    if (strcmp(program, "-") == 0) {
        dap_fail(d, req, "the program cannot come from standard input: the protocol does");
        return;
    }
    const char *engine_name = dap_str(args, "engine");
    const emu_engine *e = launch_engine(d, req, engine_name ? engine_name : d->opts->engine);
    if (!e)
        return;
    const char *cwd = dap_str(args, "cwd");
    if (cwd && program[0] != '/' && asprintf(&d->program, "%s/%s", cwd, program) < 0)
        d->program = NULL;
    if (!d->program)
        d->program = strdup(program);
    if (!d->program) {
        dap_fail(d, req, "out of memory");
        return;
    }
    const char *slash = strrchr(d->program, '/');
    d->source_name = strdup(slash ? slash + 1 : d->program);
    emu_machine m;
    emu_dbg_info *info = NULL;
    if (!d->source_name || !load(d, req, d->program, &m, &info))
        return;
    d->dbg = emu_dbg_open(&m, e, info);
    if (!d->dbg) {
        emu_dbg_info_free(info);
        dap_fail(d, req, "out of memory");
        return;
    }
    d->launched = true;
    d->stop_on_entry = dap_bool(args, "stopOnEntry", false);
    d->no_debug = dap_bool(args, "noDebug", false);
    dap_output(d, "console", "ssememu: %s on engine %s%s\n", d->program, e->name,
               d->source_path ? "" : " (an image: its disassembly stands for the source)");
    dap_respond(d, req, NULL);
    dap_event(d, "initialized", NULL);
}

static void h_configuration_done(dap *d, const cJSON *req, const cJSON *args)
{
    (void)args;
    if (d->configured) {
        dap_fail(d, req, "configurationDone was already received");
        return;
    }
    d->configured = true;
    dap_respond(d, req, NULL);
    if (d->no_debug) {
        emu_dbg_enable(d->dbg, 0, false);
        start_running(d);
    } else if (d->stop_on_entry) {
        emu_dbg_stop s = { .reason = EMU_DBG_NONE };
        dap_stopped(d, "entry", &s);
    } else {
        start_running(d);
    }
}

static void h_threads(dap *d, const cJSON *req, const cJSON *args)
{
    (void)args;
    cJSON *b = cJSON_CreateObject();
    cJSON *threads = cJSON_AddArrayToObject(b, "threads");
    cJSON *t = cJSON_CreateObject();
    cJSON_AddNumberToObject(t, "id", DAP_THREAD);
    cJSON_AddStringToObject(t, "name", "Baby");
    cJSON_AddItemToArray(threads, t);
    dap_respond(d, req, b);
}

static void h_disconnect(dap *d, const cJSON *req, const cJSON *args)
{
    (void)args;
    dap_respond(d, req, NULL);
    d->quit = true;
}

static void h_terminate(dap *d, const cJSON *req, const cJSON *args)
{
    (void)args;
    dap_respond(d, req, NULL);
    d->running = false;
    if (!d->ended) {
        d->ended = true;
        dap_event(d, "terminated", NULL);
    }
}

static void h_set_exception_breakpoints(dap *d, const cJSON *req, const cJSON *args)
{
    (void)args;
    cJSON *b = cJSON_CreateObject();
    cJSON_AddArrayToObject(b, "breakpoints");
    dap_respond(d, req, b);
}

/* ---- running ------------------------------------------------------------- */

static void h_continue(dap *d, const cJSON *req, const cJSON *args)
{
    (void)args;
    cJSON *b = cJSON_CreateObject();
    cJSON_AddBoolToObject(b, "allThreadsContinued", true);
    dap_respond(d, req, b);
    start_running(d);
}

static void h_step(dap *d, const cJSON *req, const cJSON *args)
{
    (void)args;
    dap_respond(d, req, NULL);
    if (emu_dbg_state(d->dbg)->halted) {
        end_session(d);
        return;
    }
    emu_dbg_stop s = emu_dbg_step(d->dbg, 1);
    report_stop(d, &s);
}

static void h_step_back(dap *d, const cJSON *req, const cJSON *args)
{
    (void)args;
    dap_respond(d, req, NULL);
    emu_dbg_stop s = emu_dbg_reverse_step(d->dbg, 1);
    report_stop(d, &s);
}

static void h_reverse_continue(dap *d, const cJSON *req, const cJSON *args)
{
    (void)args;
    dap_respond(d, req, NULL);
    emu_dbg_stop s = emu_dbg_reverse_continue(d->dbg);
    report_stop(d, &s);
}

static void h_pause(dap *d, const cJSON *req, const cJSON *args)
{
    (void)args;
    dap_respond(d, req, NULL);
    if (d->running) {
        emu_dbg_stop s = { .reason = EMU_DBG_INTERRUPTED };
        report_stop(d, &s);
    }
}

/* ---- dispatch ------------------------------------------------------------ */

enum { NEED_PROGRAM = 1, NEED_STOPPED = 2 };

typedef struct handler {
    const char *command;
    void (*fn)(dap *d, const cJSON *req, const cJSON *args);
    unsigned need;
} handler;

static const handler handlers[] = {
    { "initialize", h_initialize, 0 },
    { "launch", h_launch, 0 },
    { "configurationDone", h_configuration_done, NEED_PROGRAM },
    { "setBreakpoints", dap_set_breakpoints, NEED_PROGRAM },
    { "setFunctionBreakpoints", dap_set_function_breakpoints, NEED_PROGRAM },
    { "setExceptionBreakpoints", h_set_exception_breakpoints, 0 },
    { "dataBreakpointInfo", dap_data_breakpoint_info, NEED_PROGRAM },
    { "setDataBreakpoints", dap_set_data_breakpoints, NEED_PROGRAM },
    { "threads", h_threads, 0 },
    { "stackTrace", dap_stack_trace, NEED_PROGRAM | NEED_STOPPED },
    { "scopes", dap_scopes, NEED_PROGRAM | NEED_STOPPED },
    { "variables", dap_variables, NEED_PROGRAM | NEED_STOPPED },
    { "setVariable", dap_set_variable, NEED_PROGRAM | NEED_STOPPED },
    { "evaluate", dap_evaluate, NEED_PROGRAM | NEED_STOPPED },
    { "source", dap_source, NEED_PROGRAM },
    { "gotoTargets", dap_goto_targets, NEED_PROGRAM | NEED_STOPPED },
    { "goto", dap_goto, NEED_PROGRAM | NEED_STOPPED },
    { "continue", h_continue, NEED_PROGRAM | NEED_STOPPED },
    { "next", h_step, NEED_PROGRAM | NEED_STOPPED },
    { "stepIn", h_step, NEED_PROGRAM | NEED_STOPPED },
    { "stepBack", h_step_back, NEED_PROGRAM | NEED_STOPPED },
    { "reverseContinue", h_reverse_continue, NEED_PROGRAM | NEED_STOPPED },
    { "pause", h_pause, NEED_PROGRAM },
    { "disconnect", h_disconnect, 0 },
    { "terminate", h_terminate, 0 },
};

static void dispatch(dap *d, const cJSON *req)
{
    const char *type = dap_str(req, "type");
    const char *command = dap_str(req, "command");
    const cJSON *seq = cJSON_GetObjectItemCaseSensitive(req, "seq");
    if (!cJSON_IsObject(req) || !type || strcmp(type, "request") != 0 || !command || !cJSON_IsNumber(seq)) {
        dap_fail(d, req, "not a request: a message needs \"seq\", \"type\": \"request\" and \"command\"");
        return;
    }
    const cJSON *args = cJSON_GetObjectItemCaseSensitive(req, "arguments");
    if (args && !cJSON_IsObject(args)) {
        dap_fail(d, req, "\"arguments\" of '%s' is not an object", command);
        return;
    }
    for (size_t i = 0; i < sizeof handlers / sizeof handlers[0]; i++) {
        const handler *h = &handlers[i];
        if (strcmp(h->command, command) != 0)
            continue;
        if ((h->need & NEED_PROGRAM) && !d->launched)
            dap_fail(d, req, "'%s' needs a program: send launch first", command);
        else if ((h->need & NEED_STOPPED) && d->ended)
            dap_fail(d, req, "'%s': the program has ended", command);
        else if ((h->need & NEED_STOPPED) && d->running)
            dap_fail(d, req, "'%s': the machine is running (pause it first)", command);
        else
            h->fn(d, req, args);
        return;
    }
    ssem_near near;
    ssem_near_init(&near, command, strnlen(command, SSEM_NEAR_MAX_LEN + 1), false);
    for (size_t i = 0; i < sizeof handlers / sizeof handlers[0]; i++)
        ssem_near_try(&near, handlers[i].command, strlen(handlers[i].command), NULL, 0);
    if (near.best)
        dap_fail(d, req, "unknown command '%s'; did you mean '%s'?", command, near.best);
    else
        dap_fail(d, req, "unknown command '%.100s'", command);
}

/* Read and answer one message (blocking). */
static void serve_one(dap *d)
{
    char *body, why[256];
    size_t len;
    emu_dap_read r = emu_dap_io_read(d->io, &body, &len, why, sizeof why);
    if (r == EMU_DAP_READ_EOF) {
        d->quit = true;
        return;
    }
    if (r == EMU_DAP_READ_BAD) {
        dap_fail(d, NULL, "bad message: %s", why);
        return;
    }
    const char *end = NULL;
    cJSON *req = cJSON_ParseWithLengthOpts(body, len, &end, false);
    if (!req) {
        size_t at = end && end >= body && end <= body + len ? (size_t)(end - body) : 0;
        dap_fail(d, NULL, "bad message: not JSON (at byte %zu of %zu)", at, len);
    } else {
        dispatch(d, req);
        cJSON_Delete(req);
    }
    free(body);
}

int emu_dap_serve(emu_dap_io *io, const emu_dap_opts *opts)
{
    dap d;
    memset(&d, 0, sizeof d);
    d.io = io;
    d.opts = opts;
    d.seq = 1;
    d.line_base = 1;
    while (!d.quit && !d.output_failed) {
        if (d.running && !emu_dap_io_ready(io))
            run_chunk(&d);
        else
            serve_one(&d);
    }
    emu_dbg_close(d.dbg);
    dap_ids_free(&d.src_bps);
    dap_ids_free(&d.fn_bps);
    dap_ids_free(&d.data_bps);
    free(d.program);
    free(d.source_path);
    free(d.source_name);
    free(d.dis_text);
    return d.output_failed ? 1 : 0;
}

int emu_dap_main(const char *engine)
{
    if (!emu_engine_find(engine))
        return ssem_usage_error("ssememu", "unknown engine '%s' (see --list-engines)", engine);
    /* A client that goes away mid-reply is an output error, not a signal. */
    signal(SIGPIPE, SIG_IGN);
    emu_dap_io io;
    emu_dap_io_init_fd(&io, STDIN_FILENO, stdout);
    emu_dap_opts opts = { .engine = engine };
    return emu_dap_serve(&io, &opts);
}
