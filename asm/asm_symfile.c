/* asm_symfile.c: the sidecar symbol file (ssemasm -g) that lets ssememu debug an image with labels and source lines. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "asm.h"

/* The format is documented in docs/debugging.md; emu/debug reads it. */
int asm_program_write_symbols(const asm_program *p, FILE *out)
{
    fprintf(out, "ssem-symbols 1\nfile %s\n", asm_program_file(p));
    for (unsigned n = 0; n < SSEM_WORDS; n++) {
        int line = asm_program_line_of(p, n);
        if (line)
            fprintf(out, "line %u %d\n", n, line);
    }
    size_t count = asm_program_nsymbols(p);
    for (size_t i = 0; i < count; i++) {
        asm_symbol s = asm_program_symbol(p, i);
        fprintf(out, "%s %s %" PRId64 " %d\n", s.kind == ASM_SYMBOL_LABEL ? "label" : "const", s.name, s.value,
                s.line);
    }
    return ferror(out) ? -1 : 0;
}

char *asm_symbols_path(const char *image)
{
    const char *slash = strrchr(image, '/');
    const char *base = slash ? slash + 1 : image;
    const char *dot = strrchr(base, '.');
    size_t n = dot && dot != base ? (size_t)(dot - image) : strlen(image);
    char *path = malloc(n + 5);
    if (path) {
        memcpy(path, image, n);
        memcpy(path + n, ".sym", 5);
    }
    return path;
}
