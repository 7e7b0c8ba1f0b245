# host/: the Rust wasmtime embedding (`image-pipeline` CLI and the library
# under it), and stock `wasmtime serve` (toolchain/wasmtime-serve) beside it.
# Included by the root Makefile, which defines NATIVE_TARGET_DIR and
# native_bin.

HOST_BIN := $(NATIVE_TARGET_DIR)/release/image-pipeline
WASMTIME := $(NATIVE_TARGET_DIR)/release/wasmtime
# The test-only trapping builds (rules in host/traps.mk).
TRAP_DIR := $(BUILD)/trap
TRAP_PIPELINE := $(TRAP_DIR)/image-pipeline.wasm
TRAP_SERVICE := $(TRAP_DIR)/image-service.wasm
HOST_SRC := $(wildcard $(ROOT)/host/src/*.rs $(ROOT)/host/src/*/*.rs) $(ROOT)/host/Cargo.toml $(NATIVE_COMMON)
$(eval $(call native_bin,$(HOST_BIN),image-pipeline-host,$(HOST_SRC) $(WIT_FILES)))
$(eval $(call native_bin,$(WASMTIME),wasmtime-serve,$(wildcard $(ROOT)/toolchain/wasmtime-serve/src/*.rs) \
  $(ROOT)/toolchain/wasmtime-serve/Cargo.toml $(NATIVE_COMMON)))

.PHONY: host test-host bench-batch

host: $(HOST_BIN) ## build the host CLI: target/release/image-pipeline

# The integration tests (host/tests/) run the composed pipeline, and the Go
# scheduler on its own with a host-made image-ops: both are built first.
# tests/reliability/ also runs the test-only trapping builds (host/traps.mk).
HOST_TEST_ENV := IMAGE_PIPELINE_COMPONENT=$(PIPELINE) SCHEDULER_COMPONENT=$(COMPONENTS)/scheduler.wasm \
  TRAP_PIPELINE_COMPONENT=$(TRAP_PIPELINE)

test-host: $(PIPELINE) $(COMPONENTS)/scheduler.wasm $(TRAP_PIPELINE) ## the host's and step-text's unit and integration tests, trap recovery and limits included (builds the components)
	+$(HOST_TEST_ENV) $(CARGO) test --release --locked -p image-pipeline-host -p step-text

bench-batch: $(PIPELINE) $(HOST_BIN) | $(PYTHON_OK) ## batch speed-up, --workers 1 vs 2 (a benchmark: prints, asserts nothing)
	$(ROOT)/host/bench-batch.sh $(HOST_BIN) $(PIPELINE) $(PYTHON) $(BUILD)/bench-batch
