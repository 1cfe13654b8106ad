/* emu_dap_internal.h: the DAP session shared by the adapter's files: state, replies, events. */
#ifndef EMU_DAP_INTERNAL_H
#define EMU_DAP_INTERNAL_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "emu_dap.h"
#include "emu_debug.h"

/* The one thread a Baby has, and the variable containers. */
enum { DAP_THREAD = 1, DAP_FRAME = 1, DAP_VARS_REGS = 1, DAP_VARS_STORE = 2, DAP_SOURCE_REF = 1 };

/* Breakpoint ids (the core's) set by one kind of DAP request. */
typedef struct dap_ids {
    int *id;
    size_t n, cap;
} dap_ids;

typedef struct dap {
    emu_dap_io *io;
    const emu_dap_opts *opts;
    int seq;                 /* of the next message sent */
    bool output_failed;
    bool quit;               /* disconnect received: leave the loop */
    bool launched;
    bool configured;         /* configurationDone received */
    bool running;            /* a continue is in progress */
    bool recheck_break;      /* the last run chunk ended before a line that may hold a breakpoint */
    bool ended;              /* exited and terminated sent */
    bool stop_on_entry;
    bool no_debug;
    bool client_invalidated; /* the client understands the invalidated event */
    int line_base;           /* 1, or 0 when the client counts lines from 0 */
    uint64_t run_steps;      /* steps run by the present continue */
    emu_dbg *dbg;
    char *program;           /* as the launch named it */
    char *source_path;       /* the source file frames name, NULL: a disassembly */
    char *source_name;
    char *dis_text;          /* the disassembly served by the source request */
    dap_ids src_bps, fn_bps, data_bps;
} dap;

/* Replies: a success response with body (taken over; NULL for none), an
 * error response, an event (body taken over), an output event. */
void dap_respond(dap *d, const cJSON *req, cJSON *body);
void dap_fail(dap *d, const cJSON *req, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void dap_event(dap *d, const char *event, cJSON *body);
void dap_output(dap *d, const char *category, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Arguments, with defaults for absent or mistyped fields. */
const char *dap_str(const cJSON *obj, const char *key);
bool dap_bool(const cJSON *obj, const char *key, bool dflt);
/* An integer field; false when absent or not an integer in [lo, hi]. */
bool dap_int(const cJSON *obj, const char *key, long long lo, long long hi, long long *out);

int dap_ids_add(dap_ids *v, int id);
void dap_ids_clear(dap *d, dap_ids *v);   /* also deletes them from the core */
void dap_ids_free(dap_ids *v);

/* A stopped event for stop s (its description, breakpoint), with the DAP reason. */
void dap_stopped(dap *d, const char *reason, const emu_dbg_stop *s);

/* The store line about to run (the STP line once halted). */
unsigned dap_current_line(const dap *d);

/* Request handlers in emu_dap_req.c: breakpoints, the state, expressions. */
void dap_set_breakpoints(dap *d, const cJSON *req, const cJSON *args);
void dap_set_function_breakpoints(dap *d, const cJSON *req, const cJSON *args);
void dap_data_breakpoint_info(dap *d, const cJSON *req, const cJSON *args);
void dap_set_data_breakpoints(dap *d, const cJSON *req, const cJSON *args);
void dap_stack_trace(dap *d, const cJSON *req, const cJSON *args);
void dap_scopes(dap *d, const cJSON *req, const cJSON *args);
void dap_variables(dap *d, const cJSON *req, const cJSON *args);
void dap_set_variable(dap *d, const cJSON *req, const cJSON *args);
void dap_evaluate(dap *d, const cJSON *req, const cJSON *args);
void dap_source(dap *d, const cJSON *req, const cJSON *args);
void dap_goto_targets(dap *d, const cJSON *req, const cJSON *args);
void dap_goto(dap *d, const cJSON *req, const cJSON *args);

#endif
