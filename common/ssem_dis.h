/* ssem_dis.h: words and whole stores to assembly text, shared by ssemdis, listings, traces and dumps. */
#ifndef SSEM_DIS_H
#define SSEM_DIS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ssem_image.h"

/* The instruction a word executes as, ignoring ignored bits: "LDN 24",
 * "CMP", "STP", "SUB2 3". Always succeeds; returns strlen of the text. */
size_t ssem_dis_instr(uint32_t w, char *buf, size_t size);

/* Text that reassembles to exactly w: the instruction when the word is a
 * clean one (no ignored bits set), else "NUM <signed decimal>". */
size_t ssem_dis_word(uint32_t w, char *buf, size_t size);

/* What following control from the start line says of each store line
 * (common/ssem_dis_store.c explains the limits of a static view). */
typedef struct ssem_dis_flow {
    int start;                      /* the first line fetched: CI + 1 */
    bool code[SSEM_WORDS];          /* reached */
    bool data[SSEM_WORDS];          /* an operand of LDN, SUB, STO, JMP or JRP */
    bool target[SSEM_WORDS];        /* a JMP or JRP lands here */
    bool jump_word[SSEM_WORDS];     /* a JMP's address word */
    int8_t written_by[SSEM_WORDS];  /* the first reached STO into it, -1 none */
} ssem_dis_flow;

void ssem_dis_flow_analyse(const uint32_t word[SSEM_WORDS], uint32_t ci, ssem_dis_flow *fl);

typedef struct ssem_dis_opts {
    const char *name;      /* for the header comment */
    const char *format;    /* the image's format name, likewise */
    bool crt;              /* a comment column with the bits as the CRT showed them */
    bool symbolic;         /* labels, and code and data told apart by the flow */
} ssem_dis_opts;

/* The whole store as source that ssemasm assembles back to the same words;
 * returns 0, or -1 on a write error. */
int ssem_dis_store(FILE *f, const ssem_image *img, const ssem_dis_opts *o);

#endif
