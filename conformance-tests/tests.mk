# conformance-tests/: end-to-end tests of the composed pipeline through the
# host CLI, and the contract checks (each built world against wit/). Included
# by the root Makefile.

PIPELINE_TEST_ENV := IMAGE_PIPELINE_HOST=$(HOST_BIN) IMAGE_PIPELINE_COMPONENT=$(PIPELINE) \
  COMPONENTS_DIR=$(COMPONENTS) WASM_TOOLS=$(WASM_TOOLS) WIT_DIR=$(WIT) DEMO_DIR=$(DEMO)

.PHONY: test-pipeline

test-pipeline: demo $(PIPELINE) $(HOST_BIN) | $(TOOLCHAIN) ## end-to-end and contract tests of the composed pipeline
	$(PIPELINE_TEST_ENV) $(PYTHON) -m pytest -q -p no:cacheprovider $(ROOT)/conformance-tests
