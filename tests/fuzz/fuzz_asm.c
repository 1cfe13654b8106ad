/* fuzz_asm.c: libFuzzer target: arbitrary bytes as assembly source must assemble or be rejected, never crash. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "asm.h"
#include "ssem_diag.h"
#include "ssem_image.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static FILE *sink(void)
{
    /* The listing and the diagnostics are formatted for real (that code can
     * crash too) but thrown away. */
    static FILE *f;
    if (!f && !(f = fopen("/dev/null", "w")))
        abort();
    return f;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* A copy of exactly `size` bytes with no terminator, so ASan catches a
     * scanner that reads past the length it was given. */
    char *src = malloc(size ? size : 1);
    if (!src)
        return 0;
    memcpy(src, data, size);

    /* Half the inputs also get a -D constant, the other half none. */
    static const asm_define defs[] = { { "X", 5 }, { "LIMIT", -1 } };
    asm_options opt = { 0 };
    if (size && (data[0] & 1)) {
        opt.defines = defs;
        opt.ndefines = sizeof defs / sizeof defs[0];
    }

    ssem_diag d;
    ssem_diag_init(&d, (size && (data[0] & 2)) ? sink() : NULL);
    /* Other bits pick the warnings (the flow checks run on whatever store
     * the input makes) and gobaby's reading of line numbers. */
    asm_settings set = { 0 };
    if (size && (data[0] & 16))
        set.warn.extra = true;
    if (size && (data[0] & 32))
        set.dialect = ASM_DIALECT_GOBABY;
    asm_program *p = asm_assemble_ex(src, size, "fuzz.s", &opt, &set, &d);
    if (p) {
        if (ssem_diag_failed(&d) && !d.werror) {
            fprintf(stderr, "asm_assemble returned a program after reporting %d error(s)\n", d.errors);
            abort();
        }
        ssem_image img;
        memset(&img, 0xA5, sizeof img);
        asm_program_image(p, &img);
        /* The listing is slow to render; one input in four gets one. */
        if ((data[0] & 12) == 12)
            asm_program_listing(p, sink());
        asm_program_free(p);
    } else if (d.errors == 0) {
        fprintf(stderr, "asm_assemble failed without reporting an error\n");
        abort();
    }
    free(src);
    return 0;
}
