#!/usr/bin/env python3
"""Golden data for rust-image-ops, computed by independent oracles.

Writes deterministic input images and the expected output of each operation
to rust-image-ops/tests/golden/ (`manifest.tsv`, `in/*.bin`, `out/*.bin`; raw
interleaved samples, rows top to bottom). `tests/golden.rs` runs the crate on
the same inputs and compares.

Oracles:
- grayscale: Pillow `Image.convert('L')` (BT.601 in 16-bit integers, exact);
  gray + alpha: the gray band.
- resize: Pillow `Image.resize(size, Image.BILINEAR)` on each band as an `L`
  image (per-channel, straight alpha; Pillow itself premultiplies RGBA/LA).
- blur: numpy float64, the WIT definition term by term: 2r+1 taps
  exp(-x^2 / 2 sigma^2), sigma = r/3, normalised, horizontal then vertical,
  edges clamped, each pass rounded half up to 8 bits.
- apply-filter: numpy float64: brightness (+ b*255), then contrast
  (f*(v-128)+128, f = 259(c+255)/(255(259-c))) on the colour channels, each
  rounded half up and clamped, then the blur above on every channel.

Usage (Pillow 12.1.0 and numpy 2.3.5, see toolchain/versions.env):
    python generate.py          check that the committed goldens are current
    BLESS=1 python generate.py  rewrite them (`make bless-image-ops`)
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import numpy as np
from PIL import Image

GOLDEN = Path(__file__).resolve().parent.parent / "golden"
MODES = {1: "L", 2: "LA", 3: "RGB", 4: "RGBA"}


# --- inputs -----------------------------------------------------------------


def make_input(seed: int, width: int, height: int, channels: int) -> np.ndarray:
    """A smooth gradient per channel plus seeded noise and a few hard edges."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width].astype(np.float64)
    planes = []
    for c in range(channels):
        phase = (c + 1) * 0.7
        wave = np.sin(x / width * 3 + phase) * np.cos(y / height * 2 - phase)
        base = 127.5 + 100 * wave
        base += rng.normal(0, 25, size=(height, width))
        base[(x.astype(int) + 2 * y.astype(int)) % 7 == 0] = 255 * (c % 2)
        planes.append(base)
    img = np.stack(planes, axis=-1)
    return np.clip(np.floor(img + 0.5), 0, 255).astype(np.uint8)


INPUTS = {
    # name: (seed, width, height, channels)
    "gray-17x13": (1, 17, 13, 1),
    "gray-alpha-11x9": (2, 11, 9, 2),
    "rgb-23x17": (3, 23, 17, 3),
    "rgba-19x15": (4, 19, 15, 4),
    "rgb-1x1": (5, 1, 1, 3),
    "rgba-2x3": (6, 2, 3, 4),
    "gray-1x7": (7, 1, 7, 1),
    "gray-alpha-7x1": (8, 7, 1, 2),
    "rgb-40x30": (9, 40, 30, 3),
}


# --- oracles ----------------------------------------------------------------


def round_half_up(v: np.ndarray) -> np.ndarray:
    return np.clip(np.floor(v + 0.5), 0, 255)


def to_pil(a: np.ndarray) -> Image.Image:
    if a.shape[2] == 1:
        return Image.fromarray(a[:, :, 0], "L")
    return Image.fromarray(a, MODES[a.shape[2]])


def grayscale(a: np.ndarray) -> np.ndarray:
    out = np.asarray(to_pil(a).convert("L"))
    return out[:, :, None]


def resize(a: np.ndarray, width: int, height: int) -> np.ndarray:
    bands = []
    for c in range(a.shape[2]):
        band = Image.fromarray(np.ascontiguousarray(a[:, :, c]), "L")
        bands.append(np.asarray(band.resize((width, height), Image.Resampling.BILINEAR)))
    return np.stack(bands, axis=-1)


def blur(a: np.ndarray, radius: int) -> np.ndarray:
    if radius == 0:
        return a.copy()
    sigma = radius / 3
    offsets = np.arange(-radius, radius + 1)
    kernel = np.exp(-(offsets.astype(np.float64) ** 2) / (2 * sigma * sigma))
    kernel /= kernel.sum()

    def one_pass(src: np.ndarray, axis: int) -> np.ndarray:
        n = src.shape[axis]
        acc = np.zeros(src.shape, dtype=np.float64)
        for w, d in zip(kernel, offsets, strict=True):
            acc += w * np.take(src, np.clip(np.arange(n) + d, 0, n - 1), axis=axis)
        return round_half_up(acc)

    return one_pass(one_pass(a.astype(np.float64), 1), 0).astype(np.uint8)


def apply_filter(
    a: np.ndarray, brightness: float | None, contrast: float | None, radius: int | None
) -> np.ndarray:
    v = a.astype(np.float64)
    colour = a.shape[2] - 1 if a.shape[2] in (2, 4) else a.shape[2]
    if brightness is not None:
        b = float(np.float32(brightness))
        v[:, :, :colour] = round_half_up(v[:, :, :colour] + b * 255.0)
    if contrast is not None:
        c = float(np.float32(contrast))
        f = 259.0 * (c + 255.0) / (255.0 * (259.0 - c))
        v[:, :, :colour] = round_half_up(f * (v[:, :, :colour] - 128.0) + 128.0)
    out = v.astype(np.uint8)
    return blur(out, radius) if radius is not None else out


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
    images = {name: make_input(*spec) for name, spec in INPUTS.items()}
    files = {f"in/{name}.bin": a.tobytes() for name, a in images.items()}
    columns = "case input in_width in_height in_channels op args out_width out_height out_channels"
    lines = ["# " + columns.replace(" ", "\t")]
    for case, name, op, args, out in cases(images):
        _, w, h, c = INPUTS[name]
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
