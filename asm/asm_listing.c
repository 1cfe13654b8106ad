/* asm_listing.c: the assembler's result, copied out of the run: words, store lines, literals, symbols; the listing and the debug accessors. */
#include "asm_internal.h"

#include <stdlib.h>
#include <string.h>

#include "ssem_dis.h"
#include "ssem_image.h"

/* What one store line came from. */
typedef enum prog_kind { PROG_UNUSED, PROG_STMT, PROG_LIT } prog_kind;

typedef struct prog_line {
    prog_kind kind;
    int line;            /* the file line of its record (a macro body's line) */
    int outer;           /* the outermost invoking line: where a debugger shows it */
    const char *text;    /* the record's text, for the listing */
    size_t len;
    size_t lit;          /* PROG_LIT: index in lits */
} prog_line;

typedef struct prog_lit {
    int32_t value;
    int addr;
    int line;            /* first use */
} prog_lit;

typedef struct prog_sym {
    asm_symbol pub;      /* pub.line: the outermost line */
    int line;            /* the file line of its record, for the listing */
} prog_sym;

/* Small and self-contained: the parse context dies with the run. */
struct asm_program {
    char *file;
    uint32_t word[SSEM_WORDS];
    prog_line lines[SSEM_WORDS];
    prog_lit *lits;
    size_t nlits;
    prog_sym *syms;
    size_t nsyms;
    char *strings;       /* every string above, in one block */
};

/* The line of the file a record stands for: a macro's output is reported at
 * the outermost line that invoked it, where a debugger can show it. */
static int outer_line(const asm_ctx *c, int rec)
{
    const asm_rec *r = ASM_VEC_AT(&c->recs, asm_rec, rec);
    while (r->parent >= 0)
        r = ASM_VEC_AT(&c->recs, asm_rec, r->parent);
    return r->file_line;
}

static const asm_rec *rec_of(const asm_ctx *c, int rec)
{
    return ASM_VEC_AT(&c->recs, asm_rec, rec);
}

static char *put_string(char **at, const char *s, size_t n)
{
    char *p = *at;
    memcpy(p, s, n);
    p[n] = '\0';
    *at += n + 1;
    return p;
}

asm_program *asm_program_from(const asm_ctx *c)
{
    asm_program *p = calloc(1, sizeof *p);
    if (!p)
        abort();
    size_t bytes = strlen(c->file) + 1;
    for (int i = 0; i < SSEM_WORDS; i++)
        if (c->owner[i])
            bytes += rec_of(c, ASM_VEC_AT(&c->stmts, asm_stmt, c->owner[i] - 1)->loc.rec)->len + 1;
    for (size_t i = 0; i < c->syms.len; i++)
        bytes += strlen(ASM_VEC_AT(&c->syms, asm_sym, i)->name) + 1;
    p->strings = malloc(bytes);
    p->lits = calloc(c->lits.len + 1, sizeof *p->lits);
    p->syms = calloc(c->syms.len + 1, sizeof *p->syms);
    if (!p->strings || !p->lits || !p->syms)
        abort();
    char *at = p->strings;
    p->file = put_string(&at, c->file, strlen(c->file));
    memcpy(p->word, c->word, sizeof p->word);
    for (int i = 0; i < SSEM_WORDS; i++) {
        prog_line *pl = &p->lines[i];
        if (c->owner[i]) {
            int rec = ASM_VEC_AT(&c->stmts, asm_stmt, c->owner[i] - 1)->loc.rec;
            const asm_rec *r = rec_of(c, rec);
            pl->kind = PROG_STMT;
            pl->line = r->file_line;
            pl->outer = outer_line(c, rec);
            pl->len = r->len;
            pl->text = put_string(&at, r->text, r->len);
        } else if (c->lit_at[i]) {
            const asm_lit *l = ASM_VEC_AT(&c->lits, asm_lit, c->lit_at[i] - 1);
            pl->kind = PROG_LIT;
            pl->lit = (size_t)c->lit_at[i] - 1;
            pl->line = rec_of(c, l->loc.rec)->file_line;
            pl->outer = outer_line(c, l->loc.rec);
        }
    }
    p->nlits = c->lits.len;
    for (size_t k = 0; k < c->lits.len; k++) {
        const asm_lit *l = ASM_VEC_AT(&c->lits, asm_lit, k);
        p->lits[k] = (prog_lit){ (int32_t)(uint32_t)l->value, l->addr,
                                 rec_of(c, l->loc.rec)->file_line };
    }
    static const asm_symbol_kind kinds[] = { [ASM_SYM_LABEL] = ASM_SYMBOL_LABEL,
                                             [ASM_SYM_EQU] = ASM_SYMBOL_CONSTANT,
                                             [ASM_SYM_DEFINE] = ASM_SYMBOL_DEFINE };
    p->nsyms = c->syms.len;
    for (size_t i = 0; i < c->syms.len; i++) {
        const asm_sym *s = ASM_VEC_AT(&c->syms, asm_sym, i);
        bool here = s->loc.rec >= 0;
        p->syms[i] = (prog_sym){ .pub = { .name = put_string(&at, s->name, strlen(s->name)),
                                          .value = s->value,
                                          .kind = kinds[s->kind],
                                          .line = here ? outer_line(c, s->loc.rec) : 0 },
                                 .line = here ? rec_of(c, s->loc.rec)->file_line : 0 };
    }
    return p;
}

void asm_program_free(asm_program *p)
{
    if (!p)
        return;
    free(p->strings);
    free(p->lits);
    free(p->syms);
    free(p);
}

void asm_program_image(const asm_program *p, ssem_image *img)
{
    memset(img, 0, sizeof *img);
    memcpy(img->word, p->word, sizeof img->word);
}

static void put_source(FILE *out, const char *t, size_t n)
{
    while (n && (*t == ' ' || *t == '\t')) {
        t++;
        n--;
    }
    while (n && (t[n - 1] == ' ' || t[n - 1] == '\t'))
        n--;
    for (size_t i = 0; i < n; i++)
        fputc(t[i] == '\t' ? ' ' : t[i], out);
}

static int sym_cmp(const void *a, const void *b)
{
    const prog_sym *x = *(const prog_sym *const *)a, *y = *(const prog_sym *const *)b;
    return strcmp(x->pub.name, y->pub.name);
}

int asm_program_listing(const asm_program *p, FILE *out)
{
    fprintf(out, "; ssemasm listing of %s\n", p->file);
    fprintf(out, "; line  %-32s  %-8s  %11s  %-11s  %4s  %s\n", "bits, bit 0 first (as the CRT)",
            "hex", "signed", "instruction", "src", "source");
    for (int i = 0; i < SSEM_WORDS; i++) {
        const prog_line *pl = &p->lines[i];
        uint32_t w = p->word[i];
        char bits[SSEM_BITS + 1], dis[32];
        ssem_word_to_bits(w, bits, '1', '0');
        if (pl->kind != PROG_UNUSED)
            ssem_dis_instr(w, dis, sizeof dis);
        else
            dis[0] = '\0';
        fprintf(out, "  %02d    %s  %08X  %11d  %-11s  ", i, bits, (unsigned)w, (int32_t)w, dis);
        if (pl->kind == PROG_STMT) {
            fprintf(out, "%4d  ", pl->line);
            put_source(out, pl->text, pl->len);
        } else if (pl->kind == PROG_LIT) {
            fprintf(out, "%4d  (literal =%d)", pl->line, p->lits[pl->lit].value);
        } else {
            fputs("      (unused)", out);
        }
        fputc('\n', out);
    }

    if (p->nlits) {
        fprintf(out, "\n; literal pool (%zu word%s, from the top of the store)\n", p->nlits,
                p->nlits == 1 ? "" : "s");
        for (size_t k = 0; k < p->nlits; k++)
            fprintf(out, ";   line %02d  =%-11d  first used at %s:%d\n", p->lits[k].addr,
                    p->lits[k].value, p->file, p->lits[k].line);
    }

    if (p->nsyms) {
        const prog_sym **v = malloc(p->nsyms * sizeof *v);
        if (!v)
            abort();
        for (size_t i = 0; i < p->nsyms; i++)
            v[i] = &p->syms[i];
        qsort(v, p->nsyms, sizeof *v, sym_cmp);
        fprintf(out, "\n; symbols (%zu)\n", p->nsyms);
        for (size_t i = 0; i < p->nsyms; i++) {
            const prog_sym *s = v[i];
            static const char *const kind[] = { "label", "constant", "-D" };
            fprintf(out, ";   %-20s %11lld  %-8s", s->pub.name, (long long)s->pub.value,
                    kind[s->pub.kind]);
            if (s->line)
                fprintf(out, "  %s:%d", p->file, s->line);
            fputc('\n', out);
        }
        free(v);
    }
    return ferror(out) ? -1 : 0;
}

const char *asm_program_file(const asm_program *p)
{
    return p->file;
}

size_t asm_program_nsymbols(const asm_program *p)
{
    return p->nsyms;
}

asm_symbol asm_program_symbol(const asm_program *p, size_t i)
{
    return p->syms[i].pub;
}

int asm_program_line_of(const asm_program *p, unsigned n)
{
    return n < SSEM_WORDS ? p->lines[n].outer : 0;
}
