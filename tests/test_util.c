/* test_util.c: process running, file and golden-file helpers shared by the test suites. */
#include "test_util.h"

#include <cjson/cJSON.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

const char *tu_bin_dir(void)
{
    const char *b = getenv("SSEM_BIN");
    return b && *b ? b : "build/bin";
}

const char *tu_corpus_dir(void)
{
    const char *c = getenv("SSEM_CORPUS");
    if (!c || !*c)
        c = "../shared/corpus";
    struct stat st;
    char probe[4096];
    snprintf(probe, sizeof probe, "%s/expected.json", c);
    return stat(probe, &st) == 0 ? c : NULL;
}

static void append(char **buf, size_t *len, size_t *cap, const char *src, size_t n)
{
    if (*len + n + 1 > *cap) {
        while (*len + n + 1 > *cap)
            *cap = *cap ? *cap * 2 : 4096;
        *buf = realloc(*buf, *cap);
        if (!*buf)
            abort();
    }
    memcpy(*buf + *len, src, n);
    *len += n;
    (*buf)[*len] = '\0';
}

static tu_run exec_setup(const char *const argv[], const char *in, size_t inlen, void (*setup)(void))
{
    tu_run r = { 0 };
    int pin[2], pout[2], perr[2];
    if (pipe(pin) || pipe(pout) || pipe(perr))
        abort();
    char path[4096];
    if (strchr(argv[0], '/'))
        snprintf(path, sizeof path, "%s", argv[0]);
    else
        snprintf(path, sizeof path, "%s/%s", tu_bin_dir(), argv[0]);
    /* A child that stops reading its stdin must not kill the test with
     * SIGPIPE: the write fails with EPIPE instead. The child gets the
     * default back, since an ignored signal stays ignored across exec. */
    signal(SIGPIPE, SIG_IGN);
    pid_t pid = fork();
    if (pid < 0)
        abort();
    if (pid == 0) {
        signal(SIGPIPE, SIG_DFL);
        dup2(pin[0], 0);
        dup2(pout[1], 1);
        dup2(perr[1], 2);
        close(pin[0]); close(pin[1]);
        close(pout[0]); close(pout[1]);
        close(perr[0]); close(perr[1]);
        if (setup)
            setup();
        execv(path, (char *const *)argv);
        fprintf(stderr, "exec %s: %s\n", path, strerror(errno));
        _exit(127);
    }
    close(pin[0]);
    close(pout[1]);
    close(perr[1]);
    fcntl(pin[1], F_SETFL, O_NONBLOCK);
    size_t sent = 0;
    if (!in || inlen == 0) {
        close(pin[1]);
        pin[1] = -1;
    }
    size_t outcap = 0, errcap = 0;
    append(&r.out, &r.outlen, &outcap, "", 0);
    append(&r.err, &r.errlen, &errcap, "", 0);
    int open_fds = 2;
    while (open_fds > 0 || pin[1] >= 0) {
        struct pollfd fds[3] = {
            { pout[0], POLLIN, 0 }, { perr[0], POLLIN, 0 }, { pin[1], POLLOUT, 0 },
        };
        if (poll(fds, 3, -1) < 0) {
            if (errno == EINTR)
                continue;
            abort();
        }
        char buf[65536];
        for (int i = 0; i < 2; i++) {
            if (fds[i].fd >= 0 && (fds[i].revents & (POLLIN | POLLHUP | POLLERR))) {
                ssize_t n = read(fds[i].fd, buf, sizeof buf);
                if (n > 0) {
                    if (i == 0)
                        append(&r.out, &r.outlen, &outcap, buf, (size_t)n);
                    else
                        append(&r.err, &r.errlen, &errcap, buf, (size_t)n);
                } else {
                    close(fds[i].fd);
                    if (i == 0) pout[0] = -1; else perr[0] = -1;
                    open_fds--;
                }
            }
        }
        if (pin[1] >= 0 && (fds[2].revents & (POLLOUT | POLLERR | POLLHUP))) {
            ssize_t n = write(pin[1], in + sent, inlen - sent);
            if (n > 0)
                sent += (size_t)n;
            if (n < 0 && errno != EAGAIN) {
                close(pin[1]);
                pin[1] = -1;
            } else if (sent == inlen) {
                close(pin[1]);
                pin[1] = -1;
            }
        }
    }
    int st = 0;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
        ;
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    return r;
}

tu_run tu_exec(const char *const argv[], const char *in, size_t inlen)
{
    return exec_setup(argv, in, inlen, NULL);
}

tu_run tu_exec_with(const char *const argv[], void (*setup)(void))
{
    return exec_setup(argv, NULL, 0, setup);
}

tu_run tu_execl(const char *in, const char *prog, ...)
{
    const char *argv[64];
    int n = 0;
    argv[n++] = prog;
    va_list ap;
    va_start(ap, prog);
    const char *a;
    while ((a = va_arg(ap, const char *)) && n < 63)
        argv[n++] = a;
    va_end(ap);
    argv[n] = NULL;
    return tu_exec(argv, in, in ? strlen(in) : 0);
}

void tu_run_free(tu_run *r)
{
    free(r->out);
    free(r->err);
    r->out = r->err = NULL;
}

char *tu_read(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = NULL;
    size_t n = 0, cap = 0;
    char chunk[65536];
    size_t got;
    append(&buf, &n, &cap, "", 0);
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
        append(&buf, &n, &cap, chunk, got);
    fclose(f);
    if (len)
        *len = n;
    return buf;
}

bool tu_write(const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return false;
    bool ok = fwrite(data, 1, len, f) == len;
    return fclose(f) == 0 && ok;
}

bool tu_golden(const char *path, const char *got, size_t len)
{
    const char *upd = getenv("SSEM_UPDATE_GOLDEN");
    if (upd && strcmp(upd, "1") == 0)
        return tu_write(path, got, len);
    size_t glen;
    char *want = tu_read(path, &glen);
    bool same = want && glen == len && memcmp(want, got, len) == 0;
    if (!same)
        fprintf(stderr, "golden mismatch: %s (got %zu bytes, want %zu)\n--- got ---\n%.*s--- want ---\n%s\n",
                path, len, want ? glen : 0, (int)len, got, want ? want : "(missing)");
    free(want);
    return same;
}

const char *tu_tmpdir(void)
{
    static char dir[256];
    const char *base = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/ssem-test-XXXXXX", base && *base ? base : "/tmp");
    if (!mkdtemp(dir))
        abort();
    return dir;
}

/* 32 words of a JSON array; false unless it is exactly that. */
static bool json_words(const cJSON *arr, uint32_t out[TU_WORDS])
{
    if (!cJSON_IsArray(arr) || cJSON_GetArraySize(arr) != TU_WORDS)
        return false;
    int i = 0;
    const cJSON *v;
    cJSON_ArrayForEach(v, arr) {
        if (!cJSON_IsNumber(v) || v->valuedouble < 0 || v->valuedouble > 4294967295.0)
            return false;
        out[i++] = (uint32_t)v->valuedouble;
    }
    return true;
}

static bool json_case(const cJSON *e, tu_case *c)
{
    memset(c, 0, sizeof *c);
    snprintf(c->key, sizeof c->key, "%s", e->string ? e->string : "");
    const cJSON *files = cJSON_GetObjectItemCaseSensitive(e, "files"), *f;
    cJSON_ArrayForEach(f, files) {
        if (!cJSON_IsString(f) || c->nfiles == TU_CASE_FILES)
            return false;
        snprintf(c->files[c->nfiles++], sizeof c->files[0], "%s", f->valuestring);
    }
    const cJSON *halted = cJSON_GetObjectItemCaseSensitive(e, "halted");
    c->halted = cJSON_IsTrue(halted);
    const cJSON *steps = cJSON_GetObjectItemCaseSensitive(e, c->halted ? "steps" : "checkpoint_steps");
    const cJSON *ci = cJSON_GetObjectItemCaseSensitive(e, "ci"), *a = cJSON_GetObjectItemCaseSensitive(e, "a");
    if (!c->nfiles || !cJSON_IsBool(halted) || !cJSON_IsNumber(steps) || !cJSON_IsNumber(ci) || !cJSON_IsNumber(a))
        return false;
    c->steps = (uint64_t)steps->valuedouble;
    c->ci = (uint32_t)ci->valuedouble;
    c->a = (uint32_t)a->valuedouble;
    return json_words(cJSON_GetObjectItemCaseSensitive(e, "initial"), c->initial) &&
           json_words(cJSON_GetObjectItemCaseSensitive(e, c->halted ? "final" : "store"), c->store);
}

int tu_corpus_load(const char *dir, tu_case **out, char *why, size_t whylen)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/expected.json", dir);
    *out = NULL;
    char *text = tu_read(path, NULL);
    if (!text) {
        snprintf(why, whylen, "cannot read %s", path);
        return -1;
    }
    cJSON *root = cJSON_Parse(text);
    free(text);
    if (!cJSON_IsObject(root)) {
        snprintf(why, whylen, "%s is not a JSON object", path);
        cJSON_Delete(root);
        return -1;
    }
    int n = cJSON_GetArraySize(root), i = 0;
    tu_case *cases = calloc(n ? (size_t)n : 1, sizeof *cases);
    const cJSON *e;
    cJSON_ArrayForEach(e, root) {
        if (!cases || !json_case(e, &cases[i])) {
            snprintf(why, whylen, "%s: entry %d (%s) is malformed", path, i, e->string ? e->string : "?");
            free(cases);
            cJSON_Delete(root);
            return -1;
        }
        i++;
    }
    cJSON_Delete(root);
    *out = cases;
    return n;
}
