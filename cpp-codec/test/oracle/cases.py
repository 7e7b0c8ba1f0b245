"""What the generator produces: golden files with their expected pixels,
rejected inputs with the error they must give, and encoder references."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

INVALID_FORMAT = "invalid-format"
OUT_OF_MEMORY = "out-of-memory"


@dataclass
class Golden:
    """A file the codec must decode to exactly `pixels` ((height, width, channels) uint8)."""
    name: str  # path under test/golden/
    data: bytes
    pixels: np.ndarray
    oracle: str  # where `pixels` come from, for the manifest
    # Whether every proper prefix of the file is in the rejected corpus too.
    truncate: bool = False


@dataclass
class Rejected:
    """An input the codec must refuse with `expect`, leaving it usable."""
    name: str
    data: bytes
    expect: str  # INVALID_FORMAT or OUT_OF_MEMORY
    what: str


@dataclass
class EncodeReference:
    """The exact bytes `encode(decode(source), format)` must return."""
    source: str  # a Golden's name
    format: str
    name: str
    data: bytes
    oracle: str


def gradient(width: int, height: int, channels: int) -> np.ndarray:
    """Smooth ramps plus a hard-edged checkerboard (the fourth plane): compresses,
    and gives JPEG both smooth areas and edges."""
    y, x = np.mgrid[0:height, 0:width]
    planes = [
        x * 255 // max(width - 1, 1),
        y * 255 // max(height - 1, 1),
        (x + y) * 255 // max(width + height - 2, 1),
        np.where((x // 5 + y // 5) % 2 == 0, 255, 40),
    ]
    return np.stack(planes[:channels], axis=-1).astype(np.uint8)
