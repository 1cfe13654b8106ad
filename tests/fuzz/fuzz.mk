# tests/fuzz/fuzz.mk: libFuzzer targets (clang), their runs, and the valgrind pass over the bad-input catalogue.
#
#   make fuzz FUZZ_SECONDS=N   build every target into $(BUILD)/fuzz and run each for N seconds
#   make fuzz-smoke            the CI smoke: FUZZ_SMOKE_SECONDS (15) per target, 60 s in all
#   make fuzz-build            only build the targets
#   make fuzz-one FUZZ_TARGET=asm FUZZ_SECONDS=N   one target
#   make check-valgrind        the CLI catalogue and atomic-write tests with every program under valgrind,
#                              and the jit's tests with the suite itself under valgrind
#
# The targets are compiled straight from the sources with clang and the fuzzer
# flags into their own object directory (the normal objects are gcc-built and
# unsanitized). Committed seeds are copied to a scratch corpus under
# $(BUILD)/fuzz/corpus first, so running never modifies the tree; findings land
# in $(BUILD)/fuzz/artifacts.

FUZZ_CC        ?= clang
FUZZ_SECONDS   ?= 60
FUZZ_SMOKE_SECONDS ?= 15
FUZZ_FLAGS     ?= -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
FUZZ_DIR        = $(BUILD)/fuzz
FUZZ_OBJDIR     = $(FUZZ_DIR)/obj
FUZZ_TARGETS    = asm image engines dis console
FUZZ_COV        = -fsanitize=fuzzer-no-link
FUZZ_SANFLAGS   = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_CFLAGS     = $(SSEM_CPPFLAGS) -std=gnu11 $(SSEM_WARN) -g -O1 $(FUZZ_COV) $(FUZZ_SANFLAGS) -MMD -MP
FUZZ_LDFLAGS    = -fsanitize=fuzzer,address,undefined

# Library code only: the programs' mains are not linked in (libFuzzer has its
# own), and each target links just the modules it exercises.
FUZZ_COMMON_OBJ = $(COMMON_SRC:%.c=$(FUZZ_OBJDIR)/%.o)
FUZZ_ASM_OBJ    = $(ASM_SRC:%.c=$(FUZZ_OBJDIR)/%.o) \
                  $(FUZZ_OBJDIR)/gen/asm_parser.o $(FUZZ_OBJDIR)/gen/asm_lexer.o
FUZZ_EMU_OBJ    = $(EMU_SRC:%.c=$(FUZZ_OBJDIR)/%.o)
FUZZ_OBJ_asm     = $(FUZZ_ASM_OBJ) $(FUZZ_COMMON_OBJ)
FUZZ_OBJ_dis     = $(FUZZ_ASM_OBJ) $(FUZZ_COMMON_OBJ)
FUZZ_OBJ_image   = $(FUZZ_COMMON_OBJ)
FUZZ_OBJ_engines = $(FUZZ_EMU_OBJ) $(FUZZ_ASM_OBJ) $(FUZZ_COMMON_OBJ)
# The console's command parser and what it prints with (no libedit, no I/O of its own).
FUZZ_OBJ_console = $(FUZZ_EMU_OBJ) $(FUZZ_ASM_OBJ) $(FUZZ_COMMON_OBJ) \
                   $(addprefix $(FUZZ_OBJDIR)/emu/ssememu/,emu_console_cmd.o emu_crt.o emu_dump.o)
FUZZ_BINS       = $(FUZZ_TARGETS:%=$(FUZZ_DIR)/fuzz_%)

# The engines run thousands of steps per input, each compared word by word:
# comparison tracing there (a search aid for magic values, which machine
# states do not have) cost 20x in speed, so the emulator is built with edge
# coverage only, and the lockstep and equality helpers with none at all.
$(FUZZ_EMU_OBJ): FUZZ_COV = -fsanitize-coverage=inline-8bit-counters,pc-table
$(FUZZ_OBJDIR)/emu/emu_lockstep.o $(FUZZ_OBJDIR)/emu/emu_machine.o: FUZZ_COV =
# Likewise the flex scanner: its table walk was two thirds of fuzz_asm's
# time under comparison tracing, which cannot guide a DFA table anyway.
$(FUZZ_OBJDIR)/gen/asm_lexer.o: FUZZ_COV = -fsanitize-coverage=inline-8bit-counters,pc-table

# Per-target dictionaries: the assembler's keywords and punctuation. flex
# matches punctuation in its DFA tables, out of trace-cmp's sight, and the
# keywords are compared a byte at a time.
FUZZ_DICT_asm = -dict=tests/fuzz/asm.dict

# Per-target input size caps: sources grow, a machine state is 140 bytes.
FUZZ_MAXLEN_asm     = 8192
FUZZ_MAXLEN_image   = 4096
FUZZ_MAXLEN_engines = 144
FUZZ_MAXLEN_dis     = 128
FUZZ_MAXLEN_console = 2048

.PHONY: fuzz fuzz-build fuzz-smoke fuzz-one check-valgrind

fuzz-build: $(FUZZ_BINS)

$(FUZZ_OBJDIR)/%.o: %.c | $(GEN_HDR)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -c $< -o $@

$(FUZZ_OBJDIR)/gen/%.o: $(GEN)/%.c | $(GEN_HDR)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -Wno-unused-function -Wno-sign-compare -Wno-missing-prototypes \
	      -Wno-unused-parameter -Wno-shadow -c $< -o $@

# Spelled out per target (a pattern rule cannot pick a per-stem object list).
define fuzz_link
$(FUZZ_DIR)/fuzz_$(1): $(FUZZ_OBJDIR)/tests/fuzz/fuzz_$(1).o $$(FUZZ_OBJ_$(1))
	@mkdir -p $$(@D)
	$$(FUZZ_CC) $$(FUZZ_LDFLAGS) $$^ $$(LIBS_EMU) -o $$@
endef
$(foreach t,$(FUZZ_TARGETS),$(eval $(call fuzz_link,$(t))))

# Seeds: the committed ones plus, for the text targets, our own sources and
# the bad-input catalogue as they are today (the catalogue is there exactly
# to make the parsers' error paths reachable).
FUZZ_EXTRA_asm   = $(wildcard examples/*.s tests/*.s tests/asm/*.s tests/asm/*/*.s tests/asm/dialects/*/*.s tests/asm/dialects/*/*.asm tests/bad/*.s)
FUZZ_EXTRA_image = $(wildcard tests/bad/*.img tests/bad/*.snp tests/bad/*.bin tests/bad/*.st tests/bad/*.dec)

define fuzz_run
	@mkdir -p $(FUZZ_DIR)/corpus/$(1) $(FUZZ_DIR)/artifacts
	@cp -f tests/fuzz/seeds/$(1)/* $(FUZZ_DIR)/corpus/$(1)/ 2>/dev/null || true
	@$(if $(FUZZ_EXTRA_$(1)),cp -f $(FUZZ_EXTRA_$(1)) $(FUZZ_DIR)/corpus/$(1)/ 2>/dev/null || true)
	@echo "fuzz_$(1): $(2) s"
	$(FUZZ_DIR)/fuzz_$(1) $(FUZZ_FLAGS) -max_total_time=$(2) -max_len=$(FUZZ_MAXLEN_$(1)) $(FUZZ_DICT_$(1)) \
	    -artifact_prefix=$(FUZZ_DIR)/artifacts/$(1)- $(FUZZ_DIR)/corpus/$(1) \
	    2>&1 | tee $(FUZZ_DIR)/fuzz_$(1).log | grep -E '^(#[0-9]+ +DONE|stat::number_of_executed_units|==[0-9]+==|SUMMARY|Done )' ; \
	    test $${PIPESTATUS[0]} -eq 0

endef

# The recipes use PIPESTATUS, a bash feature.
fuzz fuzz-smoke fuzz-one: SHELL := /bin/bash

fuzz: $(FUZZ_BINS)
	$(foreach t,$(FUZZ_TARGETS),$(call fuzz_run,$(t),$(FUZZ_SECONDS)))

fuzz-smoke: $(FUZZ_BINS)
	$(foreach t,$(FUZZ_TARGETS),$(call fuzz_run,$(t),$(FUZZ_SMOKE_SECONDS)))

FUZZ_TARGET ?= asm
fuzz-one: $(FUZZ_DIR)/fuzz_$(FUZZ_TARGET)
	$(call fuzz_run,$(FUZZ_TARGET),$(FUZZ_SECONDS))

# valgrind over the CLI tests that run the programs (bad-input catalogue,
# atomic writes); tests/test_bad.c reads SSEM_VALGRIND and prefixes each
# program with valgrind, failing the test on any error or leak it reports.
# The programs get their own unsanitized build with DWARF 4 debug info:
# valgrind 3.19 gives up on the DWARF 5 that clang 14 emits for the
# tail-call engine ("unhandled dwarf2 abbrev form code 0x25").
VG_BUILD = $(BUILD)/valgrind
check-valgrind:
	$(MAKE) --no-print-directory BUILD=$(VG_BUILD) SAN= CFLAGS="-O2 -gdwarf-4" check-build
	SSEM_BIN=$(abspath $(VG_BUILD)/bin) SSEM_CORPUS=$(SSEM_CORPUS) SSEM_VALGRIND=1 \
	    $(VG_BUILD)/bin/ssem-tests --filter 'bad_*/*' $(TESTFLAGS)
	SSEM_BIN=$(abspath $(VG_BUILD)/bin) SSEM_CORPUS=$(SSEM_CORPUS) SSEM_VALGRIND=1 \
	    $(VG_BUILD)/bin/ssem-tests --filter 'atomic_*/*' $(TESTFLAGS)
	@# The jit runs inside the test binary itself: the whole suite process
	@# goes under memcheck (budgets, invalidation, flush, interp; scaled
	@# down by SSEM_SAN=1). A memcheck error fails the test as a crash.
	SSEM_BIN=$(abspath $(VG_BUILD)/bin) SSEM_SAN=1 valgrind -q --trace-children=yes --error-exitcode=9 \
	    $(VG_BUILD)/bin/ssem-tests --filter 'jit_[bi]*/*' -j1 $(TESTFLAGS)

-include $(shell find $(FUZZ_OBJDIR) -name '*.d' 2>/dev/null)
