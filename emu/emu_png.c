/* emu_png.c: libpng encoder for the CRT picture of a machine state. */
#include "emu_png.h"

#include <png.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

static void fill(unsigned char *rgb, unsigned x0, unsigned y0, unsigned w, unsigned h,
                 unsigned char r, unsigned char g, unsigned char b)
{
    for (unsigned y = y0; y < y0 + h; y++)
        for (unsigned x = x0; x < x0 + w; x++) {
            unsigned char *p = rgb + ((size_t)y * EMU_PNG_WIDTH + x) * 3;
            p[0] = r;
            p[1] = g;
            p[2] = b;
        }
}

static void word_row(unsigned char *rgb, unsigned row, uint32_t w)
{
    static const unsigned char one[3] = { EMU_PNG_ONE_RGB }, zero[3] = { EMU_PNG_ZERO_RGB };
    unsigned cy = emu_png_cell_y(row);
    for (unsigned bit = 0; bit < SSEM_BITS; bit++) {
        unsigned cx = emu_png_cell_x(bit);
        /* The Williams tube drew a 1 as a dash and a 0 as a dot. */
        if ((w >> bit) & 1u)
            fill(rgb, cx - 5, cy - 2, 10, 4, one[0], one[1], one[2]);
        else
            fill(rgb, cx - 1, cy - 1, 3, 3, zero[0], zero[1], zero[2]);
    }
}

void emu_png_render(const emu_machine *m, unsigned char *rgb)
{
    memset(rgb, 0, (size_t)EMU_PNG_WIDTH * EMU_PNG_HEIGHT * 3);
    for (unsigned n = 0; n < SSEM_WORDS; n++)
        word_row(rgb, n, m->store[n]);
    word_row(rgb, EMU_PNG_ROW_A, m->a);
    word_row(rgb, EMU_PNG_ROW_CI, m->ci);
}

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
