"""Shared fixtures: where the built host, components and tools are (set by
conformance-tests/tests.mk), and a helper that runs the host CLI."""

import os
import subprocess
from pathlib import Path

import pytest


def _path(var: str) -> Path:
    value = os.environ.get(var)
    if not value:
        pytest.exit(f"{var} is not set: run the tests with `make test-pipeline`", returncode=2)
    return Path(value)


@pytest.fixture(scope="session")
def host() -> Path:
    return _path("IMAGE_PIPELINE_HOST")


@pytest.fixture(scope="session")
def pipeline() -> Path:
    return _path("IMAGE_PIPELINE_COMPONENT")


@pytest.fixture(scope="session")
def components() -> Path:
    return _path("COMPONENTS_DIR")


@pytest.fixture(scope="session")
def wasm_tools() -> Path:
    return _path("WASM_TOOLS")


@pytest.fixture(scope="session")
def wit_dir() -> Path:
    return _path("WIT_DIR")


@pytest.fixture(scope="session")
def run_host(host: Path, pipeline: Path):
    """Runs `image-pipeline ARGS… --component <pipeline>`; returns the
    CompletedProcess (text mode), whatever the exit code."""

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(host), *args, "--component", str(pipeline)],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    return run
