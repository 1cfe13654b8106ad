# Makefile: builds ssemasm, ssemdis and ssememu into build/bin, runs the tests, installs (GNU make).
#
#   make                 programs in build/bin
#   make check           build and run the whole test suite
#   make SAN=1 check     the same under ASan+UBSan, objects in build/san
#   make demo            assemble and run the 1948 first program
#   make bench           the dispatch-technique benchmark (bench/)
#   make install PREFIX=/usr/local DESTDIR=
#
# CFLAGS, CPPFLAGS and LDFLAGS are yours: the project's own flags live in
# SSEM_* variables and are always added, so `make CFLAGS=-O0` keeps warnings.

# Every core by default; an explicit -jN on the command line wins.
ifeq ($(filter -j%,$(MAKEFLAGS)),)
MAKEFLAGS += -j$(shell nproc 2>/dev/null || echo 2)
endif

PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
MANDIR  ?= $(PREFIX)/share/man
COMPDIR ?= $(PREFIX)/share/bash-completion/completions
DESTDIR ?=
INSTALL ?= install

CC      ?= cc
CFLAGS  ?= -O2 -g
LDFLAGS ?=
FLEX    ?= flex
BISON   ?= bison
# The tail-call engines need __attribute__((musttail)), which not every C
# compiler has: their files are built with clang when clang exists.
CLANG   ?= $(shell command -v clang 2>/dev/null)

ifeq ($(SAN),1)
BUILD   ?= build/san
SSEM_SAN = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
else
BUILD   ?= build
SSEM_SAN =
endif

SSEM_WARN   = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
              -Wpointer-arith -Wformat=2 -Wundef -Wcast-align -Wwrite-strings
# One include directory per library; a front end adds its own folder.
SSEM_CPPFLAGS = -Icommon -Iasm -Iemu -Iemu/engines -Iemu/engines/jit -Iemu/debug -Iemu/panel -Iemu/ssememu \
                -I$(BUILD)/gen -D_GNU_SOURCE
SSEM_CFLAGS = -std=gnu11 $(SSEM_WARN) $(SSEM_SAN) -MMD -MP
ALL_CFLAGS  = $(SSEM_CPPFLAGS) $(CPPFLAGS) $(SSEM_CFLAGS) $(CFLAGS)
ALL_LDFLAGS = $(SSEM_SAN) $(LDFLAGS)

VERSION := $(shell git describe --tags --always --dirty 2>/dev/null || echo 0.1)
SSEM_CPPFLAGS += -DSSEM_VERSION='"$(VERSION)"'

OBJ = $(BUILD)/obj
GEN = $(BUILD)/gen
BIN = $(BUILD)/bin

# The libraries sit at the top of their folders (and emu/'s engines below
# it); each program's front end is a folder of its own named after it.
#   libssem   common/*.c          ISA table, images, safe I/O, diagnostics, disassembler, CLI helpers
#   libasm    asm/*.c + parser    the assembler
#   libemu    emu/*.c           the machine, the engine registry, lockstep
#             emu/engines/**    the engines (the jit in emu/engines/jit/)
#             emu/debug/        the debugging core: stops, steps, reverse execution (no I/O)
#             emu/panel/        the control panel's machine model (no I/O)
#   ssemasm   asm/ssemasm/        ssemdis  common/ssemdis/
#   ssememu   emu/ssememu/        (draws the CRT, writes PNGs and images)
COMMON_SRC = $(wildcard common/*.c)
ASM_SRC    = $(wildcard asm/*.c)
EMU_SRC    = $(wildcard emu/*.c emu/engines/*.c emu/engines/*/*.c emu/debug/*.c emu/panel/*.c)
SSEMASM_SRC = $(wildcard asm/ssemasm/*.c)
SSEMDIS_SRC = $(wildcard common/ssemdis/*.c)
SSEMEMU_SRC = $(wildcard emu/ssememu/*.c)
# The front-end code the suite tests in-process: the plain-text views, the
# debugging options' helpers, and DAP's session (also fed from memory, with
# run chunks no editor can set). The rest (main, PNG, the terminal, the
# console) and DAP over pipes are tested by running ssememu as a person would.
SSEMEMU_TESTED_SRC = $(addprefix emu/ssememu/,emu_crt.c emu_dump.c emu_png_render.c emu_debug_cli.c \
                       emu_dap.c emu_dap_io.c emu_dap_req.c)
TEST_SRC   = $(wildcard tests/*.c)

GEN_SRC    = $(GEN)/asm_parser.c $(GEN)/asm_lexer.c
GEN_HDR    = $(GEN)/asm_parser.h $(GEN)/asm_lexer.h

COMMON_OBJ = $(COMMON_SRC:%.c=$(OBJ)/%.o)
ASM_OBJ    = $(ASM_SRC:%.c=$(OBJ)/%.o) $(OBJ)/gen/asm_parser.o $(OBJ)/gen/asm_lexer.o
EMU_OBJ    = $(EMU_SRC:%.c=$(OBJ)/%.o)
SSEMASM_OBJ = $(SSEMASM_SRC:%.c=$(OBJ)/%.o)
SSEMDIS_OBJ = $(SSEMDIS_SRC:%.c=$(OBJ)/%.o)
SSEMEMU_OBJ = $(SSEMEMU_SRC:%.c=$(OBJ)/%.o)
SSEMEMU_TESTED_OBJ = $(SSEMEMU_TESTED_SRC:%.c=$(OBJ)/%.o)
TEST_OBJ   = $(TEST_SRC:%.c=$(OBJ)/%.o)

PROGRAMS = $(BIN)/ssemasm $(BIN)/ssemdis $(BIN)/ssememu
TESTBIN  = $(BIN)/ssem-tests
MANPAGES = $(wildcard docs/*.1)

LIBS_EMU  = -lm
# ssememu: PNG pictures, the console's line editing, DAP's JSON, the panel.
LIBS_SSEMEMU = -lpng -ledit -lcjson -lncurses $(LIBS_EMU)
LIBS_TEST = -lcriterion -lcjson

# Where the tests find the SIMH-checked corpus; absent is fine (those tests skip).
SSEM_CORPUS ?= $(abspath ../shared/corpus)

.PHONY: all check check-build demo bench bench-quick install uninstall clean deps fuzz
all: $(PROGRAMS)

# --- build dependencies --------------------------------------------------
# Installed on demand (apt-get, with sudo when not root) or named clearly.
DEPS_STAMP = $(BUILD)/.deps-ok
$(DEPS_STAMP):
	@sh .ci/deps
	@mkdir -p $(@D) && touch $@
deps:
	@sh .ci/deps

# --- compilation ----------------------------------------------------------
$(OBJ)/%.o: %.c | $(DEPS_STAMP) $(GEN_HDR)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

ifneq ($(CLANG),)
$(OBJ)/emu/engines/emu_engine_tailcall.o $(OBJ)/emu/engines/emu_engine_super_tail.o: $(OBJ)/%.o: %.c | $(DEPS_STAMP) $(GEN_HDR)
	@mkdir -p $(@D)
	$(CLANG) $(ALL_CFLAGS) -c $< -o $@
endif

# Generated code is not ours to warn about beyond what it needs.
$(OBJ)/gen/%.o: $(GEN)/%.c | $(GEN_HDR)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Wno-unused-function -Wno-sign-compare -Wno-missing-prototypes \
	      -Wno-unused-parameter -Wno-shadow -c $< -o $@

$(GEN)/asm_parser.c $(GEN)/asm_parser.h &: asm/asm_parser.y | $(DEPS_STAMP)
	@mkdir -p $(GEN)
	$(BISON) -Wall -Werror --defines=$(GEN)/asm_parser.h -o $(GEN)/asm_parser.c $<

$(GEN)/asm_lexer.c $(GEN)/asm_lexer.h &: asm/asm_lexer.l $(GEN)/asm_parser.h | $(DEPS_STAMP)
	@mkdir -p $(GEN)
	$(FLEX) --header-file=$(GEN)/asm_lexer.h -o $(GEN)/asm_lexer.c $<

# --- programs ---------------------------------------------------------------
$(BIN)/ssemasm: $(SSEMASM_OBJ) $(ASM_OBJ) $(COMMON_OBJ)
	@mkdir -p $(@D)
	$(CC) $(ALL_LDFLAGS) $^ -o $@

$(BIN)/ssemdis: $(SSEMDIS_OBJ) $(COMMON_OBJ)
	@mkdir -p $(@D)
	$(CC) $(ALL_LDFLAGS) $^ -o $@

$(BIN)/ssememu: $(SSEMEMU_OBJ) $(EMU_OBJ) $(ASM_OBJ) $(COMMON_OBJ)
	@mkdir -p $(@D)
	$(CC) $(ALL_LDFLAGS) $^ $(LIBS_SSEMEMU) -o $@

# The suite also checks the bench's native routine (tests/test_bench_native.c).
TEST_BENCH_OBJ = $(addprefix $(OBJ)/bench/,bench_native.o bench_native_check.o bench_progs.o)
# It links no libpng and no curses (cJSON is for the DAP tests' client): the libraries, and the front-end code
# that is plain text (the CRT and the dumps).
$(TESTBIN): $(TEST_OBJ) $(TEST_BENCH_OBJ) $(SSEMEMU_TESTED_OBJ) $(EMU_OBJ) $(ASM_OBJ) $(COMMON_OBJ)
	@mkdir -p $(@D)
	$(CC) $(ALL_LDFLAGS) $^ $(LIBS_EMU) $(LIBS_TEST) -o $@

# --- tests ------------------------------------------------------------------
# The suite runs from the top of the tree; CLI tests run the programs in $(BIN).
check-build: $(PROGRAMS) $(TESTBIN)
# Criterion's runner leaks a few bytes of its own at exit; only that is
# suppressed, so a leak in our code still fails the sanitizer run.
check: check-build
	SSEM_BIN=$(abspath $(BIN)) SSEM_CORPUS=$(SSEM_CORPUS) SSEM_SAN=$(SAN) \
	LSAN_OPTIONS=suppressions=$(abspath tests/lsan.supp):print_suppressions=0 \
	    $(TESTBIN) $(TESTFLAGS)

# --- the main job -------------------------------------------------------------
demo: $(PROGRAMS)
	@mkdir -p $(BUILD)/demo
	$(BIN)/ssemasm examples/hfr.s -o $(BUILD)/demo/hfr.img -l $(BUILD)/demo/hfr.lst
	@cat $(BUILD)/demo/hfr.lst
	$(BIN)/ssememu $(BUILD)/demo/hfr.img

# --- install ------------------------------------------------------------------
# bash-completion loads completions by command name: one copy per tool.
install: $(PROGRAMS)
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(COMPDIR)
	$(INSTALL) -m 755 $(PROGRAMS) $(DESTDIR)$(BINDIR)/
	$(if $(MANPAGES),$(INSTALL) -m 644 $(MANPAGES) $(DESTDIR)$(MANDIR)/man1/)
	for p in $(notdir $(PROGRAMS)); do \
	    $(INSTALL) -m 644 docs/ssem-completion.bash $(DESTDIR)$(COMPDIR)/$$p || exit 1; done

uninstall:
	rm -f $(addprefix $(DESTDIR)$(BINDIR)/,$(notdir $(PROGRAMS)))
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/man1/,$(notdir $(MANPAGES)))
	rm -f $(addprefix $(DESTDIR)$(COMPDIR)/,$(notdir $(PROGRAMS)))

clean:
	rm -rf build

# Benchmark and fuzzing rules live beside their code.
-include bench/bench.mk
-include tests/fuzz/fuzz.mk
-include emu/patchgen/patch.mk
-include emu/web/web.mk

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
