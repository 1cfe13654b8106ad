/* test_dap.c: ssememu --dap driven by a scripted client over pipes; every stop compared with the reference machine. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "asm.h"
#include "emu.h"
#include "ssem_image.h"
#include "test_dap.h"
#include "test_util.h"

/* tests/debug/planted.s (the console's tests find the same bug) sums
 * 5 + 4 + ... + 1 counting `count` down, but its SUB =-1 (source line 14,
 * store line 9) counts it up: the program never halts. Store lines: 10 is
 * STO count (source line 15), 15 is count, 16 total, 31 the literal -1. */
#define BUG "tests/debug/planted.s"
enum { BUG_STO_N = 10, BUG_STO_N_SRC = 15, BUG_N = 15, BUG_SUM = 16, BUG_MINUS1 = 31 };

static void load_source(const char *path, emu_machine *m)
{
    size_t len;
    char *src = tu_read(path, &len);
    cr_assert(src, "cannot read %s", path);
    ssem_diag d;
    ssem_diag_init(&d, stderr);
    asm_program *p = asm_assemble(src, len, path, NULL, &d);
    cr_assert(p);
    ssem_image img;
    asm_program_image(p, &img);
    emu_machine_init(m, img.word);
    asm_program_free(p);
    free(src);
}

static void load_image(const char *path, emu_machine *m)
{
    size_t len;
    char *data = tu_read(path, &len);
    cr_assert(data);
    ssem_diag d;
    ssem_diag_init(&d, stderr);
    ssem_image img;
    cr_assert(ssem_image_parse(&img, data, len, path, SSEM_FMT_AUTO, &d) == 0);
    emu_machine_init(m, img.word);
    free(data);
}

/* The state at the stop must be the reference machine's after as many
 * steps from `start`; returns it. */
static emu_machine check_stop(dc *c, const emu_machine *start)
{
    emu_machine got, ref = *start;
    dc_machine(c, &got);
    while (ref.steps < got.steps && emu_step(&ref))
        ;
    char why[256];
    cr_assert(emu_machine_equal(&got, &ref, why, sizeof why), "the stop at step %" PRIu64 " is not the reference's: %s",
              got.steps, why);
    return got;
}

static cJSON *stopped(dc *c, const char *reason)
{
    cJSON *e = dc_event(c, "stopped");
    cr_assert_str_eq(dc_str(e, "body.reason"), reason, "stopped for %s (%s), not %s", dc_str(e, "body.reason"),
                     dc_str(e, "body.description"), reason);
    cr_assert_eq(dc_num(e, "body.threadId"), 1);
    return e;
}

static const char *eval(dc *c, const char *expr)
{
    char args[256];
    snprintf(args, sizeof args, "{\"expression\":\"%s\",\"context\":\"repl\"}", expr);
    return dc_str(dc_ok(c, "evaluate", args), "result");
}

static void launch(dc *c, const char *program, const char *engine, bool entry)
{
    cJSON *caps = dc_ok(c, "initialize", "{\"clientID\":\"test\",\"adapterID\":\"ssem\",\"linesStartAt1\":true}");
    static const char *const want[] = { "supportsStepBack", "supportsConfigurationDoneRequest", "supportsSetVariable",
                                        "supportsDataBreakpoints", "supportsConditionalBreakpoints" };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        cr_assert(cJSON_IsTrue(dc_get(caps, want[i])), "initialize does not advertise %s", want[i]);
    char args[512];
    snprintf(args, sizeof args, "{\"program\":\"%s\",\"engine\":\"%s\",\"stopOnEntry\":%s}", program, engine,
             entry ? "true" : "false");
    dc_ok(c, "launch", args);
    dc_event(c, "initialized");
}

/* The whole hunt for the planted bug, as a person does it in an editor. */
static void find_the_bug(const char *engine)
{
    emu_machine start, m;
    load_source(BUG, &start);
    dc c;
    dc_start(&c, NULL);
    launch(&c, BUG, engine, false);

    cJSON *b = dc_ok(&c, "setBreakpoints",
                     "{\"source\":{\"path\":\"" BUG "\"},\"breakpoints\":[{\"line\":15}]}");
    cr_assert(cJSON_IsTrue(dc_get(b, "breakpoints.0.verified")));
    cr_assert_eq(dc_num(b, "breakpoints.0.line"), BUG_STO_N_SRC);
    int bp = (int)dc_num(b, "breakpoints.0.id");
    b = dc_ok(&c, "dataBreakpointInfo", "{\"variablesReference\":2,\"name\":\"15 count\"}");
    cr_assert_str_eq(dc_str(b, "dataId"), "15");
    b = dc_ok(&c, "setDataBreakpoints", "{\"breakpoints\":[{\"dataId\":\"15\",\"accessType\":\"write\"}]}");
    cr_assert(cJSON_IsTrue(dc_get(b, "breakpoints.0.verified")));
    int wp = (int)dc_num(b, "breakpoints.0.id");
    dc_ok(&c, "configurationDone", NULL);

    /* Before the first STO count: count - 1 was meant, A holds count + 1. */
    cJSON *e = stopped(&c, "breakpoint");
    cr_assert_eq(dc_num(e, "body.hitBreakpointIds.0"), bp);
    m = check_stop(&c, &start);
    cr_assert_eq(m.steps, 9);
    cr_assert_eq((m.ci + 1) % 32, BUG_STO_N);
    cr_assert_eq(dc_frame_line(&c), BUG_STO_N_SRC);
    cr_assert_str_eq(eval(&c, "A"), "6");
    cr_assert_str_eq(eval(&c, "[count] - 1"), "4");

    /* The watch: right after the STO wrote count. */
    dc_ok(&c, "continue", NULL);
    e = stopped(&c, "data breakpoint");
    cr_assert_eq(dc_num(e, "body.hitBreakpointIds.0"), wp);
    m = check_stop(&c, &start);
    cr_assert_eq(m.steps, 10);
    cr_assert_str_eq(eval(&c, "[count]"), "6");

    dc_ok(&c, "continue", NULL);
    stopped(&c, "breakpoint");
    m = check_stop(&c, &start);
    cr_assert_eq(m.steps, 22);

    /* Backwards: one step, then to the watch and the break before it. */
    dc_ok(&c, "stepBack", NULL);
    stopped(&c, "step");
    m = check_stop(&c, &start);
    cr_assert_eq(m.steps, 21);
    dc_ok(&c, "reverseContinue", NULL);
    stopped(&c, "data breakpoint");
    cr_assert_eq(check_stop(&c, &start).steps, 10);
    dc_ok(&c, "reverseContinue", NULL);
    stopped(&c, "breakpoint");
    cr_assert_eq(check_stop(&c, &start).steps, 9);
    dc_ok(&c, "reverseContinue", NULL);
    stopped(&c, "entry");
    cr_assert_eq(check_stop(&c, &start).steps, 0);
    dc_ok(&c, "next", NULL);
    stopped(&c, "step");
    m = check_stop(&c, &start);
    cr_assert_eq(m.steps, 1);
    dc_ok(&c, "stepIn", NULL);
    stopped(&c, "step");
    m = check_stop(&c, &start);
    cr_assert_eq(m.steps, 2);

    /* The store shows the labels. */
    b = dc_ok(&c, "variables", "{\"variablesReference\":2,\"start\":15,\"count\":2}");
    cr_assert_str_eq(dc_str(b, "variables.0.name"), "15 count");
    cr_assert_str_eq(dc_str(b, "variables.1.name"), "16 total");
    cr_assert_str_eq(dc_str(b, "variables.0.evaluateName"), "[15]");

    /* The fix, made in place: the literal that SUB =-1 reads becomes 1. */
    b = dc_ok(&c, "setVariable", "{\"variablesReference\":2,\"name\":\"31\",\"value\":\"1\"}");
    cr_assert_str_eq(dc_str(b, "value"), "1");
    m.store[BUG_MINUS1] = 1;
    dc_ok(&c, "setBreakpoints", "{\"source\":{\"path\":\"" BUG "\"},\"breakpoints\":[]}");
    dc_ok(&c, "setDataBreakpoints", "{\"breakpoints\":[]}");
    dc_ok(&c, "continue", NULL);
    stopped(&c, "halt");
    check_stop(&c, &m);
    cr_assert_str_eq(eval(&c, "[total]"), "15");
    cr_assert_str_eq(eval(&c, "[count]"), "0");

    /* Going on after the STP ends the program. */
    dc_ok(&c, "continue", NULL);
    e = dc_event(&c, "exited");
    cr_assert_eq(dc_num(e, "body.exitCode"), 0);
    dc_event(&c, "terminated");
    dc_ok(&c, "disconnect", NULL);
    cr_assert_eq(dc_close(&c), 0);
}

Test(dap, finds_the_planted_bug_on_every_engine, .timeout = 600)
{
    size_t n;
    const emu_engine *const *list = emu_engine_list(&n);
    for (size_t i = 0; i < n; i++)
        find_the_bug(list[i]->name);
}

Test(dap, conditional_breakpoint, .timeout = 120)
{
    emu_machine start;
    load_source(BUG, &start);
    dc c;
    dc_start(&c, NULL);
    launch(&c, BUG, "threaded", false);
    cJSON *b = dc_ok(&c, "setBreakpoints", "{\"source\":{\"path\":\"" BUG "\"},\"breakpoints\":"
                                           "[{\"line\":15,\"condition\":\"A > 7\"},{\"line\":16,\"condition\":\"A >\"}]}");
    cr_assert(cJSON_IsTrue(dc_get(b, "breakpoints.0.verified")));
    cr_assert(!cJSON_IsTrue(dc_get(b, "breakpoints.1.verified")), "a bad condition was accepted");
    cr_assert(dc_str(b, "breakpoints.1.message"));
    dc_ok(&c, "configurationDone", NULL);
    stopped(&c, "breakpoint");
    emu_machine m = check_stop(&c, &start);
    cr_assert_eq((int32_t)m.a, 8);
    cr_assert_eq(m.steps, 35);
    /* A breakpoint on a comment line moves to the next code. */
    b = dc_ok(&c, "setBreakpoints", "{\"source\":{\"path\":\"" BUG "\"},\"breakpoints\":[{\"line\":1}]}");
    cr_assert_eq(dc_num(b, "breakpoints.0.line"), 5);
    /* A function breakpoint names a label. */
    b = dc_ok(&c, "setFunctionBreakpoints", "{\"breakpoints\":[{\"name\":\"loop+2\"}]}");
    cr_assert(cJSON_IsTrue(dc_get(b, "breakpoints.0.verified")));
    dc_ok(&c, "continue", NULL);
    stopped(&c, "function breakpoint");
    m = check_stop(&c, &start);
    cr_assert_eq((m.ci + 1) % 32, 3);
    /* Hovering over a label shows the word it names. */
    b = dc_ok(&c, "evaluate", "{\"expression\":\"count\",\"context\":\"hover\"}");
    cr_assert_eq(strtol(dc_str(b, "result"), NULL, 10), (int32_t)m.store[BUG_N]);
    dc_ok(&c, "disconnect", NULL);
    cr_assert_eq(dc_close(&c), 0);
}

Test(dap, entry_steps_and_halt, .timeout = 120)
{
    emu_machine start;
    load_source("tests/cli/add.s", &start);
    dc c;
    dc_start(&c, NULL);
    launch(&c, "tests/cli/add.s", "reference", true);
    dc_ok(&c, "configurationDone", NULL);
    stopped(&c, "entry");
    check_stop(&c, &start);
    for (int i = 1; i < 6; i++) {
        dc_ok(&c, "next", NULL);
        stopped(&c, "step");
        cr_assert_eq(check_stop(&c, &start).steps, (uint64_t)i);
    }
    dc_ok(&c, "next", NULL);
    stopped(&c, "halt");
    emu_machine m = check_stop(&c, &start);
    cr_assert(m.halted);
    cr_assert_eq(m.a, 8);
    /* The final CRT comes out as the program's output. */
    cJSON *o;
    do
        o = dc_event(&c, "output");
    while (strcmp(dc_str(o, "body.category"), "stdout") != 0);
    cr_assert(strstr(dc_str(o, "body.output"), "halted"), "%s", dc_str(o, "body.output"));
    dc_ok(&c, "stepBack", NULL);
    stopped(&c, "step");
    cr_assert_eq(check_stop(&c, &start).steps, 5);
    dc_ok(&c, "next", NULL);
    stopped(&c, "halt");
    dc_ok(&c, "next", NULL);
    dc_event(&c, "exited");
    dc_event(&c, "terminated");
    cJSON *r = dc_req(&c, "stackTrace", "{\"threadId\":1}");
    cr_assert(!cJSON_IsTrue(dc_get(r, "success")));
    dc_ok(&c, "disconnect", NULL);
    cr_assert_eq(dc_close(&c), 0);
}

/* An image has no source: its disassembly stands for it. */
Test(dap, image_pause_and_disassembly, .timeout = 120)
{
    emu_machine start;
    load_image("tests/cli/loop.img", &start);
    dc c;
    dc_start(&c, NULL);
    launch(&c, "tests/cli/loop.img", "threaded", false);
    dc_ok(&c, "configurationDone", NULL);
    cJSON *r = dc_req(&c, "stackTrace", "{\"threadId\":1}");
    cr_assert(!cJSON_IsTrue(dc_get(r, "success")), "a frame while running");
    cJSON *b = dc_ok(&c, "threads", NULL);
    cr_assert_eq(dc_num(b, "threads.0.id"), 1);
    dc_ok(&c, "pause", NULL);
    stopped(&c, "pause");
    /* Wherever the pause caught it (even before its first step). */
    emu_machine m = check_stop(&c, &start);
    b = dc_ok(&c, "stackTrace", "{\"threadId\":1}");
    int ref = (int)dc_num(b, "stackFrames.0.source.sourceReference");
    int line = (int)dc_num(b, "stackFrames.0.line");
    cr_assert(line > 0);
    char args[256];
    snprintf(args, sizeof args, "{\"sourceReference\":%d}", ref);
    b = dc_ok(&c, "source", args);
    cr_assert(strstr(dc_str(b, "content"), "JMP"), "%s", dc_str(b, "content"));
    snprintf(args, sizeof args, "{\"source\":{\"sourceReference\":%d},\"breakpoints\":[{\"line\":%d}]}", ref, line);
    b = dc_ok(&c, "setBreakpoints", args);
    cr_assert(cJSON_IsTrue(dc_get(b, "breakpoints.0.verified")));
    dc_ok(&c, "continue", NULL);
    stopped(&c, "breakpoint");
    emu_machine m2 = check_stop(&c, &start);
    cr_assert(m2.steps > m.steps);
    cr_assert_eq(dc_frame_line(&c), line);
    /* The end of input while running ends the session. */
    dc_ok(&c, "setBreakpoints", "{\"source\":{\"sourceReference\":1},\"breakpoints\":[]}");
    dc_ok(&c, "continue", NULL);
    cr_assert_eq(dc_close(&c), 0);
}

/* Each bad message gets an error response, and the session goes on. */
static void expect_error(dc *c, const char *bytes, const char *needle)
{
    dc_raw(c, bytes, strlen(bytes));
    cJSON *r = dc_any_response(c);
    cr_assert(!cJSON_IsTrue(dc_get(r, "success")), "no error for %s", bytes);
    const char *msg = dc_str(r, "message");
    cr_assert(msg && strstr(msg, needle), "for %s: '%s' lacks '%s'", bytes, msg ? msg : "(none)", needle);
    cr_assert_str_eq(dc_str(dc_ok(c, "threads", NULL), "threads.0.name"), "Baby");
}

static void expect_fail(dc *c, const char *command, const char *args, const char *needle)
{
    cJSON *r = dc_req(c, command, args);
    cr_assert(!cJSON_IsTrue(dc_get(r, "success")), "%s succeeded", command);
    const char *msg = dc_str(r, "message");
    cr_assert(msg && strstr(msg, needle), "%s: '%s' lacks '%s'", command, msg ? msg : "(none)", needle);
}

Test(dap, malformed_input_gets_errors, .timeout = 120)
{
    dc c;
    dc_start(&c, NULL);
    dc_ok(&c, "initialize", "{\"adapterID\":\"ssem\"}");
    expect_error(&c, "Content-Length: x\r\n\r\n{}", "bad Content-Length");
    expect_error(&c, "Content-Length: -3\r\n\r\n{}", "bad Content-Length");
    expect_error(&c, "Content-Length: 99999999999999999999\r\n\r\n{}", "over the limit");
    expect_error(&c, "Content-Type: json\r\n\r\n{}", "without Content-Length");
    expect_error(&c, "garbage\r\n\r\n", "bad header line");
    expect_error(&c, "Content-Length: 2\r\nContent-Length: 2\r\n\r\n{}", "two Content-Length");
    expect_error(&c, "Content-Length: 7\r\n\r\n{\"seq\":", "not JSON");
    expect_error(&c, "Content-Length: 2\r\n\r\n[]", "not a request");
    /* A header block over the 1 KiB limit, blank line or not. */
    char pad[1500];
    memset(pad, 'a', sizeof pad);
    memcpy(pad, "Content-Length: 2\r\nX-Pad: ", 26);
    memcpy(pad + sizeof pad - 7, "\r\n\r\n{}", 7);
    char *big = strndup(pad, sizeof pad);
    expect_error(&c, big, "header too long");
    memcpy(pad + sizeof pad - 7, "aaaaaaa", 7);
    free(big);
    big = strndup(pad, sizeof pad);
    expect_error(&c, big, "header too long");
    free(big);
    expect_error(&c, "Content-Length: 41\r\n\r\n{\"seq\":1,\"type\":\"response\",\"command\":\"x\"}", "not a request");
    expect_error(&c, "Content-Length: 57\r\n\r\n{\"seq\":9,\"type\":\"request\",\"command\":\"next\",\"arguments\":7}",
                 "not an object");
    expect_fail(&c, "frobnicate", NULL, "unknown command 'frobnicate'");
    expect_fail(&c, "nxt", NULL, "did you mean 'next'");
    expect_fail(&c, "stackTrace", "{\"threadId\":1}", "launch first");
    expect_fail(&c, "launch", "{}", "program");
    expect_fail(&c, "launch", "{\"program\":\"-\"}", "standard input");
    expect_fail(&c, "launch", "{\"program\":\"tests/dap/no-such-file.s\"}", "no-such-file");
    expect_fail(&c, "launch", "{\"program\":\"" BUG "\",\"engine\":\"threded\"}", "one of reference, ");
    expect_fail(&c, "launch", "{\"program\":\"tests/cli/bad.s\"}", "cannot load");
    cr_assert(dc_queued(&c, "output"), "the assembler's diagnostics are not shown");
    /* After all that, a session works. */
    dc_ok(&c, "launch", "{\"program\":\"" BUG "\",\"stopOnEntry\":true}");
    expect_fail(&c, "launch", "{\"program\":\"" BUG "\"}", "already");
    dc_ok(&c, "configurationDone", NULL);
    stopped(&c, "entry");
    expect_fail(&c, "variables", "{\"variablesReference\":99}", "no such");
    expect_fail(&c, "setVariable", "{\"variablesReference\":1,\"name\":\"steps\",\"value\":\"3\"}", "cannot be changed");
    expect_fail(&c, "setVariable", "{\"variablesReference\":1,\"name\":\"A\",\"value\":\"1 +\"}", "");
    expect_fail(&c, "setVariable", "{\"variablesReference\":2,\"name\":\"3\",\"value\":\"4294967296\"}", "out of range");
    expect_fail(&c, "setVariable", "{\"variablesReference\":2,\"name\":\"3\",\"value\":\"LDX 5\"}", "instruction");
    cJSON *b = dc_ok(&c, "setVariable", "{\"variablesReference\":2,\"name\":\"3\",\"value\":\"LDN count\"}");
    cr_assert_str_eq(dc_str(b, "value"), "16399");
    expect_fail(&c, "evaluate", "{\"expression\":\"nosuch + 1\"}", "nosuch");
    b = dc_ok(&c, "dataBreakpointInfo", "{\"variablesReference\":1,\"name\":\"A\"}");
    cr_assert(cJSON_IsNull(dc_get(b, "dataId")));
    b = dc_ok(&c, "setDataBreakpoints", "{\"breakpoints\":[{\"dataId\":\"99\"},{\"dataId\":\"3\",\"accessType\":\"read\"}]}");
    cr_assert(!cJSON_IsTrue(dc_get(b, "breakpoints.0.verified")));
    cr_assert(!cJSON_IsTrue(dc_get(b, "breakpoints.1.verified")));
    b = dc_ok(&c, "setBreakpoints", "{\"source\":{\"path\":\"/elsewhere/other.s\"},\"breakpoints\":[{\"line\":3}]}");
    cr_assert(!cJSON_IsTrue(dc_get(b, "breakpoints.0.verified")));
    dc_ok(&c, "disconnect", NULL);
    cr_assert_eq(dc_close(&c), 0);
}

Test(dap, end_of_input_ends_the_adapter, .timeout = 60)
{
    dc c;
    dc_start(&c, NULL);
    dc_ok(&c, "initialize", "{}");
    dc_raw(&c, "Content-Length: 10\r\n\r\n{\"se", 26);
    cr_assert_eq(dc_close(&c), 0);
}

/* Whatever the fuzzer found (tests/bad/fuzz-dap/) and its seeds, fed to the
 * real adapter: each ends in an orderly exit, never a crash or a hang. */
static void replay(const char *dir)
{
    DIR *d = opendir(dir);
    cr_assert(d, "cannot open %s", dir);
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        size_t len;
        char *data = tu_read(path, &len);
        cr_assert(data);
        const char *argv[] = { "ssememu", "--dap", NULL };
        tu_run r = tu_exec(argv, data, len);
        cr_assert_eq(r.status, 0, "%s: exit status %d: %s", path, r.status, r.err);
        cr_assert(strstr(r.out, "Content-Length: ") == r.out || len == 0, "%s: no framed reply", path);
        tu_run_free(&r);
        free(data);
    }
    closedir(d);
}

Test(dap, fuzz_findings_and_seeds, .timeout = 120)
{
    replay("tests/bad/fuzz-dap");
    replay("tests/fuzz/seeds/dap");
}

/* docs/dap.md's launch.json is what the VS Code extension in docs/vscode
 * declares, and the adapter launches it (${file} being a program). */
Test(dap, documented_launch_json_works, .timeout = 60)
{
    char *md = tu_read("docs/dap.md", NULL);
    char *pkg_text = tu_read("docs/vscode/package.json", NULL);
    cr_assert(md && pkg_text);
    char *start = strstr(md, "```json\n");
    cr_assert(start, "docs/dap.md has no json block");
    start += 8;
    char *end = strstr(start, "```");
    cr_assert(end);
    *end = '\0';
    cJSON *launch_json = cJSON_Parse(start);
    cJSON *pkg = cJSON_Parse(pkg_text);
    cr_assert(launch_json, "the launch.json in docs/dap.md is not JSON");
    cr_assert(pkg, "docs/vscode/package.json is not JSON");
    cJSON *conf = cJSON_GetArrayItem(cJSON_GetObjectItem(launch_json, "configurations"), 0);
    const cJSON *dbg = dc_get(pkg, "contributes.debuggers.0");
    cr_assert_str_eq(dc_str(conf, "type"), dc_str(dbg, "type"));
    cr_assert_str_eq(dc_str(conf, "request"), "launch");
    const cJSON *props = dc_get(dbg, "configurationAttributes.launch.properties");
    cJSON *args = cJSON_CreateObject();
    const cJSON *field;
    cJSON_ArrayForEach(field, conf) {
        if (!strcmp(field->string, "type") || !strcmp(field->string, "request") || !strcmp(field->string, "name"))
            continue;
        cr_assert(cJSON_GetObjectItem(props, field->string), "launch.json's %s is not declared", field->string);
        cJSON_AddItemToObject(args, field->string, cJSON_Duplicate(field, true));
    }
    cJSON_ReplaceItemInObject(args, "program", cJSON_CreateString(BUG));
    char adapter[256];
    snprintf(adapter, sizeof adapter, "docs/vscode/%s", dc_str(dbg, "program"));
    cr_assert(access(adapter, X_OK) == 0, "%s is not executable", adapter);

    dc c;
    dc_start(&c, NULL);
    dc_ok(&c, "initialize", "{\"adapterID\":\"ssem\"}");
    char *text = cJSON_PrintUnformatted(args);
    dc_ok(&c, "launch", text);
    dc_ok(&c, "configurationDone", NULL);
    stopped(&c, "entry");
    dc_ok(&c, "disconnect", NULL);
    cr_assert_eq(dc_close(&c), 0);
    free(text);
    cJSON_Delete(args);
    cJSON_Delete(launch_json);
    cJSON_Delete(pkg);
    free(md);
    free(pkg_text);
}

/* An image with the symbol file of ssemasm -g is debugged in its source. */
Test(dap, image_with_symbol_file_shows_its_source, .timeout = 120)
{
    char img[4096], args[4200];
    snprintf(img, sizeof img, "%s/planted.img", tu_tmpdir());
    tu_run r = tu_execl(NULL, "ssemasm", "-g", BUG, "-o", img, NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    tu_run_free(&r);
    emu_machine start;
    load_source(BUG, &start);
    dc c;
    dc_start(&c, NULL);
    launch(&c, img, "goto", false);
    cJSON *b = dc_ok(&c, "setBreakpoints", "{\"source\":{\"path\":\"" BUG "\"},\"breakpoints\":[{\"line\":15}]}");
    cr_assert(cJSON_IsTrue(dc_get(b, "breakpoints.0.verified")));
    dc_ok(&c, "configurationDone", NULL);
    stopped(&c, "breakpoint");
    emu_machine m = check_stop(&c, &start);
    cr_assert_eq(m.steps, 9);
    b = dc_ok(&c, "stackTrace", "{\"threadId\":1}");
    char *real = realpath(BUG, NULL);
    cr_assert_str_eq(dc_str(b, "stackFrames.0.source.path"), real);
    cr_assert_eq(dc_num(b, "stackFrames.0.line"), BUG_STO_N_SRC);
    free(real);
    cr_assert_str_eq(eval(&c, "[count]"), "5");
    dc_ok(&c, "disconnect", NULL);
    cr_assert_eq(dc_close(&c), 0);
    unlink(img);
    snprintf(args, sizeof args, "%s/planted.sym", tu_tmpdir());
    unlink(args);
}

Test(dap, command_line, .timeout = 60)
{
    tu_run r = tu_execl(NULL, "ssememu", "--dap", BUG, NULL);
    cr_assert_eq(r.status, 2);
    cr_assert(strstr(r.err, "launch request"), "%s", r.err);
    tu_run_free(&r);
    r = tu_execl(NULL, "ssememu", "-e", "nosuch", "--dap", NULL);
    cr_assert_eq(r.status, 2);
    cr_assert(strstr(r.err, "unknown engine 'nosuch'"), "%s", r.err);
    tu_run_free(&r);
    /* -e picks the engine a launch without one runs. */
    dc c;
    dc_start(&c, "-e", "super", NULL);
    dc_ok(&c, "initialize", "{}");
    dc_ok(&c, "launch", "{\"program\":\"" BUG "\"}");
    cJSON *o = dc_event(&c, "output");
    cr_assert(strstr(dc_str(o, "body.output"), "engine super"), "%s", dc_str(o, "body.output"));
    dc_ok(&c, "disconnect", NULL);
    cr_assert_eq(dc_close(&c), 0);
}

/* "Set next statement": the next instruction is the one on the chosen line. */
Test(dap, goto_a_line, .timeout = 60)
{
    dc c;
    dc_start(&c, NULL);
    launch(&c, BUG, "threaded", true);
    dc_ok(&c, "configurationDone", NULL);
    stopped(&c, "entry");
    cJSON *b = dc_ok(&c, "gotoTargets", "{\"source\":{\"path\":\"" BUG "\"},\"line\":15}");
    cr_assert_eq(dc_num(b, "targets.0.line"), BUG_STO_N_SRC);
    char args[64];
    snprintf(args, sizeof args, "{\"threadId\":1,\"targetId\":%d}", (int)dc_num(b, "targets.0.id"));
    dc_ok(&c, "goto", args);
    stopped(&c, "goto");
    emu_machine m, next;
    dc_machine(&c, &m);
    cr_assert_eq((m.ci + 1) % 32, BUG_STO_N);
    cr_assert_eq(m.steps, 0);
    cr_assert_eq(dc_frame_line(&c), BUG_STO_N_SRC);
    dc_ok(&c, "next", NULL);
    stopped(&c, "step");
    dc_machine(&c, &next);
    emu_step(&m);
    char why[256];
    cr_assert(emu_machine_equal(&next, &m, why, sizeof why), "%s", why);
    cr_assert_eq(m.store[BUG_N], 0);   /* STO count wrote A = 0 */
    b = dc_ok(&c, "gotoTargets", "{\"source\":{\"path\":\"/elsewhere.s\"},\"line\":15}");
    cr_assert_eq(cJSON_GetArraySize(dc_get(b, "targets")), 0);
    dc_ok(&c, "disconnect", NULL);
    cr_assert_eq(dc_close(&c), 0);
}
