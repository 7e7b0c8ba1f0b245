# The Go scheduler component (world scheduler-component), included by the root
# Makefile. Mainline Go builds a wasip1 reactor; wasm-tools embeds the world
# and wraps it with the preview1 reactor adapter.
#
# The export package that wit-bindgen generates must be completed by code in
# the same directory, so the build assembles one module under
# $(SCHED_MODULE_DIR): the committed sources, then the bindings generated into
# internal/wit/. Committed paths and build paths match one to one.

SCHED_DIR := $(ROOT)/go-scheduler
SCHED_BUILD := $(BUILD)/go-scheduler
SCHED_MODULE_DIR := $(SCHED_BUILD)/module
SCHED_GO_PKG := $(SCHED_BUILD)/go-pkg
SCHED_CORE := $(SCHED_BUILD)/scheduler.core.wasm
SCHED_EMBED := $(SCHED_BUILD)/scheduler.embed.wasm
SCHED_WORLD := scheduler-component
# The module path: go.mod starts with "module PATH".
SCHED_MODULE := $(word 2,$(file < $(SCHED_DIR)/go.mod))
# What the component is built from (tests are not): paths relative to SCHED_DIR.
SCHED_SRCS := $(shell cd $(SCHED_DIR) && find . -name '*.go' ! -name '*_test.go' -printf '%P\n' | sort)
SCHED_GLUE_PKG := ./internal/wit/exports/export_example_image_processing_scheduler
SCHED_GO_WASM := GOOS=wasip1 GOARCH=wasm GOWORK=off GOTOOLCHAIN=local
# The race detector needs cgo, which Go turns off when it finds no C compiler.
SCHED_RACE = $(if $(filter 1,$(shell go env CGO_ENABLED)),-race)

# The generated code imports go.bytecodealliance.org/pkg/wit/{runtime,types};
# toolchain/install.sh puts its source in $(GO_PKG_SRC) (why: see there).
$(SCHED_GO_PKG)/go.mod: $(WIT_BINDGEN)
	rm -rf $(SCHED_GO_PKG) && mkdir -p $(@D)
	cp -R $(GO_PKG_SRC)/. $(SCHED_GO_PKG)/

# The list of sources, rewritten only when it changes, so that removing a file
# also rebuilds (its stale copy must go).
$(SCHED_BUILD)/sources.list: sched-force
	@mkdir -p $(@D)
	@echo '$(SCHED_SRCS)' | cmp -s - $@ || echo '$(SCHED_SRCS)' > $@

# Patches to the generated code, applied in name order with no fuzz: if
# wit-bindgen's output changes, the build stops here (README.md, "The
# own-handle patch").
SCHED_PATCHES := $(sort $(wildcard $(SCHED_DIR)/patches/*.patch))

$(SCHED_MODULE_DIR)/.assembled: $(addprefix $(SCHED_DIR)/,go.mod $(SCHED_SRCS)) $(SCHED_BUILD)/sources.list \
    $(SCHED_PATCHES) $(WIT_FILES) $(WIT_BINDGEN) $(GO_OK) $(SCHED_GO_PKG)/go.mod
	rm -rf $(SCHED_MODULE_DIR) && mkdir -p $(SCHED_MODULE_DIR)
	cd $(SCHED_DIR) && cp --parents go.mod $(SCHED_SRCS) $(SCHED_MODULE_DIR)/
	$(WIT_BINDGEN) go $(WIT) --world $(SCHED_WORLD) --pkg-name $(SCHED_MODULE)/internal/wit \
	  --out-dir $(SCHED_MODULE_DIR)/internal/wit 2>&1 | { grep -v -e '^Generating "' -e '^$$' || true; } >&2
	for p in $(SCHED_PATCHES); do \
	  patch -d $(SCHED_MODULE_DIR) -p1 --forward --batch --fuzz=0 --reject-file=- --no-backup-if-mismatch --quiet < $$p \
	    || { echo "$$p no longer applies to wit-bindgen's output: see go-scheduler/README.md" >&2; exit 1; }; \
	done
	cd $(SCHED_MODULE_DIR) && go mod edit -replace=go.bytecodealliance.org/pkg=$(SCHED_GO_PKG)
	touch $@

# -checklinkname=0: the runtime package reaches runtime.sbrk through
# go:linkname, for allocations made before the Go runtime is initialised.
$(SCHED_CORE): $(SCHED_MODULE_DIR)/.assembled $(GO_OK)
	cd $(SCHED_MODULE_DIR) && $(SCHED_GO_WASM) go build -trimpath -buildvcs=false \
	  -buildmode=c-shared -ldflags=-checklinkname=0 -o $@ .

# wasm-opt (toolchain/binaryen/binaryen.mk) -Os: the Go runtime is most of
# the composition's size, and the scheduler's own work is bookkeeping. Go's
# module has no target_features section, so its features are named: those
# Go 1.25 emits for wasip1.
SCHED_OPT := $(SCHED_BUILD)/scheduler.opt.wasm
SCHED_WASM_FEATURES := --enable-bulk-memory --enable-bulk-memory-opt --enable-sign-ext \
  --enable-nontrapping-float-to-int --enable-mutable-globals

$(COMPONENTS)/scheduler.wasm: $(SCHED_CORE) $(WIT_FILES) $(ADAPTER_REACTOR) $(BINARYEN_INSTALLED) $(WASM_TOOLS)
	@mkdir -p $(@D)
	$(WASM_TOOLS) component embed $(WIT) --world $(SCHED_WORLD) $(SCHED_CORE) -o $(SCHED_EMBED)
	$(call wasm_opt,-Os,$(SCHED_WASM_FEATURES),$(SCHED_EMBED),$(SCHED_OPT))
	$(WASM_TOOLS) component new $(SCHED_OPT) --adapt wasi_snapshot_preview1=$(ADAPTER_REACTOR) -o $@
	$(WASM_TOOLS) validate $@

.PHONY: scheduler test-scheduler lint-scheduler sched-force

scheduler: $(COMPONENTS)/scheduler.wasm ## build the Go scheduler component: build/components/scheduler.wasm

test-scheduler: | $(GO_OK) ## unit tests of the Go scheduler (native go test)
	cd $(SCHED_DIR) && GOWORK=off GOTOOLCHAIN=local go test $(SCHED_RACE) ./...

# The glue package shares its directory with generated code, whose pointer
# conversions the unsafeptr check flags: that check is off for the wasm vet.
# staticcheck likewise reports on the generated file (wit_bindings.go, which
# has no "Code generated" header to skip it by): its lines are dropped, any
# other line fails the lint.
lint-scheduler: $(SCHED_MODULE_DIR)/.assembled $(STATICCHECK) ## gofmt, go vet and staticcheck, Go scheduler
	@unformatted=$$(cd $(SCHED_DIR) && gofmt -l .); \
	if [ -n "$$unformatted" ]; then echo "gofmt -l: not formatted: $$unformatted" >&2; exit 1; fi
	cd $(SCHED_DIR) && GOWORK=off GOTOOLCHAIN=local go vet ./...
	cd $(SCHED_MODULE_DIR) && $(SCHED_GO_WASM) go vet -unsafeptr=false . $(SCHED_GLUE_PKG)
	cd $(SCHED_DIR) && GOWORK=off GOTOOLCHAIN=local $(STATICCHECK) ./...
	@found=$$(cd $(SCHED_MODULE_DIR) && $(SCHED_GO_WASM) $(STATICCHECK) . $(SCHED_GLUE_PKG) 2>&1 \
	  | grep -v '/wit_bindings\.go:' || true); \
	if [ -n "$$found" ]; then echo "$$found" >&2; exit 1; fi
