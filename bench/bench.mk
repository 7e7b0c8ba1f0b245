# bench/: `make bench`, the benchmark table of docs/benchmarks.md, measured
# on this machine. Included by the root Makefile after every component's
# .mk file (it uses their variables).
#
#   make bench         every column, the boundary and the sizes → build/bench/
#   make bench-quick   the same, few repetitions (a smoke run, ~15 s once built)
#   make bench-doc     copy the last results into docs/benchmarks.md
#   make test-bench    every column computes the same thing (part of make test)

BENCH_DIR := $(ROOT)/bench
BENCH_OUT := $(BUILD)/bench
BENCH_RUNNER := $(NATIVE_TARGET_DIR)/release/bench-runner
# bench-runner links the host library (its component columns): its sources too.
BENCH_RUNNER_SRC := $(wildcard $(BENCH_DIR)/runner/src/*.rs) $(BENCH_DIR)/runner/Cargo.toml $(HOST_SRC) \
  $(wildcard $(BENCH_DIR)/boundary/wit/*.wit) $(OPS_SOURCES) $(WIT_FILES) $(NATIVE_COMMON)
BENCH_VENV := $(TOOLS_DIR)/bench-venv
BENCH_PYTHON := $(BENCH_VENV)/bin/python
BENCH_VENV_STAMP := $(BENCH_VENV)/.installed-$(OPENCV_PYPI_VERSION)-$(MATPLOTLIB_VERSION)-$(NUMPY_VERSION)

$(BENCH_VENV_STAMP):
	toolchain/install.sh bench
	touch $@

$(eval $(call native_bin,$(BENCH_RUNNER),bench-runner,$(BENCH_RUNNER_SRC)))

# The boundary pair: two bench-only Rust components, one calling the other.
BOUNDARY := $(BENCH_OUT)/boundary
BOUNDARY_CORE := $(OPS_TARGET_DIR)/$(OPS_TARGET)/$(OPS_PROFILE)
$(BOUNDARY)/pair.wasm: $(wildcard $(BENCH_DIR)/boundary/*/src/*.rs $(BENCH_DIR)/boundary/*/Cargo.toml) \
    $(BENCH_DIR)/boundary/wit/boundary.wit $(BENCH_DIR)/boundary/pair.wac $(WAC) $(WASM_TOOLS) | $(RUST_TARGETS_OK)
	+$(CARGO) build --locked --profile $(OPS_PROFILE) --target $(OPS_TARGET) -p boundary-callee -p boundary-caller
	@mkdir -p $(@D)
	$(WASM_TOOLS) component new $(BOUNDARY_CORE)/boundary_callee.wasm -o $(BOUNDARY)/callee.wasm
	$(WASM_TOOLS) component new $(BOUNDARY_CORE)/boundary_caller.wasm -o $(BOUNDARY)/caller.wasm
	$(call wac_compose,$@,$(BENCH_DIR)/boundary/pair.wac,bench:callee=$(BOUNDARY)/callee.wasm bench:caller=$(BOUNDARY)/caller.wasm)

# "Before" for the size table: the same core modules made into components
# without the release size steps, and composed the same way.
SIZE_BEFORE := $(BENCH_OUT)/size-before
$(SIZE_BEFORE)/image-pipeline.wasm: $(OPS_WASM) $(CODEC_COMPONENT) $(CODEC_PLAIN_COMPONENT) $(COMPONENTS)/scheduler.wasm \
    compose.wac $(WAC) $(WASM_TOOLS)
	@mkdir -p $(@D)
	$(WASM_TOOLS) component new $(OPS_CORE) -o $(@D)/image-ops.wasm
	$(WASM_TOOLS) component new $(CODEC_WASM_CORE) --adapt wasi_snapshot_preview1=$(ADAPTER_REACTOR) -o $(@D)/codec.wasm
	$(WASM_TOOLS) component new $(CODEC_wasm-c_DIR)/codec.core.wasm \
	  --adapt wasi_snapshot_preview1=$(ADAPTER_REACTOR) -o $(@D)/codec-plain.wasm
	$(WASM_TOOLS) component new $(SCHED_EMBED) --adapt wasi_snapshot_preview1=$(ADAPTER_REACTOR) -o $(@D)/scheduler.wasm
	$(call wac_compose,$@,compose.wac,$(call pipeline_deps,$(@D)))

# The JPEG rows' plain-C column: the same composition with the codec's
# plain-C build (CODEC_SIMD=0's component).
PLAIN_CODEC := $(BENCH_OUT)/plain-codec
$(PLAIN_CODEC)/image-pipeline.wasm: $(OPS_WASM) $(CODEC_PLAIN_COMPONENT) $(COMPONENTS)/scheduler.wasm compose.wac \
    $(WAC) $(WASM_TOOLS)
	@mkdir -p $(@D)
	$(call wac_compose,$@,compose.wac,example:image-ops=$(OPS_WASM) example:codec=$(CODEC_PLAIN_COMPONENT) \
	  example:scheduler=$(COMPONENTS)/scheduler.wasm)

BENCH_DEPS := $(BENCH_RUNNER) $(BOUNDARY)/pair.wasm $(SIZE_BEFORE)/image-pipeline.wasm $(PIPELINE) \
  $(JS_PIPELINE)/image-pipeline.js $(BENCH_VENV_STAMP) $(PLAIN_CODEC)/image-pipeline.wasm \
  $(CODEC_SIMD_STAGES) $(CODEC_PLAIN_STAGES)

define BENCH_CONFIG
{
  "out": "$(BENCH_OUT)",
  "runner": "$(BENCH_RUNNER)",
  "node": "$(NODE24)",
  "column_js": "$(BENCH_DIR)/js/column.mjs",
  "opencv_column": "$(BENCH_DIR)/py/opencv_column.py",
  "core_module": "$(OPS_CORE)",
  "pipeline": "$(PIPELINE)",
  "pair": "$(BOUNDARY)/pair.wasm",
  "plain_codec_pipeline": "$(PLAIN_CODEC)/image-pipeline.wasm",
  "stages_simd": "$(CODEC_SIMD_STAGES)",
  "stages_plain": "$(CODEC_PLAIN_STAGES)",
  "jco_dir": "$(JS_PIPELINE)",
  "shim": "$(JS_DIR)/node_modules/@bytecodealliance/preview2-shim",
  "wasm_opt": "$(WASM_OPT)",
  "wasmtime_version": "$(WASMTIME_VERSION)",
  "jco_version": "$(JCO_VERSION)",
  "go_core": "$(SCHED_EMBED)",
  "sizes": {
    "image-ops (Rust)": ["$(SIZE_BEFORE)/image-ops.wasm", "$(OPS_WASM)"],
    "codec (C++)": ["$(SIZE_BEFORE)/codec.wasm", "$(CODEC_COMPONENT)"],
    "codec (C++), plain-C build": ["$(SIZE_BEFORE)/codec-plain.wasm", "$(CODEC_PLAIN_COMPONENT)"],
    "scheduler (Go)": ["$(SIZE_BEFORE)/scheduler.wasm", "$(COMPONENTS)/scheduler.wasm"],
    "composed image-pipeline.wasm": ["$(SIZE_BEFORE)/image-pipeline.wasm", "$(PIPELINE)"]
  }
}
endef

.PHONY: bench bench-quick bench-doc test-bench

bench: $(BENCH_DEPS) | $(DEBIAN_OK) ## benchmark table + chart, every column side by side, boundary costs, sizes → build/bench/ (~1 min once built; not in make test)
	@mkdir -p $(BENCH_OUT)
	$(file > $(BENCH_OUT)/config.json,$(BENCH_CONFIG))
	PYTHONDONTWRITEBYTECODE=1 $(BENCH_PYTHON) $(BENCH_DIR)/py/run.py --config $(BENCH_OUT)/config.json

bench-quick: ## make bench with few repetitions and a batch of 10: a smoke run
	$(MAKE) bench BENCH_QUICK=1
export BENCH_QUICK

bench-doc: ## put build/bench's last results into docs/benchmarks.md (between its markers) and docs/benchmarks.png
	$(PYTHON) $(BENCH_DIR)/py/doc.py $(BENCH_OUT)/benchmarks.md $(ROOT)/docs/benchmarks.md
	cp $(BENCH_OUT)/benchmarks.png $(ROOT)/docs/benchmarks.png

test-bench: $(JS_INSTALLED) $(BENCH_RUNNER) $(OPS_WASM) $(PIPELINE) $(JS_PIPELINE)/image-pipeline.js ## the benchmark's columns compute the same thing: pure-JS ops vs the Rust goldens; core wasm, component, frames, pipeline vs native; jco's pipeline vs jco's by-value calls
	$(NODE24) $(BENCH_DIR)/js/check.mjs $(OPS_DIR)/tests/golden
	$(BENCH_RUNNER) check --core $(OPS_CORE) --wasm $(PIPELINE)
	$(NODE24) $(BENCH_DIR)/js/column.mjs --check --jco $(JS_PIPELINE) --shim $(JS_DIR)/node_modules/@bytecodealliance/preview2-shim

