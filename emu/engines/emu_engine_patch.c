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
 * Per head line, a charge of the block's k steps (sub, jb), then one
 * stencil per line, with CONT aimed at the next stencil (the tail trimmed
 * so it falls through, as CPython does). A block follows JMP and JRP
 * through words the code may assume (so Kilburn's JRP SUB CMP loop is one
 * block: 10 host instructions a turn) and ends at a CMP, whose two
 * successors are patched in, an STP, or a jump through a generic word,
 * which dispatches through the heads table. The state lives in the
 * argument registers of the stencils' signature; the exits are stencils
 * too, returning to the C function that entered the chain.
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

/* own_off: the halt and store exits, then the budget exit giving k back
 * at EXIT_BUDGET + k. */
enum { EXIT_HALT, EXIT_STORED, EXIT_BUDGET };
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

static bool is_jmp_hole(const patch_stencil *s, const patch_reloc *r, size_t end)
{
    return r->form == PATCH_REL32 && r->offset + 4 == end && end >= 5 && s->code[end - 5] == 0xE9;
}

static bool is_jcc_hole(const patch_stencil *s, const patch_reloc *r, size_t end)
{
    return r->form == PATCH_REL32 && r->offset + 4 == end && end >= 6 && s->code[end - 6] == 0x0F &&
           (s->code[end - 5] & 0xF0) == 0x80;
}

/* Copy stencil s at the cursor and fill its holes. Where its continuation
 * is the next code, its tail is trimmed so that code falls through, as
 * CPython's JIT does: a final `jmp CONT` is dropped, and a final
 * `jcc CONT; jmp X` becomes `j(not cc) X`. */
static void emit(x64_code *x, const patch_stencil *s, const uint64_t val[PATCH_NHOLES],
                 const long code[PATCH_NHOLES], fixups *fx)
{
    size_t at = x64_offset(x), len = s->len, n = s->nrelocs;
    patch_reloc rel[16];
    uint8_t tail[2];
    size_t ntail = 0;
    if (n > sizeof rel / sizeof rel[0]) {
        x->overflow = true;
        return;
    }
    memcpy(rel, s->relocs, n * sizeof rel[0]);
    if (code[PATCH_HOLE_CONT] == NEXT && n && rel[n - 1].hole == PATCH_HOLE_CONT && is_jmp_hole(s, &rel[n - 1], len)) {
        len -= 5;
        n--;
    } else if (code[PATCH_HOLE_CONT] == NEXT && n >= 2 && rel[n - 2].hole == PATCH_HOLE_CONT &&
               rel[n - 1].hole != PATCH_HOLE_CONT && is_jmp_hole(s, &rel[n - 1], len) &&
               is_jcc_hole(s, &rel[n - 2], len - 5)) {
        tail[0] = 0x0F;
        tail[1] = s->code[len - 10] ^ 1;   /* the opposite condition */
        ntail = 2;
        rel[n - 2] = rel[n - 1];
        rel[n - 2].offset = (uint32_t)(len - 9);
        len -= 11;
        n--;
    }
    for (size_t i = 0; i < len; i++)
        x64_byte(x, s->code[i]);
    for (size_t i = 0; i < ntail; i++)
        x64_byte(x, tail[i]);
    if (ntail) {
        x64_u32(x, 0);
        len += ntail + 4;
    }
    if (x->overflow)
        return;
    for (size_t i = 0; i < n; i++) {
        const patch_reloc *r = &rel[i];
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

/* The line a JMP or JRP at line l goes to next, from the word it reads. */
static unsigned jump_target(const nat_ctx *c, unsigned l)
{
    uint32_t w = c->m.store[l], v = c->m.store[ssem_word_operand(w)];
    return (ssem_word_func(w) == 0 ? v + 1 : l + v + 1) & 31;
}

/* The lines of the block at head, in the order they run: straight on,
 * and on through a JMP or JRP whose word the code may assume (a trace, so
 * a loop closed by a jump is one block and one charge), to a CMP, an STP,
 * a jump through a generic word, or before a generic line; 32 at most.
 * 0 when the head itself is generic. */
static unsigned block(const nat_ctx *c, unsigned head, unsigned seq[SSEM_WORDS])
{
    unsigned k = 0, l = head;
    while (k < SSEM_WORDS && !(c->generic >> l & 1)) {
        uint32_t w = c->m.store[l];
        enum nat_body b = nat_body_of(ssem_word_func(w));
        seq[k++] = l;
        if (b == NAT_B_CMP || b == NAT_B_STP)
            break;
        if (b == NAT_B_JMP || b == NAT_B_JRP) {
            if (c->generic >> ssem_word_operand(w) & 1)
                break;
            l = jump_target(c, l);
        } else {
            l = (l + 1) & 31;
        }
    }
    return k;
}

static bool patch_translate(nat_ctx *c, x64_code *x, size_t head_off[SSEM_WORDS])
{
    fixups fxs = { .n = 0 }, *fx = &fxs;
    uint64_t val[PATCH_NHOLES] = { 0 };
    long code[PATCH_NHOLES];
    for (unsigned h = 0; h < PATCH_NHOLES; h++)
        code[h] = NEXT;
    code[PATCH_HOLE_HALT] = (long)c->own_off[EXIT_HALT];
    code[PATCH_HOLE_STORED] = (long)c->own_off[EXIT_STORED];

    for (unsigned head = 0; head < SSEM_WORDS; head++) {
        head_off[head] = x64_offset(x);
        unsigned seq[SSEM_WORDS], k = block(c, head, seq);
        val[PATCH_HOLE_K] = k ? k : 1;
        code[PATCH_HOLE_BUDGET] = (long)c->own_off[EXIT_BUDGET + (k ? k : 1)];
        code[PATCH_HOLE_CONT] = NEXT;
        emit(x, &patch_st_charge, val, code, fx);
        if (!k) {
            val[PATCH_HOLE_GB] = 0;
            emit(x, &patch_st_generic, val, code, fx);
            continue;
        }
        for (unsigned i = 0; i < k; i++) {
            unsigned l = seq[i];
            uint32_t w = c->m.store[l];
            unsigned n = ssem_word_operand(w);
            enum nat_body b = nat_body_of(ssem_word_func(w));
            nat_assume(c, head, l);
            val[PATCH_HOLE_N] = n;
            val[PATCH_HOLE_NB] = 4 * n;
            val[PATCH_HOLE_GB] = k - 1 - i;
            code[PATCH_HOLE_CONT] = i + 1 < k ? NEXT : HEAD(l + 1);
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
                if (i + 1 == k)
                    code[PATCH_HOLE_CONT] = HEAD(jump_target(c, l));
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
        c->own_off[EXIT_HALT] = x64_offset(&x);
        emit(&x, &patch_st_exit_halt, val, code, NULL);
        c->own_off[EXIT_STORED] = x64_offset(&x);
        emit(&x, &patch_st_exit_stored, val, code, NULL);
        for (unsigned k = 1; k <= SSEM_WORDS; k++) {
            c->own_off[EXIT_BUDGET + k] = x64_offset(&x);
            val[PATCH_HOLE_K] = k;
            emit(&x, &patch_st_exit_budget, val, code, NULL);
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
