/* emu_debug_info.c: debug information (labels, constants, the source line of every store line) and its sidecar text. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "asm.h"
#include "emu_debug_internal.h"

struct emu_dbg_info {
    char *file;
    int line_of[SSEM_WORDS];
    emu_dbg_symbol *sym;      /* names malloc'd */
    size_t nsym, capsym;
    char *source;             /* the source text, NULL unknown */
    size_t *line_start;       /* offsets of its lines, nlines + 1 entries */
    size_t nlines;
};

static const char magic[] = "ssem-symbols 1";

emu_dbg_info *emu_dbg_info_new(const char *file)
{
    emu_dbg_info *info = calloc(1, sizeof *info);
    if (info && file && !(info->file = strdup(file))) {
        free(info);
        return NULL;
    }
    return info;
}

void emu_dbg_info_free(emu_dbg_info *info)
{
    if (!info)
        return;
    for (size_t i = 0; i < info->nsym; i++)
        free((char *)info->sym[i].name);
    free(info->sym);
    free(info->file);
    free(info->source);
    free(info->line_start);
    free(info);
}

int emu_dbg_info_add_symbol(emu_dbg_info *info, const char *name, int64_t value, emu_dbg_sym_kind kind,
                            int src_line)
{
    if (info->nsym == info->capsym) {
        size_t cap = info->capsym ? info->capsym * 2 : 16;
        emu_dbg_symbol *s = realloc(info->sym, cap * sizeof *s);
        if (!s)
            return -1;
        info->sym = s;
        info->capsym = cap;
    }
    char *copy = strdup(name);
    if (!copy)
        return -1;
    info->sym[info->nsym++] = (emu_dbg_symbol){ copy, value, kind, src_line };
    return 0;
}

int emu_dbg_info_set_line(emu_dbg_info *info, unsigned store_line, int src_line)
{
    if (store_line >= SSEM_WORDS || src_line < 0)
        return -1;
    info->line_of[store_line] = src_line;
    return 0;
}

int emu_dbg_info_set_source(emu_dbg_info *info, const char *text, size_t len)
{
    size_t lines = 1;
    for (size_t i = 0; i < len; i++)
        lines += text[i] == '\n';
    char *src = malloc(len + 1);
    size_t *start = malloc((lines + 1) * sizeof *start);
    if (!src || !start) {
        free(src);
        free(start);
        return -1;
    }
    memcpy(src, text, len);
    src[len] = 0;
    size_t n = 0;
    start[n++] = 0;
    for (size_t i = 0; i < len; i++)
        if (text[i] == '\n')
            start[n++] = i + 1;
    start[n] = len + 1;   /* as if one more newline ended the text */
    free(info->source);
    free(info->line_start);
    info->source = src;
    info->line_start = start;
    info->nlines = lines;
    return 0;
}

emu_dbg_info *emu_dbg_info_from_program(const struct asm_program *p)
{
    emu_dbg_info *info = emu_dbg_info_new(asm_program_file(p));
    if (!info)
        return NULL;
    for (unsigned n = 0; n < SSEM_WORDS; n++)
        info->line_of[n] = asm_program_line_of(p, n);
    size_t count = asm_program_nsymbols(p);
    for (size_t i = 0; i < count; i++) {
        asm_symbol s = asm_program_symbol(p, i);
        emu_dbg_sym_kind k = s.kind == ASM_SYMBOL_LABEL ? EMU_DBG_SYM_LABEL : EMU_DBG_SYM_CONSTANT;
        if (emu_dbg_info_add_symbol(info, s.name, s.value, k, s.line) != 0) {
            emu_dbg_info_free(info);
            return NULL;
        }
    }
    return info;
}

const char *emu_dbg_info_file(const emu_dbg_info *info)
{
    return info ? info->file : NULL;
}

int emu_dbg_info_line_of(const emu_dbg_info *info, unsigned store_line)
{
    return info && store_line < SSEM_WORDS ? info->line_of[store_line] : 0;
}

int emu_dbg_info_store_line(const emu_dbg_info *info, int src_line)
{
    if (info && src_line > 0)
        for (unsigned n = 0; n < SSEM_WORDS; n++)
            if (info->line_of[n] == src_line)
                return (int)n;
    return -1;
}

const char *emu_dbg_info_source_line(const emu_dbg_info *info, int src_line, size_t *len)
{
    if (!info || !info->source || src_line < 1 || (size_t)src_line > info->nlines)
        return NULL;
    size_t a = info->line_start[src_line - 1], b = info->line_start[src_line] - 1;
    if (b > a && info->source[b - 1] == '\r')
        b--;
    *len = b - a;
    return info->source + a;
}

size_t emu_dbg_info_nsymbols(const emu_dbg_info *info)
{
    return info ? info->nsym : 0;
}

emu_dbg_symbol emu_dbg_info_symbol(const emu_dbg_info *info, size_t i)
{
    return info->sym[i];
}

bool emu_dbg_info_lookup(const emu_dbg_info *info, const char *name, size_t len, int64_t *value)
{
    for (size_t i = 0; info && i < info->nsym; i++)
        if (strlen(info->sym[i].name) == len && memcmp(info->sym[i].name, name, len) == 0) {
            *value = info->sym[i].value;
            return true;
        }
    return false;
}

/* Is store line `to` in the same run of source as line `from` (every line
 * between them assembled from later source lines)? A literal in the pool
 * is not "total+13". Without a line table, any line is. */
static bool same_block(const emu_dbg_info *info, unsigned from, unsigned to)
{
    bool any = false;
    for (unsigned n = 0; n < SSEM_WORDS; n++)
        any |= info->line_of[n] != 0;
    for (unsigned n = from + 1; any && n <= to; n++)
        if (info->line_of[n] <= info->line_of[n - 1])
            return false;
    return true;
}

size_t emu_dbg_info_label(const emu_dbg_info *info, unsigned store_line, char *buf, size_t size)
{
    const emu_dbg_symbol *best = NULL;
    for (size_t i = 0; info && i < info->nsym; i++) {
        const emu_dbg_symbol *s = &info->sym[i];
        if (s->kind == EMU_DBG_SYM_LABEL && s->value >= 0 && s->value <= (int64_t)store_line &&
            (!best || s->value > best->value))
            best = s;
    }
    if (best && store_line < SSEM_WORDS && !same_block(info, (unsigned)best->value, store_line))
        best = NULL;
    if (size)
        buf[0] = 0;
    if (!best)
        return 0;
    if (best->value == (int64_t)store_line)
        return emu_dbg_fmt(buf, size, 0, "%s", best->name);
    return emu_dbg_fmt(buf, size, 0, "%s+%" PRId64, best->name, (int64_t)store_line - best->value);
}

/* ---- the sidecar ----------------------------------------------------------
 *
 *   ssem-symbols 1
 *   file prog.s
 *   line STORE_LINE SOURCE_LINE
 *   label NAME VALUE SOURCE_LINE
 *   const NAME VALUE SOURCE_LINE
 *
 * One record a line, fields separated by one space; '#' starts a comment
 * line; records of kinds not listed are skipped (later versions may add
 * some). docs/debugging.md documents it for other tools.
 */

char *emu_dbg_info_format(const emu_dbg_info *info)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return NULL;
    fprintf(f, "%s\n", magic);
    if (info->file)
        fprintf(f, "file %s\n", info->file);
    for (unsigned n = 0; n < SSEM_WORDS; n++)
        if (info->line_of[n])
            fprintf(f, "line %u %d\n", n, info->line_of[n]);
    for (size_t i = 0; i < info->nsym; i++)
        fprintf(f, "%s %s %" PRId64 " %d\n", info->sym[i].kind == EMU_DBG_SYM_LABEL ? "label" : "const",
                info->sym[i].name, info->sym[i].value, info->sym[i].src_line);
    bool bad = ferror(f);
    if (fclose(f) != 0 || bad) {
        free(buf);
        return NULL;
    }
    return buf;
}

static bool parse_i64(const char **p, int64_t lo, int64_t hi, int64_t *out)
{
    char *end;
    const char *s = *p;
    if (*s != '-' && (*s < '0' || *s > '9'))
        return false;
    long long v = strtoll(s, &end, 10);
    if (end == s || (*end && *end != ' ') || v < lo || v > hi)
        return false;
    *p = *end ? end + 1 : end;
    *out = v;
    return true;
}

emu_dbg_info *emu_dbg_info_parse(const char *text, size_t len, char *err, size_t errlen)
{
    emu_dbg_info *info = emu_dbg_info_new(NULL);
    if (!info) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    const char *p = text, *end = text + len;
    int lineno = 0;
    const char *why = NULL;
    while (p < end && !why) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        if (n && p[n - 1] == '\r')
            n--;
        char *line = strndup(p, n);
        if (!line || strlen(line) != n) {
            why = line ? "a NUL byte" : "out of memory";
            free(line);
            break;
        }
        p += (nl ? (size_t)(nl - p) + 1 : (size_t)(end - p));
        lineno++;
        const char *q = line;
        int64_t a, b, c;
        if (lineno == 1) {
            if (strcmp(line, magic) != 0)
                why = "not a symbol file (the first line must be 'ssem-symbols 1')";
        } else if (!*q || *q == '#') {
            /* blank or comment */
        } else if (strncmp(q, "file ", 5) == 0) {
            free(info->file);
            if (!(info->file = strdup(q + 5)))
                why = "out of memory";
        } else if (strncmp(q, "line ", 5) == 0) {
            q += 5;
            if (!parse_i64(&q, 0, SSEM_WORDS - 1, &a) || !parse_i64(&q, 0, INT32_MAX, &b) || *q)
                why = "expected 'line STORE_LINE SOURCE_LINE'";
            else
                info->line_of[a] = (int)b;
        } else if (strncmp(q, "label ", 6) == 0 || strncmp(q, "const ", 6) == 0) {
            emu_dbg_sym_kind k = q[0] == 'l' ? EMU_DBG_SYM_LABEL : EMU_DBG_SYM_CONSTANT;
            q += 6;
            const char *sp = strchr(q, ' ');
            if (!sp || sp == q) {
                why = "expected 'label|const NAME VALUE SOURCE_LINE'";
            } else {
                char *nm = strndup(q, (size_t)(sp - q));
                q = sp + 1;
                if (!nm)
                    why = "out of memory";
                else if (!parse_i64(&q, INT64_MIN, INT64_MAX, &b) || !parse_i64(&q, 0, INT32_MAX, &c) || *q)
                    why = "expected 'label|const NAME VALUE SOURCE_LINE'";
                else if (emu_dbg_info_add_symbol(info, nm, b, k, (int)c) != 0)
                    why = "out of memory";
                free(nm);
            }
        }
        free(line);
    }
    if (!why && lineno == 0)
        why = "empty (the first line must be 'ssem-symbols 1')";
    if (why) {
        snprintf(err, errlen, "%d: %s", lineno ? lineno : 1, why);
        emu_dbg_info_free(info);
        return NULL;
    }
    return info;
}
