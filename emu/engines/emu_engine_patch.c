/* emu_engine_patch.c: copy-and-patch (Xu and Kjolstad, OOPSLA 2021): stencils compiled from C by clang at build time, copied per store line and their holes patched at run time. */
#if defined(__x86_64__) && defined(__linux__) && defined(EMU_HAVE_PATCH)

#include <string.h>

#include "emu.h"
#include "emu_nat.h"

/*
 * The stencils (emu/patchgen/emu_patch_stencils.c) are C functions that
 * clang compiled once, at build time, with their varying parts left as
 * holes: the operand line, the word a jump reads, the block's step count,
 * and every continuation. patchgen read the object's relocations with
 * libelf and wrote the bytes and the holes into emu_patch_stencils.h. At
 * run time a translation is memcpy and a few stores per hole: no encoder,
 * no instruction selection. This is the technique behind CPython 3.13's
 * JIT.
 *
 * The code has the shape of `inline`'s: per head line, a charge of the
 * block's k steps, then one stencil per line, with CONT aimed at the next
 * stencil (its trailing jmp dropped when that is the very next byte, as
 * CPython does). Blocks end in a control stencil: JMP and JRP through a
 * word the code assumed continue straight into the target's block, CMP
 * has both successors patched in, and jumps through generic words
 * dispatch through the heads table. The state lives in the argument
 * registers of the stencils' signature; the exits are stencils too,
 * returning to the C function that entered the chain.
 */

enum patch_hole {
    PATCH_HOLE_N, PATCH_HOLE_NB, PATCH_HOLE_V, PATCH_HOLE_D, PATCH_HOLE_K, PATCH_HOLE_GB,
    PATCH_HOLE_CONT, PATCH_HOLE_SKIP, PATCH_HOLE_BUDGET, PATCH_HOLE_HALT, PATCH_HOLE_STORED,
    PATCH_NHOLES
};
enum patch_form { PATCH_ABS32, PATCH_REL32, PATCH_ABS64 };

typedef struct patch_reloc {
    uint32_t offset;
    enum patch_hole hole;
    enum patch_form form;
    int64_t addend;
} patch_reloc;

typedef struct patch_stencil {
    const uint8_t *code;
    size_t len;
    const patch_reloc *relocs;
    size_t nrelocs;
} patch_stencil;

#include "emu_patch_stencils.h"

enum { EXIT_BUDGET, EXIT_HALT, EXIT_STORED };
enum { NEXT = -2 };   /* a code hole aimed at the byte after the stencil */

typedef void stencil_fn(uint32_t *, uint32_t, uint32_t, uint64_t);

/* References to heads, patched once every head is placed: a block refers
 * to heads only from its last stencil (CMP: two), so 2 per head at most. */
typedef struct fixups {
    long field[2 * SSEM_WORDS];
    int64_t addend[2 * SSEM_WORDS];
    unsigned head[2 * SSEM_WORDS];
    size_t n;
} fixups;

/* A code hole's target: a buffer offset, NEXT, or head h as -(16 + h). */
#define HEAD(h) (-16 - (long)((h) & 31))

static void put_rel(x64_code *x, long field, long target, int64_t addend)
{
    int32_t rel = (int32_t)(target + addend - field);
    if (!x->overflow)
        memcpy(x->start + field, &rel, 4);
}

/* Copy stencil s at the cursor and fill its holes. */
static void emit(x64_code *x, const patch_stencil *s, const uint64_t val[PATCH_NHOLES],
                 const long code[PATCH_NHOLES], fixups *fx)
{
    size_t at = x64_offset(x), len = s->len;
    /* A stencil that ends by jumping to the next byte ends before it. */
    const patch_reloc *last = s->nrelocs ? &s->relocs[s->nrelocs - 1] : NULL;
    bool drop_tail = last && last->hole == PATCH_HOLE_CONT && code[PATCH_HOLE_CONT] == NEXT &&
                     last->form == PATCH_REL32 && last->offset + 4 == len && s->code[len - 5] == 0xE9;
    if (drop_tail)
        len -= 5;
    for (size_t i = 0; i < len; i++)
        x64_byte(x, s->code[i]);
    if (x->overflow)
        return;
    for (size_t i = 0; i < s->nrelocs; i++) {
        const patch_reloc *r = &s->relocs[i];
        if (r->offset + 4 > len)
            continue;   /* the dropped tail */
        long field = (long)(at + r->offset);
        if (r->hole >= PATCH_HOLE_CONT) {
            long t = code[r->hole];
            if (t == NEXT)
                t = (long)(at + len);
            if (t <= HEAD(0)) {
                if (!fx || fx->n == sizeof fx->field / sizeof fx->field[0]) {
                    x->overflow = true;   /* cannot happen: see fixups */
                    return;
                }
                fx->field[fx->n] = field;
                fx->addend[fx->n] = r->addend;
                fx->head[fx->n++] = (unsigned)(-16 - t);
                continue;
            }
            put_rel(x, field, t, r->addend);
        } else if (r->form == PATCH_ABS64) {
            uint64_t v = val[r->hole] + (uint64_t)r->addend;
            memcpy(x->start + field, &v, 8);
        } else {
            uint32_t v = (uint32_t)(val[r->hole] + (uint64_t)r->addend);
            memcpy(x->start + field, &v, 4);
        }
    }
}

static bool patch_translate(nat_ctx *c, x64_code *x, size_t head_off[SSEM_WORDS])
{
    fixups fxs = { .n = 0 }, *fx = &fxs;
    uint64_t val[PATCH_NHOLES] = { 0 };
    long code[PATCH_NHOLES];
    for (unsigned h = 0; h < PATCH_NHOLES; h++)
        code[h] = NEXT;
    code[PATCH_HOLE_BUDGET] = (long)c->own_off[EXIT_BUDGET];
    code[PATCH_HOLE_HALT] = (long)c->own_off[EXIT_HALT];
    code[PATCH_HOLE_STORED] = (long)c->own_off[EXIT_STORED];

    for (unsigned head = 0; head < SSEM_WORDS; head++) {
        head_off[head] = x64_offset(x);
        unsigned k = 0;
        bool ends = false;
        while (!(c->generic >> head & 1) && k < SSEM_WORDS && !ends) {
            unsigned l = (head + k) & 31;
            if (c->generic >> l & 1)
                break;
            enum nat_body b = nat_body_of(ssem_word_func(c->m.store[l]));
            ends = b == NAT_B_JMP || b == NAT_B_JRP || b == NAT_B_CMP || b == NAT_B_STP;
            k++;
        }
        val[PATCH_HOLE_K] = k ? k : 1;
        code[PATCH_HOLE_CONT] = NEXT;
        emit(x, &patch_st_charge, val, code, fx);
        if (!k) {
            val[PATCH_HOLE_GB] = 0;
            emit(x, &patch_st_generic, val, code, fx);
            continue;
        }
        for (unsigned i = 0; i < k; i++) {
            unsigned l = (head + i) & 31;
            uint32_t w = c->m.store[l];
            unsigned n = ssem_word_operand(w);
            enum nat_body b = nat_body_of(ssem_word_func(w));
            nat_assume(c, head, l);
            val[PATCH_HOLE_N] = n;
            val[PATCH_HOLE_NB] = 4 * n;
            val[PATCH_HOLE_GB] = k - 1 - i;
            code[PATCH_HOLE_CONT] = i + 1 < k ? NEXT : HEAD(head + k);
            const patch_stencil *s = NULL;
            bool known = !(c->generic >> n & 1);
            switch (b) {
            case NAT_B_LDN: s = &patch_st_ldn; break;
            case NAT_B_SUB: s = &patch_st_sub; break;
            case NAT_B_STO: s = &patch_st_sto; break;
            case NAT_B_STP: s = &patch_st_stp; break;
            case NAT_B_CMP:
                s = &patch_st_cmp;
                code[PATCH_HOLE_CONT] = HEAD(l + 1);
                code[PATCH_HOLE_SKIP] = HEAD(l + 2);
                break;
            case NAT_B_JMP:
            case NAT_B_JRP:
                if (!known) {
                    s = b == NAT_B_JMP ? &patch_st_jmp : &patch_st_jrp;
                    break;
                }
                nat_assume(c, head, n);
                val[PATCH_HOLE_V] = c->m.store[n];
                val[PATCH_HOLE_D] = 1u + c->m.store[n];
                s = b == NAT_B_JMP ? &patch_st_jmp_known : &patch_st_jrp_known;
                code[PATCH_HOLE_CONT] = b == NAT_B_JMP ? HEAD(c->m.store[n] + 1) : HEAD(l + c->m.store[n] + 1);
                break;
            case NAT_NBODIES: break;
            }
            emit(x, s, val, code, fx);
        }
    }
    for (size_t i = 0; i < fx->n; i++)
        put_rel(x, fx->field[i], (long)head_off[fx->head[i]], fx->addend[i]);
    return !x->overflow;
}

/* Into native code from C: the stencils' signature, the state as
 * arguments; the exit stencils store it back and return here. */
static void patch_enter(nat_ctx *c, const void *head)
{
    ((stencil_fn *)head)(c->m.store, c->m.a, c->m.ci, c->left);
}

static void patch_load(void *ctx, const emu_machine *t)
{
    nat_ctx *c = ctx;
    nat_load(c, t, patch_translate);
    if (!c->native)
        return;
    if (jit_buf_writable(&c->buf) == 0) {
        x64_code x;
        x64_init(&x, c->buf.rw, c->buf.size);
        x.p = c->buf.rw + c->buf.used;
        uint64_t val[PATCH_NHOLES] = { 0 };
        long code[PATCH_NHOLES] = { 0 };
        static const patch_stencil *const exits[] = { &patch_st_exit_budget, &patch_st_exit_halt,
                                                      &patch_st_exit_stored };
        for (unsigned i = 0; i < 3; i++) {
            c->own_off[i] = x64_offset(&x);
            emit(&x, exits[i], val, code, NULL);
        }
        if (!x.overflow)
            c->buf.used = c->stubs_end = x64_offset(&x);
        c->native = !x.overflow;
    } else {
        c->native = false;
    }
    c->native &= jit_buf_executable(&c->buf) == 0;
    c->enter = (const void *)patch_enter;
}

const emu_engine emu_engine_patch = {
    .name = "patch",
    .summary = "copy-and-patch: clang-compiled stencils copied per line, holes patched from their relocations",
    .kind = EMU_KIND_TRANSLATOR,
    .ctx_size = sizeof(nat_ctx),
    .load = patch_load,
    .run = nat_run,
    .interp = nat_interp,
    .counters = nat_counters,
    .fini = nat_fini,
};
EMU_ENGINE(emu_engine_patch);

#else
/* Not x86-64 Linux, or no clang and libelf at build time: no copy-and-patch. */
typedef int emu_engine_patch_unused;
#endif
