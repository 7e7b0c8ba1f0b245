"""One vector on one target: pass, or the differences that fail it."""

from __future__ import annotations

from . import match


def judge(vector: dict, observed: dict | None, ctx: match.Context) -> list[str]:
    """The failures of `observed` (a runner's record of the vector), or []."""
    if observed is None:
        return ["no result: the runner did not run this vector (see its output above)"]
    if "error" in observed:
        return [observed["error"]]
    failures = []
    steps = observed.get("steps", [])
    for i, (want, got) in enumerate(zip(vector["steps"], steps, strict=False)):
        where = f"step {i + 1} ({want['call']})"
        trap = expected_trap(want)
        if "trap" in got:
            if trap is None:
                failures.append(f"{where}: trapped: {first_line(got['trap'])}")
            break
        if trap is not None:
            failures.append(f"{where}: expected a trap ({trap}), got {match.short(got['result'])}")
            continue
        failures += match.match(want["expect"], got["result"], f"{where} result", ctx)
        if "expect_logs" in want:
            failures += match.logs(want["expect_logs"], got["logs"], f"{where} logs")
    if len(steps) < len(vector["steps"]) and not any("trapped" in f for f in failures):
        failures.append(f"only {len(steps)} of {len(vector['steps'])} steps ran")
    failures += frames(vector, observed)
    return failures


def expected_trap(step: dict) -> str | None:
    """Why the step must trap (`{"$trap": why}`), or None."""
    expect = step["expect"]
    return expect["$trap"] if isinstance(expect, dict) and "$trap" in expect else None


def frames(vector: dict, observed: dict) -> list[str]:
    """The frames the instance still held after the runner dropped its own
    handles, where the runner could count them (a leak, or a frame dropped
    that the instance should still hold)."""
    want, got = vector.get("frames_alive"), observed.get("frames_alive")
    if want is None or got is None or want == got:
        return []
    return [f"after the vector: {got} frames alive in image-ops, expected {want} "
            f"({'a frame leaked' if got > want else 'a frame the instance holds was dropped'})"]


def first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else "(no message)"
