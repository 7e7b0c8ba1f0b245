# http-service/: the image service over wasi:http — four Rust components
# (gateway, storage, cache, logging) composed with the pipeline's three into
# build/image-service.wasm. Included by the root Makefile, which defines
# ROOT, BUILD, COMPONENTS, WIT_FILES, WASM_TOOLS, WAC, CARGO, PYTHON,
# TOOLS_DIR, HOST_BIN and TOOLCHAIN.

SVC_DIR := $(ROOT)/http-service
SVC_TARGET := wasm32-unknown-unknown
SVC_PROFILE := component
SVC_TARGET_DIR := $(or $(CARGO_TARGET_DIR),$(ROOT)/target)
SVC_CRATES := gateway storage cache logging
SVC_PACKAGES := $(addprefix -p service-,$(SVC_CRATES))
SVC_WASMS := $(foreach c,$(SVC_CRATES),$(COMPONENTS)/service-$(c).wasm)
SERVICE := $(BUILD)/image-service.wasm
WASMTIME := $(TOOLS_DIR)/bin/wasmtime
SVC_TESTS := $(SVC_DIR)/tests

# The Rust components: none imports WASI through a libc, so the core module
# becomes a component as it is, no adapter. One rule per crate.
define svc_component
$(COMPONENTS)/service-$(1).wasm: $(shell find $(SVC_DIR)/$(1)/src -name '*.rs') $(SVC_DIR)/$(1)/Cargo.toml \
    $(ROOT)/Cargo.toml $(ROOT)/Cargo.lock $(ROOT)/.cargo/config.toml $(WIT_FILES) | $(TOOLCHAIN)
	$(CARGO) build --locked --profile $(SVC_PROFILE) -p service-$(1) --target $(SVC_TARGET)
	@mkdir -p $$(@D)
	$(WASM_TOOLS) component new $(SVC_TARGET_DIR)/$(SVC_TARGET)/$(SVC_PROFILE)/service_$(1).wasm -o $$@
	$(WASM_TOOLS) validate $$@
endef
$(foreach c,$(SVC_CRATES),$(eval $(call svc_component,$(c))))

$(SERVICE): $(SVC_DIR)/service.wac $(SVC_WASMS) $(COMPONENTS)/image-ops.wasm $(COMPONENTS)/codec.wasm \
    $(COMPONENTS)/scheduler.wasm | $(TOOLCHAIN)
	$(WAC) compose -o $@ \
	  --dep example:gateway=$(COMPONENTS)/service-gateway.wasm \
	  --dep example:storage=$(COMPONENTS)/service-storage.wasm \
	  --dep example:cache=$(COMPONENTS)/service-cache.wasm \
	  --dep example:logging=$(COMPONENTS)/service-logging.wasm \
	  --dep example:image-ops=$(COMPONENTS)/image-ops.wasm \
	  --dep example:codec=$(COMPONENTS)/codec.wasm \
	  --dep example:scheduler=$(COMPONENTS)/scheduler.wasm \
	  $(SVC_DIR)/service.wac
	$(WASM_TOOLS) validate $@

.PHONY: service test-service lint-service bench-http

service: $(SERVICE) ## compose build/image-service.wasm (the HTTP service, wasi:http proxy world)

# The lints, the native unit tests of the four crates, then the HTTP cases
# against stock `wasmtime serve` and `image-pipeline serve`
# (http-service/tests/; a few minutes).
SVC_TEST_ENV := IMAGE_SERVICE=$(SERVICE) IMAGE_PIPELINE_HOST=$(HOST_BIN) WASMTIME=$(WASMTIME) \
  WASM_TOOLS=$(WASM_TOOLS) WIT_DIR=$(WIT)

test-service: lint-service $(SERVICE) $(HOST_BIN) | $(TOOLCHAIN) ## the HTTP service: lints, unit tests, then the same HTTP cases on wasmtime serve and image-pipeline serve
	$(CARGO) test --locked $(SVC_PACKAGES)
	$(SVC_TEST_ENV) $(PYTHON) -m pytest -q -p no:cacheprovider $(SVC_TESTS)

lint-service: | $(TOOLCHAIN) ## the HTTP service's crates: rustfmt, clippy (native and wasm32)
	$(CARGO) fmt --check $(SVC_PACKAGES)
	$(CARGO) clippy --locked $(SVC_PACKAGES) --all-targets -- -D warnings
	$(CARGO) clippy --locked --profile $(SVC_PROFILE) $(SVC_PACKAGES) --target $(SVC_TARGET) -- -D warnings

bench-http: $(SERVICE) $(HOST_BIN) | $(TOOLCHAIN) ## requests/s and p99 with wrk, wasmtime serve vs image-pipeline serve, pooling vs on-demand (prints a table)
	$(SVC_TEST_ENV) $(PYTHON) $(SVC_DIR)/bench/bench_http.py
