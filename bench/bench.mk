# bench/bench.mk: the dispatch-technique benchmark: builds ssem-bench and runs it (-included by the top Makefile).
#
#   make bench          check every engine against reference, then time them all
#                       (terminal table, $(BUILD)/bench/results.csv and results.svg)
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

bench: $(BENCH_BIN)
	SSEM_CORPUS=$(SSEM_CORPUS) $(BENCH_BIN) --out $(BENCH_OUT) $(BENCH_FLAGS)

bench-quick: $(BENCH_BIN)
	SSEM_CORPUS=$(SSEM_CORPUS) $(BENCH_BIN) --quick --out $(BENCH_OUT)
