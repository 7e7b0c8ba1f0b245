# The C++ codec component (cpp-codec/): PNG and JPEG decode/encode behind
# wit/codec.wit, built with Debian's clang for wasm32-wasi. Included by the
# root Makefile, whose variables (ROOT, BUILD, WIT, COMPONENTS, CLANG, ...)
# it uses.
#
#   make codec        build/components/codec.wasm (CODEC_SIMD=0: the plain-C build)
#   make test-codec   goldens current, native tests (sanitizers on), the
#                     component in wasmtime, the SIMD build against the
#                     plain-C build (make test-codec-simd alone)
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
  $(CODEC_DIR)/sjlj/*.h $(CODEC_DIR)/sjlj/*.c $(CODEC_DIR)/simd/*.h $(CODEC_DIR)/simd/*.c \
  $(CODEC_DIR)/simd/include/*.h $(CODEC_DIR)/bench/*.c)

# setjmp/longjmp become wasm exceptions (sjlj/rt.c explains); every object
# that calls or is unwound by them needs these flags, libraries included.
CODEC_SJLJ_FLAGS := -mllvm -wasm-enable-sjlj -mllvm -wasm-use-legacy-eh=false -mexception-handling
# Debian's sysroot layout is found under the target name wasm32-wasi, which
# clang calls deprecated (-Wno-deprecated silences that); the native build
# of the same sources keeps every deprecation warning.
CODEC_WASM_TARGET := --target=wasm32-wasi --sysroot=/usr -Wno-deprecated
CODEC_WASM_BASE_CFLAGS := $(CODEC_WASM_TARGET) -O2 $(CODEC_SJLJ_FLAGS) -I$(CODEC_DIR)/sjlj
# CODEC_SIMD=1 (the default): libjpeg-turbo's SIMD backend on wasm SIMD128
# (mk/simd.mk), and SIMD128 for the compiler everywhere. CODEC_SIMD=0: the
# plain-C build, for comparison. Both are built side by side (flavours
# `wasm` and `wasm-c`); the choice is what build/components/codec.wasm is.
CODEC_SIMD ?= 1
CODEC_SIMD128 := -msimd128
# WITH_SIMD: libjpeg's C code switches to the types its SIMD code is written
# for (16-bit DCT elements and multipliers, a 64-bit Huffman bit buffer).
CODEC_SIMD_LIB_FLAGS := $(CODEC_SIMD128) -DWITH_SIMD
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
CODEC_LIB_DEFINES := -DNO_GETENV -DNO_PUTENV
CODEC_LIB_CFLAGS := -w $(CODEC_LIB_DEFINES)
CODEC_WASM_CMAKE := -DCMAKE_TOOLCHAIN_FILE=$(CODEC_DIR)/cmake/wasm32-wasi.cmake \
  -DCODEC_LLVM_MAJOR=$(LLVM_MAJOR)

include $(CODEC_DIR)/mk/simd.mk

$(eval $(call codec_third_party,wasm,$(CLANG),$(CODEC_WASM_BASE_CFLAGS) $(CODEC_SIMD_LIB_FLAGS) \
  $(CODEC_LIB_CFLAGS),$(LLVM_AR),$(CODEC_WASM_CMAKE),simd))
$(eval $(call codec_simd_backend,wasm,$(CLANG),$(CODEC_WASM_BASE_CFLAGS) $(CODEC_SIMD_LIB_FLAGS),$(LLVM_AR)))
$(eval $(call codec_third_party,wasm-c,$(CLANG),$(CODEC_WASM_BASE_CFLAGS) $(CODEC_LIB_CFLAGS),$(LLVM_AR),\
  $(CODEC_WASM_CMAKE)))
$(eval $(call codec_third_party,native,$(CLANG),$(CODEC_NATIVE_CFLAGS) $(CODEC_LIB_CFLAGS),$(LLVM_AR),))

include $(CODEC_DIR)/mk/wasm.mk
$(eval $(call codec_wasm,wasm,$(CODEC_WASM_BASE_CFLAGS) $(CODEC_SIMD128)))
$(eval $(call codec_wasm,wasm-c,$(CODEC_WASM_BASE_CFLAGS)))

# The flavour CODEC_SIMD selects, under the names the other makefiles use
# (host/traps.mk, bench/bench.mk, mk/lint.mk).
CODEC_WASM_FLAVOUR := $(if $(filter 0,$(CODEC_SIMD)),wasm-c,wasm)
CODEC_WASM_DIR := $(CODEC_$(CODEC_WASM_FLAVOUR)_DIR)
CODEC_WASM_CFLAGS := $(CODEC_$(CODEC_WASM_FLAVOUR)_CFLAGS)
CODEC_WASM_FLAGS := $(CODEC_$(CODEC_WASM_FLAVOUR)_FLAGS)
CODEC_WASM_OBJS := $(CODEC_$(CODEC_WASM_FLAVOUR)_OBJS)
CODEC_WASM_LIBS := $(CODEC_$(CODEC_WASM_FLAVOUR)_LIBS)
CODEC_WASM_LIB_HEADERS := $(CODEC_$(CODEC_WASM_FLAVOUR)_LIB_HEADERS)
CODEC_WASM_LIB_INCLUDES := $(CODEC_$(CODEC_WASM_FLAVOUR)_LIB_INCLUDES)
CODEC_WASM_CORE := $(CODEC_WASM_DIR)/codec.core.wasm
# The plain-C component, whatever CODEC_SIMD says: the bit-exact test and the
# bench compare the two.
CODEC_PLAIN_COMPONENT := $(CODEC_wasm-c_DIR)/codec.wasm
CODEC_SIMD_COMPONENT := $(CODEC_wasm_DIR)/codec.wasm

# Which flavour build/components/codec.wasm is, rewritten when CODEC_SIMD
# changes, so that switching copies the other one.
CODEC_SELECTED := $(CODEC_BUILD)/selected-flavour
$(CODEC_SELECTED): codec-flags-check
	@mkdir -p $(@D)
	@echo $(CODEC_WASM_FLAVOUR) > $@.new
	@if cmp -s $@.new $@; then rm $@.new; else mv $@.new $@; fi

$(CODEC_COMPONENT): $(CODEC_WASM_DIR)/codec.wasm $(CODEC_SELECTED)
	@mkdir -p $(@D)
	cp $< $@

include $(CODEC_DIR)/mk/stages.mk
include $(CODEC_DIR)/mk/native.mk
include $(CODEC_DIR)/mk/wasmtime.mk
include $(CODEC_DIR)/mk/lint.mk

# Golden files: committed, made by test/oracle/generate.py with Pillow,
# numpy, cjpeg and djpeg. `test-codec` fails when regenerating them would
# change anything. No bytecode caches in the source tree.
CODEC_GOLDEN := $(CODEC_DIR)/test/golden
CODEC_ORACLE := PYTHONDONTWRITEBYTECODE=1 $(PYTHON) $(CODEC_DIR)/test/oracle/generate.py

.PHONY: codec test-codec test-codec-simd lint-codec bless-codec codec-flags-check

codec: $(CODEC_COMPONENT) ## build build/components/codec.wasm (C++: PNG and JPEG)

# The SIMD build against the plain-C build, byte for byte: the goldens (the
# rejected corpus among them), the conformance files, and large JPEGs of
# every kind written by cjpeg (test/simd_corpus.py); each with its
# truncations and encodings (test/wasmtime/src/compare.rs).
CODEC_SIMD_CORPUS := $(CODEC_BUILD)/simd-corpus
CODEC_SIMD_CORPUS_MADE := $(CODEC_SIMD_CORPUS)/.made
CODEC_COMPARED := $(CODEC_SIMD_COMPONENT) $(CODEC_PLAIN_COMPONENT) $(CODEC_RUNNER_BIN) \
  $(CODEC_SIMD_CORPUS_MADE)
CODEC_COMPARE := $(CODEC_RUNNER_BIN) compare $(CODEC_SIMD_COMPONENT) $(CODEC_PLAIN_COMPONENT) \
  $(CODEC_GOLDEN) $(ROOT)/conformance-tests/fixtures/files $(CODEC_SIMD_CORPUS)

$(CODEC_SIMD_CORPUS_MADE): $(CODEC_DIR)/test/simd_corpus.py | $(PYTHON_OK) $(DEBIAN_OK)
	rm -rf $(@D)
	PYTHONDONTWRITEBYTECODE=1 $(PYTHON) $< $(@D)
	touch $@

test-codec: $(CODEC_TEST_BIN) $(CODEC_COMPONENT) $(CODEC_RUNNER_BIN) $(CODEC_COMPARED) $(WASM_TOOLS) | $(PYTHON_OK) ## codec: goldens current, native tests (ASan/UBSan), the component in wasmtime, SIMD = plain C
	$(CODEC_ORACLE)
	rm -rf $(CODEC_ENCODED)
	$(CODEC_TEST_BIN) $(CODEC_GOLDEN) $(CODEC_ENCODED)
	$(PYTHON) $(CODEC_DIR)/test/verify_encoded.py $(CODEC_ENCODED)
	$(CODEC_DIR)/test/check_component.sh $(WASM_TOOLS) $(CODEC_COMPONENT)
	$(CODEC_RUNNER_BIN) $(CODEC_COMPONENT) $(CODEC_GOLDEN)
	$(CODEC_COMPARE)

test-codec-simd: $(CODEC_COMPARED) ## codec: the SIMD build decodes and encodes the whole corpus byte for byte as the plain-C build (part of test-codec)
	$(CODEC_COMPARE)

bless-codec: | $(PYTHON_OK) $(DEBIAN_OK) ## regenerate the codec's golden files (cpp-codec/test/golden)
	BLESS=1 $(CODEC_ORACLE)

lint-codec: $(CODEC_TIDY_STAMPS) | $(DEBIAN_OK) ## clang-format and clang-tidy over the codec's sources (its Rust runner: make lint-rust)
	$(CODEC_CLANG_FORMAT) --dry-run --Werror $(CODEC_FORMATTED)
