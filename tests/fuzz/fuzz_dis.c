/* fuzz_dis.c: libFuzzer target: any store, disassembled word by word or whole (plain or symbolic), reassembles to itself. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "asm.h"
#include "ssem_diag.h"
#include "ssem_dis.h"
#include "ssem_image.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Aborts unless src assembles to exactly the store w. */
static void reassembles_to(const char *src, size_t len, const uint32_t *w)
{
    ssem_diag d;
    ssem_diag_init(&d, stderr);
    asm_options opt = { 0 };
    asm_program *p = asm_assemble(src, len, "dis.s", &opt, &d);
    if (!p) {
        fprintf(stderr, "disassembly does not assemble:\n%.*s", (int)len, src);
        abort();
    }
    ssem_image img;
    asm_program_image(p, &img);
    asm_program_free(p);
    for (int i = 0; i < SSEM_WORDS; i++)
        if (img.word[i] != w[i]) {
            fprintf(stderr, "line %d: %08x disassembles and reassembles to %08x\n%.*s", i, (unsigned)w[i],
                    (unsigned)img.word[i], (int)len, src);
            abort();
        }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint32_t w[SSEM_WORDS] = { 0 };
    for (size_t i = 0; i < size && i < 4 * SSEM_WORDS; i++)
        w[i / 4] |= (uint32_t)data[i] << (8 * (i % 4));

    char src[SSEM_WORDS * 96];
    size_t len = 0;
    for (int i = 0; i < SSEM_WORDS; i++) {
        char text[64];
        size_t tl = ssem_dis_word(w[i], text, sizeof text);
        if (tl >= sizeof text || strlen(text) != tl) {
            fprintf(stderr, "ssem_dis_word(%08x) returned %zu for \"%s\"\n", (unsigned)w[i], tl, text);
            abort();
        }
        char instr[64];
        size_t il = ssem_dis_instr(w[i], instr, sizeof instr);
        if (il >= sizeof instr || strlen(instr) != il) {
            fprintf(stderr, "ssem_dis_instr(%08x) returned %zu for \"%s\"\n", (unsigned)w[i], il, instr);
            abort();
        }
        len += (size_t)snprintf(src + len, sizeof src - len, "%d: %s ; %s\n", i, text, instr);
    }

    reassembles_to(src, len, w);

    /* The whole-store listings, symbolic too, from a start line the input
     * picks (registers in the image or not). */
    ssem_image img = { .ci = w[0], .a = w[1], .has_regs = w[2] & 1 };
    memcpy(img.word, w, sizeof img.word);
    ssem_dis_opts o = { "fuzz.img", "img", (w[2] & 2) != 0, (w[2] & 4) == 0 };
    char *text = NULL;
    size_t tlen = 0;
    FILE *m = open_memstream(&text, &tlen);
    if (!m || ssem_dis_store(m, &img, &o) != 0 || fclose(m) != 0)
        abort();
    reassembles_to(text, tlen, w);
    free(text);
    return 0;
}
