# test/wasmtime/: runs the built component in wasmtime (the host's version).
# A member of the repo's workspace: it shares the host's wasmtime build
# (toolchain/workspace-hack); its bindings come from wit/.

CODEC_RUNNER_DIR := $(CODEC_DIR)/test/wasmtime
CODEC_RUNNER_BIN := $(NATIVE_TARGET_DIR)/release/codec-wasmtime-tests
$(eval $(call native_bin,$(CODEC_RUNNER_BIN),codec-wasmtime-tests,$(wildcard $(CODEC_RUNNER_DIR)/src/*.rs) \
  $(CODEC_RUNNER_DIR)/Cargo.toml $(NATIVE_COMMON) $(WIT_FILES)))
