"""Decodes every file the codec's encoder wrote (see support.h: save_encoded)
with Pillow, an independent decoder, and compares it with the pixels it was
made from: PNG exactly, JPEG within a tolerance. Also checks that the JPEGs
are baseline JFIF with 4:2:0 chroma subsampling.

Usage: verify_encoded.py ENCODED_DIR
"""

import sys
from pathlib import Path

import numpy as np
from PIL import Image

MODES = {1: "L", 2: "LA", 3: "RGB", 4: "RGBA"}


def read_pixels(path: Path) -> np.ndarray:
    header, raw = path.read_bytes().split(b"\n", 1)
    width, height, channels = map(int, header.split())
    return np.frombuffer(raw, np.uint8).reshape(height, width, channels)


def check(path: Path) -> str | None:
    """None if `path` decodes as expected, else what is wrong."""
    expected = read_pixels(path.with_name(path.name + ".pixels"))
    with Image.open(path) as image:
        if image.mode != MODES[expected.shape[2]]:
            return f"mode {image.mode}, expected {MODES[expected.shape[2]]}"
        if image.size != (expected.shape[1], expected.shape[0]):
            return f"size {image.size}"
        if path.suffix == ".jpg":
            if image.info.get("progressive") or image.info.get("progression"):
                return "progressive, expected baseline"
            if "jfif" not in image.info:
                return "no JFIF header"
            layers = getattr(image, "layer", [])
            if expected.shape[2] == 3 and [(h, v) for _, h, v, _ in layers] != [(2, 2), (1, 1), (1, 1)]:
                return f"sampling {layers}, expected 4:2:0"
        actual = np.asarray(image).reshape(expected.shape).astype(int)
    error = np.abs(actual - expected.astype(int))
    if path.suffix == ".png" and error.max() != 0:
        return f"differs by up to {error.max()}"
    if path.suffix == ".jpg" and (error.mean() > 2.5 or error.max() > 40):
        return f"differs by {error.mean():.2f} on average, {error.max()} at most"
    return None


def main() -> int:
    files = sorted(p for p in Path(sys.argv[1]).iterdir() if p.suffix in (".png", ".jpg"))
    failed = 0
    for path in files:
        problem = check(path)
        if problem:
            failed += 1
            print(f"FAIL {path.name}: {problem}")
    print(f"pillow: {len(files) - failed} passed, {failed} failed")
    return 1 if failed or not files else 0


if __name__ == "__main__":
    sys.exit(main())
