/* main.c (ssemdis): the ssemdis program: prints a store image as source that ssemasm reassembles to the same image. */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ssem_diag.h"
#include "ssem_dis.h"
#include "ssem_cli.h"
#include "ssem_image.h"
#include "ssem_io.h"
#include "ssem_word.h"

static const char *prog = "ssemdis";

static void usage(FILE *f)
{
    fprintf(f,
            "Usage: %s [OPTIONS] IMAGE\n"
            "Disassemble an SSEM (Manchester Baby) store image into source that ssemasm\n"
            "assembles back into the identical image. IMAGE may be '-' for stdin.\n"
            "\n"
            "Options:\n"
            "  -f, --format=FORMAT  read IMAGE as FORMAT instead of detecting it, one of\n"
            "                       %s\n"
            "  -o, --output=FILE    write the source to FILE instead of stdout ('-' = stdout)\n"
            "      --crt            add each word's bits as the CRT showed them\n"
            "                       (bit 0 leftmost) as a comment column\n"
            "  -s, --symbolic       follow control from the start line: instructions where\n"
            "                       it runs, NUM for data, labels for the words operands\n"
            "                       name (Dnn) and the lines jumps land on (Lnn)\n"
            "  -h, --help           print this help and exit\n"
            "  -V, --version        print the version and exit\n"
            "\n"
            "Each store line becomes 'NN: MNEMONIC operand'. A word with bits set that the\n"
            "machine ignores is written as 'NUM value' with the instruction it executes as\n"
            "in a comment.\n"
            "\n"
            "Exit status: 0 ok, 1 error (nothing is written), 2 usage error, 128+N killed\n"
            "by signal N while writing (nothing is written).\n",
            prog, ssem_format_list());
}

typedef struct dis_job {
    const ssem_image *img;
    ssem_dis_opts opts;
} dis_job;

static int write_source(FILE *f, const void *arg)
{
    const dis_job *j = arg;
    return ssem_dis_store(f, j->img, &j->opts);
}

int main(int argc, char **argv)
{
    enum { OPT_CRT = 256 };
    static const struct option longopts[] = {
        { "format", required_argument, NULL, 'f' },
        { "output", required_argument, NULL, 'o' },
        { "crt", no_argument, NULL, OPT_CRT },
        { "symbolic", no_argument, NULL, 's' },
        { "help", no_argument, NULL, 'h' },
        { "version", no_argument, NULL, 'V' },
        { NULL, 0, NULL, 0 },
    };
    ssem_format fmt = SSEM_FMT_AUTO;
    const char *out = "-";
    bool crt = false, symbolic = false;
    int c;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":f:o:shV", longopts, NULL)) != -1) {
        switch (c) {
        case 'f':
            fmt = ssem_format_from_name(optarg);
            if (fmt == SSEM_FMT_AUTO && strcmp(optarg, "auto") != 0)
                return ssem_usage_error(prog, "unknown format '%s' (one of %s)", optarg, ssem_format_list());
            break;
        case 'o':
            out = optarg;
            break;
        case OPT_CRT:
            crt = true;
            break;
        case 's':
            symbolic = true;
            break;
        default:
            return ssem_cli_common_option(prog, c, argv, longopts, usage);
        }
    }
    if (optind >= argc)
        return ssem_usage_error(prog, "%s", "no IMAGE given");
    if (optind + 1 < argc)
        return ssem_usage_error(prog, "more than one IMAGE given ('%s' ...)", argv[optind + 1]);
    const char *path = argv[optind];

    ssem_diag d;
    ssem_diag_init(&d, stderr);
    ssem_outs outs;
    ssem_outs_init(&outs, prog, &d);
    ssem_outs_input(&outs, path);
    dis_job job;
    ssem_outs_add(&outs, "-o", out, write_source, &job);
    if (ssem_outs_check(&outs) != 0)
        return 1;
    char *data;
    size_t len;
    if (ssem_read_file(path, &data, &len, &d) != 0) {
        ssem_outs_abort(&outs);
        return 1;
    }
    const char *name = strcmp(path, "-") == 0 ? "<stdin>" : path;
    ssem_format used = fmt != SSEM_FMT_AUTO ? fmt : ssem_image_detect(data, len);
    ssem_image img;
    int rc = ssem_image_parse(&img, data, len, name, fmt, &d);
    free(data);
    if (rc != 0 || ssem_diag_failed(&d)) {
        ssem_outs_abort(&outs);
        return 1;
    }
    job = (dis_job){ &img, { name, ssem_format_name(used), crt, symbolic } };
    return ssem_outs_commit(&outs) == 0 ? 0 : 1;
}
