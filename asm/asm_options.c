/* asm_options.c: the names of the dialects and of the warnings, and the -W options. */
#include "asm.h"

#include <stdio.h>
#include <string.h>

#include "ssem_near.h"

static const char *const dialect_names[] = {
#define ASM_X_DIALECT(id, name) name,
    ASM_DIALECTS(ASM_X_DIALECT)
#undef ASM_X_DIALECT
    NULL
};

int asm_dialect_from_name(const char *name)
{
    for (int i = 0; i < ASM_NDIALECTS; i++)
        if (strcmp(name, dialect_names[i]) == 0)
            return i;
    return -1;
}

const char *asm_dialect_name(asm_dialect d)
{
    return (unsigned)d < ASM_NDIALECTS ? dialect_names[d] : "?";
}

const char *asm_dialect_list(void)
{
    static char list[256];
    if (!list[0])
        for (int i = 0; i < ASM_NDIALECTS; i++)
            snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", i ? ", " : "",
                     dialect_names[i]);
    return list;
}

static const char *const warning_names[] = {
#define ASM_X_WARN(id, name, level, what) name,
    ASM_WARNINGS(ASM_X_WARN)
#undef ASM_X_WARN
    NULL
};

const char *asm_warning_name(asm_warning w)
{
    return (unsigned)w < ASM_NWARNINGS ? warning_names[w] : "?";
}

const char *asm_warning_suggest(const char *name)
{
    return ssem_near_among(name, warning_names, false);
}

int asm_warn_option(asm_warn_opts *w, const char *arg)
{
    if (strcmp(arg, "all") == 0) {
        w->all = true;
        return 0;
    }
    if (strcmp(arg, "extra") == 0) {
        w->extra = true;
        return 0;
    }
    bool no = strncmp(arg, "no-", 3) == 0;
    const char *name = no ? arg + 3 : arg;
    for (int i = 0; i < ASM_NWARNINGS; i++)
        if (strcmp(name, warning_names[i]) == 0) {
            w->set[i] = no ? -1 : 1;
            return 0;
        }
    return -1;
}
