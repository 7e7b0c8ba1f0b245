"""The `.pixels` fixture format and the seeded input images.

A `.pixels` file is an ASCII header line `WIDTH HEIGHT CHANNELS\\n` followed
by the raw samples, rows top to bottom, channels interleaved: exactly the
`image` record of wit/types.wit, readable by any runner in a few lines."""

from __future__ import annotations

import hashlib

import numpy as np


def encode(a: np.ndarray) -> bytes:
    """A (height, width, channels) uint8 array as a `.pixels` file."""
    height, width, channels = a.shape
    return f"{width} {height} {channels}\n".encode() + np.ascontiguousarray(a, np.uint8).tobytes()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def synthetic(seed: int, width: int, height: int, channels: int) -> np.ndarray:
    """A smooth wave per channel, seeded noise and a lattice of hard 0/255
    edges: rounding, clamping and edge handling all show up in the output."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width].astype(np.float64)
    planes = []
    for c in range(channels):
        phase = (c + 1) * 0.9
        wave = np.sin(x / max(width, 2) * 4 + phase) * np.cos(y / max(height, 2) * 3 - phase)
        plane = 127.5 + 110 * wave + rng.normal(0, 20, size=(height, width))
        plane[(x.astype(int) * 3 + y.astype(int)) % 11 == 0] = 255 * ((c + 1) % 2)
        planes.append(plane)
    return np.clip(np.floor(np.stack(planes, axis=-1) + 0.5), 0, 255).astype(np.uint8)


# name: (seed, width, height, channels). Odd sizes on purpose; 1-pixel-wide
# and 1-pixel-high images exercise the edge clamping of blur and resize.
INPUTS = {
    "gray-1x1": (11, 1, 1, 1),
    "gray-17x13": (12, 17, 13, 1),
    "gray-1x7": (13, 1, 7, 1),
    "gray-alpha-11x9": (21, 11, 9, 2),
    "gray-alpha-7x1": (22, 7, 1, 2),
    "rgb-1x1": (31, 1, 1, 3),
    "rgb-3x2": (32, 3, 2, 3),
    "rgb-23x17": (33, 23, 17, 3),
    "rgb-40x30": (34, 40, 30, 3),
    "rgba-2x3": (41, 2, 3, 4),
    "rgba-19x15": (42, 19, 15, 4),
}


def inputs() -> dict[str, np.ndarray]:
    return {name: synthetic(*spec) for name, spec in INPUTS.items()}
