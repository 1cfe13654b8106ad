/* test_completion.c: docs/ssem-completion.bash completes what the tools take, run in a real bash. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_util.h"

/* The completion function's reply for the words (the last one being
 * completed), as one space-separated line. */
static char *complete(const char *words)
{
    static const char script[] =
        "source docs/ssem-completion.bash || exit 9\n"
        "read -ra COMP_WORDS <<< \"$2\"\n"
        "[[ $2 == *' ' ]] && COMP_WORDS+=('')\n"
        "COMP_WORDS[0]=$1/${COMP_WORDS[0]}\n"
        "COMP_CWORD=$((${#COMP_WORDS[@]} - 1))\n"
        "_ssem_complete \"${COMP_WORDS[0]}\"\n"
        "echo \"${COMPREPLY[*]}\"\n";
    tu_run r = tu_exec((const char *const[]){ "/bin/bash", "-c", script, "bash", tu_bin_dir(), words, NULL },
                       NULL, 0);
    cr_assert_eq(r.status, 0, "bash: %s", r.err);
    char *out = strdup(r.out);
    out[strcspn(out, "\n")] = '\0';
    tu_run_free(&r);
    return out;
}

static void expect(const char *words, const char *want)
{
    char *got = complete(words);
    cr_expect_str_eq(got, want, "completing '%s'", words);
    free(got);
}

Test(completion, options_come_from_help)
{
    expect("ssemdis --", "--crt --format --help --output --symbolic --version");
    expect("ssemasm -Wj", "-Wjmp-label -Wjmp-zero");
    expect("ssemasm -We", "-Werror -Wextra");
    expect("ssememu --max", "--max-steps");
}

Test(completion, values_of_options)
{
    expect("ssememu -e thr", "threaded");
    expect("ssememu --engine = super", "super super-loop");
    expect("ssememu -d j", "json");
    expect("ssemasm -f s", "snp st");
    expect("ssememu --input-format a", "asm");
    expect("ssem-bench -e seed,thr", "seed,threaded");
    expect("ssememu -n ", "");
    expect("ssememu --pan", "--panel");
    expect("ssememu --panel = m", "max");
}

Test(completion, optional_arguments_leave_the_next_word_alone)
{
    expect("ssememu --trace docs/ssem-completion.b", "docs/ssem-completion.bash");
    expect("ssememu --trace = docs/ssem-completion.b", "docs/ssem-completion.bash");
    expect("ssememu --panel docs/ssem-completion.b", "docs/ssem-completion.bash");
}

/* Every value offered for a format or dump option is one the tool takes:
 * with an unreadable file it fails to open it (1), not on usage (2). */
Test(completion, offered_values_are_accepted)
{
    static const struct {
        const char *tool, *opt;
    } cases[] = {
        { "ssemasm", "-f" }, { "ssemdis", "-f" },  { "ssememu", "-f" },
        { "ssememu", "-d" }, { "ssememu", "--input-format" }, { "ssememu", "-e" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char words[128];
        snprintf(words, sizeof words, "%s %s ", cases[i].tool, cases[i].opt);
        char *values = complete(words);
        cr_assert(values[0], "nothing offered for %s", words);
        for (char *v = strtok(values, " "); v; v = strtok(NULL, " ")) {
            tu_run r = tu_execl(NULL, cases[i].tool, cases[i].opt, v, "/nonexistent/x", NULL);
            cr_expect_eq(r.status, 1, "%s %s %s: status %d\n%s", cases[i].tool, cases[i].opt, v, r.status, r.err);
            tu_run_free(&r);
        }
        free(values);
    }
}
