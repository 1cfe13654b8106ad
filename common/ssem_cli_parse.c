/* ssem_cli_parse.c: the numbers and -D definitions every tool's command line takes, parsed by one grammar. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ssem_cli.h"

/* Digits in base 2, 10 or 16 (chosen by a 0b/0x prefix when allowed). */
static bool parse_digits(const char *s, bool allow_bin, uint64_t *out)
{
    unsigned base = 10;
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        s += 2;
    } else if (allow_bin && s[0] == '0' && (s[1] == 'b' || s[1] == 'B')) {
        base = 2;
        s += 2;
    }
    if (!*s)
        return false;
    uint64_t v = 0;
    for (; *s; s++) {
        unsigned d;
        if (isdigit((unsigned char)*s))
            d = (unsigned)(*s - '0');
        else if (isxdigit((unsigned char)*s))
            d = (unsigned)(tolower((unsigned char)*s) - 'a' + 10);
        else
            return false;
        if (d >= base || v > (UINT64_MAX - d) / base)
            return false;
        v = v * base + d;
    }
    *out = v;
    return true;
}

bool ssem_parse_u64(const char *s, uint64_t *out)
{
    return parse_digits(s, false, out);
}

bool ssem_parse_reg(const char *s, uint32_t *out)
{
    bool neg = *s == '-';
    if (neg || *s == '+')
        s++;
    uint64_t v;
    if (!parse_digits(s, false, &v))
        return false;
    if (neg ? v > 0x80000000u : v > 0xFFFFFFFFu)
        return false;
    *out = neg ? (uint32_t)(0u - (uint32_t)v) : (uint32_t)v;
    return true;
}

bool ssem_parse_define(const char *arg, char **name, int64_t *value)
{
    const char *eq = strchr(arg, '=');
    size_t n = eq ? (size_t)(eq - arg) : strlen(arg);
    if (n == 0 || !(isalpha((unsigned char)arg[0]) || arg[0] == '_'))
        return false;
    for (size_t i = 1; i < n; i++)
        if (!isalnum((unsigned char)arg[i]) && arg[i] != '_' && arg[i] != '.')
            return false;
    int64_t v = 1;
    if (eq) {
        const char *s = eq + 1;
        bool neg = *s == '-';
        uint64_t u;
        if (!parse_digits(s + neg, true, &u) || u > (neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX))
            return false;
        v = neg ? (int64_t)(0 - u) : (int64_t)u;
    }
    *name = strndup(arg, n);
    if (!*name)
        return false;
    *value = v;
    return true;
}

bool ssem_list_has(const char *list, char sep, const char *s, size_t len)
{
    while (*list) {
        size_t n = strcspn(list, (char[]){ sep, '\0' });
        if (n == len && strncasecmp(list, s, n) == 0)
            return true;
        list += n;
        while (*list == sep)
            list++;
    }
    return false;
}

const char *ssem_errstr(int e)
{
    return e == ENOMEM ? "out of memory" : strerror(e);
}
