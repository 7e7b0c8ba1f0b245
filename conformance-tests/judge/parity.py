"""Whether every host and target returned the same thing for a vector: the
same samples, bytes, messages, ids and log records at every step, not only
the same pass or fail. Trap messages are engine-specific and compared only
as "trapped"."""

from __future__ import annotations

import json

from .match import short


def canonical(observed: dict | None):
    if observed is None or "error" in observed:
        return None
    return [
        {"call": s["call"], "logs": s["logs"], **({"trap": True} if "trap" in s else {"result": s["result"]})}
        for s in observed["steps"]
    ]


def differences(observations: dict[str, dict | None]) -> list[str]:
    """Where each column's results differ from the first column's."""
    present = {name: canonical(obs) for name, obs in observations.items()}
    present = {name: steps for name, steps in present.items() if steps is not None}
    if len(present) < 2:
        return []
    (ref_name, ref), *others = present.items()
    found = []
    for name, steps in others:
        if json.dumps(steps, sort_keys=True) != json.dumps(ref, sort_keys=True):
            found.append(f"{name} differs from {ref_name}: {first_difference(ref, steps)}")
    return found


def first_difference(a, b, where: str = "") -> str:
    if isinstance(a, dict) and isinstance(b, dict):
        # Samples last: their digest says the same, shorter.
        for key in sorted(set(a) | set(b), key=lambda k: (k == "data", k)):
            if a.get(key) != b.get(key):
                return first_difference(a.get(key), b.get(key), f"{where}.{key}" if where else key)
    if isinstance(a, list) and isinstance(b, list):
        for i, (x, y) in enumerate(zip(a, b, strict=False)):
            if x != y:
                label = f"step {i + 1}" if not where else f"{where}[{i}]"
                return first_difference(x, y, label)
        if len(a) != len(b):
            return f"{where or 'steps'}: {len(a)} vs {len(b)} items"
    return f"{where}: {show(a)} vs {show(b)}"


def show(value) -> str:
    if value is None:
        return "nothing (trapped or missing)"
    if isinstance(value, str) and len(value) > 80:
        return "(" + str(len(value)) + " characters)"
    return short(value)
