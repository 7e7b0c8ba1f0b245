"""Vectors for `scheduler`: sequences of calls on one fresh instance (ids
start at 1 there), the lifecycle and its logs, cancel and forget rules, the
bounds, typed steps run through tasks, and who owns which frame when
(`wit/scheduler.wit`): each vector states how many frames the instance still
holds at the end (`frames_alive`: pending inputs, unfetched results)."""

from __future__ import annotations

from . import ops
from . import steps as st
from .cases_frames import BAD_STEPS, CHAINS, FRAME_OK, drop, into_image
from .suite import Suite, err, ok, starts_with, step, trap, vector

IFACE = "scheduler"
LIFECYCLE = "wit/scheduler.wit: the lifecycle, ids, cancel and forget rules"
OWNERSHIP = "wit/scheduler.wit: who owns which frame when"
GRAY = [st.GRAYSCALE]
CHAIN = "the image-ops oracles (Pillow 12.1, numpy float64), applied left to right"


def logs(changes: int) -> dict:
    """Every state change is logged at debug level with context scheduler."""
    return {"level": "debug", "context": "scheduler", "min_count": changes}


def task(src, steps: list, bind: str | None = None, expect=None) -> dict:
    """The constructor; `src` a bound frame's name, or an image the runner
    makes a frame of first."""
    extra = {"bind": bind} if bind else {}
    return step("task", {"src": src, "steps": steps}, expect or {"resource": "task"}, **extra)


def submit(name: str, expected_id, **extra) -> dict:
    return step("submit", {"task": name}, expected_id, **extra)


def inline(img: dict, steps: list) -> dict:
    return {"src": img, "steps": steps}


def status(task_id: int, state: str | None) -> dict:
    return step("status", {"id": task_id}, None if state is None else {"some": state})


def result(task_id: int, expect) -> dict:
    return step("get-result", {"id": task_id}, None if expect is None else {"some": expect})


def fetched(task_id: int, image, name: str = "r") -> list[dict]:
    """get-result moves the result frame to the caller, who reads it out."""
    return [step("get-result", {"id": task_id}, {"some": FRAME_OK}, bind=name), into_image(name, image)]


def run(max_tasks: int, ran: int, **extra) -> dict:
    return step("run-pending", {"max": max_tasks}, ran, **extra)


def cancel(task_id: int, done: bool, **extra) -> dict:
    return step("cancel", {"id": task_id}, done, **extra)


def cancelled(task_id: int) -> dict:
    return err("processing-failed", {"$text": {"exact": f"task {task_id} was cancelled"}})


def add(suite: Suite, name: str, description: str, oracle: str, steps: list[dict], frames_alive: int) -> None:
    suite.add(vector(f"{IFACE}/{name}", IFACE, description, oracle, steps, frames_alive=frames_alive))


def lifecycle(suite: Suite) -> None:
    img = suite.image("rgb-23x17")
    gray = ok(suite.expect_image(ops.grayscale(suite.inputs["rgb-23x17"])[0], 0, "task-grayscale-rgb-23x17"))
    add(suite, "lifecycle/complete-then-forget", "pending → (running) → completed → fetched and forgotten",
        LIFECYCLE + "; the result: Pillow convert('L')", [
            task(img, GRAY, bind="a"),
            submit("a", 1, expect_logs=logs(1)),
            status(1, "pending"),
            result(1, None),
            status(1, "pending"),
            run(10, 1, expect_logs=logs(2)),
            status(1, "completed"),
            *fetched(1, gray),
            result(1, None),
            status(1, None),
            cancel(1, False),
        ], frames_alive=0)
    add(suite, "lifecycle/cancel-pending", "a cancelled task never runs; its result is processing-failed",
        LIFECYCLE, [
            task(img, GRAY, bind="a"),
            submit("a", 1),
            cancel(1, True, expect_logs=logs(1)),
            status(1, "cancelled"),
            run(5, 0),
            status(1, "cancelled"),
            cancel(1, False),
            result(1, cancelled(1)),
            result(1, None),
            status(1, None),
        ], frames_alive=0)
    add(suite, "lifecycle/cancel-finished", "cancel is false for a finished task, which keeps its result",
        LIFECYCLE, [
            step("submit", {"task": inline(img, GRAY)}, 1),
            run(1, 1),
            cancel(1, False),
            status(1, "completed"),
            *fetched(1, gray),
        ], frames_alive=0)
    add(suite, "lifecycle/cancel-second-of-three", "only the cancelled task is skipped", LIFECYCLE, [
        step("submit", {"task": inline(img, GRAY)}, [1, 2, 3], repeat=3),
        cancel(2, True),
        run(10, 2, expect_logs=logs(4)),
        status(1, "completed"),
        status(2, "cancelled"),
        status(3, "completed"),
        result(2, cancelled(2)),
        *fetched(3, gray),
        *fetched(1, gray),
    ], frames_alive=0)
    add(suite, "lifecycle/unknown-ids", "unknown ids: none, none, false; nothing to run", LIFECYCLE, [
        status(0, None),
        status(1, None),
        status(2**64 - 1, None),
        result(1, None),
        result(0, None),
        cancel(1, False),
        cancel(2**64 - 1, False),
        run(10, 0),
    ], frames_alive=0)
    add(suite, "lifecycle/ids-never-reused", "ids count up from 1, also after a result is fetched", LIFECYCLE, [
        step("submit", {"task": inline(img, GRAY)}, [1, 2, 3], repeat=3),
        run(10, 3),
        *fetched(1, gray),
        step("submit", {"task": inline(img, GRAY)}, 4),
        status(1, None),
        status(4, "pending"),
    ], frames_alive=3)
    add(suite, "lifecycle/id-at-submit", "a task constructed but never submitted takes no id", LIFECYCLE, [
        task(img, GRAY, bind="unused"),
        task(img, GRAY, bind="b"),
        submit("b", 1),
        status(1, "pending"),
        status(2, None),
    ], frames_alive=1)
    add(suite, "lifecycle/run-pending-max", "run-pending runs at most max tasks, oldest first", LIFECYCLE, [
        step("submit", {"task": inline(img, GRAY)}, [1, 2, 3], repeat=3),
        run(0, 0),
        status(1, "pending"),
        run(2, 2),
        status(1, "completed"),
        status(2, "completed"),
        status(3, "pending"),
        run(2, 1),
        status(3, "completed"),
        run(2, 0),
    ], frames_alive=3)
    add(suite, "lifecycle/failure-and-success", "a failing task and a good one both run and count",
        LIFECYCLE, [
            step("submit", {"task": inline(img, [st.blur(257)])}, 1),
            step("submit", {"task": inline(img, GRAY)}, 2),
            run(5, 2, expect_logs=logs(4)),
            status(1, "failed"),
            status(2, "completed"),
            result(1, err("invalid-format")),
            *fetched(2, gray),
        ], frames_alive=0)


def bounds(suite: Suite) -> None:
    tiny = suite.image("gray-1x1")
    one = ok(suite.expect_image(suite.inputs["gray-1x1"], 0, "task-gray-1x1"))
    add(suite, "bounds/257th-pending-fails", "at most 256 pending: the 257th fails at once with out-of-memory",
        LIFECYCLE, [
            step("submit", {"task": inline(tiny, GRAY)}, list(range(1, 258)), repeat=257),
            status(256, "pending"),
            status(257, "failed"),
            result(257, err("out-of-memory")),
            run(1000, 256),
            status(256, "completed"),
            *fetched(256, one),
        ], frames_alive=255)
    add(suite, "bounds/256-results-kept", "at most 256 finished results: the oldest is forgotten",
        LIFECYCLE, [
            step("submit", {"task": inline(tiny, GRAY)}, list(range(1, 257)), repeat=256),
            run(256, 256),
            status(1, "completed"),
            step("submit", {"task": inline(tiny, GRAY)}, 257),
            run(1, 1),
            status(1, None),
            result(1, None),
            cancel(1, False),
            status(2, "completed"),
            *fetched(2, one),
            *fetched(257, one),
        ], frames_alive=254)



def typed_steps(suite: Suite) -> None:
    """The chains of the apply vectors, through a task: the scheduler hands
    its steps to apply as they are."""
    for name, source, steps in CHAINS:
        out, tol = st.run(suite.inputs[source], steps)
        add(suite, f"steps/{name}", f"a task of [{st.label(steps)}] on a {source} frame", CHAIN, [
            task(suite.image(source), steps, bind="t"),
            submit("t", 1),
            run(1, 1),
            status(1, "completed"),
            *fetched(1, ok(suite.expect_image(out, tol, f"task-{name}"))),
        ], frames_alive=0)
    for name, steps, prefix in BAD_STEPS:
        add(suite, f"steps/rejects-{name}", f"a task of [{st.label(steps)}]: apply's error, final at once",
            LIFECYCLE, [
                task(suite.image("rgb-3x2"), steps, bind="t"),
                submit("t", 1),
                status(1, "pending"),
                run(1, 1, expect_logs=logs(2)),
                status(1, "failed"),
                result(1, err("invalid-format", starts_with(prefix))),
                result(1, None),
            ], frames_alive=0)


def ownership(suite: Suite) -> None:
    img = suite.image("rgb-23x17")
    gray, gray_tol = st.run(suite.inputs["rgb-23x17"], GRAY)
    blurred, blur_tol = st.run(gray, [st.blur(1)])
    from_image = step("frame.from-image", {"img": img}, FRAME_OK, bind="f")
    add(suite, "lifetime/dropped-task-drops-its-frame", "a task dropped without being submitted drops the "
        "frame it owns", OWNERSHIP, [
            from_image,
            task("f", GRAY, bind="t"),
            drop("t"),
        ], frames_alive=0)
    add(suite, "lifetime/frame-used-after-its-task-was-dropped", "the constructor moved the frame into the "
        "task, which dropped it: the caller's handle is gone, using it traps", OWNERSHIP, [
            from_image,
            task("f", GRAY, bind="t"),
            drop("t"),
            step("frame.width", {"self": "f"}, trap("the handle moved into the task")),
        ], frames_alive=0)
    add(suite, "lifetime/frame-in-two-tasks", "a frame moved into one task cannot be given to a second",
        OWNERSHIP, [
            from_image,
            task("f", GRAY, bind="t1"),
            task("f", GRAY, bind="t2", expect=trap("the handle moved into the first task")),
        ], frames_alive=0)
    add(suite, "lifetime/submitted-task-used-again", "submit moves the task (and its frame) to the "
        "scheduler: submitting it again traps; the pending task keeps its input", OWNERSHIP, [
            from_image,
            task("f", GRAY, bind="t"),
            submit("t", 1),
            submit("t", trap("the task moved into submit")),
        ], frames_alive=1)
    add(suite, "lifetime/result-used-after-into-image", "get-result moved the result frame to the caller; "
        "into-image consumed it: using it again traps", OWNERSHIP, [
            step("submit", {"task": inline(img, GRAY)}, 1),
            run(1, 1),
            *fetched(1, ok(suite.expect_image(gray, gray_tol, "lifetime-task-gray"))),
            step("frame.height", {"self": "r"}, trap("the handle moved into into-image")),
        ], frames_alive=0)
    add(suite, "lifetime/result-is-a-frame", "a fetched result is an image-ops frame the caller owns: "
        "it can be borrowed by apply, and outlives the task that made it", OWNERSHIP, [
            step("submit", {"task": inline(img, GRAY)}, 1),
            run(1, 1),
            step("get-result", {"id": 1}, {"some": FRAME_OK}, bind="r"),
            status(1, None),
            step("apply", {"src": "r", "steps": [st.blur(1)]}, FRAME_OK, bind="b"),
            step("frame.channels", {"self": "r"}, 1),
            drop("r"),
            into_image("b", ok(suite.expect_image(blurred, gray_tol + blur_tol, "lifetime-task-gray-blur"))),
        ], frames_alive=0)
    add(suite, "lifetime/pending-inputs-and-results-held", "the scheduler holds the inputs of pending "
        "tasks and the results nobody fetched; cancel drops an input at once", OWNERSHIP, [
            step("submit", {"task": inline(img, GRAY)}, [1, 2, 3, 4], repeat=4),
            run(2, 2),
            cancel(3, True),
        ], frames_alive=3)


def all_cases(suite: Suite) -> None:
    lifecycle(suite)
    bounds(suite)
    typed_steps(suite)
    ownership(suite)
