# bench/stages.c, the codec's JPEG functions one at a time for make bench's
# per-function table, linked against each flavour's libraries with that
# flavour's flags (the SIMD one's DCT types differ): a core module per
# flavour, optimised as the component's is.

CODEC_STAGES_SRC := $(CODEC_DIR)/bench/stages.c

# $(call codec_stages,FLAVOUR,CFLAGS): $(CODEC_BUILD)/FLAVOUR/stages.wasm
define codec_stages
$$(CODEC_$(1)_DIR)/stages.core.wasm: $$(CODEC_STAGES_SRC) $$(CODEC_$(1)_LIBS) $$(CODEC_$(1)_LIB_FLAGS)
	$$(CLANG) $(2) $$(CODEC_LIB_DEFINES) -std=c11 -Wall -Wextra -Werror $$(CODEC_$(1)_LIB_INCLUDES) \
	  -mexec-model=reactor -Wl,--strip-debug $$< $$(CODEC_$(1)_LIBS) -o $$@

$$(CODEC_$(1)_DIR)/stages.wasm: $$(CODEC_$(1)_DIR)/stages.core.wasm $$(BINARYEN_INSTALLED)
	$$(call wasm_opt,-O3,--detect-features,$$<,$$@)
endef

$(eval $(call codec_stages,wasm,$(CODEC_WASM_BASE_CFLAGS) $(CODEC_SIMD_LIB_FLAGS)))
$(eval $(call codec_stages,wasm-c,$(CODEC_WASM_BASE_CFLAGS)))
CODEC_SIMD_STAGES := $(CODEC_wasm_DIR)/stages.wasm
CODEC_PLAIN_STAGES := $(CODEC_wasm-c_DIR)/stages.wasm
