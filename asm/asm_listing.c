/* asm_listing.c: the assembly listing: every store line as bits, hex, decimal, instruction and source; then literals and symbols. */
#include "asm_internal.h"

#include <stdlib.h>
#include <string.h>

#include "ssem_dis.h"
#include "ssem_image.h"

static void put_source(FILE *out, const asm_rec *r)
{
    const char *t = r->text;
    size_t n = r->len;
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
    const asm_sym *x = *(const asm_sym *const *)a, *y = *(const asm_sym *const *)b;
    return strcmp(x->name, y->name);
}

/* The line of the file a record stands for: a macro's output is reported at
 * the outermost line that invoked it, where a debugger can show it. */
static int outer_line(const asm_ctx *c, int rec)
{
    const asm_rec *r = ASM_VEC_AT(&c->recs, asm_rec, rec);
    while (r->parent >= 0)
        r = ASM_VEC_AT(&c->recs, asm_rec, r->parent);
    return r->file_line;
}

int asm_program_listing(const asm_program *p, FILE *out)
{
    const asm_ctx *c = &p->ctx;
    fprintf(out, "; ssemasm listing of %s\n", c->file);
    fprintf(out, "; line  %-32s  %-8s  %11s  %-11s  %4s  %s\n", "bits, bit 0 first (as the CRT)",
            "hex", "signed", "instruction", "src", "source");
    for (int i = 0; i < SSEM_WORDS; i++) {
        uint32_t w = c->word[i];
        char bits[SSEM_BITS + 1], dis[32];
        ssem_word_to_bits(w, bits, '1', '0');
        if (c->owner[i] || c->lit_at[i])
            ssem_dis_instr(w, dis, sizeof dis);
        else
            dis[0] = '\0';
        fprintf(out, "  %02d    %s  %08X  %11d  %-11s  ", i, bits, (unsigned)w, (int32_t)w, dis);
        if (c->owner[i]) {
            const asm_stmt *st = ASM_VEC_AT(&c->stmts, asm_stmt, c->owner[i] - 1);
            const asm_rec *r = ASM_VEC_AT(&c->recs, asm_rec, st->loc.rec);
            fprintf(out, "%4d  ", r->file_line);
            put_source(out, r);
        } else if (c->lit_at[i]) {
            const asm_lit *l = ASM_VEC_AT(&c->lits, asm_lit, c->lit_at[i] - 1);
            const asm_rec *r = ASM_VEC_AT(&c->recs, asm_rec, l->loc.rec);
            fprintf(out, "%4d  (literal =%d)", r->file_line, (int32_t)(uint32_t)l->value);
        } else {
            fputs("      (unused)", out);
        }
        fputc('\n', out);
    }

    if (c->lits.len) {
        fprintf(out, "\n; literal pool (%zu word%s, from the top of the store)\n", c->lits.len,
                c->lits.len == 1 ? "" : "s");
        for (size_t k = 0; k < c->lits.len; k++) {
            const asm_lit *l = ASM_VEC_AT(&c->lits, asm_lit, k);
            const asm_rec *r = ASM_VEC_AT(&c->recs, asm_rec, l->loc.rec);
            fprintf(out, ";   line %02d  =%-11d  first used at %s:%d\n", l->addr,
                    (int32_t)(uint32_t)l->value, c->file, r->file_line);
        }
    }

    if (c->syms.len) {
        const asm_sym **v = malloc(c->syms.len * sizeof *v);
        if (!v)
            abort();
        for (size_t i = 0; i < c->syms.len; i++)
            v[i] = ASM_VEC_AT(&c->syms, asm_sym, i);
        qsort(v, c->syms.len, sizeof *v, sym_cmp);
        fprintf(out, "\n; symbols (%zu)\n", c->syms.len);
        for (size_t i = 0; i < c->syms.len; i++) {
            const asm_sym *s = v[i];
            static const char *const kind[] = { "label", "constant", "-D" };
            fprintf(out, ";   %-20s %11lld  %-8s", s->name, (long long)s->value, kind[s->kind]);
            if (s->loc.rec >= 0)
                fprintf(out, "  %s:%d", c->file,
                        ASM_VEC_AT(&c->recs, asm_rec, s->loc.rec)->file_line);
            fputc('\n', out);
        }
        free(v);
    }
    return ferror(out) ? -1 : 0;
}

const char *asm_program_file(const asm_program *p)
{
    return p->ctx.file;
}

size_t asm_program_nsymbols(const asm_program *p)
{
    return p->ctx.syms.len;
}

asm_symbol asm_program_symbol(const asm_program *p, size_t i)
{
    const asm_ctx *c = &p->ctx;
    const asm_sym *s = ASM_VEC_AT(&c->syms, asm_sym, i);
    static const asm_symbol_kind kinds[] = { [ASM_SYM_LABEL] = ASM_SYMBOL_LABEL,
                                             [ASM_SYM_EQU] = ASM_SYMBOL_CONSTANT,
                                             [ASM_SYM_DEFINE] = ASM_SYMBOL_DEFINE };
    return (asm_symbol){ .name = s->name,
                         .value = s->value,
                         .kind = kinds[s->kind],
                         .line = s->loc.rec >= 0 ? outer_line(c, s->loc.rec) : 0 };
}

int asm_program_line_of(const asm_program *p, unsigned n)
{
    const asm_ctx *c = &p->ctx;
    if (n >= SSEM_WORDS)
        return 0;
    if (c->owner[n])
        return outer_line(c, ASM_VEC_AT(&c->stmts, asm_stmt, c->owner[n] - 1)->loc.rec);
    if (c->lit_at[n])
        return outer_line(c, ASM_VEC_AT(&c->lits, asm_lit, c->lit_at[n] - 1)->loc.rec);
    return 0;
}
