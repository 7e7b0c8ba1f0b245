"""Writes or checks conformance-tests/vectors/ and conformance-tests/fixtures/.

    python -m oracle            exit 1 if regenerating would change any file
    BLESS=1 python -m oracle    rewrite them (`BLESS=1 make conformance`)

Run from conformance-tests/ with the pinned Pillow and numpy
(toolchain/versions.env) and Debian's cjpeg/djpeg on PATH."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import numpy as np
import PIL

from . import cases_codec, cases_frames, cases_image_ops, cases_scheduler, cases_step_text, pixels
from .suite import Suite, stale, write

ROOT = Path(__file__).resolve().parent.parent


def check_versions() -> None:
    """Other Pillow or numpy versions may compute other goldens."""
    env = ROOT.parent / "toolchain" / "versions.env"
    pins = dict(line.split("=", 1) for line in env.read_text().splitlines() if "=" in line and line[0] != "#")
    found = {"PILLOW_VERSION": PIL.__version__, "NUMPY_VERSION": np.__version__}
    wrong = [f"{k} is {v}, pinned {pins.get(k)}" for k, v in found.items() if pins.get(k) != v]
    if wrong:
        sys.exit("oracle: versions differ from toolchain/versions.env: " + ", ".join(wrong))


def build() -> Suite:
    suite = Suite(inputs=pixels.inputs())
    cases_image_ops.all_cases(suite)
    cases_frames.all_cases(suite)
    cases_codec.all_cases(suite)
    cases_scheduler.all_cases(suite)
    cases_step_text.all_cases(suite)
    return suite


def main() -> int:
    check_versions()
    suite = build()
    size = sum(len(d) for d in suite.files.values())
    summary = f"{suite.vector_count()} vectors, {len(suite.files)} files, {size // 1024} KiB"
    if os.environ.get("BLESS") == "1":
        write(ROOT, suite.files)
        print(f"oracle: wrote {summary}")
        return 0
    changed = stale(ROOT, suite.files)
    if changed:
        shown = ", ".join(changed[:5]) + (f" and {len(changed) - 5} more" if len(changed) > 5 else "")
        print(f"oracle: FAIL: {len(changed)} files differ from what the oracle makes now: {shown}; "
              "if the change is intended, run `BLESS=1 make conformance`", file=sys.stderr)
        return 1
    print(f"oracle: vectors current ({summary})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
