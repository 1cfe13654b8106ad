/* asm_internal.h: data shared by the assembler's preprocessor, lexer, parser, core and listing. */
#ifndef ASM_INTERNAL_H
#define ASM_INTERNAL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "asm.h"
#include "ssem_diag.h"
#include "ssem_word.h"

/* Bump allocator: everything an assembly run allocates dies with it. */
typedef struct asm_arena_block asm_arena_block;
typedef struct asm_arena {
    asm_arena_block *head;
} asm_arena;

void *asm_alloc(asm_arena *a, size_t n);
char *asm_strndup(asm_arena *a, const char *s, size_t n);
void asm_arena_free(asm_arena *a);

/* String -> index map (open addressing), for symbols and macros. */
typedef struct asm_map {
    const char **keys;
    int *vals;
    size_t cap, len;
} asm_map;

int asm_map_get(const asm_map *m, const char *key);          /* -1: absent */
void asm_map_put(asm_map *m, const char *key, int val);      /* key must outlive the map */
void asm_map_free(asm_map *m);

/* Growable array of fixed-size elements (realloc'd, freed with the program). */
typedef struct asm_vec {
    void *data;
    size_t len, cap, elem;
} asm_vec;

void *asm_vec_push(asm_vec *v);   /* zeroed new element; aborts on OOM */
#define ASM_VEC_AT(v, type, i) (&((type *)(v)->data)[i])
void asm_vec_free(asm_vec *v);

/*
 * A source record: one line of the file, or one line produced by a macro
 * expansion. Diagnostics are reported against records, so an error inside
 * an expansion names the macro body's line and shows the expanded text,
 * followed by "in expansion of macro" notes up the invocation chain.
 */
typedef struct asm_rec {
    const char *text;     /* displayed text (no newline) */
    size_t len;
    size_t plen;          /* bytes of text that are parsed (<= len) */
    int file_line;        /* 1-based line in the source file */
    int parent;           /* record of the invoking line, or -1 */
    int parent_col;       /* column of the macro name on that line */
    const char *macro;    /* name of the macro this line came from */
} asm_rec;

typedef struct asm_loc {
    int rec;              /* record index */
    int col;              /* 1-based column in the record's text */
} asm_loc;

typedef enum asm_expr_op {
    ASM_EX_NUM, ASM_EX_SYM, ASM_EX_NEG, ASM_EX_ADD, ASM_EX_SUB, ASM_EX_MUL, ASM_EX_DIV
} asm_expr_op;

typedef struct asm_expr {
    asm_expr_op op;
    int64_t val;              /* ASM_EX_NUM */
    const char *name;         /* ASM_EX_SYM */
    struct asm_expr *l, *r;
    asm_loc loc;              /* where the operator or operand starts */
} asm_expr;

typedef enum asm_sym_kind { ASM_SYM_LABEL, ASM_SYM_EQU, ASM_SYM_DEFINE } asm_sym_kind;
typedef enum asm_sym_state { ASM_SYM_NEW, ASM_SYM_BUSY, ASM_SYM_DONE, ASM_SYM_BAD } asm_sym_state;

typedef struct asm_sym {
    const char *name;
    asm_sym_kind kind;
    asm_sym_state state;
    int64_t value;
    asm_expr *expr;           /* ASM_SYM_EQU */
    asm_loc loc;              /* definition; rec -1 for -D */
    bool used;                /* an expression named it */
} asm_sym;

/* ASM_ST_REF: one word of rileym65's reference table, holding entry `ref`. */
typedef enum asm_stmt_kind { ASM_ST_INSTR, ASM_ST_NUM, ASM_ST_BITS, ASM_ST_EJA, ASM_ST_REF } asm_stmt_kind;

typedef struct asm_stmt {
    asm_stmt_kind kind;
    int func;                 /* ASM_ST_INSTR */
    asm_expr *expr;           /* operand or value; NULL: none */
    bool literal;             /* operand was "=expr" */
    int lit;                  /* literal index once resolved */
    int ref;                  /* "jmp [x]": the reference table entry, or -1 */
    uint32_t bits;            /* ASM_ST_BITS */
    int addr;                 /* store line */
    asm_loc loc;              /* the mnemonic or directive */
    asm_loc oploc;            /* start of the operand */
} asm_stmt;

typedef struct asm_lit {
    int64_t value;
    int addr;
    asm_loc loc;              /* first use */
    asm_expr *expr;
} asm_lit;

/* One entry of rileym65's reference table: "[x]", keyed by the text of x. */
typedef struct asm_ref {
    const char *key;
    asm_expr *expr;           /* its first use; NULL until parsed */
    asm_loc loc;
} asm_ref;

/* One pending "name:" waiting for the next statement. */
typedef struct asm_pending {
    const char *name;
    asm_loc loc;
} asm_pending;

/* A run prints at most this many errors and warnings (plus their notes):
 * binary junk fed to ssememu would otherwise print a line per line. */
enum { ASM_MAX_SHOWN = 100 };

/* One buffered diagnostic with its notes; printed sorted by source line. */
typedef struct asm_diag {
    int line;                 /* file line of the outermost invocation */
    size_t seq;
    char *text;
    size_t len;
} asm_diag;

/* A macro as the parser sees it: only its name and where it was defined. */
typedef struct asm_macro_def {
    const char *name;
    asm_loc loc;
    bool used;
} asm_macro_def;

/* The whole state of one assembly run; it dies with the run. */
typedef struct asm_ctx {
    asm_arena arena;
    ssem_diag *d;
    const char *file;         /* name used in diagnostics */
    asm_vec lexdiags;         /* asm_lexdiag: the last line's lexical errors */
    asm_vec diags;            /* asm_diag: held back to be printed in line order */
    int eval_depth;           /* recursion of expression evaluation */
    bool deep_reported;
    int shown;                /* errors and warnings held for printing */
    int hidden;               /* ... and those past ASM_MAX_SHOWN, counted only */
    bool hiding;              /* the last one was hidden: so are its notes */

    asm_vec recs;             /* asm_rec */
    asm_vec plines;           /* int: record of each parsed line */
    asm_vec ptoks;            /* asm_vec of asm_tok: the tokens of each, for the parser */

    asm_vec syms;             /* asm_sym */
    asm_map symtab;
    asm_map macro_defs;       /* macro name -> index in macros, after preprocessing */
    asm_vec macros;           /* asm_macro_def */
    long suggest_spent;       /* work done finding "did you mean"s (asm_suggest.c) */

    asm_vec stmts;            /* asm_stmt */
    asm_vec lits;             /* asm_lit */
    asm_vec pending;          /* asm_pending */
    asm_vec refs;             /* asm_ref, in order of first use (the macro pass finds them) */
    asm_map ref_keys;         /* key -> index in refs */
    int refs_at;              /* store line of the table, -1 before "refs" */
    asm_dialect dialect;
    bool warn_on[ASM_NWARNINGS];
    const char *dot_name;     /* the dot directive being read */
    asm_loc dot_loc;

    int loc;                  /* location counter */
    int owner[SSEM_WORDS];    /* statement index+1 per store line, 0 free */
    int lit_at[SSEM_WORDS];   /* literal index+1 per store line */
    bool overflowed;          /* store overflow already reported */
    bool seen_content;        /* a line with anything on it was parsed */
    int count_line;           /* Sharp count value, -1 none */
    asm_loc count_loc;
    uint32_t word[SSEM_WORDS];

    /* per-line parser state */
    bool line_lead;           /* the line began with a bare number */
    bool line_other;          /* the line had something besides it */
    asm_loc line_lead_loc;
    int line_lead_val;
    int saved_loc;
    const char *last_ident;   /* the scanner's latest identifier, for a hint */
    int last_ident_line, last_ident_col;
} asm_ctx;

/* The result of a run, copied out of its context (asm_listing.c). */
asm_program *asm_program_from(const asm_ctx *c);

/* Diagnostics against a location; notes for the macro expansion chain follow. */
void asm_report(asm_ctx *c, ssem_severity sev, asm_loc loc, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void asm_vreport(asm_ctx *c, ssem_severity sev, asm_loc loc, const char *fmt, va_list ap)
    __attribute__((format(printf, 4, 0)));
/* Print the held-back diagnostics in source order. */
void asm_flush_diags(asm_ctx *c);
/* Location of a lexer/parser position (line in the parse buffer, column). */
asm_loc asm_ploc(asm_ctx *c, int pline, int col);

/* Symbols. */
asm_sym *asm_sym_find(asm_ctx *c, const char *name);
asm_sym *asm_sym_add(asm_ctx *c, const char *name);   /* NULL if it exists */
/* A mnemonic or directive (asm_lexer.l); such a word is a name past the
 * statement's first word, and may label a line. */
bool asm_reserved(const char *name, size_t len);

/* Parser hooks (asm_core.c). */
asm_expr *asm_expr_new(asm_ctx *c, asm_expr_op op, asm_loc loc);
void asm_on_label(asm_ctx *c, const char *name, asm_loc loc);
void asm_on_addr(asm_ctx *c, int64_t value, asm_loc loc, bool bare);
void asm_on_stmt(asm_ctx *c, asm_stmt *st);
void asm_on_equ(asm_ctx *c, const char *name, asm_loc loc, asm_expr *e, bool dflt);
void asm_on_label_equ(asm_ctx *c, asm_loc loc, asm_expr *e, bool dflt);
void asm_on_org(asm_ctx *c, asm_expr *e, asm_loc loc);
void asm_on_refs(asm_ctx *c, asm_loc loc);
int asm_ref_index(asm_ctx *c, asm_expr *e, asm_loc open, asm_loc close);
void asm_on_dot(asm_ctx *c, const char *name, asm_loc loc);
void asm_on_dot_arg(asm_ctx *c, const char *word, asm_loc loc);
int asm_here(asm_ctx *c);
/* The key of "[x]": the text between the brackets without blanks. */
const char *asm_ref_key(asm_ctx *c, const char *text, size_t from, size_t to);
/* Evaluates an expression, reporting what fails (asm_resolve.c). */
/* An upper-case copy: the key macros are found by. */
const char *asm_fold(asm_ctx *c, const char *name);
bool asm_eval(asm_ctx *c, const asm_expr *e, int64_t *out);
/* A named warning, if on: the message gets " [-Wname]" (asm_warn.c). */
void asm_warn(asm_ctx *c, asm_warning w, asm_loc loc, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void asm_warn_setup(asm_ctx *c, const asm_warn_opts *o);
/* The warnings that need the finished store: flow, unused names. */
void asm_warn_program(asm_ctx *c);
void asm_on_unknown(asm_ctx *c, const char *name, asm_loc loc);
void asm_line_begin(asm_ctx *c);
void asm_line_end(asm_ctx *c, bool ok);
uint32_t asm_parse_bits(asm_ctx *c, const char *s, asm_loc loc, bool *ok);

/* A line is lexed once (asm_lexer.l), by the macro pass; the parser reads
 * the tokens of the lines the pass gives it. */
typedef struct asm_tok {
    int type;                 /* a parser token number */
    int col, end;             /* 1-based first column, exclusive end column */
    const char *str;          /* identifiers, labels, bit strings, directives */
    int64_t num;              /* numbers */
    int ival;                 /* an instruction's function */
} asm_tok;

/* A lexical error, held until the macro pass knows the line is parsed (a
 * macro body's line is reported in each expansion instead). */
typedef struct asm_lexdiag {
    int col;
    const char *msg;
} asm_lexdiag;
void asm_lex_error(asm_ctx *c, int col, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Token kinds abstracted from the parser's token numbers. */
enum asm_tok_kind {
    ASM_TK_OTHER, ASM_TK_EOL, ASM_TK_NUMBER, ASM_TK_ADDR, ASM_TK_LABEL, ASM_TK_IDENT,
    ASM_TK_BITS, ASM_TK_MACRO, ASM_TK_ENDM, ASM_TK_EQU, ASM_TK_COMMA, ASM_TK_LPAREN,
    ASM_TK_RPAREN, ASM_TK_END, ASM_TK_LBRACKET, ASM_TK_RBRACKET,
    ASM_TK_KEYWORD            /* a mnemonic or a directive that makes words */
};
int asm_tok_kind(int type);
/* Tokens of one line of text (no newline inside), into a vec of asm_tok;
 * its lexical errors into c->lexdiags. */
void asm_tokenize(asm_ctx *c, const char *text, size_t len, asm_vec *out);
/* Run the Bison parser over the tokens of the parsed lines. */
int asm_parse_tokens(asm_ctx *c);

/* The nearest known mnemonic or macro, or symbol, to a name that is none
 * (NULL if none is near enough, or the diagnostic will not be shown). */
const char *asm_suggest_mnemonic(asm_ctx *c, const char *name);
const char *asm_suggest_symbol(asm_ctx *c, const char *name);

/* Preprocessor (asm_macro.c): source -> records and parse lines. */
void asm_preprocess(asm_ctx *c, const char *src, size_t len);

#endif
