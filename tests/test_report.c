/* test_report.c: the suite's closing report says how many tests were skipped and why, instead of counting them as passed in silence. */
#include <criterion/criterion.h>
#include <criterion/hooks.h>
#include <stdio.h>
#include <string.h>

enum { MAX_REASONS = 16 };

ReportHook(POST_ALL)(struct criterion_global_stats *stats)
{
    struct {
        const char *why;
        size_t n;
    } reasons[MAX_REASONS];
    size_t nreasons = 0, other = 0;
    for (struct criterion_suite_stats *s = stats->suites; s; s = s->next)
        for (struct criterion_test_stats *t = s->tests; t; t = t->next) {
            if (t->test_status != CR_STATUS_SKIPPED)
                continue;
            /* Criterion counts the tests --filter left out as skipped, with no message. */
            const char *why = t->message && *t->message ? t->message : "not selected by --filter";
            size_t k = 0;
            while (k < nreasons && strcmp(reasons[k].why, why) != 0)
                k++;
            if (k == nreasons && nreasons == MAX_REASONS) {
                other++;
                continue;
            }
            if (k == nreasons)
                reasons[nreasons++].why = why, reasons[k].n = 0;
            reasons[k].n++;
        }
    if (!stats->tests_skipped)
        return;
    fprintf(stderr, "[SKIP] %zu test%s skipped:\n", stats->tests_skipped,
            stats->tests_skipped == 1 ? "" : "s");
    for (size_t k = 0; k < nreasons; k++)
        fprintf(stderr, "[SKIP]   %zu: %s\n", reasons[k].n, reasons[k].why);
    if (other)
        fprintf(stderr, "[SKIP]   %zu: other reasons\n", other);
}
