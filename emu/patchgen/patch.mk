# emu/patchgen/patch.mk: the copy-and-patch engine's build-time half (-included by the top Makefile).
#
# clang compiles the stencils (emu/patchgen/emu_patch_stencils.c) into an
# object with one section per function; patchgen reads its relocations with
# libelf and writes $(GEN)/emu_patch_stencils.h, which the `patch` engine
# includes. Without clang or libelf the engine compiles to nothing, as
# tailcall does without musttail. Everything made here is build output.

PATCH_GEN_H = $(GEN)/emu_patch_stencils.h
PATCH_STENCIL_OBJ = $(BUILD)/patchgen/emu_patch_stencils.o
PATCHGEN = $(BUILD)/patchgen/patchgen
# Position-dependent code, so a hole's value is an absolute relocation;
# no jump tables, unwind tables, stack protector or CET notes, which would
# need sections of their own.
PATCH_STENCIL_FLAGS = -O2 -std=gnu11 -fno-pic -fno-pie -fno-jump-tables -ffunction-sections \
                      -fno-asynchronous-unwind-tables -fno-unwind-tables -fno-stack-protector \
                      -fcf-protection=none -DEMU_PATCH_STENCIL_BUILD

ifneq ($(CLANG),)
ifneq ($(wildcard /usr/include/libelf.h),)
$(PATCH_STENCIL_OBJ): emu/patchgen/emu_patch_stencils.c emu/engines/jit/emu_nat.h emu/emu.h \
                      emu/emu_semantics.h | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CLANG) $(SSEM_CPPFLAGS) $(SSEM_WARN) $(PATCH_STENCIL_FLAGS) -c $< -o $@

$(PATCHGEN): emu/patchgen/patchgen.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) -std=gnu11 $(SSEM_WARN) -O2 $< -lelf -o $@

$(PATCH_GEN_H): $(PATCH_STENCIL_OBJ) $(PATCHGEN)
	@mkdir -p $(@D)
	$(PATCHGEN) $(PATCH_STENCIL_OBJ) $@

# The fuzzers (tests/fuzz/fuzz.mk) get the engine too.
PATCH_ENGINE_OBJ = $(OBJ)/emu/engines/emu_engine_patch.o $(BUILD)/fuzz/obj/emu/engines/emu_engine_patch.o
$(PATCH_ENGINE_OBJ): $(PATCH_GEN_H)
$(PATCH_ENGINE_OBJ): SSEM_CPPFLAGS += -DEMU_HAVE_PATCH
endif
endif
