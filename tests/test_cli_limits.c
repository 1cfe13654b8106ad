/* test_cli_limits.c: the small findings of the attack on the tools: the jit's fallback is reported, ENOMEM is named, every exit status is documented. */
#include <criterion/criterion.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "ssem_cli.h"
#include "test_emu.h"
#include "test_util.h"

Test(cli_limits, enomem_is_out_of_memory)
{
    cr_expect_str_eq(ssem_errstr(ENOMEM), "out of memory");
    cr_expect_str_eq(ssem_errstr(ENOENT), strerror(ENOENT));
}

#if defined(__x86_64__) && defined(__linux__)
/* ssememu -e jit where the system refuses executable memory: it runs,
 * interpreting, and says so once, and --stats says so too. */
/* The loader maps libraries executable; the jit's buffer then flips with
 * mprotect, which is refused. */
static void no_exec_memory(void)
{
    if (!temu_deny(SYS_memfd_create, false) || !temu_deny(SYS_mprotect, true))
        _exit(126);
}

Test(cli_limits, jit_fallback_is_reported)
{
    const char *argv[] = { "ssememu", "-e", "jit", "--stats", "-d", "none", "examples/add.s", NULL };
    tu_run d = tu_exec_with(argv, no_exec_memory);
    if (d.status == 126)
        cr_skip_test("seccomp filters are not available here");
    const char *err = d.err;
    cr_expect_eq(d.status, 0, "%s", err);
    const char *note = strstr(err, "ssememu: note: engine 'jit' runs on the interpreter");
    cr_expect(note != NULL, "no note: %s", err);
    cr_expect(note && !strstr(note + 1, "ssememu: note: engine 'jit'"), "noted twice: %s", err);
    cr_expect(strstr(err, "\nfallback:      the interpreter"), "--stats: %s", err);
    tu_run_free(&d);
    /* With executable memory: no note, no fallback line. */
    tu_run r = tu_execl(NULL, "ssememu", "-e", "jit", "--stats", "-d", "none", "examples/add.s", NULL);
    cr_expect(!strstr(r.err, "fallback") && !strstr(r.err, "note"), "%s", r.err);
    tu_run_free(&r);
}
#endif

/* Every exit status a tool can give is in its man page, its --help and
 * docs/limits.md: 143 and 129 (SIGTERM, SIGHUP) were missing. */
Test(cli_limits, every_exit_status_is_documented)
{
    static const struct {
        const char *tool;
        const char *statuses[8];
    } tools[] = {
        { "ssemasm", { "128", NULL } },
        { "ssemdis", { "128", NULL } },
        { "ssememu", { "128", "130", "143", "129", "cycle", NULL } },
    };
    char *limits = tu_read("docs/limits.md", NULL);
    cr_assert_not_null(limits);
    cr_expect(strstr(limits, "| 143 |") && strstr(limits, "| 129 |") && strstr(limits, "| 4 |"),
              "docs/limits.md lists no exit status table");
    for (size_t i = 0; i < sizeof tools / sizeof tools[0]; i++) {
        char man[64];
        snprintf(man, sizeof man, "docs/%s.1", tools[i].tool);
        char *page = tu_read(man, NULL);
        cr_assert_not_null(page, "%s", man);
        tu_run help = tu_execl(NULL, tools[i].tool, "--help", NULL);
        for (const char *const *s = tools[i].statuses; *s; s++) {
            cr_expect(strstr(page, *s), "%s does not mention %s", man, *s);
            cr_expect(strstr(help.out, *s), "%s --help does not mention %s", tools[i].tool, *s);
        }
        tu_run_free(&help);
        free(page);
    }
    free(limits);
}
