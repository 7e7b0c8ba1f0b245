"""`types.step` in the vectors: how each case is written, its oracle, and
the steps the vectors apply alone; and the chain a `list<step>` describes.

A step is written as its WIT case, the payload (if any) keyed by the case
name, the way errors are written: "grayscale", {"blur": 2},
{"resize": {"width": 8, "height": 6}}, {"filter": FILTER-OPTIONS} (the
`filter-options` encoding of suite.py).

`CASES` is the one table of the cases: cases_frames.py makes an `apply`
vector, and cases_scheduler.py a task vector, of each of a case's
`examples`, so a new case is one entry here (and its reference in ops.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from . import ops

GRAYSCALE = "grayscale"


def blur(radius: int) -> dict:
    return {"blur": radius}


def resize(width: int, height: int) -> dict:
    return {"resize": {"width": width, "height": height}}


def filter_(opts: dict) -> dict:
    return {"filter": opts}


Oracle = Callable[[np.ndarray, object], tuple[np.ndarray, int]]


@dataclass(frozen=True)
class Case:
    """One case of `variant step`. `oracle(pixels, payload)` returns the
    expected pixels and the tolerance; `examples` are (vector name, source
    input, step). A case without a payload needs neither: its oracle takes
    the pixels alone, and it is applied to the RGBA input (alpha, and a
    colour that is not gray)."""

    oracle: Oracle
    examples: list[tuple[str, str, object]] = field(default_factory=list)


def parameterless(reference: Callable[[np.ndarray], tuple[np.ndarray, int]]) -> Case:
    return Case(lambda a, _payload: reference(a))


CASES: dict[str, Case] = {
    "grayscale": parameterless(ops.grayscale),
    "blur": Case(ops.blur, [("blur-r2", "rgb-23x17", blur(2)), ("blur-r0", "rgb-23x17", blur(0))]),
    "filter": Case(
        lambda a, o: ops.apply_filter(a, o.get("brightness"), o.get("contrast"), o.get("blur-radius")),
        [("filter", "rgb-23x17", filter_({"brightness": 0.2, "contrast": 30.0})),
         ("filter-none", "rgba-19x15", filter_({}))],
    ),
    "resize": Case(
        lambda a, size: ops.resize(a, size["width"], size["height"]),
        [("resize", "rgb-23x17", resize(8, 6)), ("resize-1x1", "gray-1x1", resize(1, 1))],
    ),
}


def case_of(step) -> tuple[str, object]:
    """The WIT case of a step as the vectors write it, and its payload."""
    if isinstance(step, str):
        return step, None
    ((case, payload),) = step.items()
    return case, payload


def examples() -> list[tuple[str, str, list]]:
    """(name, source, [step]): each case's examples, in the table's order."""
    out = []
    for case, entry in CASES.items():
        out += entry.examples or [(f"{case}-rgba", "rgba-19x15", case)]
    return [(name, source, [step]) for name, source, step in out]


def run(a: np.ndarray, steps: list) -> tuple[np.ndarray, int]:
    """`steps` applied left to right by the image-ops oracles; the tolerance
    adds up (each blur may round one way or the other)."""
    out, tolerance = a.copy(), 0
    for step in steps:
        case, payload = case_of(step)
        out, more = CASES[case].oracle(out, payload)
        tolerance += more
    return out, tolerance


def label(steps: list) -> str:
    """A step list as the text the CLI takes, for descriptions."""

    def one(step) -> str:
        case, payload = case_of(step)
        if payload is None:
            return case
        if case == "resize":
            return f"resize:{payload['width']}x{payload['height']}"
        return f"{case}({payload})"

    return "|".join(map(one, steps)) or "no steps"
