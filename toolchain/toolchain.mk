# The pinned toolchains as make targets, one per piece, so that `make -j`
# installs them beside other work and every rule waits only for what it
# runs. Included by the root Makefile first. Nothing here runs an installed
# tool when make reads the Makefile: on a fresh machine none is there yet.
#
# A piece whose output the build depends on is named by its version — the
# cargo-installed tools' paths, Go's marker, the library sources' folders —
# so that a version bump names a new target: make installs it and rebuilds
# whatever it produced. Other pieces (Debian packages, venv, Rust targets)
# are order-only markers keyed by versions.env and install.sh: an edit there
# re-runs the step's idempotent check once and rebuilds nothing.

TOOLCHAIN_KEY := $(shell cat $(ROOT)/toolchain/versions.env $(ROOT)/toolchain/install.sh | sha256sum | cut -c1-16)
OK_DIR := $(TOOLS_DIR)/ok
INSTALL := $(ROOT)/toolchain/install.sh

DEBIAN_OK := $(OK_DIR)/debian-$(TOOLCHAIN_KEY)
RUST_TARGETS_OK := $(OK_DIR)/rust-$(TOOLCHAIN_KEY)
PYTHON_OK := $(OK_DIR)/python-$(TOOLCHAIN_KEY)
CHROMIUM_OK := $(OK_DIR)/chromium-$(TOOLCHAIN_KEY)
GO_OK := $(OK_DIR)/go-$(GO_VERSION)

WASM_TOOLS := $(TOOLS_DIR)/wasm-tools-$(WASM_TOOLS_VERSION)/bin/wasm-tools
WIT_BINDGEN := $(TOOLS_DIR)/wit-bindgen-$(WIT_BINDGEN_VERSION)/bin/wit-bindgen
WAC := $(TOOLS_DIR)/wac-$(WAC_VERSION)/bin/wac
# go.bytecodealliance.org/pkg, which `wit-bindgen go` output imports
# (toolchain/install.sh says where it comes from): installed with wit-bindgen.
GO_PKG_SRC := $(TOOLS_DIR)/go-pkg-$(WIT_BINDGEN_VERSION)
PYTHON := $(TOOLS_DIR)/venv/bin/python
RUFF := $(TOOLS_DIR)/venv/bin/ruff
STATICCHECK := $(TOOLS_DIR)/staticcheck-$(STATICCHECK_VERSION)/bin/staticcheck

# The libraries' Debian sources, one folder per pinned .dsc.
THIRD_PARTY_SRC := $(TOOLS_DIR)/src
CODEC_ZLIB_SRC := $(THIRD_PARTY_SRC)/zlib-$(ZLIB_DSC_SHA256)
CODEC_PNG_SRC := $(THIRD_PARTY_SRC)/libpng-$(LIBPNG_DSC_SHA256)
CODEC_JPEG_SRC := $(THIRD_PARTY_SRC)/libjpeg-turbo-$(LIBJPEG_TURBO_DSC_SHA256)
THIRD_PARTY_OK := $(addsuffix .ok,$(CODEC_ZLIB_SRC) $(CODEC_PNG_SRC) $(CODEC_JPEG_SRC))

CLANG := clang-$(LLVM_MAJOR)
CLANGXX := clang++-$(LLVM_MAJOR)
LLVM_AR := llvm-ar-$(LLVM_MAJOR)

# `+`: cargo joins make's job server, so `make -j` never runs more compilers
# than it has slots.
$(WASM_TOOLS):
	+$(INSTALL) wasm-tools
$(WIT_BINDGEN):
	+$(INSTALL) wit-bindgen
$(WAC):
	+$(INSTALL) wac
$(STATICCHECK):
	$(INSTALL) staticcheck

$(THIRD_PARTY_OK) &:
	$(INSTALL) sources
# A library source file exists once its folder is unpacked (precious: make
# must never delete what it did not make).
.PRECIOUS: $(CODEC_ZLIB_SRC)/% $(CODEC_PNG_SRC)/% $(CODEC_JPEG_SRC)/%
$(CODEC_ZLIB_SRC)/%: | $(CODEC_ZLIB_SRC).ok
	@test -e $@
$(CODEC_PNG_SRC)/%: | $(CODEC_PNG_SRC).ok
	@test -e $@
$(CODEC_JPEG_SRC)/%: | $(CODEC_JPEG_SRC).ok
	@test -e $@

# marker_rule TARGET STEP
define marker_rule
$(1):
	$(INSTALL) $(2)
	@mkdir -p $$(@D) && touch $$@
endef
$(eval $(call marker_rule,$(DEBIAN_OK),debian))
$(eval $(call marker_rule,$(RUST_TARGETS_OK),rust))
$(eval $(call marker_rule,$(PYTHON_OK),python))
$(eval $(call marker_rule,$(CHROMIUM_OK),chromium))
$(eval $(call marker_rule,$(GO_OK),go))

# What `make toolchain` installs (with js/'s, binaryen's and hadolint's
# targets, defined beside their users): everything `make test` uses.
TOOLCHAIN := $(DEBIAN_OK) $(RUST_TARGETS_OK) $(PYTHON_OK) $(GO_OK) $(WASM_TOOLS) $(WIT_BINDGEN) $(WAC) \
  $(THIRD_PARTY_OK) $(CHROMIUM_OK) $(STATICCHECK)
