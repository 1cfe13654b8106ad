/* fuzz_image.c: libFuzzer target: arbitrary bytes through the image parser in every format, plus write/parse round trips. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ssem_diag.h"
#include "ssem_image.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const ssem_format formats[] = {
    SSEM_FMT_AUTO, SSEM_FMT_BITS, SSEM_FMT_SNP, SSEM_FMT_BIN, SSEM_FMT_ST, SSEM_FMT_DEC,
};
enum { NFORMATS = sizeof formats / sizeof formats[0] };

static FILE *devnull(void)
{
    static FILE *f;
    if (!f && !(f = fopen("/dev/null", "w")))
        abort();
    return f;
}

/* A byte that cannot occur in a text file (whitespace control codes aside). */
static bool has_control(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)p[i];
        if ((c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != '\v') || c == 0x7f)
            return true;
    }
    return false;
}

/* What a successful parse produced must survive being written in each
 * writable format and read back: that is the contract ssemdis, ssemasm -o
 * and ssememu -o rely on. */
static void round_trip(const ssem_image *img, ssem_format fmt)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    if (!m)
        abort();
    int wrc = ssem_image_write(img, fmt, m);
    fclose(m);
    if (wrc != 0) {
        fprintf(stderr, "ssem_image_write(%s) failed on a parsed image\n", ssem_format_name(fmt));
        abort();
    }
    ssem_image back;
    ssem_diag d;
    ssem_diag_init(&d, NULL);
    if (ssem_image_parse(&back, buf, len, "rt", fmt, &d) != 0) {
        fprintf(stderr, "written %s image does not parse back:\n%.*s\n", ssem_format_name(fmt), (int)len, buf);
        abort();
    }
    for (int i = 0; i < SSEM_WORDS; i++)
        if (back.word[i] != img->word[i]) {
            fprintf(stderr, "%s round trip changed line %d: %08x -> %08x\n", ssem_format_name(fmt), i,
                    (unsigned)img->word[i], (unsigned)back.word[i]);
            abort();
        }
    if (fmt == SSEM_FMT_ST && img->has_regs && (back.a != img->a || back.ci != img->ci)) {
        fprintf(stderr, "st round trip changed the registers\n");
        abort();
    }
    /* Auto-detection must recognise what we write ourselves. Binary words
     * can spell any bytes, text included (then the file is genuinely
     * ambiguous, e.g. tests/bad/bin-all-ones.bin reads as text), so binary
     * output is only checked when it holds a byte no text file has. */
    ssem_format det = ssem_image_detect(buf, len);
    bool binary = fmt == SSEM_FMT_BIN || fmt == SSEM_FMT_ST;
    if (binary ? (has_control(buf, len) && det != fmt) : det == SSEM_FMT_AUTO) {
        fprintf(stderr, "written %s image is detected as %s\n", ssem_format_name(fmt),
                det == SSEM_FMT_AUTO ? "no image" : ssem_format_name(det));
        abort();
    }
    free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* Unterminated copy: a parser that reads past `size` trips ASan. */
    char *in = malloc(size ? size : 1);
    if (!in)
        return 0;
    memcpy(in, data, size);

    (void)ssem_image_detect(in, size);
    for (int k = 0; k < NFORMATS; k++) {
        ssem_image img;
        ssem_diag d;
        ssem_diag_init(&d, (size && (data[0] & 1)) ? devnull() : NULL);
        int rc = ssem_image_parse(&img, in, size, "fuzz.img", formats[k], &d);
        if (rc == 0) {
            if (d.errors != 0) {
                fprintf(stderr, "parse succeeded after reporting %d error(s)\n", d.errors);
                abort();
            }
            static const ssem_format out[] = { SSEM_FMT_BITS, SSEM_FMT_SNP, SSEM_FMT_BIN, SSEM_FMT_ST };
            for (size_t j = 0; j < sizeof out / sizeof out[0]; j++)
                round_trip(&img, out[j]);
        } else if (d.errors == 0) {
            fprintf(stderr, "parse failed (%s) without reporting an error\n", ssem_format_name(formats[k]));
            abort();
        }
    }
    free(in);
    return 0;
}
