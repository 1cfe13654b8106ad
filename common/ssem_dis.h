/* ssem_dis.h: one word to assembly text, shared by ssemdis, listings, traces and dumps. */
#ifndef SSEM_DIS_H
#define SSEM_DIS_H

#include <stddef.h>
#include <stdint.h>

/* The instruction a word executes as, ignoring ignored bits: "LDN 24",
 * "CMP", "STP", "SUB2 3". Always succeeds; returns strlen of the text. */
size_t ssem_dis_instr(uint32_t w, char *buf, size_t size);

/* Text that reassembles to exactly w: the instruction when the word is a
 * clean one (no ignored bits set), else "NUM <signed decimal>". */
size_t ssem_dis_word(uint32_t w, char *buf, size_t size);

#endif
