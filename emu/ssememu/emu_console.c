/* emu_console.c: the console's loop: libedit line editing and history at a terminal, plain lines from a pipe, Ctrl-C stops a run. */
#include <errno.h>
#include <histedit.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "emu_console.h"
#include "emu_debug_cli.h"

static volatile sig_atomic_t interrupt_flag;

static void on_sigint(int sig)
{
    (void)sig;
    interrupt_flag = 1;
}

static const char *prompt(EditLine *el)
{
    (void)el;
    return "(ssem) ";
}

/* A line from libedit; NULL at EOF. A Ctrl-C at the prompt gives "". */
static char *read_edited(EditLine *el, History *hist, char **buf, size_t *cap)
{
    int n;
    errno = 0;
    const char *line = el_gets(el, &n);
    if (!line) {
        if (interrupt_flag || errno == EINTR) {
            interrupt_flag = 0;
            fputc('\n', stdout);
            return strcpy(*buf, "");
        }
        return NULL;
    }
    size_t len = strlen(line);
    if (len + 1 > *cap) {
        char *b = realloc(*buf, len + 1);
        if (!b)
            return NULL;
        *buf = b;
        *cap = len + 1;
    }
    memcpy(*buf, line, len + 1);
    if (len && (*buf)[len - 1] == '\n')
        (*buf)[--len] = 0;
    if (len) {
        HistEvent ev;
        history(hist, &ev, H_ENTER, *buf);
    }
    return *buf;
}

int emu_console_run(emu_dbg *d, const char *program, const char *script)
{
    emu_console c;
    emu_console_init(&c, d, stdout, stderr);
    bool tty = isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);

    /* No SA_RESTART: a Ctrl-C at the prompt interrupts the read. */
    struct sigaction sa, old;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old);
    emu_dbg_set_interrupt(d, &interrupt_flag);

    EditLine *el = NULL;
    History *hist = NULL;
    if (tty) {
        el = el_init("ssememu", stdin, stdout, stderr);
        hist = history_init();
        if (el && hist) {
            HistEvent ev;
            history(hist, &ev, H_SETSIZE, 1000);
            el_set(el, EL_PROMPT, prompt);
            el_set(el, EL_EDITOR, "emacs");
            el_set(el, EL_HIST, history, hist);
            el_source(el, NULL);   /* the user's ~/.editrc */
        }
        printf("ssememu debugger on %s, engine %s. 'help' lists the commands, 'quit' ends.\n", program,
               emu_dbg_engine(d)->name);
        emu_dbg_stop s = { .reason = EMU_DBG_NONE };
        emu_console_show_stop(&c, &s);
    }

    int rc = EMU_CONSOLE_GO_ON;
    if (script)
        rc = emu_console_source(&c, script);
    char *buf = malloc(256), *last = NULL;
    size_t cap = buf ? 256 : 0;
    while (rc == EMU_CONSOLE_GO_ON && buf) {
        interrupt_flag = 0;
        char *line;
        if (el && hist) {
            line = read_edited(el, hist, &buf, &cap);
        } else {
            ssize_t n = getline(&buf, &cap, stdin);
            line = n < 0 ? NULL : buf;
            if (line && n && buf[n - 1] == '\n')
                buf[n - 1] = 0;
        }
        if (!line)
            break;
        /* At a terminal an empty line repeats the last command, as in GDB. */
        if (tty && !line[strspn(line, " \t")] && last)
            line = last;
        else if (tty && line[strspn(line, " \t")]) {
            free(last);
            last = strdup(line);
        }
        interrupt_flag = 0;
        rc = emu_console_exec(&c, line);
    }
    if (tty && rc != EMU_CONSOLE_QUIT)
        fputc('\n', stdout);
    free(buf);
    free(last);
    if (el)
        el_end(el);
    if (hist)
        history_end(hist);
    emu_dbg_set_interrupt(d, NULL);
    sigaction(SIGINT, &old, NULL);
    fflush(stdout);
    return c.failed && !tty ? 1 : 0;
}

int emu_cli_debug(const emu_engine *e, const emu_machine *m, emu_dbg_info *info, const char *program,
                  const char *script)
{
    emu_dbg *d = emu_dbg_open(m, e, info);
    if (!d) {
        fprintf(stderr, "ssememu: out of memory\n");
        return 1;
    }
    int rc = emu_console_run(d, program, script);
    emu_dbg_close(d);
    return rc;
}
