/* emu_png.c: libpng encoder for the CRT picture of a machine state. */
#include "emu_png.h"

#include <png.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

/* libpng reports errors by longjmp; everything it needs lives in this frame. */
static int encode(const unsigned char *rgb, FILE *f)
{
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    if (!png)
        return -1;
    png_infop info = png_create_info_struct(png);
    if (!info) {
        png_destroy_write_struct(&png, NULL);
        return -1;
    }
    png_bytep rows[EMU_PNG_HEIGHT];
    for (unsigned y = 0; y < EMU_PNG_HEIGHT; y++)
        rows[y] = (png_bytep)(rgb + (size_t)y * EMU_PNG_WIDTH * 3);
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        return -1;
    }
    png_init_io(png, f);
    png_set_IHDR(png, info, EMU_PNG_WIDTH, EMU_PNG_HEIGHT, 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_set_rows(png, info, rows);
    png_write_png(png, info, PNG_TRANSFORM_IDENTITY, NULL);
    png_destroy_write_struct(&png, &info);
    return 0;
}

int emu_png_write(const emu_machine *m, FILE *f)
{
    unsigned char *rgb = malloc((size_t)EMU_PNG_WIDTH * EMU_PNG_HEIGHT * 3);
    if (!rgb)
        return -1;
    emu_png_render(m, rgb);
    int rc = encode(rgb, f);
    free(rgb);
    return rc == 0 && !ferror(f) ? 0 : -1;
}
