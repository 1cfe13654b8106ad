/* emu_png_render.c: the CRT picture of a machine state as RGB pixels (no libpng: the suite checks it in-process). */
#include "emu_png.h"

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
