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
    for i, (want, got) in enumerate(zip(vector["steps"], steps)):
        where = f"step {i + 1} ({want['call']})"
        if "trap" in got:
            failures.append(f"{where}: trapped: {first_line(got['trap'])}")
            break
        failures += match.match(want["expect"], got["result"], f"{where} result", ctx)
        if "expect_logs" in want:
            failures += match.logs(want["expect_logs"], got["logs"], f"{where} logs")
    if len(steps) < len(vector["steps"]) and not any("trapped" in f for f in failures):
        failures.append(f"only {len(steps)} of {len(vector['steps'])} steps ran")
    return failures


def first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else "(no message)"
