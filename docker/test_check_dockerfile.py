"""The drift check passes on the real Dockerfile and fails on each kind of
drift, fed as a modified copy: `pytest docker/` (make test-docs runs it)."""

from pathlib import Path

import pytest
from check_dockerfile import check

DOCKERFILE = Path(__file__).with_name("Dockerfile")


def drifted(tmp_path: Path, old: str, new: str) -> list[str]:
    text = DOCKERFILE.read_text()
    assert old in text, f"the Dockerfile no longer contains {old!r}: update this test"
    path = tmp_path / "Dockerfile"
    path.write_text(text.replace(old, new))
    return check(path)


def test_the_real_dockerfile_passes():
    assert check(DOCKERFILE) == []


@pytest.mark.parametrize("old,new,complaint", [
    ("RUN make all service", "RUN make all service bench-ops", "bench-ops builds what `make test` does not"),
    ("RUN make all service", "RUN make all service CARGO=cargo-nightly", "options or variables"),
    ("RUN make all service", "RUN make all service no-such-target", "no-such-target: no such target"),
    ("COPY . .\n", "", "make before `COPY . .`"),
    ("RUN toolchain/install.sh", "COPY . .\nRUN toolchain/install.sh", "must run before `COPY . .`"),
    ("RUN toolchain/install.sh", "RUN true ||", "no `RUN toolchain/install.sh STEP...` layer"),
    ("RUN make all service", "RUN make all", "image-service.wasm: not built by the Dockerfile's make steps"),
    ("/src/build/image-service.wasm", "/src/build/bench/image-ops-scalar.wasm", "not built by the Dockerfile's make"),
    ("ARG RUST_IMAGE=rust:1.95.0-bookworm", "ARG RUST_IMAGE=rust:1.96.0-bookworm", "DOCKER_RUST_IMAGE"),
    ("ARG RUNTIME_IMAGE=debian:bookworm-slim", "ARG RUNTIME_IMAGE=alpine:3", "DOCKER_RUNTIME_IMAGE"),
])
def test_each_drift_fails(tmp_path, old, new, complaint):
    errors = drifted(tmp_path, old, new)
    assert any(complaint in e for e in errors), errors
