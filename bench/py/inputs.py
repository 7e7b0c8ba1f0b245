"""The benchmark's inputs, written once into build/bench/inputs/ and read by
every column: deterministic photo-like RGB images (smooth gradients, shapes
and mild noise, so that JPEG and blur see realistic content) as binary PPM,
and a JPEG of the 1080p one made by the native cjpeg."""

import subprocess
from pathlib import Path

import numpy as np

SIZES = {"hd": (1920, 1080), "uhd": (3840, 2160), "small": (640, 480)}


def synthetic(width: int, height: int, seed: int) -> np.ndarray:
    """An RGB image that looks like a picture more than like noise."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width].astype(np.float32)
    u, v = x / width, y / height
    img = np.stack(
        [
            180 * u + 40 * np.sin(9 * v),
            120 + 90 * np.sin(5 * u + 3 * v),
            200 * (1 - v) + 30 * np.cos(13 * u * v),
        ],
        axis=-1,
    )
    for _ in range(12):  # discs of flat colour: edges for blur and JPEG
        cx, cy, r = rng.uniform(0, width), rng.uniform(0, height), rng.uniform(0.03, 0.15) * height
        mask = (x - cx) ** 2 + (y - cy) ** 2 < r * r
        img[mask] = rng.uniform(0, 255, 3)
    img += rng.normal(0, 6, img.shape)
    return np.clip(img + 0.5, 0, 255).astype(np.uint8)


def write_ppm(path: Path, img: np.ndarray) -> None:
    height, width = img.shape[:2]
    with open(path, "wb") as f:
        f.write(b"P6\n%d %d\n255\n" % (width, height))
        f.write(img.tobytes())


def read_ppm(path: Path) -> np.ndarray:
    data = path.read_bytes()
    magic, width, height, maxval, pixels = data.split(maxsplit=4)
    assert magic == b"P6" and maxval == b"255", path
    return np.frombuffer(pixels, np.uint8).reshape(int(height), int(width), 3)


def make_inputs(folder: Path) -> dict[str, Path]:
    """Writes the inputs that are missing; returns every input's path."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = {name: folder / f"{name}.ppm" for name in SIZES}
    for seed, (name, (w, h)) in enumerate(SIZES.items()):
        if not paths[name].exists():
            write_ppm(paths[name], synthetic(w, h, seed))
    paths["jpeg"] = folder / "hd.jpg"
    if not paths["jpeg"].exists():
        # Quality 90 with 4:2:0: what the codec's encoder writes.
        subprocess.run(
            ["cjpeg", "-quality", "90", "-sample", "2x2", "-outfile", str(paths["jpeg"]), str(paths["hd"])],
            check=True,
        )
    return paths
