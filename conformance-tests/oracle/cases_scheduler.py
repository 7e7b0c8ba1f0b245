"""Vectors for `scheduler`: sequences of calls on one fresh instance (ids
start at 1 there), the lifecycle and its logs, cancel and forget rules, the
bounds, and the operation grammar with its chains and mistakes."""

from __future__ import annotations

from . import ops
from .cases_image_ops import MALFORMED, options
from .suite import Suite, err, ok, step, synthetic, vector

IFACE = "scheduler"
LIFECYCLE = "wit/scheduler.wit: the lifecycle, ids, cancel and forget rules"
CHAIN = "the image-ops oracles (Pillow 12.1, numpy float64), applied left to right"


def logs(changes: int) -> dict:
    """Every state change is logged at debug level with context scheduler."""
    return {"level": "debug", "context": "scheduler", "min_count": changes}


def task(img: dict, operation: str, opts: dict | None = None, bind: str | None = None) -> dict:
    extra = {"bind": bind} if bind else {}
    return step("task", {"img": img, "operation": operation, "options": opts or {}}, {"resource": "task"}, **extra)


def submit(name: str, expected_id: int, **extra) -> dict:
    return step("submit", {"task": name}, expected_id, **extra)


def inline(img: dict, operation: str, opts: dict | None = None) -> dict:
    return {"img": img, "operation": operation, "options": opts or {}}


def status(task_id: int, state: str | None) -> dict:
    return step("status", {"id": task_id}, None if state is None else {"some": state})


def result(task_id: int, expect) -> dict:
    return step("get-result", {"id": task_id}, None if expect is None else {"some": expect})


def run(max_tasks: int, ran: int, **extra) -> dict:
    return step("run-pending", {"max": max_tasks}, ran, **extra)


def cancel(task_id: int, done: bool, **extra) -> dict:
    return step("cancel", {"id": task_id}, done, **extra)


def cancelled(task_id: int) -> dict:
    return err("processing-failed", {"$text": {"exact": f"task {task_id} was cancelled"}})


def add(suite: Suite, name: str, description: str, oracle: str, steps: list[dict]) -> None:
    suite.add(vector(f"{IFACE}/{name}", IFACE, description, oracle, steps))


def lifecycle(suite: Suite) -> None:
    img = suite.image("rgb-23x17")
    gray = ok(suite.expect_image(ops.grayscale(suite.inputs["rgb-23x17"])[0], 0, "task-grayscale-rgb-23x17"))
    add(suite, "lifecycle/complete-then-forget", "pending → (running) → completed → fetched and forgotten",
        LIFECYCLE + "; the result: Pillow convert('L')", [
            task(img, "grayscale", bind="a"),
            submit("a", 1, expect_logs=logs(1)),
            status(1, "pending"),
            result(1, None),
            status(1, "pending"),
            run(10, 1, expect_logs=logs(2)),
            status(1, "completed"),
            result(1, gray),
            result(1, None),
            status(1, None),
            cancel(1, False),
        ])
    add(suite, "lifecycle/cancel-pending", "a cancelled task never runs; its result is processing-failed",
        LIFECYCLE, [
            task(img, "grayscale", bind="a"),
            submit("a", 1),
            cancel(1, True, expect_logs=logs(1)),
            status(1, "cancelled"),
            run(5, 0),
            status(1, "cancelled"),
            cancel(1, False),
            result(1, cancelled(1)),
            result(1, None),
            status(1, None),
        ])
    add(suite, "lifecycle/cancel-finished", "cancel is false for a finished task, which keeps its result",
        LIFECYCLE, [
            step("submit", {"task": inline(img, "grayscale")}, 1),
            run(1, 1),
            cancel(1, False),
            status(1, "completed"),
            result(1, gray),
        ])
    add(suite, "lifecycle/cancel-second-of-three", "only the cancelled task is skipped", LIFECYCLE, [
        step("submit", {"task": inline(img, "grayscale")}, [1, 2, 3], repeat=3),
        cancel(2, True),
        run(10, 2, expect_logs=logs(4)),
        status(1, "completed"),
        status(2, "cancelled"),
        status(3, "completed"),
        result(2, cancelled(2)),
        result(3, gray),
        result(1, gray),
    ])
    add(suite, "lifecycle/unknown-ids", "unknown ids: none, none, false; nothing to run", LIFECYCLE, [
        status(0, None),
        status(1, None),
        status(2**64 - 1, None),
        result(1, None),
        result(0, None),
        cancel(1, False),
        cancel(2**64 - 1, False),
        run(10, 0),
    ])
    add(suite, "lifecycle/ids-never-reused", "ids count up from 1, also after a result is fetched", LIFECYCLE, [
        step("submit", {"task": inline(img, "grayscale")}, [1, 2, 3], repeat=3),
        run(10, 3),
        result(1, gray),
        step("submit", {"task": inline(img, "grayscale")}, 4),
        status(1, None),
        status(4, "pending"),
    ])
    add(suite, "lifecycle/id-at-submit", "a task constructed but never submitted takes no id", LIFECYCLE, [
        task(img, "grayscale", bind="unused"),
        task(img, "grayscale", bind="b"),
        submit("b", 1),
        status(1, "pending"),
        status(2, None),
    ])
    add(suite, "lifecycle/run-pending-max", "run-pending runs at most max tasks, oldest first", LIFECYCLE, [
        step("submit", {"task": inline(img, "grayscale")}, [1, 2, 3], repeat=3),
        run(0, 0),
        status(1, "pending"),
        run(2, 2),
        status(1, "completed"),
        status(2, "completed"),
        status(3, "pending"),
        run(2, 1),
        status(3, "completed"),
        run(2, 0),
    ])
    add(suite, "lifecycle/failure-and-success", "a failing task and a good one both run and count",
        LIFECYCLE, [
            step("submit", {"task": inline(img, "sharpen")}, 1),
            step("submit", {"task": inline(img, "grayscale")}, 2),
            run(5, 2, expect_logs=logs(4)),
            status(1, "failed"),
            status(2, "completed"),
            result(1, err("invalid-format")),
            result(2, gray),
        ])


def bounds(suite: Suite) -> None:
    tiny = suite.image("gray-1x1")
    one = ok(suite.expect_image(suite.inputs["gray-1x1"], 0, "task-gray-1x1"))
    add(suite, "bounds/257th-pending-fails", "at most 256 pending: the 257th fails at once with out-of-memory",
        LIFECYCLE, [
            step("submit", {"task": inline(tiny, "grayscale")}, list(range(1, 258)), repeat=257),
            status(256, "pending"),
            status(257, "failed"),
            result(257, err("out-of-memory")),
            run(1000, 256),
            status(256, "completed"),
            result(256, one),
        ])
    add(suite, "bounds/256-results-kept", "at most 256 finished results: the oldest is forgotten",
        LIFECYCLE, [
            step("submit", {"task": inline(tiny, "grayscale")}, list(range(1, 257)), repeat=256),
            run(256, 256),
            status(1, "completed"),
            step("submit", {"task": inline(tiny, "grayscale")}, 257),
            run(1, 1),
            status(1, None),
            result(1, None),
            cancel(1, False),
            status(2, "completed"),
            result(2, one),
            result(257, one),
        ])


def operations(suite: Suite) -> None:
    """One task per operation string: its result against the oracles."""
    rgb, rgba = suite.inputs["rgb-23x17"], suite.inputs["rgba-19x15"]

    def chain(name: str, source: str, operation: str, opts: dict, expected) -> None:
        out, tol = expected
        add(suite, f"operation/{name}", f"operation {operation!r} with options {opts or 'none'}", CHAIN, [
            task(suite.image(source), operation, opts, bind="t"),
            submit("t", 1),
            run(1, 1),
            status(1, "completed"),
            result(1, ok(suite.expect_image(out, tol, f"task-{name}"))),
        ])

    def then(*stages):
        out, tol = stages[0]
        for stage in stages[1:]:
            out, more = stage(out)
            tol += more
        return out, tol

    chain("grayscale-rgba", "rgba-19x15", "grayscale", {}, ops.grayscale(rgba))
    chain("blur-r2", "rgb-23x17", "blur", options(None, None, 2), ops.blur(rgb, 2))
    chain("blur-r0", "rgb-23x17", "blur", options(None, None, 0), ops.blur(rgb, 0))
    filt = options(0.2, 30.0)
    chain("apply-filter", "rgb-23x17", "apply-filter", filt, ops.apply_filter(rgb, 0.2, 30.0, None))
    chain("apply-filter-none", "rgba-19x15", "apply-filter", {}, (rgba, 0))
    chain("resize", "rgb-23x17", "resize:8x6", {}, ops.resize(rgb, 8, 6))
    chain("resize-1x1", "gray-1x1", "resize:1x1", {}, (suite.inputs["gray-1x1"], 0))
    chain("resize-then-grayscale", "rgba-19x15", "resize:8x6|grayscale", {},
          then(ops.resize(rgba, 8, 6), ops.grayscale))
    chain("grayscale-then-resize", "rgba-19x15", "grayscale|resize:8x6", {},
          then(ops.grayscale(rgba), lambda a: ops.resize(a, 8, 6)))
    chain("resize-blur-grayscale", "rgb-40x30", "resize:20x15|blur|grayscale", options(None, None, 1),
          then(ops.resize(suite.inputs["rgb-40x30"], 20, 15), lambda a: ops.blur(a, 1), ops.grayscale))
    chain("filter-then-resize", "rgb-23x17", "apply-filter|resize:5x4", options(-0.2, 15.0),
          then(ops.apply_filter(rgb, -0.2, 15.0, None), lambda a: ops.resize(a, 5, 4)))

    def fails(name: str, img: dict, operation: str, opts: dict, expected: dict, why: str) -> None:
        add(suite, f"operation/{name}", f"operation {operation!r}: {why}", LIFECYCLE, [
            task(img, operation, opts, bind="t"),
            submit("t", 1),
            status(1, "pending"),
            run(1, 1, expect_logs=logs(2)),
            status(1, "failed"),
            result(1, expected),
            result(1, None),
        ])

    img = suite.image("rgb-3x2")
    for name, operation in [
        ("unknown", "sharpen"), ("empty", ""), ("resize-no-size", "resize"), ("resize-one-number", "resize:8"),
        ("resize-not-numbers", "resize:axb"), ("resize-three-numbers", "resize:8x6x2"),
        ("resize-negative", "resize:-1x5"), ("resize-space", "resize: 8x6"), ("trailing-bar", "resize:8x6|"),
        ("leading-bar", "|grayscale"), ("upper-case", "GRAYSCALE"), ("unknown-in-chain", "grayscale|sharpen"),
    ]:
        fails(f"rejects-{name}", img, operation, {}, err("invalid-format"), "not in the grammar")
    fails("blur-without-radius", img, "blur", options(0.1), err("invalid-format"), "blur-radius must be set")
    fails("apply-filter-bad-option", img, "apply-filter", options(2.0), err("invalid-format"),
          "brightness out of range")
    fails("resize-over-limit", img, "resize:16385x1", {}, err("invalid-format"), "target over 16384 wide")
    fails("resize-zero", img, "resize:0x6", {}, err("invalid-format"), "zero target width")
    fails("malformed-image", MALFORMED["channels-5"][0], "grayscale", {}, err("invalid-format"),
          "the image record is malformed")
    fails("image-over-limit", synthetic(16385, 1, 1, 1), "grayscale", {}, err("out-of-memory"),
          "the image is over the limits: final at once, no retry")


def all_cases(suite: Suite) -> None:
    lifecycle(suite)
    bounds(suite)
    operations(suite)
