"""A minimal PNG writer, independent of libpng and Pillow.

It writes what Pillow cannot (2- and 4-bit gray, 16-bit colour, Adam7) and
gives the tests control over every byte: each row cycles through the five
filter types, so that libpng's unfiltering is exercised at every bit depth,
and the chunk list and image data stream can be chosen freely to build
corrupt files.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass, field

import numpy as np

SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Channels of each colour type.
CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}
# (x0, y0, dx, dy) of the seven Adam7 passes.
ADAM7 = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2),
         (0, 1, 1, 2)]


def chunk(kind: bytes, data: bytes) -> bytes:
    """A chunk with its length and CRC."""
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def ihdr(width: int, height: int, bit_depth: int, color_type: int, interlace: int = 0,
         compression: int = 0, filter_method: int = 0) -> bytes:
    """The IHDR chunk; every field is taken as given, valid or not."""
    return chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, bit_depth, color_type,
                                      compression, filter_method, interlace))


def pack_row(samples: np.ndarray, bit_depth: int) -> bytes:
    """One row of (width, channels) samples as scanline bytes, without the filter byte."""
    flat = samples.reshape(-1).astype(np.uint32)
    if bit_depth == 16:
        return flat.astype(">u2").tobytes()
    if bit_depth == 8:
        return flat.astype(np.uint8).tobytes()
    per_byte = 8 // bit_depth
    padded = np.concatenate([flat, np.zeros((-len(flat)) % per_byte, np.uint32)])
    shifts = np.arange(per_byte - 1, -1, -1, dtype=np.uint32) * bit_depth
    return (padded.reshape(-1, per_byte) << shifts).sum(axis=1).astype(np.uint8).tobytes()


def paeth(a: np.ndarray, b: np.ndarray, c: np.ndarray) -> np.ndarray:
    p = a + b - c
    pa, pb, pc = np.abs(p - a), np.abs(p - b), np.abs(p - c)
    return np.where((pa <= pb) & (pa <= pc), a, np.where(pb <= pc, b, c))


def filter_row(kind: int, row: bytes, previous: bytes, bpp: int) -> bytes:
    """Applies filter `kind` (0 None, 1 Sub, 2 Up, 3 Average, 4 Paeth)."""
    x = np.frombuffer(row, np.uint8).astype(np.int32)
    b = np.frombuffer(previous, np.uint8).astype(np.int32) if previous else np.zeros_like(x)
    a = np.concatenate([np.zeros(bpp, np.int32), x[:-bpp]]) if len(x) > bpp else np.zeros_like(x)
    c = np.concatenate([np.zeros(bpp, np.int32), b[:-bpp]]) if len(x) > bpp else np.zeros_like(x)
    predictor = [np.zeros_like(x), a, b, (a + b) // 2, paeth(a, b, c)][kind]
    return bytes([kind]) + ((x - predictor) % 256).astype(np.uint8).tobytes()


def scanlines(samples: np.ndarray, bit_depth: int, first_filter: int = 0) -> tuple[bytes, int]:
    """Filtered scanlines of a (height, width, channels) image; returns them and
    the filter type the next image (pass) should start with."""
    bpp = max(1, samples.shape[2] * bit_depth // 8)
    out, previous, kind = [], b"", first_filter
    for row in samples:
        packed = pack_row(row, bit_depth)
        out.append(filter_row(kind, packed, previous, bpp))
        previous, kind = packed, (kind + 1) % 5
    return b"".join(out), kind


def image_data(samples: np.ndarray, bit_depth: int, interlace: bool) -> bytes:
    """The uncompressed image data stream: scanlines, pass by pass for Adam7."""
    if samples.ndim == 2:
        samples = samples[:, :, None]
    if not interlace:
        return scanlines(samples, bit_depth)[0]
    out, kind = [], 0
    for x0, y0, dx, dy in ADAM7:
        sub = samples[y0::dy, x0::dx]
        if sub.shape[0] and sub.shape[1]:
            data, kind = scanlines(sub, bit_depth, kind)
            out.append(data)
    return b"".join(out)


@dataclass
class Png:
    """An image to write: samples in the file's own bit depth and colour type."""
    samples: np.ndarray
    color_type: int
    bit_depth: int
    interlace: bool = False
    palette: np.ndarray | None = None  # (n, 3) uint8, colour type 3 only
    trns: bytes | None = None  # tRNS chunk data
    extra_chunks: list[bytes] = field(default_factory=list)  # before IDAT

    def encode(self, idat_pieces: int = 1) -> bytes:
        """The file, its compressed image data split over `idat_pieces` IDATs."""
        height, width = self.samples.shape[:2]
        head = ihdr(width, height, self.bit_depth, self.color_type, int(self.interlace))
        if self.palette is not None:
            head += chunk(b"PLTE", self.palette.astype(np.uint8).tobytes())
        if self.trns is not None:
            head += chunk(b"tRNS", self.trns)
        stream = zlib.compress(image_data(self.samples, self.bit_depth, self.interlace), 9)
        size = -(-len(stream) // idat_pieces)
        idats = b"".join(chunk(b"IDAT", stream[i:i + size]) for i in range(0, len(stream), size))
        return SIGNATURE + head + b"".join(self.extra_chunks) + idats + chunk(b"IEND", b"")
