# rust-image-ops: the Rust image-ops component (world image-ops-component).
# Included by the root Makefile, which defines ROOT, COMPONENTS, WIT_FILES,
# WASM_TOOLS, CARGO, PYTHON and TOOLCHAIN.

OPS_DIR := $(ROOT)/rust-image-ops
OPS_TARGET := wasm32-unknown-unknown
OPS_PROFILE := component
OPS_TARGET_DIR := $(or $(CARGO_TARGET_DIR),$(ROOT)/target)
OPS_CORE := $(OPS_TARGET_DIR)/$(OPS_TARGET)/$(OPS_PROFILE)/image_ops.wasm
OPS_WASM := $(COMPONENTS)/image-ops.wasm
# SIMD128 comes from .cargo/config.toml (wasm32 target only).
OPS_SOURCES := $(shell find $(OPS_DIR)/src -name '*.rs') $(OPS_DIR)/Cargo.toml \
  $(ROOT)/Cargo.toml $(ROOT)/Cargo.lock $(ROOT)/.cargo/config.toml
OPS_ORACLE := $(OPS_DIR)/tests/oracle/generate.py

# Nothing in the crate imports WASI, so no adapter: the core module becomes a
# component as it is.
$(OPS_WASM): $(OPS_SOURCES) $(WIT_FILES) | $(TOOLCHAIN)
	$(CARGO) build --locked --profile $(OPS_PROFILE) -p image-ops --target $(OPS_TARGET)
	@mkdir -p $(@D)
	$(WASM_TOOLS) component new $(OPS_CORE) -o $@
	$(WASM_TOOLS) validate $@

.PHONY: image-ops test-image-ops lint-image-ops bless-image-ops

image-ops: $(OPS_WASM) ## build build/components/image-ops.wasm (Rust image ops)

test-image-ops: | $(TOOLCHAIN) ## Rust image ops: unit, property and golden tests (native), goldens current
	$(CARGO) test --locked -p image-ops
	$(PYTHON) $(OPS_ORACLE)

lint-image-ops: | $(TOOLCHAIN) ## Rust image ops: rustfmt, clippy (native and wasm32)
	$(CARGO) fmt -p image-ops --check
	$(CARGO) clippy --locked -p image-ops --all-targets -- -D warnings
	$(CARGO) clippy --locked -p image-ops --target $(OPS_TARGET) -- -D warnings

bless-image-ops: | $(TOOLCHAIN) ## recompute the Rust image ops' golden files with Pillow and numpy
	BLESS=1 $(PYTHON) $(OPS_ORACLE)
