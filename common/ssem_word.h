/* ssem_word.h: store geometry and the fields of a 32-bit SSEM word. */
#ifndef SSEM_WORD_H
#define SSEM_WORD_H

#include <stdbool.h>
#include <stdint.h>

enum {
    SSEM_WORDS = 32,         /* store lines 0..31 */
    SSEM_BITS = 32,          /* bits per word */
    SSEM_LINE_MASK = 31,     /* low five bits of CI select a line */
    SSEM_FUNC_SHIFT = 13,
};

#define SSEM_OPERAND_MASK 0x0000001Fu   /* bits 0..4 */
#define SSEM_FUNC_MASK 0x0000E000u      /* bits 13..15 */
/* Bits the machine ignores when it executes a word: 5..12 and 16..31. */
#define SSEM_IGNORED_MASK (~(SSEM_OPERAND_MASK | SSEM_FUNC_MASK))

static inline unsigned ssem_word_operand(uint32_t w) { return w & SSEM_OPERAND_MASK; }
static inline unsigned ssem_word_func(uint32_t w) { return (w & SSEM_FUNC_MASK) >> SSEM_FUNC_SHIFT; }

static inline uint32_t ssem_word_make(unsigned func, unsigned operand)
{
    return ((uint32_t)(func & 7u) << SSEM_FUNC_SHIFT) | (operand & SSEM_OPERAND_MASK);
}

/* A word that reads as an instruction with no ignored bits set. */
static inline bool ssem_word_is_clean(uint32_t w) { return (w & SSEM_IGNORED_MASK) == 0; }

/* The line a CI value fetches from: the hardware keeps CI whole, but only
 * its low five bits address the store. */
static inline unsigned ssem_line_of(uint32_t ci) { return ci & SSEM_LINE_MASK; }

#endif
