"""The vector file format, and the collection of files the oracle writes.

A vector is one JSON file, `vectors/<id>.json`:

    {"id": "image-ops/blur/rgb-23x17-r2",
     "interface": "image-ops",            # image-ops | codec | scheduler
     "description": "...",
     "oracle": "...",                     # where the expected values come from
     "steps": [ STEP, ... ],              # run in order on one fresh instance
     "frames_alive": N}                   # image-ops and scheduler: see below

    STEP = {"call": "blur",               # a WIT function, see below
            "args": {...},                # by WIT parameter name, see below
            "repeat": N,                  # optional: the call N times, results in a list
            "bind": "t1",                 # optional: names the resource the call returns
            "expect": PATTERN,            # the call's result
            "expect_logs": {...}}         # optional: {level, context, min_count} of
                                          # the wasi:logging records the call makes

Calls: the interface's functions by WIT name; a resource's functions as
`frame.from-image`, `frame.width` (the handle in `self`), `frame.into-image`
(in `this`); `task` is the task constructor; `drop` (args {"name"}) drops a
bound resource, as the canonical `resource.drop` does (result null). A bound
name is a handle the runner owns: a call that takes an owned handle (`task`'s
`src`, `submit`'s `task`, `into-image`'s `this`) moves it out of the name,
and a name used after that is passed anyway, which the runtime must refuse.

Handles and leaks: after the last step (or a trap) the runner drops every
handle it still owns, then, where it can see them, counts the frames the
instance still holds (image-ops' live frames: the scheduler's pending
inputs and unfetched results) as "frames_alive" in its results; the judge
compares that count with the vector's `frames_alive`. A missing count (a
runner that cannot see inside the composition) is not judged.

Arguments: an `image` is {"fixture": "images/x.pixels"} (a `.pixels` file
under fixtures/) or {"width", "height", "channels", "fill", "len"?}: `len`
samples (default width × height × channels) all equal to `fill`, for
malformed records and images too large to commit. A `list<u8>` is
{"file": "files/x.png", "take"?: n} (the first n bytes) or {"fill", "len"}.
`filter-options` is {"brightness"?, "contrast"?, "blur-radius"?}; a missing
key is `none`, and the strings "NaN", "inf", "-inf" stand for those floats.
A `list<image>` is a list of images or {"repeat": n, "image": IMAGE}. A
`list<step>` is a list of steps (oracle/steps.py). A frame argument is a
bound name; the task constructor's `src` may also be an inline image, which
the runner turns into a frame first (`frame.from-image`), and a task
argument of `submit` a bound name or an inline {"src", "steps"}, constructed
by that step.

Results are encoded as JSON the same way by every runner: result →
{"ok": v} | {"err": v}; error → {"invalid-format": "msg"} |
{"processing-failed": "msg"} | {"out-of-memory": null}; option → null |
{"some": v}; image → {"width", "height", "channels", "sha256", "data"?}; a
`list<u8>` → {"len", "sha256", "data"?} (`data`, base64, for at most 65536
bytes); a resource (the task constructor, a frame) → {"resource": "task" | "frame"};
enums as their WIT names; a `step` as in oracle/steps.py. A PATTERN is that
encoding, compared literally, except for these
objects: {"$image": {width, height, channels, tolerance, sha256 | pixels}}
(`pixels`: an expected `.pixels` file, compared sample by sample within
`tolerance`), {"$text": {"exact" | "contains" | "starts_with" | "min_len"}},
{"$bytes": {"len", "sha256"}}, {"$png": {width, height, channels, sha256}}
(the bytes, decoded by Pillow, hold exactly these pixels) and {"$set": [..]}
(a list in any order) and {"$repeat": {"count", "item"}} (a list of `count`
items, each matching `item`), and {"$trap": "why"}: the call must trap (a
WIT-defined trap: the runtime refuses the call, no `error` is returned), and
it ends the vector."""

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


def vector(vid: str, interface: str, description: str, oracle: str, steps: list[dict], **extra) -> dict:
    return {"id": vid, "interface": interface, "description": description, "oracle": oracle, "steps": steps,
            **extra}


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


def trap(why: str) -> dict:
    """The call must trap; `why` says which rule of `image-ops.frame`."""
    return {"$trap": why}


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
