# emu/web/web.mk: the page in the browser: the C core compiled to WebAssembly (-included by the top Makefile).
#
#   make web         build/web/: index.html, web.js, web.css and ssem.js (the wasm
#                    embedded, so the page also works from file://)
#   make serve       serve build/web on http://127.0.0.1:$(WEB_PORT)/ (127.0.0.1 only)
#   make check-web   page tests in headless Chromium (tests/web/, puppeteer-core)
#
# Debian's emscripten runs its JavaScript tools on the system node, which
# finds acorn only through NODE_PATH.

EMCC      ?= emcc
WEB       = $(BUILD)/web
WEB_OBJ   = $(WEB)/obj
WEB_PORT ?= 8048
CHROMIUM ?= chromium
WEB_ENV   = NODE_PATH=$(or $(NODE_PATH),/usr/share/nodejs)

# The engines that build for wasm: WebAssembly has no computed goto (threaded,
# replicated, super) and clang 14 no musttail there (tailcall); the jit writes
# x86-64. web_engines.c names the same list for the registry.
WEB_ENGINES = reference seed switch call goto
# The page's first engine: the quickest of those in wasm.
WEB_DEFAULT_ENGINE = switch-predecoded
WEB_ENGINE_SRC = $(WEB_ENGINES:%=emu/engines/emu_engine_%.c)

# The same core the programs link, plus the JSON dump (the page's ssem-state
# is ssememu --dump=json) and the glue.
WEB_SRC = $(COMMON_SRC) $(ASM_SRC) $(filter-out emu/engines/%,$(EMU_SRC)) $(WEB_ENGINE_SRC) \
          emu/ssememu/emu_dump.c emu/ssememu/emu_crt.c $(wildcard emu/web/*.c)
WEB_OBJS = $(WEB_SRC:%.c=$(WEB_OBJ)/%.o) $(WEB_OBJ)/gen/asm_parser.o $(WEB_OBJ)/gen/asm_lexer.o
# clang's -Wformat=2 also flags ssem_diag's vfprintf of a caller's format.
WEB_CFLAGS = $(SSEM_CPPFLAGS) -std=gnu11 $(SSEM_WARN) -Wno-format-nonliteral -O3 -MMD -MP \
             -DWEB_ENGINE_LIST='$(foreach e,$(WEB_ENGINES),X($(e)))' -DWEB_DEFAULT_ENGINE='"$(WEB_DEFAULT_ENGINE)"'

# Every function web_api.h declares WEB_API is exported.
WEB_LP := (
WEB_EXPORTS = $(shell sed -n 's/^WEB_API .*[ *]\(web_[a-z_0-9]*\)$(WEB_LP).*/_\1/p' emu/web/web_api.h | paste -sd, -)
WEB_LDFLAGS = -O3 -sMODULARIZE=1 -sEXPORT_NAME=SsemModule -sSINGLE_FILE=1 -sALLOW_MEMORY_GROWTH=1 \
              -sINITIAL_MEMORY=33554432 -sENVIRONMENT=web,node \
              -sEXPORTED_FUNCTIONS=_malloc,_free,$(WEB_EXPORTS) \
              -sEXPORTED_RUNTIME_METHODS=ccall,cwrap,UTF8ToString,stringToUTF8,lengthBytesUTF8,FS \
              --embed-file examples@/examples --exclude-file '*.md'

WEB_PAGE = $(WEB)/index.html $(WEB)/web.js $(WEB)/web.css

.PHONY: web serve check-web web-screenshots
web: $(WEB)/ssem.js $(WEB_PAGE)

$(WEB_OBJ)/%.o: %.c | $(GEN_HDR)
	@mkdir -p $(@D)
	$(WEB_ENV) $(EMCC) $(WEB_CFLAGS) -c $< -o $@

$(WEB_OBJ)/gen/%.o: $(GEN)/%.c | $(GEN_HDR)
	@mkdir -p $(@D)
	$(WEB_ENV) $(EMCC) $(WEB_CFLAGS) -Wno-unused-function -Wno-sign-compare -Wno-missing-prototypes \
	      -Wno-unused-parameter -Wno-shadow -c $< -o $@

$(WEB)/ssem.js: $(WEB_OBJS) $(wildcard examples/*.s) emu/web/web.mk
	$(WEB_ENV) $(EMCC) $(WEB_LDFLAGS) $(WEB_OBJS) -o $@

$(WEB)/%: emu/web/%
	@mkdir -p $(@D)
	cp $< $@

serve: web
	@echo "serving $(WEB) on http://127.0.0.1:$(WEB_PORT)/"
	cd $(WEB) && python3 -m http.server --bind 127.0.0.1 $(WEB_PORT)

# The tests compare the page with ssememu; puppeteer-core comes from
# tests/web/package-lock.json (npm ci there) and drives Debian's chromium.
# The screenshots land in $(WEB)/shots; `make web-screenshots` retakes the
# README's in docs/img.
WEB_SHOTS ?= $(abspath $(WEB)/shots)
check-web: web $(BIN)/ssememu
	@test -d tests/web/node_modules/puppeteer-core || { \
	    echo "check-web: run 'npm ci' in tests/web first (puppeteer-core)"; exit 1; }
	SSEM_BIN=$(abspath $(BIN)) SSEM_WEB=$(abspath $(WEB)) SSEM_CHROMIUM=$(CHROMIUM) SSEM_SHOTS=$(WEB_SHOTS) \
	    node tests/web/run.mjs

web-screenshots:
	SSEM_WEB_FILTER=screenshots $(MAKE) --no-print-directory check-web WEB_SHOTS=$(abspath docs/img)

-include $(shell find $(WEB_OBJ) -name '*.d' 2>/dev/null)
