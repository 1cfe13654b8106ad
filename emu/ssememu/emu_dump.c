/* emu_dump.c: final-state dumps in each ssememu format, and the per-step trace line. */
#include "emu_dump.h"

#include <inttypes.h>
#include <string.h>

#include "emu_crt.h"
#include "ssem_dis.h"
#include "ssem_isa.h"

static const char *const dump_names[] = {
    [EMU_DUMP_CRT] = "crt", [EMU_DUMP_BITS] = "bits", [EMU_DUMP_DEC] = "dec",
    [EMU_DUMP_ASM] = "asm", [EMU_DUMP_JSON] = "json", [EMU_DUMP_NONE] = "none",
};

const char emu_dump_format_names[] = "crt, bits, dec, asm, json, none";

emu_dump_format emu_dump_format_from_name(const char *name)
{
    for (size_t i = 0; i < sizeof dump_names / sizeof dump_names[0]; i++)
        if (strcmp(name, dump_names[i]) == 0)
            return (emu_dump_format)i;
    return EMU_DUMP_INVALID;
}

static void dump_bits(const emu_machine *m, FILE *out)
{
    for (unsigned n = 0; n < SSEM_WORDS; n++) {
        char s[SSEM_BITS + 1];
        for (unsigned i = 0; i < SSEM_BITS; i++)
            s[i] = (m->store[n] >> i) & 1u ? '1' : '0';
        s[SSEM_BITS] = '\0';
        fprintf(out, "%s\n", s);
    }
}

static void dump_dec(const emu_machine *m, FILE *out)
{
    for (unsigned n = 0; n < SSEM_WORDS; n++)
        fprintf(out, "%" PRId32 "\n", (int32_t)m->store[n]);
}

/* Lines as "NN: TEXT", which the assembler reads as "at line NN, this statement";
 * the registers and run state go in comments so the text still reassembles
 * to exactly the store. */
static void dump_asm(const emu_machine *m, FILE *out)
{
    char sum[128];
    emu_crt_summary(m, sum, sizeof sum);
    fprintf(out, "; %s\n", sum);
    for (unsigned n = 0; n < SSEM_WORDS; n++) {
        char text[48];
        ssem_dis_word(m->store[n], text, sizeof text);
        fprintf(out, "%02u: %-14s ; %11" PRId32 "%s\n", n, text, (int32_t)m->store[n],
                n == ssem_line_of(m->ci) ? "  <- CI" : "");
    }
}

static void dump_json(const emu_machine *m, FILE *out)
{
    fprintf(out, "{\"halted\": %s, \"steps\": %" PRIu64 ", \"ci\": %" PRIu32 ", \"a\": %" PRIu32
                 ", \"store\": [",
            m->halted ? "true" : "false", m->steps, m->ci, m->a);
    for (unsigned n = 0; n < SSEM_WORDS; n++)
        fprintf(out, "%s%" PRIu32, n ? ", " : "", m->store[n]);
    fputs("]}\n", out);
}

int emu_dump(const emu_machine *m, emu_dump_format fmt, FILE *out)
{
    switch (fmt) {
    case EMU_DUMP_CRT: {
        char text[EMU_CRT_TEXT_MAX];
        size_t n = emu_crt_render(m, 0, text, sizeof text);
        fwrite(text, 1, n < sizeof text ? n : sizeof text - 1, out);
        break;
    }
    case EMU_DUMP_BITS: dump_bits(m, out); break;
    case EMU_DUMP_DEC: dump_dec(m, out); break;
    case EMU_DUMP_ASM: dump_asm(m, out); break;
    case EMU_DUMP_JSON: dump_json(m, out); break;
    case EMU_DUMP_NONE: break;
    case EMU_DUMP_INVALID: return -1;
    }
    return ferror(out) ? -1 : 0;
}

int emu_trace_step(const emu_machine *before, const emu_machine *after, FILE *out)
{
    return emu_trace_step_info(before, after, NULL, out);
}

int emu_trace_step_info(const emu_machine *before, const emu_machine *after, const emu_dbg_info *info, FILE *out)
{
    emu_dbg_event ev;
    emu_dbg_event_of(before, after, &ev);
    char dis[32];
    ssem_dis_instr(ev.word, dis, sizeof dis);
    fprintf(out, "step %" PRIu64 "  ci %" PRIu32 "  word 0x%08" PRIx32 "  %-8s  a %" PRId32, ev.step, ev.ci, ev.word,
            dis, (int32_t)ev.a);
    if (ev.stored)
        fprintf(out, "  [%u] <- %" PRId32, ev.stored_line, (int32_t)ev.stored_value);
    /* With labels: where it ran and what it named ("loop+2: STO sum"). */
    char at[96], opnd[96];
    unsigned f = ssem_word_func(ev.word);
    bool has_operand = ssem_ops[f].operand == SSEM_OPND_REQ;
    if (emu_dbg_info_label(info, ev.line, at, sizeof at) ||
        (has_operand && emu_dbg_info_label(info, ssem_word_operand(ev.word), opnd, sizeof opnd))) {
        if (!has_operand || !emu_dbg_info_label(info, ssem_word_operand(ev.word), opnd, sizeof opnd))
            snprintf(opnd, sizeof opnd, "%u", ssem_word_operand(ev.word));
        fprintf(out, "  ; %s%s%s", at, at[0] ? ": " : "", ssem_ops[f].mnemonic);
        if (has_operand)
            fprintf(out, " %s", opnd);
    }
    fputc('\n', out);
    return ferror(out) ? -1 : 0;
}
