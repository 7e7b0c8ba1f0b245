"""Writes the demo's sample image: a deterministic 320×240 RGB picture drawn
here (colour gradients, shapes and a band of noise), so that no third-party
image is needed. Usage: make_sample.py OUT.png [WIDTH HEIGHT]"""

import sys

import numpy as np
from PIL import Image, ImageDraw


def sample(width: int = 320, height: int = 240) -> Image.Image:
    y, x = np.mgrid[0:height, 0:width]
    rgb = np.stack(
        [
            255 * x / max(width - 1, 1),
            255 * y / max(height - 1, 1),
            255 * (1 - x / max(width - 1, 1)) * (1 - y / max(height - 1, 1)),
        ],
        axis=-1,
    )
    rng = np.random.default_rng(2026)
    band = slice(height * 3 // 4, height * 3 // 4 + max(height // 16, 1))
    rgb[band] = rng.integers(0, 256, size=rgb[band].shape)
    image = Image.fromarray(rgb.round().astype(np.uint8), "RGB")
    draw = ImageDraw.Draw(image)
    draw.ellipse((width // 8, height // 8, width // 2, height // 2), fill=(240, 200, 40))
    draw.rectangle((width * 5 // 8, height // 6, width * 7 // 8, height // 2), fill=(30, 60, 200))
    draw.line((0, height - 1, width - 1, 0), fill=(255, 255, 255), width=3)
    return image


def main() -> None:
    if len(sys.argv) not in (2, 4):
        sys.exit(__doc__)
    size = (int(sys.argv[2]), int(sys.argv[3])) if len(sys.argv) == 4 else (320, 240)
    sample(*size).save(sys.argv[1])


if __name__ == "__main__":
    main()
