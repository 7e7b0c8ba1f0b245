# Test-only builds of the three components that trap on demand, composed into
# build/trap/image-pipeline.wasm and build/trap/image-service.wasm, for the
# host's trap-recovery tests (host/tests/reliability/). Included by the root
# Makefile after the components' own component.mk files, whose variables it
# reuses; the release components are not touched (same sources, the trap
# code is behind a feature, a define and a build tag that only these rules
# set).
#
#   rust-image-ops  --features trap-injection (src/component/trap.rs): an
#                   apply-filter, or an apply with a filter step, whose
#                   brightness is 1001..1005 panics, executes unreachable,
#                   runs out of memory, loops, overflows its stack
#   cpp-codec       -DCODEC_TRAP_INJECTION (src/trap_injection.h): decode of
#                   "TRAP:abort|trap|oom|loop"
#   go-scheduler    -tags trapinject (…/trap.go): a task with a filter step
#                   whose contrast is 2001..2004 panics, dereferences nil,
#                   runs out of memory, loops

# TRAP_DIR, TRAP_PIPELINE and TRAP_SERVICE are set in host/host.mk. The
# service's variables (http-service/service.mk) are read only after every
# makefile is (secondary expansion, below): the order of the includes does
# not matter to them.

# Rust: its own target folder, so that it never replaces the release build.
TRAP_OPS_TARGET_DIR := $(OPS_TARGET_DIR)/trap
TRAP_OPS_CORE := $(TRAP_OPS_TARGET_DIR)/$(OPS_TARGET)/$(OPS_PROFILE)/image_ops.wasm

$(TRAP_DIR)/image-ops.wasm: $(OPS_SOURCES) $(WIT_FILES) $(WASM_TOOLS) | $(RUST_TARGETS_OK)
	+$(CARGO) build --locked --profile $(OPS_PROFILE) -p image-ops --target $(OPS_TARGET) \
	  --features trap-injection --target-dir $(TRAP_OPS_TARGET_DIR)
	@mkdir -p $(@D)
	$(WASM_TOOLS) component new $(TRAP_OPS_CORE) -o $@
	$(WASM_TOOLS) validate $@

# C++: only component_exports.cpp differs; every other object is the
# release build's.
TRAP_CODEC_OBJ := $(TRAP_DIR)/codec/component_exports.o
TRAP_CODEC_CORE := $(TRAP_DIR)/codec/codec.core.wasm

$(TRAP_CODEC_OBJ): $(CODEC_DIR)/src/component_exports.cpp $(CODEC_DIR)/src/trap_injection.h \
    $(CODEC_WASM_FLAGS) | $(CODEC_WASM_LIB_HEADERS) $(CODEC_GEN_FILES)
	@mkdir -p $(@D)
	$(CLANGXX) $(CODEC_WASM_CFLAGS) $(CODEC_CXXFLAGS) -DCODEC_TRAP_INJECTION $(CODEC_WASM_LIB_INCLUDES) \
	  -isystem $(CODEC_GEN) -MD -MP -c $< -o $@
-include $(TRAP_CODEC_OBJ:.o=.d)

$(TRAP_CODEC_CORE): $(TRAP_CODEC_OBJ) $(CODEC_WASM_OBJS) $(CODEC_WASM_LIBS)
	$(CLANGXX) $(CODEC_WASM_TARGET) -O2 -mexec-model=reactor -fno-exceptions \
	  -Wl,--strip-debug $(TRAP_CODEC_OBJ) $(filter-out %/component_exports.o,$(CODEC_WASM_OBJS)) \
	  $(CODEC_GEN)/codec_component_component_type.o $(CODEC_WASM_LIBS) -o $@

$(TRAP_DIR)/codec.wasm: $(TRAP_CODEC_CORE) $(ADAPTER_REACTOR) $(WASM_TOOLS)
	$(WASM_TOOLS) component new $< --adapt wasi_snapshot_preview1=$(ADAPTER_REACTOR) -o $@
	$(WASM_TOOLS) validate $@

# Go: the module the release build assembled, built with the tag.
TRAP_SCHED_CORE := $(TRAP_DIR)/scheduler/scheduler.core.wasm
TRAP_SCHED_EMBED := $(TRAP_DIR)/scheduler/scheduler.embed.wasm

$(TRAP_SCHED_CORE): $(SCHED_MODULE_DIR)/.assembled $(GO_OK)
	@mkdir -p $(@D)
	cd $(SCHED_MODULE_DIR) && $(SCHED_GO_WASM) go build -tags trapinject -trimpath -buildvcs=false \
	  -buildmode=c-shared -ldflags=-checklinkname=0 -o $@ .

$(TRAP_DIR)/scheduler.wasm: $(TRAP_SCHED_CORE) $(WIT_FILES) $(ADAPTER_REACTOR) $(WASM_TOOLS)
	$(WASM_TOOLS) component embed $(WIT) --world $(SCHED_WORLD) $< -o $(TRAP_SCHED_EMBED)
	$(WASM_TOOLS) component new $(TRAP_SCHED_EMBED) --adapt wasi_snapshot_preview1=$(ADAPTER_REACTOR) -o $@
	$(WASM_TOOLS) validate $@

TRAP_COMPONENTS := $(TRAP_DIR)/image-ops.wasm $(TRAP_DIR)/codec.wasm $(TRAP_DIR)/scheduler.wasm

$(TRAP_PIPELINE): compose.wac $(TRAP_COMPONENTS) $(WAC) $(WASM_TOOLS)
	$(call wac_compose,$@,compose.wac,$(call pipeline_deps,$(TRAP_DIR)))

# The HTTP service with the same three: per-request recovery under serve.
# `$$(...)`: expanded when make needs the prerequisites, not when it reads
# this line.
.SECONDEXPANSION:
$(TRAP_SERVICE): $$(SVC_DIR)/service.wac $$(SVC_WASMS) $(TRAP_COMPONENTS) $(WAC) $(WASM_TOOLS)
	$(call wac_compose,$@,$(SVC_DIR)/service.wac,$(SVC_DEPS) $(call pipeline_deps,$(TRAP_DIR)))

.PHONY: trap-components

trap-components: $(TRAP_PIPELINE) $(TRAP_SERVICE) ## test-only trapping builds of the components, composed: build/trap/
