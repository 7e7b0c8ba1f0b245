"""The native reference column of `make bench`: OpenCV (opencv-python-headless)
on the same inputs, one thread (cv2.setNumThreads(1)) like every other
column. Prints one JSON line per result, like bench-runner.

    python opencv_column.py --hd HD.ppm --uhd UHD.ppm --jpeg HD.jpg [--warmup N --reps N]

The operations are OpenCV's nearest equivalents, not the same algorithms:
cvtColor RGB2GRAY (BT.601, its own rounding), GaussianBlur with an 11-tap
kernel and σ = 5/3 (radius 5, σ = radius / 3, edges replicated), and resize
with INTER_AREA (pixel-area averaging: antialiased, like the triangle filter
of image-ops when downscaling, which INTER_LINEAR is not)."""

import argparse
import json
import sys
import time
from pathlib import Path

import cv2
import numpy as np
from inputs import read_ppm


def samples(warmup: int, reps: int, f) -> list[float]:
    for _ in range(warmup):
        f()
    out = []
    for _ in range(reps):
        start = time.perf_counter()
        f()
        out.append((time.perf_counter() - start) * 1e3)
    return out


def emit(group: str, row: str, ms: list[float], **extra) -> None:
    print(json.dumps({"group": group, "row": row, "column": "OpenCV", "ms": ms, **extra}), flush=True)
    print(f"  {group:11} {row:30} {'OpenCV':18} median {sorted(ms)[len(ms) // 2]:10.3f} ms", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hd", type=Path, required=True)
    parser.add_argument("--uhd", type=Path, required=True)
    parser.add_argument("--jpeg", type=Path, required=True)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--reps", type=int, default=9)
    args = parser.parse_args()
    cv2.setNumThreads(1)
    hd, uhd = read_ppm(args.hd).copy(), read_ppm(args.uhd).copy()
    w, r = args.warmup, max(1, args.reps)
    emit("ops", "grayscale 1080p", samples(w, r, lambda: cv2.cvtColor(hd, cv2.COLOR_RGB2GRAY)))
    emit("ops", "blur r=5 1080p", samples(w, r, lambda: cv2.GaussianBlur(
        hd, (11, 11), 5 / 3, borderType=cv2.BORDER_REPLICATE)))
    emit("ops", "resize 4K→1080p", samples(w, r, lambda: cv2.resize(uhd, (1920, 1080), interpolation=cv2.INTER_AREA)))
    data = np.frombuffer(args.jpeg.read_bytes(), np.uint8)
    emit("codec", "JPEG decode 1080p", samples(w, r, lambda: cv2.imdecode(data, cv2.IMREAD_COLOR)))
    bgr = cv2.cvtColor(hd, cv2.COLOR_RGB2BGR)
    emit("codec", "JPEG encode 1080p", samples(w, r, lambda: cv2.imencode(".jpg", bgr, [cv2.IMWRITE_JPEG_QUALITY, 90])))


if __name__ == "__main__":
    main()
