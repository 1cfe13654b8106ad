/* bench_chart.c: the spectrum chart: ns per SSEM instruction against host instructions per SSEM instruction, one point per engine and compiler, as SVG. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "bench.h"

/*
 * Written directly (no plotting tool needed): log-log axes, since the
 * engines span a factor of 20 in both. A point's x is what callgrind
 * counts, its y what the clock says; points on one diagonal spend the same
 * time per host instruction, so how far a point sits above the others'
 * diagonal is the stall (mispredicted indirect jumps, store forwarding)
 * its instructions suffer.
 */
enum { W = 1000, H = 640, L = 80, R = 190, T = 50, B = 60 };

static double lo_decade(double v) { return pow(10, floor(log10(v))); }
static double hi_decade(double v) { return pow(10, ceil(log10(v))); }

static double px(double v, double lo, double hi) { return L + (W - L - R) * (log10(v / lo) / log10(hi / lo)); }
static double py(double v, double lo, double hi) { return H - B - (H - T - B) * (log10(v / lo) / log10(hi / lo)); }

static void esc(FILE *f, const char *s)
{
    for (; *s; s++)
        if (*s == '<')
            fputs("&lt;", f);
        else if (*s == '&')
            fputs("&amp;", f);
        else
            fputc(*s, f);
}

/* Grid lines and labels at 1, 2 and 5 per decade: vertical ones for x. */
static void grid(FILE *f, bool vertical, double lo, double hi)
{
    for (double d = lo; d < hi * 1.0001; d *= 10)
        for (int m = 1; m <= 5; m += m == 1 ? 1 : 3) {
            double v = d * m;
            if (v > hi * 1.0001)
                break;
            if (vertical) {
                double x = px(v, lo, hi);
                fprintf(f, "<line x1='%.1f' y1='%d' x2='%.1f' y2='%d' stroke='#ddd'/>"
                           "<text x='%.1f' y='%d' text-anchor='middle'>%g</text>\n",
                        x, T, x, H - B, x, H - B + 16, v);
            } else {
                double y = py(v, lo, hi);
                fprintf(f, "<line x1='%d' y1='%.1f' x2='%d' y2='%.1f' stroke='#ddd'/>"
                           "<text x='%d' y='%.1f' text-anchor='end'>%g</text>\n",
                        L, y, W - R, y, L - 6, y + 4, v);
            }
        }
}

int bench_spectrum_svg(const char *path, const bench_point *pt, size_t n, const char *const series[2],
                       const char *note)
{
    double xlo = 1e9, xhi = 0, ylo = 1e9, yhi = 0;
    for (size_t i = 0; i < n; i++) {
        if (!(pt[i].insn > 0) || !(pt[i].ns > 0))
            continue;
        xlo = fmin(xlo, pt[i].insn), xhi = fmax(xhi, pt[i].insn);
        ylo = fmin(ylo, pt[i].ns), yhi = fmax(yhi, pt[i].ns);
    }
    if (xhi <= 0)
        return -1;
    xlo = lo_decade(xlo), xhi = hi_decade(xhi * 1.0001), ylo = lo_decade(ylo), yhi = hi_decade(yhi * 1.0001);
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    fprintf(f, "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' font-family='sans-serif' "
               "font-size='11'>\n<rect width='100%%' height='100%%' fill='white'/>\n",
            W, H);
    fprintf(f, "<text x='%d' y='22' font-size='15'>SSEM dispatch techniques: time against host "
               "instructions, per SSEM instruction (log-log; lower left is better)</text>\n", L);
    fprintf(f, "<text x='%d' y='40' fill='#555'>", L);
    esc(f, note);
    fprintf(f, "</text>\n");
    grid(f, true, xlo, xhi);
    grid(f, false, ylo, yhi);
    fprintf(f, "<rect x='%d' y='%d' width='%d' height='%d' fill='none' stroke='black'/>\n", L, T,
            W - L - R, H - T - B);
    fprintf(f, "<text x='%d' y='%d' text-anchor='middle'>host instructions per SSEM instruction "
               "(callgrind)</text>\n", (L + W - R) / 2, H - 20);
    fprintf(f, "<text transform='translate(22 %d) rotate(-90)' text-anchor='middle'>ns per SSEM "
               "instruction (median)</text>\n", (T + H - B) / 2);
    static const char *const colour[2] = { "#1f77b4", "#d62728" };
    for (size_t i = 0; i < n; i++) {
        if (!(pt[i].insn > 0) || !(pt[i].ns > 0))
            continue;
        double x = px(pt[i].insn, xlo, xhi), y = py(pt[i].ns, ylo, yhi);
        const char *c = pt[i].native ? "black" : colour[pt[i].series & 1];
        if (pt[i].native)
            fprintf(f, "<path d='M%.1f %.1fl6 6l-6 6l-6 -6z' fill='%s'/>\n", x, y - 6, c);
        else if (pt[i].series)
            fprintf(f, "<rect x='%.1f' y='%.1f' width='8' height='8' fill='%s' fill-opacity='0.8'/>\n",
                    x - 4, y - 4, c);
        else
            fprintf(f, "<circle cx='%.1f' cy='%.1f' r='4.5' fill='%s' fill-opacity='0.8'/>\n", x, y, c);
        fprintf(f, "<text x='%.1f' y='%.1f' fill='%s' font-size='10'>", x + 7, y + (pt[i].series ? 11 : -3),
                c);
        esc(f, pt[i].label);
        fprintf(f, "</text>\n");
    }
    /* legend */
    int lx = W - R + 14, ly = T + 10;
    for (int s = 0; s < 2; s++) {
        if (!series[s])
            continue;
        if (s)
            fprintf(f, "<rect x='%d' y='%d' width='8' height='8' fill='%s'/>", lx, ly - 4, colour[s]);
        else
            fprintf(f, "<circle cx='%d' cy='%d' r='4.5' fill='%s'/>", lx + 4, ly, colour[s]);
        fprintf(f, "<text x='%d' y='%d'>", lx + 14, ly + 4);
        esc(f, series[s]);
        fprintf(f, "</text>\n");
        ly += 20;
    }
    fprintf(f, "<path d='M%d %dl6 6l-6 6l-6 -6z' fill='black'/><text x='%d' y='%d'>native "
               "(kilburn only)</text>\n</svg>\n",
            lx + 4, ly - 6, lx + 14, ly + 4);
    return fclose(f);
}
