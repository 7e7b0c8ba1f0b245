"""Vectors for the text form of a `list<step>` (`step-text/`, the CLI's
`--op` and the HTTP service's `operation`): 1.0's operation grammar, now
parsed once at the edge. Not a WIT interface: the Rust runner runs them
through the `step-text` crate, the JS runner through js/src/steps.mjs, and
the report checks that both give the same steps, and the same messages.

    parse(text, options) -> {"ok": [STEP, ...]} | {"err": "message"}"""

from __future__ import annotations

from . import steps as st
from .cases_image_ops import options
from .suite import Suite, contains, ok, step, vector

IFACE = "step-text"
GRAMMAR = ("step-text/src/lib.rs: steps joined by '|'; grayscale, blur (the options' radius), apply-filter "
           "(all the options), resize:<W>x<H> in decimal u32; no spaces, no case folding")

ACCEPTED = [
    ("grayscale", "grayscale", {}, [st.GRAYSCALE]),
    ("blur", "blur", options(None, None, 3), [st.blur(3)]),
    ("blur-r0", "blur", options(None, None, 0), [st.blur(0)]),
    ("apply-filter", "apply-filter", options(0.5, -10.0, 2), [st.filter_(options(0.5, -10.0, 2))]),
    ("apply-filter-none", "apply-filter", {}, [st.filter_({})]),
    ("resize", "resize:640x480", {}, [st.resize(640, 480)]),
    # Ranges are apply's to check: zero and the u32 maximum parse.
    ("resize-leading-zeros-and-zero", "resize:007x0", {}, [st.resize(7, 0)]),
    ("resize-u32-max", "resize:4294967295x1", {}, [st.resize(2**32 - 1, 1)]),
    ("chain", "resize:640x480|grayscale", {}, [st.resize(640, 480), st.GRAYSCALE]),
    ("chain-every-step", "grayscale|blur|apply-filter|resize:1x2|grayscale", options(0.25, None, 2),
     [st.GRAYSCALE, st.blur(2), st.filter_(options(0.25, None, 2)), st.resize(1, 2), st.GRAYSCALE]),
    ("options-ignored-by-grayscale", "grayscale", options(0.5, 3.0, 1), [st.GRAYSCALE]),
]

REJECTED = [
    ("empty", "", {}, "empty operation"),
    ("bar", "|", {}, "empty operation"),
    ("trailing-bar", "resize:8x6|", {}, "empty operation"),
    ("leading-bar", "|grayscale", {}, "empty operation"),
    ("double-bar", "grayscale||grayscale", {}, "empty operation"),
    ("unknown", "sharpen", {}, 'unknown operation "sharpen"'),
    ("unknown-in-chain", "grayscale|sharpen", {}, 'unknown operation "sharpen"'),
    ("upper-case", "GRAYSCALE", {}, 'unknown operation "GRAYSCALE"'),
    ("leading-space", " grayscale", {}, 'unknown operation " grayscale"'),
    ("argument-to-grayscale", "grayscale:1", {}, 'unknown operation "grayscale:1"'),
    ("blur-without-radius", "blur", options(0.1), "blur needs a blur radius"),
    ("resize-no-size", "resize", {}, "resize needs a size"),
    ("resize-empty-size", "resize:", {}, "is not <W>x<H>"),
    ("resize-one-number", "resize:8", {}, "is not <W>x<H>"),
    ("resize-no-height", "resize:640x", {}, "is not <W>x<H>"),
    ("resize-no-width", "resize:x480", {}, "is not <W>x<H>"),
    ("resize-plus", "resize:+1x2", {}, "is not <W>x<H>"),
    ("resize-negative", "resize:-1x5", {}, "is not <W>x<H>"),
    ("resize-three-numbers", "resize:8x6x2", {}, "is not <W>x<H>"),
    ("resize-capital-x", "resize:1X2", {}, "is not <W>x<H>"),
    ("resize-over-u32", "resize:4294967296x1", {}, "is not <W>x<H>"),
    ("resize-space", "resize: 8x6", {}, "is not <W>x<H>"),
    ("resize-not-numbers", "resize:axb", {}, "is not <W>x<H>"),
    ("non-ascii-digits", "resize:\u0661x2", {}, "is not <W>x<H>"),
]


def all_cases(suite: Suite) -> None:
    for name, text, opts, steps in ACCEPTED:
        suite.add(vector(f"{IFACE}/accepts-{name}", IFACE, f"{text!r} with options {opts or 'none'}", GRAMMAR,
                         [step("parse", {"text": text, "options": opts}, ok(steps))]))
    for name, text, opts, message in REJECTED:
        suite.add(vector(f"{IFACE}/rejects-{name}", IFACE, f"{text!r}: not in the grammar", GRAMMAR,
                         [step("parse", {"text": text, "options": opts}, {"err": contains(message)})]))
