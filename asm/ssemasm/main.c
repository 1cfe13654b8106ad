/* main.c (ssemasm): the ssemasm command line: assemble SSEM source into a store image and a listing. */
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
            "  -f, --format=FMT       image format, one of %s (img,\n"
            "                         bare bits, is the default); without -f the\n"
            "                         extension of OUTPUT decides\n"
            "  -l, --listing=FILE     also write a listing ('-' = standard output)\n"
            "  -g, --symbols[=FILE]   also write the symbol file ssememu --debug reads\n"
            "                         (default: OUTPUT with the extension .sym)\n"
            "  -D, --define=NAME[=V]  define the constant NAME (V defaults to 1)\n"
            "      --dialect=NAME     read SOURCE as dialect NAME (auto, the default,\n"
            "                         decides from the file; see ssemasm(1))\n"
            "  -Wall                  also the warnings marked (all) below; -Wextra:\n"
            "  -Wextra                those marked (extra) too\n"
            "  -Werror                treat warnings as errors\n"
            "  -w                     no warnings at all\n"
            "  -h, --help             show this help and exit\n"
            "  -V, --version          show the version and exit\n"
            "\n"
            "Warnings (each NAME also has a no-NAME form, which turns it off):\n",
            prog, ssem_format_list());
    static const char *const lv[] = { "", " (all)", " (extra)" };
#define ASM_X_HELP(id, name, level, what) \
    fprintf(f, "  -W%-20s %s%s\n", name, what, lv[ASM_WL_##level]);
    ASM_WARNINGS(ASM_X_HELP)
#undef ASM_X_HELP
    fprintf(f,
            "\n"
            "Exit status: 0 success, 1 assembly or I/O error (nothing is written),\n"
            "2 usage error, 128+N killed by signal N while writing (nothing is written).\n"
            "The language is described in ssemasm(1) and docs/language.md.\n");
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
        { "symbols", optional_argument, NULL, 'g' },
        { "define", required_argument, NULL, 'D' },
        { "help", no_argument, NULL, 'h' },
        { "version", no_argument, NULL, 'V' },
        { "dialect", required_argument, NULL, 'd' },
        { NULL, 0, NULL, 0 },
    };
    const char *out = NULL, *listing = NULL, *symbols = NULL;
    bool want_symbols = false;
    ssem_format fmt = SSEM_FMT_AUTO;
    bool werror = false;
    asm_settings set = { .dialect = ASM_DIALECT_AUTO };
    int status = 0;
    atexit(free_defs);

    int ch;
    opterr = 0;
    while ((ch = getopt_long(argc, argv, ":o:f:l:D:W:wghV", longopts, NULL)) != -1) {
        switch (ch) {
        case 'o':
            out = optarg;
            break;
        case 'f':
            fmt = ssem_format_from_name(optarg);
            if (fmt == SSEM_FMT_AUTO)
                return ssem_usage_error(prog, "unknown format '%s' (one of %s)", optarg, ssem_format_list());
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
            if (!ssem_parse_define(optarg, (char **)&defs[ndefs].name, &defs[ndefs].value))
                return ssem_usage_error(prog, "bad -D '%s' (want NAME or NAME=INTEGER)", optarg);
            ndefs++;
            break;
        case 'W':
            if (strcmp(optarg, "error") == 0)
                werror = true;
            else if (strcmp(optarg, "no-error") == 0)
                werror = false;
            else if (asm_warn_option(&set.warn, optarg) != 0) {
                bool no = strncmp(optarg, "no-", 3) == 0;
                const char *near = asm_warning_suggest(no ? optarg + 3 : optarg);
                return near ? ssem_usage_error(prog, "unknown warning option '-W%s'; did you mean '-W%s%s'?",
                                               optarg, no ? "no-" : "", near)
                            : ssem_usage_error(prog, "unknown warning option '-W%s'", optarg);
            }
            break;
        case 'w':
            set.warn.none = true;
            break;
        case 'd':
            if (asm_dialect_from_name(optarg) < 0)
                return ssem_usage_error(prog, "unknown dialect '%s' (%s)", optarg, asm_dialect_list());
            set.dialect = (asm_dialect)asm_dialect_from_name(optarg);
            break;
        default:
            return ssem_cli_common_option(prog, ch, argv, longopts, usage);
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
    ssem_outs outs;
    ssem_outs_init(&outs, prog, &d);
    ssem_outs_input(&outs, src);
    ssem_image_out ia = { NULL, fmt == SSEM_FMT_AUTO ? ssem_format_from_path(out) : fmt };
    ssem_outs_add(&outs, "-o", out, ssem_image_writer, &ia);
    if (listing)
        ssem_outs_add(&outs, "-l", listing, write_listing, NULL);
    int sym_out = symbols ? ssem_outs_add(&outs, "-g", symbols, write_symbols, NULL) : -1;
    if (ssem_outs_check(&outs) != 0) {
        free(outbuf);
        free(symbuf);
        return 1;
    }
    char *text = NULL;
    size_t len = 0;
    asm_program *p = NULL;
    if (ssem_read_file(src, &text, &len, &d) != 0) {
        status = 1;
        goto done;
    }
    asm_options opt = { defs, ndefs };
    p = asm_assemble_ex(text, len, strcmp(src, "-") == 0 ? "<stdin>" : src, &opt, &set, &d);
    if (!p) {
        status = 1;
        goto done;
    }
    ssem_image img;
    asm_program_image(p, &img);
    ia.img = &img;
    if (listing)
        outs.out[1].arg = p;
    if (sym_out >= 0)
        outs.out[sym_out].arg = p;
    if (ssem_outs_commit(&outs) != 0)
        status = 1;
done:
    if (status != 0)
        ssem_outs_abort(&outs);
    asm_program_free(p);
    free(text);
    free(outbuf);
    free(symbuf);
    return status;
}
