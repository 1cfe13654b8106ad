/* asm.h: the assembler as a library (used by ssemasm and by ssememu for source files). */
#ifndef ASM_H
#define ASM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ssem_diag.h"
#include "ssem_image.h"

typedef struct asm_define {
    const char *name;   /* from -D NAME=VALUE */
    int64_t value;
} asm_define;

/*
 * The dialects of docs/language.md. Every dialect's spellings are read in
 * every mode; a name changes only what two dialects spell alike but mean
 * differently. AUTO decides from the file; GOBABY ignores leading line
 * numbers (gobaby numbers lines for the reader, other dialects place them).
 */
#define ASM_DIALECTS(X) \
    X(AUTO, "auto")     \
    X(SHARP, "sharp")   \
    X(EMUSTUDIO, "emustudio") \
    X(NEVYN, "nevyn")   \
    X(PFAIVRE, "pfaivre") \
    X(GOBABY, "gobaby") \
    X(BABYUTILS, "babyutils") \
    X(DUNDEE, "dundee") \
    X(RILEYM65, "rileym65")

typedef enum asm_dialect {
#define ASM_X_DIALECT(id, name) ASM_DIALECT_##id,
    ASM_DIALECTS(ASM_X_DIALECT)
#undef ASM_X_DIALECT
    ASM_NDIALECTS
} asm_dialect;

/* The dialect called name, or -1. */
int asm_dialect_from_name(const char *name);
const char *asm_dialect_name(asm_dialect d);
/* "auto, sharp, ...": every name, for messages. */
const char *asm_dialect_list(void);

/*
 * Warnings, GCC style: each has a name (printed as [-Wname]) and a level at
 * which it is on: DEFAULT, ALL (-Wall) or EXTRA (-Wextra). Warnings never
 * change the image.
 */
#define ASM_WARNINGS(X)                                                                     \
    X(JMP_LABEL, "jmp-label", DEFAULT, "JMP or JRP whose operand labels an instruction")    \
    X(FALL_INTO_DATA, "fall-into-data", DEFAULT, "control runs on from code into a data word") \
    X(MISSING_STP, "missing-stp", DEFAULT, "no STP can be reached from line 1")            \
    X(COUNT_LINE, "count-line", DEFAULT, "a count line that disagrees with the statements") \
    X(UNUSED_LABEL, "unused-label", ALL, "a label nothing refers to")                      \
    X(UNUSED_EQU, "unused-equ", ALL, "a constant (EQU, DEFAULT) nothing refers to")        \
    X(STO_UNREACHED, "sto-unreached", ALL, "STO into an instruction that never runs")      \
    X(JMP_ZERO, "jmp-zero", ALL, "JMP or JRP through line 0, but for the restart JMP 0")  \
    X(UNUSED_MACRO, "unused-macro", EXTRA, "a macro that is never invoked")

typedef enum asm_warning {
#define ASM_X_WARN(id, name, level, what) ASM_W_##id,
    ASM_WARNINGS(ASM_X_WARN)
#undef ASM_X_WARN
    ASM_NWARNINGS
} asm_warning;

typedef enum asm_warn_level { ASM_WL_DEFAULT, ASM_WL_ALL, ASM_WL_EXTRA, ASM_WL_NONE } asm_warn_level;

typedef struct asm_warn_opts {
    signed char set[ASM_NWARNINGS];  /* 0: the level decides; 1 -Wname; -1 -Wno-name */
    bool all, extra;                 /* -Wall, -Wextra */
    bool none;                       /* -w: no warnings at all */
} asm_warn_opts;

/* Applies one -W option given without its "-W" ("all", "extra", "NAME",
 * "no-NAME"); returns 0, or -1 when it names no warning. */
int asm_warn_option(asm_warn_opts *w, const char *arg);
/* The name of warning w, and the nearest name to a misspelt one (or NULL). */
const char *asm_warning_name(asm_warning w);
const char *asm_warning_suggest(const char *name);

typedef struct asm_options {
    const asm_define *defines;
    size_t ndefines;
} asm_options;

/* How to read the source and what to warn about (all zero: auto, the
 * default warnings). */
typedef struct asm_settings {
    asm_warn_opts warn;
    asm_dialect dialect;
} asm_settings;

typedef struct asm_program asm_program;

/*
 * Assemble `len` bytes of source named `name` (used in diagnostics).
 * Every diagnostic goes to d (d->werror makes warnings fatal). Returns the
 * program, or NULL when any error was reported.
 */
asm_program *asm_assemble(const char *src, size_t len, const char *name,
                          const asm_options *opt, ssem_diag *d);
/* The same, with settings (NULL: the defaults). */
asm_program *asm_assemble_ex(const char *src, size_t len, const char *name,
                             const asm_options *opt, const asm_settings *set, ssem_diag *d);

/* The store image the program assembles to (registers zero). */
void asm_program_image(const asm_program *p, ssem_image *img);

/* The store in a file's bytes: an image in format fmt when forced (a
 * forced SSEM_FMT_AUTO means source), else in the format detected from
 * the content, else assembly source assembled with opt. *is_image (when
 * not NULL) says which it was, and *program (when not NULL) receives the
 * assembled program (NULL for an image), which the caller frees. Returns 0,
 * or -1 after reporting to d. (asm_load.c) */
int asm_load_store(const char *data, size_t len, const char *name, bool forced, ssem_format fmt,
                   const asm_options *opt, ssem_image *img, bool *is_image, asm_program **program,
                   ssem_diag *d);

/* The listing: per store line its bits as the CRT shows them, hex, signed
 * decimal, disassembly and source text; then the literal pool and symbols. */
int asm_program_listing(const asm_program *p, FILE *out);

/*
 * What a debugger needs from a run: the names and where each store line came
 * from. The strings live as long as the program.
 */
typedef enum asm_symbol_kind { ASM_SYMBOL_LABEL, ASM_SYMBOL_CONSTANT, ASM_SYMBOL_DEFINE } asm_symbol_kind;
typedef struct asm_symbol {
    const char *name;
    int64_t value;           /* a label's value is its store line */
    asm_symbol_kind kind;
    int line;                /* source line of the definition; 0 for -D */
} asm_symbol;

/* The name diagnostics use for the source ("-" is "<stdin>"). */
const char *asm_program_file(const asm_program *p);
/* Number of symbols, and symbol i (0 <= i < count) in definition order. */
size_t asm_program_nsymbols(const asm_program *p);
asm_symbol asm_program_symbol(const asm_program *p, size_t i);
/* The 1-based source line that put store line n (0..31) there: the line of
 * the statement (for a macro's output, the line that invoked it), or of a
 * literal's first use; 0 when nothing was assembled into line n. */
int asm_program_line_of(const asm_program *p, unsigned n);

/* The sidecar symbol file of `ssemasm -g` (docs/debugging.md): the line
 * table and the symbols, so a debugger knows an image's source. Returns 0,
 * or -1 on a stream error. */
int asm_program_write_symbols(const asm_program *p, FILE *out);
/* Where the sidecar of an image lives: its path with the extension
 * replaced by .sym (malloc'd; NULL on ENOMEM). */
char *asm_symbols_path(const char *image);

void asm_program_free(asm_program *p);

#endif
