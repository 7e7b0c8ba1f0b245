# wasm-opt (binaryen, the npm package pinned in package.json beside this
# file) for the release builds of the components: each core module is
# optimised and stripped of the custom sections that nothing needs at run
# time (names, producers, target features) before `wasm-tools component new`.
# Included by the root Makefile before the components' own .mk files.
# docs/benchmarks.md has the sizes and timings it gives.

BINARYEN_DIR := $(ROOT)/toolchain/binaryen
WASM_OPT := $(BINARYEN_DIR)/node_modules/.bin/wasm-opt
BINARYEN_INSTALLED := $(BINARYEN_DIR)/node_modules/.installed

$(BINARYEN_INSTALLED): $(BINARYEN_DIR)/package.json $(BINARYEN_DIR)/package-lock.json $(ROOT)/toolchain/versions.env
	$(ROOT)/toolchain/install.sh binaryen
	touch $@

# Strips what wasm-opt can (the `name` section with --strip-debug); keeps
# every `component-type:*` section, which `component new` needs.
WASM_OPT_STRIP := --strip-debug --strip-producers --strip-target-features

# The same sections, for `wasm-tools strip -d` where wasm-opt is not run.
CORE_STRIP_SECTIONS := ^(name|producers|target_features)$$

# wasm_opt LEVEL FEATURES IN OUT: one optimised, stripped core module.
define wasm_opt
$(WASM_OPT) $(1) $(2) $(WASM_OPT_STRIP) $(3) -o $(4)
endef
