# The C++ codec component (cpp-codec/): PNG and JPEG decode/encode behind
# wit/codec.wit, built with Debian's clang for wasm32-wasi. Included by the
# root Makefile, whose variables (ROOT, BUILD, WIT, COMPONENTS, CLANG, ...)
# it uses.
#
#   make codec        build/components/codec.wasm
#   make test-codec   goldens current, native tests (sanitizers on), the
#                     component in wasmtime
#   make lint-codec   clang-format and clang-tidy; rustfmt and clippy (runner)
#   make bless-codec  regenerate the goldens (cpp-codec/test/golden)

CODEC_DIR := $(ROOT)/cpp-codec
CODEC_BUILD := $(BUILD)/cpp-codec
CODEC_GEN := $(CODEC_BUILD)/gen
CODEC_COMPONENT := $(COMPONENTS)/codec.wasm

# The codec proper, free of bindings so that it also builds natively; the
# exports glue needs the generated bindings and is built for wasm only.
CODEC_WASM_ONLY_SOURCES := $(CODEC_DIR)/src/component_exports.cpp $(CODEC_DIR)/src/wasm_runtime.cpp
CODEC_CORE_SOURCES := $(filter-out $(CODEC_WASM_ONLY_SOURCES),$(wildcard $(CODEC_DIR)/src/*.cpp))
CODEC_TEST_SOURCES := $(wildcard $(CODEC_DIR)/test/*.cpp)
CODEC_FORMATTED := $(wildcard $(CODEC_DIR)/include/image_codec/*.h $(CODEC_DIR)/src/*.h \
  $(CODEC_DIR)/src/*.cpp $(CODEC_DIR)/test/*.h $(CODEC_DIR)/test/*.cpp \
  $(CODEC_DIR)/sjlj/*.h $(CODEC_DIR)/sjlj/*.c)

# setjmp/longjmp become wasm exceptions (sjlj/rt.c explains); every object
# that calls or is unwound by them needs these flags, libraries included.
CODEC_SJLJ_FLAGS := -mllvm -wasm-enable-sjlj -mllvm -wasm-use-legacy-eh=false -mexception-handling
# Debian's sysroot layout is found under the target name wasm32-wasi, which
# clang calls deprecated (-Wno-deprecated silences that); the native build
# of the same sources keeps every deprecation warning.
CODEC_WASM_TARGET := --target=wasm32-wasi --sysroot=/usr -Wno-deprecated
CODEC_WASM_CFLAGS := $(CODEC_WASM_TARGET) -O2 $(CODEC_SJLJ_FLAGS) -I$(CODEC_DIR)/sjlj
# The tests run natively under AddressSanitizer (leaks on error paths) and
# UndefinedBehaviorSanitizer, over the same library sources.
CODEC_NATIVE_CFLAGS := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
  -fno-sanitize-recover=all

CODEC_WARNINGS := -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion \
  -Wold-style-cast -Wnon-virtual-dtor -Werror
# No C++ exceptions: errors are values, and setjmp is the libraries' only
# unwinding. No RTTI: nothing needs it.
CODEC_CXXFLAGS := -std=c++23 -fno-exceptions -fno-rtti $(CODEC_WARNINGS) \
  -I$(CODEC_DIR)/include -I$(CODEC_DIR)/src

# codec_flags_file COMPILE: the recipe of a file holding the COMPILE line
# and its compiler's version, rewritten only when either changes. Objects
# depend on it: a new compiler or flag rebuilds them, nothing else does.
define codec_flags_file
@mkdir -p $(@D)
@{ echo '$(1)'; $(firstword $(1)) --version | head -n1; } > $@.new
@if cmp -s $@.new $@; then rm $@.new; else mv $@.new $@; fi
endef

include $(CODEC_DIR)/mk/third_party.mk

# NO_GETENV: libjpeg would read JPEGMEM from the environment; the codec's
# behaviour depends on its arguments only. (NO_PUTENV goes with it: jinclude.h
# includes <errno.h> only for the getenv wrapper.)
CODEC_LIB_CFLAGS := -w -DNO_GETENV -DNO_PUTENV

$(eval $(call codec_third_party,wasm,$(CLANG),$(CODEC_WASM_CFLAGS) $(CODEC_LIB_CFLAGS),$(LLVM_AR),\
  -DCMAKE_TOOLCHAIN_FILE=$(CODEC_DIR)/cmake/wasm32-wasi.cmake -DCODEC_LLVM_MAJOR=$(LLVM_MAJOR)))
$(eval $(call codec_third_party,native,$(CLANG),$(CODEC_NATIVE_CFLAGS) $(CODEC_LIB_CFLAGS),$(LLVM_AR),))

include $(CODEC_DIR)/mk/wasm.mk
include $(CODEC_DIR)/mk/native.mk
include $(CODEC_DIR)/mk/wasmtime.mk
include $(CODEC_DIR)/mk/lint.mk

# Golden files: committed, made by test/oracle/generate.py with Pillow,
# numpy, cjpeg and djpeg. `test-codec` fails when regenerating them would
# change anything. No bytecode caches in the source tree.
CODEC_GOLDEN := $(CODEC_DIR)/test/golden
CODEC_ORACLE := PYTHONDONTWRITEBYTECODE=1 $(PYTHON) $(CODEC_DIR)/test/oracle/generate.py

.PHONY: codec test-codec lint-codec bless-codec codec-flags-check

codec: $(CODEC_COMPONENT) ## build build/components/codec.wasm (C++: PNG and JPEG)

test-codec: $(CODEC_TEST_BIN) $(CODEC_COMPONENT) $(CODEC_RUNNER_BIN) $(WASM_TOOLS) | $(PYTHON_OK) ## codec: goldens current, native tests (ASan/UBSan), the component in wasmtime
	$(CODEC_ORACLE)
	rm -rf $(CODEC_ENCODED)
	$(CODEC_TEST_BIN) $(CODEC_GOLDEN) $(CODEC_ENCODED)
	$(PYTHON) $(CODEC_DIR)/test/verify_encoded.py $(CODEC_ENCODED)
	$(CODEC_DIR)/test/check_component.sh $(WASM_TOOLS) $(CODEC_COMPONENT)
	$(CODEC_RUNNER_BIN) $(CODEC_COMPONENT) $(CODEC_GOLDEN)

bless-codec: | $(PYTHON_OK) $(DEBIAN_OK) ## regenerate the codec's golden files (cpp-codec/test/golden)
	BLESS=1 $(CODEC_ORACLE)

lint-codec: $(CODEC_TIDY_STAMPS) | $(DEBIAN_OK) ## clang-format and clang-tidy over the codec's sources (its Rust runner: make lint-rust)
	$(CODEC_CLANG_FORMAT) --dry-run --Werror $(CODEC_FORMATTED)
