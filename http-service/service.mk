# http-service/: the image service over wasi:http — six Rust components
# (gateway, storage, cache, logging, no-filesystem, kv-fs) composed with the
# pipeline's three:
# build/image-service.wasm (state through wasi:keyvalue) and
# build/image-service-fs.wasm (the same with kv-fs composed in: state in a
# preopened directory). Included by the root Makefile, which defines
# ROOT, BUILD, COMPONENTS, WIT_FILES, WASM_TOOLS, WAC, CARGO, PYTHON,
# TOOLS_DIR, HOST_BIN and TOOLCHAIN.

SVC_DIR := $(ROOT)/http-service
SVC_TARGET := wasm32-unknown-unknown
SVC_PROFILE := component
SVC_TARGET_DIR := $(or $(CARGO_TARGET_DIR),$(ROOT)/target)
SVC_CRATES := gateway storage cache logging no-filesystem kv-fs
SVC_PACKAGES := $(addprefix -p service-,$(SVC_CRATES))
SVC_WASMS := $(foreach c,$(SVC_CRATES),$(COMPONENTS)/service-$(c).wasm)
SERVICE := $(BUILD)/image-service.wasm
SERVICE_FS := $(BUILD)/image-service-fs.wasm
TRAP_SERVICE_FS := $(BUILD)/trap/image-service-fs.wasm
SVC_TESTS := $(SVC_DIR)/tests

# The Rust components: none imports WASI through a libc, so the core module
# becomes a component as it is, no adapter. One rule per crate.
define svc_component
$(COMPONENTS)/service-$(1).wasm: $(shell find $(SVC_DIR)/$(1)/src -name '*.rs') $(SVC_DIR)/$(1)/Cargo.toml \
    $(ROOT)/Cargo.toml $(ROOT)/Cargo.lock $(ROOT)/.cargo/config.toml $(WIT_FILES) $(WASM_TOOLS) | $(RUST_TARGETS_OK)
	+$(CARGO) build --locked --profile $(SVC_PROFILE) -p service-$(1) --target $(SVC_TARGET)
	@mkdir -p $$(@D)
	$(WASM_TOOLS) component new $(SVC_TARGET_DIR)/$(SVC_TARGET)/$(SVC_PROFILE)/service_$(subst -,_,$(1)).wasm -o $$@
	$(WASM_TOOLS) validate $$@
endef
$(foreach c,$(SVC_CRATES),$(eval $(call svc_component,$(c))))

# The service's own five, as wac dependencies (the pipeline's three come
# from pipeline_deps: the release ones here, the trapping ones in traps.mk).
SVC_DEPS := $(foreach c,gateway storage cache logging no-filesystem,example:$(c)=$(COMPONENTS)/service-$(c).wasm)

$(SERVICE): $(SVC_DIR)/service.wac $(SVC_WASMS) $(COMPONENTS)/image-ops.wasm $(COMPONENTS)/codec.wasm \
    $(COMPONENTS)/scheduler.wasm $(WAC) $(WASM_TOOLS)
	$(call wac_compose,$@,$(SVC_DIR)/service.wac,$(SVC_DEPS) $(call pipeline_deps,$(COMPONENTS)))

# The embedded default: the service with kv-fs under its wasi:keyvalue.
fs_deps = example:service=$(1) example:kv-fs=$(COMPONENTS)/service-kv-fs.wasm
$(SERVICE_FS): $(SVC_DIR)/service-fs.wac $(SERVICE) $(COMPONENTS)/service-kv-fs.wasm $(WAC) $(WASM_TOOLS)
	$(call wac_compose,$@,$(SVC_DIR)/service-fs.wac,$(call fs_deps,$(SERVICE)))
$(TRAP_SERVICE_FS): $(SVC_DIR)/service-fs.wac $(TRAP_SERVICE) $(COMPONENTS)/service-kv-fs.wasm $(WAC) $(WASM_TOOLS)
	$(call wac_compose,$@,$(SVC_DIR)/service-fs.wac,$(call fs_deps,$(TRAP_SERVICE)))

.PHONY: service test-service test-service-slow bench-http

service: $(SERVICE) $(SERVICE_FS) ## compose build/image-service.wasm (the HTTP service, state on wasi:keyvalue) and build/image-service-fs.wasm (the same, state in a directory)

# The native unit tests of the four crates, then the HTTP cases
# against stock `wasmtime serve` and `image-pipeline serve`
# (http-service/tests/; under a minute), the leak check's 1000 requests
# included; its 10 000-request run is marked slow: test-service-slow.
SVC_TEST_ENV := IMAGE_SERVICE=$(SERVICE) IMAGE_SERVICE_FS=$(SERVICE_FS) IMAGE_PIPELINE_HOST=$(HOST_BIN) WASMTIME=$(WASMTIME) \
  WASM_TOOLS=$(WASM_TOOLS) WIT_DIR=$(WIT)

test-service: $(SERVICE) $(SERVICE_FS) $(HOST_BIN) $(WASMTIME) $(WASM_TOOLS) | $(PYTHON_OK) $(DEBIAN_OK) ## the HTTP service: unit tests, then the same HTTP cases on wasmtime serve and image-pipeline serve
	+$(CARGO) test --release --locked $(SVC_PACKAGES)
	$(SVC_TEST_ENV) $(PYTHON) -m pytest -q -p no:cacheprovider -m "not slow" $(SVC_TESTS)

test-service-slow: $(SERVICE) $(SERVICE_FS) $(WASMTIME) | $(PYTHON_OK) ## the service's leak check at 10 000 requests through one instance (a few minutes)
	$(SVC_TEST_ENV) $(PYTHON) -m pytest -q -s -p no:cacheprovider -m slow $(SVC_TESTS)

bench-http: $(SERVICE) $(SERVICE_FS) $(HOST_BIN) $(WASMTIME) | $(PYTHON_OK) $(DEBIAN_OK) ## requests/s and p99 with wrk, wasmtime serve vs image-pipeline serve, pooling vs on-demand (prints a table)
	$(SVC_TEST_ENV) $(PYTHON) $(SVC_DIR)/bench/bench_http.py

# The service's Python (the HTTP cases, the reliability suite, the bench)
# through ruff (ruff.toml), in the root Makefile's `make lint`; its Rust
# crates are linted with the workspace's (lint-rust: one clippy run a target).
SVC_PYTHON := $(shell git -C $(ROOT) ls-files -- 'http-service/*.py' 2>/dev/null)
.PHONY: lint-service
lint-service: | $(PYTHON_OK) ## ruff over the HTTP service's Python (its Rust crates: make lint-rust)
	$(RUFF) check --no-cache $(SVC_PYTHON)
