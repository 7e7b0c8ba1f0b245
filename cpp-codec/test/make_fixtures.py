"""Writes the codec tests' fixtures into the directory given.

For each image it writes the file (NAME.png or NAME.jpg) and the samples the
codec must decode it to (NAME.pixels for PNG, NAME.jpg.pixels for JPEG): a
header line "WIDTH HEIGHT CHANNELS" followed by the raw 8-bit samples.

Everything is synthesised from numpy arrays here; no image comes from
elsewhere. The oracles are independent of the code under test:
- PNG: the arrays the files were made from, after the conversions that
  wit/codec.wit specifies (palette → RGB/RGBA, 1/2/4-bit → 0..255, 16-bit
  scaled with rounding, tRNS → alpha). Files Pillow cannot write (2- and
  4-bit gray, 16-bit RGBA, Adam7 interlacing) come from a minimal PNG writer
  below.
- JPEG: djpeg from Debian's libjpeg-turbo-progs (the same libjpeg-turbo
  version the codec links), whose output the codec must match exactly; and
  cjpeg's `-quality 90` encoding, which the codec's JPEG encoder must match
  byte for byte (NAME.cjpeg.jpg).

Usage: make_fixtures.py OUT_DIR
"""

import struct
import subprocess
import sys
import zlib
from pathlib import Path

import numpy as np
from PIL import Image, PngImagePlugin

WIDTH, HEIGHT = 37, 23  # odd sizes: partial MCUs, chroma edges, sub-byte row padding


def gradient(channels: int, width: int = WIDTH, height: int = HEIGHT) -> np.ndarray:
    """Smooth ramps plus a few hard edges: compressible, and exercises JPEG."""
    y, x = np.mgrid[0:height, 0:width]
    planes = [
        (x * 255 // max(width - 1, 1)),
        (y * 255 // max(height - 1, 1)),
        ((x + y) * 255 // max(width + height - 2, 1)),
        (np.where((x // 5 + y // 5) % 2 == 0, 255, 40)),
    ]
    return np.stack(planes[:channels], axis=-1).astype(np.uint8)


def write_pixels(path: Path, pixels: np.ndarray) -> None:
    if pixels.ndim == 2:
        pixels = pixels[:, :, None]
    height, width, channels = pixels.shape
    path.write_bytes(f"{width} {height} {channels}\n".encode() + pixels.astype(np.uint8).tobytes())


def chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def pack_rows(samples: np.ndarray, bit_depth: int) -> list[bytes]:
    """Rows of (height, width, channels) samples as PNG scanline bytes."""
    rows = []
    for row in samples:
        flat = row.reshape(-1).astype(np.uint32)
        if bit_depth == 16:
            rows.append(flat.astype(">u2").tobytes())
        elif bit_depth == 8:
            rows.append(flat.astype(np.uint8).tobytes())
        else:
            per_byte = 8 // bit_depth
            padded = np.concatenate([flat, np.zeros((-len(flat)) % per_byte, np.uint32)])
            groups = padded.reshape(-1, per_byte)
            shifts = np.arange(per_byte - 1, -1, -1) * bit_depth
            rows.append((groups << shifts).sum(axis=1).astype(np.uint8).tobytes())
    return rows


ADAM7 = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]


def write_png(path: Path, samples: np.ndarray, color_type: int, bit_depth: int,
              interlace: bool = False, extra_chunks: list[bytes] = ()) -> None:
    """A minimal PNG writer (filter 0 on every row), independent of Pillow and libpng."""
    if samples.ndim == 2:
        samples = samples[:, :, None]
    height, width = samples.shape[:2]
    if interlace:
        raw = b""
        for x0, y0, dx, dy in ADAM7:
            sub = samples[y0::dy, x0::dx]
            if sub.shape[0] and sub.shape[1]:
                raw += b"".join(b"\0" + row for row in pack_rows(sub, bit_depth))
    else:
        raw = b"".join(b"\0" + row for row in pack_rows(samples, bit_depth))
    ihdr = struct.pack(">IIBBBBB", width, height, bit_depth, color_type, 0, 0, int(interlace))
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + b"".join(extra_chunks)
                     + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def scale_16_to_8(values: np.ndarray) -> np.ndarray:
    """codec.wit: 16-bit samples scale to 8 bits with rounding."""
    return ((values.astype(np.uint64) * 255 + 32767) // 65535).astype(np.uint8)


def png_fixtures(out: Path) -> None:
    rgba = gradient(4)

    # Pillow-written 8-bit files of each colour type.
    for name, mode, channels in [("gray", "L", 1), ("gray_alpha", "LA", 2), ("rgb", "RGB", 3),
                                 ("rgba", "RGBA", 4)]:
        pixels = rgba[:, :, :channels]
        image = Image.fromarray(pixels[:, :, 0] if channels == 1 else pixels)
        assert image.mode == mode
        image.save(out / f"{name}.png")
        write_pixels(out / f"{name}.pixels", pixels)

    # Palette, 8-bit indices (more than 16 colours) and 4-bit (at most 16).
    palette = np.array([[(i * 37) % 256, (i * 91) % 256, (255 - i * 5) % 256] for i in range(256)],
                       np.uint8)
    for name, colours, bits in [("palette8", 200, 8), ("palette4", 16, 4)]:
        indices = ((np.arange(WIDTH)[None, :] + 3 * np.arange(HEIGHT)[:, None]) % colours).astype(np.uint8)
        image = Image.frombytes("P", (WIDTH, HEIGHT), indices.tobytes())
        image.putpalette(palette[:colours].reshape(-1).tolist())
        image.save(out / f"{name}.png", bits=bits)
        write_pixels(out / f"{name}.pixels", palette[indices])

    # Palette with tRNS → RGBA; entries past the tRNS table are opaque.
    indices = ((np.arange(WIDTH)[None, :] + np.arange(HEIGHT)[:, None]) % 8).astype(np.uint8)
    alphas = [0, 64, 128, 255, 32]
    image = Image.frombytes("P", (WIDTH, HEIGHT), indices.tobytes())
    image.putpalette(palette[:8].reshape(-1).tolist())
    image.info["transparency"] = bytes(alphas)
    image.save(out / "palette_trns.png", transparency=bytes(alphas))
    alpha_of = np.array(alphas + [255] * (8 - len(alphas)), np.uint8)
    write_pixels(out / "palette_trns.pixels", np.dstack([palette[indices], alpha_of[indices]]))

    # 1-bit gray (Pillow mode "1") → 0 or 255.
    bits = (rgba[:, :, 3] > 128)
    Image.fromarray(bits).save(out / "gray1.png")
    write_pixels(out / "gray1.pixels", np.where(bits, 255, 0).astype(np.uint8))

    # 2- and 4-bit gray: values v expand to v * 255 / (2^bits - 1).
    for depth in (2, 4):
        top = (1 << depth) - 1
        levels = (np.arange(WIDTH)[None, :] + np.arange(HEIGHT)[:, None]) % (top + 1)
        write_png(out / f"gray{depth}.png", levels, color_type=0, bit_depth=depth)
        write_pixels(out / f"gray{depth}.pixels", (levels * 255 // top).astype(np.uint8))

    # 16-bit gray (Pillow) and 16-bit RGBA (own writer), scaled with rounding.
    y, x = np.mgrid[0:HEIGHT, 0:WIDTH]
    gray16 = ((x * 1789 + y * 2741) * 7 % 65536).astype(np.uint16)
    image = Image.fromarray(gray16)
    assert image.mode == "I;16"
    image.save(out / "gray16.png")
    write_pixels(out / "gray16.pixels", scale_16_to_8(gray16))
    wide = gray16.astype(np.uint32)
    rgba16 = np.stack([wide, 65535 - wide, wide * 3 % 65536, wide // 2 + 128], axis=-1).astype(np.uint16)
    write_png(out / "rgba16.png", rgba16, color_type=6, bit_depth=16)
    write_pixels(out / "rgba16.pixels", scale_16_to_8(rgba16))

    # tRNS on gray and on RGB → an alpha channel (0 where the key matches).
    gray = rgba[:, :, 0]
    key = int(gray[5, 7])
    write_png(out / "gray_trns.png", gray, color_type=0, bit_depth=8,
              extra_chunks=[chunk(b"tRNS", struct.pack(">H", key))])
    write_pixels(out / "gray_trns.pixels", np.dstack([gray, np.where(gray == key, 0, 255)]))
    rgb = rgba[:, :, :3]
    rgb_key = rgb[4, 9]
    write_png(out / "rgb_trns.png", rgb, color_type=2, bit_depth=8,
              extra_chunks=[chunk(b"tRNS", struct.pack(">HHH", *map(int, rgb_key)))])
    transparent = np.all(rgb == rgb_key, axis=-1)
    write_pixels(out / "rgb_trns.pixels", np.dstack([rgb, np.where(transparent, 0, 255)]))

    # Adam7 interlacing, 8-bit RGBA and 1-bit gray (sub-byte pixels per pass).
    write_png(out / "interlaced_rgba.png", rgba, color_type=6, bit_depth=8, interlace=True)
    write_pixels(out / "interlaced_rgba.pixels", rgba)
    write_png(out / "interlaced_gray1.png", bits.astype(np.uint8), color_type=0, bit_depth=1,
              interlace=True)
    write_pixels(out / "interlaced_gray1.pixels", np.where(bits, 255, 0).astype(np.uint8))

    # Ancillary chunks (text, compressed text, gamma, physical size) are
    # ignored: the pixels are those of rgb.png.
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "fixture")
    info.add_text("Description", "compressed text " * 20, zip=True)
    info.add_itxt("Title", "international text")
    Image.fromarray(rgb).save(out / "ancillary.png", pnginfo=info, dpi=(72, 72))
    write_pixels(out / "ancillary.pixels", rgb)

    # A larger image for the encoder (several zlib blocks, many rows).
    big = gradient(3, 301, 203)
    Image.fromarray(big).save(out / "large.png")
    write_pixels(out / "large.pixels", big)


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


def jpeg_fixtures(out: Path) -> None:
    rgb = gradient(3)
    gray = rgb[:, :, 0]
    Image.fromarray(gray).save(out / "gray.jpg", quality=90)
    Image.fromarray(rgb).save(out / "rgb.jpg", quality=90, subsampling="4:2:0")
    Image.fromarray(rgb).save(out / "progressive.jpg", quality=85, progressive=True)
    Image.fromarray(rgb).save(out / "rgb444.jpg", quality=95, subsampling="4:4:4")
    cmyk = np.ascontiguousarray(np.dstack([rgb, gray]))
    Image.frombytes("CMYK", (WIDTH, HEIGHT), cmyk.tobytes()).save(out / "cmyk.jpg", quality=90)
    # Successive approximation at its finest that cjpeg allows (at most 100
    # scans): DC at once, then nine bands of AC coefficients, each sent from
    # bit 8 down, one bit per scan (82 scans).
    script = ["0: 0 0 0 0;"]
    for first in range(1, 64, 7):
        band = f"{first} {first + 6}"
        script += [f"0: {band} 0 8;"] + [f"0: {band} {al + 1} {al};" for al in range(7, -1, -1)]
    (out / "scans82.txt").write_text("\n".join(script) + "\n")
    pgm = b"P5\n%d %d\n255\n" % (WIDTH, HEIGHT) + gray.tobytes()
    scans82 = subprocess.run(["cjpeg", "-scans", str(out / "scans82.txt")], input=pgm, check=True,
                             capture_output=True).stdout
    (out / "scans82.jpg").write_bytes(scans82)

    for name in ("gray", "rgb", "progressive", "rgb444", "scans82"):
        decoded = subprocess.run(["djpeg", "-pnm", str(out / f"{name}.jpg")], check=True,
                                 capture_output=True).stdout
        write_pixels(out / f"{name}.jpg.pixels", read_pnm(decoded))
    # The sources, for tolerance checks, and cjpeg's encoding of them.
    write_pixels(out / "rgb.source.pixels", rgb)
    write_pixels(out / "gray.source.pixels", gray)
    for name, pixels, magic in (("rgb", rgb, b"P6"), ("gray", gray, b"P5")):
        pnm = b"%s\n%d %d\n255\n" % (magic, WIDTH, HEIGHT) + pixels.tobytes()
        encoded = subprocess.run(["cjpeg", "-quality", "90"], input=pnm, check=True,
                                 capture_output=True).stdout
        (out / f"{name}.cjpeg.jpg").write_bytes(encoded)


def main() -> None:
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    png_fixtures(out)
    jpeg_fixtures(out)


if __name__ == "__main__":
    main()
