"""Debian's libjpeg-turbo-progs (cjpeg, djpeg: the libjpeg-turbo version the
codec links, built independently with its SIMD code) and a JPEG marker walker
for splicing and patching files."""

from __future__ import annotations

import subprocess

import numpy as np


def pnm(pixels: np.ndarray) -> bytes:
    """A binary PGM (1 channel) or PPM (3 channels)."""
    height, width, channels = pixels.shape
    magic = {1: b"P5", 3: b"P6"}[channels]
    return b"%s\n%d %d\n255\n" % (magic, width, height) + pixels.astype(np.uint8).tobytes()


def cjpeg(pixels: np.ndarray, *options: str) -> bytes:
    return subprocess.run(["cjpeg", *options], input=pnm(pixels), check=True,
                          capture_output=True).stdout


def djpeg(jpeg: bytes) -> np.ndarray:
    """djpeg's decoding (default options: accurate integer IDCT, fancy
    upsampling), which must be clean: a warning would make the file a bad golden."""
    done = subprocess.run(["djpeg", "-pnm"], input=jpeg, check=True, capture_output=True)
    assert not done.stderr, done.stderr.decode(errors="replace")
    return read_pnm(done.stdout)


def read_pnm(data: bytes) -> np.ndarray:
    """djpeg's binary PGM (P5) or PPM (P6) output."""
    fields, offset = [], 0
    while len(fields) < 4:
        while data[offset:offset + 1].isspace():
            offset += 1
        end = offset
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[offset:end])
        offset = end
    offset += 1  # the single whitespace byte after maxval
    magic, width, height = fields[0], int(fields[1]), int(fields[2])
    channels = {b"P5": 1, b"P6": 3}[magic]
    return np.frombuffer(data[offset:offset + width * height * channels], np.uint8).reshape(
        height, width, channels)


def segments(jpeg: bytes) -> list[tuple[int, int, int]]:
    """(marker, start, end) of every marker segment from SOI to EOI; an SOS
    segment extends over its entropy-coded data, restart markers included."""
    out, at = [], 0
    while at < len(jpeg):
        assert jpeg[at] == 0xFF, f"no marker at {at}"
        marker = jpeg[at + 1]
        if marker in (0xD8, 0xD9):
            out.append((marker, at, at + 2))
            at += 2
            continue
        end = at + 2 + int.from_bytes(jpeg[at + 2:at + 4], "big")
        if marker == 0xDA:
            while not (jpeg[end] == 0xFF and jpeg[end + 1] not in (0x00, *range(0xD0, 0xD8))):
                end += 1
        out.append((marker, at, end))
        at = end
    return out


def find(jpeg: bytes, marker: int, nth: int = 0) -> tuple[int, int]:
    """(start, end) of the nth segment with `marker`."""
    found = [(start, end) for m, start, end in segments(jpeg) if m == marker]
    return found[nth]
