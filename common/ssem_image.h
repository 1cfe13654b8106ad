/* ssem_image.h: store images in every format met in the wild (read with auto-detection, write). */
#ifndef SSEM_IMAGE_H
#define SSEM_IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ssem_diag.h"
#include "ssem_word.h"

typedef enum ssem_format {
    SSEM_FMT_AUTO = 0, /* read: detect; write: from the file name, else bits */
    SSEM_FMT_BITS,     /* 32 lines of 32 '0'/'1', leftmost = bit 0 (.img) */
    SSEM_FMT_SNP,      /* David Sharp: count line, NNNN:bits, CRLF (.snp); reads CCS "NNNN: bits ; c" too */
    SSEM_FMT_BIN,      /* 32 x uint32 little-endian, 128 bytes (.bin) */
    SSEM_FMT_ST,       /* SIMH: int32 A, uint32 CI, 32 x uint32, host order, 136 bytes (.st) */
    SSEM_FMT_DEC,      /* 32 lines of signed decimal words (MarquisdeGeek .byi) */
} ssem_format;

typedef struct ssem_image {
    uint32_t word[SSEM_WORDS];
    uint32_t a, ci;   /* registers; only the .st format carries them */
    bool has_regs;    /* a and ci came from the file */
} ssem_image;

/* "img"/"bits", "snp", "bin", "st", "dec"; SSEM_FMT_AUTO if unknown. */
ssem_format ssem_format_from_name(const char *name);
/* Format implied by a path's extension (.img .snp .bin .st .byi/.dec), else AUTO. */
ssem_format ssem_format_from_path(const char *path);
const char *ssem_format_name(ssem_format fmt);
/* The canonical names of every format, from the format table: "img, snp, ...". */
const char *ssem_format_list(void);

/* Which image format `data` is in, or SSEM_FMT_AUTO when it is none of them
 * (then it is probably assembly source: ssememu assembles it). */
ssem_format ssem_image_detect(const char *data, size_t len);

/* True when data holds control bytes (NUL included) or is not valid UTF-8:
 * binary, so neither a text image nor source. */
bool ssem_data_is_binary(const char *data, size_t len);

/* Parse an image. fmt AUTO detects. Errors name the file and line:
 * "img.snp:7: error: line number 40 is outside the store (0-31)".
 * Returns 0, or -1 after reporting every problem found to d. */
int ssem_image_parse(ssem_image *img, const char *data, size_t len, const char *name,
                     ssem_format fmt, ssem_diag *d);
/* Read and parse a file ("-" = stdin). */
int ssem_image_load(ssem_image *img, const char *path, ssem_format fmt, ssem_diag *d);

/* Write in a format (AUTO = bits). Returns 0, or -1 on a stream error. */
int ssem_image_write(const ssem_image *img, ssem_format fmt, FILE *f);
/* An ssem_writer (ssem_io.h) for an ssem_image_out: ssem_image_write. */
typedef struct ssem_image_out {
    const ssem_image *img;
    ssem_format fmt;
} ssem_image_out;
int ssem_image_writer(FILE *f, const void *arg);
/* Write a file atomically ("-" = stdout); fmt AUTO picks by extension, else bits. */
int ssem_image_save(const ssem_image *img, const char *path, ssem_format fmt, ssem_diag *d);

/* Bits as the CRT showed them: 32 chars, bit 0 first, then NUL. */
void ssem_word_to_bits(uint32_t w, char out[SSEM_BITS + 1], char one, char zero);

#endif
