# host/: the Rust wasmtime embedding (`image-pipeline` CLI). Included by the
# root Makefile.

HOST_BIN := $(ROOT)/target/release/image-pipeline
HOST_SRC := $(wildcard $(ROOT)/host/src/*.rs) $(ROOT)/host/Cargo.toml $(ROOT)/Cargo.lock

$(HOST_BIN): $(HOST_SRC) $(WIT_FILES) | $(TOOLCHAIN)
	$(CARGO) build --release --locked -p image-pipeline-host

.PHONY: host test-host lint-host

host: $(HOST_BIN) ## build the host CLI: target/release/image-pipeline

test-host: | $(TOOLCHAIN) ## the host's unit tests
	$(CARGO) test --release --locked -p image-pipeline-host

lint-host: | $(TOOLCHAIN)
	$(CARGO) fmt --check -p image-pipeline-host
	$(CARGO) clippy --release --locked -p image-pipeline-host --all-targets -- -D warnings
