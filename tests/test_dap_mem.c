/* test_dap_mem.c: DAP sessions fed from memory: a continue cut into run chunks of any size stops exactly where one long run does. */
#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emu.h"
#include "emu_dap.h"

/* The requests, framed, with seq numbers. */
static char *frame_all(const char *const *reqs, size_t n, size_t *len)
{
    char *buf = NULL;
    FILE *f = open_memstream(&buf, len);
    cr_assert(f);
    for (size_t i = 0; i < n; i++) {
        char *body = NULL;
        int k = asprintf(&body, "{\"seq\":%zu,\"type\":\"request\",%s}", i + 1, reqs[i]);
        cr_assert(k > 0);
        fprintf(f, "Content-Length: %d\r\n\r\n%s", k, body);
        free(body);
    }
    cr_assert(fclose(f) == 0);
    return buf;
}

/* Serve the input with run chunks of `chunk` steps; the stopped events'
 * descriptions, one a line, and the count of failed responses. */
static char *serve(const char *in, size_t len, const char *engine, uint64_t chunk, int *failures)
{
    char *out = NULL, *stops = NULL;
    size_t outlen = 0, stopslen = 0;
    FILE *f = open_memstream(&out, &outlen);
    FILE *s = open_memstream(&stops, &stopslen);
    cr_assert(f && s);
    emu_dap_io io;
    emu_dap_io_init_mem(&io, in, len, f);
    emu_dap_opts opts = { .engine = engine, .chunk = chunk };
    cr_assert_eq(emu_dap_serve(&io, &opts), 0);
    cr_assert(fclose(f) == 0);
    *failures = 0;
    for (char *p = out; (p = strstr(p, "Content-Length: "));) {
        size_t n = strtoul(p + 16, &p, 10);
        p += 4;
        cJSON *m = cJSON_ParseWithLength(p, n);
        cr_assert(m);
        const cJSON *ev = cJSON_GetObjectItem(m, "event");
        if (cJSON_IsString(ev) && strcmp(ev->valuestring, "stopped") == 0)
            fprintf(s, "%s\n", cJSON_GetObjectItem(cJSON_GetObjectItem(m, "body"), "description")->valuestring);
        if (cJSON_IsFalse(cJSON_GetObjectItem(m, "success")))
            (*failures)++;
        cJSON_Delete(m);
        p += n;
    }
    cr_assert(fclose(s) == 0);
    free(out);
    return stops;
}

Test(dap_mem, chunked_continue_stops_where_one_run_does, .timeout = 300)
{
    static const char *const reqs[] = {
        "\"command\":\"initialize\",\"arguments\":{}",
        "\"command\":\"launch\",\"arguments\":{\"program\":\"tests/debug/planted.s\"}",
        "\"command\":\"setBreakpoints\",\"arguments\":{\"source\":{\"path\":\"tests/debug/planted.s\"},"
        "\"breakpoints\":[{\"line\":15},{\"line\":7,\"condition\":\"[count] > 7\"}]}",
        "\"command\":\"setDataBreakpoints\",\"arguments\":{\"breakpoints\":[{\"dataId\":\"16\"}]}",
        "\"command\":\"configurationDone\"",
        "\"command\":\"continue\"", "\"command\":\"continue\"", "\"command\":\"continue\"",
        "\"command\":\"continue\"", "\"command\":\"continue\"", "\"command\":\"continue\"",
        "\"command\":\"continue\"", "\"command\":\"continue\"", "\"command\":\"reverseContinue\"",
        "\"command\":\"reverseContinue\"", "\"command\":\"continue\"", "\"command\":\"continue\"",
        "\"command\":\"disconnect\"",
    };
    size_t len;
    char *in = frame_all(reqs, sizeof reqs / sizeof reqs[0], &len);
    size_t ne;
    const emu_engine *const *list = emu_engine_list(&ne);
    int failures;
    char *want = serve(in, len, "reference", 0, &failures);
    cr_assert_eq(failures, 0);
    /* 13 stops, each a breakpoint or the watch (none the start). */
    int lines = 0;
    for (char *p = want; *p; p++)
        lines += *p == '\n';
    cr_assert_eq(lines, 13, "%s", want);
    cr_assert(!strstr(want, "Start of the history"), "%s", want);
    for (size_t e = 0; e < ne; e++) {
        for (uint64_t chunk = 1; chunk <= 29; chunk++) {
            char *got = serve(in, len, list[e]->name, chunk, &failures);
            cr_assert_eq(failures, 0);
            cr_assert_str_eq(got, want, "engine %s, chunks of %llu steps:\n%s\nwhere one run gives\n%s",
                             list[e]->name, (unsigned long long)chunk, got, want);
            free(got);
        }
    }
    free(want);
    free(in);
}
