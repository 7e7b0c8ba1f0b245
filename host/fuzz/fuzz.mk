# cargo-fuzz targets on the composed pipeline (host/fuzz/). Included by the
# root Makefile.
#
#   make fuzz [FUZZ_TARGET=decode] [FUZZ_TIME=600]   long runs, per target
#   make test-fuzz                                    each FUZZ_CI_TIME s (in make test-long)
#
# A crash stops the run and leaves the input in build/fuzz/artifacts/TARGET/:
# copy it to host/fuzz/regressions/TARGET/, where the host's tests replay it
# (host/tests/fuzz_regressions/), then fix the bug.

FUZZ_DIR := $(ROOT)/host/fuzz
FUZZ_OUT := $(BUILD)/fuzz
FUZZ_TARGETS := decode image_ops scheduler
FUZZ_TARGET ?= $(FUZZ_TARGETS)
FUZZ_TIME ?= 600
# The instrumented build takes ~6-8 min on 2 cores: make test-long, not make test.
FUZZ_CI_TIME ?= 30
CARGO_FUZZ := $(TOOLS_DIR)/cargo-fuzz-$(CARGO_FUZZ_VERSION)/bin/cargo-fuzz
# --sanitizer none: the interesting code is wasm in wasmtime, which no
# sanitizer sees; it also keeps the build on the stable toolchain. 16 codegen
# units: the instrumented wasmtime builds in minutes instead of many.
FUZZ_BUILD_FLAGS := -O --sanitizer none --codegen-units 16 --target-dir $(ROOT)/target/fuzz
# Seeds for decode: every image the codec's and the conformance suite's tests use.
FUZZ_SEEDS_decode := $(ROOT)/cpp-codec/test/golden/png $(ROOT)/cpp-codec/test/golden/jpeg \
  $(ROOT)/cpp-codec/test/golden/rejected $(ROOT)/conformance-tests/fixtures/files
$(CARGO_FUZZ):
	+toolchain/install.sh fuzz

.PHONY: fuzz test-fuzz fuzz-build

fuzz-build: $(CARGO_FUZZ) $(PIPELINE) ## build the fuzz targets (instrumented host + wasmtime)
	+cd $(FUZZ_DIR) && $(CARGO_FUZZ) fuzz build $(FUZZ_BUILD_FLAGS)

FUZZ_ENV := CARGO_FUZZ=$(CARGO_FUZZ) FUZZ_BUILD_FLAGS="$(FUZZ_BUILD_FLAGS)" FUZZ_OUT=$(FUZZ_OUT) \
  IMAGE_PIPELINE_COMPONENT=$(PIPELINE) FUZZ_SEEDS_decode="$(FUZZ_SEEDS_decode)"

fuzz: fuzz-build ## fuzz the pipeline through the host: FUZZ_TARGET (default all three) for FUZZ_TIME s each (default 600)
	$(FUZZ_ENV) $(FUZZ_DIR)/run.sh $(FUZZ_TIME) $(FUZZ_TARGET)

test-fuzz: fuzz-build ## short fuzz runs (part of make test-long): each target for FUZZ_CI_TIME s (default 30)
	$(FUZZ_ENV) $(FUZZ_DIR)/run.sh $(FUZZ_CI_TIME) $(FUZZ_TARGETS)
