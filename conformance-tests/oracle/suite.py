"""The vector file format, and the collection of files the oracle writes.

A vector is one JSON file, `vectors/<id>.json`:

    {"id": "image-ops/blur/rgb-23x17-r2",
     "interface": "image-ops",            # image-ops | codec | scheduler
     "description": "...",
     "oracle": "...",                     # where the expected values come from
     "steps": [ STEP, ... ]}              # run in order on one fresh instance

    STEP = {"call": "blur",               # a WIT function, `task` = the constructor
            "args": {...},                # by WIT parameter name, see below
            "repeat": N,                  # optional: the call N times, results in a list
            "bind": "t1",                 # optional (`task`): names the new resource
            "expect": PATTERN,            # the call's result
            "expect_logs": {...}}         # optional: {level, context, min_count} of
                                          # the wasi:logging records the call makes

Arguments: an `image` is {"fixture": "images/x.pixels"} (a `.pixels` file
under fixtures/) or {"width", "height", "channels", "fill", "len"?}: `len`
samples (default width × height × channels) all equal to `fill`, for
malformed records and images too large to commit. A `list<u8>` is
{"file": "files/x.png", "take"?: n} (the first n bytes) or {"fill", "len"}.
`filter-options` is {"brightness"?, "contrast"?, "blur-radius"?}; a missing
key is `none`, and the strings "NaN", "inf", "-inf" stand for those floats.
A `list<image>` is a list of images or {"repeat": n, "image": IMAGE}. A task
argument of `submit` is a bound name or an inline {"img", "operation",
"options"}, constructed by that step.

Results are encoded as JSON the same way by every runner: result →
{"ok": v} | {"err": v}; error → {"invalid-format": "msg"} |
{"processing-failed": "msg"} | {"out-of-memory": null}; option → null |
{"some": v}; image → {"width", "height", "channels", "sha256", "data"?}; a
`list<u8>` → {"len", "sha256", "data"?} (`data`, base64, for at most 65536
bytes); the task constructor → {"resource": "task"}; enums as their WIT
names. A PATTERN is that encoding, compared literally, except for these
objects: {"$image": {width, height, channels, tolerance, sha256 | pixels}}
(`pixels`: an expected `.pixels` file, compared sample by sample within
`tolerance`), {"$text": {"exact" | "contains" | "starts_with" | "min_len"}},
{"$bytes": {"len", "sha256"}}, {"$png": {width, height, channels, sha256}}
(the bytes, decoded by Pillow, hold exactly these pixels) and {"$set": [..]}
(a list in any order) and {"$repeat": {"count", "item"}} (a list of `count`
items, each matching `item`)."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from . import pixels

ANY_MESSAGE = {"$text": {"min_len": 1}}


@dataclass
class Suite:
    """Every file the oracle writes, by path relative to conformance-tests/."""

    files: dict[str, bytes] = field(default_factory=dict)
    inputs: dict[str, np.ndarray] = field(default_factory=dict)
    # Every expected image by its sha256, so that the report can say where
    # a result differs from an exact expectation (only the digest is written).
    expected: dict[str, np.ndarray] = field(default_factory=dict)

    def add_file(self, rel: str, data: bytes) -> str:
        """A fixture file (fixtures/REL); returns REL for use in a vector."""
        path = f"fixtures/{rel}"
        assert self.files.get(path, data) == data, f"two different fixtures named {rel}"
        self.files[path] = data
        return rel

    def image(self, name: str) -> dict:
        """An argument: the seeded input image NAME (pixels.INPUTS)."""
        return {"fixture": self.add_file(f"images/{name}.pixels", pixels.encode(self.inputs[name]))}

    def expect_image(self, a: np.ndarray, tolerance: int, name: str) -> dict:
        """A pattern for an image result: its digest when exact, else an
        expected-pixels file compared within `tolerance`."""
        height, width, channels = a.shape
        spec = {"width": width, "height": height, "channels": channels, "tolerance": tolerance}
        if tolerance:
            spec["pixels"] = self.add_file(f"expected/{name}.pixels", pixels.encode(a))
        else:
            spec["sha256"] = pixels.sha256(np.ascontiguousarray(a).tobytes())
            self.expected[spec["sha256"]] = a
        return {"$image": spec}

    def add(self, vector: dict) -> None:
        path = f"vectors/{vector['id']}.json"
        assert path not in self.files, f"duplicate vector {vector['id']}"
        self.files[path] = (json.dumps(vector, indent=1) + "\n").encode()

    def vector_count(self) -> int:
        return sum(1 for p in self.files if p.startswith("vectors/"))


def vector(vid: str, interface: str, description: str, oracle: str, steps: list[dict]) -> dict:
    return {"id": vid, "interface": interface, "description": description, "oracle": oracle, "steps": steps}


def step(call: str, args: dict, expect, **extra) -> dict:
    return {"call": call, "args": args, **extra, "expect": expect}


def ok(value) -> dict:
    return {"ok": value}


def err(variant: str, message=None) -> dict:
    """An expected error; `message` a pattern for the string (any non-empty
    string by default); out-of-memory carries none."""
    if variant == "out-of-memory":
        return {"err": {"out-of-memory": None}}
    return {"err": {variant: ANY_MESSAGE if message is None else message}}


def contains(text: str) -> dict:
    return {"$text": {"contains": text}}


def starts_with(text: str) -> dict:
    return {"$text": {"starts_with": text}}


def synthetic(width: int, height: int, channels: int, fill: int = 0, length: int | None = None) -> dict:
    spec = {"width": width, "height": height, "channels": channels, "fill": fill}
    if length is not None:
        spec["len"] = length
    return spec


def synthetic_sha256(width: int, height: int, channels: int, fill: int = 0) -> str:
    """The digest of a synthetic image's samples, without holding them all
    at once (64 Mi samples at the pixel limit)."""
    import hashlib

    digest, remaining, chunk = hashlib.sha256(), width * height * channels, bytes([fill]) * (1 << 20)
    while remaining:
        n = min(remaining, len(chunk))
        digest.update(chunk[:n])
        remaining -= n
    return digest.hexdigest()


def f32(value: float):
    """A float option as JSON: NaN and the infinities as strings."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return value


def write(root: Path, files: dict[str, bytes]) -> None:
    """Writes `files` under root and removes what the oracle no longer makes."""
    for top in ("vectors", "fixtures"):
        for old in (root / top).rglob("*"):
            if old.is_file() and str(old.relative_to(root)) not in files:
                old.unlink()
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.is_file() or path.read_bytes() != data:
            path.write_bytes(data)
    for top in ("vectors", "fixtures"):
        for folder in sorted((root / top).rglob("*"), reverse=True):
            if folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()


def stale(root: Path, files: dict[str, bytes]) -> list[str]:
    """Files that differ from what the oracle makes now, or that it no longer makes."""
    changed = [rel for rel, data in files.items() if not (root / rel).is_file() or (root / rel).read_bytes() != data]
    extra = [
        str(p.relative_to(root))
        for top in ("vectors", "fixtures")
        for p in (root / top).rglob("*")
        if p.is_file() and str(p.relative_to(root)) not in files
    ]
    return sorted(changed + extra)
