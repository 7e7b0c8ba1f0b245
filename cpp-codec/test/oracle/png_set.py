"""The PNG goldens: every colour type at every bit depth it allows, plain and
Adam7-interlaced, with and without tRNS, plus files written by Pillow.

Expected pixels are the arrays the files are made from, put through the
conversions wit/codec.wit specifies (palette -> RGB/RGBA, 1/2/4-bit ->
0..255, 16-bit scaled with rounding, tRNS -> alpha); Pillow's own PNG
decoder (not libpng) must agree wherever it can represent the result.
"""

from __future__ import annotations

import io
import struct

import numpy as np
from cases import Golden, gradient
from PIL import Image, PngImagePlugin
from png_writer import CHANNELS, Png

WIDTH, HEIGHT = 37, 23  # odd: partial bytes per row at low depths, partial Adam7 blocks
DEPTHS = {"gray": (0, [1, 2, 4, 8, 16]), "rgb": (2, [8, 16]), "palette": (3, [1, 2, 4, 8]),
          "gray_alpha": (4, [8, 16]), "rgba": (6, [8, 16])}
PALETTE = np.array([[(i * 37) % 256, (i * 91) % 256, (255 - i * 5) % 256] for i in range(256)],
                   np.uint8)
# Fewer colours than the depth allows where it can: PLTE shorter than 2^depth.
PALETTE_SIZE = {1: 2, 2: 3, 4: 13, 8: 200}


def samples(color_type: int, depth: int, width: int = WIDTH, height: int = HEIGHT) -> np.ndarray:
    """(height, width, channels) samples in the file's own depth."""
    y, x = np.mgrid[0:height, 0:width].astype(np.uint64)
    channels = CHANNELS[color_type]
    if color_type == 3:
        return ((x + 3 * y) % PALETTE_SIZE[depth]).astype(np.uint16)[:, :, None]
    if depth == 16:  # varied low bytes, to test the rounding
        planes = [((x * 1789 + y * 2741 + c * 4099) * 7 + c * 13) % 65536 for c in range(channels)]
        return np.stack(planes, axis=-1).astype(np.uint16)
    if depth == 8:
        return gradient(width, height, channels).astype(np.uint16)
    planes = [(x + 2 * y + c) % (1 << depth) for c in range(channels)]
    return np.stack(planes, axis=-1).astype(np.uint16)


def to_8bit(values: np.ndarray, depth: int) -> np.ndarray:
    """codec.wit: low depths expand to 0..255, 16-bit samples scale with rounding."""
    wide = values.astype(np.uint32)  # 65535 * 255 + 32767 fits
    if depth == 16:
        return ((wide * 255 + 32767) // 65535).astype(np.uint8)
    return (wide * 255 // ((1 << depth) - 1)).astype(np.uint8)


def trns_for(png: Png) -> bytes:
    """A tRNS chunk: a partial alpha table for palettes, else a colour key that occurs."""
    if png.color_type == 3:
        count = max(1, PALETTE_SIZE[png.bit_depth] - 1)
        return bytes([0, 64, 128, 255, 32][:count])
    key = png.samples[5, 7]
    return struct.pack(">" + "H" * len(key), *map(int, key))


def expected(png: Png) -> np.ndarray:
    """The 8-bit samples the codec must produce."""
    if png.color_type == 3:
        indices = png.samples[:, :, 0]
        # libpng pads the palette to 256 entries of opaque black.
        rgb = np.zeros((256, 3), np.uint8)
        rgb[:len(png.palette)] = png.palette
        rgb = rgb[indices]
        if png.trns is None:
            return rgb
        alphas = np.full(256, 255, np.uint8)
        alphas[:len(png.trns)] = list(png.trns)
        return np.dstack([rgb, alphas[indices]])
    pixels = to_8bit(png.samples, png.bit_depth)
    if png.trns is None:
        return pixels
    key = np.array(struct.unpack(">" + "H" * png.samples.shape[2], png.trns))
    keyed = np.all(png.samples == key, axis=-1)
    return np.dstack([pixels, np.where(keyed, 0, 255).astype(np.uint8)])


def pillow_view(data: bytes, png: Png) -> np.ndarray | None:
    """Pillow's decoding in the codec's layout, or None where Pillow cannot give
    it exactly (it truncates 16-bit colour samples to their high byte)."""
    image = Image.open(io.BytesIO(data))
    image.load()
    if png.bit_depth == 16 and png.color_type != 0:
        return None
    if image.mode == "P":
        return np.asarray(image.convert("RGBA" if png.trns else "RGB"))
    raw = np.asarray(image).reshape(png.samples.shape[0], png.samples.shape[1], -1)
    if image.mode == "1":
        pixels = np.where(raw, 255, 0).astype(np.uint8)
    elif image.mode in ("I", "I;16"):
        pixels = to_8bit(raw, 16)
    else:
        pixels = raw.astype(np.uint8)
    if "transparency" in image.info:
        # The key in Pillow's own terms: 0 or 255 for mode "1", the file's
        # value for 2- and 4-bit gray (which Pillow's pixels hold scaled).
        key = image.info["transparency"]
        key = np.array(key if isinstance(key, tuple) else (key,), np.uint64)
        compared = pixels if image.mode == "1" else raw.astype(np.uint64)
        if image.mode == "L" and png.bit_depth < 8:
            key = key * 255 // ((1 << png.bit_depth) - 1)
        keyed = np.all(compared == key, axis=-1)
        pixels = np.dstack([pixels, np.where(keyed, 0, 255).astype(np.uint8)])
    return pixels


def golden(name: str, png: Png, data: bytes | None = None, oracle: str = "numpy+pillow",
           truncate: bool = False) -> Golden:
    data = png.encode() if data is None else data
    pixels = expected(png)
    seen = pillow_view(data, png)
    if seen is not None:
        assert np.array_equal(seen, pixels), f"{name}: Pillow decodes differently"
    else:
        oracle = "numpy"
    return Golden(f"png/{name}.png", data, pixels, oracle, truncate)


def make(color_type: int, depth: int, interlace: bool = False, trns: bool = False,
         width: int = WIDTH, height: int = HEIGHT) -> Png:
    png = Png(samples(color_type, depth, width, height), color_type, depth, interlace)
    if color_type == 3:
        png.palette = PALETTE[:PALETTE_SIZE[depth]]
    if trns:
        png.trns = trns_for(png)
    return png


def matrix() -> list[Golden]:
    """Every colour type x bit depth, plain and Adam7; tRNS wherever allowed."""
    out = []
    for kind, (color_type, depths) in DEPTHS.items():
        for depth in depths:
            for interlace in (False, True):
                suffix = "_adam7" if interlace else ""
                out.append(golden(f"{kind}_{depth}{suffix}", make(color_type, depth, interlace),
                                  truncate=(kind, depth, interlace) in TRUNCATED))
            if color_type in (0, 2, 3):
                out.append(golden(f"{kind}_{depth}_trns", make(color_type, depth, trns=True)))
    out.append(golden("palette_4_trns_adam7", make(3, 4, interlace=True, trns=True),
                      truncate=True))
    out.append(golden("rgb_16_trns_adam7", make(2, 16, interlace=True, trns=True)))
    return out


# Every proper prefix of these must be refused (a few, to keep the corpus fast).
TRUNCATED = {("rgb", 8, False), ("gray", 1, True), ("rgba", 16, False)}


def edge_cases() -> list[Golden]:
    """Sizes where Adam7 passes are empty, one pixel, split image data, and
    ancillary chunks the codec must ignore."""
    out = [golden(f"rgba_8_adam7_{w}x{h}", make(6, 8, True, width=w, height=h))
           for w, h in [(1, 1), (2, 3), (5, 1), (9, 9)]]
    out += [golden(f"gray_1_{w}x{h}", make(0, 1, width=w, height=h)) for w, h in [(1, 1), (9, 2)]]
    rgb = make(2, 8)
    out.append(golden("rgb_8_idat_split", rgb, rgb.encode(idat_pieces=7)))
    # Indices past the end of PLTE: libpng (like browsers) shows them as
    # opaque black rather than failing.
    past = Png(np.arange(16 * 16, dtype=np.uint16).reshape(16, 16, 1) % 10, 3, 8,
               palette=PALETTE[:4])
    out.append(golden("palette_8_index_past_plte", past))
    texts = PngImagePlugin.PngInfo()
    texts.add_text("Comment", "ignored")
    texts.add_text("Description", "compressed text " * 20, zip=True)
    texts.add_itxt("Title", "international text")
    buffer = io.BytesIO()
    Image.fromarray(rgb.samples.astype(np.uint8)).save(buffer, "PNG", pnginfo=texts, dpi=(72, 72))
    out.append(golden("rgb_8_ancillary_pillow", rgb, buffer.getvalue()))
    return out


def pillow_written() -> list[Golden]:
    """The kinds Pillow writes, through its own encoder (other filters, zlib-ng)."""
    out = []
    for kind, color_type, depth, mode in [("gray", 0, 1, "1"), ("gray", 0, 8, "L"),
                                          ("gray", 0, 16, "I;16"), ("gray_alpha", 4, 8, "LA"),
                                          ("rgb", 2, 8, "RGB"), ("rgba", 6, 8, "RGBA")]:
        png = make(color_type, depth)
        values = png.samples
        if mode == "1":
            image = Image.fromarray(values[:, :, 0].astype(bool))
        elif mode == "I;16":
            image = Image.fromarray(values[:, :, 0].astype(np.uint16))
        else:
            plane = values.astype(np.uint8)
            image = Image.fromarray(plane[:, :, 0] if plane.shape[2] == 1 else plane)
        assert image.mode == mode, (kind, image.mode)
        buffer = io.BytesIO()
        image.save(buffer, "PNG")
        out.append(golden(f"{kind}_{depth}_pillow", png, buffer.getvalue()))
    for depth in (1, 2, 4, 8):
        png = make(3, depth, trns=depth == 4)
        image = Image.frombytes("P", (WIDTH, HEIGHT), png.samples.astype(np.uint8).tobytes())
        image.putpalette(png.palette.reshape(-1).tolist())
        options = {"bits": depth} | ({"transparency": png.trns} if png.trns else {})
        buffer = io.BytesIO()
        image.save(buffer, "PNG", **options)
        out.append(golden(f"palette_{depth}{'_trns' if png.trns else ''}_pillow", png,
                          buffer.getvalue()))
    return out


def large() -> Golden:
    """Many rows and several deflate blocks: a longer run of the row loop."""
    png = Png(gradient(301, 203, 3).astype(np.uint16), 2, 8)
    buffer = io.BytesIO()
    Image.fromarray(png.samples.astype(np.uint8)).save(buffer, "PNG")
    return golden("rgb_8_301x203_pillow", png, buffer.getvalue())


def at_the_limits() -> Golden:
    """16384 x 4096 = 64 Mi pixels, the most wit/types.wit allows: decoded in
    full, it shows the limits are inclusive. 1-bit squares of 64 pixels keep
    the file near deflate's densest (8 MiB of image data in ~10 KB)."""
    rows = (np.arange(4096, dtype=np.uint16) // 64)[:, None]
    columns = (np.arange(16384, dtype=np.uint16) // 64)[None, :]
    squares = ((rows + columns) % 2)[:, :, None]
    return golden("gray_1_16384x4096", Png(squares, 0, 1))


def goldens() -> list[Golden]:
    return matrix() + edge_cases() + pillow_written() + [large(), at_the_limits()]
