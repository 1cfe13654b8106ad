/* ssem_dis.c: one word to assembly text, from the ISA table (shared by ssemdis, listings, traces, dumps). */
#include "ssem_dis.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "ssem_isa.h"
#include "ssem_word.h"

/* snprintf's result clipped to what fits, so callers can chain. */
static size_t clip(int n, size_t size)
{
    if (n < 0)
        return 0;
    if (size == 0)
        return 0;
    return (size_t)n < size ? (size_t)n : size - 1;
}

size_t ssem_dis_instr(uint32_t w, char *buf, size_t size)
{
    const ssem_op_info *op = &ssem_ops[ssem_word_func(w)];
    unsigned n = ssem_word_operand(w);
    /* CMP and STP ignore their operand, so it is shown only when it is set:
     * "CMP 5" still reassembles to the same word. */
    if (op->operand == SSEM_OPND_OPT && n == 0)
        return clip(snprintf(buf, size, "%s", op->mnemonic), size);
    return clip(snprintf(buf, size, "%s %u", op->mnemonic, n), size);
}

size_t ssem_dis_word(uint32_t w, char *buf, size_t size)
{
    if (ssem_word_is_clean(w))
        return ssem_dis_instr(w, buf, size);
    return clip(snprintf(buf, size, "NUM %" PRId32, (int32_t)w), size);
}
