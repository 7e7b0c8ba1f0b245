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

# Where the pinned tools, library sources and Python venv live; reused by
# later runs. Override to share one tools folder between clones.
TOOLS_DIR ?= $(ROOT)/.tools
export TOOLS_DIR
BUILD := $(ROOT)/build
WIT := $(ROOT)/wit
WIT_FILES := $(wildcard $(WIT)/*.wit $(WIT)/deps/*/*.wit)
COMPONENTS := $(BUILD)/components

WASM_TOOLS := $(TOOLS_DIR)/bin/wasm-tools
WIT_BINDGEN := $(TOOLS_DIR)/bin/wit-bindgen
WAC := $(TOOLS_DIR)/bin/wac
PYTHON := $(TOOLS_DIR)/venv/bin/python
CLANG := clang-$(LLVM_MAJOR)
CLANGXX := clang++-$(LLVM_MAJOR)
LLVM_AR := llvm-ar-$(LLVM_MAJOR)
THIRD_PARTY_SRC := $(TOOLS_DIR)/src
# go.bytecodealliance.org/pkg, which `wit-bindgen go` output imports
# (toolchain/install.sh says where it comes from).
GO_PKG_SRC := $(TOOLS_DIR)/go-pkg-$(WIT_BINDGEN_VERSION)
CARGO ?= cargo
# The WASI preview1 reactor adapter, for core modules built against wasi-libc
# (C++) or Go's wasip1 port.
ADAPTER_REACTOR := $(TOOLS_DIR)/wasi_snapshot_preview1.reactor.$(WASMTIME_VERSION).wasm

# Everything that builds anything depends on this stamp (order-only): the first
# run installs the toolchains, later runs only check the stamp.
TOOLCHAIN := $(TOOLS_DIR)/.installed-$(shell sha256sum toolchain/versions.env toolchain/install.sh | sha256sum | cut -c1-16)

$(TOOLCHAIN):
	toolchain/install.sh all
	@rm -f $(TOOLS_DIR)/.installed-* && touch $@

$(ADAPTER_REACTOR): | $(TOOLCHAIN)
	$(CARGO) run --quiet --locked --release -p wasi-adapter -- $@

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

$(PIPELINE): compose.wac $(COMPONENTS)/image-ops.wasm $(COMPONENTS)/codec.wasm $(COMPONENTS)/scheduler.wasm | $(TOOLCHAIN)
	$(WAC) compose -o $@ \
	  --dep example:image-ops=$(COMPONENTS)/image-ops.wasm \
	  --dep example:codec=$(COMPONENTS)/codec.wasm \
	  --dep example:scheduler=$(COMPONENTS)/scheduler.wasm \
	  compose.wac
	$(WASM_TOOLS) validate $@

.PHONY: all toolchain components pipeline demo test lint help clean distclean

all: pipeline host ## build every component, the composed pipeline and the host

toolchain: $(TOOLCHAIN) ## install the pinned toolchains (the first build does this itself)

components: $(COMPONENTS)/image-ops.wasm $(COMPONENTS)/codec.wasm $(COMPONENTS)/scheduler.wasm ## build the three components

pipeline: $(PIPELINE) ## compose build/image-pipeline.wasm with wac

demo: $(PIPELINE) $(HOST_BIN) $(TOOLCHAIN) ## turn a generated sample image to grayscale: build/demo/
	@mkdir -p $(DEMO)
	$(PYTHON) conformance-tests/make_sample.py $(DEMO)/sample.png
	$(HOST_BIN) process $(DEMO)/sample.png -o $(DEMO)/sample-grayscale.png --op grayscale --component $(PIPELINE)
	@echo "demo: wrote $(DEMO)/sample.png and $(DEMO)/sample-grayscale.png"

test: lint test-image-ops test-codec test-scheduler test-host test-pipeline test-service test-js test-docs test-bench test-reliability test-fuzz ## build everything and run every test

lint: lint-image-ops lint-codec lint-scheduler lint-host lint-bench ## formatters and linters, every language; pins agree with versions.env
	toolchain/check-pins.sh

help: ## list the targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | sort | awk -F':.*## ' '{printf "  %-18s %s\n", $$1, $$2}'

clean: ## remove build outputs (keeps the installed tools)
	rm -rf $(BUILD) target

distclean: clean ## also remove the repo-local tools folder
	rm -rf $(ROOT)/.tools
