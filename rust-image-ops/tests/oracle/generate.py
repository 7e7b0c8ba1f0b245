"""Golden data for rust-image-ops, from the project's one reference of the
image operations: conformance-tests/oracle (`ops.py`, written from the doc
comments of wit/image-ops.wit on Pillow and numpy float64, and `pixels.py`,
the seeded inputs), which the conformance vectors are made from too. So an
input name means the same pixels here and in the vectors, and an operation
has one reference to keep in step with the WIT.

Writes the inputs and the expected output of each operation to
rust-image-ops/tests/golden/ (`manifest.tsv`, `in/*.bin`, `out/*.bin`; raw
interleaved samples, rows top to bottom). `tests/golden.rs` runs the crate on
the same inputs and compares, within the tolerances of
`tests/support/cases.rs`.

Usage (Pillow 12.1.0 and numpy 2.3.5, see toolchain/versions.env):
    python generate.py          check that the committed goldens are current
    BLESS=1 python generate.py  rewrite them (`make bless-image-ops`)
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import numpy as np

GOLDEN = Path(__file__).resolve().parent.parent / "golden"
sys.path.insert(0, str(GOLDEN.parents[2] / "conformance-tests"))

from oracle import ops, pixels  # noqa: E402  (found through the path above)

# The inputs the goldens use, by their names in oracle/pixels.py.
NAMES = ["gray-17x13", "gray-alpha-11x9", "rgb-23x17", "rgba-19x15", "rgb-1x1", "rgba-2x3", "gray-1x7",
         "gray-alpha-7x1", "rgb-40x30"]


def grayscale(a: np.ndarray) -> np.ndarray:
    return ops.grayscale(a)[0]


def blur(a: np.ndarray, radius: int) -> np.ndarray:
    return ops.blur(a, radius)[0]


def resize(a: np.ndarray, width: int, height: int) -> np.ndarray:
    return ops.resize(a, width, height)[0]


def apply_filter(a: np.ndarray, brightness: float | None, contrast: float | None, radius: int | None) -> np.ndarray:
    return ops.apply_filter(a, brightness, contrast, radius)[0]


# --- cases ------------------------------------------------------------------


def cases(images: dict[str, np.ndarray]):
    """(case, input, op, args, expected) for every golden."""
    for name, a in images.items():
        yield f"grayscale-{name}", name, "grayscale", "-", grayscale(a)
    for name, radii in [
        ("gray-17x13", [1, 2, 3, 5, 8]),
        ("gray-alpha-11x9", [1, 4]),
        ("rgb-23x17", [1, 2, 5, 12, 40]),
        ("rgba-19x15", [3, 256]),
        ("rgb-1x1", [7]),
        ("rgba-2x3", [5]),
        ("gray-1x7", [2]),
        ("gray-alpha-7x1", [3]),
        ("rgb-40x30", [4, 9]),
    ]:
        for r in radii:
            yield f"blur-{name}-r{r}", name, "blur", str(r), blur(images[name], r)
    for name, sizes in [
        ("gray-17x13", [(34, 26), (8, 6), (5, 5), (1, 1), (17, 40), (51, 13)]),
        ("gray-alpha-11x9", [(3, 2), (23, 19)]),
        ("rgb-23x17", [(46, 34), (11, 8), (7, 13), (23, 5), (61, 45), (2, 17)]),
        ("rgba-19x15", [(10, 7), (38, 31), (19, 1)]),
        ("rgb-1x1", [(5, 3)]),
        ("rgba-2x3", [(1, 1), (7, 9)]),
        ("gray-1x7", [(3, 2)]),
        ("gray-alpha-7x1", [(2, 4)]),
        ("rgb-40x30", [(13, 10), (16, 9), (39, 29), (41, 31), (3, 30)]),
    ]:
        for w, h in sizes:
            yield f"resize-{name}-{w}x{h}", name, "resize", f"{w}x{h}", resize(images[name], w, h)
    for name, opts in [
        ("gray-17x13", [(0.25, None, None), (None, 40.0, None), (-0.3, 80.0, 2)]),
        ("gray-alpha-11x9", [(0.6, None, 1), (None, -100.0, None)]),
        (
            "rgb-23x17",
            [(0.1, 20.0, 2), (None, None, 3), (-1.0, None, None), (None, 255.0, None), (0.333, -254.5, 1)],
        ),
        ("rgba-19x15", [(0.6, None, 1), (-0.2, 60.0, None), (None, -255.0, 4)]),
        ("rgb-1x1", [(0.5, 10.0, 3)]),
        ("rgb-40x30", [(0.05, 35.5, 5)]),
    ]:
        for b, c, r in opts:
            parts = [f"{key}={value}" for key, value in (("b", b), ("c", c), ("r", r)) if value is not None]
            args = ",".join(parts) or "-"
            case = "filter-" + name + "-" + args.replace(",", "-").replace("=", "")
            yield case, name, "apply-filter", args, apply_filter(images[name], b, c, r)


def render() -> dict[str, bytes]:
    """Every golden file's path relative to GOLDEN, and its content."""
    images = {name: pixels.synthetic(*pixels.INPUTS[name]) for name in NAMES}
    files = {f"in/{name}.bin": a.tobytes() for name, a in images.items()}
    columns = "case input in_width in_height in_channels op args out_width out_height out_channels"
    lines = ["# " + columns.replace(" ", "\t")]
    for case, name, op, args, out in cases(images):
        _, w, h, c = pixels.INPUTS[name]
        files[f"out/{case}.bin"] = out.tobytes()
        fields = (case, name, w, h, c, op, args, out.shape[1], out.shape[0], out.shape[2])
        lines.append("\t".join(map(str, fields)))
    files["manifest.tsv"] = ("\n".join(lines) + "\n").encode()
    return files


def check_versions() -> None:
    """The oracles must be the pinned versions (toolchain/versions.env)."""
    pins = dict(
        line.split("=", 1)
        for line in (GOLDEN.parents[2] / "toolchain" / "versions.env").read_text().splitlines()
        if "=" in line and not line.startswith("#")
    )
    import PIL

    found = {"PILLOW_VERSION": PIL.__version__, "NUMPY_VERSION": np.__version__}
    wrong = [f"{key} is {value}, pinned {pins.get(key)}" for key, value in found.items() if pins.get(key) != value]
    if wrong:
        sys.exit("oracle versions differ from toolchain/versions.env: " + ", ".join(wrong))


def main() -> int:
    check_versions()
    files = render()
    if os.environ.get("BLESS") == "1":
        for sub in ("in", "out"):
            (GOLDEN / sub).mkdir(parents=True, exist_ok=True)
            for stale in (GOLDEN / sub).glob("*.bin"):
                if f"{sub}/{stale.name}" not in files:
                    stale.unlink()
        for rel, data in files.items():
            (GOLDEN / rel).write_bytes(data)
        total = sum(len(d) for d in files.values())
        print(f"wrote {len(files)} files, {total} bytes, to {GOLDEN}")
        return 0
    stale = [rel for rel, data in files.items() if not (GOLDEN / rel).is_file() or (GOLDEN / rel).read_bytes() != data]
    if stale:
        print(
            f"{len(stale)} golden files differ from the oracle, e.g. {stale[:3]}: run `make bless-image-ops`",
            file=sys.stderr,
        )
        return 1
    print(f"goldens current: {len(files)} files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
