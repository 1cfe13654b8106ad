/* emu_x64.h: a small x86-64 instruction encoder, one named helper per instruction form the jit emits. */
#ifndef EMU_X64_H
#define EMU_X64_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/*
 * The jit never writes opcode bytes itself: it calls these helpers, whose
 * names spell the Intel-syntax form (destination first):
 *
 *   x64_sub_r32_m32(c, X64_R12, x64_mem(X64_RBX, 20))   sub r12d, [rbx+20]
 *
 * r32/r64 a register, m32/m64/m8 a memory operand of that width, imm an
 * immediate. Memory operands are [base + index*scale + disp] built by
 * x64_mem / x64_memx; the encoder picks the shortest displacement and the
 * SIB byte where the ISA demands one (rsp and r12 as base, any index).
 *
 * Encoding background (Intel SDM vol. 2, ch. 2): an instruction here is
 * [REX] opcode ModRM [SIB] [disp] [imm]. REX = 0100WRXB: W selects 64-bit
 * operands, R/X/B extend ModRM.reg, SIB.index and ModRM.rm/SIB.base to the
 * eight new registers. ModRM = mod(2) reg(3) rm(3): mod 11 is a register
 * operand, 00/01/10 memory with no/8-bit/32-bit displacement; rm 100 means
 * a SIB byte follows, and mod 00 with base 101 (rbp, r13) means "no base",
 * which is why those need an explicit zero disp8.
 *
 * A code cursor that runs out of room sets `overflow` and stops writing,
 * so callers check once per translation instead of once per byte.
 */

typedef enum x64_reg {
    X64_RAX, X64_RCX, X64_RDX, X64_RBX, X64_RSP, X64_RBP, X64_RSI, X64_RDI,
    X64_R8, X64_R9, X64_R10, X64_R11, X64_R12, X64_R13, X64_R14, X64_R15,
} x64_reg;

/* Condition codes (the low nibble of Jcc): the ones the jit tests. */
typedef enum x64_cond {
    X64_CC_B = 0x2,    /* below: CF = 1 (an unsigned subtraction borrowed) */
    X64_CC_AE = 0x3,   /* above or equal: CF = 0 */
    X64_CC_E = 0x4,    /* equal / zero */
    X64_CC_NE = 0x5,   /* not equal / not zero */
    X64_CC_S = 0x8,    /* sign: the result is negative */
    X64_CC_NS = 0x9,   /* no sign */
} x64_cond;

typedef struct x64_mem_op {
    x64_reg base;
    int index;         /* an x64_reg, or -1 for none */
    unsigned scale;    /* 1, 2, 4 or 8 */
    int32_t disp;
} x64_mem_op;

typedef struct x64_code {
    uint8_t *p;        /* next byte to write (in the writable view) */
    uint8_t *start;    /* where this cursor began: offsets are relative to it */
    uint8_t *end;
    bool overflow;
} x64_code;

static inline x64_mem_op x64_mem(x64_reg base, int32_t disp)
{
    return (x64_mem_op){ base, -1, 1, disp };
}

static inline x64_mem_op x64_memx(x64_reg base, x64_reg index, unsigned scale, int32_t disp)
{
    return (x64_mem_op){ base, (int)index, scale, disp };
}

static inline void x64_init(x64_code *c, uint8_t *start, size_t room)
{
    c->p = c->start = start;
    c->end = start + room;
    c->overflow = false;
}

static inline size_t x64_offset(const x64_code *c) { return (size_t)(c->p - c->start); }

static inline void x64_byte(x64_code *c, unsigned b)
{
    if (c->p < c->end)
        *c->p++ = (uint8_t)b;
    else
        c->overflow = true;
}

static inline void x64_u32(x64_code *c, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        x64_byte(c, (v >> (8 * i)) & 0xFF);
}

/* REX when needed (or forced by W): reg extends ModRM.reg, x SIB.index,
 * b ModRM.rm or SIB.base. */
static inline void x64_rex(x64_code *c, bool w, unsigned reg, unsigned x, unsigned b)
{
    unsigned rex = 0x40 | (w ? 8 : 0) | ((reg >> 3) & 1) << 2 | ((x >> 3) & 1) << 1 | ((b >> 3) & 1);
    if (rex != 0x40)
        x64_byte(c, rex);
}

static inline void x64_rex_mem(x64_code *c, bool w, unsigned reg, x64_mem_op m)
{
    x64_rex(c, w, reg, m.index >= 0 ? (unsigned)m.index : 0, m.base);
}

/* ModRM (+ SIB + displacement) for `reg` (a register or an opcode
 * extension /digit) and memory operand m. */
static inline void x64_modrm_mem(x64_code *c, unsigned reg, x64_mem_op m)
{
    unsigned base = m.base & 7;
    bool need_sib = m.index >= 0 || base == 4;   /* rsp, r12 */
    unsigned mod = (m.disp == 0 && base != 5) ? 0 : (m.disp >= -128 && m.disp <= 127) ? 1 : 2;
    x64_byte(c, mod << 6 | (reg & 7) << 3 | (need_sib ? 4 : base));
    if (need_sib) {
        unsigned ss = m.scale == 8 ? 3 : m.scale == 4 ? 2 : m.scale == 2 ? 1 : 0;
        unsigned idx = m.index >= 0 ? ((unsigned)m.index & 7) : 4;   /* 100: no index */
        x64_byte(c, ss << 6 | idx << 3 | base);
    }
    if (mod == 1)
        x64_byte(c, (uint8_t)(int8_t)m.disp);
    else if (mod == 2)
        x64_u32(c, (uint32_t)m.disp);
}

static inline void x64_modrm_reg(x64_code *c, unsigned reg, unsigned rm)
{
    x64_byte(c, 0xC0 | (reg & 7) << 3 | (rm & 7));
}

/* op r, [m] and op [m], r with a one-byte opcode. */
static inline void x64_op_rm(x64_code *c, bool w, unsigned opcode, unsigned reg, x64_mem_op m)
{
    x64_rex_mem(c, w, reg, m);
    x64_byte(c, opcode);
    x64_modrm_mem(c, reg, m);
}

static inline void x64_op_rr(x64_code *c, bool w, unsigned opcode, unsigned reg, unsigned rm)
{
    x64_rex(c, w, reg, 0, rm);
    x64_byte(c, opcode);
    x64_modrm_reg(c, reg, rm);
}

/* Group-1 arithmetic with an immediate (81 /digit id, or 83 /digit ib when
 * it fits a signed byte): digit 0 add, 4 and, 5 sub, 7 cmp. */
static inline void x64_arith_r_imm(x64_code *c, bool w, unsigned digit, x64_reg r, int32_t imm)
{
    x64_rex(c, w, 0, 0, r);
    bool short_imm = imm >= -128 && imm <= 127;
    x64_byte(c, short_imm ? 0x83 : 0x81);
    x64_modrm_reg(c, digit, r);
    if (short_imm)
        x64_byte(c, (uint8_t)(int8_t)imm);
    else
        x64_u32(c, (uint32_t)imm);
}

/* --- the forms the jit uses ------------------------------------------------- */

/* mov r32, [m] / mov [m], r32 / the 64-bit versions */
static inline void x64_mov_r32_m32(x64_code *c, x64_reg r, x64_mem_op m) { x64_op_rm(c, false, 0x8B, r, m); }
static inline void x64_mov_m32_r32(x64_code *c, x64_mem_op m, x64_reg r) { x64_op_rm(c, false, 0x89, r, m); }
static inline void x64_mov_r64_m64(x64_code *c, x64_reg r, x64_mem_op m) { x64_op_rm(c, true, 0x8B, r, m); }
static inline void x64_mov_m64_r64(x64_code *c, x64_mem_op m, x64_reg r) { x64_op_rm(c, true, 0x89, r, m); }
/* mov dst, src (registers) */
static inline void x64_mov_r32_r32(x64_code *c, x64_reg dst, x64_reg src) { x64_op_rr(c, false, 0x89, src, dst); }
static inline void x64_mov_r64_r64(x64_code *c, x64_reg dst, x64_reg src) { x64_op_rr(c, true, 0x89, src, dst); }

/* mov r32, imm32 (B8+r id; zero-extends into the 64-bit register) */
static inline void x64_mov_r32_imm(x64_code *c, x64_reg r, uint32_t imm)
{
    x64_rex(c, false, 0, 0, r);
    x64_byte(c, 0xB8 + (r & 7));
    x64_u32(c, imm);
}

/* add/sub/cmp r32, [m] */
static inline void x64_add_r32_m32(x64_code *c, x64_reg r, x64_mem_op m) { x64_op_rm(c, false, 0x03, r, m); }
static inline void x64_sub_r32_m32(x64_code *c, x64_reg r, x64_mem_op m) { x64_op_rm(c, false, 0x2B, r, m); }
static inline void x64_cmp_r32_m32(x64_code *c, x64_reg r, x64_mem_op m) { x64_op_rm(c, false, 0x3B, r, m); }

/* add/sub/and r, imm */
static inline void x64_add_r32_imm(x64_code *c, x64_reg r, int32_t imm) { x64_arith_r_imm(c, false, 0, r, imm); }
static inline void x64_and_r32_imm(x64_code *c, x64_reg r, int32_t imm) { x64_arith_r_imm(c, false, 4, r, imm); }
static inline void x64_cmp_r32_imm(x64_code *c, x64_reg r, int32_t imm) { x64_arith_r_imm(c, false, 7, r, imm); }
static inline void x64_add_r64_imm(x64_code *c, x64_reg r, int32_t imm) { x64_arith_r_imm(c, true, 0, r, imm); }
static inline void x64_sub_r64_imm(x64_code *c, x64_reg r, int32_t imm) { x64_arith_r_imm(c, true, 5, r, imm); }

/* cmp a, b (registers, 32-bit: 39 /r, flags of a - b) */
static inline void x64_cmp_r32_r32(x64_code *c, x64_reg a, x64_reg b) { x64_op_rr(c, false, 0x39, b, a); }

/* add dst, src (registers, 32-bit) */
static inline void x64_add_r32_r32(x64_code *c, x64_reg dst, x64_reg src) { x64_op_rr(c, false, 0x01, src, dst); }

/* neg r32 (F7 /3) */
static inline void x64_neg_r32(x64_code *c, x64_reg r)
{
    x64_rex(c, false, 0, 0, r);
    x64_byte(c, 0xF7);
    x64_modrm_reg(c, 3, r);
}

/* shr r32, imm8 (C1 /5 ib) */
static inline void x64_shr_r32_imm(x64_code *c, x64_reg r, unsigned imm)
{
    x64_rex(c, false, 0, 0, r);
    x64_byte(c, 0xC1);
    x64_modrm_reg(c, 5, r);
    x64_byte(c, imm & 31);
}

/* test r32, r32 (85 /r) */
static inline void x64_test_r32_r32(x64_code *c, x64_reg a, x64_reg b) { x64_op_rr(c, false, 0x85, b, a); }

/* cmp byte [m], imm8 (80 /7 ib) */
static inline void x64_cmp_m8_imm(x64_code *c, x64_mem_op m, uint8_t imm)
{
    x64_rex_mem(c, false, 0, m);
    x64_byte(c, 0x80);
    x64_modrm_mem(c, 7, m);
    x64_byte(c, imm);
}

/* push/pop r64 (50+r, 58+r) and ret */
static inline void x64_push_r64(x64_code *c, x64_reg r)
{
    x64_rex(c, false, 0, 0, r);
    x64_byte(c, 0x50 + (r & 7));
}

static inline void x64_pop_r64(x64_code *c, x64_reg r)
{
    x64_rex(c, false, 0, 0, r);
    x64_byte(c, 0x58 + (r & 7));
}

static inline void x64_ret(x64_code *c) { x64_byte(c, 0xC3); }

/* jmp r64 and jmp qword [m] (FF /4): the indirect jumps */
static inline void x64_jmp_r64(x64_code *c, x64_reg r)
{
    x64_rex(c, false, 0, 0, r);
    x64_byte(c, 0xFF);
    x64_modrm_reg(c, 4, r);
}

static inline void x64_jmp_m64(x64_code *c, x64_mem_op m)
{
    x64_rex_mem(c, false, 0, m);
    x64_byte(c, 0xFF);
    x64_modrm_mem(c, 4, m);
}

/*
 * Direct jumps are emitted with a 32-bit displacement and return the
 * offset of that field, so a forward jump can be aimed later with
 * x64_patch_rel32 once its target is known. `target` is an offset from
 * the same cursor's start (or X64_UNBOUND).
 */
enum { X64_UNBOUND = -1 };

static inline void x64_patch_rel32(x64_code *c, long field, long target)
{
    if (field < 0 || c->overflow)
        return;
    int32_t rel = (int32_t)(target - (field + 4));
    memcpy(c->start + field, &rel, 4);
}

/* The rel32 field that ends both jump forms, aimed at target if known. */
static inline long x64_rel32(x64_code *c, long target)
{
    long field = (long)x64_offset(c);
    x64_u32(c, 0);
    if (target != X64_UNBOUND)
        x64_patch_rel32(c, field, target);
    return c->overflow ? -1 : field;
}

static inline long x64_jmp_rel32(x64_code *c, long target)
{
    x64_byte(c, 0xE9);
    return x64_rel32(c, target);
}

/* call rel32 (E8): a direct call, which the return stack predicts */
static inline long x64_call_rel32(x64_code *c, long target)
{
    x64_byte(c, 0xE8);
    return x64_rel32(c, target);
}

static inline long x64_jcc_rel32(x64_code *c, x64_cond cc, long target)
{
    x64_byte(c, 0x0F);
    x64_byte(c, 0x80 | cc);
    return x64_rel32(c, target);
}

#endif
