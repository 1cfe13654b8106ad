/* emu_jit_translate.c: the jit's translator: the fixed stubs, and traces of store lines as native x86-64 code. */
#if defined(__x86_64__) && defined(__linux__)

#include "emu_jit.h"
#include "emu_x64.h"
#include "ssem_isa.h"

/* The machine registers (see emu_jit.h). Scratch: rax, rcx, rdx. */
#define R_CTX X64_RBX
#define R_A X64_R12
#define R_CI X64_R13
#define R_LEFT X64_R14

static x64_mem_op at(int32_t off) { return x64_mem(R_CTX, off); }

/* A cursor over the whole buffer, at the bump pointer: offsets it reports
 * are buffer offsets, equal in the writable and the executable view, so a
 * rel32 between any two of them is right in both. */
static void cursor(jit_ctx *c, x64_code *x)
{
    x64_init(x, c->buf.rw, c->buf.size);
    x->p = c->buf.rw + c->buf.used;
}

static const void *rx_at(const jit_ctx *c, size_t off) { return c->buf.rx + off; }

/* --- the fixed stubs ------------------------------------------------------- */

/* The two operations whose native form the generic stub and the traces
 * share (S[n] is a memory operand: a constant line in a trace, rcx in the
 * generic stub). STO's store half is here too; what follows a STO into a
 * watched word differs (a trace refunds the steps it charged but did not run). */
static void op_ldn(x64_code *x, x64_mem_op s)
{
    x64_mov_r32_m32(x, R_A, s);
    x64_neg_r32(x, R_A);
}

static void op_sub(x64_code *x, x64_mem_op s) { x64_sub_r32_m32(x, R_A, s); }
static void op_sto(x64_code *x, x64_mem_op s) { x64_mov_m32_r32(x, s, R_A); }

/* mov eax, reason; [mov edx, arg;] jmp exit */
static void leave(x64_code *x, const jit_ctx *c, enum jit_reason r, int arg)
{
    x64_mov_r32_imm(x, X64_RAX, r);
    if (arg >= 0)
        x64_mov_r32_imm(x, X64_RDX, (uint32_t)arg);
    x64_jmp_rel32(x, (long)c->exit_off);
}

/* The generic slot: execute the word at line (CI+1) & 31 whatever it
 * holds, decoding it at run time, then continue through heads[]. Lines
 * rewritten too often come here instead of being retranslated. */
static void emit_generic(jit_ctx *c, x64_code *x)
{
    size_t entry = x64_offset(x);
    c->generic_off = entry;
    x64_sub_r64_imm(x, R_LEFT, 1);
    long jb = x64_jcc_rel32(x, X64_CC_B, X64_UNBOUND);
    x64_add_r32_imm(x, R_CI, 1);
    x64_mov_r32_r32(x, X64_RAX, R_CI);
    x64_and_r32_imm(x, X64_RAX, SSEM_LINE_MASK);
    x64_mov_r32_m32(x, X64_RDX, x64_memx(R_CTX, X64_RAX, 4, JIT_OFF(m.store)));
    x64_mov_m32_r32(x, x64_memx(R_CTX, X64_RAX, 4, JIT_OFF(gen_last)), X64_RDX);
    x64_mov_r32_r32(x, X64_RCX, X64_RDX);
    x64_and_r32_imm(x, X64_RCX, SSEM_OPERAND_MASK);
    x64_shr_r32_imm(x, X64_RDX, SSEM_FUNC_SHIFT);
    x64_and_r32_imm(x, X64_RDX, 7);
    x64_jmp_m64(x, x64_memx(R_CTX, X64_RDX, 8, JIT_OFF(gen_table)));

    /* next: enter whatever runs line (CI+1) & 31; traces that end in an
     * indirect jump come here too. */
    long next = (long)x64_offset(x);
    c->generic_next_off = (size_t)next;
    x64_mov_r32_r32(x, X64_RAX, R_CI);
    x64_add_r32_imm(x, X64_RAX, 1);
    x64_and_r32_imm(x, X64_RAX, SSEM_LINE_MASK);
    x64_jmp_m64(x, x64_memx(R_CTX, X64_RAX, 8, JIT_OFF(heads)));

    /* Out of steps before this word: give the step back. */
    x64_patch_rel32(x, jb, (long)x64_offset(x));
    x64_add_r64_imm(x, R_LEFT, 1);
    leave(x, c, JIT_R_BUDGET, -1);

    x64_mem_op s = x64_memx(R_CTX, X64_RCX, 4, JIT_OFF(m.store));
    size_t handler[SSEM_NFUNC];
    for (unsigned sem = 0; sem < SSEM_NFUNC; sem++) {
        handler[sem] = x64_offset(x);
        switch (sem) {
        case SSEM_JMP:
            x64_mov_r32_m32(x, R_CI, s);
            break;
        case SSEM_JRP:
            x64_add_r32_m32(x, R_CI, s);
            break;
        case SSEM_LDN:
            op_ldn(x, s);
            break;
        case SSEM_STO:
            op_sto(x, s);
            x64_cmp_m8_imm(x, x64_memx(R_CTX, X64_RCX, 1, JIT_OFF(watch)), 0);
            x64_jcc_rel32(x, X64_CC_E, next);
            x64_cmp_r32_m32(x, R_A, x64_memx(R_CTX, X64_RCX, 4, JIT_OFF(assumed)));
            x64_jcc_rel32(x, X64_CC_E, next);
            x64_mov_r32_imm(x, X64_RAX, JIT_R_STORED);
            x64_mov_r32_r32(x, X64_RDX, X64_RCX);
            x64_jmp_rel32(x, (long)c->exit_off);
            continue;
        case SSEM_SUB:
            op_sub(x, s);
            break;
        case SSEM_CMP:
            x64_mov_r32_r32(x, X64_RAX, R_A);
            x64_shr_r32_imm(x, X64_RAX, 31);
            x64_add_r32_r32(x, R_CI, X64_RAX);
            break;
        case SSEM_STP:
            leave(x, c, JIT_R_HALT, -1);   /* CI already names the STP line */
            continue;
        default:
            continue;   /* SUB2 has no handler of its own: it runs SUB's */
        }
        x64_jmp_rel32(x, next);
    }
    /* Indexed by function code; function 5 takes SUB's through SEM. */
#define JIT_X_GEN(id, f, sem, opnd, al, m) c->gen_table[f] = rx_at(c, handler[SSEM_##sem]);
    SSEM_ISA(JIT_X_GEN)
#undef JIT_X_GEN
    c->stub_generic = rx_at(c, entry);
}

bool jit_emit_stubs(jit_ctx *c)
{
    x64_code x;
    c->buf.used = 0;
    cursor(c, &x);

    /* enter(ctx, target): the SysV call from C; rdi ctx, rsi target. The
     * code makes no calls, so the stack's alignment does not matter. */
    size_t enter = x64_offset(&x);
    static const x64_reg saved[] = { X64_RBX, X64_RBP, X64_R12, X64_R13, X64_R14, X64_R15 };
    for (unsigned i = 0; i < 6; i++)
        x64_push_r64(&x, saved[i]);
    x64_mov_r64_r64(&x, R_CTX, X64_RDI);
    x64_mov_r32_m32(&x, R_A, at(JIT_OFF(m.a)));
    x64_mov_r32_m32(&x, R_CI, at(JIT_OFF(m.ci)));
    x64_mov_r64_m64(&x, R_LEFT, at(JIT_OFF(left)));
    x64_jmp_r64(&x, X64_RSI);

    /* exit: eax the reason, edx its argument. */
    c->exit_off = x64_offset(&x);
    x64_mov_m32_r32(&x, at(JIT_OFF(m.a)), R_A);
    x64_mov_m32_r32(&x, at(JIT_OFF(m.ci)), R_CI);
    x64_mov_m64_r64(&x, at(JIT_OFF(left)), R_LEFT);
    x64_mov_m32_r32(&x, at(JIT_OFF(reason)), X64_RAX);
    x64_mov_m32_r32(&x, at(JIT_OFF(arg)), X64_RDX);
    for (unsigned i = 6; i-- > 0;)
        x64_pop_r64(&x, saved[i]);
    x64_ret(&x);

    size_t miss = x64_offset(&x);
    leave(&x, c, JIT_R_MISS, -1);

    emit_generic(c, &x);
    if (x.overflow)
        return false;
    c->enter = rx_at(c, enter);
    c->stub_miss = rx_at(c, miss);
    c->buf.used = c->stubs_end = x64_offset(&x);
    return true;
}

/* --- traces ------------------------------------------------------------------ */

/*
 * A trace starts at its head line and follows control as far as the
 * store, as it is now, determines it: straight through LDN, SUB, STO;
 * through JMP and JRP by the value of their operand word (which the trace
 * then depends on); through CMP along one side, the other side leaving for
 * heads[]. It ends when it reaches a line it already holds (its own head:
 * a native loop), an STP, an indirect jump through a generic word, or a
 * generic line that holds a jump, CMP or STP. So a trace has at most 32
 * instructions.
 *
 * A generic line holding LDN, SUB or STO stays in the trace as a dynamic
 * slot: the word is read at run time, its function code checked against
 * the one it has now, and its operand used as an index. That is what the
 * programs of 1948 rewrite (an address walks through a table, the
 * function stays), so their loops stay native. If the function changed,
 * a side exit runs the word through the generic stub.
 */
enum trace_end { END_HEAD, END_LOOP, END_HALT, END_INDIRECT };

typedef struct tins {
    uint8_t line, sem, n;
    bool skip_inline;   /* CMP: the skip (A < 0) side continues the trace */
    bool dyn;           /* a dynamic slot (generic LDN/SUB/STO) with function `func` */
    uint8_t func;
    uint32_t val;       /* JMP/JRP: the operand word's value */
} tins;

typedef struct trace {
    tins ins[SSEM_WORDS];
    unsigned n;
    enum trace_end end;
    unsigned end_line;  /* END_HEAD: the line whose head comes next */
    uint32_t deps;      /* words whose values the trace assumed */
} trace;

static void scan(const jit_ctx *c, unsigned head, trace *t)
{
    unsigned pos = head;
    uint32_t visited = 0;
    t->n = 0;
    t->deps = 0;
    t->end_line = head;
    for (;;) {
        /* A generic line is guessed by the word the generic stub last ran
         * there: the store may hold data in it right now (nightmare parks
         * a value in its line 1 between two runs of it as code). */
        bool dyn = c->generic >> pos & 1;
        uint32_t w = dyn ? c->gen_last[pos] : c->m.store[pos];
        unsigned sem = ssem_ops[ssem_word_func(w)].sem;
        bool straight = !(c->unstable >> pos & 1) &&
                        (sem == SSEM_LDN || sem == SSEM_SUB || sem == SSEM_STO);
        if ((visited >> pos & 1) || (dyn && !straight)) {
            t->end = pos == head && (visited >> pos & 1) ? END_LOOP : END_HEAD;
            t->end_line = pos;
            return;
        }
        visited |= 1u << pos;
        if (!dyn)
            t->deps |= 1u << pos;
        tins *i = &t->ins[t->n++];
        i->line = (uint8_t)pos;
        i->sem = (uint8_t)sem;
        i->n = (uint8_t)ssem_word_operand(w);
        i->func = (uint8_t)ssem_word_func(w);
        i->dyn = dyn;
        i->skip_inline = false;
        i->val = 0;
        switch (i->sem) {
        case SSEM_CMP: {
            /* Guess the hot side: a CMP guarding an STP usually skips it. */
            unsigned after = (pos + 1) & SSEM_LINE_MASK;
            i->skip_inline = ssem_word_func(c->m.store[after]) == SSEM_STP;
            pos = (pos + (i->skip_inline ? 2 : 1)) & SSEM_LINE_MASK;
            break;
        }
        case SSEM_JMP:
        case SSEM_JRP:
            if (c->generic >> i->n & 1) {
                t->end = END_INDIRECT;
                return;
            }
            t->deps |= 1u << i->n;
            i->val = c->m.store[i->n];
            pos = (i->sem == SSEM_JMP ? i->val + 1 : pos + i->val + 1) & SSEM_LINE_MASK;
            break;
        case SSEM_STP:
            t->end = END_HALT;
            return;
        default:   /* LDN, SUB, STO */
            pos = (pos + 1) & SSEM_LINE_MASK;
            break;
        }
    }
}

/* What the translator knows about CI at a point of the trace: either
 * r13d + delta (CI relative to the trace's entry, or to the last
 * materialisation), or a constant after a JMP. Only exits write r13d. */
typedef struct ci_state {
    bool is_const;
    uint32_t v;
} ci_state;

static void ci_add(ci_state *s, uint32_t d) { s->v += d; }

static void materialize(x64_code *x, ci_state s)
{
    if (s.is_const)
        x64_mov_r32_imm(x, R_CI, s.v);
    else if (s.v)
        x64_add_r32_imm(x, R_CI, (int32_t)s.v);
}

/* Cold paths, emitted after the trace's body so the hot path falls
 * through: a jcc in the body jumps to each. */
typedef struct cold {
    enum { COLD_BUDGET, COLD_STORED, COLD_EXIT, COLD_GUARD, COLD_DYN_STORED } kind;
    long field;         /* the jcc's rel32 */
    ci_state ci;
    uint32_t refund;    /* steps charged on entry but not run */
    unsigned word;      /* STORED: the word; EXIT: the next head line */
    long resume;        /* STORED: where the body continues if unchanged */
    x64_mem_op assumed; /* STORED: the word's assumed value */
} cold;

const void *jit_translate(jit_ctx *c, unsigned head)
{
    if (jit_buf_room(&c->buf) < JIT_TRACE_ROOM)
        return NULL;
    trace t;
    scan(c, head, &t);

    x64_code x;
    cursor(c, &x);
    long entry = (long)x64_offset(&x);
    cold colds[3 * SSEM_WORDS];
    unsigned ncold = 0;
    ci_state ci = { false, 0 };
    int a_word = -1;   /* A equals S[a_word] (a STO wrote it, nothing since) */

    /* One budget check charges the whole trace; every exit before its end
     * gives back the steps it did not run. With fewer steps left than the
     * trace holds, the run loop interprets them instead (at most 31). */
    const unsigned k = t.n;
    x64_sub_r64_imm(&x, R_LEFT, (int32_t)k);
    colds[ncold++] = (cold){ .kind = COLD_BUDGET, .field = x64_jcc_rel32(&x, X64_CC_B, X64_UNBOUND),
                             .ci = ci, .refund = k };
    long body = (long)x64_offset(&x);
    for (unsigned j = 0; j < k; j++) {
        const tins *in = &t.ins[j];
        x64_mem_op s = at(JIT_OFF_STORE(in->n));
        bool last = j + 1 == t.n;
        if (in->dyn) {
            /* edx = the word; it must still hold function `func`, else
             * the step is refunded and the run loop counts a guard miss
             * before the generic stub runs the word. */
            x64_mov_r32_m32(&x, X64_RDX, at(JIT_OFF_STORE(in->line)));
            x64_mov_r32_r32(&x, X64_RCX, X64_RDX);
            x64_and_r32_imm(&x, X64_RDX, (int32_t)SSEM_FUNC_MASK);
            x64_cmp_r32_imm(&x, X64_RDX, (int32_t)((uint32_t)in->func << SSEM_FUNC_SHIFT));
            colds[ncold++] = (cold){ .kind = COLD_GUARD, .field = x64_jcc_rel32(&x, X64_CC_NE, X64_UNBOUND),
                                     .ci = ci, .refund = k - j, .word = in->line };
            x64_and_r32_imm(&x, X64_RCX, SSEM_OPERAND_MASK);
            s = x64_memx(R_CTX, X64_RCX, 4, JIT_OFF(m.store));
        }
        ci_add(&ci, 1);   /* CI += 1 precedes every instruction */
        switch (in->sem) {
        case SSEM_LDN:
            if (a_word == in->n && !in->dyn)
                x64_neg_r32(&x, R_A);   /* the value is still in A */
            else
                op_ldn(&x, s);
            a_word = -1;
            break;
        case SSEM_SUB:
            op_sub(&x, s);
            a_word = -1;
            break;
        case SSEM_STO: {
            op_sto(&x, s);
            x64_cmp_m8_imm(&x, in->dyn ? x64_memx(R_CTX, X64_RCX, 1, JIT_OFF(watch)) : at(JIT_OFF_WATCH(in->n)), 0);
            long f = x64_jcc_rel32(&x, X64_CC_NE, X64_UNBOUND);
            colds[ncold++] = (cold){
                .kind = in->dyn ? COLD_DYN_STORED : COLD_STORED, .field = f, .ci = ci,
                .refund = k - j - 1, .word = in->n, .resume = (long)x64_offset(&x),
                .assumed = in->dyn ? x64_memx(R_CTX, X64_RCX, 4, JIT_OFF(assumed))
                                   : at(JIT_OFF_ASSUMED(in->n)) };
            a_word = in->dyn ? -1 : in->n;
            break;
        }
        case SSEM_CMP: {
            x64_test_r32_r32(&x, R_A, R_A);
            ci_state away = ci;
            if (!in->skip_inline)
                ci_add(&away, 1);
            unsigned away_line = (in->line + (in->skip_inline ? 1 : 2)) & SSEM_LINE_MASK;
            long f = x64_jcc_rel32(&x, in->skip_inline ? X64_CC_NS : X64_CC_S, X64_UNBOUND);
            colds[ncold++] = (cold){ .kind = COLD_EXIT, .field = f, .ci = away,
                                     .refund = k - j - 1, .word = away_line };
            if (in->skip_inline)
                ci_add(&ci, 1);
            break;
        }
        case SSEM_JMP:
            if (last && t.end == END_INDIRECT) {
                x64_mov_r32_m32(&x, R_CI, s);
            } else {
                ci.is_const = true;
                ci.v = in->val;
            }
            break;
        case SSEM_JRP:
            if (last && t.end == END_INDIRECT) {
                materialize(&x, ci);
                x64_add_r32_m32(&x, R_CI, s);
            } else {
                ci_add(&ci, in->val);
            }
            break;
        case SSEM_STP:
            materialize(&x, ci);
            leave(&x, c, JIT_R_HALT, -1);
            break;
        }
    }

    switch (t.end) {
    case END_HEAD:
        materialize(&x, ci);
        x64_jmp_m64(&x, at(JIT_OFF_HEAD(t.end_line)));
        break;
    case END_LOOP:
        /* Rotated: the head's budget check closes the loop, so a turn
         * has one taken branch; falling out of it is the budget exit. */
        materialize(&x, ci);
        x64_sub_r64_imm(&x, R_LEFT, (int32_t)k);
        x64_jcc_rel32(&x, X64_CC_AE, body);
        x64_add_r64_imm(&x, R_LEFT, (int32_t)k);
        leave(&x, c, JIT_R_BUDGET, -1);
        break;
    case END_INDIRECT:
        x64_jmp_rel32(&x, (long)c->generic_next_off);
        break;
    case END_HALT:
        break;
    }

    for (unsigned i = 0; i < ncold; i++) {
        const cold *q = &colds[i];
        x64_patch_rel32(&x, q->field, (long)x64_offset(&x));
        switch (q->kind) {
        case COLD_BUDGET:
            x64_add_r64_imm(&x, R_LEFT, (int32_t)q->refund);
            materialize(&x, q->ci);
            leave(&x, c, JIT_R_BUDGET, -1);
            break;
        case COLD_STORED:
        case COLD_DYN_STORED:
            /* Writing the value a translation assumed changes nothing. */
            x64_cmp_r32_m32(&x, R_A, q->assumed);
            x64_jcc_rel32(&x, X64_CC_E, q->resume);
            if (q->refund)
                x64_add_r64_imm(&x, R_LEFT, (int32_t)q->refund);
            materialize(&x, q->ci);
            if (q->kind == COLD_DYN_STORED) {
                x64_mov_r32_r32(&x, X64_RDX, X64_RCX);
                x64_mov_r32_imm(&x, X64_RAX, JIT_R_STORED);
                x64_jmp_rel32(&x, (long)c->exit_off);
            } else {
                leave(&x, c, JIT_R_STORED, (int)q->word);
            }
            break;
        case COLD_GUARD:
            /* The run loop counts the miss (a trace that keeps missing is
             * translated again from what the line now runs), then the
             * line goes through the generic stub. */
            x64_add_r64_imm(&x, R_LEFT, (int32_t)q->refund);
            materialize(&x, q->ci);
            leave(&x, c, JIT_R_GUARD, (int)(head | q->word << 8));
            break;
        case COLD_EXIT:
            if (q->refund)
                x64_add_r64_imm(&x, R_LEFT, (int32_t)q->refund);
            materialize(&x, q->ci);
            x64_jmp_m64(&x, at(JIT_OFF_HEAD(q->word)));
            break;
        }
    }
    if (x.overflow)
        return NULL;
    c->buf.used = x64_offset(&x);
    c->depmask[head] = t.deps;
    return rx_at(c, (size_t)entry);
}

#else
typedef int emu_jit_translate_unused;
#endif
