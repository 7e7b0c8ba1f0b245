# clang-format (style: cpp-codec/.clang-format) and clang-tidy (checks:
# cpp-codec/.clang-tidy) over the codec's own sources. clang-tidy compiles
# each file as the build does: the core and the tests natively, the exports
# glue for wasm32 against the generated bindings (without the -mllvm backend
# options, which clang-tidy has no backend for).

CODEC_CLANG_FORMAT := clang-format-$(LLVM_MAJOR)
CODEC_CLANG_TIDY := clang-tidy-$(LLVM_MAJOR) --quiet

CODEC_LINT_PREREQUISITES := $(CODEC_native_LIB_HEADERS) $(CODEC_wasm_LIB_HEADERS) \
  $(CODEC_GEN_FILES)
CODEC_TIDY_NATIVE_FLAGS := $(CODEC_NATIVE_CFLAGS) $(CODEC_CXXFLAGS) $(CODEC_native_LIB_INCLUDES) \
  -I$(CODEC_DIR)/test
CODEC_TIDY_WASM_FLAGS := $(CODEC_WASM_TARGET) -I$(CODEC_DIR)/sjlj $(CODEC_CXXFLAGS) \
  $(CODEC_wasm_LIB_INCLUDES) -isystem $(CODEC_GEN)
# libc++ declares the replaceable operator new/delete (src/wasm_runtime.cpp)
# with reserved parameter names (__sz), which a definition must not copy.
CODEC_TIDY_WASM_CHECKS := --checks=-readability-inconsistent-declaration-parameter-name
