"""Vectors for `image-ops.frame` and `apply`: frames made, read back and
chained; every step checked before any runs; and the handle rules of
`image-ops.frame`, whose misuse is a WIT-defined trap, never an `error`.

Every vector states `frames_alive`: how many frames the instance still holds
once the runner has dropped every handle it owns (see suite.py); a frame that
outlives its last handle is a leak."""

from __future__ import annotations

from . import steps as st
from .cases_image_ops import LIMITS, MALFORMED, options
from .suite import Suite, err, ok, starts_with, step, trap, vector

IFACE = "image-ops"
FRAME = "wit/image-ops.wit: resource frame, own and borrow"
CHAIN = "the image-ops oracles (Pillow 12.1, numpy float64), applied left to right"
FRAME_OK = ok({"resource": "frame"})


def add(suite: Suite, name: str, description: str, oracle: str, calls: list[dict], frames_alive: int = 0) -> None:
    suite.add(vector(f"{IFACE}/{name}", IFACE, description, oracle, calls, frames_alive=frames_alive))


def from_image(img: dict, bind: str) -> dict:
    return step("frame.from-image", {"img": img}, FRAME_OK, bind=bind)


def apply(src: str, steps: list, bind: str, expect=FRAME_OK) -> dict:
    return step("apply", {"src": src, "steps": steps}, expect, bind=bind)


def into_image(name: str, expect) -> dict:
    return step("frame.into-image", {"this": name}, expect)


def drop(name: str) -> dict:
    """The runner drops its handle (`resource.drop`): no result."""
    return step("drop", {"name": name}, None)


# Chains shared with the scheduler's task vectors: (name, source, steps).
# Each case's examples alone (steps.py's table), then chains of several.
CHAINS = [
    *st.examples(),
    ("resize-then-grayscale", "rgba-19x15", [st.resize(8, 6), st.GRAYSCALE]),
    ("grayscale-then-resize", "rgba-19x15", [st.GRAYSCALE, st.resize(8, 6)]),
    ("resize-blur-grayscale", "rgb-40x30", [st.resize(20, 15), st.blur(1), st.GRAYSCALE]),
    ("filter-then-resize", "rgb-23x17", [st.filter_(options(-0.2, 15.0)), st.resize(5, 4)]),
    ("no-steps", "rgb-23x17", []),
    ("same-size-resize", "gray-17x13", [st.resize(17, 13)]),
]

# Steps apply must refuse before running any: (name, steps, message start).
BAD_STEPS = [
    ("blur-257", [st.blur(257)], "step 0: "),
    ("resize-zero", [st.GRAYSCALE, st.resize(0, 6)], "step 1: "),
    ("resize-over-limit", [st.resize(16385, 1)], "step 0: "),
    ("resize-over-pixels", [st.resize(8192, 8193)], "step 0: "),
    ("filter-brightness", [st.GRAYSCALE, st.blur(1), st.filter_(options(2.0))], "step 2: "),
    ("filter-nan", [st.filter_(options(None, float("nan")))], "step 0: "),
    ("filter-radius", [st.filter_(options(None, None, 300))], "step 0: "),
    ("after-a-good-one", [st.resize(4, 4), st.blur(1000)], "step 1: "),
]


def frames(suite: Suite) -> None:
    rgb = suite.inputs["rgb-23x17"]
    same = ok(suite.expect_image(rgb, 0, "frame-rgb-23x17"))
    add(suite, "frame/round-trip", "from-image, its size, to-image (the frame stays), into-image (moved out)",
        FRAME, [
            from_image(suite.image("rgb-23x17"), "f"),
            step("frame.width", {"self": "f"}, 23),
            step("frame.height", {"self": "f"}, 17),
            step("frame.channels", {"self": "f"}, 3),
            step("frame.to-image", {"self": "f"}, same),
            step("frame.to-image", {"self": "f"}, same),
            into_image("f", same),
        ])
    for name in ("channels-5", "data-short", "width-0", "width-16385"):
        img, variant = MALFORMED[name]
        add(suite, f"frame/from-image-{name}", f"malformed record: {name}, no frame made", LIMITS,
            [step("frame.from-image", {"img": img}, err(variant))])


def chains(suite: Suite) -> None:
    for name, source, steps in CHAINS:
        out, tol = st.run(suite.inputs[source], steps)
        add(suite, f"apply/{name}", f"apply [{st.label(steps)}] to a {source} frame", CHAIN, [
            from_image(suite.image(source), "src"),
            apply("src", steps, "out"),
            drop("src"),
            into_image("out", ok(suite.expect_image(out, tol, f"apply-{name}"))),
        ])
    for name, steps, prefix in BAD_STEPS:
        add(suite, f"apply/rejects-{name}", f"[{st.label(steps)}]: the first bad step, by index",
            "wit/image-ops.wit: apply checks every step before any runs", [
                from_image(suite.image("rgb-3x2"), "src"),
                apply("src", steps, "out", err("invalid-format", starts_with(prefix))),
                step("frame.width", {"self": "src"}, 3),
            ])
    add(suite, "apply/64-steps", "the most steps allowed", CHAIN, [
        from_image(suite.image("rgb-3x2"), "src"),
        apply("src", [st.blur(0)] * 64, "out"),
        into_image("out", ok(suite.expect_image(suite.inputs["rgb-3x2"], 0, "apply-64-steps"))),
    ])
    add(suite, "apply/65-steps", "one step too many", LIMITS, [
        from_image(suite.image("rgb-3x2"), "src"),
        apply("src", [st.GRAYSCALE] * 65, "out", err("invalid-format")),
    ])


def lifetimes(suite: Suite) -> None:
    gray, gray_tol = st.run(suite.inputs["rgb-23x17"], [st.GRAYSCALE])
    blurred, blur_tol = st.run(suite.inputs["rgb-23x17"], [st.blur(1)])
    rgb = suite.image("rgb-23x17")
    same = ok(suite.expect_image(suite.inputs["rgb-23x17"], 0, "frame-rgb-23x17"))
    add(suite, "lifetime/source-of-two-applies", "one frame borrowed by two applies in turn: unchanged, "
        "both results right, every frame freed", FRAME, [
            from_image(rgb, "f"),
            apply("f", [st.GRAYSCALE], "g"),
            apply("f", [st.blur(1)], "b"),
            step("frame.channels", {"self": "f"}, 3),
            into_image("g", ok(suite.expect_image(gray, gray_tol, "lifetime-gray"))),
            into_image("b", ok(suite.expect_image(blurred, blur_tol, "lifetime-blur"))),
            into_image("f", same),
        ])
    add(suite, "lifetime/result-outlives-source", "apply's result is owned by the caller: the source can "
        "go first, even when the result shares its pixels (no steps)", FRAME, [
            from_image(rgb, "f"),
            apply("f", [], "same"),
            apply("f", [st.GRAYSCALE], "g"),
            drop("f"),
            into_image("same", same),
            into_image("g", ok(suite.expect_image(gray, gray_tol, "lifetime-gray"))),
        ])
    add(suite, "lifetime/used-after-drop", "a dropped frame's handle is gone: using it traps", FRAME, [
        from_image(rgb, "f"),
        drop("f"),
        step("frame.width", {"self": "f"}, trap("the handle was dropped")),
    ])
    add(suite, "lifetime/used-after-into-image", "into-image consumes the frame: using it again traps", FRAME, [
        from_image(rgb, "f"),
        into_image("f", same),
        apply("f", [st.GRAYSCALE], "g", trap("the handle moved into into-image")),
    ])
    add(suite, "lifetime/borrowed-after-into-image", "a frame that shared its pixels with a moved one is "
        "still whole; the moved one traps", FRAME, [
            from_image(rgb, "f"),
            apply("f", [st.blur(0)], "g"),
            into_image("f", same),
            step("frame.to-image", {"self": "g"}, same),
            step("frame.to-image", {"self": "f"}, trap("the handle moved into into-image")),
        ])


def all_cases(suite: Suite) -> None:
    frames(suite)
    chains(suite)
    lifetimes(suite)
