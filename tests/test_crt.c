/* test_crt.c: unit tests of ssememu's presentation code: text CRT, dump formats, trace line, PNG picture. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "emu.h"
#include "emu_crt.h"
#include "emu_dump.h"
#include "emu_png.h"
#include "ssem_image.h"
#include "test_util.h"

/* A machine with recognisable contents: line 27 = 2^17 (the hfr answer),
 * line 1 an instruction, A negative, CI past the end of the store. */
static emu_machine sample(void)
{
    emu_machine m;
    emu_machine_init(&m, NULL);
    m.store[1] = 0x4018u;           /* LDN 24 */
    m.store[13] = 0xE000u;          /* STP */
    m.store[27] = 131072u;
    m.store[31] = 0xFFFFFFFFu;
    m.a = (uint32_t)-5;
    m.ci = 13;
    m.steps = 2097154;
    m.halted = true;
    return m;
}

/* The n-th line (0-based) of text, copied into a static buffer. */
static const char *nth_line(const char *text, int n)
{
    static char line[512];
    const char *p = text;
    for (int i = 0; i < n && p; i++) {
        p = strchr(p, '\n');
        if (p)
            p++;
    }
    cr_assert(p && *p, "text has no line %d", n);
    size_t len = strcspn(p, "\n");
    cr_assert_lt(len, sizeof line);
    memcpy(line, p, len);
    line[len] = '\0';
    return line;
}

static char *dump_to_string(const emu_machine *m, emu_dump_format fmt)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    cr_assert(f);
    cr_assert_eq(emu_dump(m, fmt, f), 0);
    fclose(f);
    return buf;
}

Test(crt_text, store_lines_bit0_left)
{
    emu_machine m = sample();
    char text[EMU_CRT_TEXT_MAX];
    size_t n = emu_crt_render(&m, 0, text, sizeof text);
    cr_assert_lt(n, sizeof text);
    cr_assert_eq(strlen(text), n);
    /* Two ruler lines, then store line k is text line k + 2. */
    const char *l27 = nth_line(text, 2 + 27);
    cr_assert(strstr(l27, ".................#..............      131072"), "line 27: %s", l27);
    const char *l1 = nth_line(text, 2 + 1);
    /* 0x4018: bits 3, 4 and 14 set. */
    cr_assert(strstr(l1, "...##.........#................."), "line 1: %s", l1);
    cr_assert(strstr(l1, "LDN 24"), "line 1: %s", l1);
    cr_assert(strstr(nth_line(text, 2 + 31), "################################          -1"));
}

Test(crt_text, ci_marker_and_registers)
{
    emu_machine m = sample();
    char text[EMU_CRT_TEXT_MAX];
    emu_crt_render(&m, 0, text, sizeof text);
    cr_assert_eq(strncmp(nth_line(text, 2 + 13), " 13 >", 5), 0);
    cr_assert_eq(strncmp(nth_line(text, 2 + 12), " 12  ", 5), 0);
    cr_assert_str_eq(nth_line(text, 34), "");
    cr_assert_str_eq(nth_line(text, 35), "  A     ##.#############################          -5");
    cr_assert_str_eq(nth_line(text, 36), " CI     #.##............................          13");
    cr_assert_str_eq(nth_line(text, 37), "halted: yes  steps: 2097154  CI: 13  A: -5");
}

Test(crt_text, ci_past_store_names_line)
{
    emu_machine m = sample();
    m.ci = 33;
    m.halted = false;
    char sum[128];
    emu_crt_summary(&m, sum, sizeof sum);
    cr_assert_str_eq(sum, "halted: no  steps: 2097154  CI: 33 (line 1)  A: -5");
    char text[EMU_CRT_TEXT_MAX];
    emu_crt_render(&m, 0, text, sizeof text);
    cr_assert_eq(strncmp(nth_line(text, 2 + 1), "  1 >", 5), 0);
}

Test(crt_text, truncates_like_snprintf)
{
    emu_machine m = sample();
    char full[EMU_CRT_TEXT_MAX], small[100];
    size_t n = emu_crt_render(&m, 0, full, sizeof full);
    cr_assert_eq(emu_crt_render(&m, 0, small, sizeof small), n);
    cr_assert_eq(strlen(small), sizeof small - 1);
    cr_assert_eq(strncmp(small, full, sizeof small - 1), 0);
    cr_assert_eq(emu_crt_render(&m, 0, NULL, 0), n);
}

Test(crt_text, ansi_erases_each_line)
{
    emu_machine m = sample();
    char text[EMU_CRT_TEXT_MAX];
    emu_crt_render(&m, EMU_CRT_ANSI | EMU_CRT_NO_SUMMARY, text, sizeof text);
    int lines = 0, erased = 0;
    for (const char *p = text; (p = strchr(p, '\n')); p++) {
        lines++;
        if (p - text >= 3 && memcmp(p - 3, "\x1b[K", 3) == 0)
            erased++;
    }
    cr_assert_eq(lines, 2 + 32 + 1 + 2);
    cr_assert_eq(erased, lines);
    cr_assert_null(strstr(text, "halted:"));
}

Test(crt_dump, format_names)
{
    cr_assert_eq(emu_dump_format_from_name("crt"), EMU_DUMP_CRT);
    cr_assert_eq(emu_dump_format_from_name("bits"), EMU_DUMP_BITS);
    cr_assert_eq(emu_dump_format_from_name("dec"), EMU_DUMP_DEC);
    cr_assert_eq(emu_dump_format_from_name("asm"), EMU_DUMP_ASM);
    cr_assert_eq(emu_dump_format_from_name("json"), EMU_DUMP_JSON);
    cr_assert_eq(emu_dump_format_from_name("none"), EMU_DUMP_NONE);
    cr_assert_eq(emu_dump_format_from_name("CRT"), EMU_DUMP_INVALID);
    cr_assert_eq(emu_dump_format_from_name(""), EMU_DUMP_INVALID);
}

Test(crt_dump, json_is_one_exact_line)
{
    emu_machine m = sample();
    char *s = dump_to_string(&m, EMU_DUMP_JSON);
    cr_assert_str_eq(s, "{\"halted\": true, \"steps\": 2097154, \"ci\": 13, \"a\": 4294967291, \"store\": "
                        "[0, 16408, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 57344, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, "
                        "0, 0, 0, 131072, 0, 0, 0, 4294967295]}\n");
    free(s);
}

Test(crt_dump, none_is_empty)
{
    emu_machine m = sample();
    char *s = dump_to_string(&m, EMU_DUMP_NONE);
    cr_assert_str_eq(s, "");
    free(s);
}

/* bits and dec are image formats: the dump reads back as the same store. */
Test(crt_dump, bits_and_dec_read_back_as_images)
{
    emu_machine m = sample();
    const struct { emu_dump_format d; ssem_format f; } cases[] = {
        { EMU_DUMP_BITS, SSEM_FMT_BITS }, { EMU_DUMP_DEC, SSEM_FMT_DEC },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *s = dump_to_string(&m, cases[i].d);
        ssem_image img;
        ssem_diag d;
        ssem_diag_init(&d, stderr);
        cr_assert_eq(ssem_image_parse(&img, s, strlen(s), "dump", cases[i].f, &d), 0);
        cr_assert_eq(memcmp(img.word, m.store, sizeof m.store), 0, "format %d", (int)cases[i].d);
        free(s);
    }
    char *bits = dump_to_string(&m, EMU_DUMP_BITS);
    cr_assert_str_eq(nth_line(bits, 27), "00000000000000000100000000000000");
    free(bits);
}

Test(crt_dump, asm_lines_and_registers)
{
    emu_machine m = sample();
    char *s = dump_to_string(&m, EMU_DUMP_ASM);
    cr_assert_str_eq(nth_line(s, 0), "; halted: yes  steps: 2097154  CI: 13  A: -5");
    cr_assert(strncmp(nth_line(s, 1 + 1), "01: LDN 24", 10) == 0, "%s", nth_line(s, 2));
    cr_assert(strstr(nth_line(s, 1 + 13), "<- CI"));
    cr_assert(strstr(nth_line(s, 1 + 27), "131072"));
    free(s);
}

Test(crt_dump, trace_line)
{
    emu_machine before = sample(), after;
    before.ci = 0;
    before.steps = 0;
    before.halted = false;
    after = before;
    after.ci = 1;
    after.steps = 1;
    after.a = 0;   /* LDN 24 of a zero line */
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    cr_assert_eq(emu_trace_step(&before, &after, f), 0);
    fclose(f);
    cr_assert_str_eq(buf, "step 1  ci 1  word 0x00004018  LDN 24    a 0\n");
    free(buf);
}

Test(crt_png, render_geometry)
{
    emu_machine m = sample();
    unsigned char *rgb = malloc((size_t)EMU_PNG_WIDTH * EMU_PNG_HEIGHT * 3);
    cr_assert(rgb);
    emu_png_render(&m, rgb);
#define PX(x, y) (rgb + ((size_t)(y) * EMU_PNG_WIDTH + (x)) * 3)
    /* Line 27 bit 17 is lit, bit 16 is a dim dot, the border is black. */
    cr_assert_eq(PX(emu_png_cell_x(17), emu_png_cell_y(27))[1], 0xff);
    cr_assert_eq(PX(emu_png_cell_x(16), emu_png_cell_y(27))[1], 0x60);
    cr_assert_eq(PX(0, 0)[1], 0);
    /* A = -5 = ...11011: bit 2 clear, bits 0 and 31 set. */
    cr_assert_eq(PX(emu_png_cell_x(0), emu_png_cell_y(EMU_PNG_ROW_A))[1], 0xff);
    cr_assert_eq(PX(emu_png_cell_x(2), emu_png_cell_y(EMU_PNG_ROW_A))[1], 0x60);
    cr_assert_eq(PX(emu_png_cell_x(31), emu_png_cell_y(EMU_PNG_ROW_A))[1], 0xff);
    /* CI = 13 = bits 0, 2, 3. */
    cr_assert_eq(PX(emu_png_cell_x(2), emu_png_cell_y(EMU_PNG_ROW_CI))[1], 0xff);
    cr_assert_eq(PX(emu_png_cell_x(1), emu_png_cell_y(EMU_PNG_ROW_CI))[1], 0x60);
    /* The blank rows between store, A and CI stay black. */
    cr_assert_eq(PX(emu_png_cell_x(0), emu_png_cell_y(32))[1], 0);
    cr_assert_eq(PX(emu_png_cell_x(0), emu_png_cell_y(34))[1], 0);
#undef PX
    free(rgb);
}

/* The encoder is libpng's; the suite links no libpng, so it reads back the
 * header of what ssememu --png wrote: signature, IHDR and its geometry. */
Test(crt_png, encodes_png_header)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/crt.png", tu_tmpdir());
    tu_run r = tu_execl(NULL, "ssememu", "--dump", "none", "--png", path, "examples/hfr.s", NULL);
    cr_assert_eq(r.status, 0, "status %d: %s", r.status, r.err);
    tu_run_free(&r);
    size_t len = 0;
    char *buf = tu_read(path, &len);
    cr_assert(buf);
    cr_assert_gt(len, 33);
    cr_assert_eq(memcmp(buf, "\x89PNG\r\n\x1a\n", 8), 0);
    cr_assert_eq(memcmp(buf + 12, "IHDR", 4), 0);
    unsigned w = (unsigned)((unsigned char)buf[16] << 24 | (unsigned char)buf[17] << 16 |
                            (unsigned char)buf[18] << 8 | (unsigned char)buf[19]);
    unsigned h = (unsigned)((unsigned char)buf[20] << 24 | (unsigned char)buf[21] << 16 |
                            (unsigned char)buf[22] << 8 | (unsigned char)buf[23]);
    cr_assert_eq(w, EMU_PNG_WIDTH);
    cr_assert_eq(h, EMU_PNG_HEIGHT);
    cr_assert_eq(buf[24], 8);   /* bit depth */
    cr_assert_eq(buf[25], 2);   /* colour type RGB */
    free(buf);
    unlink(path);
}
