"""`make demo`'s output, judged by Pillow: a 1-channel image equal to the
BT.601 luma of the sample within ±1. `make test-pipeline` runs the demo first."""

import os
from pathlib import Path

import numpy as np
from PIL import Image


def test_demo_output_is_the_luma_of_the_sample():
    demo = Path(os.environ["DEMO_DIR"])
    with Image.open(demo / "sample.png") as src, Image.open(demo / "sample-grayscale.png") as out:
        assert out.mode == "L" and out.size == src.size
        rgb = np.asarray(src.convert("RGB"), dtype=np.float64)
        gray = np.asarray(out, dtype=np.float64)
    luma = rgb @ np.array([0.299, 0.587, 0.114])
    assert np.abs(gray - luma).max() <= 1.0
