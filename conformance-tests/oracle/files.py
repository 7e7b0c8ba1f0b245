"""Image files for the codec vectors, and their expected decodings.

PNG: written by Pillow where it can, else by the minimal writer below
(2-, 4- and 16-bit samples, Adam7, colour keys, headers with any size); the
expected samples are the arrays the files were made from, converted as
wit/codec.wit states. JPEG: written by Pillow or Debian's `cjpeg`; the
expected samples are Debian's `djpeg` output (libjpeg-turbo 2.1.5, the
version the codec links, built independently), and a JPEG the codec encodes
must be byte for byte what `cjpeg -quality 90` writes."""

from __future__ import annotations

import io
import struct
import subprocess
import zlib

import numpy as np
from PIL import Image

SIGNATURE = b"\x89PNG\r\n\x1a\n"
ADAM7 = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]


def chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _pack_rows(samples: np.ndarray, depth: int) -> list[bytes]:
    rows = []
    for row in samples:
        flat = row.reshape(-1).astype(np.uint32)
        if depth == 16:
            rows.append(flat.astype(">u2").tobytes())
        elif depth == 8:
            rows.append(flat.astype(np.uint8).tobytes())
        else:
            per_byte = 8 // depth
            padded = np.concatenate([flat, np.zeros((-len(flat)) % per_byte, np.uint32)])
            shifts = np.arange(per_byte - 1, -1, -1, dtype=np.uint32) * depth
            rows.append((padded.reshape(-1, per_byte) << shifts).sum(axis=1).astype(np.uint8).tobytes())
    return rows


def png(samples: np.ndarray, color_type: int, depth: int, interlace: bool = False, extra: bytes = b"",
        size: tuple[int, int] | None = None) -> bytes:
    """A PNG (filter 0 on every row) of (height, width, channels) samples in
    the file's own depth. `extra` chunks go before IDAT; `size` overrides
    the header's width and height (for files that lie about it)."""
    if samples.ndim == 2:
        samples = samples[:, :, None]
    height, width = samples.shape[:2]
    if interlace:
        passes = [samples[y0::dy, x0::dx] for x0, y0, dx, dy in ADAM7]
        raw = b"".join(b"\0" + r for p in passes if p.size for r in _pack_rows(p, depth))
    else:
        raw = b"".join(b"\0" + r for r in _pack_rows(samples, depth))
    width, height = size or (width, height)
    ihdr = struct.pack(">IIBBBBB", width, height, depth, color_type, 0, 0, int(interlace))
    return SIGNATURE + chunk(b"IHDR", ihdr) + extra + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def pillow(a: np.ndarray, fmt: str, **options) -> bytes:
    """`a` saved by Pillow (L, LA, RGB, RGBA by channel count, or a prepared Image)."""
    image = a if isinstance(a, Image.Image) else Image.fromarray(a[:, :, 0] if a.shape[2] == 1 else a)
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def pnm(a: np.ndarray) -> bytes:
    height, width, channels = a.shape
    return b"%s\n%d %d\n255\n" % ({1: b"P5", 3: b"P6"}[channels], width, height) + a.tobytes()


def cjpeg(a: np.ndarray, *options: str) -> bytes:
    return subprocess.run(["cjpeg", *options], input=pnm(a), check=True, capture_output=True).stdout


def djpeg(jpeg: bytes) -> np.ndarray:
    """djpeg's decoding with default options, which must be clean: a
    warning would make the file a doubtful reference."""
    done = subprocess.run(["djpeg", "-pnm"], input=jpeg, check=True, capture_output=True)
    assert not done.stderr, done.stderr.decode(errors="replace")
    data = done.stdout
    magic, width, height, _, offset = _pnm_header(data)
    channels = {b"P5": 1, b"P6": 3}[magic]
    return np.frombuffer(data, np.uint8, width * height * channels, offset).reshape(height, width, channels)


def _pnm_header(data: bytes) -> tuple[bytes, int, int, int, int]:
    fields, at = [], 0
    while len(fields) < 4:
        while data[at:at + 1].isspace():
            at += 1
        end = at
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[at:end])
        at = end
    return fields[0], int(fields[1]), int(fields[2]), int(fields[3]), at + 1


def patch_sof(jpeg: bytes, width: int, height: int) -> bytes:
    """The JPEG with its frame header (SOF0/SOF2) claiming another size."""
    at = 2
    while at < len(jpeg):
        marker, length = jpeg[at + 1], int.from_bytes(jpeg[at + 2:at + 4], "big")
        if marker in (0xC0, 0xC1, 0xC2):
            size = struct.pack(">HH", height, width)
            return jpeg[:at + 5] + size + jpeg[at + 9:]
        at += 2 + length
    raise ValueError("no SOF marker")
