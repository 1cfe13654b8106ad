/* asm_warn.c: named warnings, and the checks that need the finished store (control flow, unused names). */
#include "asm_internal.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "ssem_dis.h"
#include "ssem_isa.h"

static const asm_warn_level levels[] = {
#define ASM_X_WARN(id, name, level, what) ASM_WL_##level,
    ASM_WARNINGS(ASM_X_WARN)
#undef ASM_X_WARN
};

void asm_warn_setup(asm_ctx *c, const asm_warn_opts *o)
{
    static const asm_warn_opts none;
    if (!o)
        o = &none;
    for (int w = 0; w < ASM_NWARNINGS; w++) {
        bool on = levels[w] == ASM_WL_DEFAULT || (levels[w] == ASM_WL_ALL && (o->all || o->extra)) ||
                  (levels[w] == ASM_WL_EXTRA && o->extra);
        if (o->set[w])
            on = o->set[w] > 0;
        c->warn_on[w] = on && !o->none;
    }
}

static bool vwarn(asm_ctx *c, asm_warning w, asm_loc loc, const char *fmt, va_list ap)
    __attribute__((format(printf, 4, 0)));
static bool vwarn(asm_ctx *c, asm_warning w, asm_loc loc, const char *fmt, va_list ap)
{
    if (!c->warn_on[w])
        return false;
    char msg[512];
    vsnprintf(msg, sizeof msg, fmt, ap);
    /* As GCC names it: the option that made it, or made it an error. */
    asm_report(c, SSEM_WARNING, loc, "%s [-W%s%s]", msg, c->d->werror ? "error=" : "",
               asm_warning_name(w));
    return true;
}

void asm_warn(asm_ctx *c, asm_warning w, asm_loc loc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vwarn(c, w, loc, fmt, ap);
    va_end(ap);
}

/* As asm_warn; true when it was shown, so that its notes may follow. */
static bool warn(asm_ctx *c, asm_warning w, asm_loc loc, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static bool warn(asm_ctx *c, asm_warning w, asm_loc loc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    bool shown = vwarn(c, w, loc, fmt, ap);
    va_end(ap);
    return shown;
}

static const asm_stmt *stmt_at(const asm_ctx *c, int line)
{
    line &= SSEM_WORDS - 1;
    return c->owner[line] ? ASM_VEC_AT(&c->stmts, asm_stmt, c->owner[line] - 1) : NULL;
}

static bool is_data(const asm_stmt *st)
{
    return st && (st->kind == ASM_ST_NUM || st->kind == ASM_ST_EJA || st->kind == ASM_ST_REF);
}

static enum ssem_func sem_of(uint32_t w)
{
    return ssem_ops[ssem_word_func(w)].sem;
}

/* JMP L where L labels an instruction: the machine jumps through the word
 * in line L, to the line after the address it holds, never to L itself. */
static void check_jmp_label(asm_ctx *c)
{
    for (size_t i = 0; i < c->stmts.len; i++) {
        const asm_stmt *st = ASM_VEC_AT(&c->stmts, asm_stmt, i);
        if (st->kind != ASM_ST_INSTR || st->literal || st->ref >= 0 || !st->expr ||
            st->expr->op != ASM_EX_SYM)
            continue;
        enum ssem_func sem = ssem_ops[st->func].sem;
        if (sem != SSEM_JMP && sem != SSEM_JRP)
            continue;
        const char *name = st->expr->name;
        asm_sym *s = asm_sym_find(c, name);
        if (!s || s->kind != ASM_SYM_LABEL || s->value < 0 || s->value >= SSEM_WORDS)
            continue;
        const asm_stmt *to = stmt_at(c, (int)s->value);
        if (!to || to->kind != ASM_ST_INSTR)
            continue;
        const char *mn = ssem_ops[st->func].mnemonic;
        if (!warn(c, ASM_W_JMP_LABEL, st->oploc,
                  "'%s %s' jumps through the word in line %d, an instruction, not to '%s'", mn,
                  name, (int)s->value, name))
            continue;
        if (sem == SSEM_JMP)
            asm_report(c, SSEM_NOTE, st->oploc,
                       "to land on '%s', write 'JMP =%s-1' (a literal holding %s-1) or jump "
                       "through a word 'EJA %s'", name, name, name, name);
        else
            asm_report(c, SSEM_NOTE, st->oploc,
                       "to land on '%s', write 'JRP =%s-$-1' (a literal holding the distance)",
                       name, name);
    }
}

/* Straight-line control from code into a data word that then executes;
 * a data word that executes as STP stops the machine as intended (Wijnen's
 * primes stop on NUM -1). */
static void check_fall_into_data(asm_ctx *c, const ssem_dis_flow *fl)
{
    for (int n = 0; n < SSEM_WORDS; n++) {
        const asm_stmt *st = stmt_at(c, n);
        if (!is_data(st) || !fl->code[n] || sem_of(c->word[n]) == SSEM_STP)
            continue;
        int from = -1;
        int p1 = (n - 1) & (SSEM_WORDS - 1), p2 = (n - 2) & (SSEM_WORDS - 1);
        enum ssem_func s1 = sem_of(c->word[p1]);
        if (fl->code[p1] && !is_data(stmt_at(c, p1)) && s1 != SSEM_JMP && s1 != SSEM_JRP &&
            s1 != SSEM_STP)
            from = p1;
        else if (fl->code[p2] && !is_data(stmt_at(c, p2)) && sem_of(c->word[p2]) == SSEM_CMP)
            from = p2;
        if (from < 0)
            continue;
        char instr[48];
        ssem_dis_instr(c->word[n], instr, sizeof instr);
        warn(c, ASM_W_FALL_INTO_DATA, st->loc,
             "control %s line %d into this data word, which executes as '%s'",
             from == p1 ? "runs on from" : "skips here from the CMP in", from, instr);
    }
}

/* The flow is followed through the store as assembled: a STO into the
 * word a jump goes through (a subroutine's return link) or into reached
 * code may open paths it cannot see, and then it claims nothing. */
static bool flow_is_closed(const asm_ctx *c, const ssem_dis_flow *fl)
{
    for (int n = 0; n < SSEM_WORDS; n++) {
        if (!fl->code[n] || sem_of(c->word[n]) != SSEM_STO)
            continue;
        unsigned to = ssem_word_operand(c->word[n]);
        if (fl->jump_word[to] || fl->code[to])
            return false;
        for (int j = 0; j < SSEM_WORDS; j++)
            if (fl->code[j] && sem_of(c->word[j]) == SSEM_JRP && ssem_word_operand(c->word[j]) == to)
                return false;
    }
    return true;
}

static void check_missing_stp(asm_ctx *c, const ssem_dis_flow *fl)
{
    if (!c->stmts.len)
        return;
    for (int n = 0; n < SSEM_WORDS; n++)
        if (fl->code[n] && sem_of(c->word[n]) == SSEM_STP)
            return;
    if (!flow_is_closed(c, fl))
        return;
    const asm_stmt *first = stmt_at(c, fl->start);
    if (!first)
        first = ASM_VEC_AT(&c->stmts, asm_stmt, 0);
    if (warn(c, ASM_W_MISSING_STP, first->loc,
             "no STP can be reached from line %d: the program never stops", fl->start))
        asm_report(c, SSEM_NOTE, first->loc,
                   "a program meant to run for ever can say so with '.nowarn missing-stp'");
}

static void check_stores(asm_ctx *c, const ssem_dis_flow *fl)
{
    for (int i = 0; i < SSEM_WORDS; i++) {
        const asm_stmt *st = stmt_at(c, i);
        if (!fl->code[i] || !st || st->kind != ASM_ST_INSTR)
            continue;
        uint32_t w = c->word[i];
        int n = (int)ssem_word_operand(w);
        enum ssem_func sem = sem_of(w);
        const asm_stmt *to = stmt_at(c, n);
        if (sem == SSEM_STO && to && to->kind == ASM_ST_INSTR && !fl->code[n]) {
            char instr[48];
            ssem_dis_instr(c->word[n], instr, sizeof instr);
            warn(c, ASM_W_STO_UNREACHED, st->oploc,
                 "STO into line %d, which holds an instruction ('%s') that never runs", n, instr);
        }
        /* JMP 0 through a zero in line 0 restarts at line 1: the idiom. */
        if (n == 0 && st->expr && (sem == SSEM_JMP || sem == SSEM_JRP) &&
            !(sem == SSEM_JMP && c->word[0] == 0)) {
            warn(c, ASM_W_JMP_ZERO, st->oploc,
                 "%s through line 0, which holds %" PRId32 ", not the restart 'JMP 0' through a zero",
                 ssem_ops[st->func].mnemonic, (int32_t)c->word[0]);
        }
    }
}

static void check_unused(asm_ctx *c)
{
    for (size_t i = 0; i < c->syms.len; i++) {
        const asm_sym *s = ASM_VEC_AT(&c->syms, asm_sym, i);
        /* A macro's local labels (loop@3) belong to its body. */
        if (s->used || s->loc.rec < 0 || strchr(s->name, '@'))
            continue;
        if (s->kind == ASM_SYM_LABEL)
            warn(c, ASM_W_UNUSED_LABEL, s->loc, "label '%s' is never used", s->name);
        else if (s->kind == ASM_SYM_EQU)
            warn(c, ASM_W_UNUSED_EQU, s->loc, "constant '%s' is never used", s->name);
    }
    for (size_t i = 0; i < c->macros.len; i++) {
        const asm_macro_def *m = ASM_VEC_AT(&c->macros, asm_macro_def, i);
        if (!m->used)
            warn(c, ASM_W_UNUSED_MACRO, m->loc, "macro '%s' is never used", m->name);
    }
}

void asm_warn_program(asm_ctx *c)
{
    ssem_dis_flow fl;
    ssem_dis_flow_analyse(c->word, 0, &fl);
    check_jmp_label(c);
    check_fall_into_data(c, &fl);
    check_missing_stp(c, &fl);
    check_stores(c, &fl);
    check_unused(c);
}
