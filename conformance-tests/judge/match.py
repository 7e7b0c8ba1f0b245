"""A step's result against its pattern (the pattern language is described in
conformance-tests/oracle/suite.py). Every function returns the differences
found, each naming where in the value it is; an empty list is a match."""

from __future__ import annotations

import base64
import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image

PNG_MODES = {"L": 1, "LA": 2, "RGB": 3, "RGBA": 4}


@dataclass
class Context:
    """Where expected-pixels files are, and the oracle's expected images by
    sha256 (to locate a difference from an expectation given as a digest)."""

    fixtures: Path
    expected: dict[str, np.ndarray] = field(default_factory=dict)


def match(pattern, value, where: str, ctx: Context) -> list[str]:
    if isinstance(pattern, dict) and len(pattern) == 1 and next(iter(pattern)).startswith("$"):
        (kind, spec), = pattern.items()
        return MATCHERS[kind](spec, value, where, ctx)
    if isinstance(pattern, dict):
        if not isinstance(value, dict):
            return [f"{where}: expected {short(pattern)}, got {short(value)}"]
        if set(pattern) != set(value):
            return [f"{where}: expected {short(pattern)}, got {short(value)}"]
        return [d for key in pattern for d in match(pattern[key], value[key], f"{where}.{key}", ctx)]
    if isinstance(pattern, list):
        if not isinstance(value, list) or len(value) != len(pattern):
            return [f"{where}: expected {short(pattern)}, got {short(value)}"]
        pairs = enumerate(zip(pattern, value, strict=True))
        return [d for i, (p, v) in pairs for d in match(p, v, f"{where}[{i}]", ctx)]
    if pattern != value or type(pattern) is not type(value):
        return [f"{where}: expected {short(pattern)}, got {short(value)}"]
    return []


def short(value, limit: int = 160) -> str:
    """A value for a message, without its base64 data."""
    if isinstance(value, dict):
        value = {k: ("…" if k == "data" else v) for k, v in value.items()}
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def read_pixels(path: Path) -> np.ndarray:
    raw = path.read_bytes()
    header, _, data = raw.partition(b"\n")
    width, height, channels = map(int, header.split())
    return np.frombuffer(data, np.uint8).reshape(height, width, channels)


def image(spec: dict, value, where: str, ctx: Context) -> list[str]:
    if not isinstance(value, dict) or "sha256" not in value or "width" not in value:
        return [f"{where}: expected an image, got {short(value)}"]
    dims = [(k, spec[k], value[k]) for k in ("width", "height", "channels") if spec[k] != value[k]]
    if dims:
        return [f"{where}: " + ", ".join(f"{k} {got} (expected {want})" for k, want, got in dims)]
    if "data" in value and len(base64.b64decode(value["data"])) != spec["width"] * spec["height"] * spec["channels"]:
        return [f"{where}: the record's data does not hold width × height × channels samples"]
    if "sha256" in spec:
        if spec["sha256"] == value["sha256"]:
            return []
        if "data" not in value or spec["sha256"] not in ctx.expected:
            return [f"{where}: samples differ from the oracle's (sha256 {value['sha256'][:12]}…, "
                    f"expected {spec['sha256'][:12]}…)"]
        want = ctx.expected[spec["sha256"]].astype(int)
    elif "data" not in value:
        return [f"{where}: the runner did not report the samples to compare"]
    else:
        want = read_pixels(ctx.fixtures / spec["pixels"]).astype(int)
    got = np.frombuffer(base64.b64decode(value["data"]), np.uint8).astype(int).reshape(want.shape)
    return pixel_diff(got, want, spec["tolerance"], where)


def pixel_diff(got: np.ndarray, want: np.ndarray, tolerance: int, where: str) -> list[str]:
    diff = np.abs(got - want)
    worst = int(diff.max()) if diff.size else 0
    if worst <= tolerance:
        return []
    y, x, c = np.unravel_index(int(diff.argmax()), diff.shape)
    over = int((diff > tolerance).sum())
    return [f"{where}: {over} of {diff.size} samples off by more than {tolerance}; worst at "
            f"x={x} y={y} channel {c}: got {got[y, x, c]}, expected {want[y, x, c]}"]


def text(spec: dict, value, where: str, _ctx: Context) -> list[str]:
    if not isinstance(value, str):
        return [f"{where}: expected a string, got {short(value)}"]
    checks = {
        "exact": lambda s: value == s,
        "contains": lambda s: s in value,
        "starts_with": lambda s: value.startswith(s),
        "min_len": lambda n: len(value) >= n,
    }
    return [f"{where}: {value!r} does not satisfy {key} {want!r}" for key, want in spec.items()
            if not checks[key](want)]


def exact_bytes(spec: dict, value, where: str, _ctx: Context) -> list[str]:
    if not isinstance(value, dict) or "len" not in value:
        return [f"{where}: expected bytes, got {short(value)}"]
    if value["len"] == spec["len"] and value["sha256"] == spec["sha256"]:
        return []
    return [f"{where}: {value['len']} bytes (sha256 {value['sha256'][:12]}…), expected the oracle's "
            f"{spec['len']} bytes (sha256 {spec['sha256'][:12]}…)"]


def png(spec: dict, value, where: str, _ctx: Context) -> list[str]:
    if not isinstance(value, dict) or "data" not in value:
        return [f"{where}: expected PNG bytes the report can decode, got {short(value)}"]
    try:
        with Image.open(io.BytesIO(base64.b64decode(value["data"]))) as decoded:
            fmt, mode, size = decoded.format, decoded.mode, decoded.size
            samples = decoded.tobytes()
    except Exception as e:  # noqa: BLE001 - any decoder complaint is the finding
        return [f"{where}: Pillow cannot decode the bytes: {e}"]
    got = {"format": fmt, "channels": PNG_MODES.get(mode, mode), "width": size[0], "height": size[1],
           "sha256": hashlib.sha256(samples).hexdigest()}
    want = {"format": "PNG", **spec}
    wrong = [f"{k} {got[k]!r} (expected {want[k]!r})" for k in want if got[k] != want[k]]
    return [f"{where}: decoded by Pillow: " + ", ".join(wrong)] if wrong else []


def any_order(spec: list, value, where: str, _ctx: Context) -> list[str]:
    if not isinstance(value, list) or sorted(value) != sorted(spec):
        return [f"{where}: expected {sorted(spec)} in any order, got {short(value)}"]
    return []


def repeat(spec: dict, value, where: str, ctx: Context) -> list[str]:
    if not isinstance(value, list) or len(value) != spec["count"]:
        got = len(value) if isinstance(value, list) else short(value)
        return [f"{where}: expected a list of {spec['count']}, got {got}"]
    for i, item in enumerate(value):
        found = match(spec["item"], item, f"{where}[{i}]", ctx)
        if found:
            return found
    return []


MATCHERS = {"$image": image, "$text": text, "$bytes": exact_bytes, "$png": png, "$set": any_order,
            "$repeat": repeat}


def logs(spec: dict, records: list, where: str) -> list[str]:
    """`expect_logs`: at least `min_count` records, all at `level` with `context`."""
    found = []
    if len(records) < spec["min_count"]:
        found.append(f"{where}: {len(records)} log records, expected at least {spec['min_count']} "
                     f"(one per state change)")
    odd = [r for r in records if r[0] != spec["level"] or r[1] != spec["context"]]
    if odd:
        found.append(f"{where}: records not at {spec['level']} level with context {spec['context']!r}: {odd[:2]}")
    return found
