# rust-image-ops: the Rust image-ops component (world image-ops-component).
# Included by the root Makefile, which defines ROOT, COMPONENTS, WIT_FILES,
# WASM_TOOLS, CARGO, PYTHON, BUILD and TOOLCHAIN.

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

# The core module stripped of the custom sections nothing reads at run time
# (names, producers, target features; `component-type:*` stays). Not run
# through wasm-opt: rustc's LTO build is already optimised, and wasm-opt -O3
# made resize 10% slower for 6 KB (docs/benchmarks.md, "Size").
OPS_OPT := $(BUILD)/rust-image-ops/image_ops.stripped.wasm

# Nothing in the crate imports WASI, so no adapter: the core module becomes a
# component as it is.
$(OPS_WASM): $(OPS_SOURCES) $(WIT_FILES) $(WASM_TOOLS) | $(RUST_TARGETS_OK)
	+$(CARGO) build --locked --profile $(OPS_PROFILE) -p image-ops --target $(OPS_TARGET)
	@mkdir -p $(@D) $(dir $(OPS_OPT))
	$(WASM_TOOLS) strip -d '$(CORE_STRIP_SECTIONS)' $(OPS_CORE) -o $(OPS_OPT)
	$(WASM_TOOLS) component new $(OPS_OPT) -o $@
	$(WASM_TOOLS) validate $@

# The same source without simd128, for the benchmark only: its own target
# folder, so that the two builds do not keep replacing each other.
OPS_SCALAR_TARGET_DIR := $(OPS_TARGET_DIR)/scalar
OPS_SCALAR_CORE := $(OPS_SCALAR_TARGET_DIR)/$(OPS_TARGET)/$(OPS_PROFILE)/image_ops.wasm
OPS_SCALAR_WASM := $(BUILD)/bench/image-ops-scalar.wasm

$(OPS_SCALAR_WASM): $(OPS_SOURCES) $(WIT_FILES) $(WASM_TOOLS) | $(RUST_TARGETS_OK)
	+CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-C target-feature=-simd128" \
	  $(CARGO) build --locked --profile $(OPS_PROFILE) -p image-ops --target $(OPS_TARGET) \
	  --target-dir $(OPS_SCALAR_TARGET_DIR)
	@mkdir -p $(@D)
	$(WASM_TOOLS) component new $(OPS_SCALAR_CORE) -o $@
	$(WASM_TOOLS) validate $@
	@if $(WASM_TOOLS) print $@ | grep -q v128; then echo "$@: has SIMD instructions" >&2; exit 1; fi

.PHONY: image-ops test-image-ops bless-image-ops bench-ops

image-ops: $(OPS_WASM) ## build build/components/image-ops.wasm (Rust image ops)

# Release: the component tests run wasmtime (the host's build of it), which
# is slow to build and to run unoptimised.
test-image-ops: $(OPS_WASM) | $(PYTHON_OK) ## Rust image ops: unit, property, golden tests, natively and through the component; goldens current
	+IMAGE_OPS_COMPONENT=$(OPS_WASM) $(CARGO) test --release --locked -p image-ops
	$(PYTHON) $(OPS_ORACLE)

bench-ops: $(OPS_WASM) $(OPS_SCALAR_WASM) ## Rust image ops at 1080p: native vs component (SIMD128) vs scalar wasm, markdown table
	$(CARGO) run --release --locked -p image-ops --example bench -- $(OPS_WASM) $(OPS_SCALAR_WASM)

bless-image-ops: | $(PYTHON_OK) ## recompute the Rust image ops' golden files with Pillow and numpy
	BLESS=1 $(PYTHON) $(OPS_ORACLE)
