# test/wasmtime/: runs the built component in wasmtime (the host's version).
# Its own Cargo workspace and lock file, outside the repo's workspace; built
# into the repo's target folder so that the wasmtime crates the host has
# already compiled are reused where their features agree.

CODEC_RUNNER_DIR := $(CODEC_DIR)/test/wasmtime
CODEC_RUNNER_MANIFEST := --manifest-path $(CODEC_RUNNER_DIR)/Cargo.toml
CODEC_RUNNER_TARGET := $(or $(CARGO_TARGET_DIR),$(ROOT)/target)
CODEC_RUNNER_CARGO := CARGO_TARGET_DIR=$(CODEC_RUNNER_TARGET) $(CARGO)
CODEC_RUNNER_BIN := $(CODEC_RUNNER_TARGET)/release/codec-wasmtime-tests
CODEC_RUNNER_SOURCES := $(wildcard $(CODEC_RUNNER_DIR)/src/*.rs) $(CODEC_RUNNER_DIR)/Cargo.toml \
  $(CODEC_RUNNER_DIR)/Cargo.lock

$(CODEC_RUNNER_BIN): $(CODEC_RUNNER_SOURCES) $(WIT_FILES) | $(TOOLCHAIN)
	$(CODEC_RUNNER_CARGO) build --release --locked $(CODEC_RUNNER_MANIFEST)
