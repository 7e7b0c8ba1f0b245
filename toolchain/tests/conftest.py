"""Shared by the toolchain's tests: the repository, and `make` run from a
test as a person would run it (none of the calling make's flags)."""

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    env.update(extra)
    return env


@pytest.fixture
def make():
    def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
        return subprocess.run(["make", "--no-print-directory", *args], cwd=ROOT, env=env or clean_env(),
                              capture_output=True, text=True, check=False)
    return run
