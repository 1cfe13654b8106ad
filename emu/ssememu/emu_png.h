/* emu_png.h: the final CRT as a PNG picture (green dots on black, A and CI lines below the store). */
#ifndef EMU_PNG_H
#define EMU_PNG_H

#include <stdio.h>

#include "emu.h"

/*
 * Geometry (documented in ssememu(1)): every bit is a cell of EMU_PNG_CELL
 * pixels square inside a border of EMU_PNG_BORDER pixels. Rows 0..31 are
 * the store lines, row 32 is blank, row 33 is A, row 34 blank, row 35 CI.
 * Bit 0 is the leftmost column. A 1 bit is a bright green dash, a 0 bit a
 * small dim green dot, both centred in the cell; the rest is black.
 */
enum {
    EMU_PNG_CELL = 12,
    EMU_PNG_BORDER = 12,
    EMU_PNG_ROW_A = 33,
    EMU_PNG_ROW_CI = 35,
    EMU_PNG_ROWS = 36,
    EMU_PNG_WIDTH = 2 * EMU_PNG_BORDER + SSEM_BITS * EMU_PNG_CELL,    /* 408 */
    EMU_PNG_HEIGHT = 2 * EMU_PNG_BORDER + EMU_PNG_ROWS * EMU_PNG_CELL, /* 456 */
};

/* RGB of a lit (1) dash and of an unlit (0) dot. */
#define EMU_PNG_ONE_RGB 0x40, 0xff, 0x70
#define EMU_PNG_ZERO_RGB 0x10, 0x60, 0x28

/* Centre pixel of bit `bit` of picture row `row` (store line, or EMU_PNG_ROW_A/CI). */
static inline unsigned emu_png_cell_x(unsigned bit) { return EMU_PNG_BORDER + bit * EMU_PNG_CELL + EMU_PNG_CELL / 2; }
static inline unsigned emu_png_cell_y(unsigned row) { return EMU_PNG_BORDER + row * EMU_PNG_CELL + EMU_PNG_CELL / 2; }

/* Render m into an RGB buffer of EMU_PNG_WIDTH * EMU_PNG_HEIGHT * 3 bytes. */
void emu_png_render(const emu_machine *m, unsigned char *rgb);

/* Encode the picture of m as PNG to f. Returns 0, or -1 (libpng or stream error). */
int emu_png_write(const emu_machine *m, FILE *f);

#endif
