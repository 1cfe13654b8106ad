/* emu_dap.h: ssememu --dap, a Debug Adapter Protocol server on the debugging core. */
#ifndef EMU_DAP_H
#define EMU_DAP_H

#include <stddef.h>
#include <stdint.h>

#include "emu_dap_io.h"

typedef struct emu_dap_opts {
    /* The engine a launch without "engine" uses. */
    const char *engine;
    /* Steps a continue runs before it looks for a pause or another request
     * (0: the default, about a millisecond of running). */
    uint64_t chunk;
    /* At most this many steps per continue before it reports a pause
     * (0: no limit); the fuzzer bounds each input's running time with it. */
    uint64_t max_run;
    /* How a launch reads its "program" (NULL: the file system, with
     * ssem_read_file's limits). Returns 0 with a malloc'd NUL-terminated
     * buffer, or -1 with a message in why. The fuzzer takes the name itself
     * as the program's text. */
    int (*read_program)(const char *path, char **data, size_t *len, char *why, size_t whylen);
} emu_dap_opts;

/* Serve one debug session on io until disconnect or end of input.
 * Returns 0, or 1 when the output failed. */
int emu_dap_serve(emu_dap_io *io, const emu_dap_opts *opts);

/* ssememu --dap: serve on standard input and output; the exit status. */
int emu_dap_main(const char *engine);

#endif
