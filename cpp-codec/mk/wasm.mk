# The component: core module → component (with the WASI preview1 reactor
# adapter, should anything import WASI) → validated. Built twice, each in its
# flavour's folder: `wasm` with the SIMD backend (the default) and `wasm-c`,
# the plain-C build; build/components/codec.wasm is the one CODEC_SIMD picks.

CODEC_GEN_FILES := $(addprefix $(CODEC_GEN)/,codec_component.cpp codec_component_cpp.h \
  codec_component_component_type.o wit.h)

# Generated into a scratch folder, then copied over only where the output
# changed: a WIT edit rebuilds the objects that include what it changed
# (the .d files list the generated headers), a new wit-bindgen too.
CODEC_GEN_STAMP := $(CODEC_GEN)/.generated
$(CODEC_GEN_STAMP): $(WIT_FILES) $(WIT_BINDGEN)
	rm -rf $(CODEC_GEN).new && mkdir -p $(CODEC_GEN).new $(CODEC_GEN)
	$(WIT_BINDGEN) cpp $(WIT) --world codec-component --out-dir $(CODEC_GEN).new > /dev/null
	for f in $(notdir $(CODEC_GEN_FILES)); do \
	  cmp -s $(CODEC_GEN).new/$$f $(CODEC_GEN)/$$f || mv $(CODEC_GEN).new/$$f $(CODEC_GEN)/$$f; \
	done
	rm -rf $(CODEC_GEN).new && touch $@
$(CODEC_GEN_FILES): $(CODEC_GEN_STAMP) ;

# $(call codec_wasm,FLAVOUR,CFLAGS): under $(CODEC_BUILD)/FLAVOUR, the codec's
# objects compiled with CFLAGS (CODEC_<FLAVOUR>_OBJS), linked with the
# flavour's libraries into codec.core.wasm, codec.opt.wasm and the component
# codec.wasm.
define codec_wasm
CODEC_$(1)_CFLAGS := $(2)
CODEC_$(1)_OBJS := \
  $$(patsubst $$(CODEC_DIR)/src/%.cpp,$$(CODEC_$(1)_DIR)/obj/%.o,$$(CODEC_CORE_SOURCES) \
    $$(CODEC_WASM_ONLY_SOURCES)) \
  $$(addprefix $$(CODEC_$(1)_DIR)/obj/,codec_component.o rt.o tag.o)
CODEC_$(1)_FLAGS := $$(CODEC_$(1)_DIR)/codec-flags

$$(CODEC_$(1)_FLAGS): codec-flags-check | $$(DEBIAN_OK)
	$$(call codec_flags_file,$$(CLANGXX) $(2) $$(CODEC_CXXFLAGS))

$$(CODEC_$(1)_DIR)/obj/%.o: $$(CODEC_DIR)/src/%.cpp $$(CODEC_$(1)_FLAGS) \
    | $$(CODEC_$(1)_LIB_HEADERS) $$(CODEC_GEN_FILES)
	@mkdir -p $$(@D)
	$$(CLANGXX) $(2) $$(CODEC_CXXFLAGS) $$(CODEC_$(1)_LIB_INCLUDES) -isystem $$(CODEC_GEN) \
	  -MD -MP -c $$< -o $$@

# Generated code: its own style, so not held to the codec's warnings.
$$(CODEC_$(1)_DIR)/obj/codec_component.o: $$(CODEC_GEN)/codec_component.cpp $$(CODEC_$(1)_FLAGS)
	@mkdir -p $$(@D)
	$$(CLANGXX) $(2) -std=c++23 -fno-exceptions -fno-rtti -w -c $$< -o $$@

$$(CODEC_$(1)_DIR)/obj/rt.o: $$(CODEC_DIR)/sjlj/rt.c $$(CODEC_DIR)/sjlj/setjmp.h $$(CODEC_$(1)_FLAGS)
	@mkdir -p $$(@D)
	$$(CLANG) $(2) -std=c11 -Wall -Wextra -Werror -c $$< -o $$@

$$(CODEC_$(1)_DIR)/obj/tag.o: $$(CODEC_DIR)/sjlj/tag.S $$(CODEC_$(1)_FLAGS)
	@mkdir -p $$(@D)
	$$(CLANG) $(2) -c $$< -o $$@

# A reactor: no main; the host calls the exports.
$$(CODEC_$(1)_DIR)/codec.core.wasm: $$(CODEC_$(1)_OBJS) $$(CODEC_$(1)_LIBS)
	$$(CLANGXX) $$(CODEC_WASM_TARGET) -O2 -mexec-model=reactor -fno-exceptions \
	  -Wl,--strip-debug $$(CODEC_$(1)_OBJS) $$(CODEC_GEN)/codec_component_component_type.o \
	  $$(CODEC_$(1)_LIBS) -o $$@

# wasm-opt (toolchain/binaryen/binaryen.mk) -O3; the features, wasm
# exceptions and SIMD128 among them, come from the module's target_features
# section.
$$(CODEC_$(1)_DIR)/codec.opt.wasm: $$(CODEC_$(1)_DIR)/codec.core.wasm $$(BINARYEN_INSTALLED)
	$$(call wasm_opt,-O3,--detect-features,$$<,$$@)

$$(CODEC_$(1)_DIR)/codec.wasm: $$(CODEC_$(1)_DIR)/codec.opt.wasm $$(ADAPTER_REACTOR) $$(WASM_TOOLS)
	$$(WASM_TOOLS) component new $$< --adapt wasi_snapshot_preview1=$$(ADAPTER_REACTOR) -o $$@
	$$(WASM_TOOLS) validate $$@

-include $$(CODEC_$(1)_OBJS:.o=.d)
endef
