# docs/ (the guide, its errata and its example programs) and docker/.
# Included by the root Makefile, which defines ROOT, BUILD, PIPELINE, SERVICE,
# HOST_BIN, PYTHON, CARGO, TOOLCHAIN and the component paths.
#
#   make test-docs    every included block equals its source, every shown
#                     command prints what the page says; the Dockerfile's
#                     drift check and its tests
#   make bless-docs   rewrite the guide's blocks from the sources and the
#                     commands' real output (then read the diff)
#   make lint-docs    hadolint, rustfmt and clippy over docs/examples

DOCS_DIR := $(ROOT)/docs
DOCS_PAGES := $(wildcard $(DOCS_DIR)/*.md)
DOCS_CHECK := $(PYTHON) $(DOCS_DIR)/tools/guide_check.py
GUIDE_EXAMPLES := $(ROOT)/target/release/abi-trace $(ROOT)/target/release/design-runner
HADOLINT := $(TOOLS_DIR)/venv/bin/hadolint

$(GUIDE_EXAMPLES) &: $(wildcard $(DOCS_DIR)/examples/src/bin/*.rs) $(DOCS_DIR)/examples/Cargo.toml $(ROOT)/Cargo.lock \
    $(WIT_FILES) | $(TOOLCHAIN)
	$(CARGO) build --release --locked -p guide-examples

# The *command* adapter, which the errata show failing on a library.
COMMAND_ADAPTER := $(BUILD)/docs/wasi_snapshot_preview1.command.wasm
$(COMMAND_ADAPTER): | $(TOOLCHAIN)
	@mkdir -p $(@D)
	$(CARGO) run --quiet --locked --release -p wasi-adapter -- --command $@

$(HADOLINT): $(ROOT)/toolchain/versions.env | $(TOOLCHAIN)
	toolchain/install.sh docs
	touch $@

# What the guide's commands read: every component, the compositions, the
# host, the Go core module and the example programs. They run after the
# build and reuse it: a few seconds.
DOCS_INPUTS := $(PIPELINE) $(SERVICE) $(HOST_BIN) $(GUIDE_EXAMPLES) $(SCHED_CORE) $(ADAPTER_REACTOR) $(COMMAND_ADAPTER)

.PHONY: test-docs bless-docs lint-docs

test-docs: $(DOCS_INPUTS) | $(TOOLCHAIN) ## the guide: included code equals its source, every shown command prints what the page says; the Dockerfile's drift check
	$(PYTHON) $(ROOT)/docker/check_dockerfile.py
	$(PYTHON) -m pytest -q -p no:cacheprovider $(ROOT)/docker $(DOCS_DIR)/tools
	$(DOCS_CHECK) $(DOCS_PAGES)

bless-docs: $(DOCS_INPUTS) | $(TOOLCHAIN) ## rewrite the guide's included blocks and command outputs from the real ones
	$(DOCS_CHECK) --bless $(DOCS_PAGES)

lint: lint-docs

lint-docs: $(HADOLINT) | $(TOOLCHAIN) ## hadolint (docker/Dockerfile); rustfmt and clippy (docs/examples)
	$(HADOLINT) --no-color $(ROOT)/docker/Dockerfile
	$(CARGO) fmt --check -p guide-examples
	$(CARGO) clippy --release --locked -p guide-examples -- -D warnings
