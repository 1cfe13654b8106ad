/* fuzz_dap.c: libFuzzer target: arbitrary bytes as the input of a whole ssememu --dap session; its output must stay framed, valid JSON. */
#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emu_dap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A launch's "program" is taken as the program's text itself, so the
 * fuzzer reaches the assembler and every request on a real machine without
 * touching the file system. */
static int read_program(const char *path, char **text, size_t *len, char *why, size_t whylen)
{
    (void)why;
    (void)whylen;
    *len = strlen(path);
    *text = strdup(path);
    if (!*text)
        abort();
    return 0;
}

/* Every message the adapter wrote: "Content-Length: N\r\n\r\n" then N bytes of a JSON object. */
static void check_output(const char *out, size_t len)
{
    static const char head[] = "Content-Length: ";
    size_t at = 0;
    while (at < len) {
        if (len - at < sizeof head || memcmp(out + at, head, sizeof head - 1) != 0) {
            fprintf(stderr, "output not framed at byte %zu\n", at);
            abort();
        }
        at += sizeof head - 1;
        size_t n = 0;
        while (at < len && out[at] >= '0' && out[at] <= '9')
            n = n * 10 + (size_t)(out[at++] - '0');
        if (len - at < 4 + n || memcmp(out + at, "\r\n\r\n", 4) != 0) {
            fprintf(stderr, "bad frame header or short body at byte %zu\n", at);
            abort();
        }
        at += 4;
        cJSON *m = cJSON_ParseWithLength(out + at, n);
        if (!cJSON_IsObject(m) || !cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(m, "seq"))) {
            fprintf(stderr, "adapter wrote a bad message: %.*s\n", (int)n, out + at);
            abort();
        }
        cJSON_Delete(m);
        at += n;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    if (!f)
        abort();
    emu_dap_io io;
    emu_dap_io_init_mem(&io, data, size, f);
    /* Short runs: a continue on a program that never halts pauses after
     * max_run steps, so every input ends quickly. */
    emu_dap_opts opts = { .engine = "reference", .chunk = 512, .max_run = 4096, .read_program = read_program };
    int rc = emu_dap_serve(&io, &opts);
    if (fclose(f) != 0 || rc != 0)
        abort();
    check_output(out, len);
    free(out);
    return 0;
}
