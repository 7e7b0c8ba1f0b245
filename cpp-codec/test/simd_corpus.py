"""Large JPEGs of every kind for the SIMD-vs-plain-C comparison (make
test-codec): the goldens are 37x23, too small to run the SIMD code's main
loops for long, so this writes 1283x727 and 643x363 photo-like images
through cjpeg with each sampling, coding and restart option the decoder
must handle, and JPEGs whose quantisation tables were raised after encoding
(coefficients far outside what an encoder writes: the IDCT's range guard).

    python simd_corpus.py OUT_DIR
"""

import subprocess
import sys
from pathlib import Path

import numpy as np

SIZES = [(1283, 727), (643, 363)]

# cjpeg options → file name. Every JPEG kind libjpeg decodes that the codec
# accepts; CMYK/YCCK are in the golden rejected corpus.
KINDS = {
    "baseline-444": ["-sample", "1x1"],
    "baseline-422": ["-sample", "2x1"],
    "baseline-420": ["-sample", "2x2"],
    "baseline-440": ["-sample", "1x2"],
    "baseline-411": ["-sample", "4x1"],
    "rgb": ["-rgb"],
    "gray": ["-grayscale"],
    "progressive-420": ["-progressive"],
    "progressive-gray": ["-progressive", "-grayscale"],
    "restart-rows": ["-restart", "1"],
    "restart-blocks": ["-restart", "7B"],
    "arithmetic": ["-arithmetic"],
    "arithmetic-progressive": ["-arithmetic", "-progressive", "-sample", "2x1"],
    "optimized": ["-optimize"],
    "quality-100": ["-quality", "100"],
    "quality-5": ["-quality", "5"],
}


def photo(width: int, height: int, seed: int) -> np.ndarray:
    """Gradients, hard-edged discs and noise: every coefficient size."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width].astype(np.float32)
    img = np.stack([255 * x / width, 128 + 100 * np.sin(x / 17 + y / 23), 255 * y / height], axis=-1)
    for _ in range(20):
        cx, cy, r = rng.uniform(0, width), rng.uniform(0, height), rng.uniform(5, height / 4)
        img[(x - cx) ** 2 + (y - cy) ** 2 < r * r] = rng.uniform(0, 255, 3)
    img += rng.normal(0, 12, img.shape)
    return np.clip(img + 0.5, 0, 255).astype(np.uint8)


def write_pnm(path: Path, img: np.ndarray) -> None:
    height, width = img.shape[:2]
    magic = b"P6" if img.ndim == 3 else b"P5"
    path.write_bytes(b"%s\n%d %d\n255\n" % (magic, width, height) + img.tobytes())


def raise_quant_tables(jpeg: bytes, value: int) -> bytes:
    """Every 8-bit DQT entry set to `value`: the coefficients, chosen for
    other tables, now dequantise to `value` times what the encoder meant."""
    out = bytearray(jpeg)
    pos = 2
    while pos + 4 <= len(out) and out[pos] == 0xFF:
        marker, length = out[pos + 1], int.from_bytes(out[pos + 2 : pos + 4], "big")
        if marker == 0xDA:  # start of scan: the tables are all behind
            break
        if marker == 0xDB:
            table = pos + 4
            while table < pos + 2 + length:
                precision = out[table] >> 4
                assert precision == 0, "cjpeg writes 8-bit tables"
                out[table + 1 : table + 65] = bytes([value]) * 64
                table += 65
        pos += 2 + length
    return bytes(out)


def main() -> None:
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    for seed, (width, height) in enumerate(SIZES):
        rgb = photo(width, height, seed)
        source = out / f"source-{width}.ppm"
        write_pnm(source, rgb)
        for kind, options in KINDS.items():
            target = out / f"{kind}-{width}x{height}.jpg"
            subprocess.run(["cjpeg", *options, "-outfile", str(target), str(source)], check=True)
        source.unlink()
        # Encoded at quality 100 (every table entry 1), then the tables
        # raised: 4 puts many pixels beyond what the output range clamps
        # alike in every IDCT, 255 overflows 16-bit arithmetic.
        fine = (out / f"quality-100-{width}x{height}.jpg").read_bytes()
        for value in (4, 255):
            (out / f"raised-quant-{value}-{width}x{height}.jpg").write_bytes(raise_quant_tables(fine, value))


if __name__ == "__main__":
    main()
