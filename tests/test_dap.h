/* test_dap.h: a scripted Debug Adapter Protocol client that drives `ssememu --dap` over pipes, with its own framing. */
#ifndef TEST_DAP_H
#define TEST_DAP_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "emu.h"

typedef struct dc {
    pid_t pid;
    int to, from;          /* the adapter's stdin and stdout */
    char *buf;             /* bytes read, not yet made into messages */
    size_t len, cap;
    int seq;
    cJSON *queue[1024];    /* messages read and not yet taken */
    size_t nqueue;
    cJSON *seen[4096];     /* every message, freed at dc_close */
    size_t nseen;
} dc;

/* Start `ssememu --dap` (extra arguments may follow, NULL-terminated). */
void dc_start(dc *c, ...) __attribute__((sentinel));
/* Close its input, wait for it, and return its exit status. */
int dc_close(dc *c);

/* Bytes as they are, framing and all. */
void dc_raw(dc *c, const char *bytes, size_t n);
/* A framed request; args is JSON text or NULL. Returns its seq. */
int dc_send(dc *c, const char *command, const char *args);
/* The response to request seq (events met on the way are queued). */
cJSON *dc_response(dc *c, int seq);
/* The next response of any request (for raw input). */
cJSON *dc_any_response(dc *c);
/* send + response; dc_ok also asserts success and returns the body (or NULL). */
cJSON *dc_req(dc *c, const char *command, const char *args);
cJSON *dc_ok(dc *c, const char *command, const char *args);
/* The next event named `event`, from the queue or read (others queued). */
cJSON *dc_event(dc *c, const char *event);
/* Whether an event named `event` is queued (reading nothing). */
bool dc_queued(dc *c, const char *event);

/* Fields. */
const char *dc_str(const cJSON *obj, const char *path);   /* "body.reason" */
double dc_num(const cJSON *obj, const char *path);
const cJSON *dc_get(const cJSON *obj, const char *path);

/* The machine at the present stop, read through variables (registers and store). */
void dc_machine(dc *c, emu_machine *m);
/* The frame's source line at the present stop (0: none). */
int dc_frame_line(dc *c);

#endif
