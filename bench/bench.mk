# bench/bench.mk: the dispatch-technique benchmark: builds ssem-bench and runs it (-included by the top Makefile).
#
#   make bench          check every engine against reference, then time them all,
#                       built with gcc and (when clang exists) with clang, in one
#                       interleaved run (tables per compiler, $(BUILD)/bench/results.csv,
#                       spectrum.svg)
#   make bench-quick    tiny workloads, correctness only (CI; a few seconds)
#   make bench BENCH_FLAGS='--runs 9 --engines seed,threaded,super'
#
# Timers live here and never in `make check`.

BENCH_SRC   = $(wildcard bench/*.c)
BENCH_OBJ   = $(BENCH_SRC:%.c=$(OBJ)/%.o)
BENCH_BIN   = $(BIN)/ssem-bench
BENCH_OUT   = $(BUILD)/bench
BENCH_FLAGS ?=

$(OBJ)/bench/%.o: bench/%.c | $(DEPS_STAMP) $(GEN_HDR)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -DBENCH_SRCDIR='"$(abspath bench)"' \
	    -DBENCH_CFLAGS='"$(CC) $(CFLAGS); tailcall: $(if $(CLANG),$(CLANG),$(CC))"' -c $< -o $@

$(BENCH_BIN): $(BENCH_OBJ) $(EMU_OBJ) $(ASM_OBJ) $(COMMON_OBJ)
	@mkdir -p $(@D)
	$(CC) $(ALL_LDFLAGS) $^ $(LIBS_EMU) -o $@

# The suite runs ssem-bench's command line too (tests/test_cli_emu.c).
check-build: $(BENCH_BIN)

# The other compiler's build: the same sources with clang, in a build
# directory of its own; ssem-bench starts it with --serve and times its
# engines in the same rotation as its own (bench/bench_peer.c).
BENCH_PEER_BUILD = $(BUILD)/clang
BENCH_PEER_BIN   = $(BENCH_PEER_BUILD)/bin/ssem-bench
ifneq ($(CLANG),)
ifeq ($(findstring clang,$(CC)),)
BENCH_PEER = --peer $(BENCH_PEER_BIN)
.PHONY: bench-peer
bench-peer:
	$(MAKE) BUILD=$(BENCH_PEER_BUILD) CC=$(CLANG) $(BENCH_PEER_BIN)
bench: bench-peer
endif
endif

bench: $(BENCH_BIN)
	SSEM_CORPUS=$(SSEM_CORPUS) $(BENCH_BIN) --out $(BENCH_OUT) $(BENCH_PEER) $(BENCH_FLAGS)

bench-quick: $(BENCH_BIN)
	SSEM_CORPUS=$(SSEM_CORPUS) $(BENCH_BIN) --quick --out $(BENCH_OUT)
