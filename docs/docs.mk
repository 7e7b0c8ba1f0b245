# docs/ (the guide, its errata and its example programs) and docker/.
# Included by the root Makefile, which defines ROOT, BUILD, PIPELINE, SERVICE,
# HOST_BIN, PYTHON, CARGO, TOOLCHAIN and the component paths.
#
#   make test-docs    every included block equals its source, every shown
#                     command prints what the page says, every measured
#                     figure in prose equals its benchmark table; the
#                     Dockerfile's drift check and its tests
#   make bless-docs   rewrite the guide's blocks from the sources and the
#                     commands' real output (then read the diff)
#   make lint-docs    hadolint, rustfmt and clippy over docs/examples

DOCS_DIR := $(ROOT)/docs
DOCS_PAGES := $(wildcard $(DOCS_DIR)/*.md)
DOCS_CHECK := $(PYTHON) $(DOCS_DIR)/tools/guide_check.py
# The pages whose prose quotes the benchmark tables (figures marked with
# their cells): checked by test-docs, rewritten by bench/py/doc.py.
BENCH_FIGURE_PAGES := $(DOCS_DIR)/benchmarks.md $(DOCS_DIR)/5-designing-around-the-copy.md
GUIDE_EXAMPLES := $(NATIVE_TARGET_DIR)/release/abi-trace $(NATIVE_TARGET_DIR)/release/design-runner \
  $(NATIVE_TARGET_DIR)/release/hello-host $(NATIVE_TARGET_DIR)/release/frame-host \
  $(NATIVE_TARGET_DIR)/release/async-host
HADOLINT := $(TOOLS_DIR)/venv/bin/hadolint

$(GUIDE_EXAMPLES) &: $(wildcard $(DOCS_DIR)/examples/src/bin/*.rs) $(DOCS_DIR)/examples/Cargo.toml $(NATIVE_COMMON) \
    $(WIT_FILES) $(DOCS_DIR)/examples/hello/wit/hello.wit $(DOCS_DIR)/examples/async-hello/wit/async-hello.wit
	+$(CARGO) build --release --locked -p guide-examples
	touch $(GUIDE_EXAMPLES)

# The *command* adapter, which the errata show failing on a library.
COMMAND_ADAPTER := $(BUILD)/docs/wasi_snapshot_preview1.command.wasm
$(COMMAND_ADAPTER):
	@mkdir -p $(@D)
	+$(CARGO) run --quiet --locked --release -p wasi-adapter -- --command $@

$(HADOLINT): | $(PYTHON_OK)
	toolchain/install.sh docs
	touch $@

# What the guide's commands read: every component, the compositions, the
# host, the Go core module, the example programs, jco's transpilation of
# the pipeline and wasm-opt (which the errata run on a component). The errata also compile the design's code
# with rustc, go and c++, and run wabt's wasm-strip (libjpeg62-turbo-dev
# and wabt: install.sh debian). They run after the build and reuse it: a
# few seconds.
DOCS_INPUTS := $(PIPELINE) $(SERVICE) $(SERVICE_FS) $(HOST_BIN) $(GUIDE_EXAMPLES) $(SCHED_CORE) $(ADAPTER_REACTOR) $(COMMAND_ADAPTER) \
  $(WASM_TOOLS) $(WIT_BINDGEN) $(WAC) $(BINARYEN_INSTALLED) $(WASMTIME) $(JS_INSTALLED) \
  $(JS_PIPELINE)/image-pipeline.js

.PHONY: test-docs bless-docs lint-docs

test-docs: $(DOCS_INPUTS) | $(PYTHON_OK) ## the guide: included code equals its source, every shown command prints what the page says; the Dockerfile's drift check
	$(PYTHON) $(ROOT)/docker/check_dockerfile.py
	$(PYTHON) -m pytest -q -p no:cacheprovider $(ROOT)/docker $(DOCS_DIR)/tools
	$(DOCS_CHECK) $(DOCS_PAGES)
	$(PYTHON) $(DOCS_DIR)/tools/bench_figures.py $(BENCH_FIGURE_PAGES)

bless-docs: $(DOCS_INPUTS) | $(PYTHON_OK) ## rewrite the guide's included blocks and command outputs from the real ones
	$(DOCS_CHECK) --bless $(DOCS_PAGES)

lint: lint-docs

lint-docs: $(HADOLINT) | $(RUST_TARGETS_OK) ## hadolint (docker/Dockerfile); clippy over the guide's two components for wasm32-wasip2, node --check over its scripts, the formatters over the errata's test harnesses (the rest of docs/examples: make lint-rust)
	$(HADOLINT) --no-color $(ROOT)/docker/Dockerfile
	+$(CARGO) clippy --locked --release --target wasm32-wasip2 -p hello-component -p async-hello-component -- -D warnings
	for f in $(DOCS_DIR)/examples/*.mjs; do $(JS_DIR)/node_modules/.bin/node --check $$f || exit 1; done
	rustfmt --edition 2021 --check $(DOCS_DIR)/errata/design_ops_test.rs $(DOCS_DIR)/errata/design_cache_test.rs
	$(CODEC_CLANG_FORMAT) --style=file:$(ROOT)/cpp-codec/.clang-format --dry-run -Werror $(DOCS_DIR)/errata/design_encode_test.cpp
	@unformatted=$$(gofmt -l $(DOCS_DIR)/errata/go/scheduler_test.go); \
	if [ -n "$$unformatted" ]; then echo "gofmt -l: not formatted: $$unformatted" >&2; exit 1; fi
