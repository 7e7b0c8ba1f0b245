# clang-format (style: cpp-codec/.clang-format) and clang-tidy (checks:
# cpp-codec/.clang-tidy) over the codec's own sources. clang-tidy compiles
# each file as the build does: the core and the tests natively, the exports
# glue for wasm32 against the generated bindings (without the -mllvm backend
# options, which clang-tidy has no backend for).

CODEC_CLANG_FORMAT := clang-format-$(LLVM_MAJOR)
CODEC_CLANG_TIDY := clang-tidy-$(LLVM_MAJOR) --quiet

CODEC_LINT_PREREQUISITES := $(CODEC_native_LIB_HEADERS) $(CODEC_WASM_LIB_HEADERS) \
  $(CODEC_GEN_FILES)
CODEC_TIDY_NATIVE_FLAGS := $(CODEC_NATIVE_CFLAGS) $(CODEC_CXXFLAGS) $(CODEC_native_LIB_INCLUDES) \
  -I$(CODEC_DIR)/test
CODEC_TIDY_WASM_FLAGS := $(CODEC_WASM_TARGET) -I$(CODEC_DIR)/sjlj $(CODEC_CXXFLAGS) \
  $(CODEC_WASM_LIB_INCLUDES) -isystem $(CODEC_GEN)
# libc++ declares the replaceable operator new/delete (src/wasm_runtime.cpp)
# with reserved parameter names (__sz), which a definition must not copy.
CODEC_TIDY_WASM_CHECKS := --checks=-readability-inconsistent-declaration-parameter-name

# One stamp per checked file, so that a `make lint` with nothing changed
# checks nothing again: a file is checked again when it, any codec header,
# the checks or the compile flags change.
CODEC_TIDY_DIR := $(CODEC_BUILD)/tidy
CODEC_TIDY_INPUTS := $(wildcard $(CODEC_DIR)/include/image_codec/*.h $(CODEC_DIR)/src/*.h $(CODEC_DIR)/test/*.h \
  $(CODEC_DIR)/sjlj/*.h) $(CODEC_DIR)/.clang-tidy
CODEC_TIDY_STAMPS := $(patsubst $(CODEC_DIR)/%,$(CODEC_TIDY_DIR)/native/%.ok,$(CODEC_CORE_SOURCES) $(CODEC_TEST_SOURCES)) \
  $(patsubst $(CODEC_DIR)/%,$(CODEC_TIDY_DIR)/wasm/%.ok,$(CODEC_WASM_ONLY_SOURCES))

$(CODEC_TIDY_DIR)/native/%.ok: $(CODEC_DIR)/% $(CODEC_TIDY_INPUTS) $(CODEC_NATIVE_FLAGS) | $(CODEC_LINT_PREREQUISITES)
	$(CODEC_CLANG_TIDY) $< -- $(CODEC_TIDY_NATIVE_FLAGS)
	@mkdir -p $(@D) && touch $@

$(CODEC_TIDY_DIR)/wasm/%.ok: $(CODEC_DIR)/% $(CODEC_TIDY_INPUTS) $(CODEC_WASM_FLAGS) $(CODEC_GEN_FILES) \
    | $(CODEC_LINT_PREREQUISITES)
	$(CODEC_CLANG_TIDY) $(CODEC_TIDY_WASM_CHECKS) $< -- $(CODEC_TIDY_WASM_FLAGS)
	@mkdir -p $(@D) && touch $@
