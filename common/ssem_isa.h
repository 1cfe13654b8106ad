/* ssem_isa.h: the SSEM instruction set, described once as an X-macro table. */
#ifndef SSEM_ISA_H
#define SSEM_ISA_H

#include <stdbool.h>
#include <stddef.h>

/*
 * X(ID, FUNC, SEM, OPERAND, ALIASES, MEANING)
 *   ID       canonical mnemonic (also the enum suffix: SSEM_JMP ...)
 *   FUNC     function code, word bits 13..15
 *   SEM      the ID whose semantics this function runs; function 5 is an
 *            undocumented duplicate of SUB, so engines map it to SUB's body
 *   OPERAND  REQ: the assembler demands an operand; OPT: it defaults to 0
 *   ALIASES  other spellings met in the wild, space separated
 *   MEANING  one line for listings, --help and the docs
 *
 * Everything that knows about opcodes (the enum, the assembler's keywords,
 * the disassembler and every engine's jump table) expands this table, so a
 * new alias or a corrected meaning is a one-line change.
 */
#define SSEM_ISA(X)                                                        \
    X(JMP,  0, JMP, REQ, "",         "CI <- S[n] (indirect absolute jump)") \
    X(JRP,  1, JRP, REQ, "JPR JMR",  "CI <- CI + S[n] (indirect relative jump)") \
    X(LDN,  2, LDN, REQ, "",         "A <- -S[n] (load negated)")          \
    X(STO,  3, STO, REQ, "",         "S[n] <- A (store)")                  \
    X(SUB,  4, SUB, REQ, "",         "A <- A - S[n] (subtract)")           \
    X(SUB2, 5, SUB, REQ, "",         "A <- A - S[n] (undocumented duplicate of SUB)") \
    X(CMP,  6, CMP, OPT, "SKN",      "if A < 0 then CI <- CI + 1 (skip if negative)") \
    X(STP,  7, STP, OPT, "STOP HLT", "halt, CI stays on the STP line")

enum ssem_func {
#define SSEM_X_ENUM(id, f, sem, opnd, al, m) SSEM_##id = f,
    SSEM_ISA(SSEM_X_ENUM)
#undef SSEM_X_ENUM
};

enum { SSEM_NFUNC = 8 };

enum ssem_operand_kind { SSEM_OPND_REQ, SSEM_OPND_OPT };

typedef struct ssem_op_info {
    const char *mnemonic;          /* canonical spelling */
    enum ssem_func func;           /* function code */
    enum ssem_func sem;            /* function whose semantics it runs */
    enum ssem_operand_kind operand;
    const char *aliases;           /* space separated, "" if none */
    const char *meaning;
} ssem_op_info;

/* Indexed by function code 0..7. */
extern const ssem_op_info ssem_ops[SSEM_NFUNC];

/* Function code for a mnemonic or alias (case-insensitive, len bytes of
 * name), or -1 when it names no instruction. */
int ssem_op_lookup(const char *name, size_t len);

/* Calls fn with every spelling of every function (its mnemonic, then its
 * aliases), in table order, until fn returns true; returns the function
 * code it stopped at, or -1. */
int ssem_op_each_name(bool (*fn)(void *arg, const char *name, size_t len), void *arg);

#endif
