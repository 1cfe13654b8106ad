/* bench_report.c: ssem-bench's report: the per-compiler tables, the summary and its goals, the CSV and the charts. */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench_run.h"

#ifndef BENCH_CFLAGS
#define BENCH_CFLAGS "?"
#endif
#ifndef SSEM_VERSION
#define SSEM_VERSION "0.1"
#endif

bool bench_side_runs_on(const bench_run *b, const bench_side *sd, size_t e, size_t p)
{
    return e != sd->native || b->has_native[p];
}

size_t bench_side_find(const bench_side *sd, const char *name)
{
    for (size_t e = 0; e < sd->n; e++)
        if (strcmp(sd->name[e], name) == 0)
            return e;
    return BENCH_MAXE;
}

const char *bench_kind_label(emu_kind k)
{
    return k ? emu_kind_name(k) : "native";
}

#ifdef __clang__
#define BENCH_STR2(x) #x
#define BENCH_STR(x) BENCH_STR2(x)
#define BENCH_CLANG_VERSION BENCH_STR(__clang_major__) "." BENCH_STR(__clang_minor__) "." BENCH_STR(__clang_patchlevel__)
#endif

const char *bench_compiler_name(void)
{
#ifdef __clang__
    return "clang " BENCH_CLANG_VERSION;
#else
    return "gcc " __VERSION__;
#endif
}

static void cpu_model(char *out, size_t len)
{
    snprintf(out, len, "unknown CPU");
    FILE *f = fopen("/proc/cpuinfo", "r");
    if (!f)
        return;
    char line[512];
    while (fgets(line, sizeof line, f))
        if (strncmp(line, "model name", 10) == 0) {
            char *c = strchr(line, ':');
            if (c) {
                c += 1 + (c[1] == ' ');
                c[strcspn(c, "\n")] = '\0';
                snprintf(out, len, "%s", c);
            }
            break;
        }
    fclose(f);
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    size_t l = strlen(out);
    snprintf(out + l, len - l, ", %ld CPUs", n);
}

static void loadavg(char *out, size_t len)
{
    snprintf(out, len, "?");
    FILE *f = fopen("/proc/loadavg", "r");
    if (f) {
        if (fgets(out, (int)len, f))
            out[strcspn(out, " ")] = '\0';
        fclose(f);
    }
}

bool bench_have_tool(const char *tool)
{
    char cmd[256];
    snprintf(cmd, sizeof cmd, "command -v %s >/dev/null 2>&1", tool);
    return system(cmd) == 0;
}

static double geomean_speedup(const bench_run *b, const bench_side *sd, size_t e)
{
    double s = 0;
    for (size_t p = 0; p < b->nprog; p++)
        s += log(sd->res[sd->seed][p].median / sd->res[e][p].median);
    return exp(s / (double)b->nprog);
}

/* Geometric mean over the programs of a cell field (< 0 if any is missing). */
static double geomean_field(const bench_run *b, const bench_side *sd, size_t e, bool insn)
{
    double s = 0;
    size_t k = 0;
    for (size_t p = 0; p < b->nprog; p++) {
        if (!bench_side_runs_on(b, sd, e, p))
            continue;
        double v = insn ? sd->res[e][p].host_insn : sd->res[e][p].median;
        if (!(v > 0))
            return -1;
        s += log(v);
        k++;
    }
    return k ? exp(s / (double)k) : -1;
}

/* Translation cost of one run, "123 / 45 / 8.3 us (0.018%)", or "-". */
static void fmt_translation(char *out, size_t len, const bench_cell *ce, uint64_t steps)
{
    if (!ce->translates) {
        snprintf(out, len, "-");
        return;
    }
    double run_ns = ce->median * (double)steps, t = ce->tns_median;
    char when[32];
    if (t < 1e6)
        snprintf(when, sizeof when, "%.1f us", t / 1e3);
    else
        snprintf(when, sizeof when, "%.2f ms", t / 1e6);
    snprintf(out, len, "%" PRIu64 " / %" PRIu64 " / %s (%.2g%%)", ce->translations,
             ce->invalidations, when, run_ns > 0 ? 100 * t / run_ns : 0.0);
}

static int write_csv(const bench_run *b, const char *path)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    fprintf(f, "program,compiler,kind,engine,steps,median_ns_per_instr,mips,min_ns,max_ns,"
               "speedup_vs_seed,host_instr_per_instr,indirect_sites,translations,invalidations,"
               "translate_ns,ns_vs_native\n");
    for (size_t i = 0; i < b->nsides; i++) {
        const bench_side *sd = &b->sides[i];
        for (size_t p = 0; p < b->nprog; p++)
            for (size_t e = 0; e < sd->n; e++) {
                if (!bench_side_runs_on(b, sd, e, p))
                    continue;
                const bench_cell *c = &sd->res[e][p];
                fprintf(f, "%s,%s,%s,%s,%" PRIu64 ",%.4f,%.2f,%.4f,%.4f,%.3f,", b->prog[p]->name,
                        sd->compiler, bench_kind_label(sd->kind[e]), sd->name[e], b->expect[p].steps,
                        c->median, 1e3 / c->median, c->lo, c->hi,
                        sd->seed < sd->n ? sd->res[sd->seed][p].median / c->median : 0.0);
                if (c->host_insn >= 0)
                    fprintf(f, "%.2f", c->host_insn);
                fprintf(f, ",%d,", sd->sites[e]);
                if (c->translates)
                    fprintf(f, "%" PRIu64 ",%" PRIu64 ",%.0f", c->translations, c->invalidations,
                            c->tns_median);
                else
                    fprintf(f, ",,");
                fprintf(f, ",");
                if (sd->native < sd->n && b->has_native[p])
                    fprintf(f, "%.3f", c->median / sd->res[sd->native][p].median);
                fprintf(f, "\n");
            }
    }
    return fclose(f);
}

/* The spectrum: one point per engine and compiler (geometric means over
 * the programs), native from kilburn. */
static void write_spectrum(const bench_run *b, const char *outdir)
{
    bench_point pt[2 * BENCH_MAXE];
    size_t n = 0;
    const char *series[2] = { NULL, NULL };
    for (size_t i = 0; i < b->nsides; i++) {
        const bench_side *sd = &b->sides[i];
        series[i] = sd->compiler;
        for (size_t e = 0; e < sd->n; e++) {
            bench_point *q = &pt[n];
            q->label = sd->name[e];
            q->series = (int)i;
            q->native = e == sd->native;
            q->ns = geomean_field(b, sd, e, false);
            q->insn = geomean_field(b, sd, e, true);
            n += q->ns > 0 && q->insn > 0;
        }
    }
    char path[4200];
    snprintf(path, sizeof path, "%s/spectrum.svg", outdir);
    if (n && bench_spectrum_svg(path, pt, n, series,
                                "geometric means over the bench programs; native: kilburn only") == 0)
        printf("spectrum chart: %s\n", path);
}

static void write_chart(const bench_run *b, const char *outdir)
{
    const bench_side *sd = &b->sides[0];
    if (sd->seed >= sd->n)
        return;
    if (!bench_have_tool("gnuplot")) {
        printf("gnuplot not found: no results.svg (the CSV has every number)\n");
        return;
    }
    char dat[4200], gp[4200], svg[4200], cmd[8600];
    snprintf(dat, sizeof dat, "%s/results.dat", outdir);
    snprintf(gp, sizeof gp, "%s/results.gp", outdir);
    snprintf(svg, sizeof svg, "%s/results.svg", outdir);
    FILE *f = fopen(dat, "w");
    if (!f)
        return;
    fprintf(f, "engine");
    for (size_t p = 0; p < b->nprog; p++)
        fprintf(f, " %s", b->prog[p]->name);
    fprintf(f, " geomean\n");
    for (size_t e = 0; e < sd->n; e++) {
        if (e == sd->native)
            continue;   /* one program only: it has no place in this chart */
        fprintf(f, "%s", sd->name[e]);
        for (size_t p = 0; p < b->nprog; p++)
            fprintf(f, " %.3f", sd->res[sd->seed][p].median / sd->res[e][p].median);
        fprintf(f, " %.3f\n", geomean_speedup(b, sd, e));
    }
    fclose(f);
    f = fopen(gp, "w");
    if (!f)
        return;
    fprintf(f, "set terminal svg size 1400,560 dynamic font 'sans,11'\n"
               "set output '%s'\n"
               "set title 'SSEM dispatch techniques: speed-up over seed (median of runs, higher is better)'\n"
               "set style data histograms\nset style histogram clustered gap 1\n"
               "set style fill solid 0.85 border -1\nset boxwidth 0.9\n"
               "set ylabel 'speed-up over seed'\nset grid ytics\nset yrange [0:*]\n"
               "set xtics nomirror scale 0 font ',10'\nset key top left\n"
               "set arrow from graph 0, first 1.5 to graph 1, first 1.5 nohead dashtype 2 lc rgb 'black'\n"
               "set label 'goal 1.5x' at graph 0.01, first 1.7\n"
               "plot '%s' using 2:xtic(1) title columnheader(2)",
            svg, dat);
    for (size_t p = 1; p <= b->nprog; p++)
        fprintf(f, ", '' using %zu title columnheader(%zu)", p + 2, p + 2);
    fprintf(f, "\n");
    fclose(f);
    snprintf(cmd, sizeof cmd, "gnuplot '%s'", gp);
    if (system(cmd) == 0)
        printf("chart: %s\n", svg);
}

/* One program's table for one compiler's build. */
static void print_table(const bench_run *b, const bench_side *sd, size_t p)
{
    bool nat = sd->native < sd->n && b->has_native[p];
    printf("\n### %s\n\n", sd->compiler);
    printf("| kind        | engine              | ns/instr |   MIPS | min-max ns    | vs seed |%s"
           " host insn/instr | indirect sites | translations / invalidations / time |\n",
           nat ? " vs native |" : "");
    printf("|-------------|---------------------|---------:|-------:|---------------|--------:|%s"
           "----------------:|---------------:|-------------------------------------|\n",
           nat ? "----------:|" : "");
    double tr_load = 0;
    for (size_t e = 0; e < sd->n; e++) {
        if (!bench_side_runs_on(b, sd, e, p))
            continue;
        const bench_cell *ce = &sd->res[e][p];
        char hi[32] = "-", sp[32] = "-", st2[32] = "-", vn[32] = "", tr[96];
        if (ce->host_insn >= 0)
            snprintf(hi, sizeof hi, "%.2f", ce->host_insn);
        if (sd->seed < sd->n)
            snprintf(sp, sizeof sp, "%.2fx", sd->res[sd->seed][p].median / ce->median);
        if (sd->sites[e] >= 0)
            snprintf(st2, sizeof st2, "%d", sd->sites[e]);
        /* time over native's: the jit's goal is <= 2x */
        if (nat)
            snprintf(vn, sizeof vn, " %8.2fx |", ce->median / sd->res[sd->native][p].median);
        fmt_translation(tr, sizeof tr, ce, b->expect[p].steps);
        if (ce->load_tns > tr_load)
            tr_load = ce->load_tns;
        char mm[40];
        snprintf(mm, sizeof mm, "%.3f-%.3f", ce->lo, ce->hi);
        printf("| %-11s | %-19s | %8.3f | %6.1f | %-13s | %7s |%s %15s | %14s | %-35s |\n",
               bench_kind_label(sd->kind[e]), sd->name[e], ce->median, 1e3 / ce->median, mm, sp, vn, hi, st2,
               tr);
    }
    if (tr_load > 0)
        printf("\n(translation in load, outside the timed run: up to %.2f ms per run)\n", tr_load / 1e6);
    size_t dbg = bench_side_find(sd, "debug"), base = bench_side_find(sd, bench_debug_base()->name);
    if (dbg < sd->n && base < sd->n)
        bench_debug_print(b->prog[p]->name, sd->res[dbg][p].median, sd->res[base][p].median);
    size_t jit = bench_side_find(sd, "jit");
    if (nat && jit < sd->n) {
        double x = sd->res[jit][p].median / sd->res[sd->native][p].median;
        printf("\njit on %s: %.2fx native's time (goal: within 2x: %s)\n", b->prog[p]->name, x,
               x <= 2 ? "met" : "NOT met");
    }
}

/* The speed-ups over seed, engines grouped by kind, a column per
 * compiler (each over its own seed), and the goals of issue 16. */
static void print_summary(const bench_run *b)
{
    printf("\n## geometric mean of the per-program speed-ups over seed (each compiler's own seed)\n\n");
    printf("| kind        | engine              |");
    for (size_t i = 0; i < b->nsides; i++)
        printf(" %-16.16s |", b->sides[i].compiler);
    printf("\n|-------------|---------------------|");
    for (size_t i = 0; i < b->nsides; i++)
        printf("-----------------:|");
    printf("\n");
    /* the union of the engines, ours first (they are grouped by kind) */
    const char *names[2 * BENCH_MAXE];
    emu_kind kinds[2 * BENCH_MAXE];
    size_t nn = 0;
    for (size_t i = 0; i < b->nsides; i++)
        for (size_t e = 0; e < b->sides[i].n; e++) {
            size_t k = 0;
            while (k < nn && strcmp(names[k], b->sides[i].name[e]) != 0)
                k++;
            if (k == nn && e != b->sides[i].native) {
                names[nn] = b->sides[i].name[e];
                kinds[nn++] = b->sides[i].kind[e];
            }
        }
    for (size_t k = 0; k < nn; k++) {
        printf("| %-11s | %-19s |", bench_kind_label(kinds[k]), names[k]);
        for (size_t i = 0; i < b->nsides; i++) {
            size_t e = bench_side_find(&b->sides[i], names[k]);
            if (e < b->sides[i].n && b->sides[i].seed < b->sides[i].n)
                printf(" %15.2fx |", geomean_speedup(b, &b->sides[i], e));
            else
                printf(" %16s |", "-");
        }
        printf("\n");
    }
    printf("\n");
    static const double interp_goal[2] = { 3, 2 };
    for (size_t i = 0; i < b->nsides; i++) {
        const bench_side *sd = &b->sides[i];
        if (sd->seed >= sd->n)
            continue;
        size_t best = BENCH_MAXE;
        double bestg = 0;
        for (size_t e = 0; e < sd->n; e++)
            if (sd->kind[e] == EMU_KIND_INTERPRETER && geomean_speedup(b, sd, e) > bestg) {
                bestg = geomean_speedup(b, sd, e);
                best = e;
            }
        bool clang = strncmp(sd->compiler, "clang", 5) == 0;
        if (best < sd->n)
            printf("%s: best interpreter: %s at %.2fx over seed (goal %.0fx: %s)\n", sd->compiler,
                   sd->name[best], bestg, interp_goal[clang], bestg >= interp_goal[clang] ? "met" : "NOT met");
        static const struct { const char *name; double goal; } goals[] = { { "patch", 8 }, { "jit", 20 } };
        for (size_t g = 0; g < 2; g++) {
            size_t e = bench_side_find(sd, goals[g].name);
            if (e < sd->n) {
                double x = geomean_speedup(b, sd, e);
                printf("%s: %s at %.2fx over seed (goal %.0fx: %s)\n", sd->compiler, goals[g].name, x,
                       goals[g].goal, x >= goals[g].goal ? "met" : "NOT met");
            }
        }
    }
}


/* The whole report, after the timing and the callgrind counts. */
void bench_report(const bench_run *b, const char *outdir, long runs, const char *no_cg,
                  const char *peer_exe)
{
    char cpu[256], la[64];
    cpu_model(cpu, sizeof cpu);
    loadavg(la, sizeof la);
    printf("\n# ssem-bench %s\n", SSEM_VERSION);
    printf("# CPU: %s; load average at the end: %s\n", cpu, la);
    printf("# compiler: %s; CFLAGS: %s\n", bench_compiler_name(), BENCH_CFLAGS);
    if (b->nsides > 1)
        printf("# and %s: %s, timed in the same rotation\n", b->sides[1].compiler, peer_exe);
    printf("# %ld timed runs per cell (each checked against reference) after a checked "
           "warm-up, engines interleaved; median and min-max of ns per SSEM instruction\n",
           runs);
    if (no_cg)
        printf("# host instructions per SSEM instruction: not measured (%s)\n", no_cg);
    for (size_t p = 0; p < b->nprog; p++) {
        printf("\n## %s: %s\n## %s, %" PRIu64 " steps%s\n", b->prog[p]->name, b->prog[p]->what, b->origin[p],
               b->expect[p].steps, b->expect[p].halted ? " (halts)" : "");
        for (size_t i = 0; i < b->nsides; i++)
            print_table(b, &b->sides[i], p);
    }
    if (b->sides[0].seed < b->sides[0].n)
        print_summary(b);
    else
        printf("\n(no `seed` engine selected: no speed-ups)\n");
    char csv[4200];
    snprintf(csv, sizeof csv, "%s/results.csv", outdir);
    if (write_csv(b, csv) != 0)
        fprintf(stderr, "ssem-bench: cannot write %s\n", csv);
    else
        printf("csv: %s\n", csv);
    write_spectrum(b, outdir);
    write_chart(b, outdir);
}
