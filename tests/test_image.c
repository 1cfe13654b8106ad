/* test_image.c: every store image format: detection, reading, writing, round trips, errors (golden), the corpus. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "ssem_image.h"
#include "test_util.h"

/* A few words with every field in use, and the ignored bits. */
static const uint32_t sample[SSEM_WORDS] = {
    0, 0x4018, 0x601A, 0x401A, 0x601B, 0x4017, 0x801B, 0xC000, 0x2014, 0x801A,
    0x6019, 0x4019, 0xC000, 0xE000, 0x401A, 0x8015, 0x601B, 0x401B, 0x601A, 0x0016,
    0xFFFFFFFD, 0x1, 0x4, 0xFFFC0000, 0x3FFFF, 0xA003, 0xE005, 0x80000000, 0x7FFFFFFF,
    0xFFFFFFFF, 0x12345678, 0xDEADBEEF,
};

static void bits_of(uint32_t w, char *out)
{
    ssem_word_to_bits(w, out, '1', '0');
}

/* Parse with diagnostics into a string; returns the parse result. */
static int parse_diag(ssem_image *img, const char *data, size_t len, const char *name, ssem_format fmt,
                      char **diag, ssem_diag *dout)
{
    size_t dlen;
    FILE *f = open_memstream(diag, &dlen);
    cr_assert(f);
    ssem_diag d;
    ssem_diag_init(&d, f);
    int rc = ssem_image_parse(img, data, len, name, fmt, &d);
    fclose(f);
    if (dout)
        *dout = d;
    return rc;
}

static void parse_ok(ssem_image *img, const char *data, size_t len, ssem_format fmt)
{
    char *diag;
    ssem_diag d;
    int rc = parse_diag(img, data, len, "t", fmt, &diag, &d);
    cr_assert_eq(rc, 0, "parse failed: %s", diag);
    cr_assert_eq(d.errors, 0);
    free(diag);
}

/* Text image of `sample`: lines joined by eol, optional final eol. */
static char *bits_text(const char *eol, bool final_eol, const char *trail)
{
    char *buf = malloc(4096), *p = buf;
    for (int i = 0; i < SSEM_WORDS; i++) {
        char b[33];
        bits_of(sample[i], b);
        p += sprintf(p, "%s%s%s", b, trail, i < SSEM_WORDS - 1 || final_eol ? eol : "");
    }
    return buf;
}

static void assert_sample(const ssem_image *img)
{
    for (int i = 0; i < SSEM_WORDS; i++)
        cr_assert_eq(img->word[i], sample[i], "line %d: %08x, want %08x", i, img->word[i], sample[i]);
}

/* ---- names -------------------------------------------------------------- */

Test(image_format, names)
{
    cr_assert_eq(ssem_format_from_name("img"), SSEM_FMT_BITS);
    cr_assert_eq(ssem_format_from_name("bits"), SSEM_FMT_BITS);
    cr_assert_eq(ssem_format_from_name("SNP"), SSEM_FMT_SNP);
    cr_assert_eq(ssem_format_from_name("bin"), SSEM_FMT_BIN);
    cr_assert_eq(ssem_format_from_name("st"), SSEM_FMT_ST);
    cr_assert_eq(ssem_format_from_name("dec"), SSEM_FMT_DEC);
    cr_assert_eq(ssem_format_from_name("byi"), SSEM_FMT_DEC);
    cr_assert_eq(ssem_format_from_name("png"), SSEM_FMT_AUTO);
    cr_assert_eq(ssem_format_from_name(""), SSEM_FMT_AUTO);
    cr_assert_eq(ssem_format_from_name("sn"), SSEM_FMT_AUTO);
    cr_assert_str_eq(ssem_format_name(SSEM_FMT_BITS), "img");
    cr_assert_str_eq(ssem_format_name(SSEM_FMT_SNP), "snp");
    cr_assert_str_eq(ssem_format_name(SSEM_FMT_BIN), "bin");
    cr_assert_str_eq(ssem_format_name(SSEM_FMT_ST), "st");
    cr_assert_str_eq(ssem_format_name(SSEM_FMT_DEC), "dec");
    for (ssem_format f = SSEM_FMT_BITS; f <= SSEM_FMT_DEC; f++)
        cr_assert_eq(ssem_format_from_name(ssem_format_name(f)), f);
}

Test(image_format, paths)
{
    cr_assert_eq(ssem_format_from_path("prog.img"), SSEM_FMT_BITS);
    cr_assert_eq(ssem_format_from_path("dir.snp/prog.bys"), SSEM_FMT_BITS);
    cr_assert_eq(ssem_format_from_path("NIGHT.SNP"), SSEM_FMT_SNP);
    cr_assert_eq(ssem_format_from_path("a/b.bin"), SSEM_FMT_BIN);
    cr_assert_eq(ssem_format_from_path("x.st"), SSEM_FMT_ST);
    cr_assert_eq(ssem_format_from_path("factor.byi"), SSEM_FMT_DEC);
    cr_assert_eq(ssem_format_from_path("x.dec"), SSEM_FMT_DEC);
    cr_assert_eq(ssem_format_from_path("x.s"), SSEM_FMT_AUTO);
    cr_assert_eq(ssem_format_from_path("img"), SSEM_FMT_AUTO);
    cr_assert_eq(ssem_format_from_path(".img"), SSEM_FMT_AUTO, "a dot file has no extension");
    cr_assert_eq(ssem_format_from_path("a.snp/x"), SSEM_FMT_AUTO);
    cr_assert_eq(ssem_format_from_path("-"), SSEM_FMT_AUTO);
}

Test(image_format, word_to_bits)
{
    char b[33];
    ssem_word_to_bits(0x4018, b, '1', '0');
    cr_assert_str_eq(b, "00011000000000100000000000000000", "LDN 24, bit 0 leftmost");
    ssem_word_to_bits(0x80000001u, b, '#', '.');
    cr_assert_str_eq(b, "#..............................#");
    cr_assert_eq(strlen(b), 32);
}

/* ---- detection ------------------------------------------------------------ */

static ssem_format detect_str(const char *s) { return ssem_image_detect(s, strlen(s)); }

Test(image_detect, text_formats)
{
    char *t = bits_text("\n", true, "");
    cr_assert_eq(detect_str(t), SSEM_FMT_BITS);
    free(t);
    cr_assert_eq(detect_str("32\r\n0000:00011000000000100000000000000000\r\n"
                            "0001:00011000000000100000000000000000"), SSEM_FMT_SNP);
    cr_assert_eq(detect_str("; comment\n0000: 00011000000000100000000000000000 ; LDN 24\n"), SSEM_FMT_SNP);
    cr_assert_eq(detect_str("5: 00011000000000100000000000000000\n"), SSEM_FMT_SNP);
    cr_assert_eq(detect_str("0 \r\n16408 \r\n-3 \r\n"), SSEM_FMT_DEC);
}

Test(image_detect, sources_are_not_images)
{
    static const char *const src[] = {
        "01 LDN 29 -- comment\n02 STP\n",
        "31\r\n0001 LDN 21\r\n0002 SUB 29\r\n",            /* Sharp .asm: count line, then NNNN MNEM */
        "00: NUM 0\n01: LDN 20      -- load\n",
        "0000: BIN 00000000000000000000011110000000\n",
        "00 BNUM 00000110101001000100000100000100\n01 BINS 10011011111100100010000010001000\n",
        "1 NUM -1207943145\n2 CMP\n3 SUB 22\n",
        "loop: LDN =5\n JMP =loop-1\n",
        "32\n",                                              /* a count line alone */
        "5\n",
        "",
        "; only a comment\n",
        "0b0101 NUM 3\n",
    };
    for (size_t i = 0; i < sizeof src / sizeof src[0]; i++)
        cr_assert_eq(detect_str(src[i]), SSEM_FMT_AUTO, "source %zu taken for an image: %s", i, src[i]);
}

Test(image_detect, binary_by_size_and_content)
{
    char buf[137] = { 0 };
    buf[4] = 0x18;
    buf[5] = 0x40;
    cr_assert_eq(ssem_image_detect(buf, 128), SSEM_FMT_BIN);
    cr_assert_eq(ssem_image_detect(buf, 136), SSEM_FMT_ST);
    cr_assert_eq(ssem_image_detect(buf, 127), SSEM_FMT_AUTO);
    cr_assert_eq(ssem_image_detect(buf, 129), SSEM_FMT_AUTO);
    cr_assert_eq(ssem_image_detect(buf, 137), SSEM_FMT_AUTO);
    /* 128 bytes of plain text are source, not a binary image. */
    char txt[129];
    memset(txt, ' ', 128);
    memcpy(txt, "01 LDN 29\n", 10);
    txt[127] = '\n';
    cr_assert_eq(ssem_image_detect(txt, 128), SSEM_FMT_AUTO);
}

Test(image_detect, damaged_images_still_detected)
{
    /* So their errors are reported instead of the assembler's. */
    cr_assert_eq(detect_str("0001000000000010000000000000000\n00011000000000100000000000000000\n"),
                 SSEM_FMT_BITS);
    cr_assert_eq(detect_str("32\n0040:00011000000000100000000000000000\n"), SSEM_FMT_SNP);
}

/* ---- reading ---------------------------------------------------------------- */

Test(image_read, bits_line_endings)
{
    static const struct { const char *eol, *trail; bool final; } v[] = {
        { "\n", "", true }, { "\r\n", "", true }, { "\n", "", false }, { "\r\n", "", false },
        { "\n", "  \t", true }, { "\r\n", " ", false },
    };
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        char *t = bits_text(v[i].eol, v[i].final, v[i].trail);
        ssem_image img;
        cr_assert_eq(ssem_image_detect(t, strlen(t)), SSEM_FMT_BITS, "variant %zu", i);
        parse_ok(&img, t, strlen(t), SSEM_FMT_AUTO);
        assert_sample(&img);
        cr_assert_not(img.has_regs);
        free(t);
    }
}

Test(image_read, bits_with_bom_and_comments)
{
    char *t = bits_text("\n", true, " ; c");
    char *u = malloc(strlen(t) + 32);
    sprintf(u, "\xEF\xBB\xBF; header\n\n%s", t);
    ssem_image img;
    parse_ok(&img, u, strlen(u), SSEM_FMT_AUTO);
    assert_sample(&img);
    free(t);
    free(u);
}

static char *snp_text(const char *eol, bool count, const char *sep, int digits, bool reverse)
{
    char *buf = malloc(8192), *p = buf;
    if (count)
        p += sprintf(p, "32%s", eol);
    for (int k = 0; k < SSEM_WORDS; k++) {
        int i = reverse ? SSEM_WORDS - 1 - k : k;
        char b[33];
        bits_of(sample[i], b);
        p += sprintf(p, "%0*d:%s%s%s", digits, i, sep, b, k < SSEM_WORDS - 1 ? eol : "");
    }
    return buf;
}

Test(image_read, snp_sharp_and_ccs)
{
    static const struct { const char *eol; bool count; const char *sep; int digits; bool rev; } v[] = {
        { "\r\n", true, "", 4, false },  /* Sharp, as saved */
        { "\n", true, "", 4, false },    /* Cambridge copies with LF */
        { "\r\n", true, "", 4, true },   /* unordered */
        { "\n", false, " ", 4, false },  /* CCS */
        { "\n", false, " ", 2, false },  /* pfaivre's NN: bits */
        { "\n", false, "\t", 1, true },
    };
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        char *t = snp_text(v[i].eol, v[i].count, v[i].sep, v[i].digits, v[i].rev);
        ssem_image img;
        cr_assert_eq(ssem_image_detect(t, strlen(t)), SSEM_FMT_SNP, "variant %zu", i);
        parse_ok(&img, t, strlen(t), SSEM_FMT_AUTO);
        assert_sample(&img);
        free(t);
    }
}

Test(image_read, snp_missing_lines_are_zero)
{
    const char *t = "3\r\n0005:00011000000000100000000000000000\r\n"
                    "0001:11111111111111111111111111111111\r\n"
                    "0031:00000000000001110000000000000000";
    ssem_image img;
    parse_ok(&img, t, strlen(t), SSEM_FMT_AUTO);
    for (int i = 0; i < SSEM_WORDS; i++) {
        uint32_t want = i == 5 ? 0x4018 : i == 1 ? 0xFFFFFFFF : i == 31 ? 0xE000 : 0;
        cr_assert_eq(img.word[i], want, "line %d", i);
    }
}

Test(image_read, snp_ccs_comments)
{
    const char *t = "; Function 2 Test\n;\n\n"
                    "0000: 00000000000000000000000000000000 ;     0  JMP 00\n"
                    "   ; an indented comment\n"
                    "0001: 10000000000000100000000000000000 ; 16385  LDN 01\n"
                    "0002: 01000000000000100000000000000000;no space\n";
    ssem_image img;
    cr_assert_eq(detect_str(t), SSEM_FMT_SNP);
    parse_ok(&img, t, strlen(t), SSEM_FMT_AUTO);
    cr_assert_eq(img.word[1], 0x4001);
    cr_assert_eq(img.word[2], 0x4002);
}

Test(image_read, dec)
{
    char buf[1024], *p = buf;
    for (int i = 0; i < SSEM_WORDS; i++)
        p += sprintf(p, "%d \r\n", (int32_t)sample[i]);
    ssem_image img;
    cr_assert_eq(ssem_image_detect(buf, strlen(buf)), SSEM_FMT_DEC);
    parse_ok(&img, buf, strlen(buf), SSEM_FMT_AUTO);
    assert_sample(&img);
    /* Unsigned spellings and '+' are the same words. */
    const char *u = "4294967295\n+5\n-2147483648\n2147483648\n";
    parse_ok(&img, u, strlen(u), SSEM_FMT_DEC);
    cr_assert_eq(img.word[0], 0xFFFFFFFFu);
    cr_assert_eq(img.word[1], 5);
    cr_assert_eq(img.word[2], 0x80000000u);
    cr_assert_eq(img.word[3], 0x80000000u);
}

Test(image_read, bin_little_endian)
{
    unsigned char buf[128];
    for (int i = 0; i < SSEM_WORDS; i++) {
        buf[4 * i] = (unsigned char)sample[i];
        buf[4 * i + 1] = (unsigned char)(sample[i] >> 8);
        buf[4 * i + 2] = (unsigned char)(sample[i] >> 16);
        buf[4 * i + 3] = (unsigned char)(sample[i] >> 24);
    }
    ssem_image img;
    parse_ok(&img, (const char *)buf, sizeof buf, SSEM_FMT_AUTO);
    assert_sample(&img);
    cr_assert_not(img.has_regs);
}

Test(image_read, st_registers)
{
    unsigned char buf[136];
    int32_t a = -42;
    uint32_t ci = 33;
    memcpy(buf, &a, 4);
    memcpy(buf + 4, &ci, 4);
    memcpy(buf + 8, sample, sizeof sample);
    ssem_image img;
    parse_ok(&img, (const char *)buf, sizeof buf, SSEM_FMT_AUTO);
    assert_sample(&img);
    cr_assert(img.has_regs);
    cr_assert_eq(img.a, (uint32_t)-42);
    cr_assert_eq(img.ci, 33);
}

Test(image_read, forced_format_overrides_detection)
{
    /* A bits file read as dec is nonsense and must say so, not guess. */
    char *t = bits_text("\n", true, "");
    ssem_image img;
    char *diag;
    cr_assert_eq(parse_diag(&img, t, strlen(t), "t", SSEM_FMT_DEC, &diag, NULL), -1);
    cr_assert(strstr(diag, "outside the 32-bit range") != NULL, "%s", diag);
    free(diag);
    free(t);
}

/* ---- writing ---------------------------------------------------------------- */

static char *write_mem(const ssem_image *img, ssem_format fmt, size_t *len)
{
    char *buf;
    FILE *f = open_memstream(&buf, len);
    cr_assert(f);
    cr_assert_eq(ssem_image_write(img, fmt, f), 0);
    fclose(f);
    return buf;
}

static ssem_image sample_image(void)
{
    ssem_image img = { .a = 0xFFFFFFE2u, .ci = 37, .has_regs = true };
    memcpy(img.word, sample, sizeof sample);
    return img;
}

Test(image_write, bits_exact)
{
    ssem_image img = sample_image();
    size_t len;
    char *got = write_mem(&img, SSEM_FMT_BITS, &len);
    char *want = bits_text("\n", true, "");
    cr_assert_eq(len, 32 * 33);
    cr_assert_str_eq(got, want);
    free(got);
    got = write_mem(&img, SSEM_FMT_AUTO, &len);
    cr_assert_str_eq(got, want, "AUTO writes bare bits");
    free(got);
    free(want);
}

Test(image_write, snp_sharp_exact)
{
    ssem_image img = sample_image();
    size_t len;
    char *got = write_mem(&img, SSEM_FMT_SNP, &len);
    char *want = snp_text("\r\n", true, "", 4, false);
    cr_assert_eq(len, 4 + 32 * 37 + 31 * 2, "count line, 32 lines, CRLF between, none at the end");
    cr_assert_str_eq(got, want);
    cr_assert(strncmp(got, "32\r\n0000:", 9) == 0);
    cr_assert(got[len - 1] == '0' || got[len - 1] == '1', "no final CRLF, as Sharp's files");
    free(got);
    free(want);
}

Test(image_write, dec_exact)
{
    ssem_image img = sample_image();
    size_t len;
    char *got = write_mem(&img, SSEM_FMT_DEC, &len);
    cr_assert(strncmp(got, "0\n16408\n24602\n", 14) == 0, "%s", got);
    cr_assert(strstr(got, "\n-3\n1\n4\n-262144\n262143\n") != NULL);
    cr_assert(strstr(got, "\n-2147483648\n2147483647\n-1\n305419896\n-559038737\n") != NULL);
    free(got);
}

Test(image_write, bin_and_st_exact)
{
    ssem_image img = sample_image();
    size_t len;
    unsigned char *got = (unsigned char *)write_mem(&img, SSEM_FMT_BIN, &len);
    cr_assert_eq(len, 128);
    cr_assert_eq(got[4], 0x18);
    cr_assert_eq(got[5], 0x40);
    cr_assert_eq(got[6], 0);
    cr_assert_eq(got[31 * 4], 0xEF, "little-endian");
    cr_assert_eq(got[31 * 4 + 3], 0xDE);
    free(got);
    got = (unsigned char *)write_mem(&img, SSEM_FMT_ST, &len);
    cr_assert_eq(len, 136);
    int32_t a;
    uint32_t ci, w[32];
    memcpy(&a, got, 4);
    memcpy(&ci, got + 4, 4);
    memcpy(w, got + 8, 128);
    cr_assert_eq(a, -30);
    cr_assert_eq(ci, 37);
    cr_assert_eq(memcmp(w, sample, sizeof w), 0);
    free(got);
}

/* A small LCG so the round trip sees many words, reproducibly. */
static uint32_t rnd(uint64_t *s)
{
    *s = *s * 6364136223846793005u + 1442695040888963407u;
    return (uint32_t)(*s >> 32);
}

Test(image_write, round_trip_every_format)
{
    uint64_t seed = 12345;
    for (int rep = 0; rep < 50; rep++) {
        ssem_image img = { 0 };
        for (int i = 0; i < SSEM_WORDS; i++)
            img.word[i] = rep == 0 ? sample[i] : rep == 1 ? 0 : rnd(&seed);
        img.a = rnd(&seed);
        img.ci = rnd(&seed);
        for (ssem_format f = SSEM_FMT_BITS; f <= SSEM_FMT_DEC; f++) {
            size_t len;
            char *txt = write_mem(&img, f, &len);
            cr_assert_eq(ssem_image_detect(txt, len), f, "%s rep %d", ssem_format_name(f), rep);
            ssem_image back;
            parse_ok(&back, txt, len, SSEM_FMT_AUTO);
            cr_assert_eq(memcmp(back.word, img.word, sizeof img.word), 0, "%s rep %d", ssem_format_name(f), rep);
            if (f == SSEM_FMT_ST) {
                cr_assert(back.has_regs);
                cr_assert_eq(back.a, img.a);
                cr_assert_eq(back.ci, img.ci);
            } else {
                cr_assert_not(back.has_regs);
            }
            free(txt);
        }
    }
}

Test(image_save, format_from_extension)
{
    const char *dir = tu_tmpdir();
    ssem_image img = sample_image();
    static const struct { const char *ext; ssem_format fmt; size_t size; } v[] = {
        { "img", SSEM_FMT_BITS, 32 * 33 }, { "snp", SSEM_FMT_SNP, 1250 }, { "bin", SSEM_FMT_BIN, 128 },
        { "st", SSEM_FMT_ST, 136 }, { "byi", SSEM_FMT_DEC, 0 }, { "out", SSEM_FMT_BITS, 32 * 33 },
    };
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/x.%s", dir, v[i].ext);
        ssem_diag d;
        ssem_diag_init(&d, stderr);
        cr_assert_eq(ssem_image_save(&img, path, SSEM_FMT_AUTO, &d), 0);
        size_t len;
        char *data = tu_read(path, &len);
        cr_assert(data);
        if (v[i].size)
            cr_assert_eq(len, v[i].size, "%s", path);
        cr_assert_eq(ssem_image_detect(data, len), v[i].fmt, "%s", path);
        ssem_image back;
        cr_assert_eq(ssem_image_load(&back, path, SSEM_FMT_AUTO, &d), 0);
        cr_assert_eq(memcmp(back.word, sample, sizeof sample), 0);
        free(data);
        unlink(path);
    }
    /* An explicit format beats the extension. */
    char path[512];
    snprintf(path, sizeof path, "%s/y.img", dir);
    ssem_diag d;
    ssem_diag_init(&d, stderr);
    cr_assert_eq(ssem_image_save(&img, path, SSEM_FMT_BIN, &d), 0);
    size_t len;
    free(tu_read(path, &len));
    cr_assert_eq(len, 128);
    unlink(path);
    rmdir(dir);
}

Test(image_save, failure_leaves_nothing)
{
    ssem_image img = sample_image();
    char *diag;
    size_t dlen;
    FILE *f = open_memstream(&diag, &dlen);
    ssem_diag d;
    ssem_diag_init(&d, f);
    cr_assert_eq(ssem_image_save(&img, "/nonexistent-dir/x.img", SSEM_FMT_AUTO, &d), -1);
    fclose(f);
    cr_assert_eq(d.errors, 1);
    cr_assert(strstr(diag, "/nonexistent-dir/x.img: error: cannot write") != NULL, "%s", diag);
    free(diag);
}

/* ---- errors (golden diagnostics in tests/image/NAME.err) ---------------------- */

static void check_golden_diag(const char *name, const char *data, size_t len, ssem_format fmt, int want_rc)
{
    ssem_image img;
    char *diag;
    int rc = parse_diag(&img, data, len, name, fmt, &diag, NULL);
    cr_expect_eq(rc, want_rc, "%s: rc %d", name, rc);
    char golden[512];
    const char *base = strrchr(name, '/');
    snprintf(golden, sizeof golden, "tests/image/%s.err", base ? base + 1 : name);
    cr_expect(tu_golden(golden, diag, strlen(diag)), "%s", golden);
    if (rc != 0)
        for (int i = 0; i < SSEM_WORDS; i++)
            cr_assert_eq(img.word[i], 0, "a failed parse leaves a zero image");
    free(diag);
}

Test(image_errors, text_files)
{
    static const struct { const char *file; ssem_format fmt; int rc; } v[] = {
        { "tests/image/bad-range.snp", SSEM_FMT_AUTO, -1 },  /* the issue's example */
        { "tests/image/bad-dup.snp", SSEM_FMT_AUTO, -1 },
        { "tests/image/bad-bits.snp", SSEM_FMT_AUTO, -1 },
        { "tests/image/bad-ccs.snp", SSEM_FMT_AUTO, -1 },
        { "tests/image/bad-bits.img", SSEM_FMT_AUTO, -1 },
        { "tests/image/bad-many.img", SSEM_FMT_AUTO, -1 },
        { "tests/image/bad-range.dec", SSEM_FMT_AUTO, -1 },
        { "tests/image/bad-neg.snp", SSEM_FMT_AUTO, -1 },
        { "tests/image/bad-nul.img", SSEM_FMT_AUTO, -1 },    /* NUL byte: still a bits file, with an error */
        { "tests/image/empty.img", SSEM_FMT_AUTO, -1 },
        { "tests/image/notimage.s", SSEM_FMT_AUTO, -1 },
        { "tests/image/notimage.s", SSEM_FMT_SNP, -1 },
        { "tests/image/short.img", SSEM_FMT_AUTO, 0 },       /* a warning only */
        { "tests/image/count.snp", SSEM_FMT_AUTO, 0 },       /* a warning only */
    };
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        size_t len;
        char *data = tu_read(v[i].file, &len);
        cr_assert(data, "cannot read %s", v[i].file);
        char name[512];
        snprintf(name, sizeof name, "%s%s%s", v[i].file, v[i].fmt ? "." : "",
                 v[i].fmt ? ssem_format_name(v[i].fmt) : "");
        /* The name in the messages is the file's; the golden's name tells the forced format apart. */
        ssem_image img;
        char *diag;
        int rc = parse_diag(&img, data, len, v[i].file, v[i].fmt, &diag, NULL);
        cr_expect_eq(rc, v[i].rc, "%s: rc %d", v[i].file, rc);
        char golden[600];
        snprintf(golden, sizeof golden, "%s.err", name);
        cr_expect(tu_golden(golden, diag, strlen(diag)), "%s", golden);
        free(diag);
        free(data);
    }
}

Test(image_errors, binary_sizes)
{
    char buf[137] = { 0 };
    check_golden_diag("trunc127.bin", buf, 127, SSEM_FMT_BIN, -1);
    check_golden_diag("long129.bin", buf, 129, SSEM_FMT_BIN, -1);
    check_golden_diag("trunc135.st", buf, 135, SSEM_FMT_ST, -1);
    check_golden_diag("long137.st", buf, 137, SSEM_FMT_ST, -1);
    check_golden_diag("binary.unknown", buf, 100, SSEM_FMT_AUTO, -1);
}

Test(image_errors, short_and_count_warn_but_load)
{
    ssem_image img;
    ssem_diag d;
    char *diag;
    size_t len;
    char *data = tu_read("tests/image/short.img", &len);
    cr_assert(data);
    cr_assert_eq(parse_diag(&img, data, len, "short.img", SSEM_FMT_AUTO, &diag, &d), 0);
    cr_assert_eq(d.warnings, 1);
    cr_assert_eq(img.word[1], 0x601A);
    cr_assert_eq(img.word[7], 0xE000);
    cr_assert_eq(img.word[8], 0);
    free(diag);
    free(data);
    data = tu_read("tests/image/count.snp", &len);
    cr_assert(data);
    cr_assert_eq(parse_diag(&img, data, len, "count.snp", SSEM_FMT_AUTO, &diag, &d), 0);
    cr_assert_eq(d.warnings, 1);
    cr_assert_eq(img.word[31], 0xE000);
    cr_assert_eq(img.word[2], 0x401A);
    free(diag);
    free(data);
}

/* ---- the corpus ---------------------------------------------------------------- */

/* Corpus files that are store images rather than source, by where they come from:
 * Sharp/CCS/Cambridge snapshots, babyping's and MarquisdeGeek's bit and decimal files. */
static bool corpus_is_image(const char *f)
{
    const char *dot = strrchr(f, '.');
    if (!dot)
        return false;
    return strcasecmp(dot, ".snp") == 0 || strcmp(dot, ".bys") == 0 || strcmp(dot, ".byi") == 0 ||
           strncmp(f, "hrvach_babyping/", 16) == 0;
}

/* Calls fn(dir, file, initial) for every file of every entry of the
 * corpus's expected.json; the number of files, or -1 without a corpus. */
static int corpus_each(void (*fn)(const char *dir, const char *file, const uint32_t *initial, void *arg),
                       void *arg)
{
    const char *dir = tu_corpus_dir();
    if (!dir)
        return -1;
    tu_case *cases;
    char why[256];
    int n = tu_corpus_load(dir, &cases, why, sizeof why), files = 0;
    cr_assert(n >= 0, "corpus: %s", why);
    for (int i = 0; i < n; i++)
        for (int f = 0; f < cases[i].nfiles; f++, files++)
            fn(dir, cases[i].files[f], cases[i].initial, arg);
    free(cases);
    return files;
}

static void check_corpus_file(const char *dir, const char *file, const uint32_t *initial, void *arg)
{
    int *images = arg;
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    size_t len;
    char *data = tu_read(path, &len);
    cr_assert(data, "cannot read %s", path);
    ssem_format f = ssem_image_detect(data, len);
    if (!corpus_is_image(file)) {
        cr_expect_eq(f, SSEM_FMT_AUTO, "%s is source but was detected as %s", file, ssem_format_name(f));
        free(data);
        return;
    }
    cr_expect_neq(f, SSEM_FMT_AUTO, "%s not detected as an image", file);
    ssem_image img;
    ssem_diag d;
    ssem_diag_init(&d, stderr);
    cr_assert_eq(ssem_image_load(&img, path, SSEM_FMT_AUTO, &d), 0, "%s", file);
    cr_expect_eq(d.warnings, 0, "%s: no warnings for a corpus image", file);
    for (int i = 0; i < SSEM_WORDS; i++)
        cr_assert_eq(img.word[i], initial[i], "%s line %d: %u, want %u", file, i, img.word[i], initial[i]);
    ++*images;
    free(data);
}

Test(image_corpus, images_load_to_initial_words)
{
    int images = 0;
    int files = corpus_each(check_corpus_file, &images);
    if (files < 0)
        cr_skip_test("no corpus ($SSEM_CORPUS)");
    cr_assert_geq(images, 25, "only %d corpus images checked", images);
}

static void sharp_exact(const char *file)
{
    const char *dir = tu_corpus_dir();
    if (!dir)
        cr_skip_test("no corpus ($SSEM_CORPUS)");
    char path[4096];
    snprintf(path, sizeof path, "%s/davidsharp-reconstructed/%s", dir, file);
    size_t want_len;
    char *want = tu_read(path, &want_len);
    cr_assert(want, "cannot read %s", path);
    ssem_image img;
    ssem_diag d;
    ssem_diag_init(&d, stderr);
    cr_assert_eq(ssem_image_parse(&img, want, want_len, path, SSEM_FMT_AUTO, &d), 0);
    size_t len;
    char *got = write_mem(&img, SSEM_FMT_SNP, &len);
    cr_assert_eq(len, want_len, "%s: %zu bytes, Sharp's file has %zu", file, len, want_len);
    cr_assert_eq(memcmp(got, want, len), 0, "%s differs from Sharp's bytes", file);
    free(got);
    free(want);
}

Test(image_corpus, sharp_writer_nightmare) { sharp_exact("nightmare.snp"); }
Test(image_corpus, sharp_writer_intdiv) { sharp_exact("intdiv.snp"); }

Test(image_errors, long_line_echo_is_bounded)
{
    size_t n = 100000;
    char *t = malloc(n + 2);
    memset(t, '1', n);
    t[n] = '\n';
    t[n + 1] = '\0';
    ssem_image img;
    char *diag;
    cr_assert_eq(parse_diag(&img, t, n + 1, "long.img", SSEM_FMT_AUTO, &diag, NULL), -1);
    cr_assert(strstr(diag, "long.img:1:1: error: expected 32 bits, found 100000\n") == diag, "%.200s", diag);
    cr_assert_lt(strlen(diag), 600, "the echo of a 100000-byte line is cut short");
    free(diag);
    free(t);
}

/* The message itself quotes a bounded number of digits, not only the echo. */
Test(image_errors, huge_dec_value_is_quoted_short)
{
    size_t digits = 100000, n = 31 * 2 + digits + 1;
    char *t = malloc(n + 1), *p = t;
    for (int i = 0; i < 31; i++) {
        *p++ = '1';
        *p++ = '\n';
    }
    memset(p, '9', digits);
    p[digits] = '\n';
    p[digits + 1] = '\0';
    ssem_image img;
    char *diag;
    cr_assert_eq(parse_diag(&img, t, n, "big.byi", SSEM_FMT_DEC, &diag, NULL), -1);
    cr_assert(strstr(diag, "big.byi:32:1: error: value 99999999999999999999999999999999... is outside") == diag,
              "%.200s", diag);
    cr_assert_lt(strlen(diag), 800, "a 100000-digit value is quoted short");
    free(diag);
    free(t);
}

Test(image_errors, unterminated_buffers)
{
    /* The parser must stay inside len: no NUL after the data here. */
    static const struct { const char *s; ssem_format fmt; const char *msg; } v[] = {
        { "1\n2\n-", SSEM_FMT_DEC, "t:3:2: error: expected a decimal number\n" },
        { "1\n2\n+", SSEM_FMT_DEC, "t:3:2: error: expected a decimal number\n" },
        { "-5\n0001:00000000000000000000000000000000", SSEM_FMT_SNP,
          "t:1:3: error: expected ':' after the line number\n" },
        { "0003:0101", SSEM_FMT_SNP, "t:1:6: error: expected 32 bits, found 4\n" },
        { "0003", SSEM_FMT_SNP, NULL },                   /* a count line and nothing else */
        { "0101010101010101010101010101010", SSEM_FMT_BITS, "t:1:1: error: expected 32 bits, found 31\n" },
    };
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        size_t len = strlen(v[i].s);
        char *b = malloc(len);
        memcpy(b, v[i].s, len);
        ssem_image img;
        char *diag;
        cr_assert_eq(parse_diag(&img, b, len, "t", v[i].fmt, &diag, NULL), -1, "case %zu", i);
        if (v[i].msg)
            cr_assert(strncmp(diag, v[i].msg, strlen(v[i].msg)) == 0, "case %zu: %s", i, diag);
        free(diag);
        free(b);
    }
}
