/* main.c (ssemasm): the ssemasm command line: assemble SSEM source into a store image and a listing. */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "asm.h"
#include "ssem_cli.h"
#include "ssem_image.h"
#include "ssem_io.h"

static const char *prog = "ssemasm";

static void usage(FILE *f)
{
    fprintf(f,
            "Usage: %s [OPTIONS] SOURCE [-o OUTPUT]\n"
            "Assemble Manchester Baby (SSEM) source into a store image.\n"
            "\n"
            "  SOURCE                 assembly source; '-' reads standard input\n"
            "  -o, --output=FILE      image to write ('-' = standard output); default:\n"
            "                         SOURCE with its extension replaced by that of the\n"
            "                         format (.img), or standard output when SOURCE is '-'\n"
            "  -f, --format=FMT       image format: img (bare bits, the default), snp\n"
            "                         (David Sharp / MAME), bin (128 bytes LE), st (SIMH);\n"
            "                         without -f the extension of OUTPUT decides\n"
            "  -l, --listing=FILE     also write a listing ('-' = standard output)\n"
            "  -g, --symbols[=FILE]   also write the symbol file ssememu --debug reads\n"
            "                         (default: OUTPUT with the extension .sym)\n"
            "  -D, --define=NAME[=V]  define the constant NAME (V defaults to 1)\n"
            "  -Werror                treat warnings as errors\n"
            "  -h, --help             show this help and exit\n"
            "  -V, --version          show the version and exit\n"
            "\n"
            "Exit status: 0 success, 1 assembly or I/O error, 2 usage error.\n"
            "The language is described in ssemasm(1) and docs/language.md.\n",
            prog);
}

/* NAME[=VALUE] with VALUE a decimal, 0x or 0b integer, optionally negative. */
static int parse_define(const char *arg, asm_define *out)
{
    const char *eq = strchr(arg, '=');
    size_t n = eq ? (size_t)(eq - arg) : strlen(arg);
    if (n == 0 || !(isalpha((unsigned char)arg[0]) || arg[0] == '_'))
        return -1;
    for (size_t i = 1; i < n; i++)
        if (!isalnum((unsigned char)arg[i]) && arg[i] != '_' && arg[i] != '.')
            return -1;
    char *name = malloc(n + 1);
    if (!name)
        abort();
    memcpy(name, arg, n);
    name[n] = '\0';
    int64_t v = 1;
    if (eq) {
        const char *s = eq + 1;
        bool neg = *s == '-';
        if (neg)
            s++;
        int base = 10;
        if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
            base = 16, s += 2;
        else if (s[0] == '0' && (s[1] == 'b' || s[1] == 'B'))
            base = 2, s += 2;
        char *end;
        errno = 0;
        long long x = strtoll(s, &end, base);
        if (!*s || *end || errno || !isalnum((unsigned char)*s)) {
            free(name);
            return -1;
        }
        v = neg ? -x : x;
    }
    out->name = name;
    out->value = v;
    return 0;
}

/* SOURCE with its extension (if any) replaced by ext. */
static char *default_output(const char *src, const char *ext)
{
    const char *slash = strrchr(src, '/');
    const char *base = slash ? slash + 1 : src;
    const char *dot = strrchr(base, '.');
    size_t n = dot && dot != base ? (size_t)(dot - src) : strlen(src);
    char *out = malloc(n + strlen(ext) + 2);
    if (!out)
        abort();
    memcpy(out, src, n);
    sprintf(out + n, ".%s", ext);
    return out;
}

/* -D definitions live until exit, whichever way main returns. */
static asm_define *defs;
static size_t ndefs;

static void free_defs(void)
{
    for (size_t i = 0; i < ndefs; i++)
        free((char *)defs[i].name);
    free(defs);
}

static int write_listing(FILE *f, const void *arg)
{
    return asm_program_listing(arg, f);
}

static int write_symbols(FILE *f, const void *arg)
{
    return asm_program_write_symbols(arg, f);
}

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "output", required_argument, NULL, 'o' },
        { "format", required_argument, NULL, 'f' },
        { "listing", required_argument, NULL, 'l' },
        { "define", required_argument, NULL, 'D' },
        { "symbols", optional_argument, NULL, 'g' },
        { "help", no_argument, NULL, 'h' },
        { "version", no_argument, NULL, 'V' },
        { NULL, 0, NULL, 0 },
    };
    const char *out = NULL, *listing = NULL, *symbols = NULL;
    bool want_symbols = false;
    ssem_format fmt = SSEM_FMT_AUTO;
    bool werror = false;
    int status = 0;
    atexit(free_defs);

    int ch;
    opterr = 0;
    while ((ch = getopt_long(argc, argv, ":o:f:l:D:W:ghV", longopts, NULL)) != -1) {
        switch (ch) {
        case 'o':
            out = optarg;
            break;
        case 'f':
            fmt = ssem_format_from_name(optarg);
            if (fmt == SSEM_FMT_AUTO)
                return ssem_usage_error(prog, "unknown format '%s' (img, snp, bin, st)", optarg);
            break;
        case 'l':
            listing = optarg;
            break;
        case 'g':
            want_symbols = true;
            symbols = optarg;
            break;
        case 'D':
            defs = realloc(defs, (ndefs + 1) * sizeof *defs);
            if (!defs)
                abort();
            if (parse_define(optarg, &defs[ndefs]) != 0)
                return ssem_usage_error(prog, "bad -D '%s' (want NAME or NAME=INTEGER)", optarg);
            ndefs++;
            break;
        case 'W':
            if (strcmp(optarg, "error") == 0)
                werror = true;
            else if (strcmp(optarg, "no-error") == 0)
                werror = false;
            else
                return ssem_usage_error(prog, "unknown warning option '-W%s'", optarg);
            break;
        case 'h':
            usage(stdout);
            return 0;
        case 'V':
            ssem_print_version(prog);
            return 0;
        case ':':
            return ssem_usage_error(prog, "option '%s' needs an argument", argv[optind - 1]);
        default:
            return ssem_option_error(prog, argv[optind - 1], optopt, longopts);
        }
    }
    if (optind >= argc)
        return ssem_usage_error(prog, "%s", "no SOURCE given");
    if (optind + 1 < argc)
        return ssem_usage_error(prog, "more than one SOURCE ('%s')", argv[optind + 1]);
    const char *src = argv[optind];

    char *outbuf = NULL;
    if (!out) {
        if (strcmp(src, "-") == 0) {
            out = "-";
        } else {
            outbuf = default_output(src, ssem_format_name(fmt == SSEM_FMT_AUTO ? SSEM_FMT_BITS : fmt));
            out = outbuf;
        }
    }
    if (strcmp(out, src) == 0 && strcmp(src, "-") != 0) {
        status = ssem_usage_error(prog, "the output '%s' would overwrite the source", out);
        free(outbuf);
        return status;
    }
    if (listing && strcmp(listing, "-") == 0 && strcmp(out, "-") == 0) {
        free(outbuf);
        return ssem_usage_error(prog, "%s", "the image and the listing cannot both go to standard output");
    }

    char *symbuf = NULL;
    if (want_symbols && !symbols) {
        if (strcmp(out, "-") == 0 && strcmp(src, "-") == 0) {
            free(outbuf);
            return ssem_usage_error(prog, "%s", "-g needs a file name when the image goes to standard output");
        }
        symbols = symbuf = default_output(strcmp(out, "-") == 0 ? src : out, "sym");
    }

    ssem_diag d;
    ssem_diag_init(&d, stderr);
    d.werror = werror;
    char *text = NULL;
    size_t len = 0;
    asm_program *p = NULL;
    if (ssem_read_file(src, &text, &len, &d) != 0) {
        status = 1;
        goto done;
    }
    asm_options opt = { defs, ndefs };
    p = asm_assemble(text, len, strcmp(src, "-") == 0 ? "<stdin>" : src, &opt, &d);
    if (!p) {
        status = 1;
        goto done;
    }
    ssem_image img;
    asm_program_image(p, &img);
    if (ssem_image_save(&img, out, fmt, &d) != 0) {
        status = 1;
        goto done;
    }
    if (listing && ssem_write_file(listing, write_listing, p, &d) != 0)
        status = 1;
    if (symbols && ssem_write_file(symbols, write_symbols, p, &d) != 0)
        status = 1;
done:
    free(symbuf);
    asm_program_free(p);
    free(text);
    free(outbuf);
    return status;
}
