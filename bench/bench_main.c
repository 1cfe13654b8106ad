/* bench_main.c: ssem-bench, the dispatch-technique benchmark: checks every engine against reference, then times them interleaved. */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"
#include "bench_peer.h"
#include "bench_run.h"
#include "ssem_cli.h"
#include "ssem_clock.h"

#if defined(__has_include)
#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#define BENCH_HAVE_CALLGRIND 1
#endif
#endif
#ifndef BENCH_HAVE_CALLGRIND
#define BENCH_HAVE_CALLGRIND 0
#endif

#ifndef BENCH_SRCDIR
#define BENCH_SRCDIR "bench"
#endif

static const emu_engine *eng[BENCH_MAXE];   /* ours, grouped by kind */
static size_t neng;
/* Programs named with -p FILE (with -D and --steps), and their budget. */
static bench_prog user[BENCH_MAXP];
static size_t nuser;
static uint64_t user_steps = UINT64_MAX;
enum { MAXDEF = 32 };
static asm_define defines[MAXDEF];
static emu_machine start[BENCH_MAXP];
/* The native row: eng[native] is bench_native_engine (or native == BENCH_MAXE). */
static size_t native = BENCH_MAXE;

static bench_run bench = { .nsides = 1 };
static bench_peer peer;

static bool runs_on(size_t e, size_t p)
{
    return e != native || bench.has_native[p];
}

static double now_ns(void)
{
    return (double)ssem_now_ns();
}

/* No list (no --engines, --programs) selects everything. */
static bool in_list(const char *list, const char *name)
{
    return !list || ssem_list_has(list, ',', name, strlen(name));
}

static int dbl_cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* A timed sample lasts at least this long: an engine that finishes a
 * program sooner (super-loop runs Kilburn's loop in closed form) runs it
 * again from the start until it has, so every engine is timed over >= 0.3 s
 * on the same program rather than on a bigger one. */
#define MIN_SAMPLE_NS 3e8

static void counters(const emu_engine *e, const emu_vm *vm, emu_counters *c)
{
    memset(c, 0, sizeof *c);
    if (e->counters)
        e->counters(vm->ctx, c);
}

/* Run e on program p for its budget and compare with the reference's end
 * state; on a difference print it and return false. With ce, time it into
 * timed run r: the mean ns per SSEM instruction over a sample of
 * >= MIN_SAMPLE_NS, and the translation counters of one program run. */
static bool check(const emu_engine *e, size_t p, uint64_t budget, bench_cell *ce, long r)
{
    double spent = 0, tspent = 0;
    uint64_t reps = 0;
    bool ok = true;
    do {
        emu_vm vm;
        if (emu_vm_open(&vm, e, &start[p]) != 0) {
            fprintf(stderr, "ssem-bench: out of memory\n");
            exit(1);
        }
        emu_counters c0, c1;
        counters(e, &vm, &c0);
        double t0 = now_ns();
        emu_vm_run(&vm, budget);
        spent += now_ns() - t0;
        reps++;
        counters(e, &vm, &c1);
        tspent += (double)(c1.translate_ns - c0.translate_ns);
        if (ce && (c1.translations || c1.invalidations || c1.translate_ns)) {
            ce->translates = true;
            ce->translations = c1.translations;
            ce->invalidations = c1.invalidations;
            if ((double)c0.translate_ns > ce->load_tns)
                ce->load_tns = (double)c0.translate_ns;
        }
        emu_machine got;
        char why[256];
        ok = emu_vm_state(&vm, &got, why, sizeof why);
        if (!ok)
            fprintf(stderr, "ssem-bench: %s on %s: inconsistent state: %s\n", e->name,
                    bench.prog[p]->name, why);
        else if (!(ok = emu_machine_equal(&got, &bench.expect[p], why, sizeof why)))
            fprintf(stderr, "ssem-bench: %s on %s differs from reference: %s\n", e->name,
                    bench.prog[p]->name, why);
        emu_vm_close(&vm);
    } while (ok && ce && spent < MIN_SAMPLE_NS);
    if (ce) {
        ce->ns[r] = spent / ((double)reps * (double)bench.expect[p].steps);
        ce->tns[r] = tspent / (double)reps;
    }
    return ok;
}

/* Split runs must add up: run(a) then run(b) ends where run(a+b) does. */
static bool check_split(const emu_engine *e, size_t p)
{
    uint64_t total = bench.expect[p].steps;
    for (uint64_t a = 1; a < total; a = a * 7 + 3) {
        emu_vm vm;
        if (emu_vm_open(&vm, e, &start[p]) != 0)
            return false;
        emu_vm_run(&vm, a);
        emu_vm_run(&vm, total - a);
        emu_machine got;
        char why[256];
        bool ok = emu_vm_state(&vm, &got, why, sizeof why) &&
                  emu_machine_equal(&got, &bench.expect[p], why, sizeof why);
        emu_vm_close(&vm);
        if (!ok) {
            fprintf(stderr, "ssem-bench: %s on %s split at %" PRIu64 ": %s\n", e->name,
                    bench.prog[p]->name, a, why);
            return false;
        }
    }
    return true;
}

/* --child ENGINE PROGRAM: one callgrind-sized run with collection on only
 * around the engine's run, so Ir counts nothing but dispatch and work. */
static int child(const char *ename, const char *pname)
{
    const emu_engine *e = strcmp(ename, "native") == 0  ? &bench_native_engine
                          : strcmp(ename, "debug") == 0 ? &bench_debug_engine
                                                        : emu_engine_find(ename);
    const bench_prog *p = NULL;
    for (size_t i = 0; i < bench_nprogs; i++)
        if (strcmp(bench_progs[i].name, pname) == 0)
            p = &bench_progs[i];
    if (!p && bench_user_prog(&user[0], pname, user_steps) == 0)
        p = &user[0];
    emu_machine m;
    char org[512];
    if (!e || !p || bench_load(p, BENCH_CALLGRIND, &m, org, sizeof org) != 0)
        return 1;
    if (e == &bench_native_engine && !bench_native_fits(&m, NULL, 0))
        return 1;
    emu_vm vm;
    if (emu_vm_open(&vm, e, &m) != 0)
        return 1;
#if BENCH_HAVE_CALLGRIND
    CALLGRIND_TOGGLE_COLLECT;
#endif
    emu_vm_run(&vm, p->budget[BENCH_CALLGRIND]);
#if BENCH_HAVE_CALLGRIND
    CALLGRIND_TOGGLE_COLLECT;
#endif
    emu_machine t;
    if (!emu_vm_state(&vm, &t, NULL, 0))
        return 1;
    printf("steps %" PRIu64 "\n", t.steps);
    emu_vm_close(&vm);
    return 0;
}

/* Host instructions per SSEM instruction for every cell, from a debug-info
 * free copy of ourselves (valgrind 3.19 cannot read gcc 12's DWARF 5). */
static void callgrind_all(const char *self, const char *outdir, bench_side *sd, int which)
{
    char copy[4200], cmd[9000];
    snprintf(copy, sizeof copy, "%s/ssem-bench.%d.nodebug", outdir, which);
    snprintf(cmd, sizeof cmd, "objcopy --strip-debug '%s' '%s'", self, copy);
    if (system(cmd) != 0) {
        fprintf(stderr, "ssem-bench: objcopy failed: no callgrind counts\n");
        return;
    }
    fprintf(stderr, "callgrind (%s):", sd->compiler);
    for (size_t p = 0; p < bench.nprog; p++)
        for (size_t e = 0; e < sd->n; e++) {
            if (!bench_side_runs_on(&bench, sd, e, p))
                continue;
            char extra[2048] = "";
            if (bench.prog[p]->file) {
                for (size_t i = 0; i < bench_ndefines; i++) {
                    size_t l = strlen(extra);
                    snprintf(extra + l, sizeof extra - l, " -D '%s=%" PRId64 "'", defines[i].name,
                             defines[i].value);
                }
                if (user_steps != UINT64_MAX) {
                    size_t l = strlen(extra);
                    snprintf(extra + l, sizeof extra - l, " --steps %" PRIu64, user_steps);
                }
            }
            snprintf(cmd, sizeof cmd,
                     "valgrind --tool=callgrind --collect-atstart=no --callgrind-out-file=/dev/null "
                     "'%s' --srcdir '%s'%s --child '%s' '%s' 2>&1",
                     copy, bench_srcdir, extra, sd->name[e],
                     bench.prog[p]->file ? bench.prog[p]->file : bench.prog[p]->name);
            FILE *f = popen(cmd, "r");
            if (!f)
                continue;
            char line[512];
            unsigned long long ir = 0, steps = 0;
            while (fgets(line, sizeof line, f)) {
                char *c = strstr(line, "Collected :");
                if (c)
                    ir = strtoull(c + 11, NULL, 10);
                if (strncmp(line, "steps ", 6) == 0)
                    steps = strtoull(line + 6, NULL, 10);
            }
            if (pclose(f) == 0 && steps && ir)
                sd->res[e][p].host_insn = (double)ir / (double)steps;
            fprintf(stderr, ".");
        }
    fprintf(stderr, "\n");
}

static void usage(FILE *f)
{
    fprintf(f,
            "Usage: ssem-bench [OPTIONS]\n"
            "Check that every emulator engine ends exactly as `reference` does on the bench\n"
            "programs, then time them (engines interleaved) and report ns per SSEM instruction,\n"
            "million instructions per second, spread, speed-up over `seed`, host instructions\n"
            "per SSEM instruction (callgrind) and indirect-jump sites (objdump).\n\n"
            "  -q, --quick           tiny workloads, correctness only (what CI runs)\n"
            "  -r, --runs N          timed runs per engine and program after a warm-up (default 5)\n"
            "  -e, --engines LIST    comma-separated engines (default: all registered, and\n"
            "                        native: Kilburn's routine in C, on kilburn only;\n"
            "                        debug: the default engine under the debugger)\n"
            "  -p, --programs LIST   comma-separated programs (default: all): bench programs\n"
            "                        (--list) or files, assembly source or store images\n"
            "  -D NAME=VALUE         define an assembler symbol for the source files of -p\n"
            "      --steps N         run the files of -p for N steps (needed for a program\n"
            "                        that never halts; default: until STP)\n"
            "      --no-callgrind    skip the valgrind instruction counts\n"
            "  -o, --out DIR         where results.csv and results.svg go (default build/bench)\n"
            "      --srcdir DIR      the bench sources (default %s)\n"
            "      --profile [N]     print the instruction-sequence profile (N steps per program)\n"
            "      --list            list the programs\n"
            "      --peer EXE        also time EXE, another build of ssem-bench (make bench:\n"
            "                        the clang build), in the same rotation\n"
            "  -h, --help            this help\n"
            "  -V, --version         version\n"
            "Environment: SSEM_CORPUS, the corpus directory (nightmare is loaded from it).\n",
            BENCH_SRCDIR);
}

static int mkdir_p(const char *dir)
{
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s", dir);
    for (char *p = tmp + 1; *p; p++)
        if (*p == '/') {
            *p = '\0';
            if (mkdir(tmp, 0777) != 0 && errno != EEXIST)
                return -1;
            *p = '/';
        }
    return mkdir(tmp, 0777) != 0 && errno != EEXIST ? -1 : 0;
}

/* Medians and spreads of a side's timed runs. */
static void summarise(bench_side *sd, long runs)
{
    for (size_t e = 0; e < sd->n; e++)
        for (size_t p = 0; p < bench.nprog; p++) {
            bench_cell *ce = &sd->res[e][p];
            double v[BENCH_MAXRUNS];
            memcpy(v, ce->ns, sizeof(double) * (size_t)runs);
            qsort(v, (size_t)runs, sizeof v[0], dbl_cmp);
            ce->median = runs % 2 ? v[runs / 2] : (v[runs / 2 - 1] + v[runs / 2]) / 2;
            ce->lo = v[0];
            ce->hi = v[runs - 1];
            memcpy(v, ce->tns, sizeof(double) * (size_t)runs);
            qsort(v, (size_t)runs, sizeof v[0], dbl_cmp);
            ce->tns_median = runs % 2 ? v[runs / 2] : (v[runs / 2 - 1] + v[runs / 2]) / 2;
        }
}

static size_t prog_index(const char *name)
{
    for (size_t p = 0; p < bench.nprog; p++)
        if (strcmp(bench.prog[p]->name, name) == 0 ||
            (bench.prog[p]->file && strcmp(bench.prog[p]->file, name) == 0))
            return p;
    return BENCH_MAXP;
}

/* --serve: time on request for the reporting ssem-bench (bench_peer.c). */
static int serve(void)
{
    printf("compiler %s\n", bench_compiler_name());
    for (size_t e = 0; e < neng; e++)
        printf("engine %s %s %d\n", eng[e]->name,
               bench_kind_label(eng[e] == &bench_native_engine ? 0 : eng[e]->kind),
               bench.sides[0].sites[e]);
    printf("ready\n");
    fflush(stdout);
    char line[512], en[128], pn[4096];
    while (fgets(line, sizeof line, stdin)) {
        if (sscanf(line, "time %127s %4095s", en, pn) != 2)
            break;
        size_t e = bench_side_find(&bench.sides[0], en), p = prog_index(pn);
        bench_cell ce;
        memset(&ce, 0, sizeof ce);
        if (e >= neng || p >= bench.nprog || !runs_on(e, p) ||
            !check(eng[e], p, bench.prog[p]->budget[BENCH_FULL], &ce, 0)) {
            printf("fail\n");
        } else {
            printf("ok %.6f %.1f %d %" PRIu64 " %" PRIu64 " %.1f\n", ce.ns[0], ce.tns[0], ce.translates,
                   ce.translations, ce.invalidations, ce.load_tns);
        }
        fflush(stdout);
    }
    return 0;
}

/* Start the other compiler's build and learn its engines; false (after
 * saying why) if it fails its own correctness checks. */
static bool peer_open(const char *exe, bool quick, const char *elist, const char *plist)
{
    char *argv[64 + 2 * MAXDEF];
    size_t k = 0;
    char steps[32];
    argv[k++] = (char *)exe;
    argv[k++] = (char *)"--serve";
    argv[k++] = (char *)"--srcdir";
    argv[k++] = (char *)bench_srcdir;
    if (quick)
        argv[k++] = (char *)"--quick";
    if (elist) {
        argv[k++] = (char *)"-e";
        argv[k++] = (char *)elist;
    }
    if (plist) {
        argv[k++] = (char *)"-p";
        argv[k++] = (char *)plist;
    }
    char defs[MAXDEF][160];
    for (size_t i = 0; i < bench_ndefines; i++) {
        snprintf(defs[i], sizeof defs[i], "%s=%" PRId64, defines[i].name, defines[i].value);
        argv[k++] = (char *)"-D";
        argv[k++] = defs[i];
    }
    if (user_steps != UINT64_MAX) {
        snprintf(steps, sizeof steps, "%" PRIu64, user_steps);
        argv[k++] = (char *)"--steps";
        argv[k++] = steps;
    }
    argv[k] = NULL;
    if (bench_peer_start(&peer, exe, argv) != 0) {
        fprintf(stderr, "ssem-bench: cannot start %s: %s\n", exe, strerror(errno));
        return false;
    }
    bench_side *sd = &bench.sides[1];
    memset(sd, 0, sizeof *sd);
    sd->seed = sd->native = BENCH_MAXE;
    char line[512];
    while (bench_peer_read(&peer, line, sizeof line)) {
        char name[64], kind[32];
        int st;
        if (strncmp(line, "compiler ", 9) == 0)
            snprintf(sd->compiler, sizeof sd->compiler, "%s", line + 9);
        else if (sscanf(line, "engine %63s %31s %d", name, kind, &st) == 3 && sd->n < BENCH_MAXE) {
            snprintf(sd->name[sd->n], sizeof sd->name[0], "%s", name);
            sd->kind[sd->n] = 0;
            for (emu_kind q = EMU_KIND_REFERENCE; q <= EMU_KIND_ALGEBRAIC; q++)
                if (strcmp(emu_kind_name(q), kind) == 0)
                    sd->kind[sd->n] = q;
            if (strcmp(name, "seed") == 0)
                sd->seed = sd->n;
            if (strcmp(name, "native") == 0)
                sd->native = sd->n;
            sd->sites[sd->n++] = st;
        } else if (strcmp(line, "ready") == 0) {
            bench.nsides = 2;
            return true;
        }
    }
    fprintf(stderr, "ssem-bench: %s (the other compiler's build) failed its checks\n", exe);
    bench_peer_stop(&peer);
    return false;
}

static bool peer_time(size_t e, size_t p, long r)
{
    bench_side *sd = &bench.sides[1];
    char line[512];
    int translates = 0;
    unsigned long long tr = 0, inv = 0;
    double ns, tns, ltns;
    bench_cell *ce = &sd->res[e][p];
    const bench_prog *bp = bench.prog[p];
    if (!bench_peer_send(&peer, "time %s %s\n", sd->name[e], bp->file ? bp->file : bp->name) ||
        !bench_peer_read(&peer, line, sizeof line) ||
        sscanf(line, "ok %lf %lf %d %llu %llu %lf", &ns, &tns, &translates, &tr, &inv, &ltns) != 6) {
        fprintf(stderr, "ssem-bench: %s (%s) on %s failed\n", sd->name[e], sd->compiler, bench.prog[p]->name);
        return false;
    }
    ce->ns[r] = ns;
    ce->tns[r] = tns;
    if (translates) {
        ce->translates = true;
        ce->translations = tr;
        ce->invalidations = inv;
        ce->load_tns = fmax(ce->load_tns, ltns);
    }
    return true;
}

/* Stable: reference first, then interpreters, translators, algebraic. */
static void group_by_kind(void)
{
    for (size_t i = 1; i < neng; i++)
        for (size_t j = i; j > 0 && eng[j - 1]->kind > eng[j]->kind; j--) {
            const emu_engine *t = eng[j];
            eng[j] = eng[j - 1];
            eng[j - 1] = t;
        }
}

int main(int argc, char **argv)
{
    enum { O_NOCG = 256, O_SRCDIR, O_PROFILE, O_CHILD, O_LIST, O_STEPS, O_PEER, O_SERVE };
    static const struct option opts[] = {
        { "quick", no_argument, NULL, 'q' },          { "runs", required_argument, NULL, 'r' },
        { "engines", required_argument, NULL, 'e' },  { "programs", required_argument, NULL, 'p' },
        { "no-callgrind", no_argument, NULL, O_NOCG }, { "out", required_argument, NULL, 'o' },
        { "srcdir", required_argument, NULL, O_SRCDIR },
        { "profile", optional_argument, NULL, O_PROFILE },
        { "child", no_argument, NULL, O_CHILD },      { "list", no_argument, NULL, O_LIST },
        { "steps", required_argument, NULL, O_STEPS },
        { "peer", required_argument, NULL, O_PEER },  { "serve", no_argument, NULL, O_SERVE },
        { "help", no_argument, NULL, 'h' },           { "version", no_argument, NULL, 'V' },
        { NULL, 0, NULL, 0 },
    };
    bool quick = false, nocg = false, do_child = false, do_list = false, do_serve = false;
    long runs = 5;
    const char *elist = NULL, *plist = NULL, *outdir = "build/bench", *peer_exe = NULL;
    uint64_t profile = 0;
    bench_srcdir = BENCH_SRCDIR;
    const char *corpus = getenv("SSEM_CORPUS");
    struct stat st;
    if (corpus && *corpus && stat(corpus, &st) == 0 && S_ISDIR(st.st_mode))
        bench_corpus = corpus;

    int c;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":qr:e:p:o:D:hV", opts, NULL)) != -1) {
        switch (c) {
        case 'q': quick = true; break;
        case 'r': {
            char *end;
            runs = strtol(optarg, &end, 10);
            if (*end || runs < 1 || runs >= BENCH_MAXRUNS)
                return ssem_usage_error("ssem-bench", "--runs wants 1..%d, not '%s'", BENCH_MAXRUNS - 1,
                                        optarg);
            break;
        }
        case 'e': elist = optarg; break;
        case 'p': plist = optarg; break;
        case 'o': outdir = optarg; break;
        case O_NOCG: nocg = true; break;
        case O_SRCDIR: bench_srcdir = optarg; break;
        case O_PROFILE: {
            char *end = NULL;
            profile = optarg ? strtoull(optarg, &end, 10) : 5000000;
            if (optarg && (*end || !*optarg || profile == 0))
                return ssem_usage_error("ssem-bench", "--profile wants a step count, not '%s'", optarg);
            break;
        }
        case O_CHILD: do_child = true; break;
        case O_PEER: peer_exe = optarg; break;
        case O_SERVE: do_serve = true; break;
        case O_STEPS: {
            char *end;
            errno = 0;
            user_steps = strtoull(optarg, &end, 10);
            if (errno || *end || !*optarg || *optarg == '-' || user_steps == 0 || user_steps == UINT64_MAX)
                return ssem_usage_error("ssem-bench", "--steps wants a positive step count, not '%s'",
                                        optarg);
            break;
        }
        case 'D': {
            const char *eq = strchr(optarg, '=');
            char *end = NULL;
            long long v = eq ? strtoll(eq + 1, &end, 0) : 0;
            if (!eq || eq == optarg || !eq[1] || *end)
                return ssem_usage_error("ssem-bench", "-D wants NAME=VALUE, not '%s'", optarg);
            if (bench_ndefines == MAXDEF)
                return ssem_usage_error("ssem-bench", "more than %d -D definitions", MAXDEF);
            defines[bench_ndefines].name = strndup(optarg, (size_t)(eq - optarg));
            defines[bench_ndefines++].value = v;
            bench_defines = defines;
            break;
        }
        case O_LIST: do_list = true; break;
        default: return ssem_cli_common_option("ssem-bench", c, argv, opts, usage);
        }
    }
    if (do_child) {
        if (argc - optind != 2) {
            fprintf(stderr, "ssem-bench: --child ENGINE PROGRAM\n");
            return 2;
        }
        return child(argv[optind], argv[optind + 1]);
    }
    if (optind != argc)
        return ssem_usage_error("ssem-bench", "unexpected argument '%s'", argv[optind]);
    if (do_list) {
        for (size_t i = 0; i < bench_nprogs; i++)
            printf("%-10s %s\n", bench_progs[i].name, bench_progs[i].what);
        return 0;
    }
    if (profile)
        return bench_profile(profile) == 0 ? 0 : 1;

    size_t nall;
    const emu_engine *const *all = emu_engine_list(&nall);
    for (size_t i = 0; i < nall && neng < BENCH_MAXE; i++)
        if (in_list(elist, all[i]->name))
            eng[neng++] = all[i];
    if (in_list(elist, "debug") && neng < BENCH_MAXE)
        eng[neng++] = &bench_debug_engine;
    group_by_kind();
    if (in_list(elist, "native") && neng < BENCH_MAXE) {
        native = neng;
        eng[neng++] = &bench_native_engine;
    }
    for (size_t i = 0; i < bench_nprogs && bench.nprog < BENCH_MAXP; i++)
        if (in_list(plist, bench_progs[i].name))
            bench.prog[bench.nprog++] = &bench_progs[i];
    /* Anything else in -p is a file. */
    for (const char *q = plist; q && *q;) {
        size_t l = strcspn(q, ",");
        char *item = strndup(q, l);
        q += l;
        q += *q == ',';
        bool builtin = false;
        for (size_t i = 0; i < bench_nprogs; i++)
            builtin |= strcmp(bench_progs[i].name, item) == 0;
        if (builtin || !*item) {
            free(item);
            continue;
        }
        if (access(item, F_OK) != 0) {
            int rc = ssem_usage_error("ssem-bench", "'%s' is neither a bench program (see --list) nor a file",
                                      item);
            free(item);
            return rc;
        }
        if (bench.nprog == BENCH_MAXP || bench_user_prog(&user[nuser], item, user_steps) != 0)
            return bench.nprog == BENCH_MAXP
                       ? ssem_usage_error("ssem-bench", "more than %d programs", BENCH_MAXP)
                       : 1;
        bench.prog[bench.nprog++] = &user[nuser++];
    }
    if (!neng || !bench.nprog) {
        fprintf(stderr, "ssem-bench: no engine or no program selected (see --list, and "
                        "ssememu --list-engines)\n");
        return 2;
    }
    bench_size sz = quick ? BENCH_QUICK : BENCH_FULL;
    /* What a server says goes to stdout only through serve(). */
    FILE *say = do_serve ? stderr : stdout;

    /* 1. Correctness first: every engine ends as the reference does, on
     *    the callgrind-sized workloads (the quick ones with --quick, plus
     *    split runs). These runs also warm every engine up; each timed run
     *    below is checked against the reference again, at full size. */
    bool ok = true;
    bench_size first = quick ? BENCH_QUICK : BENCH_CALLGRIND;
    for (size_t p = 0; p < bench.nprog; p++) {
        if (bench_load(bench.prog[p], first, &start[p], bench.origin[p], sizeof bench.origin[p]) != 0)
            return 1;
        if (native < neng && strcmp(bench.prog[p]->name, "kilburn") == 0 && !bench.prog[p]->file) {
            char why[200];
            if (!bench_native_fits(&start[p], why, sizeof why)) {
                fprintf(stderr, "ssem-bench: %s is not the routine native translates: %s\n",
                        bench.origin[p], why);
                return 1;
            }
            bench.has_native[p] = true;
            if (quick)
                ok &= bench_native_check(bench.prog[p]);
        }
        bench.expect[p] = start[p];
        emu_run(&emu_engine_reference, &bench.expect[p], bench.prog[p]->budget[first]);
        for (size_t e = 0; e < neng; e++) {
            if (!runs_on(e, p))
                continue;
            ok &= check(eng[e], p, bench.prog[p]->budget[first], NULL, 0);
            if (quick)
                ok &= check_split(eng[e], p);
        }
    }
    if (!ok) {
        fprintf(stderr, "ssem-bench: FAILED: engines disagree with reference (no timing done)\n");
        return 1;
    }
    fprintf(say, "correctness (%s): %zu engines%s end exactly as reference on %zu programs (",
            bench_compiler_name(), neng - (native < neng), native < neng ? " and native (kilburn only)" : "",
            bench.nprog);
    for (size_t p = 0; p < bench.nprog; p++)
        fprintf(say, "%s%s %" PRIu64 " steps", p ? ", " : "", bench.prog[p]->name, bench.expect[p].steps);
    fprintf(say, ")\n");
    fflush(say);

    bench_side *me = &bench.sides[0];
    snprintf(me->compiler, sizeof me->compiler, "%s", bench_compiler_name());
    me->n = neng;
    me->seed = BENCH_MAXE;
    me->native = native;
    for (size_t e = 0; e < neng; e++) {
        snprintf(me->name[e], sizeof me->name[0], "%s", eng[e]->name);
        me->kind[e] = e == native ? 0 : eng[e]->kind;
        if (strcmp(eng[e]->name, "seed") == 0)
            me->seed = e;
    }
    char self[4096];
    ssize_t sl = readlink("/proc/self/exe", self, sizeof self - 1);
    self[sl > 0 ? sl : 0] = '\0';
    if (quick && peer_exe) {
        bool pok = peer_open(peer_exe, true, elist, plist);
        bench_peer_stop(&peer);
        return pok ? 0 : 1;
    }
    for (size_t e = 0; e < neng; e++)
        me->sites[e] = -1;
    if (quick)
        return do_serve ? serve() : 0;   /* a quick peer only says it passed */
    if (sl > 0 && bench_have_tool("objdump"))
        bench_sites(self, eng, neng, me->sites);
    for (size_t p = 0; p < bench.nprog; p++) {
        if (bench_load(bench.prog[p], sz, &start[p], bench.origin[p], sizeof bench.origin[p]) != 0)
            return 1;
        if (bench.has_native[p] && !bench_native_fits(&start[p], NULL, 0)) {
            fprintf(stderr, "ssem-bench: %s is not the routine native translates\n", bench.origin[p]);
            return 1;
        }
        bench.expect[p] = start[p];
        emu_run(&emu_engine_reference, &bench.expect[p], bench.prog[p]->budget[sz]);
    }
    if (do_serve)
        return serve();
    if (peer_exe && !peer_open(peer_exe, false, elist, plist))
        return 1;

    /* 2. Timing: each run visits every program and, within it, every
     *    engine of both compilers' builds, starting one further each run,
     *    so drifting load on a shared machine falls on all alike. */
    size_t slots = bench.sides[0].n + (bench.nsides > 1 ? bench.sides[1].n : 0);
    for (long r = 0; r < runs; r++) {
        fprintf(stderr, "\rrun %ld/%ld", r + 1, runs);
        for (size_t p = 0; p < bench.nprog; p++)
            for (size_t k = 0; k < slots; k++) {
                size_t s = (k + (size_t)r) % slots;
                if (s < neng) {
                    if (runs_on(s, p) && !check(eng[s], p, bench.prog[p]->budget[sz], &me->res[s][p], r))
                        return 1;
                } else if (bench_side_runs_on(&bench, &bench.sides[1], s - neng, p) &&
                           !peer_time(s - neng, p, r)) {
                    return 1;
                }
            }
    }
    fprintf(stderr, "\n");
    if (bench.nsides > 1)
        bench_peer_stop(&peer);
    for (size_t i = 0; i < bench.nsides; i++) {
        summarise(&bench.sides[i], runs);
        for (size_t e = 0; e < bench.sides[i].n; e++)
            for (size_t p = 0; p < bench.nprog; p++)
                bench.sides[i].res[e][p].host_insn = -1;
    }

    if (mkdir_p(outdir) != 0) {
        fprintf(stderr, "ssem-bench: cannot create %s: %s\n", outdir, strerror(errno));
        return 1;
    }
    bool cg = !nocg && BENCH_HAVE_CALLGRIND && sl > 0 && bench_have_tool("valgrind");
    if (cg) {
        callgrind_all(self, outdir, &bench.sides[0], 0);
        if (bench.nsides > 1)
            callgrind_all(peer.exe, outdir, &bench.sides[1], 1);
    }

    /* 3. Report. */
    bench_report(&bench, outdir, runs,
                 cg ? NULL : nocg ? "--no-callgrind" : "valgrind or valgrind/callgrind.h missing", peer.exe);
    return 0;
}
