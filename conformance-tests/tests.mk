# conformance-tests/: end-to-end tests of the composed pipeline through the
# host CLI, the contract checks (each built world against wit/), and the
# cross-language conformance suite (vectors/ on every host). Included by the
# root Makefile.

PIPELINE_TEST_ENV := IMAGE_PIPELINE_HOST=$(HOST_BIN) IMAGE_PIPELINE_COMPONENT=$(PIPELINE) \
  COMPONENTS_DIR=$(COMPONENTS) WASM_TOOLS=$(WASM_TOOLS) WIT_DIR=$(WIT) DEMO_DIR=$(DEMO)

CONFORMANCE_DIR := $(ROOT)/conformance-tests
CONFORMANCE_RESULTS := $(BUILD)/conformance
CONFORMANCE_RUNNER := $(NATIVE_TARGET_DIR)/release/conformance-runner
CONFORMANCE_RUNNER_SRC := $(shell find $(CONFORMANCE_DIR)/runner/src -name '*.rs') \
  $(CONFORMANCE_DIR)/runner/Cargo.toml $(NATIVE_COMMON)
RUNNER_ARGS = --vectors $(CONFORMANCE_DIR)/vectors --fixtures $(CONFORMANCE_DIR)/fixtures \
  --out $(CONFORMANCE_RESULTS) $(if $(ONLY),--only $(ONLY))

.PHONY: test-pipeline conformance

$(eval $(call native_bin,$(CONFORMANCE_RUNNER),conformance-runner,$(CONFORMANCE_RUNNER_SRC) $(WIT_FILES)))

# BLESS=1 first rewrites vectors/ and fixtures/ from the oracle. A runner that
# fails to start leaves its column empty: the report marks those vectors failed.
CONFORMANCE_DEPS := $(PIPELINE) $(COMPONENTS)/image-ops.wasm $(COMPONENTS)/codec.wasm \
  $(COMPONENTS)/scheduler.wasm $(CONFORMANCE_RUNNER) $(JS_PIPELINE)/image-pipeline.js

conformance: $(CONFORMANCE_DEPS) $(WASM_TOOLS) | $(PYTHON_OK) ## vectors on every host: matrix, parity, coverage (BLESS=1 regenerates)
	$(if $(filter 1,$(BLESS)),cd $(CONFORMANCE_DIR) && BLESS=1 $(PYTHON) -m oracle)
	@rm -rf $(CONFORMANCE_RESULTS) && mkdir -p $(CONFORMANCE_RESULTS)
	-$(CONFORMANCE_RUNNER) $(RUNNER_ARGS) --pipeline $(PIPELINE) --components $(COMPONENTS)
	-$(NODE24) $(JS_DIR)/run.mjs $(RUNNER_ARGS) --component $(JS_PIPELINE)
	cd $(CONFORMANCE_DIR) && $(PIPELINE_TEST_ENV) $(PYTHON) -m judge --results $(CONFORMANCE_RESULTS) \
	  --pipeline $(PIPELINE) --wasm-tools $(WASM_TOOLS) $(if $(ONLY),--only $(ONLY))

test-pipeline: conformance demo $(PIPELINE) $(HOST_BIN) $(WASM_TOOLS) | $(PYTHON_OK) ## end-to-end, contract and conformance tests of the composed pipeline
	$(PIPELINE_TEST_ENV) $(PYTHON) -m pytest -q -p no:cacheprovider $(ROOT)/conformance-tests
