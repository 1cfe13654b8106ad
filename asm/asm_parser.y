/* asm_parser.y: the pure Bison grammar of the SSEM assembly language, one statement per line. */
%code requires {
#include "asm_internal.h"
#ifndef YY_TYPEDEF_YY_SCANNER_T
#define YY_TYPEDEF_YY_SCANNER_T
typedef void *yyscan_t;
#endif
}

%code provides {
#define YY_DECL int asm_yylex(ASM_YYSTYPE *yylval_param, ASM_YYLTYPE *yylloc_param, yyscan_t yyscanner)
YY_DECL;
}

%code {
#include <ctype.h>
#include <string.h>

/* The parser reads the tokens the macro pass lexed (one vec per parsed
 * line), not the text again. */
#undef yylex
#define yylex next_token
typedef struct tok_stream {
    size_t line, i;
} tok_stream;
static int next_token(ASM_YYSTYPE *lval, ASM_YYLTYPE *lloc, yyscan_t scanner, asm_ctx *ctx);

static void asm_yyerror(ASM_YYLTYPE *loc, yyscan_t scanner, asm_ctx *ctx, const char *msg);
#define AT(l) asm_ploc(ctx, (l).first_line, (l).first_column)
/* Bison's default, made explicit because docs/limits.md and the message for
 * an overflowing parser stack quote it. */
#define YYMAXDEPTH 10000
#define ASM_STR_(x) #x
#define ASM_STR(x) ASM_STR_(x)

static asm_expr *leaf_num(asm_ctx *ctx, int64_t v, asm_loc loc)
{
    asm_expr *e = asm_expr_new(ctx, ASM_EX_NUM, loc);
    e->val = v;
    return e;
}

static asm_expr *binop(asm_ctx *ctx, asm_expr_op op, asm_expr *l, asm_expr *r, asm_loc loc)
{
    asm_expr *e = asm_expr_new(ctx, op, loc);
    e->l = l;
    e->r = r;
    return e;
}

static void stmt(asm_ctx *ctx, asm_stmt_kind kind, int func, asm_expr *e, bool lit,
                 asm_loc loc, asm_loc oploc)
{
    asm_stmt st = { .kind = kind, .func = func, .expr = e, .literal = lit,
                    .lit = -1, .ref = -1, .loc = loc, .oploc = oploc };
    asm_on_stmt(ctx, &st);
}
}

%define api.prefix {asm_yy}
%define api.pure full
%define api.token.prefix {T_}
%define parse.error custom
%define parse.lac full
%locations
%param {yyscan_t scanner} {asm_ctx *ctx}

%union {
    int64_t num;
    const char *str;
    int ival;
    asm_expr *expr;
}

%token EOL "end of line"
%token <num> NUMBER "number"
%token <num> ADDR "line number"
%token <str> LABEL "label"
%token <str> IDENT "identifier"
%token <str> BITS "bit string"
%token <ival> INSTR "instruction"
%token NUM "NUM"
%token BIN "BIN"
%token EJA "EJA"
%token EQU "EQU"
%token MACRO "MACRO"
%token ENDM "ENDM"
%token PLUS "+"
%token MINUS "-"
%token STAR "*"
%token SLASH "/"
%token LPAREN "("
%token RPAREN ")"
%token COMMA ","
%token EQUALS "="
%token DOLLAR "$"
%token LBRACKET "["
%token RBRACKET "]"
%token ORG "ORG"
%token REFS "REFS"
%token DEFAULT "DEFAULT"
%token <str> DOTDIR "directive"
%token <str> WORD "word"

%type <expr> expr

%left PLUS MINUS
%left STAR SLASH
%precedence UNARY

%%

program:
    %empty
  | program line
  ;

line:
    lead prefix stmt_opt EOL   { asm_line_end(ctx, true); }
  | error EOL                  { yyerrok; asm_line_end(ctx, false); }
  ;

/* Sharp's "0005 LDN 24": a bare number first on the line is its store line
 * (or, on the first line, the count of lines that follow). */
lead:
    %empty                     { asm_line_begin(ctx); }
  | NUMBER                     { asm_line_begin(ctx); asm_on_addr(ctx, $1, AT(@1), true); }
  ;

prefix:
    %empty
  | prefix LABEL               { asm_on_label(ctx, $2, AT(@2)); }
  | prefix ADDR                { asm_on_addr(ctx, $2, AT(@2), false); }
  ;

stmt_opt:
    %empty
  | stmt
  ;

stmt:
    INSTR                      { stmt(ctx, ASM_ST_INSTR, $1, NULL, false, AT(@1), AT(@1)); }
  | INSTR expr                 { stmt(ctx, ASM_ST_INSTR, $1, $2, false, AT(@1), AT(@2)); }
  | INSTR EQUALS expr          { stmt(ctx, ASM_ST_INSTR, $1, $3, true, AT(@1), AT(@2)); }
  | NUM expr                   { stmt(ctx, ASM_ST_NUM, 0, $2, false, AT(@1), AT(@2)); }
  | EJA expr                   { stmt(ctx, ASM_ST_EJA, 0, $2, false, AT(@1), AT(@2)); }
  | BIN BITS                   {
                                   asm_stmt st = { .kind = ASM_ST_BITS, .lit = -1,
                                                   .loc = AT(@1), .oploc = AT(@2) };
                                   bool ok;
                                   st.bits = asm_parse_bits(ctx, $2, AT(@2), &ok);
                                   asm_on_stmt(ctx, &st);
                               }
  | INSTR LBRACKET expr RBRACKET {
                                   asm_stmt st = { .kind = ASM_ST_INSTR, .func = $1, .expr = $3,
                                                   .lit = -1, .loc = AT(@1), .oploc = AT(@2) };
                                   st.ref = asm_ref_index(ctx, $3, AT(@2), AT(@4));
                                   asm_on_stmt(ctx, &st);
                               }
  | ORG expr                   { asm_on_org(ctx, $2, AT(@2)); }
  | REFS                       { asm_on_refs(ctx, AT(@1)); }
  | dotdir
  | IDENT EQU expr             { asm_on_equ(ctx, $1, AT(@1), $3, false); }
  | IDENT DEFAULT expr         { asm_on_equ(ctx, $1, AT(@1), $3, true); }
  | EQU expr                   { asm_on_label_equ(ctx, AT(@1), $2, false); }
  | DEFAULT expr               { asm_on_label_equ(ctx, AT(@1), $2, true); }
  | IDENT                      { asm_on_unknown(ctx, $1, AT(@1)); }
  | IDENT args                 { asm_on_unknown(ctx, $1, AT(@1)); }
  ;

/* ".list", ".nowarn missing-stp": a name, then raw words. */
dotdir:
    DOTDIR                     { asm_on_dot(ctx, $1, AT(@1)); }
  | dotdir WORD                { asm_on_dot_arg(ctx, $2, AT(@2)); }
  ;

args:
    arg
  | args COMMA arg
  ;

arg:
    expr                       { (void)$1; }
  | EQUALS expr                { (void)$2; }
  ;

expr:
    NUMBER                     { $$ = leaf_num(ctx, $1, AT(@1)); }
  | IDENT                      { $$ = asm_expr_new(ctx, ASM_EX_SYM, AT(@1)); $$->name = $1; }
  | DOLLAR                     { $$ = leaf_num(ctx, asm_here(ctx), AT(@1)); }
  | LPAREN expr RPAREN         { $$ = $2; }
  | MINUS expr %prec UNARY     { $$ = binop(ctx, ASM_EX_NEG, $2, NULL, AT(@1)); }
  | PLUS expr %prec UNARY      { $$ = $2; }
  | expr PLUS expr             { $$ = binop(ctx, ASM_EX_ADD, $1, $3, AT(@2)); }
  | expr MINUS expr            { $$ = binop(ctx, ASM_EX_SUB, $1, $3, AT(@2)); }
  | expr STAR expr             { $$ = binop(ctx, ASM_EX_MUL, $1, $3, AT(@2)); }
  | expr SLASH expr            { $$ = binop(ctx, ASM_EX_DIV, $1, $3, AT(@2)); }
  ;

%%

/* Punctuation is quoted, as GCC quotes it ("expected ';'"); words are not. */
static const char *token_name(yysymbol_kind_t k, char quoted[4])
{
    const char *s = yysymbol_name(k);
    if (!s[0] || s[1] || !ispunct((unsigned char)s[0]))
        return s;
    quoted[0] = '\'';
    quoted[1] = s[0];
    quoted[2] = '\'';
    quoted[3] = '\0';
    return quoted;
}

/* If every token of the group is expected, clears them and says so. */
static bool take_group(bool *want, const yysymbol_kind_t *group, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!want[group[i]])
            return false;
    for (size_t i = 0; i < n; i++)
        want[group[i]] = false;
    return true;
}

/* Bison's detailed messages list at most four expected tokens and say
 * nothing past that, which is every error after an instruction or inside an
 * expression. The tokens that can start an expression are named as one, and
 * so are the four operators, so the list stays short and says what was meant.
 * LAC (above) makes the list exact and keeps a half-parsed statement from
 * being reduced, and so reported a second time, before the error is seen. */
static int yyreport_syntax_error(const yypcontext_t *pctx, yyscan_t scanner, asm_ctx *ctx)
{
    (void)scanner;
    enum { NEXP = YYNTOKENS };
    yysymbol_kind_t exp[NEXP];
    int n = yypcontext_expected_tokens(pctx, exp, NEXP);
    if (n < 0)
        return n;
    bool want[YYNTOKENS] = { false };
    for (int i = 0; i < n; i++)
        want[exp[i]] = true;

    static const yysymbol_kind_t expr_start[] = {
        YYSYMBOL_NUMBER, YYSYMBOL_IDENT, YYSYMBOL_DOLLAR, YYSYMBOL_LPAREN, YYSYMBOL_MINUS,
        YYSYMBOL_PLUS };
    static const yysymbol_kind_t operators[] = {
        YYSYMBOL_PLUS, YYSYMBOL_MINUS, YYSYMBOL_STAR, YYSYMBOL_SLASH };
    /* DEFAULT is EQU's rarer twin: naming both says nothing more. */
    if (want[YYSYMBOL_EQU])
        want[YYSYMBOL_DEFAULT] = false;
    const char *items[YYNTOKENS + 2];
    int k = 0;
    if (take_group(want, expr_start, sizeof expr_start / sizeof expr_start[0]))
        items[k++] = "an expression";
    if (take_group(want, operators, sizeof operators / sizeof operators[0]))
        items[k++] = "an operator";
    char quoted[YYNTOKENS + 1][4];
    for (int i = 0; i < n; i++) {
        if (want[exp[i]] && exp[i] != YYSYMBOL_EOL) {
            items[k] = token_name(exp[i], quoted[k]);
            k++;
        }
    }
    if (want[YYSYMBOL_EOL])
        items[k++] = yysymbol_name(YYSYMBOL_EOL);

    char buf[256];
    yysymbol_kind_t tok = yypcontext_token(pctx);
    /* No lookahead happens only for YYERROR from an action, which this
     * grammar never does; yysymbol_name has no entry for it. */
    int len = tok == YYSYMBOL_YYEMPTY
                  ? snprintf(buf, sizeof buf, "syntax error")
                  : snprintf(buf, sizeof buf, "syntax error, unexpected %s",
                             token_name(tok, quoted[YYNTOKENS]));
    /* Past four items a list stops helping, as in Bison's own messages. */
    for (int i = 0; k <= 4 && i < k && len > 0 && (size_t)len < sizeof buf; i++)
        len += snprintf(buf + len, sizeof buf - (size_t)len, "%s%s",
                        i == 0 ? ", expecting " : " or ", items[i]);
    asm_report(ctx, SSEM_ERROR, AT(*yypcontext_location(pctx)), "%s", buf);
    /* EQU is expected only after a name that begins a statement: a statement
     * there means the name was meant as a label (the dialects all write it
     * with a colon). */
    if (want[YYSYMBOL_EQU] && ctx->last_ident &&
        (tok == YYSYMBOL_INSTR || tok == YYSYMBOL_NUM || tok == YYSYMBOL_BIN || tok == YYSYMBOL_EJA))
        asm_report(ctx, SSEM_NOTE, asm_ploc(ctx, ctx->last_ident_line, ctx->last_ident_col),
                   "if '%s' is a label, write '%s:'", ctx->last_ident, ctx->last_ident);
    /* Past the first word a mnemonic is a name, so a second statement on
     * the line shows up as an unexpected identifier. */
    if (tok == YYSYMBOL_IDENT && ctx->last_ident &&
        asm_reserved(ctx->last_ident, strlen(ctx->last_ident)))
        asm_report(ctx, SSEM_NOTE, asm_ploc(ctx, ctx->last_ident_line, ctx->last_ident_col),
                   "a line holds one statement; '%s' would begin another", ctx->last_ident);
    return 0;
}

static void asm_yyerror(ASM_YYLTYPE *loc, yyscan_t scanner, asm_ctx *ctx, const char *msg)
{
    (void)scanner;
    /* Bison's stack overflow message names its own problem, not the user's:
     * only nesting can grow the stack that far. */
    if (strcmp(msg, "memory exhausted") == 0)
        msg = "expression nested too deeply (more than " ASM_STR(YYMAXDEPTH) " levels)";
    asm_report(ctx, SSEM_ERROR, AT(*loc), "%s", msg);
}

static int next_token(ASM_YYSTYPE *lval, ASM_YYLTYPE *lloc, yyscan_t scanner, asm_ctx *ctx)
{
    tok_stream *s = scanner;
    if (s->line >= ctx->ptoks.len) {
        lloc->first_line = lloc->last_line = (int)ctx->ptoks.len + 1;
        lloc->first_column = lloc->last_column = 1;
        return T_YYEOF;
    }
    const asm_vec *t = ASM_VEC_AT(&ctx->ptoks, asm_vec, s->line);
    int line = (int)s->line + 1;
    lloc->first_line = lloc->last_line = line;
    if (s->i == t->len) {
        const asm_rec *r = ASM_VEC_AT(&ctx->recs, asm_rec, *ASM_VEC_AT(&ctx->plines, int, s->line));
        lloc->first_column = (int)r->plen + 1;
        lloc->last_column = lloc->first_column + 1;
        s->line++;
        s->i = 0;
        return T_EOL;
    }
    const asm_tok *k = ASM_VEC_AT(t, asm_tok, s->i++);
    lloc->first_column = k->col;
    lloc->last_column = k->end;
    switch (k->type) {
    case T_NUMBER:
    case T_ADDR:
        lval->num = k->num;
        break;
    case T_INSTR:
        lval->ival = k->ival;
        break;
    case T_IDENT:
        ctx->last_ident = k->str;
        ctx->last_ident_line = line;
        ctx->last_ident_col = k->col;
        lval->str = k->str;
        break;
    default:
        lval->str = k->str;
        break;
    }
    return k->type;
}

int asm_parse_tokens(asm_ctx *c)
{
    tok_stream s = { 0, 0 };
    return asm_yyparse(&s, c);
}
