/* main.c (ssememu): the ssememu command: load an image or source, run an engine, dump, save, trace, watch. */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "asm.h"
#include "emu.h"
#include "emu_console.h"
#include "emu_dap.h"
#include "emu_debug_cli.h"
#include "emu_cycle.h"
#include "emu_dump.h"
#include "emu_fallback.h"
#include "emu_panel_tui.h"
#include "emu_png.h"
#include "emu_watch.h"
#include "ssem_cli.h"
#include "ssem_clock.h"
#include "ssem_image.h"
#include "ssem_io.h"
#include "ssem_near.h"

static const char *const prog = "ssememu";

enum { EXIT_HALTED = 0, EXIT_ERROR = 1, EXIT_USAGE = 2, EXIT_LIMIT = 3, EXIT_CYCLE = 4 };

/* The largest -n: a round number that no run reaches (31 years at a
 * billion steps a second) and that leaves the 64-bit step count room. */
#define MAX_STEPS UINT64_C(1000000000000000000)

/* Steps per engine call when running flat out: the engine's hot loop never
 * looks at the interrupt flag, so this bounds how late Ctrl-C is noticed
 * (about a millisecond) while keeping the per-call cost invisible. */
#define RUN_CHUNK ((uint64_t)1 << 20)

enum { MAX_DEFINES = 64, MAX_BREAKS = 64 };

static volatile sig_atomic_t stop_signal;

static void on_signal(int sig)
{
    stop_signal = sig;
}

typedef struct options {
    const char *file;
    const emu_engine *engine;
    uint64_t max_steps;     /* without -n, UINT64_MAX: a count no -n can give */
    bool stop_on_cycle;
    bool set_ci, set_acc;
    uint32_t ci, acc;
    emu_dump_format dump;
    const char *output;
    ssem_format out_fmt;
    bool force_input;       /* in_fmt below, or assembly when in_fmt is AUTO */
    ssem_format in_fmt;
    const char *png;
    bool trace;
    const char *trace_file; /* NULL: stderr */
    bool stats;
    bool watch;
    bool panel;
    bool dap;
    double ips;             /* --watch and --panel; 0: as fast as possible */
    asm_define defines[MAX_DEFINES];
    size_t ndefines;
    bool debug, check;      /* --debug (the console), --check (lockstep) */
    const char *script;     /* -x FILE */
    const char *breaks[MAX_BREAKS];
    emu_cli_stops stops;    /* --break, --until, --history */
} options;

static void usage(FILE *f)
{
    fprintf(f,
            "Usage: ssememu [OPTIONS] FILE\n"
            "Run a Manchester Baby (SSEM) program. FILE is a store image in any format\n"
            "(bits, snp, bin, st, dec; detected from the content) or assembly source,\n"
            "which is assembled in memory. '-' reads standard input.\n"
            "\n"
            "  -e, --engine NAME        dispatch engine (default %s)\n"
            "      --list-engines       print the engine names, one per line, and exit;\n"
            "                           with --long: NAME KIND SUMMARY (KIND: reference,\n"
            "                           interpreter, translator, algebraic)\n"
            "  -n, --max-steps N        stop after N steps (0: load only; at most 10^18);\n"
            "                           without it the run goes on until STP or Ctrl-C\n"
            "      --stop-on-cycle      stop as soon as the state is seen to repeat\n"
            "      --ci N               initial CI (default 0, or the value in a .st image)\n"
            "      --acc N              initial A (likewise); N may be negative or 0x hex\n"
            "  -d, --dump FORMAT        final state as %s (default crt)\n"
            "  -o, --output FILE        write the final store as an image ('-' = stdout)\n"
            "  -f, --format FORMAT      image format for -o: %s\n"
            "                           (default: from the extension of FILE, else img)\n"
            "      --input-format FMT   read FILE as image format FMT, or 'asm' for source\n"
            "  -D NAME[=VALUE]          define an assembler symbol (source input; VALUE\n"
            "                           defaults to 1)\n"
            "      --png FILE           write a PNG picture of the final CRT\n"
            "      --trace[=FILE]       print every step (step, CI, word, instruction, A)\n"
            "                           to standard error or FILE\n"
            "      --stats              steps, wall time, speed, re-decodes and any\n"
            "                           fallback of the engine to stderr\n"
            "      --watch[=IPS]        live CRT in the terminal at IPS instructions per\n"
            "                           second (default 700, the 1948 speed); q quits\n"
            "      --panel[=IPS]        the control panel in the terminal (IPS as --watch,\n"
            "                           or 'max'); see docs/panel.md\n"
            "      --debug              the debugger console (see ssememu(1), 'help')\n"
            "  -x FILE                  with --debug: run the commands in FILE first\n"
            "      --break LOC          stop before line LOC runs (a number or a label;\n"
            "                           repeatable)\n"
            "      --until COND         stop after the first step where COND holds\n"
            "                           (e.g. 'A < 0', '[27] == 5', 'steps > 1000')\n"
            "      --history N          when the run stops, print its last N steps\n"
            "      --check              run the engine in lockstep with the reference and\n"
            "                           report the first step where they differ\n"
            "      --dap                serve the Debug Adapter Protocol on standard input\n"
            "                           and output (for editors; no FILE: launch names it)\n"
            "  -h, --help               show this help and exit\n"
            "  -V, --version            show the version and exit\n"
            "\n"
            "A run that ends without STP says so when its state repeats: the program\n"
            "then never halts.\n"
            "\n"
            "Exit status: 0 halted at STP, 1 load, assembly or I/O error (no output is\n"
            "written), 2 usage error, 3 stopped by the step limit, 4 stopped by\n"
            "--stop-on-cycle, 5 stopped by --break or --until, 6 --check found a\n"
            "difference, 128+N stopped by signal N: 130 Ctrl-C (or q in --watch),\n"
            "143 SIGTERM, 129 SIGHUP.\n",
            EMU_ENGINE_DEFAULT, emu_dump_format_names, ssem_format_list());
}

static bool parse_ips(const char *s, double *ips)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || *end || !(v > 0) || v > 1e12)
        return false;
    *ips = v;
    return true;
}

static bool looks_numeric(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if ((*s < '0' || *s > '9') && *s != '.')
            return false;
    return true;
}

enum { OPT_LIST = 256, OPT_LONG, OPT_CI, OPT_ACC, OPT_INPUT_FORMAT, OPT_PNG, OPT_TRACE, OPT_STATS, OPT_WATCH,
       OPT_STOP_CYCLE, OPT_DEBUG, OPT_BREAK, OPT_UNTIL, OPT_HISTORY, OPT_CHECK, OPT_PANEL, OPT_DAP };

static const struct option long_opts[] = {
    { "engine", required_argument, NULL, 'e' },
    { "list-engines", no_argument, NULL, OPT_LIST },
    { "long", no_argument, NULL, OPT_LONG },
    { "max-steps", required_argument, NULL, 'n' },
    { "ci", required_argument, NULL, OPT_CI },
    { "acc", required_argument, NULL, OPT_ACC },
    { "dump", required_argument, NULL, 'd' },
    { "output", required_argument, NULL, 'o' },
    { "format", required_argument, NULL, 'f' },
    { "input-format", required_argument, NULL, OPT_INPUT_FORMAT },
    { "png", required_argument, NULL, OPT_PNG },
    { "trace", optional_argument, NULL, OPT_TRACE },
    { "stats", no_argument, NULL, OPT_STATS },
    { "watch", optional_argument, NULL, OPT_WATCH },
    { "panel", optional_argument, NULL, OPT_PANEL },
    { "debug", no_argument, NULL, OPT_DEBUG },
    { "break", required_argument, NULL, OPT_BREAK },
    { "until", required_argument, NULL, OPT_UNTIL },
    { "history", required_argument, NULL, OPT_HISTORY },
    { "check", no_argument, NULL, OPT_CHECK },
    { "stop-on-cycle", no_argument, NULL, OPT_STOP_CYCLE },
    { "dap", no_argument, NULL, OPT_DAP },
    { "help", no_argument, NULL, 'h' },
    { "version", no_argument, NULL, 'V' },
    { NULL, 0, NULL, 0 },
};

/* Returns -1 to go on, else the exit status. */
static int parse_args(int argc, char **argv, options *o)
{
    memset(o, 0, sizeof *o);
    o->max_steps = UINT64_MAX;
    o->dump = EMU_DUMP_CRT;
    o->ips = EMU_WATCH_DEFAULT_IPS;
    const char *engine = EMU_ENGINE_DEFAULT;
    bool list_engines = false, list_long = false;
    int c;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":e:n:d:o:f:D:x:hV", long_opts, NULL)) != -1) {
        switch (c) {
        case 'e': engine = optarg; break;
        case OPT_LIST: list_engines = true; break;
        case OPT_LONG: list_long = true; break;
        case 'n':
            if (!ssem_parse_u64(optarg, &o->max_steps) || o->max_steps > MAX_STEPS)
                return ssem_usage_error(prog, "invalid step count '%s' (0 to 10^18)", optarg);
            break;
        case OPT_STOP_CYCLE: o->stop_on_cycle = true; break;
        case OPT_CI:
            if (!ssem_parse_reg(optarg, &o->ci))
                return ssem_usage_error(prog, "invalid CI value '%s' (a 32-bit number)", optarg);
            o->set_ci = true;
            break;
        case OPT_ACC:
            if (!ssem_parse_reg(optarg, &o->acc))
                return ssem_usage_error(prog, "invalid A value '%s' (a 32-bit number)", optarg);
            o->set_acc = true;
            break;
        case 'd':
            o->dump = emu_dump_format_from_name(optarg);
            if (o->dump == EMU_DUMP_INVALID)
                return ssem_usage_error(prog, "unknown dump format '%s' (one of %s)", optarg, emu_dump_format_names);
            break;
        case 'o': o->output = optarg; break;
        case 'f':
            o->out_fmt = ssem_format_from_name(optarg);
            if (o->out_fmt == SSEM_FMT_AUTO)
                return ssem_usage_error(prog, "unknown image format '%s' (one of %s)", optarg, ssem_format_list());
            break;
        case OPT_INPUT_FORMAT:
            o->force_input = true;
            o->in_fmt = strcmp(optarg, "asm") == 0 ? SSEM_FMT_AUTO : ssem_format_from_name(optarg);
            if (o->in_fmt == SSEM_FMT_AUTO && strcmp(optarg, "asm") != 0)
                return ssem_usage_error(prog, "unknown input format '%s' (one of asm, %s)", optarg,
                                        ssem_format_list());
            break;
        case 'D':
            if (o->ndefines == MAX_DEFINES)
                return ssem_usage_error(prog, "too many -D options (at most %d)", MAX_DEFINES);
            if (!ssem_parse_define(optarg, (char **)&o->defines[o->ndefines].name, &o->defines[o->ndefines].value))
                return ssem_usage_error(prog, "bad -D '%s' (want NAME or NAME=INTEGER)", optarg);
            o->ndefines++;
            break;
        case OPT_PNG: o->png = optarg; break;
        case OPT_TRACE:
            o->trace = true;
            o->trace_file = optarg;
            break;
        case OPT_STATS: o->stats = true; break;
        case OPT_WATCH:
            o->watch = true;
            /* "--watch 2000 prog.s": take a following number as the rate unless
             * it is the only word left and names a file (then it is FILE). */
            if (!optarg && optind < argc && looks_numeric(argv[optind]) &&
                (optind < argc - 1 || access(argv[optind], F_OK) != 0))
                optarg = argv[optind++];
            if (optarg && !parse_ips(optarg, &o->ips))
                return ssem_usage_error(prog, "invalid speed '%s' (instructions per second, > 0)", optarg);
            break;
        case OPT_PANEL:
            o->panel = true;
            if (optarg && strcmp(optarg, "max") == 0)
                o->ips = 0;
            else if (optarg && !parse_ips(optarg, &o->ips))
                return ssem_usage_error(prog, "invalid speed '%s' (instructions per second, > 0, or max)", optarg);
            break;
        case OPT_DEBUG: o->debug = true; break;
        case 'x': o->script = optarg; break;
        case OPT_BREAK:
            if (o->stops.nbreaks == MAX_BREAKS)
                return ssem_usage_error(prog, "too many --break options (at most %d)", MAX_BREAKS);
            o->breaks[o->stops.nbreaks++] = optarg;
            o->stops.breaks = o->breaks;
            break;
        case OPT_UNTIL: o->stops.until = optarg; break;
        case OPT_HISTORY:
            if (!ssem_parse_u64(optarg, &o->stops.history) || o->stops.history == 0 || o->stops.history > 1000000)
                return ssem_usage_error(prog, "invalid history length '%s' (1 to 1000000 steps)", optarg);
            break;
        case OPT_CHECK: o->check = true; break;
        case OPT_DAP: o->dap = true; break;
        default:
            return ssem_cli_common_option(prog, c, argv, long_opts, usage);
        }
    }
    if (list_long && !list_engines)
        return ssem_usage_error(prog, "--long goes with --list-engines");
    if (list_engines) {
        size_t n;
        const emu_engine *const *l = emu_engine_list(&n);
        for (size_t i = 0; i < n; i++)
            if (list_long)
                printf("%-20s %-12s %s\n", l[i]->name, emu_kind_name(l[i]->kind), l[i]->summary);
            else
                printf("%s\n", l[i]->name);
        return fflush(stdout) == 0 ? EXIT_SUCCESS : EXIT_ERROR;
    }
    if (o->dap && optind < argc)
        return ssem_usage_error(prog, "--dap takes no FILE: the client's launch request names the program");
    if (o->dap)
        return emu_dap_main(engine);
    if (optind == argc)
        return ssem_usage_error(prog, "no input file");
    if (optind < argc - 1)
        return ssem_usage_error(prog, "more than one input file ('%s' and '%s')", argv[optind], argv[optind + 1]);
    o->file = argv[optind];
    o->engine = emu_engine_find(engine);
    if (!o->engine) {
        size_t n;
        const emu_engine *const *list = emu_engine_list(&n);
        ssem_near near;
        ssem_near_init(&near, engine, strnlen(engine, SSEM_NEAR_MAX_LEN + 1), true);
        for (size_t i = 0; i < n; i++)
            ssem_near_try(&near, list[i]->name, strlen(list[i]->name), NULL, 0);
        if (near.best)
            return ssem_usage_error(prog, "unknown engine '%s'; did you mean '%s'? (see --list-engines)",
                                    engine, near.best);
        return ssem_usage_error(prog, "unknown engine '%s' (see --list-engines)", engine);
    }
    if (o->watch && o->trace)
        return ssem_usage_error(prog, "--watch and --trace cannot be combined");
    if (o->watch && o->stop_on_cycle)
        return ssem_usage_error(prog, "--watch and --stop-on-cycle cannot be combined");
    if (o->panel && (o->watch || o->trace || o->debug || o->check || o->stop_on_cycle ||
                    emu_cli_has_stops(&o->stops)))
        return ssem_usage_error(prog, "--panel is a run of its own: not with --watch, --trace, --debug, "
                                      "--check, --stop-on-cycle, --break, --until or --history");
    if ((o->debug || o->check || o->watch || o->trace) && emu_cli_has_stops(&o->stops))
        return ssem_usage_error(prog, "--break, --until and --history are for a plain run (the console has its own)");
    if (o->debug + o->check + o->watch > 1)
        return ssem_usage_error(prog, "--debug, --check and --watch cannot be combined");
    if (o->script && !o->debug)
        return ssem_usage_error(prog, "-x needs --debug");
    if (o->debug && strcmp(o->file, "-") == 0)
        return ssem_usage_error(prog, "--debug reads its commands from standard input: name the program's file");
    return -1;
}

/* The store (and, for .st, the registers) from an image or from source;
 * *image says which it was; *info gets the debug info (labels, source
 * lines) when info is non-NULL. */
static int load(const options *o, emu_machine *m, bool *image, emu_dbg_info **info)
{
    ssem_diag d;
    ssem_diag_init(&d, stderr);
    char *data;
    size_t len;
    if (ssem_read_file(o->file, &data, &len, &d) != 0)
        return -1;
    const char *name = strcmp(o->file, "-") == 0 ? "<stdin>" : o->file;
    ssem_image img;
    asm_options ao = { o->defines, o->ndefines };
    asm_program *src = NULL;
    int rc = asm_load_store(data, len, name, o->force_input, o->in_fmt, &ao, &img, image,
                            info ? &src : NULL, &d);
    if (rc == 0 && info)
        *info = *image ? emu_cli_image_info(o->file) : emu_cli_source_info(src, data, len);
    asm_program_free(src);
    free(data);
    if (rc != 0) {
        if (d.errors == 0)   /* the library always reports; never fail silently */
            fprintf(stderr, "ssememu: %s: cannot load\n", name);
        return -1;
    }
    emu_machine_init(m, img.word);
    if (img.has_regs) {
        m->a = img.a;
        m->ci = img.ci;
    }
    if (o->set_ci)
        m->ci = o->ci;
    if (o->set_acc)
        m->a = o->acc;
    return 0;
}

static bool state_or_die(const emu_vm *vm, emu_machine *m)
{
    char why[256] = "";
    if (emu_vm_state(vm, m, why, sizeof why))
        return true;
    fprintf(stderr, "ssememu: internal error: engine '%s' is inconsistent: %s\n", vm->engine->name, why);
    return false;
}

/* Flat out, in chunks, so a signal is noticed between chunks; each chunk
 * ends where the cycle detector wants its next snapshot. */
static bool run_fast(emu_vm *vm, uint64_t left, emu_machine *m, emu_cycle *cy, bool stop_on_cycle)
{
    while (!m->halted && left > 0 && !stop_signal) {
        uint64_t chunk = emu_cycle_due(cy, m);
        if (chunk == 0 || chunk > RUN_CHUNK)
            chunk = RUN_CHUNK;
        if (chunk > left)
            chunk = left;
        uint64_t before = m->steps;
        emu_vm_run(vm, chunk);
        if (!state_or_die(vm, m))
            return false;
        uint64_t ran = m->steps - before;
        left -= ran < left ? ran : left;
        if (ran < chunk && !m->halted) {
            fprintf(stderr, "ssememu: internal error: engine '%s' ran %" PRIu64 " of %" PRIu64
                            " steps without halting\n", vm->engine->name, ran, chunk);
            return false;
        }
        if (emu_cycle_observe(cy, m) && stop_on_cycle)
            break;
    }
    return true;
}

/* One step at a time, outside the engine's hot loop, logging each. */
static bool run_traced(emu_vm *vm, uint64_t left, emu_machine *m, const emu_dbg_info *info, FILE *log,
                       emu_cycle *cy, bool stop_on_cycle)
{
    while (!m->halted && left > 0 && !stop_signal) {
        emu_machine before = *m;
        emu_vm_run(vm, 1);
        if (!state_or_die(vm, m))
            return false;
        if (m->steps == before.steps)
            break;
        left--;
        if (emu_trace_step_info(&before, m, info, log) != 0) {
            fprintf(stderr, "ssememu: cannot write the trace: %s\n", ssem_errstr(errno));
            return false;
        }
        if (emu_cycle_observe(cy, m) && stop_on_cycle)
            break;
    }
    return true;
}

static int write_png(FILE *f, const void *arg)
{
    return emu_png_write(arg, f);
}

static void print_stats(const emu_vm *vm, uint64_t steps, double secs)
{
    const char *fallback = emu_vm_fallback(vm);
    emu_counters c = { 0 };
    if (vm->engine->counters)
        vm->engine->counters(vm->ctx, &c);
    fprintf(stderr, "engine:        %s\n", vm->engine->name);
    if (fallback)
        fprintf(stderr, "fallback:      %s\n", fallback);
    fprintf(stderr, "steps:         %" PRIu64 "\n", steps);
    fprintf(stderr, "wall time:     %.6f s\n", secs);
    if (secs > 0)
        fprintf(stderr, "speed:         %.2f million steps/s\n", (double)steps / secs / 1e6);
    fprintf(stderr, "re-decodes:    %" PRIu64 "\n", c.redecodes);
    if (c.translations || c.invalidations)
        fprintf(stderr, "translations:  %" PRIu64 "\ninvalidations: %" PRIu64 "\ntranslating:   %.6f s\n",
                c.translations, c.invalidations, (double)c.translate_ns * 1e-9);
}

static void install_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
}

/* The note on a run that ended without STP: true when it never halts. */
static bool cycle_note(const emu_cycle *cy, const emu_machine *m)
{
    emu_cycle_report r;
    uint64_t budget = emu_cycle_budget(m->steps - cy->start.steps);
    if (m->halted || !emu_cycle_explain(cy, m, budget, &r))
        return false;
    char note[160];
    emu_cycle_note(&r, note, sizeof note);
    fprintf(stderr, "ssememu: note: %s\n", note);
    return true;
}

static void fallback_note(const emu_vm *vm)
{
    const char *fallback = emu_vm_fallback(vm);
    if (fallback)
        fprintf(stderr, "ssememu: note: engine '%s' runs on %s\n", vm->engine->name, fallback);
}

int main(int argc, char **argv)
{
    options o;
    int rc = parse_args(argc, argv, &o);
    if (rc >= 0)
        return rc;

    /* Every output is written all or nothing, after the run, and none may
     * be the input or another output. */
    ssem_diag d;
    ssem_diag_init(&d, stderr);
    ssem_outs outs;
    ssem_outs_init(&outs, prog, &d);
    ssem_outs_input(&outs, o.file);
    ssem_image img;
    ssem_image_out img_out = { &img, o.out_fmt };
    if (o.output) {
        if (img_out.fmt == SSEM_FMT_AUTO)
            img_out.fmt = ssem_format_from_path(o.output);
        ssem_outs_add(&outs, "-o", o.output, ssem_image_writer, &img_out);
    }
    emu_machine m;
    if (o.png)
        ssem_outs_add(&outs, "--png", o.png, write_png, &m);
    int trace_out = o.trace_file ? ssem_outs_add(&outs, "--trace", o.trace_file, NULL, NULL) : -1;
    bool image;
    emu_dbg_info *info = NULL;
    bool want_info = o.debug || o.trace || emu_cli_has_stops(&o.stops);
    int loaded = load(&o, &m, &image, want_info ? &info : NULL);
    for (size_t i = 0; i < o.ndefines; i++)
        free((char *)o.defines[i].name);
    if (loaded != 0)
        return EXIT_ERROR;
    if (o.debug)
        return emu_cli_debug(o.engine, &m, info, o.file, o.script);
    if (o.check) {
        install_signals();
        return emu_cli_check(o.engine, &m, o.max_steps, &stop_signal, stdout);
    }
    /* "ssememu p.img -o p.img" chains runs (the prime generator); a source
     * is never replaced by an image. */
    if (o.output)
        outs.out[0].updates_input = image;
    if (ssem_outs_check(&outs) != 0) {
        emu_dbg_info_free(info);
        return EXIT_ERROR;
    }

    FILE *log = NULL;
    if (o.trace) {
        log = trace_out >= 0 ? ssem_outs_stream(&outs, trace_out) : stderr;
        if (!log) {
            ssem_outs_abort(&outs);
            emu_dbg_info_free(info);
            return EXIT_ERROR;
        }
    }

    emu_vm vm;
    if (emu_vm_open(&vm, o.engine, &m) != 0) {
        ssem_outs_abort(&outs);
        emu_dbg_info_free(info);
        fprintf(stderr, "ssememu: out of memory\n");
        return EXIT_ERROR;
    }
    install_signals();
    if (o.max_steps > 0)
        fallback_note(&vm);

    bool ok = true, quit = false, stopped = false;
    emu_cycle cy;
    emu_cycle_init(&cy, &m, EMU_CYCLE_STRIDE);
    uint64_t start_steps = m.steps;
    uint64_t t0 = ssem_now_ns();
    if (o.watch) {
        char why[256];
        emu_watch_opts wo = { o.ips, o.max_steps, o.file, &stop_signal, STDIN_FILENO, STDOUT_FILENO };
        emu_watch_end end = emu_watch(&vm, &wo, &m, why, sizeof why);
        if (end == EMU_WATCH_ERROR) {
            fprintf(stderr, "ssememu: --watch: %s\n", why);
            ok = false;
        }
        quit = end == EMU_WATCH_QUIT;
    } else if (o.panel) {
        char why[256];
        emu_panel_tui_opts po = { o.ips, o.max_steps, o.file, &stop_signal, false, NULL };
        if (emu_panel_tui(&m, &po, why, sizeof why) == EMU_PANEL_TUI_ERROR) {
            fprintf(stderr, "ssememu: --panel: %s\n", why);
            ok = false;
        }
    } else if (o.trace) {
        ok = run_traced(&vm, o.max_steps, &m, info, log, &cy, o.stop_on_cycle);
    } else if (emu_cli_has_stops(&o.stops)) {
        int st = emu_cli_run_stops(o.engine, &m, info, &o.stops, o.max_steps, &stop_signal, &stopped);
        info = NULL;   /* taken over */
        if (st == EXIT_USAGE) {
            emu_vm_close(&vm);
            ssem_outs_abort(&outs);
            return EXIT_USAGE;
        }
        ok = st == 0;
    } else {
        ok = run_fast(&vm, o.max_steps, &m, &cy, o.stop_on_cycle);
    }
    double secs = (double)(ssem_now_ns() - t0) * 1e-9;
    if (o.stats)
        print_stats(&vm, m.steps - start_steps, secs);
    emu_vm_close(&vm);
    emu_dbg_info_free(info);
    if (!ok) {
        ssem_outs_abort(&outs);
        return EXIT_ERROR;
    }
    bool never_halts = !stopped && !m.halted && m.steps > start_steps && cycle_note(&cy, &m);

    /* The state reached is always kept, whatever stopped the run, so an
     * interrupted or step-limited run can be inspected and resumed. */
    memcpy(img.word, m.store, sizeof img.word);
    img.a = m.a;
    img.ci = m.ci;
    img.has_regs = true;
    if (ssem_outs_commit(&outs) != 0)
        ok = false;
    if (emu_dump(&m, o.dump, stdout) != 0 || fflush(stdout) != 0) {
        fprintf(stderr, "ssememu: cannot write the dump: %s\n", ssem_errstr(errno));
        ok = false;
    }
    if (stop_signal) {
        fprintf(stderr, "ssememu: interrupted by %s after %" PRIu64 " steps\n",
                stop_signal == SIGINT ? "Ctrl-C" : strsignal(stop_signal), m.steps);
        return 128 + stop_signal;
    }
    if (!ok)
        return EXIT_ERROR;
    if (quit)
        return 128 + SIGINT;
    if (o.panel)
        return EXIT_SUCCESS;   /* q leaves the panel, whatever the machine did */
    if (m.halted)
        return EXIT_HALTED;
    if (stopped)
        return EMU_EXIT_STOPPED;
    return o.stop_on_cycle && never_halts ? EXIT_CYCLE : EXIT_LIMIT;
}
