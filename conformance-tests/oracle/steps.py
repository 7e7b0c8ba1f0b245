"""`types.step` in the vectors, and the chain a `list<step>` describes.

A step is written as its WIT case, the payload (if any) keyed by the case
name, the way errors are written: "grayscale", {"blur": 2},
{"resize": {"width": 8, "height": 6}}, {"filter": FILTER-OPTIONS} (the
`filter-options` encoding of suite.py)."""

from __future__ import annotations

import numpy as np

from . import ops

GRAYSCALE = "grayscale"


def blur(radius: int) -> dict:
    return {"blur": radius}


def resize(width: int, height: int) -> dict:
    return {"resize": {"width": width, "height": height}}


def filter_(opts: dict) -> dict:
    return {"filter": opts}


def run(a: np.ndarray, steps: list) -> tuple[np.ndarray, int]:
    """`steps` applied left to right by the image-ops oracles; the tolerance
    adds up (each blur may round one way or the other)."""
    out, tolerance = a.copy(), 0
    for step in steps:
        if step == GRAYSCALE:
            out, more = ops.grayscale(out)
        elif "blur" in step:
            out, more = ops.blur(out, step["blur"])
        elif "resize" in step:
            out, more = ops.resize(out, step["resize"]["width"], step["resize"]["height"])
        else:
            o = step["filter"]
            out, more = ops.apply_filter(out, o.get("brightness"), o.get("contrast"), o.get("blur-radius"))
        tolerance += more
    return out, tolerance


def label(steps: list) -> str:
    """A step list as the text the CLI takes, for descriptions."""
    def one(step) -> str:
        if step == GRAYSCALE:
            return "grayscale"
        (case, payload), = step.items()
        if case == "resize":
            return f"resize:{payload['width']}x{payload['height']}"
        return f"{case}({payload})"
    return "|".join(map(one, steps)) or "no steps"
