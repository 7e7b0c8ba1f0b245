"""The JPEG goldens, written by cjpeg (and a few by Pillow's own libjpeg-turbo)
and decoded by djpeg of the same libjpeg-turbo version as the codec's: the
codec must produce djpeg's pixels exactly. Also the encoder references:
cjpeg's `-quality 90` output, which the codec's encoder must match byte for
byte."""

from __future__ import annotations

import io
import tempfile

import numpy as np
from cases import EncodeReference, Golden, gradient
from jpeg_tools import cjpeg, djpeg, find, segments
from PIL import Image

WIDTH, HEIGHT = 37, 23  # partial MCUs in both directions for every sampling
RGB = gradient(WIDTH, HEIGHT, 3)
GRAY = RGB[:, :, :1]

# name: (source, cjpeg options)
CJPEG = {
    "gray_baseline": (GRAY, []),
    "gray_progressive": (GRAY, ["-progressive"]),
    "gray_arithmetic": (GRAY, ["-arithmetic"]),
    "ycc444_baseline": (RGB, ["-sample", "1x1"]),
    "ycc422_baseline": (RGB, ["-sample", "2x1"]),
    "ycc420_baseline": (RGB, []),
    "ycc440_baseline": (RGB, ["-sample", "1x2"]),
    "ycc411_baseline": (RGB, ["-sample", "4x1"]),
    "ycc420_optimized": (RGB, ["-optimize"]),
    "ycc420_progressive": (RGB, ["-progressive"]),
    "ycc444_progressive": (RGB, ["-progressive", "-sample", "1x1"]),
    "ycc420_restart_rows": (RGB, ["-restart", "1"]),
    "ycc444_restart_blocks": (RGB, ["-restart", "2B", "-sample", "1x1"]),
    "ycc420_progressive_restart": (RGB, ["-progressive", "-restart", "1"]),
    "ycc420_arithmetic": (RGB, ["-arithmetic"]),
    "ycc422_arithmetic_progressive": (RGB, ["-arithmetic", "-progressive", "-sample", "2x1"]),
    "ycc420_arithmetic_restart": (RGB, ["-arithmetic", "-restart", "1"]),
    "rgb_baseline": (RGB, ["-rgb"]),
    "ycc420_1x1": (RGB[:1, :1], []),
}
# Every proper prefix of these must be refused.
TRUNCATED = {"ycc420_baseline", "ycc420_progressive", "ycc420_restart_rows",
             "ycc422_arithmetic_progressive"}


def golden(name: str, data: bytes) -> Golden:
    return Golden(f"jpeg/{name}.jpg", data, djpeg(data), "djpeg", name in TRUNCATED)


def successive_approximation() -> bytes:
    """The finest refinement cjpeg allows (at most 100 scans): DC at once, then
    nine bands of AC coefficients, each sent from bit 8 down, one bit per scan
    (82 scans)."""
    script = ["0: 0 0 0 0;"]
    for first in range(1, 64, 7):
        band = f"{first} {first + 6}"
        script += [f"0: {band} 0 8;"] + [f"0: {band} {al + 1} {al};" for al in range(7, -1, -1)]
    return cjpeg_with_script(GRAY, script)


def cjpeg_with_script(pixels: np.ndarray, script: list[str]) -> bytes:
    with tempfile.NamedTemporaryFile("w", suffix=".txt") as file:
        file.write("\n".join(script) + "\n")
        file.flush()
        return cjpeg(pixels, "-scans", file.name)


def repeated_scans(count: int) -> bytes:
    """An 8x8 progressive file whose full-precision AC scan is repeated until
    the file has `count` scans. Repeating a scan with Ah = Al = 0 is legal to
    libjpeg (no warning) and costs a pass over the image each time: the
    hostile-file pattern the codec's 500-scan limit exists for."""
    base = cjpeg_with_script(GRAY[:8, :8], ["0: 0 0 0 0;", "0: 1 63 0 0;"])
    start, end = find(base, 0xDA, 1)
    assert [m for m, _, _ in segments(base)].count(0xDA) == 2
    return base[:end] + base[start:end] * (count - 2) + base[end:]


def pillow_written() -> list[Golden]:
    """Pillow's encoder (its own libjpeg-turbo build), with Exif and comment markers."""
    out = []
    for name, image, options in [
        ("ycc420_pillow_markers", Image.fromarray(RGB),
         {"quality": 90, "exif": b"Exif\0\0MM\0*\0\0\0\x08\0\0", "comment": "ignored"}),
        ("ycc444_pillow_progressive", Image.fromarray(RGB),
         {"quality": 95, "subsampling": "4:4:4", "progressive": True}),
        ("gray_pillow", Image.fromarray(GRAY[:, :, 0]), {"quality": 75}),
    ]:
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", **options)
        out.append(golden(name, buffer.getvalue()))
    return out


def goldens() -> list[Golden]:
    out = [golden(name, cjpeg(source, "-quality", "90", *options))
           for name, (source, options) in CJPEG.items()]
    out.append(golden("gray_scans82", successive_approximation()))
    out.append(golden("gray_scans500", repeated_scans(500)))
    return out + pillow_written()


def encode_references(sources: dict[str, np.ndarray]) -> list[EncodeReference]:
    """What the codec's encoder must write for some PNG goldens: baseline
    JFIF, quality 90, 4:2:0, exactly as `cjpeg -quality 90`."""
    out = []
    for source, format in [("png/rgb_8.png", "jpeg"), ("png/gray_8.png", "jpg"),
                           ("png/rgb_8_301x203_pillow.png", "jpeg")]:
        stem = source.removeprefix("png/").removesuffix(".png")
        out.append(EncodeReference(source, format, f"encode/{stem}.q90.jpg",
                                   cjpeg(sources[source], "-quality", "90"), "cjpeg -quality 90"))
    return out
