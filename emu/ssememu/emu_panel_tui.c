/* emu_panel_tui.c: the terminal panel's session: ncurses set-up, keys and clicks to panel controls, pacing, the examples menu. */
#include "emu_panel_tui.h"

#include <curses.h>
#include <errno.h>
#include <stdarg.h>
#include <glob.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <term.h>
#include <time.h>
#include <unistd.h>

#include "asm.h"
#include "emu_panel_tui_impl.h"
#include "ssem_io.h"

enum { HISTORY = 4096 };
/* A frame: how often the screen is redrawn while running. */
#define FRAME_S (1.0 / 30)
/* As fast as possible still yields to the screen and keys this often. */
#define BUSY_S 0.02

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

bool emu_panel_tui_can_draw(void)
{
    if (!isatty(STDOUT_FILENO))
        return false;
    const char *term = getenv("TERM");
    if (!term || !*term)
        return false;
    int err = 0;
    if (setupterm(term, STDOUT_FILENO, &err) != OK)
        return false;
    /* A terminal that cannot address the cursor (dumb) cannot hold a panel. */
    const char *cup = tigetstr("cup");
    bool ok = cup && cup != (char *)-1;
    del_curterm(cur_term);
    return ok;
}

static void say(tui *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(tui *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(t->msg, sizeof t->msg, fmt, ap);
    va_end(ap);
}

/* --- the examples menu ---------------------------------------------------- */

static void find_examples(tui *t)
{
    const char *dir = t->o->examples ? t->o->examples : getenv("SSEM_EXAMPLES");
    char exe[512];
    if (!dir && access("examples", R_OK) != 0) {
        /* Installed next to the tree: build/bin/ssememu -> examples/. */
        ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 20);
        if (n > 0) {
            exe[n] = '\0';
            char *d = dirname(exe);
            size_t len = strlen(d);
            snprintf(d + len, sizeof exe - (size_t)(d - exe) - len, "/../../examples");
            if (access(d, R_OK) == 0)
                dir = d;
        }
    }
    snprintf(t->dir, sizeof t->dir, "%s", dir ? dir : "examples");
    char pat[600];
    snprintf(pat, sizeof pat, "%s/*.s", t->dir);
    glob_t g;
    if (glob(pat, 0, NULL, &g) != 0)
        return;
    for (size_t i = 0; i < g.gl_pathc && t->nexamples < TUI_MAX_EXAMPLES; i++) {
        const char *base = strrchr(g.gl_pathv[i], '/');
        char *name = strdup(base ? base + 1 : g.gl_pathv[i]);
        if (name)
            t->examples[t->nexamples++] = name;
    }
    globfree(&g);
}

/* Assemble an example with the real assembler and put it in the store;
 * the switches stay where they are, as on the replica's support PC. */
static void load_example(tui *t, size_t i)
{
    char path[700];
    snprintf(path, sizeof path, "%s/%s", t->dir, t->examples[i]);
    char *diag = NULL;
    size_t dlen = 0;
    FILE *df = open_memstream(&diag, &dlen);
    if (!df) {
        say(t, "cannot load %s: out of memory", t->examples[i]);
        return;
    }
    ssem_diag d;
    ssem_diag_init(&d, df);
    char *src = NULL;
    size_t len = 0;
    asm_program *prog = NULL;
    if (ssem_read_file(path, &src, &len, &d) == 0)
        prog = asm_assemble(src, len, path, NULL, &d);
    fclose(df);
    if (prog) {
        ssem_image img;
        asm_program_image(prog, &img);
        asm_program_free(prog);
        emu_panel_load(&t->p, img.word);
        emu_panel_history_clear(&t->hist);
        t->ran = 0;
        t->limit = false;
        snprintf(t->title, sizeof t->title, "%s", path);
        say(t, "loaded %s", t->examples[i]);
    } else {
        char *nl = diag ? strchr(diag, '\n') : NULL;
        if (nl)
            *nl = '\0';
        say(t, "%s", diag && *diag ? diag : "cannot load");
    }
    free(src);
    free(diag);
}

/* A letter in the menu jumps to the next example starting with it. */
static void menu_letter(tui *t, int ch)
{
    for (size_t k = 1; k <= t->nexamples; k++) {
        size_t i = (t->sel + k) % t->nexamples;
        if (t->examples[i][0] == ch) {
            t->sel = i;
            return;
        }
    }
}

static bool menu_key(tui *t, int ch)
{
    size_t n = t->nexamples;
    switch (ch) {
    case 27: case 'q': case 'o': t->menu = false; break;
    case KEY_UP: if (n) t->sel = (t->sel + n - 1) % n; break;
    case KEY_DOWN: if (n) t->sel = (t->sel + 1) % n; break;
    case '\n': case '\r': case KEY_ENTER:
        if (n)
            load_example(t, t->sel);
        t->menu = false;
        break;
    default:
        if (ch >= 'a' && ch <= 'z' && n)
            menu_letter(t, ch);
        else
            return false;
    }
    return true;
}

/* --- controls --------------------------------------------------------------- */

static void set_run(tui *t, bool run)
{
    emu_panel_set_run(&t->p, run);
    emu_panel_pace_start(&t->pace, t->p.ips, now_s());
    t->seen = 0;
}

static void set_speed(tui *t, double ips)
{
    if (ips > 1e9)
        ips = 1e9;
    t->p.ips = ips;
    emu_panel_pace_start(&t->pace, ips, now_s());
}

/* What the machine does changes what step back undoes: keep the state first. */
static void remember(tui *t)
{
    emu_panel_history_push(&t->hist, &t->p);
}

static void act(tui *t, tui_action a, int arg)
{
    emu_panel *p = &t->p;
    t->msg[0] = '\0';
    switch (a) {
    case TA_NONE: break;
    case TA_RUN: set_run(t, !p->run); break;
    case TA_KC:
        remember(t);
        if (!emu_panel_kc(p))
            say(t, "KC: the machine is running (r stops it)");
        else if (p->run)
            set_run(t, true);   /* KC at RUN after an STP: the run goes on */
        break;
    case TA_MANUAL: emu_panel_set_manual(p, !p->manual); break;
    case TA_ERASE: emu_panel_set_erase(p, !p->erase); break;
    case TA_L: emu_panel_toggle_l(p, (unsigned)arg); break;
    case TA_F: emu_panel_toggle_f(p, (unsigned)arg); break;
    case TA_SHOW: emu_panel_set_display(p, (emu_panel_display)arg); break;
    case TA_KLC: remember(t); emu_panel_klc(p); break;
    case TA_KSC: remember(t); emu_panel_ksc(p); break;
    case TA_KAC: remember(t); emu_panel_kac(p); break;
    case TA_KCC: remember(t); emu_panel_kcc(p); break;
    case TA_TYPE:
        t->cursor = (unsigned)arg;
        remember(t);
        if (!emu_panel_type(p, (unsigned)arg))
            say(t, "typewriter button %d is not connected", arg);
        break;
    case TA_CURSOR: t->cursor = (t->cursor + EMU_PANEL_BUTTONS + (unsigned)arg) % EMU_PANEL_BUTTONS; break;
    case TA_HOLD:
        emu_panel_hold_key(p, p->key_held == EMU_PANEL_NO_KEY ? (int)t->cursor : EMU_PANEL_NO_KEY);
        break;
    case TA_HOLD_KLC: emu_panel_hold_klc(p, !p->klc_held); break;
    case TA_LOOK: t->look = (t->look + SSEM_WORDS + (unsigned)arg) % SSEM_WORDS; break;
    case TA_LOOK_AT: t->look = (unsigned)arg % SSEM_WORDS; break;
    case TA_SET_L: p->l_switches = (uint8_t)t->look; break;
    case TA_STEP:
        /* The debugger's step: stop, then one instruction (past an STP too). */
        if (p->run)
            set_run(t, false);
        remember(t);
        emu_panel_kc(p);
        break;
    case TA_BACK:
        if (p->run)
            set_run(t, false);
        if (!emu_panel_history_pop(&t->hist, p))
            say(t, "nothing to step back to");
        break;
    case TA_FASTER: set_speed(t, p->ips > 0 ? p->ips * 2 : 0); break;
    case TA_SLOWER: set_speed(t, p->ips > 0 ? (p->ips / 2 >= 1 ? p->ips / 2 : 1) : 1e6); break;
    case TA_MAX: set_speed(t, 0); break;
    case TA_1948: set_speed(t, EMU_PANEL_DEFAULT_IPS); break;
    case TA_MENU:
        t->menu = true;
        if (t->sel >= t->nexamples)
            t->sel = 0;
        break;
    case TA_MENU_PICK:
        if ((size_t)arg < t->nexamples)
            load_example(t, (size_t)arg);
        t->menu = false;
        break;
    case TA_QUIT: break;
    }
}

static tui_action key_action(int ch, int *arg)
{
    *arg = 0;
    switch (ch) {
    case 'r': case KEY_F(5): return TA_RUN;
    case 'k': case ' ': case KEY_F(10): return TA_KC;
    case 'm': return TA_MANUAL;
    case 'w': return TA_ERASE;
    case '1': case '2': case '3': case '4': case '5': *arg = ch - '1'; return TA_L;
    case '6': case '7': case '8': *arg = ch - '6'; return TA_F;
    case 's': *arg = EMU_PANEL_SHOW_S; return TA_SHOW;
    case 'a': *arg = EMU_PANEL_SHOW_A; return TA_SHOW;
    case 'c': *arg = EMU_PANEL_SHOW_C; return TA_SHOW;
    case 'L': return TA_KLC;
    case 'S': return TA_KSC;
    case 'A': return TA_KAC;
    case 'C': return TA_KCC;
    case KEY_LEFT: *arg = -1; return TA_CURSOR;
    case KEY_RIGHT: *arg = 1; return TA_CURSOR;
    case '\n': case '\r': case KEY_ENTER: *arg = -1; return TA_TYPE;
    case 'h': return TA_HOLD;
    case 'H': return TA_HOLD_KLC;
    case KEY_UP: *arg = -1; return TA_LOOK;
    case KEY_DOWN: *arg = 1; return TA_LOOK;
    case 'g': return TA_SET_L;
    case 'n': return TA_STEP;
    case 'b': return TA_BACK;
    case '+': return TA_FASTER;
    case '-': return TA_SLOWER;
    case 'x': return TA_MAX;
    case '=': return TA_1948;
    case 'o': return TA_MENU;
    case 'q': case 'Q': return TA_QUIT;
    default: return TA_NONE;
    }
}

static tui_action click(tui *t, int *arg)
{
    MEVENT ev;
    if (getmouse(&ev) != OK || !(ev.bstate & BUTTON1_PRESSED))
        return TA_NONE;
    /* The last drawn wins: the menu lies over the panel. */
    for (size_t i = t->nhits; i-- > 0;) {
        const tui_hit *h = &t->hits[i];
        if (ev.y == h->y && ev.x >= h->x0 && ev.x < h->x1) {
            *arg = h->arg;
            return h->action;
        }
    }
    return TA_NONE;
}

/* One key; true when it asks to quit. */
static bool key(tui *t, int ch)
{
    if (ch == KEY_RESIZE)
        return false;
    int arg = 0;
    tui_action a;
    if (ch == KEY_MOUSE) {
        a = click(t, &arg);
        if (t->o->view_only || (t->menu && a != TA_MENU_PICK))
            return false;
    } else if (t->menu) {
        if (!menu_key(t, ch) && (ch == 'Q'))
            return true;
        return false;
    } else {
        a = key_action(ch, &arg);
        if (t->o->view_only && a != TA_QUIT)
            return false;
    }
    if (a == TA_QUIT)
        return true;
    if (a == TA_TYPE && arg < 0)
        arg = (int)t->cursor;
    act(t, a, arg);
    return false;
}

/* --- the loop ------------------------------------------------------------------ */

/* RUN for a frame's worth of cycles at the set speed. */
static void run_frame(tui *t)
{
    emu_panel *p = &t->p;
    uint64_t left = t->o->max_steps - t->ran;
    double start = now_s();
    /* A rate faster than one chunk a frame runs chunks until the frame's time is spent. */
    const uint64_t chunk = (uint64_t)1 << 16;
    for (;;) {
        uint64_t due = emu_panel_pace_due(&t->pace, now_s(), FRAME_S, chunk);
        if (due > left)
            due = left;
        uint64_t n = emu_panel_run(p, due, &t->hist);
        t->ran += n;
        left -= n;
        if (n < chunk || now_s() - start >= BUSY_S || *t->o->stop)
            break;
    }
    if (left == 0 && p->run && !p->m.halted) {
        t->limit = true;
        set_run(t, false);
        say(t, "step limit reached");
    }
}

static emu_panel_tui_end loop(tui *t)
{
    double last_t = now_s();
    uint64_t last_steps = t->p.m.steps;
    for (;;) {
        if (*t->o->stop)
            return EMU_PANEL_TUI_STOPPED;
        bool running = t->p.run && !t->p.m.halted;
        if (running)
            run_frame(t);
        double now = now_s();
        if (now - last_t >= 0.5) {
            t->seen = (double)(t->p.m.steps - last_steps) / (now - last_t);
            last_steps = t->p.m.steps;
            last_t = now;
        }
        tui_draw(t);
        refresh();
        if (t->o->view_only && t->p.m.halted)
            return EMU_PANEL_TUI_HALTED;
        if (t->o->view_only && t->limit)
            return EMU_PANEL_TUI_LIMIT;
        running = t->p.run && !t->p.m.halted;
        /* Running, a frame's cycles go in one burst (23 at 700 a second):
         * the eye sees 30 frames a second either way, and the terminal is
         * not redrawn 700 times a second. As fast as possible: no wait. */
        int ms = 100;
        if (running)
            ms = t->p.ips <= 0 ? 0 : (int)(FRAME_S * 1000);
        timeout(ms);
        int ch = getch();
        while (ch != ERR) {
            if (key(t, ch))
                return EMU_PANEL_TUI_QUIT;
            timeout(0);
            ch = getch();
        }
    }
}

emu_panel_tui_end emu_panel_tui(emu_machine *m, const emu_panel_tui_opts *o, char *why, size_t whylen)
{
    char dummy[1];
    if (!why || !whylen) {
        why = dummy;
        whylen = sizeof dummy;
    }
    *why = '\0';
    if (!emu_panel_tui_can_draw()) {
        const char *term = getenv("TERM");
        if (!isatty(STDOUT_FILENO))
            snprintf(why, whylen, "standard output is not a terminal");
        else
            snprintf(why, whylen, "TERM=%s cannot move the cursor", term && *term ? term : "(unset)");
        return EMU_PANEL_TUI_ERROR;
    }
    static tui t;   /* big (the history), and one panel at a time */
    memset(&t, 0, sizeof t);
    t.o = o;
    emu_panel_init(&t.p, m->store);
    t.p.m = *m;
    t.p.ips = o->ips;
    t.look = 27 % SSEM_WORDS;
    snprintf(t.title, sizeof t.title, "%s", o->title ? o->title : "");
    if (emu_panel_history_init(&t.hist, HISTORY) != 0) {
        snprintf(why, whylen, "out of memory");
        return EMU_PANEL_TUI_ERROR;
    }
    if (!o->view_only)
        find_examples(&t);
    SCREEN *scr = newterm(NULL, stdout, stdin);
    if (!scr) {
        snprintf(why, whylen, "cannot start the terminal");
        emu_panel_history_free(&t.hist);
        return EMU_PANEL_TUI_ERROR;
    }
    set_term(scr);
    cbreak();   /* not raw: Ctrl-C still raises SIGINT, which sets *stop */
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    curs_set(0);
    set_escdelay(25);
    if (!o->view_only) {
        /* A press acts at once, like a switch: no waiting to make it a click. */
        mouseinterval(0);
        mousemask(BUTTON1_PRESSED, NULL);
    }
    if (o->view_only)
        set_run(&t, true);
    emu_panel_tui_end end = loop(&t);
    endwin();
    delscreen(scr);
    *m = t.p.m;
    emu_panel_history_free(&t.hist);
    for (size_t i = 0; i < t.nexamples; i++)
        free(t.examples[i]);
    return end;
}
