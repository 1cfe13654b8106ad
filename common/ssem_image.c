/* ssem_image.c: store images in every format met in the wild: detection, parsing with diagnostics, writing. */
#include "ssem_image.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ssem_cli.h"
#include "ssem_io.h"

/* ---- format names ------------------------------------------------------ */

static const struct {
    ssem_format fmt;
    const char *names; /* accepted names, space separated; the first is canonical */
    const char *exts;  /* file extensions, space separated */
} formats[] = {
    { SSEM_FMT_BITS, "img bits", "img bits bys" },
    { SSEM_FMT_SNP, "snp", "snp" },
    { SSEM_FMT_BIN, "bin raw", "bin raw" },
    { SSEM_FMT_ST, "st simh", "st" },
    { SSEM_FMT_DEC, "dec byi", "dec byi" },
};

ssem_format ssem_format_from_name(const char *name)
{
    if (!name)
        return SSEM_FMT_AUTO;
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
        if (ssem_list_has(formats[i].names, ' ', name, strlen(name)))
            return formats[i].fmt;
    return SSEM_FMT_AUTO;
}

ssem_format ssem_format_from_path(const char *path)
{
    if (!path)
        return SSEM_FMT_AUTO;
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    const char *dot = strrchr(base, '.');
    if (!dot || dot == base)
        return SSEM_FMT_AUTO;
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
        if (ssem_list_has(formats[i].exts, ' ', dot + 1, strlen(dot + 1)))
            return formats[i].fmt;
    return SSEM_FMT_AUTO;
}

const char *ssem_format_list(void)
{
    static char list[64];
    if (!list[0]) {
        size_t at = 0;
        for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
            at += (size_t)snprintf(list + at, sizeof list - at, "%s%.*s", i ? ", " : "",
                                   (int)strcspn(formats[i].names, " "), formats[i].names);
    }
    return list;
}

const char *ssem_format_name(ssem_format fmt)
{
    switch (fmt) {
    case SSEM_FMT_BITS: return "img";
    case SSEM_FMT_SNP: return "snp";
    case SSEM_FMT_BIN: return "bin";
    case SSEM_FMT_ST: return "st";
    case SSEM_FMT_DEC: return "dec";
    case SSEM_FMT_AUTO: break;
    }
    return "auto";
}

void ssem_word_to_bits(uint32_t w, char out[SSEM_BITS + 1], char one, char zero)
{
    for (int i = 0; i < SSEM_BITS; i++)
        out[i] = (w >> i) & 1u ? one : zero;
    out[SSEM_BITS] = '\0';
}

/* ---- text scanning --------------------------------------------------------- */

enum { BIN_SIZE = SSEM_WORDS * 4, ST_SIZE = 8 + SSEM_WORDS * 4 };

/* One line of a text image, without its line ending. */
typedef struct line {
    const char *p;
    size_t len;
    int no; /* 1-based */
} line;

typedef struct scanner {
    const char *data, *end;
    int no;
} scanner;

static void scan_init(scanner *s, const char *data, size_t len)
{
    s->data = data;
    s->end = data + len;
    s->no = 0;
    /* A UTF-8 byte order mark is an editor's doing, not content. */
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        s->data += 3;
}

static bool scan_next(scanner *s, line *l)
{
    if (s->data >= s->end)
        return false;
    const char *nl = memchr(s->data, '\n', (size_t)(s->end - s->data));
    const char *stop = nl ? nl : s->end;
    l->p = s->data;
    l->len = (size_t)(stop - s->data);
    l->no = ++s->no;
    s->data = nl ? nl + 1 : s->end;
    return true;
}

static bool is_blank(int c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }
static bool is_bit(int c) { return c == '0' || c == '1'; }
static bool is_digit(int c) { return c >= '0' && c <= '9'; }

/* Offsets of the first and one-past-last non-blank bytes of a line. */
static void trim(const line *l, size_t *b, size_t *e)
{
    size_t i = 0, j = l->len;
    while (i < j && is_blank((unsigned char)l->p[i]))
        i++;
    while (j > i && is_blank((unsigned char)l->p[j - 1]))
        j--;
    *b = i;
    *e = j;
}

static size_t span(const line *l, size_t i, size_t e, bool (*pred)(int))
{
    while (i < e && pred((unsigned char)l->p[i]))
        i++;
    return i;
}

/* Every byte printable ASCII, whitespace or part of a UTF-8 sequence:
 * binary images (LE words, mostly zero bytes) never pass this. */
static bool is_text(const char *data, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)data[i];
        if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != '\v')
            return false;
        if (c == 0x7f)
            return false;
    }
    return true;
}

/* Text is also valid UTF-8: 128 bytes of 0xFF have no control byte in them
 * but are no text anyone wrote. */
static bool is_utf8(const char *data, size_t len)
{
    const unsigned char *p = (const unsigned char *)data, *end = p + len;
    while (p < end) {
        unsigned char c = *p++;
        size_t more = c < 0x80 ? 0 : (c & 0xE0) == 0xC0 ? 1 : (c & 0xF0) == 0xE0 ? 2 : (c & 0xF8) == 0xF0 ? 3 : 9;
        if (more == 9 || (c & 0xFE) == 0xC0 || (size_t)(end - p) < more)
            return false;
        for (size_t i = 0; i < more; i++)
            if ((*p++ & 0xC0) != 0x80)
                return false;
    }
    return true;
}

bool ssem_data_is_binary(const char *data, size_t len)
{
    return !is_text(data, len) || !is_utf8(data, len);
}

typedef enum line_kind {
    LK_BLANK,   /* empty, or a ';' comment */
    LK_BITS,    /* starts with at least 16 '0'/'1' */
    LK_SNP,     /* NNNN: then at least 8 '0'/'1' */
    LK_INT,     /* a lone signed decimal number */
    LK_OTHER,
} line_kind;

static line_kind classify(const line *l)
{
    size_t b, e;
    trim(l, &b, &e);
    if (b == e || l->p[b] == ';')
        return LK_BLANK;
    size_t i = span(l, b, e, is_bit);
    if (i - b >= 16)
        return LK_BITS;
    i = span(l, b + (l->p[b] == '-'), e, is_digit);
    if (i > b && i < e && l->p[i] == ':') {
        size_t j = span(l, i + 1, e, is_blank);
        if (span(l, j, e, is_bit) - j >= 8)
            return LK_SNP;
    }
    i = b;
    if (l->p[i] == '-' || l->p[i] == '+')
        i++;
    size_t j = span(l, i, e, is_digit);
    if (j > i && j == e)
        return LK_INT;
    return LK_OTHER;
}

ssem_format ssem_image_detect(const char *data, size_t len)
{
    if (!data || len == 0)
        return SSEM_FMT_AUTO;
    if (ssem_data_is_binary(data, len)) {
        if (len == BIN_SIZE)
            return SSEM_FMT_BIN;
        if (len == ST_SIZE)
            return SSEM_FMT_ST;
    }
    /* Other sizes go through the text checks even with control bytes in
     * them, so that a bit file with a stray NUL is reported as one. */
    scanner s;
    line l;
    int content = 0, bits = 0, snp = 0, ints = 0;
    bool first_int = false;
    scan_init(&s, data, len);
    while (scan_next(&s, &l)) {
        line_kind k = classify(&l);
        if (k == LK_BLANK)
            continue;
        if (content == 0 && k == LK_INT)
            first_int = true;
        content++;
        bits += k == LK_BITS;
        snp += k == LK_SNP;
        ints += k == LK_INT;
    }
    /* Most lines decide, so that a file with a few damaged lines is still
     * recognised and its errors reported, instead of being assembled. A
     * Sharp count line followed by "0001 LDN 21" has no snp lines at all:
     * that is Sharp's assembly format. */
    if (bits > 0 && bits * 2 >= content)
        return SSEM_FMT_BITS;
    if (snp > 0 && snp * 2 >= content - (first_int ? 1 : 0))
        return SSEM_FMT_SNP;
    if (ints >= 2 && ints * 2 > content)
        return SSEM_FMT_DEC;
    return SSEM_FMT_AUTO;
}

/* ---- parsing --------------------------------------------------------------- */

typedef struct parse_ctx {
    ssem_image *img;
    const char *name;
    ssem_diag *d;
    int errors;
} parse_ctx;

static void perr(parse_ctx *c, const line *l, size_t col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void perr(parse_ctx *c, const line *l, size_t col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    c->errors++;
    /* ssem_diag cuts the echo of an over-long line to a window round col. */
    ssem_diag_vreport(c->d, SSEM_ERROR, c->name, l ? l->no : 0, l ? (int)(col < INT32_MAX ? col : 0) : 0,
                      l ? l->p : NULL, l ? l->len : 0, fmt, ap);
    va_end(ap);
}

/* A character for a message: printable as itself, else as \xNN. */
static const char *show_char(unsigned char ch, char buf[8])
{
    if (ch >= 0x20 && ch < 0x7f)
        snprintf(buf, 8, "'%c'", ch);
    else
        snprintf(buf, 8, "'\\x%02x'", ch);
    return buf;
}

/*
 * The 32-digit bit string starting at offset i of l (leftmost = bit 0),
 * followed only by blanks or a ';' comment. Reports and returns false on
 * anything else.
 */
static bool parse_bits(parse_ctx *c, const line *l, size_t i, size_t e, uint32_t *w)
{
    char cb[8];
    size_t start = i;
    size_t j = span(l, i, e, is_bit);
    size_t tok = j;
    while (tok < e && !is_blank((unsigned char)l->p[tok]) && l->p[tok] != ';')
        tok++;
    if (tok > j) {
        perr(c, l, j + 1, "invalid character %s in a bit string (only 0 and 1)",
             show_char((unsigned char)l->p[j], cb));
        return false;
    }
    if (j - start != SSEM_BITS) {
        if (j == start)
            perr(c, l, start + 1, "expected 32 bits");
        else
            perr(c, l, start + 1, "expected 32 bits, found %zu", j - start);
        return false;
    }
    size_t k = span(l, j, e, is_blank);
    if (k < e && l->p[k] != ';') {
        perr(c, l, k + 1, "unexpected %s after the bits", show_char((unsigned char)l->p[k], cb));
        return false;
    }
    uint32_t v = 0;
    for (int b = 0; b < SSEM_BITS; b++)
        if (l->p[start + (size_t)b] == '1')
            v |= 1u << b;
    *w = v;
    return true;
}

/* Unsigned decimal at l[*i..e) into *v (saturating at UINT64 range / 10);
 * false if there are no digits. */
static bool parse_uint(const line *l, size_t *i, size_t e, uint64_t *v)
{
    size_t j = *i;
    uint64_t n = 0;
    while (j < e && is_digit((unsigned char)l->p[j])) {
        if (n < UINT64_C(1) << 40)
            n = n * 10 + (uint64_t)(l->p[j] - '0');
        j++;
    }
    if (j == *i)
        return false;
    *i = j;
    *v = n;
    return true;
}

/* Warn when positional formats stop short: the rest of the store is zero. */
static void check_short(parse_ctx *c, int words)
{
    if (words > 0 && words < SSEM_WORDS - 1)
        ssem_diag_report(c->d, SSEM_WARNING, c->name, 0, 0, NULL, 0,
                         "only %d store lines; lines %d-31 are zero", words, words);
    else if (words == SSEM_WORDS - 1)
        ssem_diag_report(c->d, SSEM_WARNING, c->name, 0, 0, NULL, 0, "only 31 store lines; line 31 is zero");
}

static void too_many(parse_ctx *c, const line *l, int *words)
{
    if (*words == SSEM_WORDS)
        perr(c, l, 0, "more than 32 store lines (the store ends at line 31)");
    ++*words;
}

static int parse_bits_file(parse_ctx *c, const char *data, size_t len)
{
    scanner s;
    line l;
    int words = 0;
    scan_init(&s, data, len);
    while (scan_next(&s, &l)) {
        size_t b, e;
        trim(&l, &b, &e);
        if (b == e || l.p[b] == ';')
            continue;
        uint32_t w;
        if (words >= SSEM_WORDS) {
            too_many(c, &l, &words);
            continue;
        }
        if (parse_bits(c, &l, b, e, &w))
            c->img->word[words] = w;
        words++;
    }
    if (words == 0 && c->errors == 0)
        perr(c, NULL, 0, "no store lines found");
    if (c->errors == 0)
        check_short(c, words);
    return c->errors ? -1 : 0;
}

static int parse_dec_file(parse_ctx *c, const char *data, size_t len)
{
    scanner s;
    line l;
    int words = 0;
    char cb[8];
    scan_init(&s, data, len);
    while (scan_next(&s, &l)) {
        size_t b, e;
        trim(&l, &b, &e);
        if (b == e || l.p[b] == ';')
            continue;
        if (words >= SSEM_WORDS) {
            too_many(c, &l, &words);
            continue;
        }
        size_t i = b;
        bool neg = l.p[i] == '-';
        if (l.p[i] == '-' || l.p[i] == '+')
            i++;
        uint64_t v;
        size_t digits = i;
        if (!parse_uint(&l, &i, e, &v)) {
            if (i < e)
                perr(c, &l, i + 1, "expected a decimal number, found %s", show_char((unsigned char)l.p[i], cb));
            else
                perr(c, &l, i + 1, "expected a decimal number");
        } else {
            size_t k = span(&l, i, e, is_blank);
            if (k < e && l.p[k] != ';')
                perr(c, &l, k + 1, "unexpected %s after the number", show_char((unsigned char)l.p[k], cb));
            else if (neg ? v > UINT64_C(0x80000000) : v > UINT64_C(0xFFFFFFFF))
                /* Quote at most 32 digits: a damaged file can hold a megabyte of them. */
                perr(c, &l, b + 1, "value %s%.*s%s is outside the 32-bit range (-2147483648 to 4294967295)",
                     neg ? "-" : "", (int)(i - digits < 32 ? i - digits : 32), l.p + digits,
                     i - digits > 32 ? "..." : "");
            else
                c->img->word[words] = neg ? (uint32_t)(0u - (uint32_t)v) : (uint32_t)v;
        }
        words++;
    }
    if (words == 0 && c->errors == 0)
        perr(c, NULL, 0, "no store lines found");
    if (c->errors == 0)
        check_short(c, words);
    return c->errors ? -1 : 0;
}

/* Sharp's "NNNN:bits" after an optional count line, and the CCS form
 * "NNNN: bits ; comment" without one. Missing lines are zero. */
/* True when no line could be a snapshot entry ("NNNN:" first) and some
 * line is more than a comment or a count. */
static bool no_snp_entry(const char *data, size_t len)
{
    scanner s;
    line l;
    bool other = false, first = true;
    scan_init(&s, data, len);
    while (scan_next(&s, &l)) {
        size_t b, e;
        trim(&l, &b, &e);
        if (b == e || l.p[b] == ';')
            continue;
        size_t i = b + (l.p[b] == '-');
        uint64_t n;
        bool num = parse_uint(&l, &i, e, &n);
        if (num && i < e && l.p[i] == ':')
            return false;
        if (!num || i != e || !first)
            other = true;
        first = false;
    }
    return other;
}

static int parse_snp_file(parse_ctx *c, const char *data, size_t len)
{
    scanner s;
    line l;
    int first_seen[SSEM_WORDS] = { 0 };
    /* A file with no entry at all is some other thing, not a damaged
     * snapshot: one error says so, not one per line. */
    if (no_snp_entry(data, len)) {
        ssem_format real = ssem_image_detect(data, len);
        perr(c, NULL, 0, "not a snapshot: no line has the form 'NNNN:bits'");
        if (real != SSEM_FMT_AUTO && real != SSEM_FMT_SNP)
            ssem_diag_report(c->d, SSEM_NOTE, c->name, 0, 0, NULL, 0,
                             "it looks like an image in the %s format; leave out -f to detect it",
                             ssem_format_name(real));
        else if (real == SSEM_FMT_AUTO && !ssem_data_is_binary(data, len))
            ssem_diag_report(c->d, SSEM_NOTE, c->name, 0, 0, NULL, 0,
                             "if it is assembly source, assemble it with ssemasm");
        return -1;
    }
    int content = 0, entries = 0;
    long count = -1;
    int count_line = 0;
    char cb[8];
    scan_init(&s, data, len);
    while (scan_next(&s, &l)) {
        size_t b, e;
        trim(&l, &b, &e);
        if (b == e || l.p[b] == ';')
            continue;
        content++;
        size_t i = b + (l.p[b] == '-');
        uint64_t n;
        if (!parse_uint(&l, &i, e, &n)) {
            perr(c, &l, b + 1, "expected 'NNNN:bits', found %s", show_char((unsigned char)l.p[b], cb));
            continue;
        }
        if (i == e && content == 1 && l.p[b] != '-') {
            count = (long)n;
            count_line = l.no;
            continue;
        }
        if (i == e || l.p[i] != ':') {
            if (i < e)
                perr(c, &l, i + 1, "expected ':' after the line number, found %s",
                     show_char((unsigned char)l.p[i], cb));
            else
                perr(c, &l, i + 1, "expected ':' after the line number");
            continue;
        }
        entries++;
        size_t j = span(&l, i + 1, e, is_blank);
        uint32_t w;
        if (n >= SSEM_WORDS || l.p[b] == '-') {
            perr(c, &l, 0, "line number %s%" PRIu64 " is outside the store (0-31)", l.p[b] == '-' ? "-" : "", n);
            continue;
        }
        if (first_seen[n]) {
            perr(c, &l, 0, "line number %u appears twice (first on line %d)", (unsigned)n, first_seen[n]);
            continue;
        }
        first_seen[n] = l.no;
        if (parse_bits(c, &l, j, e, &w))
            c->img->word[n] = w;
    }
    if (entries == 0 && c->errors == 0 && count != 0)
        perr(c, NULL, 0, "no store lines found");
    if (count >= 0 && count != entries && c->errors == 0)
        ssem_diag_report(c->d, SSEM_WARNING, c->name, count_line, 0, NULL, 0,
                         "the count line says %ld but %d store lines follow", count, entries);
    return c->errors ? -1 : 0;
}

static uint32_t get_le32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static int parse_binary(parse_ctx *c, const char *data, size_t len, ssem_format fmt)
{
    size_t want = fmt == SSEM_FMT_ST ? ST_SIZE : BIN_SIZE;
    if (len != want) {
        perr(c, NULL, 0, "%s image must be exactly %zu bytes, this one has %zu",
             fmt == SSEM_FMT_ST ? "a SIMH .st" : "a raw binary", want, len);
        return -1;
    }
    if (fmt == SSEM_FMT_BIN) {
        for (int i = 0; i < SSEM_WORDS; i++)
            c->img->word[i] = get_le32((const unsigned char *)data + 4 * i);
        return 0;
    }
    /* SIMH writes its registers and store in host order. */
    int32_t a;
    memcpy(&a, data, 4);
    memcpy(&c->img->ci, data + 4, 4);
    memcpy(c->img->word, data + 8, sizeof c->img->word);
    c->img->a = (uint32_t)a;
    c->img->has_regs = true;
    return 0;
}

int ssem_image_parse(ssem_image *img, const char *data, size_t len, const char *name,
                     ssem_format fmt, ssem_diag *d)
{
    parse_ctx c = { img, name ? name : "<input>", d, 0 };
    memset(img, 0, sizeof *img);
    if (len == 0) {
        perr(&c, NULL, 0, "the file is empty");
        return -1;
    }
    if (fmt == SSEM_FMT_AUTO) {
        fmt = ssem_image_detect(data, len);
        if (fmt == SSEM_FMT_AUTO) {
            if (ssem_data_is_binary(data, len))
                perr(&c, NULL, 0, "not a store image: %zu bytes of binary data (a raw binary image has "
                     "exactly 128 bytes, a SIMH .st image 136)", len);
            else
                perr(&c, NULL, 0, "not a store image (bare bits, snp, dec, 128-byte binary or 136-byte SIMH .st)");
            return -1;
        }
    }
    int rc;
    switch (fmt) {
    case SSEM_FMT_BITS: rc = parse_bits_file(&c, data, len); break;
    case SSEM_FMT_SNP: rc = parse_snp_file(&c, data, len); break;
    case SSEM_FMT_DEC: rc = parse_dec_file(&c, data, len); break;
    case SSEM_FMT_BIN:
    case SSEM_FMT_ST: rc = parse_binary(&c, data, len, fmt); break;
    default:
        perr(&c, NULL, 0, "unknown image format %d", (int)fmt);
        rc = -1;
        break;
    }
    if (rc != 0)
        memset(img, 0, sizeof *img);
    return rc;
}

int ssem_image_load(ssem_image *img, const char *path, ssem_format fmt, ssem_diag *d)
{
    char *data;
    size_t len;
    memset(img, 0, sizeof *img);
    if (ssem_read_file(path, &data, &len, d) != 0)
        return -1;
    int rc = ssem_image_parse(img, data, len, strcmp(path, "-") == 0 ? "<stdin>" : path, fmt, d);
    free(data);
    return rc;
}

/* ---- writing --------------------------------------------------------------- */

static void put_le32(unsigned char *p, uint32_t w)
{
    p[0] = (unsigned char)w;
    p[1] = (unsigned char)(w >> 8);
    p[2] = (unsigned char)(w >> 16);
    p[3] = (unsigned char)(w >> 24);
}

int ssem_image_write(const ssem_image *img, ssem_format fmt, FILE *f)
{
    char bits[SSEM_BITS + 1];
    switch (fmt) {
    case SSEM_FMT_AUTO:
    case SSEM_FMT_BITS:
        for (int i = 0; i < SSEM_WORDS; i++) {
            ssem_word_to_bits(img->word[i], bits, '1', '0');
            fprintf(f, "%s\n", bits);
        }
        break;
    case SSEM_FMT_SNP:
        /* Byte for byte what David Sharp's simulator saves (and MAME's
         * ssem_quik loader expects): CRLF after every line but the last. */
        fputs("32\r\n", f);
        for (int i = 0; i < SSEM_WORDS; i++) {
            ssem_word_to_bits(img->word[i], bits, '1', '0');
            fprintf(f, "%04d:%s%s", i, bits, i < SSEM_WORDS - 1 ? "\r\n" : "");
        }
        break;
    case SSEM_FMT_DEC:
        for (int i = 0; i < SSEM_WORDS; i++)
            fprintf(f, "%" PRId32 "\n", (int32_t)img->word[i]);
        break;
    case SSEM_FMT_BIN: {
        unsigned char buf[BIN_SIZE];
        for (int i = 0; i < SSEM_WORDS; i++)
            put_le32(buf + 4 * i, img->word[i]);
        fwrite(buf, 1, sizeof buf, f);
        break;
    }
    case SSEM_FMT_ST: {
        unsigned char buf[ST_SIZE];
        int32_t a = (int32_t)img->a;
        memcpy(buf, &a, 4);
        memcpy(buf + 4, &img->ci, 4);
        memcpy(buf + 8, img->word, sizeof img->word);
        fwrite(buf, 1, sizeof buf, f);
        break;
    }
    default:
        return -1;
    }
    return ferror(f) ? -1 : 0;
}

int ssem_image_writer(FILE *f, const void *arg)
{
    const ssem_image_out *o = arg;
    return ssem_image_write(o->img, o->fmt, f);
}

int ssem_image_save(const ssem_image *img, const char *path, ssem_format fmt, ssem_diag *d)
{
    if (fmt == SSEM_FMT_AUTO)
        fmt = ssem_format_from_path(path);
    if (fmt == SSEM_FMT_AUTO)
        fmt = SSEM_FMT_BITS;
    ssem_image_out a = { img, fmt };
    return ssem_write_file(path, ssem_image_writer, &a, d);
}
