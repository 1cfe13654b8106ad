/* asm_load.c: a store from a file's bytes: a store image in any format, or assembly source (what ssememu and ssem-bench load). */
#include <string.h>

#include "asm.h"

int asm_load_store(const char *data, size_t len, const char *name, bool forced, ssem_format fmt,
                   const asm_options *opt, ssem_image *img, bool *is_image, asm_program **program,
                   ssem_diag *d)
{
    if (program)
        *program = NULL;
    memset(img, 0, sizeof *img);
    if (!forced)
        fmt = ssem_image_detect(data, len);
    /* Binary data that is no image of the right size is not source either:
     * the image parser says precisely what it is, instead of the assembler
     * flooding the terminal with one error per byte. */
    bool not_source = fmt == SSEM_FMT_AUTO && !forced && ssem_data_is_binary(data, len);
    if (is_image)
        *is_image = fmt != SSEM_FMT_AUTO || not_source;
    if (fmt != SSEM_FMT_AUTO || not_source)
        return ssem_image_parse(img, data, len, name, fmt, d);
    asm_program *p = asm_assemble(data, len, name, opt, d);
    if (!p)
        return -1;
    asm_program_image(p, img);
    if (program)
        *program = p;
    else
        asm_program_free(p);
    return 0;
}
