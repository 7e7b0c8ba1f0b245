# The component: core module → component (with the WASI preview1 reactor
# adapter, should anything import WASI) → validated.

CODEC_WASM_DIR := $(CODEC_BUILD)/wasm
CODEC_WASM_CORE := $(CODEC_WASM_DIR)/codec.core.wasm
CODEC_GEN_FILES := $(addprefix $(CODEC_GEN)/,codec_component.cpp codec_component_cpp.h \
  codec_component_component_type.o wit.h)

CODEC_WASM_OBJS := \
  $(patsubst $(CODEC_DIR)/src/%.cpp,$(CODEC_WASM_DIR)/obj/%.o,$(CODEC_CORE_SOURCES) $(CODEC_WASM_ONLY_SOURCES)) \
  $(CODEC_WASM_DIR)/obj/codec_component.o $(CODEC_WASM_DIR)/obj/rt.o $(CODEC_WASM_DIR)/obj/tag.o

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

CODEC_WASM_FLAGS := $(CODEC_WASM_DIR)/codec-flags
CODEC_WASM_COMPILE := $(CLANGXX) $(CODEC_WASM_CFLAGS) $(CODEC_CXXFLAGS)
$(CODEC_WASM_FLAGS): codec-flags-check | $(DEBIAN_OK)
	$(call codec_flags_file,$(CODEC_WASM_COMPILE))

$(CODEC_WASM_DIR)/obj/%.o: $(CODEC_DIR)/src/%.cpp $(CODEC_WASM_FLAGS) \
    | $(CODEC_wasm_LIB_HEADERS) $(CODEC_GEN_FILES)
	@mkdir -p $(@D)
	$(CLANGXX) $(CODEC_WASM_CFLAGS) $(CODEC_CXXFLAGS) $(CODEC_wasm_LIB_INCLUDES) -isystem $(CODEC_GEN) \
	  -MD -MP -c $< -o $@

# Generated code: its own style, so not held to the codec's warnings.
$(CODEC_WASM_DIR)/obj/codec_component.o: $(CODEC_GEN)/codec_component.cpp $(CODEC_WASM_FLAGS)
	@mkdir -p $(@D)
	$(CLANGXX) $(CODEC_WASM_CFLAGS) -std=c++23 -fno-exceptions -fno-rtti -w -c $< -o $@

$(CODEC_WASM_DIR)/obj/rt.o: $(CODEC_DIR)/sjlj/rt.c $(CODEC_DIR)/sjlj/setjmp.h $(CODEC_WASM_FLAGS)
	@mkdir -p $(@D)
	$(CLANG) $(CODEC_WASM_CFLAGS) -std=c11 -Wall -Wextra -Werror -c $< -o $@

$(CODEC_WASM_DIR)/obj/tag.o: $(CODEC_DIR)/sjlj/tag.S $(CODEC_WASM_FLAGS)
	@mkdir -p $(@D)
	$(CLANG) $(CODEC_WASM_CFLAGS) -c $< -o $@

# A reactor: no main; the host calls the exports.
$(CODEC_WASM_CORE): $(CODEC_WASM_OBJS) $(CODEC_wasm_LIBS)
	$(CLANGXX) $(CODEC_WASM_TARGET) -O2 -mexec-model=reactor -fno-exceptions \
	  -Wl,--strip-debug $(CODEC_WASM_OBJS) $(CODEC_GEN)/codec_component_component_type.o \
	  $(CODEC_wasm_LIBS) -o $@

# wasm-opt (toolchain/binaryen/binaryen.mk) -O3; the features, wasm
# exceptions among them, come from the module's target_features section.
CODEC_WASM_OPT := $(CODEC_WASM_DIR)/codec.opt.wasm

$(CODEC_WASM_OPT): $(CODEC_WASM_CORE) $(BINARYEN_INSTALLED)
	$(call wasm_opt,-O3,--detect-features,$<,$@)

$(CODEC_COMPONENT): $(CODEC_WASM_OPT) $(ADAPTER_REACTOR) $(WASM_TOOLS)
	@mkdir -p $(@D)
	$(WASM_TOOLS) component new $< --adapt wasi_snapshot_preview1=$(ADAPTER_REACTOR) -o $@
	$(WASM_TOOLS) validate $@

-include $(CODEC_WASM_OBJS:.o=.d)
