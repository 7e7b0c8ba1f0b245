"""Vectors for `image-ops`: every function, channels 1 to 4, odd and 1-pixel
sizes, each limit on both sides, every error case the WIT names."""

from __future__ import annotations

from . import ops
from .suite import Suite, err, f32, ok, starts_with, step, synthetic, synthetic_sha256, vector

IFACE = "image-ops"
MAX_SIDE = 16384
MAX_PIXELS = 64 * 1024 * 1024
GRAY = "Pillow 12.1 Image.convert('L'), checked against the WIT's integer formula"
RESIZE = "Pillow 12.1 Image.resize(BILINEAR), band by band"
BLUR = "numpy float64, the WIT's kernel term by term, each pass rounded half up"
FILTER = "numpy float64: brightness, contrast (rounded half up, clamped), then the blur"
LIMITS = "wit/types.wit limits: no output to compute"

# Malformed records every function must reject (wit/image-ops.wit: data
# length, zero width or height, channels outside 1 ..= 4 → invalid-format;
# over the limits → out-of-memory).
MALFORMED = {
    "channels-0": (synthetic(3, 2, 0, 7, 0), "invalid-format"),
    "channels-5": (synthetic(3, 2, 5, 7), "invalid-format"),
    "width-0": (synthetic(0, 2, 3, 7, 0), "invalid-format"),
    "height-0": (synthetic(3, 0, 3, 7, 0), "invalid-format"),
    "data-short": (synthetic(3, 2, 3, 7, 17), "invalid-format"),
    "data-long": (synthetic(3, 2, 3, 7, 19), "invalid-format"),
    "width-16385": (synthetic(MAX_SIDE + 1, 1, 1, 7), "out-of-memory"),
    "height-16385": (synthetic(1, MAX_SIDE + 1, 1, 7), "out-of-memory"),
}


def single(suite: Suite, name: str, description: str, oracle: str, call: str, args: dict, expect) -> None:
    suite.add(vector(f"{IFACE}/{call}/{name}", IFACE, description, oracle, [step(call, args, expect)]))


def grayscale(suite: Suite) -> None:
    for name, a in suite.inputs.items():
        out, tol = ops.grayscale(a)
        single(
            suite, name, f"{a.shape[2]}-channel {a.shape[1]}×{a.shape[0]} to luma", GRAY, "grayscale",
            {"img": suite.image(name)}, ok(suite.expect_image(out, tol, f"grayscale-{name}")),
        )
    for name, (img, variant) in MALFORMED.items():
        single(suite, name, f"malformed record: {name}", LIMITS, "grayscale", {"img": img}, err(variant))
    # The widest allowed row, and the pixel limit itself (64 Mi samples, not
    # committed: a synthetic image), unchanged as 1 channel.
    wide = synthetic(MAX_SIDE, 1, 1, 9)
    single(
        suite, "width-16384", "the widest allowed image", LIMITS, "grayscale", {"img": wide},
        ok({"$image": {"width": MAX_SIDE, "height": 1, "channels": 1, "tolerance": 0,
                       "sha256": synthetic_sha256(MAX_SIDE, 1, 1, 9)}}),
    )
    single(
        suite, "pixels-at-limit", "8192 × 8192 = 64 Mi pixels, the most allowed, 1 channel: unchanged",
        LIMITS, "grayscale", {"img": synthetic(8192, 8192, 1, 3)},
        ok({"$image": {"width": 8192, "height": 8192, "channels": 1, "tolerance": 0,
                       "sha256": synthetic_sha256(8192, 8192, 1, 3)}}),
    )
    single(
        suite, "pixels-over-limit", "16384 × 4097: each side allowed, 64 Mi + 16384 pixels",
        LIMITS, "grayscale", {"img": synthetic(MAX_SIDE, 4097, 1, 3)}, err("out-of-memory"),
    )


def blur(suite: Suite) -> None:
    cases = [
        ("gray-17x13", [0, 1, 3, 8]),
        ("gray-1x7", [2]),
        ("gray-alpha-11x9", [1, 4]),
        ("gray-alpha-7x1", [3]),
        ("rgb-1x1", [7]),
        ("rgb-23x17", [1, 2, 5, 40]),
        ("rgba-2x3", [5]),
        ("rgba-19x15", [3, 256]),
    ]
    for name, radii in cases:
        a = suite.inputs[name]
        for r in radii:
            out, tol = ops.blur(a, r)
            single(
                suite, f"{name}-r{r}", f"radius {r} on {a.shape[1]}×{a.shape[0]}×{a.shape[2]}", BLUR, "blur",
                {"img": suite.image(name), "radius": r}, ok(suite.expect_image(out, tol, f"blur-{name}-r{r}")),
            )
    for r in (257, 2**32 - 1):
        single(
            suite, f"radius-{r}", f"radius {r} > 256", LIMITS, "blur",
            {"img": suite.image("gray-17x13"), "radius": r}, err("invalid-format"),
        )
    for name in ("channels-5", "data-short", "width-16385"):
        img, variant = MALFORMED[name]
        single(suite, name, f"malformed record: {name}", LIMITS, "blur", {"img": img, "radius": 1}, err(variant))


def resize(suite: Suite) -> None:
    cases = [
        ("gray-17x13", [(34, 26), (8, 6), (1, 1), (17, 13), (51, 13)]),
        ("gray-1x7", [(3, 2)]),
        ("gray-alpha-11x9", [(3, 2), (23, 19)]),
        ("rgb-1x1", [(5, 3)]),
        ("rgb-23x17", [(46, 34), (11, 8), (7, 13)]),
        ("rgb-40x30", [(13, 10), (41, 31)]),
        ("rgba-19x15", [(10, 7), (38, 31)]),
        ("rgba-2x3", [(7, 9)]),
    ]
    for name, sizes in cases:
        a = suite.inputs[name]
        for w, h in sizes:
            out, tol = ops.resize(a, w, h)
            single(
                suite, f"{name}-to-{w}x{h}", f"{a.shape[1]}×{a.shape[0]}×{a.shape[2]} to {w}×{h}", RESIZE,
                "resize", {"img": suite.image(name), "width": w, "height": h},
                ok(suite.expect_image(out, tol, f"resize-{name}-{w}x{h}")),
            )
    # Target sizes on both sides of the limits (a 1-pixel source: cheap).
    out, tol = ops.resize(suite.inputs["gray-1x1"], MAX_SIDE, 1)
    single(
        suite, "to-16384x1", "the widest allowed target", RESIZE, "resize",
        {"img": suite.image("gray-1x1"), "width": MAX_SIDE, "height": 1},
        ok(suite.expect_image(out, tol, "resize-to-16384x1")),
    )
    for w, h, why in [
        (0, 5, "zero width"),
        (5, 0, "zero height"),
        (MAX_SIDE + 1, 1, "width over 16384"),
        (1, MAX_SIDE + 1, "height over 16384"),
        (8192, 8193, "over 64 Mi pixels"),
    ]:
        single(
            suite, f"to-{w}x{h}", f"target {w}×{h}: {why}", LIMITS, "resize",
            {"img": suite.image("gray-1x1"), "width": w, "height": h}, err("invalid-format"),
        )
    for name in ("channels-0", "height-0", "height-16385"):
        img, variant = MALFORMED[name]
        single(
            suite, name, f"malformed record: {name}", LIMITS, "resize",
            {"img": img, "width": 2, "height": 2}, err(variant),
        )


def options(brightness=None, contrast=None, radius=None) -> dict:
    opts = {}
    if brightness is not None:
        opts["brightness"] = f32(brightness)
    if contrast is not None:
        opts["contrast"] = f32(contrast)
    if radius is not None:
        opts["blur-radius"] = radius
    return opts


def option_label(opts: dict) -> str:
    short = {"brightness": "b", "contrast": "c", "blur-radius": "r"}
    return "-".join(f"{short[k]}{v}" for k, v in opts.items()) or "none"


def apply_filter(suite: Suite) -> None:
    cases = [
        ("gray-17x13", [(None, None, None), (0.25, None, None), (None, 40.0, None), (-0.31, 80.0, 2)]),
        ("gray-alpha-11x9", [(0.6, None, 1), (None, -100.0, None)]),
        ("rgb-23x17", [(0.12, 20.0, 2), (None, None, 3), (0.0, 0.0, 0), (1.0, None, None), (-1.0, None, None),
                       (None, 255.0, None), (None, -255.0, None), (0.333, -254.5, 1)]),
        ("rgba-19x15", [(0.6, None, 1), (-0.2, 60.0, None), (None, -255.0, 4)]),
        ("rgb-1x1", [(0.12, 10.0, 3)]),
        ("rgba-2x3", [(None, None, 256)]),
        ("rgb-40x30", [(0.05, 35.5, 5)]),
    ]
    for name, settings in cases:
        a = suite.inputs[name]
        for b, c, r in settings:
            opts = options(b, c, r)
            out, tol = ops.apply_filter(a, b, c, r)
            label = option_label(opts)
            oracle = FILTER if opts else "no option set: the input unchanged"
            single(
                suite, f"{name}-{label}", f"{a.shape[2]} channels, options {opts or 'none'}", oracle,
                "apply-filter", {"img": suite.image(name), "opts": opts},
                ok(suite.expect_image(out, tol, f"filter-{name}-{label}")),
            )
    nan, inf = float("nan"), float("inf")
    rejected = [
        ("b1.0001", options(1.0001)), ("b-1.0001", options(-1.0001)),
        ("c255.0001", options(None, 255.0001)), ("c-255.0001", options(None, -255.0001)),
        ("c259", options(None, 259.0)), ("r257", options(None, None, 257)),
        ("bNaN", options(nan)), ("binf", options(inf)), ("cNaN", options(None, nan)),
        ("c-inf", options(None, -inf)), ("b-inf-c10", options(-inf, 10.0)),
    ]
    for label, opts in rejected:
        single(
            suite, f"rejects-{label}", f"out-of-range or non-finite options {opts}", LIMITS, "apply-filter",
            {"img": suite.image("rgb-3x2"), "opts": opts}, err("invalid-format"),
        )
    for name in ("channels-5", "width-0", "data-long", "width-16385"):
        img, variant = MALFORMED[name]
        single(
            suite, name, f"malformed record: {name}", LIMITS, "apply-filter",
            {"img": img, "opts": options(0.1)}, err(variant),
        )


def batch_process(suite: Suite) -> None:
    names = ["gray-17x13", "gray-alpha-11x9", "rgb-23x17", "rgba-19x15"]
    for label, (b, c, r) in [("none", (None, None, None)), ("b0.12-c20-r1", (0.12, 20.0, 1))]:
        outs = [ops.apply_filter(suite.inputs[n], b, c, r) for n in names]
        single(
            suite, f"four-images-{label}", "each channel count, in order", FILTER, "batch-process",
            {"images": [suite.image(n) for n in names], "opts": options(b, c, r)},
            ok([suite.expect_image(o, t, f"batch-{n}-{label}") for n, (o, t) in zip(names, outs, strict=True)]),
        )
    single(suite, "empty", "an empty list returns an empty list", LIMITS, "batch-process",
           {"images": [], "opts": options(0.5)}, ok([]))
    one, tol = ops.apply_filter(suite.inputs["rgb-1x1"], None, 30.0, None)
    single(
        suite, "1024-images", "the most images allowed", FILTER, "batch-process",
        {"images": {"repeat": 1024, "image": suite.image("rgb-1x1")}, "opts": options(None, 30.0)},
        ok({"$repeat": {"count": 1024, "item": suite.expect_image(one, tol, "batch-1024")}}),
    )
    single(
        suite, "1025-images", "one image too many", LIMITS, "batch-process",
        {"images": {"repeat": 1025, "image": suite.image("rgb-1x1")}, "opts": options()},
        err("invalid-format"),
    )
    good = suite.image("rgb-3x2")
    for index, name in [(0, "channels-0"), (1, "data-short"), (2, "height-0")]:
        images = [good] * 3
        images[index] = MALFORMED[name][0]
        single(
            suite, f"fails-at-{index}-{name}", f"image {index} malformed: its error, prefixed 'image {index}: '",
            LIMITS, "batch-process", {"images": images, "opts": options(0.2)},
            err("invalid-format", starts_with(f"image {index}: ")),
        )
    single(
        suite, "fails-at-1-out-of-memory", "image 1 over the limits: out-of-memory, no message", LIMITS,
        "batch-process", {"images": [good, MALFORMED["width-16385"][0], good], "opts": options()},
        err("out-of-memory"),
    )
    single(
        suite, "rejects-options", "out-of-range options fail the first image", LIMITS, "batch-process",
        {"images": [good, good], "opts": options(None, 300.0)},
        err("invalid-format", starts_with("image 0: ")),
    )


def all_cases(suite: Suite) -> None:
    grayscale(suite)
    blur(suite)
    resize(suite)
    apply_filter(suite)
    batch_process(suite)
