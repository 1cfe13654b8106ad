/* test_dap_client.c: the scripted DAP client of the DAP tests: a real ssememu --dap process, real Content-Length framing. */
#include "test_dap.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "test_util.h"

/* Generous: the sanitizer build and a loaded machine are slow. */
enum { TIMEOUT_MS = 30000 };

void dc_start(dc *c, ...)
{
    memset(c, 0, sizeof *c);
    c->seq = 1;
    const char *argv[16];
    int n = 0;
    argv[n++] = "ssememu";
    argv[n++] = "--dap";
    va_list ap;
    va_start(ap, c);
    const char *a;
    while ((a = va_arg(ap, const char *)) && n < 15)
        argv[n++] = a;
    va_end(ap);
    argv[n] = NULL;
    char path[4096];
    snprintf(path, sizeof path, "%s/ssememu", tu_bin_dir());
    int pin[2], pout[2];
    cr_assert(pipe(pin) == 0 && pipe(pout) == 0);
    signal(SIGPIPE, SIG_IGN);
    c->pid = fork();
    cr_assert(c->pid >= 0);
    if (c->pid == 0) {
        signal(SIGPIPE, SIG_DFL);
        dup2(pin[0], 0);
        dup2(pout[1], 1);
        close(pin[0]); close(pin[1]);
        close(pout[0]); close(pout[1]);
        execv(path, (char *const *)argv);
        _exit(127);
    }
    close(pin[0]);
    close(pout[1]);
    c->to = pin[1];
    c->from = pout[0];
}

int dc_close(dc *c)
{
    if (c->to >= 0)
        close(c->to);
    c->to = -1;
    int st = 0;
    while (waitpid(c->pid, &st, 0) < 0 && errno == EINTR)
        ;
    close(c->from);
    for (size_t i = 0; i < c->nseen; i++)
        cJSON_Delete(c->seen[i]);
    free(c->buf);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

void dc_raw(dc *c, const char *bytes, size_t n)
{
    while (n > 0) {
        ssize_t k = write(c->to, bytes, n);
        if (k < 0 && errno == EINTR)
            continue;
        cr_assert(k > 0, "writing to the adapter: %s", strerror(errno));
        bytes += k;
        n -= (size_t)k;
    }
}

int dc_send(dc *c, const char *command, const char *args)
{
    char *body = NULL;
    int seq = c->seq++;
    int n = asprintf(&body, "{\"seq\":%d,\"type\":\"request\",\"command\":\"%s\"%s%s}", seq, command,
                     args ? ",\"arguments\":" : "", args ? args : "");
    cr_assert(n > 0);
    char head[64];
    int h = snprintf(head, sizeof head, "Content-Length: %d\r\n\r\n", n);
    dc_raw(c, head, (size_t)h);
    dc_raw(c, body, (size_t)n);
    free(body);
    return seq;
}

/* Read more bytes from the adapter; fails the test on timeout or EOF. */
static void more(dc *c)
{
    struct pollfd p = { c->from, POLLIN, 0 };
    int r;
    while ((r = poll(&p, 1, TIMEOUT_MS)) < 0 && errno == EINTR)
        ;
    cr_assert(r > 0, "the adapter sent nothing for %d ms", TIMEOUT_MS);
    if (c->len + 65536 > c->cap) {
        c->cap = c->len + 65536;
        c->buf = realloc(c->buf, c->cap);
        cr_assert(c->buf);
    }
    ssize_t k = read(c->from, c->buf + c->len, 65536);
    cr_assert(k > 0, "the adapter closed its output");
    c->len += (size_t)k;
}

/* One framed message; the adapter's framing is checked to the byte. */
static cJSON *next_message(dc *c)
{
    static const char head[] = "Content-Length: ";
    char *end;
    while (!c->buf || !(end = memmem(c->buf, c->len, "\r\n\r\n", 4)))
        more(c);
    cr_assert(c->len > sizeof head && memcmp(c->buf, head, sizeof head - 1) == 0, "bad header from the adapter: %.40s",
              c->buf);
    size_t n = 0;
    for (char *p = c->buf + sizeof head - 1; p < end; p++) {
        cr_assert(*p >= '0' && *p <= '9', "bad Content-Length from the adapter");
        n = n * 10 + (size_t)(*p - '0');
    }
    size_t start = (size_t)(end + 4 - c->buf);
    while (c->len < start + n)
        more(c);
    cJSON *m = cJSON_ParseWithLength(c->buf + start, n);
    cr_assert(m, "the adapter sent bad JSON: %.*s", (int)n, c->buf + start);
    memmove(c->buf, c->buf + start + n, c->len - start - n);
    c->len -= start + n;
    cr_assert(c->nseen < sizeof c->seen / sizeof c->seen[0]);
    c->seen[c->nseen++] = m;
    return m;
}

static void enqueue(dc *c, cJSON *m)
{
    cr_assert(c->nqueue < sizeof c->queue / sizeof c->queue[0]);
    c->queue[c->nqueue++] = m;
}

static cJSON *take(dc *c, size_t i)
{
    cJSON *m = c->queue[i];
    memmove(c->queue + i, c->queue + i + 1, (c->nqueue - i - 1) * sizeof *c->queue);
    c->nqueue--;
    return m;
}

cJSON *dc_response(dc *c, int seq)
{
    for (;;) {
        cJSON *m = next_message(c);
        if (strcmp(dc_str(m, "type"), "response") == 0) {
            cr_assert_eq((int)dc_num(m, "request_seq"), seq, "a response to %d where %d was awaited",
                         (int)dc_num(m, "request_seq"), seq);
            return m;
        }
        enqueue(c, m);
    }
}

cJSON *dc_any_response(dc *c)
{
    for (;;) {
        cJSON *m = next_message(c);
        if (strcmp(dc_str(m, "type"), "response") == 0)
            return m;
        enqueue(c, m);
    }
}

cJSON *dc_req(dc *c, const char *command, const char *args)
{
    int seq = dc_send(c, command, args);
    cJSON *r = dc_response(c, seq);
    cr_assert_str_eq(dc_str(r, "command"), command);
    return r;
}

cJSON *dc_ok(dc *c, const char *command, const char *args)
{
    cJSON *r = dc_req(c, command, args);
    cr_assert(cJSON_IsTrue(dc_get(r, "success")), "%s failed: %s", command,
              dc_str(r, "message") ? dc_str(r, "message") : "?");
    return (cJSON *)dc_get(r, "body");
}

cJSON *dc_event(dc *c, const char *event)
{
    for (size_t i = 0; i < c->nqueue; i++) {
        const char *e = dc_str(c->queue[i], "event");
        if (e && strcmp(e, event) == 0)
            return take(c, i);
    }
    for (;;) {
        cJSON *m = next_message(c);
        const char *e = dc_str(m, "event");
        if (e && strcmp(e, event) == 0)
            return m;
        enqueue(c, m);
    }
}

bool dc_queued(dc *c, const char *event)
{
    for (size_t i = 0; i < c->nqueue; i++) {
        const char *e = dc_str(c->queue[i], "event");
        if (e && strcmp(e, event) == 0)
            return true;
    }
    return false;
}

const cJSON *dc_get(const cJSON *obj, const char *path)
{
    char key[128];
    while (obj && *path) {
        size_t n = strcspn(path, ".");
        snprintf(key, sizeof key, "%.*s", (int)n, path);
        obj = cJSON_IsArray(obj) ? cJSON_GetArrayItem(obj, atoi(key)) : cJSON_GetObjectItemCaseSensitive(obj, key);
        path += n + (path[n] == '.');
    }
    return obj;
}

const char *dc_str(const cJSON *obj, const char *path)
{
    const cJSON *v = dc_get(obj, path);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

double dc_num(const cJSON *obj, const char *path)
{
    const cJSON *v = dc_get(obj, path);
    cr_assert(cJSON_IsNumber(v), "no number at %s", path);
    return v->valuedouble;
}

/* A decimal the adapter printed, as the 32-bit word it stands for. */
static uint32_t word_of(const char *s)
{
    cr_assert(s);
    char *end;
    long long v = strtoll(s, &end, 0);
    cr_assert(*end == '\0' && v >= INT32_MIN && v <= (long long)UINT32_MAX, "not a word: %s", s);
    return (uint32_t)v;
}

void dc_machine(dc *c, emu_machine *m)
{
    memset(m, 0, sizeof *m);
    cJSON *regs = dc_ok(c, "variables", "{\"variablesReference\":1}");
    const cJSON *v;
    cJSON_ArrayForEach(v, dc_get(regs, "variables")) {
        const char *name = dc_str(v, "name"), *value = dc_str(v, "value");
        if (strcmp(name, "A") == 0)
            m->a = word_of(value);
        else if (strcmp(name, "CI") == 0)
            m->ci = word_of(value);
        else if (strcmp(name, "steps") == 0)
            m->steps = strtoull(value, NULL, 10);
        else if (strcmp(name, "halted at") == 0)
            m->halted = true;
    }
    cJSON *store = dc_ok(c, "variables", "{\"variablesReference\":2}");
    size_t i = 0;
    cJSON_ArrayForEach(v, dc_get(store, "variables")) {
        cr_assert(i < 32);
        cr_assert_eq(atoi(dc_str(v, "name")), (int)i);
        m->store[i++] = word_of(dc_str(v, "value"));
    }
    cr_assert_eq(i, 32);
}

int dc_frame_line(dc *c)
{
    cJSON *b = dc_ok(c, "stackTrace", "{\"threadId\":1}");
    cr_assert_eq(dc_num(b, "totalFrames"), 1);
    return (int)dc_num(b, "stackFrames.0.line");
}
