"""Reference image operations, written from the doc comments of
wit/image-ops.wit and wit/types.wit, on Pillow 12.1 and numpy float64.

Each returns the expected output and the tolerance (max |difference| per
sample) the vector states:
- grayscale: Pillow `convert('L')` (BT.601 in 16-bit integers, which is the
  WIT's formula); checked against the WIT's integer formula here. Exact.
- resize: Pillow `resize(BILINEAR)` per band (straight alpha). Exact.
- blur: numpy float64, the WIT's definition term by term. ±1: the WIT does
  not fix the arithmetic, and a pass sum near .5 may round either way in an
  implementation with fixed-point weights, which the second pass propagates.
- apply-filter: brightness then contrast in float64 on the colour channels,
  each rounded half up and clamped, then the blur. Exact, unless a value
  before rounding lies within 1e-4 of a .5 boundary (the WIT does not fix
  the precision of the factor: f32 and f64 may round it differently) or a
  blur follows: then ±1."""

from __future__ import annotations

import numpy as np
from PIL import Image

MODES = {1: "L", 2: "LA", 3: "RGB", 4: "RGBA"}
NEAR_HALF = 1e-4


def grayscale(a: np.ndarray) -> tuple[np.ndarray, int]:
    channels = a.shape[2]
    if channels == 1:
        return a.copy(), 0
    if channels == 2:
        return a[:, :, :1].copy(), 0
    out = np.asarray(Image.fromarray(np.ascontiguousarray(a), MODES[channels]).convert("L"))[:, :, None]
    rgb = a[:, :, :3].astype(np.uint32)
    wit = (19595 * rgb[:, :, 0] + 38470 * rgb[:, :, 1] + 7471 * rgb[:, :, 2] + 32768) >> 16
    assert np.array_equal(out[:, :, 0], wit), "Pillow's luma disagrees with the WIT's formula"
    return out, 0


def resize(a: np.ndarray, width: int, height: int) -> tuple[np.ndarray, int]:
    bands = [
        np.asarray(
            Image.fromarray(np.ascontiguousarray(a[:, :, c]), "L").resize(
                (width, height), Image.Resampling.BILINEAR
            )
        )
        for c in range(a.shape[2])
    ]
    return np.stack(bands, axis=-1), 0


def _round_half_up(v: np.ndarray) -> np.ndarray:
    return np.clip(np.floor(v + 0.5), 0, 255)


def _near_half(v: np.ndarray) -> bool:
    """Whether a value that is not clamped away lies near a rounding tie."""
    frac = v - np.floor(v)
    kept = (v > -0.5) & (v < 255.5)
    return bool(np.any(kept & (np.abs(frac - 0.5) < NEAR_HALF)))


def blur(a: np.ndarray, radius: int) -> tuple[np.ndarray, int]:
    if radius == 0:
        return a.copy(), 0
    sigma = radius / 3
    offsets = np.arange(-radius, radius + 1)
    kernel = np.exp(-(offsets.astype(np.float64) ** 2) / (2 * sigma * sigma))
    kernel /= kernel.sum()

    def one_pass(src: np.ndarray, axis: int) -> np.ndarray:
        n = src.shape[axis]
        acc = np.zeros(src.shape, dtype=np.float64)
        for weight, offset in zip(kernel, offsets, strict=True):
            acc += weight * np.take(src, np.clip(np.arange(n) + offset, 0, n - 1), axis=axis)
        return _round_half_up(acc)

    return one_pass(one_pass(a.astype(np.float64), 1), 0).astype(np.uint8), 1


def apply_filter(
    a: np.ndarray, brightness: float | None, contrast: float | None, radius: int | None
) -> tuple[np.ndarray, int]:
    """`brightness` and `contrast` as the f32 values the call carries."""
    v = a.astype(np.float64)
    colour = a.shape[2] - 1 if a.shape[2] in (2, 4) else a.shape[2]
    tolerance = 0
    if brightness is not None:
        raw = v[:, :, :colour] + float(np.float32(brightness)) * 255.0
        tolerance = max(tolerance, int(_near_half(raw)))
        v[:, :, :colour] = _round_half_up(raw)
    if contrast is not None:
        c = float(np.float32(contrast))
        factor = 259.0 * (c + 255.0) / (255.0 * (259.0 - c))
        raw = factor * (v[:, :, :colour] - 128.0) + 128.0
        tolerance = max(tolerance, int(_near_half(raw)))
        v[:, :, :colour] = _round_half_up(raw)
    out = v.astype(np.uint8)
    if radius is not None:
        out, blur_tolerance = blur(out, radius)
        tolerance = max(tolerance, blur_tolerance)
    return out, tolerance
