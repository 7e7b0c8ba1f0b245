# image-pipeline: one `make` builds the Rust, C++ and Go components from wit/,
# composes them with wac and builds the Rust wasmtime host.
#
#   make demo   run the host on a sample image the project makes itself
#   make test   build everything and run every test
#   make help   list the targets

.DEFAULT_GOAL := all
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DELETE_ON_ERROR:
MAKEFLAGS += --no-builtin-rules

ROOT := $(CURDIR)
include toolchain/versions.env

# Builds and installs run side by side (one more job than cores: the
# installers mostly wait on the network); test suites run one at a time
# (`test` below), since several of them time what they run.
MAKEFLAGS += -j$(shell echo $$(($$(nproc) + 1)))

# Where the pinned tools, library sources and Python venv live; reused by
# later runs. Override to share one tools folder between clones.
TOOLS_DIR ?= $(ROOT)/.tools
export TOOLS_DIR
BUILD := $(ROOT)/build
WIT := $(ROOT)/wit
WIT_FILES := $(wildcard $(WIT)/*.wit $(WIT)/deps/*/*.wit)
COMPONENTS := $(BUILD)/components
CARGO ?= cargo
# Where cargo puts the native crates' binaries (the host, the test runners).
NATIVE_TARGET_DIR := $(or $(CARGO_TARGET_DIR),$(ROOT)/target)
# What every native crate's build reads besides its own sources.
NATIVE_COMMON := $(ROOT)/Cargo.toml $(ROOT)/Cargo.lock $(ROOT)/toolchain/workspace-hack/Cargo.toml

# native_bin BINARY PACKAGE SOURCES: BINARY from one `cargo build` of
# PACKAGE. Every native crate depends on toolchain/workspace-hack, so each
# one's build reuses the same wasmtime build; `touch` marks a binary cargo
# found up to date, so that make does not run cargo again next time.
define native_bin
$(1): $(3)
	+$$(CARGO) build --release --locked -p $(2)
	touch $$@
endef

include toolchain/toolchain.mk

# The WASI preview1 reactor adapter, for core modules built against wasi-libc
# (C++) or Go's wasip1 port.
ADAPTER_REACTOR := $(TOOLS_DIR)/wasi_snapshot_preview1.reactor.$(WASMTIME_VERSION).wasm

$(ADAPTER_REACTOR):
	+$(CARGO) run --quiet --locked --release -p wasi-adapter -- $@

# wac_compose OUT WAC_FILE DEPS: `wac compose` of WAC_FILE with DEPS
# (package=component pairs), validated. Every composition is made by it.
define wac_compose
$(WAC) compose -o $(1) $(addprefix --dep ,$(3)) $(2)
$(WASM_TOOLS) validate $(1)
endef
# The pipeline's three components in folder DIR, as wac dependencies.
pipeline_deps = example:image-ops=$(1)/image-ops.wasm example:codec=$(1)/codec.wasm \
  example:scheduler=$(1)/scheduler.wasm

PIPELINE := $(BUILD)/image-pipeline.wasm
DEMO := $(BUILD)/demo

include toolchain/binaryen/binaryen.mk
include rust-image-ops/component.mk
include cpp-codec/component.mk
include go-scheduler/component.mk
include host/host.mk
include js/js.mk
include conformance-tests/tests.mk
include http-service/service.mk
include docs/docs.mk
include bench/bench.mk
include host/traps.mk
include http-service/reliability/reliability.mk
include host/fuzz/fuzz.mk

$(PIPELINE): compose.wac $(COMPONENTS)/image-ops.wasm $(COMPONENTS)/codec.wasm $(COMPONENTS)/scheduler.wasm \
    $(WAC) $(WASM_TOOLS)
	$(call wac_compose,$@,compose.wac,$(call pipeline_deps,$(COMPONENTS)))

.PHONY: all toolchain doctor components pipeline demo test test-inputs test-suites test-long check lint lint-rust lint-python \
  test-toolchain help clean distclean

all: pipeline host ## build every component, the composed pipeline and the host

toolchain: $(TOOLCHAIN) $(JS_INSTALLED) $(BINARYEN_INSTALLED) $(HADOLINT) ## install the pinned toolchains (builds install what they need themselves)

doctor: ## check every tool and package the toolchain installs; one line for each missing one (exit 1 if any)
	$(INSTALL) check

components: $(COMPONENTS)/image-ops.wasm $(COMPONENTS)/codec.wasm $(COMPONENTS)/scheduler.wasm ## build the three components

pipeline: $(PIPELINE) ## compose build/image-pipeline.wasm with wac

# The host first: its build is the longest, and needs no installed tool.
demo: $(HOST_BIN) $(PIPELINE) | $(PYTHON_OK) ## turn a generated sample image to grayscale: build/demo/
	@mkdir -p $(DEMO)
	$(PYTHON) conformance-tests/make_sample.py $(DEMO)/sample.png
	$(HOST_BIN) process $(DEMO)/sample.png -o $(DEMO)/sample-grayscale.png --op grayscale --component $(PIPELINE)
	@echo "demo: wrote $(DEMO)/sample.png and $(DEMO)/sample-grayscale.png"

# The suites of `make test`, in the order they run. test-long: the ones that
# run for minutes by design.
TEST_SUITES := lint test-toolchain test-image-ops test-codec test-scheduler test-host test-pipeline test-service test-js \
  test-docs test-bench test-reliability
LONG_SUITES := test-fuzz soak

# What the suites run, built first with every core busy; then the suites run
# one at a time (several time what they run, and their logs stay readable).
TEST_INPUTS := $(PIPELINE) $(HOST_BIN) $(WASMTIME) $(SERVICE) $(TRAP_PIPELINE) $(TRAP_SERVICE) \
  $(CONFORMANCE_RUNNER) $(BENCH_RUNNER) $(GUIDE_EXAMPLES) $(CODEC_RUNNER_BIN) $(CODEC_TEST_BIN) $(CODEC_COMPARED) \
  $(JS_PIPELINE)/image-pipeline.js $(JS_SAMPLES) $(COMMAND_ADAPTER) $(HADOLINT) $(CHROMIUM_OK) \
  $(PYTHON_OK) $(GO_OK) $(CODEC_LINT_PREREQUISITES) $(SCHED_MODULE_DIR)/.assembled

test-inputs: $(TEST_INPUTS)
test-suites: $(TEST_SUITES)

test: ## build everything and run every test (fuzzing and the soak: make test-long)
	+$(MAKE) --no-print-directory test-inputs
	+$(MAKE) --no-print-directory -j1 test-suites
	@echo "make test ran: $(TEST_SUITES)"
	@echo "suites: $(words $(TEST_SUITES)) passed, 0 failed"

# make check: `make test` for the suites whose inputs changed since they
# last passed. A suite's inputs are what its rule builds and the tracked files
# of the folders it tests; each pass leaves a stamp in $(CHECKED).
CHECKED := $(BUILD)/checked
tracked = $(shell git -C $(ROOT) ls-files -- $(1) 2>/dev/null)
# checked_suite SUITE INPUTS
define checked_suite
$(CHECKED)/$(1): $(2)
	+$$(MAKE) --no-print-directory -j1 $(1)
	@mkdir -p $$(@D) && touch $$@
CHECKED_SUITES += $(CHECKED)/$(1)
endef
RUST_SOURCES := $(call tracked,'*.rs' '*Cargo.toml' Cargo.lock .cargo)
# The files the guide includes code from (docs/ paths: ../PATH[:ANCHOR]).
DOCS_INCLUDED := $(sort $(shell sed -n 's|^<!-- include: \.\./\([^: ]*\).*|\1|p' $(ROOT)/docs/*.md))
$(eval $(call checked_suite,lint-rust,$(RUST_SOURCES)))
$(eval $(call checked_suite,lint-codec,$(CODEC_LINT_PREREQUISITES) $(call tracked,cpp-codec)))
$(eval $(call checked_suite,lint-scheduler,$(SCHED_MODULE_DIR)/.assembled $(call tracked,go-scheduler)))
$(eval $(call checked_suite,lint-python,$(PYTHON_LINTED) ruff.toml))
$(eval $(call checked_suite,lint-service,$(SVC_PYTHON) ruff.toml))
$(eval $(call checked_suite,lint-docs,$(call tracked,docker)))
$(eval $(call checked_suite,lint-js,$(JS_LINTED) biome.json $(JS_DIR)/package-lock.json))
$(eval $(call checked_suite,test-toolchain,$(TEST_INPUTS) $(call tracked,toolchain Makefile '*.mk' CONTRIBUTING.md wit step-text)))
$(eval $(call checked_suite,test-image-ops,$(OPS_WASM) $(call tracked,rust-image-ops conformance-tests/oracle)))
$(eval $(call checked_suite,test-codec,$(CODEC_TEST_BIN) $(CODEC_COMPONENT) $(CODEC_COMPARED) $(call tracked,cpp-codec)))
$(eval $(call checked_suite,test-scheduler,$(call tracked,go-scheduler)))
$(eval $(call checked_suite,test-host,$(PIPELINE) $(TRAP_PIPELINE) $(COMPONENTS)/scheduler.wasm \
  $(call tracked,host step-text cpp-codec/test/golden/rejected)))
$(eval $(call checked_suite,test-pipeline,$(PIPELINE) $(HOST_BIN) $(CONFORMANCE_RUNNER) $(JS_PIPELINE)/image-pipeline.js \
  $(call tracked,conformance-tests js/run.mjs js/src)))
$(eval $(call checked_suite,test-service,$(SERVICE) $(HOST_BIN) $(WASMTIME) $(call tracked,http-service)))
$(eval $(call checked_suite,test-js,$(JS_PIPELINE)/image-pipeline.js $(HOST_BIN) $(call tracked,js step-text)))
$(eval $(call checked_suite,test-docs,$(DOCS_INPUTS) $(call tracked,docs docker $(DOCS_INCLUDED))))
$(eval $(call checked_suite,test-bench,$(BENCH_RUNNER) $(OPS_WASM) $(PIPELINE) $(JS_PIPELINE)/image-pipeline.js $(call tracked,bench rust-image-ops/tests/golden)))
$(eval $(call checked_suite,test-reliability,$(SERVICE) $(TRAP_SERVICE) $(HOST_BIN) $(WASMTIME) \
  $(JS_PIPELINE)/image-pipeline.js $(call tracked,http-service conformance-tests/hostile)))

check: ## rebuild what changed, then run only the suites whose inputs changed since they last passed
	+$(MAKE) --no-print-directory test-inputs
	+$(MAKE) --no-print-directory -j1 $(CHECKED_SUITES)
	toolchain/check-pins.sh
	@echo "make check: every suite is current"

test-long: ## the long runs: every fuzz target FUZZ_CI_TIME s, the 10-minute soak
	+$(MAKE) --no-print-directory -j1 $(LONG_SUITES)

# make lint, assembled here: each language's linters (defined beside the
# code they check), then the pins. Rust: lint-rust below; Python:
# lint-python below; JavaScript: js/js.mk; Go: go-scheduler/component.mk;
# C++: cpp-codec/component.mk; Dockerfile: docs/docs.mk; the HTTP service's
# Python: http-service/service.mk (its Rust: lint-rust).
LINT_SUITES := lint-rust lint-python lint-service lint-js lint-scheduler lint-codec lint-docs
lint: $(LINT_SUITES) ## formatters and linters, every language; pins agree with versions.env
	toolchain/check-pins.sh

# ruff (ruff.toml) over the repository's Python but the HTTP service's
# (its own lint target, lint-service: http-service/service.mk).
PYTHON_LINTED := $(filter-out http-service/%,$(call tracked,'*.py'))
lint-python: | $(PYTHON_OK) ## ruff over the Python (oracles, judges, tests, bench, toolchain, the guide's tools)
	$(RUFF) check --no-cache $(PYTHON_LINTED)

# Every Rust crate of the workspace: one clippy run for the native crates
# (one check of wasmtime for all of them), one for the wasm32 components.
RUST_WASM_PACKAGES := image-ops $(addprefix service-,$(SVC_CRATES)) boundary-callee boundary-caller
lint-rust: | $(RUST_TARGETS_OK) ## rustfmt and clippy over every Rust crate, natively and for wasm32
	$(CARGO) fmt --all --check
	+$(CARGO) clippy --release --locked --workspace --all-targets -- -D warnings
	+$(CARGO) clippy --locked --target $(OPS_TARGET) $(addprefix -p ,$(RUST_WASM_PACKAGES)) -- -D warnings

test-toolchain: | $(PYTHON_OK) ## make doctor names each missing piece; make's dry runs rebuild what a change affects
	$(PYTHON) -m pytest -q -p no:cacheprovider $(ROOT)/toolchain/tests

help: ## list the targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | sort | awk -F':.*## ' '{printf "  %-18s %s\n", $$1, $$2}'

clean: ## remove build outputs (keeps the installed tools)
	rm -rf $(BUILD) target

distclean: clean ## also remove the repo-local tools folder
	rm -rf $(ROOT)/.tools
