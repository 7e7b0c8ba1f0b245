# Reliability of the HTTP service (http-service/reliability/): faults under
# image-pipeline serve (the trapping build: host/traps.mk), the hostile HTTP
# corpus on both servers, and the bounded soak. Included by the root
# Makefile.

REL_DIR := $(ROOT)/http-service/reliability
# The trapping build with kv-fs composed in: state in the data directory,
# as the tests give it.
REL_ENV := $(SVC_TEST_ENV) TRAP_SERVICE=$(TRAP_SERVICE_FS)
SOAK_TIME ?= 600

.PHONY: test-reliability soak

# Also the JS entry point of hostile strings: lone surrogates through jco.
test-reliability: $(SERVICE) $(SERVICE_FS) $(TRAP_SERVICE_FS) $(HOST_BIN) $(WASMTIME) $(JS_PIPELINE)/image-pipeline.js | $(PYTHON_OK) ## faults under serve (trap, deadline 504, memory 503; the next request succeeds), hostile HTTP corpus on both servers, lone surrogates via jco
	$(REL_ENV) $(PYTHON) -m pytest -q -p no:cacheprovider $(REL_DIR)
	$(NODE24) $(ROOT)/conformance-tests/hostile/lone_surrogates.mjs $(JS_PIPELINE)

soak: $(SERVICE) $(SERVICE_FS) $(HOST_BIN) $(WASMTIME) | $(PYTHON_OK) $(DEBIAN_OK) ## wrk on loopback, valid + hostile requests for SOAK_TIME s (default 600): 0 failed valid requests, RSS within 1.5x of warm
	$(REL_ENV) $(PYTHON) $(REL_DIR)/soak.py --seconds $(SOAK_TIME) --out $(BUILD)/soak
