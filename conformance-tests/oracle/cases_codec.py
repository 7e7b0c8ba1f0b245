"""Vectors for `codec`: PNG colour types and depths, JPEG sampling and
modes, sizes on both sides of the limits, damaged files, encode to each
format, and recovery after a failed call."""

from __future__ import annotations

import struct
import zlib

import numpy as np
from PIL import Image

from . import files, pixels
from .cases_image_ops import MALFORMED, MAX_SIDE
from .suite import Suite, err, ok, step, synthetic, synthetic_sha256, vector

IFACE = "codec"
W, H = 37, 23  # odd: partial JPEG MCUs, chroma edges, sub-byte PNG row padding
PNG_ORACLE = "the numpy array the file was written from, converted as wit/codec.wit states"
JPEG_ORACLE = "Debian's djpeg (libjpeg-turbo 2.1.5), exact"
CJPEG = "Debian's cjpeg -quality 90 (baseline JFIF, 4:2:0), byte for byte"
PILLOW_PNG = "Pillow 12.1 decodes the bytes to exactly the input samples"
LIMITS = "wit/codec.wit and wit/types.wit: no output to compute"


def decode_case(suite: Suite, name: str, description: str, oracle: str, data: bytes, expect,
                ext: str = "png", take: int | None = None, file: str | None = None) -> None:
    """`take`: only the first bytes of `file`, a fixture another vector decodes whole."""
    arg = {"file": suite.add_file(f"files/{file or name}.{ext}", data)}
    if take is not None:
        arg["take"] = take
    suite.add(vector(f"{IFACE}/decode/{name}", IFACE, description, oracle, [step("decode", {"data": arg}, expect)]))


def decoded(suite: Suite, a: np.ndarray, name: str) -> dict:
    return ok(suite.expect_image(a, 0, f"decode-{name}"))


def png_decode(suite: Suite) -> None:
    src = {c: pixels.synthetic(100 + c, W, H, c) for c in (1, 2, 3, 4)}
    for channels, mode in [(1, "L"), (2, "LA"), (3, "RGB"), (4, "RGBA")]:
        name = f"png-{mode.lower()}8"
        decode_case(suite, name, f"8-bit {mode} written by Pillow", PNG_ORACLE,
                    files.pillow(src[channels], "PNG"), decoded(suite, src[channels], name))

    y, x = np.mgrid[0:H, 0:W]
    palette = np.array([[(i * 37) % 256, (i * 91) % 256, (255 - i * 5) % 256] for i in range(256)], np.uint8)
    plte = files.chunk(b"PLTE", palette[:16].tobytes())
    idx4 = ((x + 3 * y) % 16).astype(np.uint8)
    decode_case(suite, "png-palette4", "4-bit palette → RGB", PNG_ORACLE,
                files.png(idx4, 3, 4, extra=plte), decoded(suite, palette[idx4], "png-palette4"))
    idx8 = ((x * 7 + y * 13) % 200).astype(np.uint8)
    image = Image.fromarray(idx8, "P")
    image.putpalette(palette[:200].reshape(-1).tolist())
    decode_case(suite, "png-palette8", "8-bit palette (Pillow) → RGB", PNG_ORACLE,
                files.pillow(image, "PNG"), decoded(suite, palette[idx8], "png-palette8"))
    alphas = np.array([0, 64, 128, 255, 32], np.uint8)  # shorter than the palette: the rest opaque
    idx = ((x + y) % 8).astype(np.uint8)
    alpha_of = np.concatenate([alphas, np.full(3, 255, np.uint8)])
    trns = files.chunk(b"PLTE", palette[:8].tobytes()) + files.chunk(b"tRNS", alphas.tobytes())
    decode_case(suite, "png-palette-trns", "palette with tRNS → RGBA", PNG_ORACLE,
                files.png(idx, 3, 8, extra=trns),
                decoded(suite, np.dstack([palette[idx], alpha_of[idx]]), "png-palette-trns"))

    for depth in (1, 2, 4):
        top = (1 << depth) - 1
        levels = ((x + 2 * y) % (top + 1)).astype(np.uint8)
        decode_case(suite, f"png-gray{depth}", f"{depth}-bit gray expands to 0 ..= 255", PNG_ORACLE,
                    files.png(levels, 0, depth), decoded(suite, (levels * (255 // top))[:, :, None],
                                                         f"png-gray{depth}"))

    rng = np.random.default_rng(16)
    for color_type, channels, label in [(0, 1, "gray16"), (4, 2, "gray-alpha16"), (2, 3, "rgb16"), (6, 4, "rgba16")]:
        wide = rng.integers(0, 65536, size=(H, W, channels), dtype=np.uint64)
        # 16 → 8 bits with rounding: round(v × 255 / 65535) = round(v / 257), never a tie.
        expected = ((wide + 128) // 257).astype(np.uint8)
        decode_case(suite, f"png-{label}", f"16-bit {label[:-2]} scales to 8 bits, rounded", PNG_ORACLE,
                    files.png(wide, color_type, 16), decoded(suite, expected, f"png-{label}"))

    gray = src[1][:, :, 0]
    key = int(gray[0, 0])
    decode_case(suite, "png-gray-trns", "gray with a tRNS colour key → gray + alpha", PNG_ORACLE,
                files.png(gray, 0, 8, extra=files.chunk(b"tRNS", key.to_bytes(2, "big"))),
                decoded(suite, np.dstack([gray, np.where(gray == key, 0, 255).astype(np.uint8)]), "png-gray-trns"))
    rgb = src[3].copy()
    rgb[::3, ::4] = (10, 20, 30)
    keyed = np.all(rgb == (10, 20, 30), axis=-1)
    decode_case(suite, "png-rgb-trns", "RGB with a tRNS colour key → RGBA", PNG_ORACLE,
                files.png(rgb, 2, 8, extra=files.chunk(b"tRNS", bytes([0, 10, 0, 20, 0, 30]))),
                decoded(suite, np.dstack([rgb, np.where(keyed, 0, 255).astype(np.uint8)]), "png-rgb-trns"))

    decode_case(suite, "png-adam7-rgb8", "Adam7-interlaced RGB", PNG_ORACLE,
                files.png(src[3], 2, 8, interlace=True), decoded(suite, src[3], "png-adam7-rgb8"))
    bits = ((x // 3 + y // 2) % 2).astype(np.uint8)
    decode_case(suite, "png-adam7-gray1", "Adam7-interlaced 1-bit gray", PNG_ORACLE,
                files.png(bits, 0, 1, interlace=True), decoded(suite, (bits * 255)[:, :, None], "png-adam7-gray1"))
    small = pixels.synthetic(7, 3, 2, 4)
    decode_case(suite, "png-adam7-3x2", "Adam7 with empty passes (3×2)", PNG_ORACLE,
                files.png(small, 6, 8, interlace=True), decoded(suite, small, "png-adam7-3x2"))
    ancillary = files.chunk(b"gAMA", (45455).to_bytes(4, "big")) + files.chunk(b"tEXt", b"Comment\0ignored")
    decode_case(suite, "png-ancillary-chunks", "gAMA and tEXt are ignored", PNG_ORACLE,
                files.png(src[3], 2, 8, extra=ancillary), decoded(suite, src[3], "png-ancillary-chunks"))
    for w, h, c in [(1, 1, 4), (1, 37, 1), (37, 1, 3)]:
        a = pixels.synthetic(w * 7 + h, w, h, c)
        name = f"png-{w}x{h}-{c}ch"
        decode_case(suite, name, f"{w}×{h}, {c} channels", PNG_ORACLE, files.pillow(a, "PNG"), decoded(suite, a, name))

    # The limits, from the header: both sides of 16384 and of 64 Mi pixels.
    row = np.full((1, MAX_SIDE, 1), 200, np.uint8)
    decode_case(suite, "png-width-16384", "the widest allowed image", PNG_ORACLE, files.png(row, 0, 8),
                ok({"$image": {"width": MAX_SIDE, "height": 1, "channels": 1, "tolerance": 0,
                               "sha256": synthetic_sha256(MAX_SIDE, 1, 1, 200)}}))
    zeros = np.zeros((8192, 8192), np.uint8)
    decode_case(suite, "png-pixels-at-limit", "8192 × 8192 1-bit gray: 64 Mi pixels, the most allowed",
                PNG_ORACLE, files.png(zeros, 0, 1),
                ok({"$image": {"width": 8192, "height": 8192, "channels": 1, "tolerance": 0,
                               "sha256": synthetic_sha256(8192, 8192, 1, 0)}}))
    tiny = np.zeros((1, 1), np.uint8)
    for w, h, why in [(MAX_SIDE + 1, 1, "width over 16384"), (1, MAX_SIDE + 1, "height over 16384"),
                      (8193, 8193, "over 64 Mi pixels")]:
        decode_case(suite, f"png-header-{w}x{h}", f"header {w}×{h}: {why}, decided before decoding",
                    LIMITS, files.png(tiny, 0, 8, size=(w, h)), err("out-of-memory"))

    good = files.pillow(src[3], "PNG")
    decode_case(suite, "png-header-0x5", "zero width in the header", LIMITS,
                files.png(tiny, 0, 8, size=(0, 5)), err("invalid-format"))
    depth3 = files.chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 3, 0, 0, 0, 0))
    decode_case(suite, "png-bit-depth-3", "bit depth 3 does not exist", LIMITS,
                files.SIGNATURE + depth3 + files.chunk(b"IDAT", zlib.compress(b"\0\0")) + files.chunk(b"IEND", b""),
                err("invalid-format"))
    decode_case(suite, "png-truncated-half", "the first half of a PNG", LIMITS, good, err("invalid-format"),
                take=len(good) // 2, file="png-rgb8")
    decode_case(suite, "png-signature-only", "the 8-byte signature and nothing else", LIMITS, good,
                err("invalid-format"), take=8, file="png-rgb8")
    idat = good.index(b"IDAT")
    bad_crc = bytearray(good)
    bad_crc[idat + 4] ^= 0xFF  # first byte of the data: the CRC no longer matches
    decode_case(suite, "png-idat-bad-crc", "IDAT checksum wrong", LIMITS, bytes(bad_crc), err("invalid-format"))
    stream = zlib_garbage(src[1].shape)
    decode_case(suite, "png-corrupt-zlib", "IDAT holds no zlib stream", LIMITS,
                replace_idat(files.png(src[1], 0, 8), stream), err("invalid-format"))


def zlib_garbage(shape: tuple[int, ...]) -> bytes:
    return bytes((i * 73 + 19) % 256 for i in range(64 + shape[0]))


def replace_idat(png: bytes, data: bytes) -> bytes:
    at = png.index(b"IDAT") - 4
    end = at + 12 + int.from_bytes(png[at:at + 4], "big")
    return png[:at] + files.chunk(b"IDAT", data) + png[end:]


def jpeg_decode(suite: Suite) -> None:
    rgb = pixels.synthetic(200, W, H, 3)
    gray = pixels.synthetic(201, W, H, 1)
    made = [
        ("jpeg-rgb-420", "baseline 4:2:0", files.cjpeg(rgb, "-quality", "85", "-sample", "2x2")),
        ("jpeg-rgb-422", "baseline 4:2:2", files.cjpeg(rgb, "-quality", "85", "-sample", "2x1")),
        ("jpeg-rgb-444", "baseline 4:4:4", files.cjpeg(rgb, "-quality", "85", "-sample", "1x1")),
        ("jpeg-gray", "grayscale → 1 channel", files.cjpeg(gray, "-quality", "85")),
        ("jpeg-progressive", "progressive 4:2:0", files.cjpeg(rgb, "-progressive")),
        ("jpeg-progressive-gray", "progressive grayscale", files.cjpeg(gray, "-progressive")),
        ("jpeg-restart", "a restart marker every MCU row", files.cjpeg(rgb, "-restart", "1")),
        ("jpeg-optimized", "optimised Huffman tables", files.cjpeg(rgb, "-optimize", "-quality", "70")),
        ("jpeg-1x1", "1 × 1 RGB", files.cjpeg(rgb[:1, :1])),
        ("jpeg-17x1-gray", "17 × 1 grayscale", files.cjpeg(gray[:1, :17])),
        ("jpeg-pillow", "written by Pillow's bundled libjpeg-turbo, 4:4:4", files.pillow(rgb, "JPEG", quality=95,
                                                                                         subsampling=0)),
    ]
    for name, description, data in made:
        decode_case(suite, name, description, JPEG_ORACLE, data, decoded(suite, files.djpeg(data), name), ext="jpg")

    cmyk = Image.fromarray(pixels.synthetic(202, W, H, 4), "CMYK")
    decode_case(suite, "jpeg-cmyk", "CMYK JPEG is refused", LIMITS, files.pillow(cmyk, "JPEG"),
                err("invalid-format"), ext="jpg")
    base = made[0][2]
    decode_case(suite, "jpeg-truncated-half", "the first half of a JPEG", LIMITS, base, err("invalid-format"),
                ext="jpg", take=len(base) // 2, file="jpeg-rgb-420")
    decode_case(suite, "jpeg-soi-only", "the start-of-image marker and nothing else", LIMITS, base,
                err("invalid-format"), ext="jpg", take=2, file="jpeg-rgb-420")
    for w, h, variant, why in [(MAX_SIDE + 1, 8, "out-of-memory", "width over 16384"),
                               (8, MAX_SIDE + 1, "out-of-memory", "height over 16384"),
                               (8193, 8193, "out-of-memory", "over 64 Mi pixels"),
                               (W, 0, "invalid-format", "zero height")]:
        decode_case(suite, f"jpeg-header-{w}x{h}", f"frame header {w}×{h}: {why}", LIMITS,
                    files.patch_sof(base, w, h), err(variant), ext="jpg")


def other_decode(suite: Suite) -> None:
    decode_case(suite, "empty", "no bytes at all", LIMITS, b"", err("invalid-format"), ext="bin")
    decode_case(suite, "gif", "a GIF signature: not a supported format", LIMITS,
                b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", err("invalid-format"), ext="bin")
    decode_case(suite, "noise", "100 bytes of noise", LIMITS,
                bytes((i * 151 + 7) % 256 for i in range(100)), err("invalid-format"), ext="bin")
    # A failed call leaves the codec ready for the next one.
    good = files.pillow(pixels.synthetic(5, 5, 4, 3), "PNG")
    png_ref = {"file": suite.add_file("files/recover-good.png", good)}
    jpg_ref = {"file": suite.add_file("files/jpeg-rgb-420.jpg", files.cjpeg(pixels.synthetic(200, W, H, 3),
                                                                            "-quality", "85", "-sample", "2x2"))}
    expected = ok(suite.expect_image(pixels.synthetic(5, 5, 4, 3), 0, "recover-good"))
    suite.add(vector(
        f"{IFACE}/sequence/decode-recovers", IFACE, "bad PNG, bad JPEG, then a good PNG on the same instance",
        PNG_ORACLE, [
            step("decode", {"data": {**png_ref, "take": 30}}, err("invalid-format")),
            step("decode", {"data": {**jpg_ref, "take": 200}}, err("invalid-format")),
            step("decode", {"data": png_ref}, expected),
        ]))


def encode(suite: Suite) -> None:
    def case(name: str, description: str, oracle: str, img: dict, fmt: str, expect) -> None:
        suite.add(vector(f"{IFACE}/encode/{name}", IFACE, description, oracle,
                         [step("encode", {"img": img, "format": fmt}, expect)]))

    def as_png(a: np.ndarray) -> dict:
        return ok({"$png": {"width": a.shape[1], "height": a.shape[0], "channels": a.shape[2],
                            "sha256": pixels.sha256(a.tobytes())}})

    for name in ("gray-17x13", "gray-alpha-11x9", "rgb-23x17", "rgba-19x15", "rgb-1x1", "gray-1x7"):
        a = suite.inputs[name]
        case(f"png-{name}", f"{a.shape[2]} channels, lossless", PILLOW_PNG, suite.image(name), "png", as_png(a))
    case("png-width-16384", "the widest allowed image", PILLOW_PNG, synthetic(MAX_SIDE, 1, 2, 77), "png",
         ok({"$png": {"width": MAX_SIDE, "height": 1, "channels": 2,
                      "sha256": synthetic_sha256(MAX_SIDE, 1, 2, 77)}}))
    for name, fmt in [("rgb-23x17", "jpeg"), ("rgb-40x30", "jpg"), ("gray-17x13", "jpeg"), ("rgb-1x1", "jpeg"),
                      ("gray-1x7", "jpg")]:
        data = files.cjpeg(suite.inputs[name], "-quality", "90")
        case(f"{fmt}-{name}", f"{fmt}: same bytes as cjpeg -quality 90", CJPEG, suite.image(name), fmt,
             ok({"$bytes": {"len": len(data), "sha256": pixels.sha256(data)}}))
    for name in ("gray-alpha-11x9", "rgba-19x15"):
        case(f"jpeg-rejects-{name}", "JPEG has no alpha: 2 and 4 channels are refused", LIMITS,
             suite.image(name), "jpeg", err("invalid-format"))
    for fmt in ("gif", "", "PNG", "Jpeg", "png ", "webp"):
        case(f"format-{fmt.strip() or 'empty'}{'-space' if fmt.endswith(' ') else ''}",
             f"format {fmt!r} is not one of supported-formats (lower case)", LIMITS,
             suite.image("rgb-3x2"), fmt, err("invalid-format"))
    for name in ("channels-0", "channels-5", "width-0", "data-short", "width-16385"):
        img, variant = MALFORMED[name]
        case(f"rejects-{name}", f"malformed record: {name}", LIMITS, img, "png", err(variant))
    case("pixels-over-limit", "16384 × 4097: each side allowed, 64 Mi + 16384 pixels", LIMITS,
         synthetic(MAX_SIDE, 4097, 1, 3), "png", err("out-of-memory"))

    a = suite.inputs["rgba-2x3"]
    suite.add(vector(
        f"{IFACE}/sequence/encode-recovers", IFACE,
        "a refused encode, then a PNG of the same image on the same instance", PILLOW_PNG, [
            step("encode", {"img": suite.image("rgba-2x3"), "format": "jpeg"}, err("invalid-format")),
            step("encode", {"img": suite.image("rgba-2x3"), "format": "png"}, as_png(a)),
        ]))


def supported_formats(suite: Suite) -> None:
    formats = [
        {"name": "png", "extensions": ["png"], "media-type": "image/png"},
        {"name": "jpeg", "extensions": ["jpg", "jpeg"], "media-type": "image/jpeg"},
    ]
    suite.add(vector(f"{IFACE}/supported-formats/names", IFACE,
                     "png then jpeg, with their extensions (the usual one first) and media types",
                     "wit/codec.wit", [step("supported-formats", {}, formats)]))


def all_cases(suite: Suite) -> None:
    png_decode(suite)
    jpeg_decode(suite)
    other_decode(suite)
    encode(suite)
    supported_formats(suite)
