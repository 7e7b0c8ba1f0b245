"""`make doctor` (toolchain/install.sh check) names every missing piece of
the toolchain, one line each, and fails; with nothing missing it passes.
Pieces are hidden the way a person loses them: a command off PATH, a tool
folder gone from TOOLS_DIR."""

import os
from pathlib import Path

import pytest
from conftest import clean_env

LLVM = "22"


def test_a_complete_toolchain_passes(make):
    run = make("doctor")
    assert run.returncode == 0, run.stderr
    assert "missing:" not in run.stderr


def path_without(tmp_path: Path, hidden: str) -> str:
    """A PATH of one folder linking every command of the real PATH but HIDDEN."""
    folder = tmp_path / "bin"
    folder.mkdir()
    for entry in os.environ["PATH"].split(os.pathsep):
        if not os.path.isdir(entry):
            continue
        for name in os.listdir(entry):
            link = folder / name
            if name != hidden and not link.exists() and not link.is_symlink():
                link.symlink_to(Path(entry) / name)
    return str(folder)


@pytest.mark.parametrize("command", [f"clang-{LLVM}", f"wasm-ld-{LLVM}", f"llvm-ar-{LLVM}", "cmake", "djpeg",
                                     "wrk", "go", "chromium"])
def test_a_command_off_path_is_named(tmp_path, make, command):
    run = make("doctor", env=clean_env(PATH=path_without(tmp_path, command)))
    assert run.returncode != 0
    missing = [line for line in run.stderr.splitlines() if line.startswith("missing:")]
    assert any(command in line for line in missing), run.stderr


@pytest.mark.parametrize("tool", ["wasm-tools", "wit-bindgen", "wac"])
def test_a_tool_gone_from_tools_dir_is_named(tmp_path, make, tool):
    real = Path(os.environ["TOOLS_DIR"])
    copy = tmp_path / "tools"
    copy.mkdir()
    for entry in real.iterdir():
        if not entry.name.startswith(f"{tool}-"):
            (copy / entry.name).symlink_to(entry)
    run = make("doctor", env=clean_env(TOOLS_DIR=str(copy)))
    assert run.returncode != 0
    missing = [line for line in run.stderr.splitlines() if line.startswith("missing:")]
    assert missing and all(tool in line for line in missing), run.stderr
