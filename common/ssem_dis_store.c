/* ssem_dis_store.c: a whole store as source: line by line, or symbolic with code and data told apart by the flow. */
#include "ssem_dis.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "ssem_isa.h"
#include "ssem_word.h"

/*
 * The flow: the machine fetches line CI+1 first, so control starts at the
 * line after the image's CI (0 unless the image holds registers) and is
 * followed through every successor the store as it stands implies: the
 * next line, both sides of a CMP, and the landing line of a JMP or JRP,
 * computed from the address word as it is now. A program that rewrites an
 * address word or its own code may go elsewhere at run time; the listing
 * is still exact (it reassembles to the same words), only the code/data
 * guesses can miss.
 */
void ssem_dis_flow_analyse(const uint32_t word[SSEM_WORDS], uint32_t ci, ssem_dis_flow *fl)
{
    memset(fl, 0, sizeof *fl);
    for (int i = 0; i < SSEM_WORDS; i++)
        fl->written_by[i] = -1;
    fl->start = (int)ssem_line_of(ci + 1);
    int work[SSEM_WORDS], nwork = 0;
    work[nwork++] = fl->start;
    fl->code[fl->start] = true;
    while (nwork) {
        int at = work[--nwork];
        uint32_t w = word[at];
        unsigned n = ssem_word_operand(w);
        int succ[2], nsucc = 0;
        switch (ssem_ops[ssem_word_func(w)].sem) {
        case SSEM_LDN:
        case SSEM_SUB:
            fl->data[n] = true;
            succ[nsucc++] = at + 1;
            break;
        case SSEM_STO:
            fl->data[n] = true;
            if (fl->written_by[n] < 0)
                fl->written_by[n] = (int8_t)at;
            succ[nsucc++] = at + 1;
            break;
        case SSEM_CMP:
            succ[nsucc++] = at + 1;
            succ[nsucc++] = at + 2;
            break;
        case SSEM_JMP:
            fl->data[n] = true;
            fl->jump_word[n] = true;
            succ[nsucc++] = (int)ssem_line_of(word[n] + 1);
            fl->target[succ[0]] = true;
            break;
        case SSEM_JRP:
            fl->data[n] = true;
            succ[nsucc++] = (int)ssem_line_of((uint32_t)at + word[n] + 1);
            fl->target[succ[0]] = true;
            break;
        default: /* STP: control stays on this line */
            break;
        }
        for (int k = 0; k < nsucc; k++) {
            int s = succ[k] & (SSEM_WORDS - 1);
            if (!fl->code[s]) {
                fl->code[s] = true;
                work[nwork++] = s;
            }
        }
    }
}

/* "D07" for a word read, written or jumped through, "L05" for a landing
 * line; "" for a line nothing names. */
static const char *label_of(const ssem_dis_flow *fl, int i, char buf[8])
{
    if (fl->data[i])
        snprintf(buf, 8, "D%02d", i);
    else if (fl->target[i])
        snprintf(buf, 8, "L%02d", i);
    else
        buf[0] = '\0';
    return buf;
}

/* Text columns: "NN: " then the statement padded so comments line up. */
enum { STMT_WIDTH = 16, LABEL_WIDTH = 5 };

static void plain_line(FILE *f, int i, uint32_t w, bool crt)
{
    char stmt[64], instr[64], bits[SSEM_BITS + 1];
    ssem_dis_word(w, stmt, sizeof stmt);
    bool clean = ssem_word_is_clean(w);
    if (!clean)
        ssem_dis_instr(w, instr, sizeof instr);
    if (crt) {
        ssem_word_to_bits(w, bits, '1', '0');
        fprintf(f, "%02d: %-*s ; %s", i, STMT_WIDTH, stmt, bits);
        if (!clean)
            fprintf(f, "  reads as %s", instr);
        fputc('\n', f);
    } else if (!clean) {
        fprintf(f, "%02d: %-*s ; reads as %s\n", i, STMT_WIDTH, stmt, instr);
    } else {
        fprintf(f, "%02d: %s\n", i, stmt);
    }
}

/* The statement of one line in the symbolic listing, and its comment. */
static void symbolic_stmt(const uint32_t *word, const ssem_dis_flow *fl, int i, char *stmt, size_t ssz,
                          char *note, size_t nsz)
{
    uint32_t w = word[i];
    char lbl[8];
    note[0] = '\0';
    if (fl->code[i] && ssem_word_is_clean(w)) {
        const ssem_op_info *op = &ssem_ops[ssem_word_func(w)];
        unsigned n = ssem_word_operand(w);
        if (op->operand == SSEM_OPND_OPT && n == 0)
            snprintf(stmt, ssz, "%s", op->mnemonic);
        else if (op->operand == SSEM_OPND_OPT)
            snprintf(stmt, ssz, "%s %u", op->mnemonic, n);
        else
            snprintf(stmt, ssz, "%s %s", op->mnemonic, label_of(fl, (int)n, lbl));
        if (op->sem == SSEM_JMP || op->sem == SSEM_JRP) {
            uint32_t to = op->sem == SSEM_JMP ? word[n] + 1 : (uint32_t)i + word[n] + 1;
            snprintf(note, nsz, "to %s", label_of(fl, (int)ssem_line_of(to), lbl));
        }
    } else if (fl->code[i]) {
        char instr[48];
        ssem_dis_instr(w, instr, sizeof instr);
        snprintf(stmt, ssz, "NUM %" PRId32, (int32_t)w);
        snprintf(note, nsz, "reads as %s", instr);
    } else if (fl->jump_word[i] && w < SSEM_WORDS - 1 && fl->code[w + 1]) {
        /* A JMP lands one past the word's value: say where. */
        snprintf(stmt, ssz, "NUM %s-1", label_of(fl, (int)w + 1, lbl));
    } else if (fl->data[i] || ssem_word_func(w) == SSEM_JMP) {
        /* Data; and so is an unnamed small number (a clean word below 8192
         * is "JMP n"): a table that rewritten operands walk through. */
        snprintf(stmt, ssz, "NUM %" PRId32, (int32_t)w);
    } else {
        /* Nothing reaches or names it: code that a rewritten jump may
         * reach, or a constant nobody reads. The plain form keeps both. */
        ssem_dis_word(w, stmt, ssz);
    }
    if (fl->code[i] && fl->written_by[i] >= 0 && !note[0])
        snprintf(note, nsz, "rewritten by the STO at %02d", fl->written_by[i]);
    if (i == fl->start && !note[0])
        snprintf(note, nsz, "execution starts here");
}

static void symbolic_line(FILE *f, const uint32_t *word, const ssem_dis_flow *fl, int i, bool crt)
{
    char stmt[64], note[64], lbl[8], bits[SSEM_BITS + 1];
    symbolic_stmt(word, fl, i, stmt, sizeof stmt, note, sizeof note);
    label_of(fl, i, lbl);
    char head[16];
    snprintf(head, sizeof head, "%s%s", lbl, lbl[0] ? ":" : "");
    fprintf(f, "%02d: %-*s %s", i, LABEL_WIDTH, head, stmt);
    if (crt || note[0]) {
        int pad = STMT_WIDTH - (int)strlen(stmt);
        fprintf(f, "%*s ;", pad > 0 ? pad : 0, "");
        if (crt) {
            ssem_word_to_bits(word[i], bits, '1', '0');
            fprintf(f, " %s", bits);
        }
        if (note[0])
            fprintf(f, crt ? "  %s" : " %s", note);
    }
    fputc('\n', f);
}

int ssem_dis_store(FILE *f, const ssem_image *img, const ssem_dis_opts *o)
{
    fprintf(f, "; %s (%s image), disassembled by ssemdis\n", o->name, o->format);
    if (img->has_regs)
        fprintf(f, "; registers in the image (not part of the source): A = %" PRId32 ", CI = %" PRIu32 "\n",
                (int32_t)img->a, img->ci);
    ssem_dis_flow fl;
    if (o->symbolic) {
        ssem_dis_flow_analyse(img->word, img->has_regs ? img->ci : 0, &fl);
        fprintf(f, "; symbolic: control followed from line %02d; Dnn names a word that is read,\n"
                   "; written or jumped through, Lnn a line that a jump lands on\n",
                fl.start);
    }
    for (int i = 0; i < SSEM_WORDS; i++) {
        if (o->symbolic)
            symbolic_line(f, img->word, &fl, i, o->crt);
        else
            plain_line(f, i, img->word[i], o->crt);
    }
    return ferror(f) ? -1 : 0;
}
