/* fuzz_console.c: libFuzzer target: any bytes as console command lines on a session; the console must answer each and go on. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "asm.h"
#include "emu_console.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A loop with labels and literals, so LOCs, labels and deposits have
 * something to name. */
static const char program[] = "n EQU 5\n NUM 0\nloop: LDN total\n SUB count\n STO tmp\n LDN tmp\n STO total\n"
                              " LDN count\n SUB =1\n STO count\n CMP\n STP\n JMP =loop-1\ncount: NUM n\n"
                              "total: NUM 0\ntmp: NUM 0\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static FILE *sink;
    static asm_program *p;
    if (!sink) {
        sink = fopen("/dev/null", "w");
        ssem_diag d;
        ssem_diag_init(&d, NULL);
        p = asm_assemble(program, sizeof program - 1, "fuzz.s", NULL, &d);
        if (!sink || !p)
            abort();
    }
    ssem_image img;
    asm_program_image(p, &img);
    emu_machine m;
    emu_machine_init(&m, img.word);
    /* The engine is picked by the first byte, so each is driven too. */
    size_t ne;
    const emu_engine *const *list = emu_engine_list(&ne);
    const emu_engine *e = list[size ? data[0] % ne : 0];
    emu_dbg *dbg = emu_dbg_open(&m, e, emu_dbg_info_from_program(p));
    if (!dbg)
        abort();
    emu_console c;
    emu_console_init(&c, dbg, sink, sink);
    c.allow_files = false;
    c.run_cap = 20000;
    /* Lines, NUL-terminated copies (the console gets C strings). */
    char *text = malloc(size + 1);
    memcpy(text, data, size);
    text[size] = 0;
    int rc = EMU_CONSOLE_GO_ON;
    for (char *line = text + (size > 0); rc == EMU_CONSOLE_GO_ON && line < text + size;) {
        char *nl = memchr(line, '\n', (size_t)(text + size - line));
        if (nl)
            *nl = 0;
        rc = emu_console_exec(&c, line);
        line = nl ? nl + 1 : text + size;
    }
    /* The session must still be sound: its state is the reference's. */
    emu_machine ref = *emu_dbg_state(dbg);
    emu_dbg_reverse_step(dbg, 3);
    emu_dbg_goto(dbg, ref.steps);
    char why[256];
    if (!emu_machine_equal(emu_dbg_state(dbg), &ref, why, sizeof why)) {
        fprintf(stderr, "reverse-step then goto back differs: %s\n", why);
        abort();
    }
    free(text);
    emu_dbg_close(dbg);
    return 0;
}
