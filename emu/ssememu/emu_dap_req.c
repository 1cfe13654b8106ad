/* emu_dap_req.c: the DAP requests on the machine's state: breakpoints, data breakpoints, the frame, variables, expressions. */
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emu_dap_internal.h"
#include "ssem_dis.h"

static const cJSON *item(const cJSON *obj, const char *key)
{
    return cJSON_GetObjectItemCaseSensitive(obj, key);
}

/* A value for a register or word: -2^31 .. 2^32-1, as the CLI's --acc takes. */
static bool fits_word(int64_t v)
{
    return v >= INT32_MIN && v <= (int64_t)UINT32_MAX;
}

/* A client's "format": {"hex": true} shows values in hex. */
static bool want_hex(const cJSON *args)
{
    return dap_bool(item(args, "format"), "hex", false);
}

/* A store line from the start of text ("15", "15 total"); -1 when none. */
static int leading_line(const char *text)
{
    if (!text || text[0] < '0' || text[0] > '9')
        return -1;
    char *end;
    long v = strtol(text, &end, 10);
    if (v > 31 || (*end && *end != ' '))
        return -1;
    return (int)v;
}

/* ---- the source ---------------------------------------------------------- */

/* Is `source` (a DAP Source) the launched program's? */
static bool our_source(const dap *d, const cJSON *source)
{
    long long ref;
    if (dap_int(source, "sourceReference", 1, INT_MAX, &ref))
        return ref == DAP_SOURCE_REF && d->dis_text;
    const char *path = dap_str(source, "path");
    if (!path || !d->source_path)
        return false;
    if (strcmp(path, d->source_path) == 0 || strcmp(path, d->program) == 0)
        return true;
    char *real = realpath(path, NULL);
    bool same = real && strcmp(real, d->source_path) == 0;
    free(real);
    return same;
}

static cJSON *source_json(const dap *d)
{
    cJSON *s = cJSON_CreateObject();
    if (d->source_path) {
        cJSON_AddStringToObject(s, "name", d->source_name);
        cJSON_AddStringToObject(s, "path", d->source_path);
    } else {
        char name[512];
        snprintf(name, sizeof name, "%s (disassembly)", d->source_name);
        cJSON_AddStringToObject(s, "name", name);
        cJSON_AddNumberToObject(s, "sourceReference", DAP_SOURCE_REF);
    }
    return s;
}

/* The store line a breakpoint on 1-based source line `src` stops at: the
 * line's own code, else the first code after it (GDB moves a breakpoint on
 * a comment to the next statement). -1 when nothing follows. */
static int code_line(const dap *d, int src, int *at)
{
    const emu_dbg_info *info = emu_dbg_info_of(d->dbg);
    int n = emu_dbg_info_store_line(info, src);
    if (n >= 0) {
        *at = src;
        return n;
    }
    int best = -1, best_src = INT_MAX;
    for (unsigned i = 0; i < SSEM_WORDS; i++) {
        int s = emu_dbg_info_line_of(info, i);
        if (s > src && s < best_src) {
            best = (int)i;
            best_src = s;
        }
    }
    *at = best_src;
    return best;
}

static cJSON *unverified(const char *msg)
{
    cJSON *b = cJSON_CreateObject();
    cJSON_AddBoolToObject(b, "verified", false);
    cJSON_AddStringToObject(b, "message", msg);
    return b;
}

/* The condition of a breakpoint request, NULL for none. */
static const char *condition(const cJSON *bp)
{
    const char *c = dap_str(bp, "condition");
    return c && *c ? c : NULL;
}

/* The response body of a request that replaces breakpoints, and its array. */
static cJSON *bp_body(cJSON **out)
{
    cJSON *body = cJSON_CreateObject();
    *out = cJSON_AddArrayToObject(body, "breakpoints");
    return body;
}

/*
 * One requested breakpoint (or watchpoint) on store line `line`, made in
 * the core and recorded in ids: its entry in the response. line < 0: it
 * cannot be made, for the reason `why`.
 */
static cJSON *add_bp(dap *d, dap_ids *ids, emu_dbg_bp_kind kind, int line, const cJSON *bp, const char *why)
{
    if (line < 0)
        return unverified(why);
    char err[256];
    int id = kind == EMU_DBG_WATCH ? emu_dbg_watch(d->dbg, (unsigned)line, condition(bp), err, sizeof err)
                                   : emu_dbg_break(d->dbg, (unsigned)line, condition(bp), false, err, sizeof err);
    if (id >= 0 && dap_ids_add(ids, id) != 0) {
        emu_dbg_delete(d->dbg, id);
        id = -1;
        snprintf(err, sizeof err, "out of memory");
    }
    if (id < 0)
        return unverified(err);
    cJSON *b = cJSON_CreateObject();
    cJSON_AddNumberToObject(b, "id", id);
    cJSON_AddBoolToObject(b, "verified", true);
    return b;
}

/* Where a verified breakpoint is in the source, when it is known. */
static void add_location(const dap *d, cJSON *b, int src)
{
    if (src > 0 && cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(b, "verified"))) {
        cJSON_AddNumberToObject(b, "line", src + d->line_base - 1);
        cJSON_AddItemToObject(b, "source", source_json(d));
    }
}

/* The "breakpoints" array of a request into *bps (NULL: none given, which
 * setBreakpoints allows); false after an error response. */
static bool bp_list(dap *d, const cJSON *req, const cJSON *args, const char *command, const cJSON **bps)
{
    *bps = item(args, "breakpoints");
    if (*bps && !cJSON_IsArray(*bps))
        dap_fail(d, req, "\"breakpoints\" of %s is not an array", command);
    else if (!*bps && strcmp(command, "setBreakpoints") != 0)
        dap_fail(d, req, "%s needs \"breakpoints\"", command);
    else
        return true;
    return false;
}

void dap_set_breakpoints(dap *d, const cJSON *req, const cJSON *args)
{
    const cJSON *source = item(args, "source");
    if (!cJSON_IsObject(source)) {
        dap_fail(d, req, "setBreakpoints needs \"source\"");
        return;
    }
    const cJSON *bps;
    if (!bp_list(d, req, args, "setBreakpoints", &bps))
        return;
    bool ours = our_source(d, source);
    if (ours)
        dap_ids_clear(d, &d->src_bps);
    cJSON *out, *body = bp_body(&out);
    const cJSON *bp;
    cJSON_ArrayForEach(bp, bps) {
        long long line;
        int n = -1, at = 0;
        const char *why = "not the program being debugged";
        if (!dap_int(bp, "line", d->line_base, INT_MAX - 1, &line))
            why = "a breakpoint needs a line";
        else if (ours && (n = code_line(d, (int)line - d->line_base + 1, &at)) < 0)
            why = "no code on or after this line";
        cJSON *b = add_bp(d, &d->src_bps, EMU_DBG_BREAK, n, bp, why);
        add_location(d, b, at);
        cJSON_AddItemToArray(out, b);
    }
    dap_respond(d, req, body);
}

void dap_set_function_breakpoints(dap *d, const cJSON *req, const cJSON *args)
{
    const cJSON *bps;
    if (!bp_list(d, req, args, "setFunctionBreakpoints", &bps))
        return;
    dap_ids_clear(d, &d->fn_bps);
    cJSON *out, *body = bp_body(&out);
    const cJSON *bp;
    cJSON_ArrayForEach(bp, bps) {
        const char *name = dap_str(bp, "name");
        unsigned n;
        char err[256] = "a function breakpoint needs a name";
        int line = name && emu_dbg_loc(d->dbg, name, &n, err, sizeof err) == 0 ? (int)n : -1;
        cJSON *b = add_bp(d, &d->fn_bps, EMU_DBG_BREAK, line, bp, err);
        add_location(d, b, line < 0 ? 0 : emu_dbg_info_line_of(emu_dbg_info_of(d->dbg), (unsigned)line));
        cJSON_AddItemToArray(out, b);
    }
    dap_respond(d, req, body);
}

/* ---- data breakpoints: STOs into store lines ----------------------------- */

void dap_data_breakpoint_info(dap *d, const cJSON *req, const cJSON *args)
{
    const char *name = dap_str(args, "name");
    long long ref = 0;
    if (!name) {
        dap_fail(d, req, "dataBreakpointInfo needs \"name\"");
        return;
    }
    dap_int(args, "variablesReference", 0, INT_MAX, &ref);
    cJSON *b = cJSON_CreateObject();
    int line = -1;
    char why[256] = "";
    if (ref == DAP_VARS_STORE) {
        line = leading_line(name);
        if (line < 0)
            snprintf(why, sizeof why, "'%.60s' is no store line", name);
    } else if (ref == DAP_VARS_REGS) {
        snprintf(why, sizeof why, "only store lines can be watched, not registers");
    } else {
        /* An expression: a LOC, or [LOC] as print writes a word. */
        size_t len = strlen(name);
        char *loc = len >= 2 && name[0] == '[' && name[len - 1] == ']' ? strndup(name + 1, len - 2) : strdup(name);
        unsigned n;
        if (loc && emu_dbg_loc(d->dbg, loc, &n, why, sizeof why) == 0)
            line = (int)n;
        free(loc);
    }
    if (line < 0) {
        cJSON_AddNullToObject(b, "dataId");
        cJSON_AddStringToObject(b, "description", why);
    } else {
        char id[16], where[256], desc[300];
        snprintf(id, sizeof id, "%d", line);
        emu_dbg_where(d->dbg, (unsigned)line, where, sizeof where);
        snprintf(desc, sizeof desc, "writes to store line %d (%s)", line, where);
        cJSON_AddStringToObject(b, "dataId", id);
        cJSON_AddStringToObject(b, "description", desc);
        cJSON *types = cJSON_AddArrayToObject(b, "accessTypes");
        cJSON_AddItemToArray(types, cJSON_CreateString("write"));
        cJSON_AddBoolToObject(b, "canPersist", true);
    }
    dap_respond(d, req, b);
}

void dap_set_data_breakpoints(dap *d, const cJSON *req, const cJSON *args)
{
    const cJSON *bps;
    if (!bp_list(d, req, args, "setDataBreakpoints", &bps))
        return;
    dap_ids_clear(d, &d->data_bps);
    cJSON *out, *body = bp_body(&out);
    const cJSON *bp;
    cJSON_ArrayForEach(bp, bps) {
        const char *data_id = dap_str(bp, "dataId");
        const char *access = dap_str(bp, "accessType");
        int line = leading_line(data_id);
        const char *why = "not a dataId from dataBreakpointInfo";
        if (line >= 0 && strchr(data_id, ' '))
            line = -1;
        if (line >= 0 && access && strcmp(access, "write") != 0) {
            line = -1;
            why = "only writes (STO) can be watched";
        }
        cJSON_AddItemToArray(out, add_bp(d, &d->data_bps, EMU_DBG_WATCH, line, bp, why));
    }
    dap_respond(d, req, body);
}

/* ---- the frame ----------------------------------------------------------- */

void dap_stack_trace(dap *d, const cJSON *req, const cJSON *args)
{
    long long first = 0;
    dap_int(args, "startFrame", 0, INT_MAX, &first);
    cJSON *body = cJSON_CreateObject();
    cJSON *frames = cJSON_AddArrayToObject(body, "stackFrames");
    cJSON_AddNumberToObject(body, "totalFrames", 1);
    if (first == 0) {
        unsigned line = dap_current_line(d);
        const emu_dbg_info *info = emu_dbg_info_of(d->dbg);
        char label[96], ins[64], name[200];
        emu_dbg_info_label(info, line, label, sizeof label);
        ssem_dis_instr(emu_dbg_state(d->dbg)->store[line], ins, sizeof ins);
        if (label[0])
            snprintf(name, sizeof name, "%s: %s", label, ins);
        else
            snprintf(name, sizeof name, "line %u: %s", line, ins);
        cJSON *f = cJSON_CreateObject();
        cJSON_AddNumberToObject(f, "id", DAP_FRAME);
        cJSON_AddStringToObject(f, "name", name);
        int src = emu_dbg_info_line_of(info, line);
        if (src > 0) {
            cJSON_AddItemToObject(f, "source", source_json(d));
            cJSON_AddNumberToObject(f, "line", src + d->line_base - 1);
            cJSON_AddNumberToObject(f, "column", d->line_base);
        } else {
            /* Control ran into a line the program never assembled. */
            cJSON_AddNumberToObject(f, "line", 0);
            cJSON_AddNumberToObject(f, "column", 0);
            cJSON_AddStringToObject(f, "presentationHint", "subtle");
        }
        cJSON_AddItemToArray(frames, f);
    }
    dap_respond(d, req, body);
}

void dap_scopes(dap *d, const cJSON *req, const cJSON *args)
{
    (void)args;
    cJSON *body = cJSON_CreateObject();
    cJSON *scopes = cJSON_AddArrayToObject(body, "scopes");
    static const struct { const char *name; int ref, n; } s[] = {
        { "Registers", DAP_VARS_REGS, 4 },
        { "Store", DAP_VARS_STORE, SSEM_WORDS },
    };
    for (size_t i = 0; i < 2; i++) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "name", s[i].name);
        if (s[i].ref == DAP_VARS_REGS)
            cJSON_AddStringToObject(o, "presentationHint", "registers");
        cJSON_AddNumberToObject(o, "variablesReference", s[i].ref);
        cJSON_AddNumberToObject(o, "namedVariables", s[i].n);
        cJSON_AddBoolToObject(o, "expensive", false);
        cJSON_AddItemToArray(scopes, o);
    }
    dap_respond(d, req, body);
}

static void format_word(uint32_t w, bool hex, char *buf, size_t size)
{
    if (hex)
        snprintf(buf, size, "0x%08" PRIx32, w);
    else
        snprintf(buf, size, "%" PRId32, (int32_t)w);
}

static cJSON *variable(const char *name, const char *value, const char *type, const char *eval, bool readonly)
{
    cJSON *v = cJSON_CreateObject();
    cJSON_AddStringToObject(v, "name", name);
    cJSON_AddStringToObject(v, "value", value);
    if (type)
        cJSON_AddStringToObject(v, "type", type);
    if (eval)
        cJSON_AddStringToObject(v, "evaluateName", eval);
    cJSON_AddNumberToObject(v, "variablesReference", 0);
    if (readonly) {
        cJSON *h = cJSON_AddObjectToObject(v, "presentationHint");
        cJSON *attrs = cJSON_AddArrayToObject(h, "attributes");
        cJSON_AddItemToArray(attrs, cJSON_CreateString("readOnly"));
    }
    return v;
}

/* The name of store line i in the Store scope: "15", or "15 total". */
static void store_name(const dap *d, unsigned i, char *buf, size_t size)
{
    char label[96];
    emu_dbg_info_label(emu_dbg_info_of(d->dbg), i, label, sizeof label);
    if (label[0] && !strpbrk(label, "+-"))
        snprintf(buf, size, "%u %s", i, label);
    else
        snprintf(buf, size, "%u", i);
}

void dap_variables(dap *d, const cJSON *req, const cJSON *args)
{
    long long ref = 0, start = 0, count = 0;
    if (!dap_int(args, "variablesReference", 1, 2, &ref)) {
        dap_fail(d, req, "no such variables container");
        return;
    }
    dap_int(args, "start", 0, INT_MAX, &start);
    dap_int(args, "count", 0, INT_MAX, &count);
    bool hex = want_hex(args);
    const emu_machine *m = emu_dbg_state(d->dbg);
    cJSON *body = cJSON_CreateObject();
    cJSON *vars = cJSON_AddArrayToObject(body, "variables");
    char value[64], ins[64], name[128], eval[32];
    if (ref == DAP_VARS_REGS) {
        format_word(m->a, hex, value, sizeof value);
        cJSON_AddItemToArray(vars, variable("A", value, "accumulator", "A", false));
        snprintf(value, sizeof value, hex ? "0x%08" PRIx32 : "%" PRIu32, m->ci);
        cJSON_AddItemToArray(vars, variable("CI", value, "control", "CI", false));
        snprintf(value, sizeof value, "%" PRIu64, m->steps);
        cJSON_AddItemToArray(vars, variable("steps", value, "executed instructions", "STEPS", true));
        char next[256];
        emu_dbg_describe_word(d->dbg, dap_current_line(d), next, sizeof next);
        cJSON_AddItemToArray(vars, variable(m->halted ? "halted at" : "next", next, NULL, NULL, true));
    } else {
        long long end = count ? start + count : SSEM_WORDS;
        for (long long i = start; i < end && i < SSEM_WORDS; i++) {
            uint32_t w = m->store[i];
            store_name(d, (unsigned)i, name, sizeof name);
            format_word(w, hex, value, sizeof value);
            ssem_dis_instr(w, ins, sizeof ins);
            snprintf(eval, sizeof eval, "[%lld]", i);
            cJSON_AddItemToArray(vars, variable(name, value, ins, eval, false));
        }
    }
    dap_respond(d, req, body);
}

void dap_set_variable(dap *d, const cJSON *req, const cJSON *args)
{
    long long ref = 0;
    const char *name = dap_str(args, "name"), *text = dap_str(args, "value");
    if (!dap_int(args, "variablesReference", 1, 2, &ref) || !name || !text) {
        dap_fail(d, req, "setVariable needs \"variablesReference\", \"name\" and \"value\"");
        return;
    }
    int64_t v = 0;
    char err[512], err2[512];
    bool is_num = emu_dbg_eval(d->dbg, text, &v, err, sizeof err) == 0;
    int rc = -1;
    uint32_t word = 0;
    bool ci = false;
    if (ref == DAP_VARS_REGS) {
        ci = strcmp(name, "CI") == 0;
        if (strcmp(name, "A") != 0 && !ci) {
            dap_fail(d, req, "'%s' cannot be changed", name);
            return;
        }
        if (!is_num) {
            dap_fail(d, req, "%s", err);
            return;
        }
        word = (uint32_t)v;
        rc = !fits_word(v) ? -2 : ci ? emu_dbg_set_ci(d->dbg, word) : emu_dbg_set_a(d->dbg, word);
    } else {
        int line = leading_line(name);
        if (line < 0) {
            dap_fail(d, req, "no store line '%s'", name);
            return;
        }
        /* A number or expression, else an instruction as deposit takes it. */
        if (is_num)
            word = (uint32_t)v;
        else if (emu_dbg_assemble(d->dbg, text, (unsigned)line, &word, err2, sizeof err2) != 0) {
            dap_fail(d, req, "'%s' is neither a value (%s) nor an instruction (%s)", text, err,
                     strtok(err2, "\n"));
            return;
        }
        rc = is_num && !fits_word(v) ? -2 : emu_dbg_deposit(d->dbg, (unsigned)line, word);
    }
    if (rc == -2) {
        dap_fail(d, req, "%s is out of range for a 32-bit word", text);
        return;
    }
    if (rc != 0) {
        dap_fail(d, req, "out of memory");
        return;
    }
    char value[64];
    if (ci)
        snprintf(value, sizeof value, want_hex(args) ? "0x%08" PRIx32 : "%" PRIu32, word);
    else
        format_word(word, want_hex(args), value, sizeof value);
    cJSON *body = cJSON_CreateObject();
    cJSON_AddStringToObject(body, "value", value);
    dap_respond(d, req, body);
    /* A new CI moves the frame; a new word may change the instruction shown. */
    if (d->client_invalidated) {
        cJSON *b = cJSON_CreateObject();
        cJSON *areas = cJSON_AddArrayToObject(b, "areas");
        cJSON_AddItemToArray(areas, cJSON_CreateString("stacks"));
        cJSON_AddNumberToObject(b, "threadId", DAP_THREAD);
        dap_event(d, "invalidated", b);
    }
}

/* ---- expressions --------------------------------------------------------- */

void dap_evaluate(dap *d, const cJSON *req, const cJSON *args)
{
    const char *expr = dap_str(args, "expression");
    const char *context = dap_str(args, "context");
    if (!expr) {
        dap_fail(d, req, "evaluate needs \"expression\"");
        return;
    }
    /* Hovering over a label in the source shows the word it names. */
    char *hover = NULL;
    int64_t lv;
    if (context && strcmp(context, "hover") == 0 &&
        emu_dbg_info_lookup(emu_dbg_info_of(d->dbg), expr, strlen(expr), &lv) && lv >= 0 && lv < SSEM_WORDS &&
        asprintf(&hover, "[%s]", expr) < 0)
        hover = NULL;
    int64_t v;
    char err[512];
    int rc = emu_dbg_eval(d->dbg, hover ? hover : expr, &v, err, sizeof err);
    free(hover);
    if (rc != 0) {
        dap_fail(d, req, "%s", err);
        return;
    }
    char value[64];
    if (want_hex(args))
        snprintf(value, sizeof value, "0x%" PRIx64, (uint64_t)v);
    else
        snprintf(value, sizeof value, "%" PRId64, v);
    cJSON *body = cJSON_CreateObject();
    cJSON_AddStringToObject(body, "result", value);
    cJSON_AddNumberToObject(body, "variablesReference", 0);
    dap_respond(d, req, body);
}

void dap_source(dap *d, const cJSON *req, const cJSON *args)
{
    long long ref = 0;
    if (!dap_int(args, "sourceReference", 0, INT_MAX, &ref) || ref == 0)
        dap_int(item(args, "source"), "sourceReference", 0, INT_MAX, &ref);
    if (ref != DAP_SOURCE_REF || !d->dis_text) {
        dap_fail(d, req, "no such source (the program's own file is read from disk)");
        return;
    }
    cJSON *body = cJSON_CreateObject();
    cJSON_AddStringToObject(body, "content", d->dis_text);
    cJSON_AddStringToObject(body, "mimeType", "text/x-ssem");
    dap_respond(d, req, body);
}

/* ---- jumping: "set next statement" ---------------------------------------- */

void dap_goto_targets(dap *d, const cJSON *req, const cJSON *args)
{
    const cJSON *source = item(args, "source");
    long long line;
    if (!cJSON_IsObject(source) || !dap_int(args, "line", d->line_base, INT_MAX - 1, &line)) {
        dap_fail(d, req, "gotoTargets needs \"source\" and \"line\"");
        return;
    }
    cJSON *body = cJSON_CreateObject();
    cJSON *targets = cJSON_AddArrayToObject(body, "targets");
    int at = 0, n = our_source(d, source) ? code_line(d, (int)line - d->line_base + 1, &at) : -1;
    if (n >= 0) {
        char where[128], label[160];
        emu_dbg_where(d->dbg, (unsigned)n, where, sizeof where);
        snprintf(label, sizeof label, "line %d (%s)", n, where);
        cJSON *t = cJSON_CreateObject();
        cJSON_AddNumberToObject(t, "id", n + 1);   /* ids are not 0 */
        cJSON_AddStringToObject(t, "label", label);
        cJSON_AddNumberToObject(t, "line", at + d->line_base - 1);
        cJSON_AddItemToArray(targets, t);
    }
    dap_respond(d, req, body);
}

void dap_goto(dap *d, const cJSON *req, const cJSON *args)
{
    long long id;
    if (!dap_int(args, "targetId", 1, SSEM_WORDS, &id)) {
        dap_fail(d, req, "no such goto target");
        return;
    }
    if (emu_dbg_state(d->dbg)->halted) {
        dap_fail(d, req, "the machine has halted (step back first)");
        return;
    }
    /* The next instruction is fetched from CI + 1. */
    if (emu_dbg_set_ci(d->dbg, (uint32_t)(id - 2) & (SSEM_WORDS - 1)) != 0) {
        dap_fail(d, req, "out of memory");
        return;
    }
    dap_respond(d, req, NULL);
    emu_dbg_stop s = { .reason = EMU_DBG_NONE };
    dap_stopped(d, "goto", &s);
}
