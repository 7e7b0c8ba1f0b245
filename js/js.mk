# js/: the composed pipeline in JavaScript through jco, in Node 24 and in the
# browser. Included by the root Makefile before conformance-tests/tests.mk,
# whose `make conformance` runs js/run.mjs on the transpiled pipeline.

JS_DIR := $(ROOT)/js
JS_INSTALLED := $(JS_DIR)/node_modules/.installed
# Node 24 is the npm package `node` (the machine's Node 20 cannot run
# WebAssembly exception handling, which the codec uses).
NODE24 := $(JS_DIR)/node_modules/.bin/node
JCO := $(JS_DIR)/node_modules/.bin/jco
JS_BUILD := $(BUILD)/js
JS_PIPELINE := $(JS_BUILD)/image-pipeline
JS_SAMPLES := $(JS_BUILD)/sample.png $(JS_BUILD)/sample.jpg
JS_SCRIPTS = $(wildcard $(JS_DIR)/*.mjs $(JS_DIR)/src/*.mjs $(JS_DIR)/web/*.mjs $(JS_DIR)/test/*.mjs)
CHROMIUM ?= /usr/bin/chromium
WEB_PORT ?= 8080

JS_TEST_ENV := IMAGE_PIPELINE_HOST=$(HOST_BIN) IMAGE_PIPELINE_COMPONENT=$(PIPELINE) \
  JS_COMPONENT_DIR=$(JS_PIPELINE) JS_SAMPLES_DIR=$(JS_BUILD) JS_TEST_OUT=$(JS_BUILD)/test CHROMIUM=$(CHROMIUM)

.PHONY: js-pipeline web test-js lint-js

# npm install, again whenever the lock changes (node_modules belongs to the clone).
$(JS_INSTALLED): $(JS_DIR)/package.json $(JS_DIR)/package-lock.json toolchain/versions.env
	toolchain/install.sh js
	touch $@

# jco's output is built here, never committed: the JS glue and the core
# modules it extracts, for Node and the browser alike (async instantiation:
# the caller supplies the core modules and the imports). WebAssembly exception
# handling (the codec's) needs --bindgen-enable-wasm-exnref. jco-frame-tables.mjs
# then moves frames between image-ops' and the scheduler's handle tables where
# the host passes them from one to the other, which jco 1.35 does not (the
# file says why; it fails the build if jco's output no longer matches), and
# jco-debug-log.mjs makes jco's glue read JCO_DEBUG once instead of on every
# boundary call (a third of the time of a small task).
# wit.json: the component's WIT (wasm-tools' JSON form), by which the JS
# conformance runner finds an export by name and converts its values by type.
$(JS_PIPELINE)/image-pipeline.js: $(PIPELINE) $(JS_INSTALLED) $(JS_DIR)/jco-frame-tables.mjs $(JS_DIR)/jco-debug-log.mjs $(WASM_TOOLS)
	rm -rf $(JS_PIPELINE)
	$(NODE24) $(JCO) transpile $(PIPELINE) -o $(JS_PIPELINE) --name image-pipeline \
	  --instantiation async --no-typescript --bindgen-enable-wasm-exnref --quiet
	$(WASM_TOOLS) component wit --json $(PIPELINE) > $(JS_PIPELINE)/wit.json
	$(NODE24) $(JS_DIR)/jco-frame-tables.mjs $@
	$(NODE24) $(JS_DIR)/jco-debug-log.mjs $@

# The demo's sample image, and the same picture as a JPEG (Pillow's encoder).
$(JS_BUILD)/sample.png $(JS_BUILD)/sample.jpg: conformance-tests/make_sample.py | $(PYTHON_OK)
	@mkdir -p $(@D)
	$(PYTHON) conformance-tests/make_sample.py $@

js-pipeline: $(JS_PIPELINE)/image-pipeline.js ## transpile the composed pipeline with jco: build/js/image-pipeline/

web: $(JS_PIPELINE)/image-pipeline.js $(JS_SAMPLES) ## serve the browser page on http://127.0.0.1:8080/ (WEB_PORT=… for another port)
	$(NODE24) $(JS_DIR)/serve.mjs --port $(WEB_PORT) --component $(JS_PIPELINE) --pipeline $(PIPELINE) \
	  --sample $(JS_BUILD)/sample.png

# The browser test needs Debian's chromium: the install step checks it is
# there and new enough (a dpkg query when it is).
test-js: $(JS_PIPELINE)/image-pipeline.js $(JS_SAMPLES) $(HOST_BIN) $(PIPELINE) $(JS_INSTALLED) | $(CHROMIUM_OK) ## js/process.mjs and the page in headless Chromium: same bytes as the host
	@rm -rf $(JS_BUILD)/test
	$(JS_TEST_ENV) $(NODE24) --test --test-reporter=spec $(JS_DIR)/test/*.test.mjs

# biome (biome.json) over the JavaScript of js/, bench/ and
# conformance-tests/ (the page's HTML included); `node --check` parses each
# script as the Node that runs it does.
JS_LINTED := $(JS_SCRIPTS) $(JS_DIR)/web/index.html $(wildcard $(ROOT)/bench/js/*.mjs) \
  $(wildcard $(ROOT)/conformance-tests/hostile/*.mjs)
lint-js: $(JS_INSTALLED) ## biome and node --check on the JavaScript (js/, bench/js, conformance-tests/)
	$(JS_DIR)/node_modules/.bin/biome lint --error-on-warnings $(JS_LINTED)
	for f in $(filter %.mjs,$(JS_LINTED)); do $(NODE24) --check $$f; done
